import ArgumentParser
import Foundation
import PlacementEngine

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Convert a benchmark instance (placement-instance-1 JSON) into a scenario folder.")

    @Argument(help: "The instance JSON file.") var instance: String
    @Option(help: "Scenario folder to create.") var out: String
    @Option(help: "Scenario name (default: the folder's name).") var name: String?
    @Flag(help: "Use the lexicographic policy (max placed, then min cost) instead of the benchmark's weighted objective.")
    var lexicographic = false
    @Flag(help: "Also import the side rules (minimum interns per used base, nationality shares).")
    var side = false

    func run() throws {
        try runReportingErrors {
            let written = try PlacementEngine().importBenchInstance(
                path: instance, to: out, name: name, lexicographic: lexicographic, sideRules: side)
            print("wrote \(written.map { "\(out)/\($0)" }.joined(separator: ", "))")
        }
    }
}
