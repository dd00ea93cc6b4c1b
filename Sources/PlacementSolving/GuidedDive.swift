import PlacementModel

/// A fix-and-propagate dive on the Lagrangian's averaged point (docs/scheduling.md, "Large
/// scenarios"), which gives `GreedySchedule.build(prices:guide:)` its guide.
///
/// The averaged inner points of the subgradient steps approach an LP optimum. Students whose
/// option has an averaged value of at least a threshold are fixed on it, most certain first, when
/// it fits the rows beside the students fixed before; the rest of the model (fixed students'
/// columns removed, row bounds reduced by what the fixed use) gets more subgradient steps from the
/// last prices, and the next, lower threshold fixes from the new average. The guide is 1 on the
/// fixed options' columns (so the greedy places them first, where they fit) and slightly under the
/// last average elsewhere. The thresholds and step counts are fixed, so the guide is the same on
/// every machine; a `deadline` (a time limit) may cut the steps short.
extension GreedySchedule {
    public struct Dive: Sendable {
        /// A value per model column for `build(prices:guide:)`.
        public var guide: [Double]
        /// The last round's multipliers, per model row (0 for rows without one).
        public var prices: [Double]
        /// Students fixed by the dive.
        public var fixedStudents: Int
    }

    /// `start` is the first stage's Lagrangian result (of `relaxedRows`), `target` the best value
    /// known for `objective` (it steers the step sizes).
    public func dive(
        objective: LinearModel.Objective, start: LagrangianBound.Result, relaxedRows: [Int], target: Double,
        thresholds: [Double] = [0.8, 0.6, 0.4, 0.2, 0.1], steps: Int = 150, deadline: ContinuousClock.Instant? = nil
    ) -> Dive {
        let rows = model.constraintCount
        var rowPrice = [Double](repeating: 0, count: rows)
        for (row, price) in zip(relaxedRows, start.prices) { rowPrice[row] = price }
        var average = start.averagePoint
        var activity = [Double](repeating: 0, count: rows)
        var fixedColumn = [Bool](repeating: false, count: model.variableCount)
        var isFixed = [Bool](repeating: false, count: choices.count)
        var fixedCount = 0
        for (round, threshold) in thresholds.enumerated() {
            // Each unfixed student's option of highest averaged value (the least of its columns').
            var candidates: [(student: Int, option: Int, value: Double)] = []
            for s in choices.indices where !isFixed[s] {
                var best = -1, bestValue = threshold - 1e-9
                for (index, option) in choices[s].enumerated() {
                    let value = option.columns.map { average[$0] }.min() ?? 0
                    if value > bestValue { best = index; bestValue = value }
                }
                if best >= 0 { candidates.append((s, best, bestValue)) }
            }
            candidates.sort { ($0.value, -$0.student) > ($1.value, -$1.student) }
            for c in candidates {
                let columns = choices[c.student][c.option].columns, change = rowChanges(of: columns)
                guard fits(change, beside: activity) else { continue }
                for (r, delta) in change { activity[r] += delta }
                for j in columns { fixedColumn[j] = true }
                isFixed[c.student] = true
                fixedCount += 1
            }
            guard round < thresholds.count - 1 else { break }
            if let deadline, ContinuousClock.now >= deadline { break }
            // The rest of the model: fixed students' columns out, the rows' room reduced.
            var rest = model
            for s in choices.indices where isFixed[s] {
                for option in choices[s] { for j in option.columns { rest.setBounds(of: j, lower: 0, upper: 0) } }
            }
            for r in 0..<rows where activity[r] != 0 {
                let row = rest.constraints[r]
                rest.setBounds(ofConstraint: r, lower: row.lower - activity[r], upper: row.upper - activity[r])
            }
            var fixedPoint = [Double](repeating: 0, count: model.variableCount)
            for j in fixedPoint.indices where fixedColumn[j] { fixedPoint[j] = 1 }
            let fixedValue = model.value(of: objective, at: fixedPoint) - objective.constant
            let relaxation = LagrangianBound(model: rest, objective: objective)
            guard
                let result = relaxation.solve(
                    steps: steps, target: target - fixedValue, start: relaxation.relaxedRows.map { rowPrice[$0] }, deadline: deadline)
            else { break }
            average = result.averagePoint
            for (row, price) in zip(relaxation.relaxedRows, result.prices) { rowPrice[row] = price }
        }
        // Fixed options first (1), then the rest by their last average (at most 0.99).
        let guide = average.indices.map { j in fixedColumn[j] ? 1 : 0.99 * min(1, max(0, average[j])) }
        return Dive(guide: guide, prices: rowPrice, fixedStudents: fixedCount)
    }

    /// The change an option makes to each row it touches (its columns may share rows).
    func rowChanges(of columns: [Int]) -> [Int: Double] {
        var change: [Int: Double] = [:]
        for j in columns { for k in columnStart[j]..<columnStart[j + 1] { change[Int(rowOf[k]), default: 0] += coefficientOf[k] } }
        return change
    }

    /// Whether rows at `activity` stay within their upper bounds after `change` (and equalities
    /// exact): a dive fixes an option only where it fits beside the options fixed before.
    func fits(_ change: [Int: Double], beside activity: [Double]) -> Bool {
        change.allSatisfy { r, delta in
            let row = model.constraints[r], value = activity[r] + delta
            return value <= row.upper + 1e-9 && (row.lower != row.upper || value >= row.upper - 1e-9)
        }
    }
}
