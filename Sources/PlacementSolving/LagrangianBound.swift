import PlacementModel

/// A proven bound on one objective of a 0-1 model that needs no LP solver, for models too large
/// for GLPK's simplex within the limits (docs/scheduling.md, "Large scenarios").
///
/// The rows of the form Σ x ≤ 1 over binary columns, each column in at most one of them (one
/// placement per student), are kept; every other row i is moved into the objective with a
/// multiplier π_i (π ≥ 0 for an upper bound, ≤ 0 for a lower bound, free for a range):
///
///     L(π) = Σ_i π_i·(π_i > 0 ? upper_i : lower_i) + max_x Σ_j (c_j − Σ_i π_i·a_ij)·x_j
///
/// over x meeting only the kept rows and the column bounds. The inner maximum is solved exactly
/// (per kept row, the one column of best positive reduced value, or none), so L(π) ≥ the model's
/// optimum for every admissible π (weak duality); a minimised objective is handled as the
/// maximum of its negation. Subgradient steps lower L(π) towards the LP bound; their number is
/// fixed, so the bound is the same on every machine.
public struct LagrangianBound: Sendable {
    /// Objective coefficients in maximise form.
    private let profit: [Double]
    private let sign: Double
    private let constant: Double
    private let integral: Bool
    /// Kept rows' columns, and the kept row of each column (-1: none).
    private let blocks: [[Int32]]
    private let blockOf: [Int32]
    /// The model row of each kept row (of `blocks[b]`).
    private let keptRows: [Int]
    /// Relaxed rows, row-major.
    private let rowStart: [Int]
    private let rowColumns: [Int32]
    private let rowCoefficients: [Double]
    private let rowLower: [Double]
    private let rowUpper: [Double]
    private let columnLower: [Double]
    private let columnUpper: [Double]
    /// The model rows relaxed, in order (their multipliers are `prices`).
    public let relaxedRows: [Int]

    public struct Result: Sendable {
        /// The proven bound on the objective (rounded inwards when the objective is integral).
        public var bound: Double
        /// The multipliers of `relaxedRows` that gave it.
        public var prices: [Double]
        public var steps: Int
        /// The plain average of the inner maximisers over the second half of the steps (of all the
        /// points met when a time limit stopped the steps before that): an ergodic average, which approaches an LP
        /// optimum as the steps go on (primal recovery). Being an average of points that meet the
        /// kept rows and the column bounds, it meets them too; it guides the greedy schedule.
        public var averagePoint: [Double]
    }

    public init(model: LinearModel, objective: LinearModel.Objective) {
        let n = model.variableCount
        sign = objective.sense == .maximize ? 1 : -1
        constant = objective.constant
        integral = objective.isIntegral
        var profit = [Double](repeating: 0, count: n)
        for t in objective.terms { profit[t.variable] += sign * t.coefficient }
        self.profit = profit
        columnLower = model.variables.map(\.lower)
        columnUpper = model.variables.map(\.upper)
        func isBinary(_ j: Int) -> Bool {
            let v = model.variables[j]
            return v.isInteger && v.lower == 0 && (v.upper == 0 || v.upper == 1)
        }
        var blockOf = [Int32](repeating: -1, count: n)
        var blocks: [[Int32]] = []
        var keptRows: [Int] = []
        var relaxed: [Int] = []
        for (i, row) in model.constraints.enumerated() {
            let gub =
                row.upper == 1 && row.lower <= 0 && !row.terms.isEmpty
                && row.terms.allSatisfy { $0.coefficient == 1 && isBinary($0.variable) && blockOf[$0.variable] < 0 }
            if gub {
                for t in row.terms { blockOf[t.variable] = Int32(blocks.count) }
                blocks.append(row.terms.map { Int32($0.variable) })
                keptRows.append(i)
            } else if row.lower.isFinite || row.upper.isFinite, !row.terms.isEmpty {
                relaxed.append(i)
            }
        }
        self.blocks = blocks
        self.blockOf = blockOf
        self.keptRows = keptRows
        relaxedRows = relaxed
        var start = [0], columns: [Int32] = [], coefficients: [Double] = []
        for i in relaxed {
            for t in model.constraints[i].terms {
                columns.append(Int32(t.variable))
                coefficients.append(t.coefficient)
            }
            start.append(columns.count)
        }
        rowStart = start
        rowColumns = columns
        rowCoefficients = coefficients
        rowLower = relaxed.map { model.constraints[$0].lower }
        rowUpper = relaxed.map { model.constraints[$0].upper }
    }

