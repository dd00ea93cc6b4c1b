import ArgumentParser
import Foundation
import PlacementEngine

@main
struct Placement: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "placement",
        abstract: "Optimal internship placements for China–ASEAN university alliances, solved with GLPK.",
        discussion: """
            Exit codes: 0 success; 2 invalid scenario or input; 3 no solution (infeasible, or none \
            within the time limit); 4 report not written (folder exists, not writable, disk full); \
            5 solver failure; 6 report failed verification (verify); 64 bad command-line usage; \
            130 / 143 stopped by SIGINT / SIGTERM (nothing written unless solve --write-partial).
            """,
        version: "placement \(PlacementEngine.toolVersion) (GLPK \(PlacementEngine.glpkVersion))",
        subcommands: [
            Validate.self, Solve.self, Init.self, Import.self, ExportModel.self, Explain.self, Compare.self, Advise.self, Verify.self, CheckEdit.self,
            Vacancy.self
        ]
    )
}

/// Exit codes, documented in --help and the README.
enum Exit {
    static let invalidInput = ExitCode(2)
    static let noSolution = ExitCode(3)
    static let output = ExitCode(4)
    static let solver = ExitCode(5)
    /// The report failed verification (each violation printed).
    static let verificationFailed = ExitCode(6)
    /// Bad command-line usage (ArgumentParser's own code for it).
    static let usage = ExitCode.validationFailure

    /// Stopped by SIGINT or SIGTERM: 128 + the signal's number (130, 143).
    static func interrupted(signal: Int32) -> ExitCode { ExitCode(128 + signal) }
}

struct LimitOptions: ParsableArguments {
    @Option(help: "Largest input file read, in bytes.") var maxFileBytes: Int?
    @Option(help: "Most data rows in one roster table.") var maxRows: Int?
    @Option(help: "Longest field, in bytes.") var maxFieldBytes: Int?
    @Option(help: "Most YAML nodes visited, counting alias expansion.") var maxYamlNodes: Int?
    @Flag(help: "Allow roster paths outside the scenario's folder.") var allowOutsidePaths = false

    var loadOptions: LoadOptions {
        var o = LoadOptions()
        if let v = maxFileBytes { o.maxFileBytes = v }
        if let v = maxRows { o.maxRows = v }
        if let v = maxFieldBytes { o.maxFieldBytes = v }
        if let v = maxYamlNodes { o.maxYAMLNodes = v }
        o.allowOutsidePaths = allowOutsidePaths
        return o
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
