import Foundation
import PlacementModel

extension GLPKSolver {
    /// Relax-and-fix diving from the current LP optimum: fix every binary at 0.9 or more to 1 (or,
    /// when there is none, the largest fractional one), re-solve the LP warm, and repeat until the
    /// LP optimum is integral. A fix that makes the LP infeasible is undone and the column fixed to
    /// 0 instead. Returns an integral point of the problem (its added rows included) or nil. Every
    /// bound it changed is restored and the LP re-solved, so branch-and-bound starts from the root.
    static func dive(problem: GLPKProblem, model: LinearModel, from lpValues: [Double], limits: Limits) throws -> [Double]? {
        let binaries = model.variables.indices.filter {
            let v = model.variables[$0]
            return v.isInteger && v.lower == 0 && v.upper == 1
        }
        let integers = model.variables.indices.filter { model.variables[$0].isInteger }
        var changed: Set<Int> = []
        var values = lpValues
        var result: [Double]? = nil
        // At most one round per binary, and half of what is left of each limit.
        let budget = limits.half(problem)
        func fix(_ columns: [Int], to value: Double) throws {
            for j in columns { try problem.setColumnBounds(j, lower: value, upper: value); changed.insert(j) }
        }
        func free(_ columns: [Int]) throws {
            for j in columns { try problem.setColumnBounds(j, lower: 0, upper: 1) }
        }
        func resolve() throws -> Bool {
            let (code, status) = try problem.simplex(timeLimitMilliseconds: budget.milliseconds(), iterationLimit: budget.iterationsLeft(problem))
            guard code == 0, status == GLPKCodes.optimal else { return false }
            values = try problem.solution(mip: false).values
            return true
        }
        for _ in 0..<binaries.count {
            if budget.exhausted(problem) { break }
            let fractional = binaries.filter { values[$0] > integralityTolerance && values[$0] < 1 - integralityTolerance }
            if fractional.isEmpty {
                if integers.allSatisfy({ abs(values[$0] - values[$0].rounded()) <= integralityTolerance }) {
                    result = model.roundingIntegerColumns(values)
                }
                break
            }
            let largest = fractional.max { (values[$0], -$0) < (values[$1], -$1) }!
            var batch = fractional.filter { values[$0] >= 0.9 }
            if batch.isEmpty { batch = [largest] }
            try fix(batch, to: 1)
            if try resolve() { continue }
            try free(batch)
            if batch.count > 1 {
                try fix([largest], to: 1)
                if try resolve() { continue }
                try free([largest])
            }
            try fix([largest], to: 0)
            guard try resolve() else { break }
        }
        // Out of budget before the LP became integral (large models): the point with every
        // fractional column rounded down is often still feasible, and is far better than none.
        // Only without added rows (an earlier stage's fixed value), which the model cannot check.
        if result == nil, problem.hasOnlyCutsBeyond(modelRows: model.constraintCount) {
            result = roundedDown(values, model: model)
        }
        for j in changed.sorted() { try problem.setColumnBounds(j, lower: model.variables[j].lower, upper: model.variables[j].upper) }
        _ = try problem.simplex(timeLimitMilliseconds: limits.milliseconds(), iterationLimit: limits.iterationsLeft(problem))
        return result
    }

    /// Rounds every fractional integer column down, then clears the columns of any violated
    /// zero-sum equality (a rotation's "both parts or neither"), until none is violated. Returns
    /// the point if it satisfies the whole model, else nil.
    static func roundedDown(_ lpValues: [Double], model: LinearModel) -> [Double]? {
        var values = lpValues.enumerated().map {
            model.variables[$0.offset].isInteger ? ($0.element + integralityTolerance).rounded(.down) : $0.element
        }
        let zeroSums = model.constraints.filter { $0.lower == 0 && $0.upper == 0 }
        var changed = true
        while changed {
            changed = false
            for row in zeroSums {
                let lhs = row.terms.reduce(0.0) { $0 + $1.coefficient * values[$1.variable] }
                guard abs(lhs) > 1e-9 else { continue }
                for term in row.terms where values[term.variable] != 0 && model.variables[term.variable].lower <= 0 {
                    values[term.variable] = 0
                    changed = true
                }
            }
        }
        return model.maximumViolation(at: values) <= 1e-9 ? values : nil
    }
}

/// A feasible integer point near any point (an LP optimum, or where an interrupted LP stopped):
/// round down, raise a column for a row below its lower bound where that breaks no other row,
/// then repair by lowering columns only, then raise columns the objective favours
/// while every row still holds. Lowering only means it always ends, after at most one step per
/// column; it gives up (nil) when a violated row has no column left that could be lowered to
/// mend it (a lock whose placement had to go, say). Only for the model's own rows.
struct RoundAndRepair {
    let model: LinearModel
    /// Per column: (row, coefficient) of every row it appears in.
    private let rowsOf: [[(row: Int, coefficient: Double)]]
    /// Per column: rows a decrease of it could break (a finite lower bound and a positive
    /// coefficient, or a finite upper bound and a negative one). Fewer is a safer column to lower.
    private let risk: [Int]
    static let tolerance = 1e-9

