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
    let model: LinearModel
    /// Rows of each column (the constraint matrix transposed): column j's entries are
    /// rowOf[columnStart[j]..<columnStart[j + 1]] with coefficientOf the same range.
    let columnStart: [Int]
    let rowOf: [Int32]
    let coefficientOf: [Double]
    /// Each student's options (the columns set to 1 together) with their cost; prices come later.
    let choices: [[(columns: [Int], cost: Double)]]
    private let minimisesCost: Bool
    /// Rows that a column in no option can always satisfy (a mentor's weekly load under the
    /// busiest-week column of `balance_mentor_load`: Σ x − peak ≤ 0): the construction ignores
    /// them, and that column is then set to the least value meeting them (`absorbing`).
    private let absorbed: [Bool]
    private let absorbing: [Int]
    /// Columns that belong to no student's option (counters and the like).
    let columnsInNoOption: [Int]

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
        var inOption = [Bool](repeating: false, count: n)
        for list in choices { for option in list { for j in option.columns { inOption[j] = true } } }
        var absorbed = [Bool](repeating: false, count: model.constraintCount), absorbing = Set<Int>()
        for (i, row) in model.constraints.enumerated() where !row.lower.isFinite && row.upper.isFinite {
            // The most the row's other columns can add beyond its bound, which the column must cover.
            let excess = row.terms.reduce(-row.upper) { $0 + max(0, $1.coefficient * model.variables[$1.variable].upper) }
            for t in row.terms where !inOption[t.variable] && t.coefficient < 0 && -t.coefficient * model.variables[t.variable].upper >= excess {
                absorbed[i] = true
                absorbing.insert(t.variable)
            }
        }
        self.absorbed = absorbed
        self.absorbing = absorbing.sorted()
        columnsInNoOption = inOption.indices.filter { !inOption[$0] }
    }

    /// Each column's price: its coefficients weighted by the rows' prices.
    func columnPrices(_ prices: [Double]) -> [Double] {
        (0..<model.variableCount).map { j in (columnStart[j]..<columnStart[j + 1]).reduce(0.0) { $0 + prices[Int(rowOf[$1])] * coefficientOf[$1] } }
    }

    /// The students who have at least one option.
    public var studentsWithOptions: Int { choices.reduce(0) { $0 + ($1.isEmpty ? 0 : 1) } }

    /// `prices[i]` is the multiplier of model row i (0 for rows without one). `moves` local-search
    /// moves follow the construction (0: none): an unplaced student takes an option after ejecting
    /// the few placed students in its way, who are placed again elsewhere if they can; a move is
    /// kept when no fewer students are placed (and, for cheaper options, the cost falls). The moves
    /// draw from a fixed-seed generator and their number is fixed, so the result is the same on
    /// every machine. With a `deadline` (a time limit) the moves also stop when it passes: the
    /// placement moves at half of the time left, the cost moves at the deadline.
    ///
    /// `guide` (a value in [0, 1] per column, such as `LagrangianBound.Result.averagePoint`, an
    /// approximate LP optimum) puts first the students whose best option has the highest guide
    /// value (the most certain ones), and each student's options by guide value (an option's is
    /// the least of its columns'), then price and cost.
    public func build(prices: [Double], guide: [Double]? = nil, moves: Int = 0, deadline: ContinuousClock.Instant? = nil) -> [Double]? {
        let n = model.variableCount
        let count = columnStart
        let columnPrice = columnPrices(prices)

        struct Option { let columns: [Int]; let weight: Double; let price: Double; let cost: Double }
        func byWeightThenPrice(_ a: Option, _ b: Option) -> Bool {
            if a.weight != b.weight { return a.weight > b.weight }
            if a.price != b.price { return a.price < b.price }
            if a.cost != b.cost { return a.cost < b.cost }
            return a.columns.lexicographicallyPrecedes(b.columns)
        }
        /// An option's guide value: the least of its columns' (0 without a guide).
        func weight(_ columns: [Int]) -> Double {
            guard let guide else { return 0 }
            return columns.map { guide[$0] }.min() ?? 0
        }
        let options = choices.map { list in
            list.map {
                Option(columns: $0.columns, weight: weight($0.columns), price: $0.columns.reduce(0) { $0 + columnPrice[$1] }, cost: $0.cost)
            }.sorted(by: byWeightThenPrice)
        }
        /// Each student's option indices by cost (then price).
        let byCost: [[Int32]] = options.map { list in
            list.indices.sorted { (list[$0].cost, list[$0].price, $0) < (list[$1].cost, list[$1].price, $1) }.map(Int32.init)
        }
        /// Students by their best option: highest guide value, then lowest price, then fewest options.
        func studentFirst(_ a: Int, _ b: Int) -> Bool {
            let x = options[a][0], y = options[b][0]
            if x.weight != y.weight { return x.weight > y.weight }
            if x.price != y.price { return x.price < y.price }
            return (options[a].count, a) < (options[b].count, b)
        }
        let order = options.indices.filter { !options[$0].isEmpty }.sorted(by: studentFirst)
        let upper = model.constraints.indices.map { absorbed[$0] ? Double.infinity : model.constraints[$0].upper }
        let equality = model.constraints.map { $0.lower == $0.upper }

        var activity = [Double](repeating: 0, count: model.constraintCount)
        // The rows an option changes, with the change (`touchedRows[i]` by `touchedDelta[i]`),
        // summed over its columns in a scratch array: `delta[r]` is current while `stamp[r] == epoch`.
        // (A dictionary here took a third of the search's time in hashing.)
        var touchedRows: [Int32] = [], touchedDelta: [Double] = []
        var delta = [Double](repeating: 0, count: model.constraintCount)
        var stamp = [UInt32](repeating: 0, count: model.constraintCount), epoch: UInt32 = 0
        /// Whether row r stays within its bounds after a change of `change`.
        func rowFits(_ r: Int, _ change: Double) -> Bool {
            let value = activity[r] + change
            return value <= upper[r] + 1e-9 && (!equality[r] || value >= upper[r] - 1e-9)
        }
        /// Computes the touched rows and whether the option fits.
        func fits(_ option: Option) -> Bool {
            touchedRows.removeAll(keepingCapacity: true)
            touchedDelta.removeAll(keepingCapacity: true)
            if option.columns.count == 1 {
                // One column: each row at most once, no sums needed.
                let j = option.columns[0]
                var ok = true
                for k in count[j]..<count[j + 1] {
                    touchedRows.append(rowOf[k])
                    touchedDelta.append(coefficientOf[k])
                    if !rowFits(Int(rowOf[k]), coefficientOf[k]) { ok = false }
                }
                return ok
            }
            epoch &+= 1
            if epoch == 0 {
                for r in stamp.indices { stamp[r] = 0 }
                epoch = 1
            }
            for j in option.columns {
                for k in count[j]..<count[j + 1] {
                    let r = Int(rowOf[k])
                    if stamp[r] != epoch {
                        stamp[r] = epoch
                        delta[r] = 0
                        touchedRows.append(rowOf[k])
                    }
                    delta[r] += coefficientOf[k]
                }
            }
            var ok = true
            for r in touchedRows {
                touchedDelta.append(delta[Int(r)])
                if !rowFits(Int(r), delta[Int(r)]) { ok = false }
            }
            return ok
        }
        /// Whether an option fits, without recording the touched rows (the quick test of the search).
        func fitsQuickly(_ option: Option) -> Bool {
            if option.columns.count == 1 {
                let j = option.columns[0]
                for k in count[j]..<count[j + 1] where !rowFits(Int(rowOf[k]), coefficientOf[k]) { return false }
                return true
            }
            return fits(option)
        }
        /// The touched rows (of the last `fits`) the option would push over their upper bound.
        func overfilled() -> [Int] {
            var rows: [Int] = []
            for (r, change) in zip(touchedRows, touchedDelta) where activity[Int(r)] + change > upper[Int(r)] + 1e-9 { rows.append(Int(r)) }
            return rows
        }
        var chosen = [Int](repeating: -1, count: options.count)  // student → index of her option, -1: unplaced
        var occupants = [[Int32]](repeating: [], count: model.constraintCount)  // row → students placed in it
        var unplaced: [Int32] = [], slot = [Int](repeating: -1, count: options.count)
        for s in order { slot[s] = unplaced.count; unplaced.append(Int32(s)) }
        var placedCount = 0, totalCost = 0.0
        var log: [(student: Int, option: Int, add: Bool)] = []
        func apply(_ s: Int, _ index: Int, _ add: Bool) {
            let option = options[s][index]
            for j in option.columns {
                for k in count[j]..<count[j + 1] {
                    let r = Int(rowOf[k])
                    activity[r] += add ? coefficientOf[k] : -coefficientOf[k]
                    if add {
                        occupants[r].append(Int32(s))
                    } else if let at = occupants[r].lastIndex(of: Int32(s)) {
                        occupants[r].swapAt(at, occupants[r].count - 1); occupants[r].removeLast()
                    }
                }
            }
            if add {
                chosen[s] = index
                placedCount += 1
                totalCost += option.cost
                let at = slot[s], last = Int(unplaced.removeLast())
                if last != s { unplaced[at] = Int32(last); slot[last] = at }
                slot[s] = -1
            } else {
                chosen[s] = -1
                placedCount -= 1
                totalCost -= option.cost
                slot[s] = unplaced.count
                unplaced.append(Int32(s))
            }
            log.append((s, index, add))
        }
        /// Undoes the changes logged since `mark`.
        func undo(to mark: Int) {
            while log.count > mark {
                let last = log.removeLast()
                apply(last.student, last.option, !last.add)
                log.removeLast()
            }
        }
        @discardableResult
        func place(_ s: Int, _ candidates: some Sequence<Int>) -> Bool {
            for index in candidates where fitsQuickly(options[s][index]) {
                apply(s, index, true)
                return true
            }
            return false
        }
        /// The placed students holding rows that an option (its `touched`) would push over their bound.
        func blockers() -> [Int] {
            var found = Set<Int>()
            for r in overfilled() { for t in occupants[r] { found.insert(Int(t)) } }
            return found.sorted()
        }
        for s in order { place(s, options[s].indices) }
        // Repair: an unplaced student takes an option whose one obstacle is a placed student who
        // can move to another option (an augmenting move of length one).
        var improved = true, passes = 0
        while improved && passes < 3 {
            improved = false
            passes += 1
            for s in order where chosen[s] < 0 {
                repair: for index in options[s].indices.prefix(200) {
                    guard !fits(options[s][index]) else { apply(s, index, true); improved = true; break repair }
                    let obstacles = blockers()
                    guard obstacles.count <= 4 else { continue }
                    for t in obstacles {
                        let held = chosen[t]
                        apply(t, held, false)
                        if fits(options[s][index]) {
                            apply(s, index, true)
                            if place(t, options[t].indices.prefix(200).filter { $0 != held }) { improved = true; break repair }
                            apply(s, index, false)
                        }
                        apply(t, held, true)
                    }
                }
            }
        }
        if minimisesCost {
            for s in order where chosen[s] >= 0 {
                let current = chosen[s], cost = options[s][current].cost
                apply(s, current, false)
                if !place(s, byCost[s].lazy.map { Int($0) }.filter { options[s][$0].cost < cost }) { apply(s, current, true) }
            }
            for s in order where chosen[s] < 0 { place(s, options[s].indices) }
        }
        /// Ejection moves (see `build`); keeps the best point met.
        func localSearch() {
            var rng = SplitMix64(seed: 0x5C4E_D01E)
            let placementDeadline = deadline.map { d in ContinuousClock.now.advanced(by: ContinuousClock.now.duration(to: d) / 2) }
            /// Whether a phase's deadline has passed (the clock is read every 64 moves).
            func timeUp(_ move: Int, _ phaseDeadline: ContinuousClock.Instant?) -> Bool {
                guard let phaseDeadline, move % 64 == 0 else { return false }
                return ContinuousClock.now >= phaseDeadline
            }
            log.removeAll(keepingCapacity: true)
            var best = chosen, bestPlaced = placedCount, bestCost = totalCost
            func remember() {
                if placedCount > bestPlaced || (placedCount == bestPlaced && totalCost < bestCost - 1e-9) {
                    best = chosen
                    bestPlaced = placedCount
                    bestCost = totalCost
                }
            }
            let maximumEjected = 3
            /// Ejects placed students (other than `s`) from the rows the option would overfill until
            /// it fits: each time the student in most of those rows (ties at random); false when
            /// more than `maximumEjected` would go.
            func eject(_ s: Int, _ option: Option, into ejected: inout [Int]) -> Bool {
                while !fits(option) {
                    guard ejected.count < maximumEjected else { return false }
                    var rows: [Int: Int] = [:]
                    for r in overfilled() {
                        if equality[r] { return false }
                        for t in occupants[r] where Int(t) != s { rows[Int(t), default: 0] += 1 }
                    }
                    guard let most = rows.values.max() else { return false }
                    let ties = rows.filter { $0.value == most }.map(\.key).sorted()
                    let t = ties[Int(rng.next() % UInt64(ties.count))]
                    ejected.append(t)
                    apply(t, chosen[t], false)
                }
                return true
            }
            /// Places the ejected students again (fewest options first), each on her first option that fits.
            func replace(_ ejected: [Int], byCost cheapest: Bool) {
                for t in ejected.sorted(by: { (options[$0].count, $0) < (options[$1].count, $1) }) where chosen[t] < 0 {
                    if cheapest { place(t, byCost[t].lazy.map { Int($0) }) } else { place(t, options[t].indices) }
                }
            }
            // Placement moves: an unplaced student in, the few in her way out and elsewhere.
            for move in 0..<moves {
                guard !unplaced.isEmpty, !timeUp(move, placementDeadline) else { break }
                let s = Int(unplaced[Int(rng.next() % UInt64(unplaced.count))])
                let list = options[s]
                // Of a few options drawn at random, the one that overfills its rows least (the most
                // any row is over: at least that many students must go).
                var pick = -1, pickNeed = Double.infinity
                for _ in 0..<min(list.count, 3) {
                    let index = Int(rng.next() % UInt64(list.count))
                    if fits(list[index]) { pick = index; pickNeed = 0; break }
                    var need = 0.0
                    for (r, change) in zip(touchedRows, touchedDelta) {
                        let over = activity[Int(r)] + change - upper[Int(r)]
                        if over > 1e-9 { need = max(need, over.rounded(.up)) }
                        if equality[Int(r)] && abs(over) > 1e-9 { need = .infinity }
                    }
                    if need < pickNeed { pick = index; pickNeed = need }
                }
                guard pick >= 0, pickNeed <= Double(maximumEjected) else { continue }
                let before = placedCount, mark = log.count
                var ejected: [Int] = []
                guard eject(s, list[pick], into: &ejected) else { undo(to: mark); continue }
                apply(s, pick, true)
                replace(ejected, byCost: false)
                if placedCount < before { undo(to: mark) } else { remember() }
                log.removeAll(keepingCapacity: true)
            }
            guard minimisesCost else { chosen = best; return }
            // Cost moves from the best point: a placed student to a cheaper option, the few in her
            // way out and elsewhere; kept when as many are placed and the cost falls.
            for s in chosen.indices where chosen[s] != best[s] && chosen[s] >= 0 { apply(s, chosen[s], false) }
            for s in best.indices where best[s] >= 0 && chosen[s] < 0 { apply(s, best[s], true) }
            log.removeAll(keepingCapacity: true)
            let placedStudents = order.filter { chosen[$0] >= 0 }
            for move in 0..<moves {
                guard !placedStudents.isEmpty, !timeUp(move, deadline) else { break }
                let s = placedStudents[Int(rng.next() % UInt64(placedStudents.count))]
                guard chosen[s] >= 0 else { continue }
                let current = chosen[s], currentCost = options[s][current].cost
                let cheaper = byCost[s].prefix { options[s][Int($0)].cost < currentCost }
                guard !cheaper.isEmpty else { continue }
                let target = Int(cheaper[Int(rng.next() % UInt64(cheaper.count))])
                let before = (placedCount, totalCost), mark = log.count
                apply(s, current, false)
                var ejected: [Int] = []
                guard eject(s, options[s][target], into: &ejected) else { undo(to: mark); continue }
                apply(s, target, true)
                replace(ejected, byCost: true)
                for t in unplaced.prefix(8) { place(Int(t), byCost[Int(t)].lazy.map { Int($0) }) }
                if placedCount < before.0 || (placedCount == before.0 && totalCost > before.1 - 1e-9) { undo(to: mark) } else { remember() }
                log.removeAll(keepingCapacity: true)
            }
            chosen = best
        }
        if moves > 0 { localSearch() }

        var values = [Double](repeating: 0, count: n)
        for s in chosen.indices where chosen[s] >= 0 { for j in options[s][chosen[s]].columns { values[j] = 1 } }
        for z in absorbing {
            let variable = model.variables[z]
            var least = variable.lower
            for k in count[z]..<count[z + 1] where coefficientOf[k] < 0 && absorbed[Int(rowOf[k])] {
                let r = Int(rowOf[k])
                least = max(least, (model.activity(of: r, at: values) - model.constraints[r].upper) / -coefficientOf[k])
            }
            if variable.isInteger { least = (least - 1e-9).rounded(.up) }
            values[z] = min(least, variable.upper)
        }
        return model.maximumViolation(at: values) <= 1e-9 ? values : nil
    }
}
