extension LinearModel {
    /// Rows implied by another row, so that dropping them changes neither the feasible points nor
    /// any optimum. Row A is implied by row B when both are packing rows (non-negative
    /// coefficients on columns bounded below by 0, no lower side that can bind), every column of A
    /// is in B with at least its coefficient there, and B's upper side is no larger: then
    /// act(A) ≤ act(B) ≤ upper(B) ≤ upper(A). Of rows implying each other, the first stays.
    ///
    /// Week-level schedules need this: a base's weekly seat row is implied by the next week's
    /// whenever no internship ends between them (same interns present, seats no tighter), and
    /// likewise for the pooled mentor rows; most weekly rows go (docs/scheduling.md).
    public func impliedRows() -> Set<Int> {
        guard !objectives.contains(where: { $0.maxMinRatio != nil }) else { return [] }
        let packing: [Bool] = constraints.map { row in
            row.upper.isFinite && row.lower <= 0 && !row.terms.isEmpty
                && row.terms.allSatisfy { $0.coefficient > 0 && variables[$0.variable].lower >= 0 }
        }
        // Packing rows' terms sorted by column (for merge-style subset tests), and rows per column.
        var sorted: [[Term]] = Array(repeating: [], count: constraints.count)
        var rowsOf: [[Int32]] = Array(repeating: [], count: variables.count)
        for (i, row) in constraints.enumerated() where packing[i] {
            sorted[i] = row.terms.sorted { $0.variable < $1.variable }
            for t in row.terms { rowsOf[t.variable].append(Int32(i)) }
        }
        /// Whether every column of a is in b with at least its coefficient.
        func covered(_ a: [Term], by b: [Term]) -> Bool {
            guard a.count <= b.count else { return false }
            var k = 0
            for t in a {
                while k < b.count && b[k].variable < t.variable { k += 1 }
                guard k < b.count, b[k].variable == t.variable, b[k].coefficient >= t.coefficient - 1e-12 else { return false }
                k += 1
            }
            return true
        }
        var implied = Set<Int>()
        for a in constraints.indices where packing[a] {
            let terms = sorted[a]
            // Any implying row contains every column of a: look only at the rows of its rarest column.
            let rarest = terms.min { rowsOf[$0.variable].count < rowsOf[$1.variable].count }!.variable
            for b32 in rowsOf[rarest] {
                let b = Int(b32)
                guard b != a, constraints[b].upper <= constraints[a].upper + 1e-12, covered(terms, by: sorted[b]) else { continue }
                // Rows implying each other: the first one stays.
                let mutual = constraints[a].upper <= constraints[b].upper + 1e-12 && covered(sorted[b], by: terms)
                if !mutual || b < a {
                    implied.insert(a)
                    break
                }
            }
        }
        return implied
    }

    /// Binary columns that another makes redundant: the same coefficient in every row, sharing a
    /// row where at most one of them can be 1 (coefficients 1, upper side 1), and at least as good
    /// in every objective. Any point using the dominated column is no worse with the other one in
    /// its place, so fixing dominated columns at 0 keeps every stage's optimum. Of identical
    /// columns the first stays.
    public func dominatedColumns() -> [Int] {
        guard !objectives.contains(where: { $0.maxMinRatio != nil }) else { return [] }
        var column: [[Term]] = Array(repeating: [], count: variables.count)  // (row, coefficient) per column
        for (i, row) in constraints.enumerated() { for t in row.terms { column[t.variable].append(Term(i, t.coefficient)) } }
        var objective: [[Double]] = Array(repeating: Array(repeating: 0, count: objectives.count), count: variables.count)
        for (k, o) in objectives.enumerated() {
            for t in o.terms { objective[t.variable][k] += o.sense == .maximize ? t.coefficient : -t.coefficient }
        }
        func isBinary(_ j: Int) -> Bool { variables[j].isInteger && variables[j].lower == 0 && variables[j].upper == 1 }
        func sharesAChoiceRow(_ a: Int) -> Bool {
            column[a].contains { t in t.coefficient == 1 && constraints[t.variable].upper <= 1 && constraints[t.variable].lower <= 0 }
        }
        struct Key: Hashable {
            let rows: [Int]
            let coefficients: [Double]
        }
        var groups: [Key: [Int]] = [:]
        for j in variables.indices where isBinary(j) && !column[j].isEmpty && sharesAChoiceRow(j) {
            groups[Key(rows: column[j].map(\.variable), coefficients: column[j].map(\.coefficient)), default: []].append(j)
        }
        var dominated: [Int] = []
        for members in groups.values where members.count > 1 {
            for b in members {
                let dominatedByAnother = members.contains { a in
                    guard a != b else { return false }
                    let atLeast = zip(objective[a], objective[b]).allSatisfy { $0 >= $1 }
                    let same = objective[a] == objective[b]
                    return atLeast && (!same || a < b)
                }
                if dominatedByAnother { dominated.append(b) }
            }
        }
        return dominated.sorted()
    }

    /// Rows that no point within the columns' bounds can violate: the least and the most activity
    /// the bounds allow both lie within the row's sides. A neighbourhood's residual model
    /// (`ResidualModel`) has mostly such rows: the seats of a base-week with more room left than
    /// its few free students could take (3,000 students: 560–760 of 6,100–8,300 rows stay once
    /// the implied ones go too, and GLPK's re-packing takes 0.01–1.3 s instead of 0.5–8.5 s).
    public func slackRows() -> Set<Int> {
        var slack = Set<Int>()
        for (i, row) in constraints.enumerated() {
            var least = 0.0, most = 0.0
            for t in row.terms where t.coefficient != 0 {
                let v = variables[t.variable]
                let a = t.coefficient * v.lower, b = t.coefficient * v.upper
                least += min(a, b)
                most += max(a, b)
            }
            if least.isFinite, most.isFinite, least >= row.lower, most <= row.upper { slack.insert(i) }
        }
        return slack
    }

    /// The model with implied rows dropped and dominated columns fixed at 0: the same columns, the
    /// same optima, and every point of it satisfies the dropped rows as well.
    public func presolvedForSchedules() -> LinearModel { schedulePresolve().model }

    /// `presolvedForSchedules()` with the row of this model each of its rows came from.
    public func schedulePresolve() -> SchedulePresolve {
        let implied = impliedRows()
        var reduced = self
        reduced.removeConstraints(implied)
        for j in reduced.dominatedColumns() { reduced.setBounds(of: j, lower: 0, upper: 0) }
        return SchedulePresolve(model: reduced, originalRows: constraints.indices.filter { !implied.contains($0) })
    }
}

/// A schedule's model with implied rows dropped and dominated columns fixed
/// (`LinearModel.schedulePresolve()`).
public struct SchedulePresolve: Sendable {
    public let model: LinearModel
    /// The original model's row of each row of `model`.
    public let originalRows: [Int]
}
