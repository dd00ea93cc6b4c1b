import GLPKShim
import PlacementModel

extension GLPKProblem {
    /// Gomory mixed-integer cuts at the current LP optimum, as rows Σ a·x ≥ lower over the model's
    /// columns (`gs_gomory_cuts`): each holds for every integer point of the model, including the
    /// columns a restricted LP holds at 0. Empty when the LP is not optimal or no row gives one.
    /// `maxTries`: at most that many fractional columns tried (nil: all of them).
    func gomoryCuts(maxCuts: Int, maxTries: Int? = nil, maxLength: Int) throws -> [LinearModel.Constraint] {
        var cuts = gs_cuts()
        try check(gs_gomory_cuts(handle, Int32(maxCuts), Int32(clamping: maxTries ?? .max), Int32(maxLength), &cuts), "Gomory cuts")
        defer { gs_free_cuts(&cuts) }
        return (0..<Int(cuts.count)).map { c in
            let range = Int(cuts.start[c])..<Int(cuts.start[c + 1])
            return LinearModel.Constraint(
                name: "gomory_\(rowCount + c)", terms: range.map { LinearModel.Term(Int(cuts.columns[$0]), cuts.values[$0]) },
                lower: cuts.lower[c], upper: .infinity)
        }
    }

    /// Adds cuts as rows whose slacks enter the current basis, which stays factorized (otherwise
    /// the next simplex would start again from GLPK's advanced basis). Returns the basis before.
    func addCutRows(_ cuts: [LinearModel.Constraint]) throws -> StageBasis {
        let saved = try basis()
        for cut in cuts { try addRow(name: cut.name, terms: cut.terms, lower: cut.lower, upper: cut.upper) }
        cutRowCount += cuts.count
        try warmStart(from: saved)
        return saved
    }

    /// The next simplex solves use the dual simplex: after cuts are added the last basis is no
    /// longer primal feasible but stays dual feasible.
    func useDualSimplex(_ on: Bool) { gs_set_dual_simplex(handle, on ? 1 : 0) }
}

extension GLPKProblem {
    /// Rounds of Gomory cuts at the current LP optimum, the root of a search. Each round adds the
    /// cuts of the most fractional columns and solves again with the dual simplex from the last
    /// basis; the rounds end when one finds no cut, its LP moves the bound by less than
    /// `minimumGain`, or `rounds` are done. A round whose LP a limit stops is taken back (its
    /// rows deleted, the basis before it restored and solved again), so the problem always ends
    /// at an LP optimum. Returns the rows added.
    @discardableResult
    func addGomoryRounds(
        rounds: Int, maxCuts: Int, maxLength: Int, minimumGain: Double,
        limits: () -> (milliseconds: Int32, iterations: Int32)
    ) throws -> Int {
        var added = 0
        for _ in 0..<rounds {
            let before = try solution(mip: false).objective
            let cuts = try gomoryCuts(maxCuts: maxCuts, maxLength: maxLength)
            if cuts.isEmpty { break }
            let firstRow = rowCount
            let saved = try addCutRows(cuts)
            useDualSimplex(true)
            let (code, status) = try simplex(timeLimitMilliseconds: limits().milliseconds, iterationLimit: limits().iterations)
            useDualSimplex(false)
            guard code == 0, status == GLPKCodes.optimal else {
                try deleteRows(keepingFirst: firstRow)
                cutRowCount -= cuts.count
                try warmStart(from: saved)
                _ = try simplex(timeLimitMilliseconds: 0, iterationLimit: 0)
                break
            }
            added += cuts.count
            if abs(try solution(mip: false).objective - before) < minimumGain { break }
        }
        return added
    }
}
