import Foundation
import PlacementDomain
import PlacementFormulation
import PlacementGLPK
import PlacementModel
import PlacementReports
import PlacementScenarioIO

/// The one facade the CLI and tests use: load, solve, report.
public struct PlacementEngine: Sendable {
    public struct Options: Sendable {
        /// Overrides the policy's time limit (seconds).
        public var timeLimit: Double?
        /// Receives progress events from the solver.
        public var progress: (@Sendable (ProgressEvent) -> Void)?
        public init(timeLimit: Double? = nil, progress: (@Sendable (ProgressEvent) -> Void)? = nil) {
            self.timeLimit = timeLimit
            self.progress = progress
        }
    }

    public init() {}

    public static let toolVersion = "0.1.0"
    public static var glpkVersion: String { GLPKSolver.version }

    public func load(path: String, options: LoadOptions = LoadOptions()) throws(EngineError) -> Scenario {
        do { return try ScenarioLoader(options: options).load(path: path) } catch { throw .invalidScenario(error) }
    }

    /// Builds the model for a scenario (with the core rules and the policy's objectives).
    public func formulate(_ scenario: Scenario) -> Formulation {
        Formulation(scenario: scenario)
    }

    /// Solves a scenario to proven optimality (or the best within the time limit).
    public func solve(_ scenario: Scenario, options: Options = Options()) throws(EngineError) -> PlacementOutcome {
        let buildStart = Date()
        let formulation = formulate(scenario)
        let buildSeconds = Date().timeIntervalSince(buildStart)
        let solveStart = Date()
        let solution: Solution
        do {
            solution = try GLPKSolver().solve(formulation.model, options: SolveOptions(
                timeLimit: options.timeLimit ?? scenario.policy.timeLimitSeconds, mipGap: 0, progress: options.progress))
        } catch let error as GLPKError {
            throw .solver(error)
        } catch {
            throw .solver(.invalidModel("\(error)"))
        }
        let solveSeconds = Date().timeIntervalSince(solveStart)
        return OutcomeBuilder(formulation: formulation).outcome(from: solution,
                                                                timings: ["build": buildSeconds, "solve": solveSeconds])
    }

    /// Writes every report file for an outcome into `folder`, atomically.
    public func writeReports(_ scenario: Scenario, _ outcome: PlacementOutcome, to folder: String,
                             settings: ReportSettings, force: Bool) throws(EngineError) -> [String] {
        let files = ReportSet(scenario: scenario, outcome: outcome, settings: settings).files()
        do {
            try AtomicFolderWriter(destination: folder, force: force).write(files)
        } catch {
            throw .output(error)
        }
        return files.map(\.name)
    }
}
