import ArgumentParser
import Foundation
import PlacementEngine

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Solve a base scenario and its variants (in parallel) and write a side-by-side comparison.")

    @Argument(help: "The base scenario, then variant files (each names its base with variant_of).") var scenarios: [String]
    @Option(help: "Comparison folder to write.") var out: String
    @Flag(help: "Replace an existing comparison folder.") var force = false
    @Option(help: "Time limit per scenario, in seconds.") var timeLimit: Double?
    @OptionGroup var limits: LimitOptions

    func validate() throws {
        if scenarios.count < 2 { throw ValidationError("give a base scenario and at least one variant") }
        try checkLimits(timeLimit: timeLimit)
    }

    func run() throws {
        try runReportingErrors {
            let engine = PlacementEngine()
            let comparison = try engine.compare(paths: scenarios, options: limits.loadOptions, timeLimit: timeLimit)
            let settings = ReportSettings(toolVersion: PlacementEngine.toolVersion, glpkVersion: PlacementEngine.glpkVersion)
            let written = try engine.writeComparison(comparison, to: out, settings: settings, force: force)
            for run in comparison.runs {
                print("\(run.scenario.name): \(run.outcome.solver.statusText); placed \(run.outcome.placedCount) of \(run.scenario.students.count)")
            }
            print("  comparison: \(out)/ (\(written.joined(separator: ", ")) and one report folder per scenario)")
            print("  time: \(String(format: "%.2f", comparison.seconds)) s")
        }
    }
}
