import ArgumentParser
import PlacementEngine

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a scenario and its roster files; print every problem found.")

    @Argument(help: "The scenario file (YAML or JSON).") var scenario: String
    @OptionGroup var limits: LimitOptions

    func run() throws {
        let report = PlacementEngine().validate(path: scenario, options: limits.loadOptions)
        for diagnostic in report.diagnostics { print(diagnostic) }
        if report.errorCount > 0 {
            printError("\(scenario): \(report.errorCount) error(s), \(report.warningCount) warning(s)")
            throw Exit.invalidInput
        }
        print("\(scenario): valid (\(report.summary)); \(report.warningCount) warning(s)")
    }
}
