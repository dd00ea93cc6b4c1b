import CGLPK
import GLPKShim
import PlacementModel

/// An LP optimum of one stage's objective with the columns' reduced costs: the stage's own LP, or
/// the root of its branch-and-bound after the cut rounds (`GLPKProblem.rootLP`), whichever bounds
/// the stage more tightly.
///
/// Why it fixes columns for the later stages. Every point of that LP, and so every integer point
/// the root's cuts keep (the root's bounds are those of its first LP, which hold for every
/// feasible point), has an objective of at most U − Σ |d_j|·|x_j − x̄_j| over the
/// columns non-basic at a bound (maximising; minimising, at least U + Σ …). The later stages hold
/// this stage at its optimum v (the fixing row, within its slack). An integer column moved off its
/// bound moves by at least 1 and loses |d_j|; when |d_j| exceeds U − v plus the slack, no later
/// point can move it. Fixing it there removes no point a later stage may choose, only simplex
/// work (docs/benchmarks.md, "Reduced costs carried to the later stages").
struct StageLPOptimum {
    let objective: Double
    let values: [Double]
    let reducedCosts: [Double]
    let statuses: [Int32]

    /// The integer columns every later point keeps at their value here, with that value.
    func columnsHeld(model: LinearModel, stageValue: Double, sense: LinearModel.Sense, slack: Double) -> [(column: Int, value: Double)] {
        guard values.count == model.variableCount, objective.isFinite, stageValue.isFinite else { return [] }
        let maximize = sense == .maximize
        let gap = max(0, maximize ? objective - stageValue : stageValue - objective)
        // GLPK's reduced costs and objective carry round-off: a column is held only when its loss
        // exceeds the gap by a margin.
        let margin = gap + slack + 1e-6 * max(1, abs(objective))
        var held: [(column: Int, value: Double)] = []
        for (j, variable) in model.variables.enumerated() where variable.isInteger && variable.lower < variable.upper {
            let d = reducedCosts[j]
            let loss: Double
            let bound: Double
            switch statuses[j] {
            case Int32(GLP_NL) where abs(values[j] - variable.lower) <= 1e-9:
                (loss, bound) = (maximize ? -d : d, variable.lower)
            case Int32(GLP_NU) where abs(values[j] - variable.upper) <= 1e-9:
                (loss, bound) = (maximize ? d : -d, variable.upper)
            default:
                continue
            }
            if loss > margin { held.append((j, bound)) }
        }
        return held
    }

    /// The tighter bound of two LP optima of the same objective (nil ones ignored).
    static func tighter(_ a: StageLPOptimum?, _ b: StageLPOptimum?, sense: LinearModel.Sense) -> StageLPOptimum? {
        guard let a else { return b }
        guard let b else { return a }
        return (sense == .maximize ? b.objective < a.objective : b.objective > a.objective) ? b : a
    }
}

extension GLPKProblem {
    /// The columns' reduced costs at the LP optimum just found by `simplex`.
    func reducedCosts() throws -> [Double] {
        var reducedCosts = [Double](repeating: 0, count: columnCount)
        try check(gs_get_col_duals(handle, &reducedCosts), "read reduced costs")
        return reducedCosts
    }

    /// Whether each `intopt` keeps its root's tightest LP optimum (`rootLP`).
    func captureRootLP(_ on: Bool) { gs_set_capture_root(handle, on ? 1 : 0) }

    /// The root's tightest LP optimum of the latest `intopt` (over its cut rounds), when kept.
    func rootLP() -> StageLPOptimum? {
        var objective = 0.0
        var values = [Double](repeating: 0, count: columnCount)
        var reducedCosts = [Double](repeating: 0, count: columnCount)
        var statuses = [Int32](repeating: 0, count: columnCount)
        guard gs_root_lp(handle, &objective, &values, &reducedCosts, &statuses) != 0 else { return nil }
        return StageLPOptimum(objective: objective, values: values, reducedCosts: reducedCosts, statuses: statuses)
    }

    /// A column's current bounds (-inf / +inf where it has none).
    func columnBounds(_ column: Int) throws -> (lower: Double, upper: Double) {
        var lower = 0.0, upper = 0.0
        try check(gs_get_col_bounds(handle, Int32(column), &lower, &upper), "read column bounds")
        return (lower == -Double.greatestFiniteMagnitude ? -.infinity : lower, upper == Double.greatestFiniteMagnitude ? .infinity : upper)
    }
}