    /// L(π) and the inner maximiser, or nil when L(π) is infinite (a column without a finite
    /// bound on the side its reduced value pushes it to).
    private func evaluate(_ prices: [Double], reduced: inout [Double], point: inout [Double]) -> Double? {
        reduced = profit
        var value = 0.0
        for r in prices.indices where prices[r] != 0 {
            let p = prices[r]
            value += p * (p > 0 ? rowUpper[r] : rowLower[r])
            for k in rowStart[r]..<rowStart[r + 1] { reduced[Int(rowColumns[k])] -= p * rowCoefficients[k] }
        }
        for j in point.indices { point[j] = 0 }
        for j in reduced.indices where blockOf[j] < 0 {
            let target = reduced[j] > 0 ? columnUpper[j] : reduced[j] < 0 ? columnLower[j] : max(columnLower[j], min(0, columnUpper[j]))
            guard target.isFinite else { return nil }
            point[j] = target
            value += reduced[j] * target
        }
        for block in blocks {
            var best = -1, bestValue = 0.0
            for j in block where columnUpper[Int(j)] >= 1 && reduced[Int(j)] > bestValue {
                best = Int(j)
                bestValue = reduced[Int(j)]
            }
            if best >= 0 {
                point[best] = 1
                value += bestValue
            }
        }
        return value
    }

    /// The pricing step of column generation (`ColumnGenerationBound`): the proven bound L(π) at
    /// `prices` (rounded inwards for an integral objective; nil when infinite), and the columns
    /// not yet `allowed` whose reduced value exceeds what the LP pays for their kept row
    /// (`rowDual(modelRow)`, in the objective's own sense, as GLPK gives it; 0 for a column in no
    /// kept row), at most `perRow` of each kept row, the best first. No such column means the
    /// restricted LP's optimum is the whole LP's.
    public func price(_ prices: [Double], rowDual: (Int) -> Double, allowed: (Int) -> Bool, perRow: Int) -> (bound: Double, entering: [Int])? {
        var reduced = [Double](repeating: 0, count: profit.count), point = reduced
        guard let value = evaluate(prices, reduced: &reduced, point: &point) else { return nil }
        let tolerance = 1e-7
        var entering: [Int] = []
        for j in reduced.indices where blockOf[j] < 0 && !allowed(j) {
            if reduced[j] > tolerance && columnUpper[j] > 0 || reduced[j] < -tolerance && columnLower[j] < 0 { entering.append(j) }
        }
        for (b, block) in blocks.enumerated() {
            let paid = sign * rowDual(keptRows[b])
            let better = block.map(Int.init).filter { !allowed($0) && columnUpper[$0] >= 1 && reduced[$0] > max(0, paid) + tolerance }
            entering += better.sorted { (-reduced[$0], $0) < (-reduced[$1], $1) }.prefix(perRow)
        }
        var bound = value
        if integral { bound = (bound + 1e-6).rounded(.down) }
        return (sign * bound + constant, entering.sorted())
    }

    /// How much of the last direction a deflected step keeps (γ of Camerini, Fratta and Maffioli),
    /// and the first step's scale (θ of the Polyak step, halved when the steps stall). After 600
    /// steps on the presolved model (docs/benchmarks.md, "Deflected subgradient steps"), 3,000
    /// students, seeds 1 and 2 (LP bounds 2,814 and 2,780): 2,816 and 2,781 with these, 2,818 and
    /// 2,790 without deflection (θ = 2); 15,000 students: 13,960 with these, 13,962 with θ = 1,
    /// 14,219 with θ = 2 (the steps overshoot), 14,016 with γ = 1, 13,971 without deflection.
    static let deflection = 1.5
    static let firstStepScale = 0.5

