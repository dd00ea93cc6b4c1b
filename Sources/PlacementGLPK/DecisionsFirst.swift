import CGLPK
import GLPKShim
import PlacementModel

/// Branch-and-bound over a model's decision columns first: the relaxed-first columns
/// (`Variable.isRelaxedFirst`, the placements) continuous, so that cut rounds and branching deal
/// with the other integer columns alone (alliance-rules: the 61 minimum interns' `used` columns
/// instead of 9,751). That search's optimum bounds the problem. Where the relaxed columns are
/// integral there, it is the optimum. Otherwise a second search, with the decisions fixed at
/// their values there and every column integral, may reach the bound, and is the optimum too.
/// When neither proves anything, the caller's full search follows, from the LP optimum restored.
struct DecisionsFirst {
    let model: LinearModel
    let problem: GLPKProblem
    let relaxed: [Int]
    let decisions: [Int]

    /// Nil when the model has no relaxed-first columns, or no other integer columns to search.
    init?(model: LinearModel, problem: GLPKProblem, integerColumns: [Int]) {
        relaxed = integerColumns.filter { model.variables[$0].isRelaxedFirst }
        decisions = integerColumns.filter { !model.variables[$0].isRelaxedFirst }
        guard !relaxed.isEmpty, !decisions.isEmpty, problem.columnCount == model.variableCount else { return nil }
        self.model = model
        self.problem = problem
    }

    enum Outcome {
        /// The problem's optimum (every integer column integral), and how it was proven. After
        /// the second search, `completedBasis` is its LP's basis with the decisions non-basic at
        /// their values: it has the optimum's value, so a next stage that fixes that value as an
        /// equality starts from it without a phase 1 (rank_maximal: about 400 fewer iterations a stage).
        /// `root` is the first search's root LP after its cut rounds (`GLPKProblem.rootLP`), when kept.
        case optimal(values: [Double], objective: Double, evidence: String, completedBasis: StageBasis?, root: StageLPOptimum?)
        /// Not even the search over the decisions has a point: neither has the problem.
        case infeasible
        /// Cut short, or the second search fell below the bound: the full search decides.
        /// The problem's LP optimum is restored.
        case undecided
    }

