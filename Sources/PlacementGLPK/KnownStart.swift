import PlacementModel

/// The known start (`SolveOptions.start`) in a staged solve: where it may serve as a stage's
/// incumbent, and when it already is the stage's optimum.
extension StagedSolve {
    /// The known start when it suits stage `index` better than `current` (the earlier stages'
    /// point): it meets every row, every earlier stage's fixed optimum (as `fix` writes it), and
    /// its value for this stage is no worse. Nil otherwise.
    func knownStart(forStage index: Int, current: [Double]?) -> [Double]? {
        guard let start = options.start, start.count == model.variableCount, startIsFeasible else { return nil }
        for i in 0..<min(index, stages.count) {
            let objective = objectives[i], value = model.value(of: objective, at: start)
            if objective.maxMinRatio != nil {
                if value < stages[i].value - 1e-9 { return nil }
                continue
            }
            let fixed = objective.isIntegral ? stages[i].value.rounded() : stages[i].value
            let slack = objective.isIntegral ? 1e-9 : max(1e-7, abs(fixed) * 1e-6)
            if objective.sense == .minimize ? value > fixed + slack : value < fixed - slack { return nil }
        }
        guard let current else { return start }
        let objective = objectives[index]
        let mine = model.value(of: objective, at: start), theirs = model.value(of: objective, at: current)
        return objective.sense == .minimize ? (mine <= theirs ? start : nil) : (mine >= theirs ? start : nil)
    }

    /// True when a feasible point's value already meets the stage's LP bound: no integer point
    /// can do better (an integral objective's bound rounded to an integer first).
    static func meetsBound(_ value: Double, lpBound: Double, objective: LinearModel.Objective) -> Bool {
        let maximize = objective.sense == .maximize
        if objective.isIntegral {
            // The LP's rounding error grows with the objective's size (an exact tie-break's
            // combined objective is about 10⁷ on alliance-rules): a larger tolerance only weakens
            // the rounded bound, never overstates it.
            let tolerance = max(1e-6, 1e-10 * abs(lpBound))
            let bound = maximize ? (lpBound + tolerance).rounded(.down) : (lpBound - tolerance).rounded(.up)
            return maximize ? value >= bound - 1e-9 : value <= bound + 1e-9
        }
        let tolerance = 1e-9 * max(1, abs(lpBound))
        return maximize ? value >= lpBound - tolerance : value <= lpBound + tolerance
    }
}

extension StagedSolve {
    /// Whether value `a` is strictly better than `b` for the objective.
    static func isBetter(_ a: Double, than b: Double, _ objective: LinearModel.Objective) -> Bool {
        let tolerance = 1e-9 * max(1, abs(b))
        return objective.sense == .maximize ? a > b + tolerance : a < b - tolerance
    }
}
