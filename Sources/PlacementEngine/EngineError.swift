import PlacementDomain
import PlacementSolving
import PlacementReports

/// Everything the engine can fail with, each case carrying what the user needs to act.
public enum EngineError: Error, CustomStringConvertible {
    /// The scenario files have errors (each names file, line, field, value and what was expected).
    case invalidScenario(ScenarioError)
    /// The solver failed (GLPK's message attached); no report was written.
    case solver(SolverError)
    /// The solver asked for on the command line cannot solve this scenario (a usage error).
    case unsuitableSolver(reason: String)
    /// A report could not be written; nothing was changed on disk.
    case output(ReportOutputError)
    /// An input that is not a scenario (an instance to import, a report to read) is unusable.
    case unreadableInput(path: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidScenario(e): return e.description
        case let .solver(e): return e.description
        case let .unsuitableSolver(reason): return "--solver network: \(reason)"
        case let .output(e): return e.description
        case let .unreadableInput(path, reason): return "\(path): \(reason)"
        }
    }
}