    /// Lowers L(π) by `steps` deflected subgradient steps (Polyak step towards `target`, the best
    /// value known for the objective; the step size halves after 20 steps without progress).
    /// Returns nil when no finite bound exists (some column is unbounded). With a `deadline` (a
    /// time limit) the steps also stop when it passes: every L(π) is a bound, so the best so far stands.
    public func solve(steps: Int, target: Double, start: [Double]? = nil, deadline: ContinuousClock.Instant? = nil) -> Result? {
        let n = profit.count
        var prices = start ?? [Double](repeating: 0, count: relaxedRows.count)
        var reduced = [Double](repeating: 0, count: n), point = [Double](repeating: 0, count: n)
        let goal = sign * (target - constant)
        guard var current = evaluate(prices, reduced: &reduced, point: &point) else { return nil }
        var best = current
        var bestPrices = prices
        var theta = Self.firstStepScale, stale = 0, taken = 0
        var gradient = [Double](repeating: 0, count: relaxedRows.count)
        var direction = gradient
        // The ergodic average of the points from step `steps / 2` on (the first ones follow prices
        // far from optimal); of every step's point when a time limit stopped the steps before
        // that; the starting prices' point when no step was taken.
        var lateSum = [Double](repeating: 0, count: n), late = 0
        var allSum = point, all = 1
        let firstAveraged = steps / 2
        while taken < steps {
            if let deadline, ContinuousClock.now >= deadline { break }
            if integral && (best + 1e-6).rounded(.down) <= goal + 1e-9 { break }
            var norm = 0.0
            for r in prices.indices {
                var activity = 0.0
                for k in rowStart[r]..<rowStart[r + 1] { activity += rowCoefficients[k] * point[Int(rowColumns[k])] }
                let g: Double
                if prices[r] > 0 {
                    g = rowUpper[r] - activity
                } else if prices[r] < 0 {
                    g = rowLower[r] - activity
                } else if activity > rowUpper[r] {
                    g = rowUpper[r] - activity
                } else if activity < rowLower[r] {
                    g = rowLower[r] - activity
                } else {
                    g = 0
                }
                gradient[r] = g
                norm += g * g
            }
            guard norm > 1e-12 else { break }  // the inner point is feasible: L(π) is the optimum
            // Deflected (Camerini, Fratta and Maffioli): when the step would turn back on the last
            // direction, part of that direction is kept, which damps the zigzag between rows.
            var along = 0.0, last = 0.0
            for r in prices.indices {
                along += gradient[r] * direction[r]
                last += direction[r] * direction[r]
            }
            let deflection = along < 0 && last > 0 ? -Self.deflection * along / last : 0
            norm = 0
            for r in prices.indices {
                direction[r] = gradient[r] + deflection * direction[r]
                norm += direction[r] * direction[r]
            }
            let stepSize = theta * max(current - goal, 1e-3 * max(1, abs(current))) / norm
            for r in prices.indices {
                var p = prices[r] - stepSize * direction[r]
                if !rowUpper[r].isFinite { p = min(p, 0) }
                if !rowLower[r].isFinite { p = max(p, 0) }
                prices[r] = p
            }
            taken += 1
            guard let value = evaluate(prices, reduced: &reduced, point: &point) else { return nil }
            for j in point.indices where point[j] != 0 {
                allSum[j] += point[j]
                if taken >= firstAveraged { lateSum[j] += point[j] }
            }
            all += 1
            if taken >= firstAveraged { late += 1 }
            current = value
            if value < best - 1e-9 {
                best = value
                bestPrices = prices
                stale = 0
            } else {
                stale += 1
                if stale >= 20 { theta /= 2; stale = 0 }
            }
        }
        var bound = best
        if integral { bound = (bound + 1e-6).rounded(.down) }
        let average = late > 0 ? lateSum.map { $0 / Double(late) } : allSum.map { $0 / Double(all) }
        return Result(bound: sign * bound + constant, prices: bestPrices, steps: taken, averagePoint: average)
    }
}
