/// What a backend can honestly say about a solve.
public enum SolveStatus: Sendable, Equatable {
    /// Proven optimal for every objective stage.
    case optimal
    /// A feasible solution, not proven optimal (time or work limit, or stop); bound and relative gap of the
    /// stage that was cut short.
    case feasible(bound: Double, gap: Double)
    /// The constraints cannot all hold.
    case infeasible
    /// The objective can improve without limit (a formulation error for placement models).
    case unbounded
    /// The time limit, the work limit or a stop request came before any feasible solution was found.
    case noSolution

    public var hasSolution: Bool {
        switch self {
        case .optimal, .feasible: return true
        case .infeasible, .unbounded, .noSolution: return false
        }
    }

    /// Relative gap |value − bound| / |value|, as every solver here reports it.
    public static func relativeGap(value: Double, bound: Double) -> Double {
        abs(value - bound) / max(1e-10, abs(value))
    }

    public var label: String {
        switch self {
        case .optimal: return "optimal"
        case .feasible: return "feasible (not proven optimal)"
        case .infeasible: return "infeasible"
        case .unbounded: return "unbounded"
        case .noSolution: return "no solution within the time or work limit"
        }
    }
}

/// The outcome of one lexicographic stage.
public struct StageResult: Sendable, Equatable {
    public var name: String
    public var value: Double
    /// Best proven bound on the stage's optimum (equal to `value` when optimal).
    public var bound: Double
    public var status: SolveStatus
    /// How optimality was established: "LP optimum is integral (network matrix)", "branch-and-bound", …
    public var evidence: String
    public var seconds: Double
    public init(name: String, value: Double, bound: Double, status: SolveStatus, evidence: String, seconds: Double) {
        self.name = name
        self.value = value
        self.bound = bound
        self.status = status
        self.evidence = evidence
        self.seconds = seconds
    }
}

public struct Solution: Sendable {
    public var status: SolveStatus
    /// Column values (empty when there is no solution).
    public var values: [Double]
    public var stages: [StageResult]
    /// Duals of the model's constraints from the last LP stage, when the backend has them.
    public var rowDuals: [Double]?
    public var solverName: String
    /// Simplex iterations the solve used (GLPK), the unit of `SolveOptions.iterationLimit`.
    public var iterations: Int = 0
    /// Each stage's final LP basis, in stage order (the stages solved by LP; empty for backends
    /// without bases): the start of a later solve of a nearly equal model (`SolveOptions.bases`).
    public var stageBases: [StageBasis] = []
    public init(status: SolveStatus, values: [Double], stages: [StageResult], rowDuals: [Double]? = nil, solverName: String) {
        self.status = status
        self.values = values
        self.stages = stages
        self.rowDuals = rowDuals
        self.solverName = solverName
    }
}

/// Options every backend honours.
public struct SolveOptions: Sendable {
    /// Wall-clock limit for the whole lexicographic solve, in seconds.
    public var timeLimit: Double?
    /// Relative MIP gap at which branch-and-bound may stop (0 = prove optimality).
    public var mipGap: Double
    /// Receives progress lines (phase, elapsed, bound and gap).
    public var progress: (@Sendable (ProgressEvent) -> Void)?
    /// Before branch-and-bound, dive from the LP optimum (fix the near-1 binaries, re-solve, repeat)
    /// for a first incumbent, then branch on the most fractional column without cuts. GLPK's own
    /// heuristics find poor incumbents on large scheduling models, its default branching rule
    /// computes tableau rows that cost seconds per node on them, and cuts halve the nodes searched.
    public var dive: Bool
    /// Before each stage's search, rounds of Gomory mixed-integer cuts on its LP optimum, kept for
    /// the later stages (scheduling models: GLPK's own cut rounds leave their bound at ⌊LP⌋).
    public var gomoryCuts = false
    /// Work limit for the whole lexicographic solve, in simplex iterations. Unlike the time limit
    /// it stops a solve at the same point on every machine, so the result is reproducible.
    public var iterationLimit: Int?
    /// A known feasible point (column values), e.g. an earlier placement repaired for a changed
    /// model: branch-and-bound gets it as its first incumbent, and a stage whose LP bound it
    /// already meets is optimal without a search. Ignored where it breaks the model or an
    /// earlier stage's optimum. It changes how fast a solve is proven, not what is proven.
    public var start: [Double]?
    /// Final LP bases of an earlier solve of a model with the same rows and columns (see
    /// `Solution.stageBases`): stage k starts its simplex from the k-th. Like `start`, it changes
    /// how fast a solve is proven, not what is proven.
    public var bases: [StageBasis]?
    /// A feasible point found without an LP (computed once, when first needed): the first
    /// stage's LP starts at its vertex (unless a known start is better), and it is reported, with
    /// a bound that needs no LP, when a time or work limit stops the first stage before its LP
    /// relaxation is solved and it is better than the interrupted LP point rounded and repaired.
    public var fallbackStart: (@Sendable () -> FallbackStart?)?
    public init(
        timeLimit: Double? = nil, iterationLimit: Int? = nil, mipGap: Double = 0, dive: Bool = false,
        start: [Double]? = nil, bases: [StageBasis]? = nil, progress: (@Sendable (ProgressEvent) -> Void)? = nil
    ) {
        self.iterationLimit = iterationLimit
        self.bases = bases
        self.start = start
        self.dive = dive
        self.timeLimit = timeLimit
        self.mipGap = mipGap
        self.progress = progress
    }
}

/// A feasible point found without an LP (`SolveOptions.fallbackStart`), with a proven bound on
/// the first objective when its maker has one (nil: none).
public struct FallbackStart: Sendable {
    public var values: [Double]
    public var firstStageBound: Double?
    public init(values: [Double], firstStageBound: Double?) {
        self.values = values
        self.firstStageBound = firstStageBound
    }
}

public struct ProgressEvent: Sendable {
    public var stage: String
    public var elapsed: Double
    public var incumbent: Double?
    public var bound: Double?
    public var gap: Double?
    public var message: String?
    public init(stage: String, elapsed: Double, incumbent: Double? = nil, bound: Double? = nil, gap: Double? = nil, message: String? = nil) {
        self.stage = stage
        self.elapsed = elapsed
        self.incumbent = incumbent
        self.bound = bound
        self.gap = gap
        self.message = message
    }
}
