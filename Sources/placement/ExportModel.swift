import ArgumentParser
import PlacementEngine

extension ModelFileFormat: ExpressibleByArgument {}

struct ExportModel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-model",
        abstract: "Write the exact models GLPK solves (one per objective stage) in CPLEX LP or MPS form, for re-solving with another solver.")

    @Argument(help: "The scenario file (YAML or JSON).") var scenario: String
    @Option(help: "lp or mps.") var format: ModelFileFormat = .lp
    @Option(help: "Folder to write.") var out: String
    @Flag(help: "Replace an existing folder.") var force = false
    @Flag(help: "Scheduled scenarios: write the model GLPK solves first, with mentor groups pooled, instead of the one with every mentor detailed.")
    var pooledMentors = false
    @Flag(help: "Write the first stage's model without solving it (for models too large to solve here); objectives.txt then has no optima.")
    var firstStageOnly = false
    @OptionGroup var limits: LimitOptions

    func run() throws {
        try runReportingErrors {
            let engine = PlacementEngine()
            let loaded = try engine.load(path: scenario, options: limits.loadOptions)
            let written = try engine.exportModel(
                loaded, format: format, to: out, force: force,
                pooledMentors: pooledMentors, firstStageOnly: firstStageOnly)
            print("wrote \(written.map { "\(out)/\($0)" }.joined(separator: ", "))")
        }
    }
}
