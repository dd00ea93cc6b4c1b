import PlacementFormulation
import PlacementModel

/// A feasible schedule built student by student, without an LP: for models GLPK's simplex cannot
/// finish within the limits (docs/scheduling.md, "Large scenarios").
///
/// Each student's options are her placement columns, or for a rotation her (first, second) pairs.
/// Students come in order of their best option's price (row multipliers from `LagrangianBound`:
/// cheap options first), then fewest options; each takes her first option, by price and then
/// cost, that keeps every row the option touches within its upper bound (and equalities exact).
/// Then (up to three passes) each unplaced student tries options blocked by one placed student
/// who can move to another option; placed students move to cheaper options that fit, and the
/// unplaced are tried once more. The point is returned only if it satisfies the whole model.
public struct GreedySchedule: Sendable {
    private let model: LinearModel
    /// Rows of each column (the constraint matrix transposed): column j's entries are
    /// rowOf[columnStart[j]..<columnStart[j + 1]] with coefficientOf the same range.
    private let columnStart: [Int]
    private let rowOf: [Int32]
    private let coefficientOf: [Double]
    /// Each student's options (the columns set to 1 together) with their cost; prices come later.
    private let choices: [[(columns: [Int], cost: Double)]]
    private let minimisesCost: Bool

    /// Nil for a formulation without a schedule.
    public init?(_ f: Formulation) {
        guard let scheduling = f.scheduling else { return nil }
        let model = f.model
        let n = model.variableCount
        var count = [Int](repeating: 0, count: n + 1)
        for row in model.constraints { for t in row.terms { count[t.variable + 1] += 1 } }
        for j in 0..<n { count[j + 1] += count[j] }
        var fill = count
        var rowOf = [Int32](repeating: 0, count: count[n]), coefficientOf = [Double](repeating: 0, count: count[n])
        for (i, row) in model.constraints.enumerated() {
            for t in row.terms {
                rowOf[fill[t.variable]] = Int32(i)
                coefficientOf[fill[t.variable]] = t.coefficient
                fill[t.variable] += 1
            }
        }
        var cost = [Double](repeating: 0, count: n)
        for (column, c) in scheduling.placementColumns(f) { cost[column] = c.cost }
        // Academic-mentor columns of detailed universities, by (student, part, first week, last week).
        struct Stay: Hashable { let student: Int32; let part: Int8; let first: Int16; let last: Int16 }
        var mentorColumns: [Stay: [(mentor: Int32, column: Int)]] = [:]
        for a in scheduling.academicColumns {
            mentorColumns[Stay(student: a.student, part: a.part, first: a.firstWeek, last: a.lastWeek), default: []].append((a.mentor, a.column))
        }
        let candidateOf = Dictionary(uniqueKeysWithValues: scheduling.placementColumns(f).map { ($0.column, $0.candidate) })
        /// The option's placement columns with each academic mentor who can follow every part
        /// (one option per mentor), or the placement columns alone when no mentor column exists.
        func withMentors(_ columns: [Int], student s: Int) -> [[Int]] {
            let stays = columns.enumerated().map { part, column in
                Stay(student: Int32(s), part: Int8(part), first: candidateOf[column]!.firstWeek, last: candidateOf[column]!.lastWeek)
            }
            guard let firstMentors = mentorColumns[stays[0]] else { return [columns] }
            var result: [[Int]] = []
            for (mentor, column) in firstMentors {
                var chosen = columns + [column]
                for stay in stays.dropFirst() {
                    guard let other = mentorColumns[stay]?.first(where: { $0.mentor == mentor }) else { chosen = []; break }
                    chosen.append(other.column)
                }
                if !chosen.isEmpty { result.append(chosen) }
            }
            return result
        }
        var choices: [[(columns: [Int], cost: Double)]] = []
        for s in f.scenario.students.indices {
            let firsts = Array(f.candidates.studentRanges[s])
            let seconds = scheduling.secondRanges[s].map { scheduling.secondColumnStart + $0 }
            var placements: [[Int]] = []
            if seconds.isEmpty {
                for a in firsts where model.variables[a].upper >= 1 { placements.append([a]) }
            } else {
                for a in firsts where model.variables[a].upper >= 1 {
                    for b in seconds where model.variables[b].upper >= 1 { placements.append([a, b]) }
                }
            }
            choices.append(placements.flatMap { withMentors($0, student: s) }.map { ($0, $0.reduce(0) { $0 + cost[$1] }) })
        }
        self.model = model
        columnStart = count
        self.rowOf = rowOf
        self.coefficientOf = coefficientOf
        self.choices = choices
        minimisesCost = model.objectives.contains { $0.name == "cost" }
    }

