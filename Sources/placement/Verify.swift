import ArgumentParser
import PlacementEngine

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a report folder against its scenario, independently of the solver that made it.",
        discussion: """
            Recomputes every placement rule, capacity, alliance rule, stability (when required), the \
            objective values and summary counts, and the SHA-256 of every input and output file. Prints \
            each violation, one per line, and exits with code 6; or prints a one-line verdict and exits \
            with 0. See docs/audit.md.
            """)

    @Argument(help: "The scenario file (YAML or JSON) the report was made from.") var scenario: String
    @Argument(help: "The report folder (with report.json and manifest.json).") var report: String
    @Flag(help: "Also print every check made.") var verbose = false
    @OptionGroup var limits: LimitOptions

    func run() throws {
        let result = try runReportingErrors {
            try PlacementEngine().verify(scenarioPath: scenario, reportFolder: report, options: limits.loadOptions)
        }
        if verbose { for check in result.checks { print("checked: \(check)") } }
        for violation in result.violations { print(violation.description) }
        if result.isVerified {
            print(result.verdict)
        } else {
            printError("\(report): \(result.verdict)")
            throw Exit.verificationFailed
        }
    }
}
