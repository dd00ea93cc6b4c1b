import PlacementDomain
import PlacementFormulation
import PlacementReports
import PlacementSolving

/// Everything the engine can fail with, each case carrying what the user needs to act.
public enum EngineError: Error, CustomStringConvertible {
    /// The scenario files have errors (each names file, line, field, value and what was expected).
    case invalidScenario(ScenarioError)
    /// The solver failed (GLPK's message attached); no report was written.
    case solver(SolverError)
    /// A report could not be written; nothing was changed on disk.
    case output(ReportOutputError)
    /// An input that is not a scenario (an instance to import, a report to read) is unusable.
    case unreadableInput(path: String, reason: String)
    /// `--solver network` asked for on a run that is not a pure transportation problem (a usage
    /// error: nothing was solved).
    case unsuitableSolver(NetworkObstacle)

    public var description: String {
        switch self {
        case let .invalidScenario(e): return e.description
        case let .solver(e): return e.description
        case let .output(e): return e.description
        case let .unreadableInput(path, reason): return "\(path): \(reason)"
        case let .unsuitableSolver(obstacle):
            return "--solver network needs a pure transportation problem: \(obstacle); use --solver auto or glpk"
        }
    }

    /// `--solver network` refused for this formulation, naming what is in the way.
    static func networkUnsuitable(_ f: Formulation, reallocating: Bool) -> EngineError {
        .unsuitableSolver(NetworkObstacle(f, reallocating: reallocating))
    }
}

/// What keeps the network algorithm from a run: it solves only transportation problems (one
/// placement per student, seats per base and term) with the objectives and costs it takes.
public enum NetworkObstacle: Sendable, Hashable, CustomStringConvertible {
    /// A scheduled scenario (weeks, rotations and mentors).
    case schedule
    /// Rules beyond one placement per student and the seats, by name.
    case sideRules([String])
    /// Re-allocating from an earlier report (`--from`) adds an objective: keep its placements.
    case earlierReport
    /// Objectives other than [max_placed, min_cost], [max_placed], or [min_cost] with an unplaced penalty.
    case objectives([Policy.Objective])
    /// Costs that are negative, not whole cents, or too many distinct values.
    case costs

    /// The first obstacle found, in the order above (`.costs` when none of the others is there).
    init(_ f: Formulation, reallocating: Bool) {
        let scenario = f.scenario
        let sideRules = Formulation.rules(for: scenario).map(\.id).filter { $0 != .onePlacement && $0 != .capacity }.map(\.title)
        let objectives = scenario.policy.objectives
        let networkObjectives =
            objectives == [.maxPlaced, .minCost] || objectives == [.maxPlaced]
            || (objectives == [.minCost] && scenario.policy.unplacedPenalty != nil)
        if scenario.schedule != nil {
            self = .schedule
        } else if !sideRules.isEmpty {
            self = .sideRules(sideRules)
        } else if reallocating {
            self = .earlierReport
        } else if !networkObjectives {
            self = .objectives(objectives)
        } else {
            self = .costs
        }
    }

    public var description: String {
        switch self {
        case .schedule:
            return "this scenario has a schedule (weeks, rotations and mentors)"
        case let .sideRules(names):
            return "this scenario has side rules (\(names.joined(separator: ", ")))"
        case .earlierReport:
            return "re-allocating from an earlier report (--from) adds an objective (keep its placements)"
        case let .objectives(objectives):
            return "this scenario's objectives are [\(objectives.map(\.rawValue).joined(separator: ", "))] "
                + "(it takes [max_placed, min_cost], [max_placed], or [min_cost] with unplaced_penalty)"
        case .costs:
            return "this scenario has costs that are negative, not whole cents, or more than \(NetworkMethod.maximumDistinctCosts) distinct values"
        }
    }
}
