import PlacementGLPK
import PlacementModel

/// A dive on the first stage's restricted LP (the columns of column generation's last LP): GLPK
/// solves it, the students whose best option is integral are fixed on it, then the most certain
/// share of the fractional ones (where their option fits beside those fixed before), and GLPK
/// solves again from its last basis, until no student is fractional. The exact LP sees every
/// student's competitors at once, which the averaged points of the subgradient steps
/// (`dive(objective:start:…)`) only approach. The guide is 1 on the fixed options' columns and
/// slightly under the last LP value elsewhere, for `build(prices:guide:)`.
extension GreedySchedule {
    public struct LPDive: Sendable {
        /// A value per model column for `build(prices:guide:)`.
        public var guide: [Double]
        public var fixedStudents: Int
        /// LP solves and their simplex iterations.
        public var solves: Int
        public var iterations: Int
        /// Columns the pricing allowed during the dive.
        public var pricedColumns: Int
        /// The last LP's objective value (an upper bound on what the fixed students allow within the
        /// restricted LP's columns).
        public var lastValue: Double
    }

    /// The share of the fractional students fixed after each LP solve (the most certain first).
    static let lpDiveShare = 0.1
    /// With `pricing`, how many times in a row the dive may allow priced columns and solve again
    /// before it fixes more students (the fixings change the duals, so a column held out of the
    /// restricted LP may now improve it).
    static let pricingRoundsPerFixing = 2

    /// `lp` is on this model's columns (column generation's restricted LP of the presolved model,
    /// at its optimum); the dive raises its fixed columns' lower bounds to 1. Nil when GLPK fails
    /// or gives no optimum within `iterationLimit` (simplex iterations) or before `deadline`.
    /// `pricing` gives, at an optimum, the held columns that would improve it
    /// (`ColumnGenerationBound.price`): they are allowed before the next fixing (3,000 students:
    /// the last LP 2,765 instead of 2,749, and the construction 2,770 instead of 2,767).
    func lpDive(
        on lp: RestrictedLP, iterationLimit: Int?, deadline: ContinuousClock.Instant?,
        pricing: ((RestrictedLP.Optimum) -> [Int])? = nil
    ) -> LPDive? {
        let iterationsBefore = lp.iterations
        var activity = [Double](repeating: 0, count: model.constraintCount)
        var fixedColumn = [Bool](repeating: false, count: model.variableCount)
        var isFixed = [Bool](repeating: false, count: choices.count)
        var fixedCount = 0, solves = 0, pricedRounds = 0, pricedColumns = 0
        var last: [Double]? = nil, lastValue = -Double.infinity
        while true {
            let seconds = deadline.map { ContinuousClock.now.duration(to: $0) / .seconds(1) }
            if let seconds, seconds <= 0 { break }
            let iterationsLeft = iterationLimit.map { $0 - (lp.iterations - iterationsBefore) }
            guard let optimum = try? lp.solve(timeLimitSeconds: seconds, iterationLimit: iterationsLeft) else { break }
            solves += 1
            if let pricing, pricedRounds < Self.pricingRoundsPerFixing, case let entering = pricing(optimum), !entering.isEmpty {
                guard (try? lp.allow(entering)) != nil else { return nil }
                pricedRounds += 1
                pricedColumns += entering.count
                continue
            }
            pricedRounds = 0
            let x = optimum.values
            last = x
            lastValue = optimum.objective
            var integral: [(student: Int, option: Int)] = []
            var fractional: [(student: Int, option: Int, value: Double)] = []
            for s in choices.indices where !isFixed[s] {
                var best = -1, bestValue = 1e-6
                for (index, option) in choices[s].enumerated() {
                    let value = option.columns.map { x[$0] }.min() ?? 0
                    if value > bestValue { best = index; bestValue = value }
                }
                guard best >= 0 else { continue }
                if bestValue >= 1 - 1e-6 { integral.append((s, best)) } else { fractional.append((s, best, bestValue)) }
            }
            guard !fractional.isEmpty else { break }
            fractional.sort { ($0.value, -$0.student) > ($1.value, -$1.student) }
            let share = max(1, Int((Double(fractional.count) * Self.lpDiveShare).rounded(.up)))
            var newlyFixed = 0
            for c in integral.map({ ($0.student, $0.option, 1.0) }) + fractional.prefix(share) {
                let columns = choices[c.0][c.1].columns, change = rowChanges(of: columns)
                guard fits(change, beside: activity) else { continue }
                for (r, delta) in change { activity[r] += delta }
                for j in columns where !fixedColumn[j] {
                    fixedColumn[j] = true
                    guard (try? lp.raiseLowerBound(of: j, to: 1)) != nil else { return nil }
                }
                isFixed[c.0] = true
                fixedCount += 1
                newlyFixed += 1
            }
            guard newlyFixed > 0 else { break }
        }
        guard let last else { return nil }
        let guide = last.indices.map { j in fixedColumn[j] ? 1 : 0.99 * min(1, max(0, last[j])) }
        return LPDive(
            guide: guide, fixedStudents: fixedCount, solves: solves, iterations: lp.iterations - iterationsBefore, pricedColumns: pricedColumns,
            lastValue: lastValue)
    }
}
