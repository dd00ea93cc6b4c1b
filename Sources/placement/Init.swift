import ArgumentParser
import PlacementEngine

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a commented scenario skeleton and CSV templates into a new folder.")

    @Argument(help: "Folder to create (must not exist, or be empty).") var directory: String

    func run() throws {
        try runReportingErrors {
            let written = try PlacementEngine().writeTemplate(to: directory)
            print("wrote \(written.map { "\(directory)/\($0)" }.joined(separator: ", "))")
            print("next: placement validate \(directory)/scenario.yaml")
        }
    }
}
