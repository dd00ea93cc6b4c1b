import ArgumentParser
import PlacementEngine

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a commented scenario skeleton and CSV templates (or one Excel workbook) into a new or empty folder.")

    @Argument(help: "Folder to create (must not exist, or be empty).") var directory: String
    @Flag(help: "Write the tables as sheets of one Excel workbook (allocation.xlsx: rosters and rule tables) instead of CSV files.")
    var xlsx = false

    func run() throws {
        try runReportingErrors {
            let written = try PlacementEngine().writeTemplate(to: directory, workbook: xlsx)
            print("wrote \(written.map { "\(directory)/\($0)" }.joined(separator: ", "))")
            print("next: placement validate \(directory)/scenario.yaml")
        }
    }
}
