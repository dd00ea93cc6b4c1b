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
    @OptionGroup var limits: LimitOptions

    func run() throws {
        do {
            let engine = PlacementEngine()
            let loaded = try engine.load(path: scenario, options: limits.loadOptions)
            let written = try engine.exportModel(loaded, format: format, to: out, force: force)
            print("wrote \(written.map { "\(out)/\($0)" }.joined(separator: ", "))")
        } catch {
            printError(error.description)
            throw Exit.code(for: error)
        }
    }
}
