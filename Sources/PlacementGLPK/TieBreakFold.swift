import PlacementModel

/// An exact tie-break stage (`Objective.isExactTieBreak`) solved in one stage with the objective
/// before it: minimising (or maximising) W·primary ± tieBreak, where W is one more than the
/// tie-break's range. Both integral, one unit of the primary outweighs any change of the
/// tie-break, so the combined optimum has the primary's optimum and, among those, the
/// tie-break's: the lexicographic optimum, found by one search instead of two (explain's "keep
/// the report's placements" after the cost: the second search was most of a forced re-solve).
struct TieBreakFold {
    /// Index of the combined objective in the folded list.
    let position: Int
    let primary: LinearModel.Objective
    let tieBreak: LinearModel.Objective
    /// The primary's weight in the combined objective.
    let weight: Double
    /// +1 when the tie-break goes the primary's way (both minimised or both maximised), −1 otherwise.
    let sign: Double
    /// The smallest and largest value the tie-break can take within the variables' bounds.
    let range: (low: Double, high: Double)

    /// The objectives with every foldable tie-break merged into the stage before it, and the folds.
    /// A tie-break is folded only when both objectives are integral and plain (no ratio) and its
    /// range is finite; otherwise it stays a stage of its own.
    static func fold(_ objectives: [LinearModel.Objective], model: LinearModel) -> ([LinearModel.Objective], [TieBreakFold]) {
        var folded: [LinearModel.Objective] = [], folds: [TieBreakFold] = []
        for objective in objectives {
            guard objective.isExactTieBreak, objective.isIntegral, objective.maxMinRatio == nil, let primary = folded.last,
                primary.isIntegral, primary.maxMinRatio == nil, folds.last?.position != folded.count - 1,
                let range = range(of: objective, in: model)
            else {
                folded.append(objective)
                continue
            }
            let weight = (range.high - range.low).rounded(.up) + 1
            let sign: Double = objective.sense == primary.sense ? 1 : -1
            var combined = primary
            combined.name = "\(primary.name), then \(objective.name)"
            combined.terms = LinearModel.merged(
                primary.terms.map { .init($0.variable, weight * $0.coefficient) } + objective.terms.map { .init($0.variable, sign * $0.coefficient) })
            combined.constant = weight * primary.constant + sign * objective.constant
            folded[folded.count - 1] = combined
            folds.append(TieBreakFold(position: folded.count - 1, primary: primary, tieBreak: objective, weight: weight, sign: sign, range: range))
        }
        return (folded, folds)
    }

    /// The stage results with each combined stage split back into its two, at the final point.
    static func unfold(_ stages: [StageResult], _ folds: [TieBreakFold], model: LinearModel, values: [Double]) -> [StageResult] {
        guard !folds.isEmpty, !values.isEmpty else { return stages }
        var result: [StageResult] = []
        for (i, stage) in stages.enumerated() {
            guard let fold = folds.first(where: { $0.position == i }) else {
                result.append(stage)
                continue
            }
            result += fold.split(stage, model: model, values: values)
        }
        return result
    }

    /// The primary's and the tie-break's results from the combined stage's. Proven optimal: both
    /// are. Otherwise each gets the bound the combined bound B implies: every point has
    /// W·primary + sign·tieBreak on B's side, so the primary is bounded by (B − the most the
    /// tie-break adds)/W; and the tie-break, among points with the primary's value found, by
    /// sign·(B − W·primary) (as a separate stage with the primary fixed would be).
    func split(_ stage: StageResult, model: LinearModel, values: [Double]) -> [StageResult] {
        let primaryValue = model.value(of: primary, at: values), tieValue = model.value(of: tieBreak, at: values)
        let how =
            "one stage with \(tieBreak.name) as an exact tie-break (\(GLPKSolver.readable(weight))·\(primary.name) \(sign > 0 ? "+" : "−") \(tieBreak.name))"
        guard stage.status != .optimal else {
            return [
                StageResult(
                    name: primary.name, value: primaryValue, bound: primaryValue, status: .optimal, evidence: "\(stage.evidence); \(how)",
                    seconds: stage.seconds),
                StageResult(name: tieBreak.name, value: tieValue, bound: tieValue, status: .optimal, evidence: how, seconds: 0)
            ]
        }
        let minimize = primary.sense == .minimize
        // The most (minimising) or least (maximising) the tie-break term adds to the combined value.
        let tieAdds = minimize ? max(sign * range.low, sign * range.high) : min(sign * range.low, sign * range.high)
        let primaryBound = (stage.bound - tieAdds) / weight
        var tieBound = sign * (stage.bound - weight * primaryValue)
        if tieBreak.sense == .maximize { tieBound = min(tieBound, range.high) } else { tieBound = max(tieBound, range.low) }
        func status(_ value: Double, _ bound: Double, _ objective: LinearModel.Objective) -> SolveStatus {
            bound.isFinite && StagedSolve.meetsBound(value, lpBound: bound, objective: objective)
                ? .optimal : .feasible(bound: bound, gap: SolveStatus.relativeGap(value: value, bound: bound))
        }
        let primaryStatus = status(primaryValue, primaryBound, primary), tieStatus = status(tieValue, tieBound, tieBreak)
        let proven = ": the combined bound proves this objective optimal"
        return [
            StageResult(
                name: primary.name, value: primaryValue, bound: primaryStatus == .optimal ? primaryValue : primaryBound, status: primaryStatus,
                evidence: "\(stage.evidence); \(how)\(primaryStatus == .optimal ? proven : "")", seconds: stage.seconds),
            StageResult(
                name: tieBreak.name, value: tieValue, bound: tieStatus == .optimal ? tieValue : tieBound, status: tieStatus,
                evidence: "\(how); bound given \(primary.name) at the value found\(tieStatus == .optimal ? proven : "")", seconds: 0)
        ]
    }

    /// The tie-break's smallest and largest values within the variables' bounds (nil if unbounded).
    static func range(of objective: LinearModel.Objective, in model: LinearModel) -> (low: Double, high: Double)? {
        var low = objective.constant, high = objective.constant
        for t in LinearModel.merged(objective.terms) {
            let v = model.variables[t.variable]
            let a = t.coefficient * v.lower, b = t.coefficient * v.upper
            low += min(a, b)
            high += max(a, b)
        }
        return low.isFinite && high.isFinite ? (low, high) : nil
    }
}