    /// `prices[i]` is the multiplier of model row i (0 for rows without one).
    public func build(prices: [Double]) -> [Double]? {
        let n = model.variableCount
        let count = columnStart
        var columnPrice = [Double](repeating: 0, count: n)
        for j in 0..<n { for k in count[j]..<count[j + 1] { columnPrice[j] += prices[Int(rowOf[k])] * coefficientOf[k] } }

        struct Option { let columns: [Int]; let price: Double; let cost: Double }
        func byPrice(_ a: Option, _ b: Option) -> Bool {
            if a.price != b.price { return a.price < b.price }
            if a.cost != b.cost { return a.cost < b.cost }
            return a.columns.lexicographicallyPrecedes(b.columns)
        }
        func byCost(_ a: Option, _ b: Option) -> Bool {
            if a.cost != b.cost { return a.cost < b.cost }
            if a.price != b.price { return a.price < b.price }
            return a.columns.lexicographicallyPrecedes(b.columns)
        }
        let options = choices.map { list in
            list.map { Option(columns: $0.columns, price: $0.columns.reduce(0) { $0 + columnPrice[$1] }, cost: $0.cost) }.sorted(by: byPrice)
        }
        let order = options.indices.filter { !options[$0].isEmpty }.sorted {
            (options[$0][0].price, options[$0].count, $0) < (options[$1][0].price, options[$1].count, $1)
        }

        var activity = [Double](repeating: 0, count: model.constraintCount)
        var touched: [Int32: Double] = [:]
        func fits(_ option: Option) -> Bool {
            touched.removeAll(keepingCapacity: true)
            for j in option.columns { for k in count[j]..<count[j + 1] { touched[rowOf[k], default: 0] += coefficientOf[k] } }
            for (r, delta) in touched {
                let row = model.constraints[Int(r)]
                let value = activity[Int(r)] + delta
                if value > row.upper + 1e-9 || (row.lower == row.upper && value < row.lower - 1e-9) { return false }
            }
            return true
        }
        var chosen: [Int: Option] = [:]
        var owner = [Int32](repeating: -1, count: n)  // column → the student placed on it
        func apply(_ option: Option, _ s: Int, _ direction: Double) {
            for j in option.columns {
                for k in count[j]..<count[j + 1] { activity[Int(rowOf[k])] += direction * coefficientOf[k] }
                owner[j] = direction > 0 ? Int32(s) : -1
            }
            chosen[s] = direction > 0 ? option : nil
        }
        @discardableResult
        func place(_ s: Int, _ candidates: some Sequence<Option>) -> Bool {
            for option in candidates where fits(option) {
                apply(option, s, 1)
                return true
            }
            return false
        }
        /// The placed students holding columns in the rows an option would push over their bound.
        func blockers(of option: Option) -> [Int] {
            var found = Set<Int>()
            for (r, delta) in touched where activity[Int(r)] + delta > model.constraints[Int(r)].upper + 1e-9 {
                for t in model.constraints[Int(r)].terms where owner[t.variable] >= 0 { found.insert(Int(owner[t.variable])) }
            }
            return found.sorted()
        }
        for s in order { place(s, options[s]) }
        // Repair: an unplaced student takes an option whose one obstacle is a placed student who
        // can move to another option (an augmenting move of length one).
        var improved = true, passes = 0
        while improved && passes < 3 {
            improved = false
            passes += 1
            for s in order where chosen[s] == nil {
                repair: for option in options[s].prefix(200) {
                    guard !fits(option) else { apply(option, s, 1); improved = true; break repair }
                    let obstacles = blockers(of: option)
                    guard obstacles.count <= 4 else { continue }
                    for t in obstacles {
                        let held = chosen[t]!
                        apply(held, t, -1)
                        if fits(option) {
                            apply(option, s, 1)
                            if place(t, options[t].prefix(200).filter { $0.columns != held.columns }) { improved = true; break repair }
                            apply(option, s, -1)
                        }
                        apply(held, t, 1)
                    }
                }
            }
        }
        if minimisesCost {
            for s in order {
                guard let current = chosen[s] else { continue }
                apply(current, s, -1)
                if !place(s, options[s].filter { $0.cost < current.cost }.sorted(by: byCost)) { apply(current, s, 1) }
            }
            for s in order where chosen[s] == nil { place(s, options[s]) }
        }
        var values = [Double](repeating: 0, count: n)
        for option in chosen.values { for j in option.columns { values[j] = 1 } }
        return model.maximumViolation(at: values) <= 1e-9 ? values : nil
    }
}
