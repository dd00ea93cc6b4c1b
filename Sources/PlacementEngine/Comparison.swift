import Foundation
import PlacementConcurrency
import PlacementDomain
import PlacementReports
import PlacementSolving

/// What-if runs solved side by side.
public struct Comparison: Sendable {
    public struct Run: Sendable {
        public let scenario: Scenario
        public let outcome: PlacementOutcome
    }
    public let runs: [Run]
    public let seconds: Double
}

extension PlacementEngine {
    /// Solves the base scenario and every variant, in parallel on the machine's cores (GLPK keeps
    /// one environment per thread), and returns them in the order given.
    public func compare(paths: [String], options: LoadOptions = LoadOptions(), timeLimit: Double? = nil) throws(EngineError) -> Comparison {
        let started = Date()
        var scenarios: [Scenario] = []
        for path in paths { scenarios.append(try load(path: path, options: options)) }
        let frozen = scenarios
        let results = parallelMap(count: frozen.count) { i in
            defer { GLPKMethod.releaseThreadResources() }
            return Result<PlacementOutcome, EngineError> { () throws(EngineError) in
                try self.solve(frozen[i], options: .init(timeLimit: timeLimit))
            }
        }
        var runs: [Comparison.Run] = []
        for (scenario, result) in zip(scenarios, results) {
            switch result {
            case let .success(outcome): runs.append(.init(scenario: scenario, outcome: outcome))
            case let .failure(error): throw error
            }
        }
        return Comparison(runs: runs, seconds: Date().timeIntervalSince(started))
    }

    /// Writes the comparison folder: comparison.md, comparison.csv, changed-<variant>.csv and each
    /// run's own report folder — atomically.
    public func writeComparison(_ comparison: Comparison, to folder: String, settings: ReportSettings, force: Bool) throws(EngineError) -> [String] {
        var files = ComparisonReport(runs: comparison.runs.map { ($0.scenario, $0.outcome) }, settings: settings).files()
        for run in comparison.runs {
            for file in ReportSet(scenario: run.scenario, outcome: run.outcome, settings: settings).files() {
                files.append(ReportFile(name: "\(run.scenario.name)/\(file.name)", bytes: file.bytes))
            }
        }
        do { try AtomicFolderWriter(destination: folder, force: force, marker: "comparison.md").write(files) } catch { throw .output(error) }
        return files.map(\.name).filter { !$0.contains("/") }
    }
}