    init(model: LinearModel) {
        self.model = model
        var rowsOf = [[(row: Int, coefficient: Double)]](repeating: [], count: model.variableCount)
        var risk = [Int](repeating: 0, count: model.variableCount)
        for (i, c) in model.constraints.enumerated() {
            for t in c.terms where t.coefficient != 0 {
                rowsOf[t.variable].append((i, t.coefficient))
                if (t.coefficient > 0 && c.lower.isFinite) || (t.coefficient < 0 && c.upper.isFinite) { risk[t.variable] += 1 }
            }
        }
        self.rowsOf = rowsOf
        self.risk = risk
    }

    /// A valid bound on the objective without any LP: each column counted once, in the first
    /// packing row it is in (≤ u, coefficients 1, 0/1 columns: Σ c·x ≤ u · max c there), the
    /// rest at their best bound. Weak (for placed: the students who have a candidate), but
    /// proven; for an LP cut short before its optimum.
    static func packingBound(_ model: LinearModel, _ objective: LinearModel.Objective) -> Double {
        let sign = objective.sense == .maximize ? 1.0 : -1.0
        var gain = [Double](repeating: 0, count: model.variableCount)
        for t in objective.terms { gain[t.variable] += sign * t.coefficient }
        var covered = [Bool](repeating: false, count: model.variableCount)
        var total = 0.0
        for c in model.constraints
        where c.upper.isFinite && c.upper >= 0 && !c.terms.isEmpty
            && c.terms.allSatisfy({
                $0.coefficient == 1 && model.variables[$0.variable].lower == 0 && model.variables[$0.variable].upper == 1
            })
        {
            let fresh = c.terms.filter { !covered[$0.variable] }
            guard !fresh.isEmpty else { continue }
            let best = fresh.map { gain[$0.variable] }.max()!
            guard best > 0 else { continue }
            total += c.upper.rounded(.down) * best
            for t in fresh { covered[t.variable] = true }
        }
        for (j, v) in model.variables.enumerated() where !covered[j] && gain[j] != 0 {
            total += gain[j] > 0 ? gain[j] * v.upper : gain[j] * v.lower
        }
        return objective.constant + sign * total
    }

    func point(near start: [Double], objective: LinearModel.Objective?) -> [Double]? {
        let vars = model.variables
        var v = start.enumerated().map { j, x -> Double in
            let clamped = min(max(x.isFinite ? x : 0, vars[j].lower), vars[j].upper)
            return vars[j].isInteger ? (clamped + GLPKSolver.integralityTolerance).rounded(.down) : clamped
        }
        var activity = model.constraints.indices.map { model.activity(of: $0, at: v) }
        func violated(_ i: Int) -> Bool {
            let c = model.constraints[i]
            return activity[i] > c.upper + Self.tolerance || activity[i] < c.lower - Self.tolerance
        }
        func set(_ j: Int, _ x: Double) -> [Int] {
            let delta = x - v[j]
            v[j] = x
            var touched: [Int] = []
            for (i, a) in rowsOf[j] { activity[i] += a * delta; touched.append(i) }
            return touched
        }
        // Rows below their lower bound (a lock the point does not meet): raise a column that
        // mends it where every other row of that column still holds.
        for i in model.constraints.indices where activity[i] < model.constraints[i].lower - Self.tolerance {
            for t in model.constraints[i].terms where t.coefficient > 0 && activity[i] < model.constraints[i].lower - Self.tolerance {
                let j = t.variable
                guard vars[j].isInteger, v[j] + 1 <= vars[j].upper else { continue }
                let fits = rowsOf[j].allSatisfy { (r, a) in
                    r == i
                        || (activity[r] + a <= model.constraints[r].upper + Self.tolerance
                            && activity[r] + a >= model.constraints[r].lower - Self.tolerance)
                }
                if fits { _ = set(j, v[j] + 1) }
            }
        }
        var queue = model.constraints.indices.filter(violated)
        while let i = queue.popLast() {
            guard violated(i) else { continue }
            let c = model.constraints[i]
            let tooHigh = activity[i] > c.upper + Self.tolerance
            // Columns whose decrease moves the row towards its bounds.
            let lowerable = c.terms.filter { t in
                t.coefficient != 0 && v[t.variable] > vars[t.variable].lower + Self.tolerance && (tooHigh ? t.coefficient > 0 : t.coefficient < 0)
            }
            guard let pick = lowerable.min(by: { (risk[$0.variable], $0.variable) < (risk[$1.variable], $1.variable) }) else { return nil }
            let lowered = vars[pick.variable].lower.isFinite ? vars[pick.variable].lower : 0
            for r in set(pick.variable, lowered) where violated(r) { queue.append(r) }
            if violated(i) { queue.append(i) }
        }
        // Raise what the objective favours (binaries by one step), best coefficient first, when
        // every row of the column still holds.
        if let objective {
            let sign = objective.sense == .maximize ? 1.0 : -1.0
            let gains = objective.terms.filter { sign * $0.coefficient > 0 }.sorted {
                (sign * $0.coefficient, -$0.variable) > (sign * $1.coefficient, -$1.variable)
            }
            for t in gains where vars[t.variable].isInteger && v[t.variable] + 1 <= vars[t.variable].upper {
                let j = t.variable
                let fits = rowsOf[j].allSatisfy { (i, a) in
                    let c = model.constraints[i]
                    let after = activity[i] + a
                    return after <= c.upper + Self.tolerance && after >= c.lower - Self.tolerance
                }
                if fits { _ = set(j, v[j] + 1) }
            }
        }
        return model.maximumViolation(at: v) <= Self.tolerance ? v : nil
    }
}
