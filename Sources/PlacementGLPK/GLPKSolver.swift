import CGLPK
import Foundation
import GLPKShim
import PlacementModel

/// Solves a `LinearModel` with GLPK, one lexicographic objective stage at a time.
///
/// Each stage runs the primal simplex on the LP relaxation (warm-started from the previous stage's
/// basis). When the LP optimum is integral it is the integer optimum and no branch-and-bound is
/// needed — always the case for network-structured models. Otherwise `glp_intopt` runs from that
/// relaxation. After a stage its optimum is fixed as a constraint before the next stage starts,
/// so each later objective is optimised only among the earlier stages' optima.
public struct GLPKSolver: Sendable {
    public init() {}

    /// GLPK's version string, e.g. "5.0".
    public static var version: String { String(cString: gs_version()) }

    /// Integrality tolerance for "the LP optimum is integral".
    static let integralityTolerance = 1e-7

    /// Where to write the exact model of each stage before it is solved (for audits).
    public struct StageExport: Sendable {
        public let format: ModelFileFormat
        public let directory: String
        /// Write the first stage's model and stop without solving (models too large to solve).
        public let firstStageOnly: Bool
        public init(format: ModelFileFormat, directory: String, firstStageOnly: Bool = false) {
            self.format = format
            self.directory = directory
            self.firstStageOnly = firstStageOnly
        }
    }

    /// Solves the model's objectives in lexicographic order (see the type's documentation).
    public func solve(_ model: LinearModel, options: SolveOptions = SolveOptions(), exportStages: StageExport? = nil) throws -> Solution {
        let started = Date()
        let problem = try GLPKProblem()
        // Exact tie-breaks are solved in one stage with the objective before them, and reported apart.
        let (objectives, folds) =
            model.objectives.isEmpty
            ? ([LinearModel.Objective(name: "feasibility", sense: .minimize, terms: [], isIntegral: true)], [])
            : TieBreakFold.fold(model.objectives, model: model)
        try problem.load(model, objective: objectives[0])
        if exportStages != nil {
            try problem.setNames(rows: model.constraints.map(\.name), columns: model.variables.indices.map(model.name(ofVariable:)))
        }
        let limits = Limits(
            deadline: options.timeLimit.map { started.addingTimeInterval($0) },
            iterationLimit: options.iterationLimit, iterationStart: problem.iterationCount)
        let progressBox = ProgressBox(options.progress, started: started)
        let output = progressBox.outputContext
        gs_set_output(progressOutput, output)
        defer { gs_set_output(nil, nil); progressBox.release() }

        var run = StagedSolve(
            model: model, objectives: objectives, problem: problem, limits: limits, options: options,
            progress: progressBox, exportStages: exportStages)
        stages: for index in objectives.indices {
            switch try run.solveStage(index) {
            case .solved: continue
            case .cutShort: break stages
            case let .ended(status):
                return limits.stamp(Solution(status: status, values: [], stages: run.stages, solverName: "GLPK \(Self.version)"), problem)
            }
        }
        var solution = try run.finish()
        solution.stages = TieBreakFold.unfold(solution.stages, folds, model: model, values: solution.values)
        return solution
    }

    /// Writes the model (first objective, with readable names) in LP or MPS form.
    public func export(_ model: LinearModel, format: ModelFileFormat, to path: String) throws {
        let problem = try GLPKProblem()
        try problem.load(model, objective: model.objectives.first)
        try problem.setNames(rows: model.constraints.map(\.name), columns: model.variables.indices.map(model.name(ofVariable:)))
        try problem.write(format: format, path: path)
    }

    /// Solves the model stage by stage and writes, before each stage, the exact model GLPK is
    /// about to solve: stage k carries the optima of stages 1…k−1 as fixed rows (`fix_NAME`).
    /// Returns the solution and the files written, in order.
    public func exportStages(
        _ model: LinearModel, format: ModelFileFormat, directory: String, firstStageOnly: Bool = false
    ) throws -> (Solution, [String]) {
        let solution = try solve(model, exportStages: StageExport(format: format, directory: directory, firstStageOnly: firstStageOnly))
        let objectives = model.objectives.isEmpty ? ["feasibility"] : model.objectives.map(\.name)
        let files = objectives.enumerated().prefix(max(1, solution.stages.count)).map {
            "\(directory)/stage\($0.offset + 1)-\(glpkSafeName($0.element)).\(format.rawValue)"
        }
        return (solution, files)
    }

    /// Asks running and later solves to stop (async-signal-safe: stores the signal number).
    /// Branch-and-bound returns its best solution so far; a simplex in progress is abandoned.
    public static func requestStop(signal: Int32) { gs_request_stop(signal) }
    /// The signal number of a stop request, or nil.
    public static var stopSignal: Int32? { let s = gs_stop_signal(); return s == 0 ? nil : s }

    /// The most memory GLPK may allocate per thread, in MB; nil (the default) for no limit.
    /// Process-wide: it applies to every later GLPK call on every thread. Exceeding it throws
    /// `GLPKError.outOfMemory` instead of ending the process.
    public static var memoryLimitMegabytes: Int? {
        get { let mb = Int(gs_memory_limit()); return mb > 0 ? mb : nil }
        set { gs_set_memory_limit(Int32(clamping: max(0, newValue ?? 0))) }
    }

    /// Frees the calling thread's GLPK environment (call when a worker thread is done with GLPK).
    public static func releaseThreadEnvironment() { gs_free_env() }

