import ArgumentParser
import PlacementEngine

struct Advise: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "If we could add N seats, where? Suggestions with predicted and confirmed gains.")

    @Argument(help: "The scenario (or variant) file.") var scenario: String
    @Option(help: "Number of extra seats to place.") var seats: Int = 5
    @Option(help: "Time limit per solve, in seconds.") var timeLimit: Double?
    @OptionGroup var limits: LimitOptions

    func validate() throws {
        if seats < 1 || seats > 1000 { throw ValidationError("--seats must be between 1 and 1000") }
        try checkLimits(timeLimit: timeLimit)
    }

    func run() throws {
        try runReportingErrors {
            let engine = PlacementEngine()
            let loaded = try engine.load(path: scenario, options: limits.loadOptions)
            let advice = try engine.advise(loaded, seats: seats, timeLimit: timeLimit) { printError($0) }
            print(advice.markdown, terminator: "")
        }
    }
}
