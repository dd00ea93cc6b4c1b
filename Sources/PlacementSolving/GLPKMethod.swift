import PlacementFormulation
import PlacementGLPK
import PlacementModel

@_exported import enum PlacementGLPK.ModelFileFormat

/// GLPK: primal simplex on each lexicographic stage, branch-and-bound (`glp_intopt`) when the LP
/// optimum is fractional; with `dive`, a dive from the LP optimum first (scheduling models).
public struct GLPKMethod: SolveMethod {
    /// Before branch-and-bound, dive from the LP optimum for a first incumbent (see `SolveOptions.dive`).
    public var dive: Bool
    /// Rounds of Gomory cuts before each stage's search (see `SolveOptions.gomoryCuts`).
    public var gomoryCuts: Bool
    /// Receives progress lines (phase, elapsed, bound and gap).
    public var progress: (@Sendable (ProgressEvent) -> Void)?
    /// A known placement (student id → base id and term id) to start branch-and-bound from,
    /// repaired for the formulation by `NeighbourhoodStart` (see `SolveOptions.start`).
    public var start: [String: (base: String, term: String)]?
    /// An earlier solve's final LP bases (`Solution.stageBases`) of a model with the same rows
    /// and columns (see `SolveOptions.bases`).
    public var bases: [StageBasis]?

    public init(
        dive: Bool = false, gomoryCuts: Bool = false, start: [String: (base: String, term: String)]? = nil,
        bases: [StageBasis]? = nil, progress: (@Sendable (ProgressEvent) -> Void)? = nil
    ) {
        self.dive = dive
        self.gomoryCuts = gomoryCuts
        self.start = start
        self.bases = bases
        self.progress = progress
    }

    public var name: String { Self.solverName }
    public static var solverName: String { "GLPK \(GLPKSolver.version)" }

    public func solve(_ formulation: Formulation, budget: Budget) throws(SolverError) -> SolveResult {
        var point: [Double]? = nil
        if let start, var builder = NeighbourhoodStart(formulation) { point = builder.point(from: start) }
        // The first LP's starting vertex, and the answer if a limit stops the first stage before its LP is solved.
        let fallback: (@Sendable () -> FallbackStart?)? = formulation.scheduling == nil ? { @Sendable in CoreFlowStart.point(formulation) } : nil
        let solution = try solve(model: formulation.model, budget: budget, start: point, bases: bases, fallback: fallback)
        return SolveResult(
            solution: Self.listingStagesNotReached(Self.improvedWhenCutShort(solution, formulation), formulation.model), formulation: formulation)
    }

    /// A solve a limit cut short: its point improved by single moves that keep every rule and are
    /// better in the objectives' order (`NeighbourhoodStart.improved`). alliance-rules at
    /// --time-limit 0.7 stopped inside the cost stage's LP with the placed stage's point, cost
    /// 18,246 against an optimum of 12,706. Bounds stand; values and gaps are those of the new point.
    static func improvedWhenCutShort(_ solution: Solution, _ f: Formulation) -> Solution {
        guard case .feasible = solution.status, var builder = NeighbourhoodStart(f), let point = builder.improved(solution.values),
            point != solution.values
        else { return solution }
        var improved = solution
        improved.values = point
        for (i, objective) in f.model.objectives.prefix(solution.stages.count).enumerated() {
            let value = f.model.value(of: objective, at: point)
            guard abs(value - solution.stages[i].value) > 1e-9 else { continue }
            let bound = solution.stages[i].bound
            improved.stages[i].value = value
            improved.stages[i].evidence += "; then improved by single moves that keep every rule"
            if case .feasible = solution.stages[i].status {
                improved.stages[i].status = .feasible(
                    bound: bound, gap: bound.isFinite ? SolveStatus.relativeGap(value: value, bound: bound) : .infinity)
            }
        }
        // The solve's status is the first stage not proven optimal (as GLPK reports it).
        if let first = improved.stages.first(where: { $0.status != .optimal }) { improved.status = first.status }
        return improved
    }

    /// The solution with every objective a limit kept GLPK from reaching listed after the stages
    /// it solved (its value at the reported placement, no bound), so that a report cut short
    /// still names every objective of the policy.
    static func listingStagesNotReached(_ solution: Solution, _ model: LinearModel) -> Solution {
        guard !solution.values.isEmpty, solution.stages.count < model.objectives.count else { return solution }
        var listed = solution
        for objective in model.objectives.dropFirst(solution.stages.count) {
            listed.stages.append(
                StageResult(
                    name: objective.name, value: model.value(of: objective, at: solution.values), bound: .nan,
                    status: .feasible(bound: .nan, gap: .infinity),
                    evidence: "not solved: the time or work limit ran out in an earlier stage; the value at the placement reported",
                    seconds: 0))
        }
        return listed
    }

    /// Solves any model (a formulation's, an elastic one, a mentor group's) within the budget.
    /// With the time already used up GLPK is not started (loading a large model into it takes a
    /// while): no solution within the time limit.
    /// With a `fallback` (a point found without an LP, computed only when needed) GLPK is started
    /// even then, to report it (`SolveOptions.fallbackStart`).
    public func solve(
        model: LinearModel, budget: Budget, start: [Double]? = nil, bases: [StageBasis]? = nil,
        fallback: (@Sendable () -> FallbackStart?)? = nil
    ) throws(SolverError) -> Solution {
        if budget.remainingSeconds == 0 && fallback == nil { return Solution(status: .noSolution, values: [], stages: [], solverName: name) }
        var options = SolveOptions(
            timeLimit: budget.remainingSeconds, iterationLimit: budget.workLimit,
            mipGap: 0, dive: dive, start: start, bases: bases, progress: progress)
        options.fallbackStart = fallback
        options.gomoryCuts = gomoryCuts
        return try Self.guarded { try GLPKSolver().solve(model, options: options) }
    }

    /// Solves the model stage by stage and writes, before each stage, the exact model GLPK is
    /// about to solve (see `GLPKSolver.exportStages`). Returns the solution and the files written.
    public static func exportStages(
        _ model: LinearModel, format: ModelFileFormat, directory: String,
        firstStageOnly: Bool
    ) throws(SolverError) -> (Solution, [String]) {
        try guarded { try GLPKSolver().exportStages(model, format: format, directory: directory, firstStageOnly: firstStageOnly) }
    }

    /// GLPK's version string, e.g. "5.0".
    public static var version: String { GLPKSolver.version }

    /// Asks running and later solves to stop (async-signal-safe: stores the signal number).
    public static func requestStop(signal: Int32) { GLPKSolver.requestStop(signal: signal) }
    /// The signal number of a stop request, or nil.
    public static var stopSignal: Int32? { GLPKSolver.stopSignal }

    /// The most memory GLPK may allocate per thread, in MB; nil for no limit (process-wide).
    public static var memoryLimitMegabytes: Int? {
        get { GLPKSolver.memoryLimitMegabytes }
        set { GLPKSolver.memoryLimitMegabytes = newValue }
    }

    /// Frees the calling thread's GLPK environment (a worker thread done with solving).
    public static func releaseThreadResources() { GLPKSolver.releaseThreadEnvironment() }

    /// Runs a GLPK call, turning its errors into `SolverError`.
    static func guarded<T>(_ body: () throws -> T) throws(SolverError) -> T {
        do {
            return try body()
        } catch let error as GLPKError {
            throw .glpk(error)
        } catch {
            throw .glpk(.invalidModel("\(error)"))
        }
    }
}