    /// Makes an invalid call into GLPK on purpose; used by tests to show the guard turns GLPK's
    /// abort into a Swift error and the process carries on.
    public static func provokeGLPKError() throws {
        let problem = try GLPKProblem()
        var model = LinearModel()
        model.addVariable(.init(name: "x"))
        try problem.load(model, objective: nil)
        try problem.provokeError()
    }

    /// The limits of one solve: a wall-clock deadline and a budget of simplex iterations (the
    /// deterministic one: it stops at the same point on every machine).
    struct Limits {
        let deadline: Date?
        let iterationLimit: Int?
        let iterationStart: Int

        func milliseconds() -> Int32 { remainingMilliseconds(deadline) }

        func iterationsUsed(_ problem: GLPKProblem) -> Int { problem.iterationCount - iterationStart }

        /// For GLPK: 0 means no limit, so an exhausted budget must be caught by `exhausted` first.
        func iterationsLeft(_ problem: GLPKProblem) -> Int32 {
            guard let iterationLimit else { return 0 }
            return Int32(clamping: max(1, iterationLimit - iterationsUsed(problem)))
        }

        func workExhausted(_ problem: GLPKProblem) -> Bool {
            iterationLimit.map { iterationsUsed(problem) >= $0 } ?? false
        }

        func exhausted(_ problem: GLPKProblem) -> Bool {
            workExhausted(problem) || deadline.map { Date() >= $0 } ?? false
        }

        /// Which limit ran out, in the words of the report.
        func which(_ problem: GLPKProblem) -> String {
            workExhausted(problem) ? "work limit" : "time limit"
        }

        /// Half of what is left of each limit, from now.
        func half(_ problem: GLPKProblem) -> Limits {
            Limits(
                deadline: deadline.map { Date().addingTimeInterval(max(0, $0.timeIntervalSinceNow) / 2) },
                iterationLimit: iterationLimit.map { max(0, $0 - iterationsUsed(problem)) / 2 },
                iterationStart: problem.iterationCount)
        }

        /// These limits with at most `iterations` more simplex iterations, from now.
        func capped(iterations: Int, _ problem: GLPKProblem) -> Limits {
            let left = iterationLimit.map { max(0, $0 - iterationsUsed(problem)) } ?? iterations
            return Limits(deadline: deadline, iterationLimit: min(left, iterations), iterationStart: problem.iterationCount)
        }

        func stamp(_ solution: Solution, _ problem: GLPKProblem) -> Solution {
            var solution = solution
            solution.iterations = iterationsUsed(problem)
            return solution
        }
    }

    static func remainingMilliseconds(_ deadline: Date?) -> Int32 {
        guard let deadline else { return 0 }
        let ms = deadline.timeIntervalSinceNow * 1000
        return Int32(clamping: max(1, Int(ms.rounded(.up))))
    }

    /// A bound as people read it: GLPK's 261.9999999999999 is 262.
    static func readable(_ value: Double) -> String {
        let rounded = value.rounded()
        if abs(value - rounded) <= 1e-6 * max(1, abs(value)), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        return String(value)
    }

    static func tighter(_ a: Double, _ b: Double, sense: LinearModel.Sense) -> Double {
        sense == .minimize ? max(a, b) : min(a, b)
    }
}

/// Carries the progress closure through C callbacks.
///
/// `@unchecked Sendable` because GLPK receives it as an opaque pointer (`Unmanaged`) and calls back
/// on the thread that runs the solve; its one mutable property, `stage`, is set and read only on
/// that thread. A lock would guard nothing.
final class ProgressBox: @unchecked Sendable {
    let handler: (@Sendable (ProgressEvent) -> Void)?
    let started: Date
    var stage = ""
    private var retained: Unmanaged<ProgressBox>?

    init(_ handler: (@Sendable (ProgressEvent) -> Void)?, started: Date) {
        self.handler = handler
        self.started = started
    }

    var outputContext: UnsafeMutableRawPointer {
        let unmanaged = Unmanaged.passRetained(self)
        retained = unmanaged
        return unmanaged.toOpaque()
    }

    func release() { retained?.release(); retained = nil }

    func emit(message: String? = nil, incumbent: Double? = nil, bound: Double? = nil, gap: Double? = nil) {
        handler?(
            ProgressEvent(
                stage: stage, elapsed: Date().timeIntervalSince(started),
                incumbent: incumbent, bound: bound, gap: gap, message: message))
    }
}

final class MIPProgressBox {
    let progress: ProgressBox
    var lastReport = Date.distantPast
    init(_ progress: ProgressBox) { self.progress = progress }
}

private let progressOutput: gs_output_fn = { context, text in
    guard let context, let text else { return }
    let box = Unmanaged<ProgressBox>.fromOpaque(context).takeUnretainedValue()
    let line = String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
    if !line.isEmpty { box.emit(message: line) }
}

let mipProgress: gs_mip_progress_fn = { context, hasIncumbent, incumbent, bound, gap in
    guard let context else { return 0 }
    let box = Unmanaged<MIPProgressBox>.fromOpaque(context).takeUnretainedValue()
    let now = Date()
    if now.timeIntervalSince(box.lastReport) >= 1 {
        box.lastReport = now
        box.progress.emit(incumbent: hasIncumbent != 0 ? incumbent : nil, bound: bound, gap: hasIncumbent != 0 ? gap : nil)
    }
    return 0
}
