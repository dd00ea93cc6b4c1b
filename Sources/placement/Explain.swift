import ArgumentParser
import PlacementEngine

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Explain one student's outcome in a report: which rules exclude each better-ranked base, and what forcing her into an allowed one would change."
    )

    @Argument(help: "The scenario file the report was made from.") var scenario: String
    @Argument(help: "The report folder (or its report.json).") var report: String
    @Option(help: "The student's id.") var student: String
    @Option(help: "Time limit per re-solve, in seconds.") var timeLimit: Double?
    @OptionGroup var limits: LimitOptions

    func validate() throws {
        try checkLimits(timeLimit: timeLimit)
    }

    func run() throws {
        try runReportingErrors {
            let engine = PlacementEngine()
            let loaded = try engine.load(path: scenario, options: limits.loadOptions)
            print(try engine.explain(loaded, reportPath: report, studentID: student, timeLimit: timeLimit) { printError($0) }.text)
        }
    }
}