    /// Runs from the current LP optimum (its basis must be optimal). `limits` bound both searches;
    /// the LP is restored within `restoreLimits`.
    func search(
        start: [Double]?, objective: LinearModel.Objective, limits: GLPKSolver.Limits, restoreLimits: GLPKSolver.Limits,
        progress: gs_mip_progress_fn?, context: UnsafeMutableRawPointer?
    ) throws -> Outcome {
        guard !limits.exhausted(problem) else { return .undecided }
        let lpBasis = try problem.basis()
        // Gomory's cuts in the search over the decisions (without them min_worst_rank took 5.5
        // instead of 1.3 s), none once they are fixed (rank_maximal 4.6-5.1 against 5.2-5.6 s).
        // `pump`: GLPK's feasibility pump and most-fractional branching (`fastNodes`).
        func branchAndBound(
            start: [Double]?, cuts: Bool, pump: Bool = false
        ) throws -> (found: (values: [Double], objective: Double)?, infeasible: Bool) {
            let result = try problem.intopt(
                timeLimitMilliseconds: limits.milliseconds(), iterationLimit: limits.iterationsLeft(problem), mipGap: 0,
                start: start, fastNodes: pump, gomoryCuts: cuts, progress: progress, context: context)
            if result.code == GLP_ENOPFS || result.code == 0 && result.status == GLPKCodes.noFeasible { return (nil, true) }
            guard result.code == 0, result.status == GLPKCodes.optimal else { return (nil, false) }
            return (try problem.solution(mip: true), false)
        }
        func restoreLP() throws -> Outcome {
            // The basis is still optimal for the problem: no iterations.
            try problem.warmStart(from: lpBasis)
            _ = try problem.simplex(timeLimitMilliseconds: restoreLimits.milliseconds(), iterationLimit: restoreLimits.iterationsLeft(problem))
            return .undecided
        }
        for c in relaxed { try problem.setColumnKind(c, integer: false) }
        let first = try branchAndBound(start: start, cuts: true)
        // Kept before the second search, whose decisions are fixed (its root bounds nothing else).
        let root = problem.rootLP()
        for c in relaxed { try problem.setColumnKind(c, integer: true) }
        if first.infeasible {
            _ = try restoreLP()
            return .infeasible
        }
        guard let bound = first.found else { return try restoreLP() }
        if relaxed.allSatisfy({ abs(bound.values[$0] - bound.values[$0].rounded()) <= GLPKSolver.integralityTolerance }) {
            return .optimal(
                values: model.roundingIntegerColumns(bound.values), objective: bound.objective,
                evidence: "branch-and-bound over the \(decisions.count) decision columns closed the gap, every placement integral at its optimum",
                completedBasis: nil, root: root)
        }
        // The decisions fixed where the first search left them: the LP optimum then has the bound's
        // value. From the LP basis: branch-and-bound leaves none (GLPK would start from scratch).
        // The decisions' bounds now (an earlier stage may have fixed some: `StageLPOptimum`).
        let decisionBounds = try decisions.map { try problem.columnBounds($0) }
        for d in decisions { let v = bound.values[d].rounded(); try problem.setColumnBounds(d, lower: v, upper: v) }
        try problem.warmStart(from: lpBasis)
        let (code, status) = try problem.simplex(timeLimitMilliseconds: limits.milliseconds(), iterationLimit: limits.iterationsLeft(problem))
        let solvedLP = code == 0 && status == GLPKCodes.optimal
        let fixedBasis = solvedLP ? try problem.basis() : nil
        // A feasibility check (a ratio stage's: no objective) has no bound to prune with, and its
        // search for any point took 1,379 nodes and 17 s on max_min_nationality_rate once the
        // earlier stage's reduced costs had changed the decisions; the pump finds one at once.
        let pump = objective.terms.isEmpty
        // A dive from that LP's point first: when it reaches the bound, no search is needed; else
        // it is the search's start (alliance-rules with one more lock, S001336 at B00167, min_worst_rank:
        // the placed stage's search took 1,013 nodes and 10.6 s to find 1301).
        let dived = try fixedBasis.flatMap { _ in
            try GLPKSolver.dive(problem: problem, model: model, from: try problem.solution(mip: false).values, limits: limits)
        }.flatMap { model.maximumViolation(at: $0) <= 1e-9 ? $0 : nil }
        let second: (values: [Double], objective: Double)?
        if let dived, case let value = model.value(of: objective, at: dived),
            StagedSolve.meetsBound(value, lpBound: bound.objective, objective: objective)
        {
            second = (dived, value)
        } else {
            second = solvedLP && !limits.exhausted(problem) ? try branchAndBound(start: dived, cuts: false, pump: pump).found : nil
        }
        for (d, bounds) in zip(decisions, decisionBounds) { try problem.setColumnBounds(d, lower: bounds.lower, upper: bounds.upper) }
        guard let second, let fixedBasis, model.maximumViolation(at: second.values) <= 1e-9,
            StagedSolve.meetsBound(second.objective, lpBound: bound.objective, objective: objective)
        else { return try restoreLP() }
        let values = model.roundingIntegerColumns(second.values)
        // A fixed decision is non-basic at the bound it had.
        var columns = fixedBasis.columns
        for d in decisions where columns[d] == Int32(GLP_NS) {
            columns[d] = Int32(values[d] == model.variables[d].upper ? GLP_NU : GLP_NL)
        }
        return .optimal(
            values: values, objective: second.objective,
            evidence:
                "branch-and-bound over the \(decisions.count) decision columns bounded the stage; the placements made integral with those decisions fixed reach the bound",
            completedBasis: StageBasis(rows: fixedBasis.rows, columns: columns), root: root)
    }
}
