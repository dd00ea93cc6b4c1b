import Foundation
import PlacementDomain
import PlacementFormulation
import PlacementModel
import PlacementReports
import PlacementSolving

extension PlacementEngine {
    /// Writes the exact models GLPK solves for a scenario, one file per lexicographic stage
    /// (stage k includes the optima of the earlier stages as `fix_*` rows), with readable row and
    /// column names, plus `objectives.txt` giving each stage's optimum for comparison with
    /// another solver. The folder is written atomically.
    /// `pooledMentors`: for a scheduled scenario, the model GLPK solves first (mentor groups
    /// pooled, docs/scheduling.md) instead of the one with every mentor detailed.
    /// `firstStageOnly`: write stage 1 without solving it (for models too large to solve here).
    public func exportModel(
        _ scenario: Scenario, format: ModelFileFormat, to folder: String, force: Bool,
        pooledMentors: Bool = false, firstStageOnly: Bool = false
    ) throws(EngineError) -> [String] {
        let formulation = pooledMentors && scenario.schedule != nil ? Formulation(scenario: scenario, mentorDetail: .pooled) : formulate(scenario)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("placement-export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let solution: Solution
        let paths: [String]
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        } catch {
            throw .unreadableInput(path: scratch.path, reason: "\(error)")
        }
        do {
            (solution, paths) = try GLPKMethod.exportStages(
                formulation.model, format: format, directory: scratch.path, firstStageOnly: firstStageOnly)
        } catch {
            throw .solver(error)
        }
        var files: [ReportFile] = []
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            files.append(ReportFile(name: URL(fileURLWithPath: path).lastPathComponent, bytes: Array(data)))
        }
        var text = "# Models of scenario \(scenario.name), written by placement \(Self.toolVersion) with GLPK \(GLPKMethod.version)\n"
        text += firstStageOnly ? "# status: not solved (first stage only)\n" : "# status: \(solution.status.label)\n"
        text += "# Each stage file is the exact model GLPK solved for that objective; re-solve one with e.g.\n"
        text += "#   glpsol --\(format == .lp ? "lp" : "freemps") \(files.first?.name ?? "stage1.lp") -o solution.txt\n"
        if format == .mps {
            text += "# MPS files do not record the objective sense: add --max for the stages marked maximize below.\n"
        }
        text += "# stage\tobjective\tsense\toptimum\n"
        for (i, stage) in solution.stages.enumerated() {
            text += "\(i + 1)\t\(stage.name)\t\(formulation.model.objectives[i].sense.rawValue)\t\(formatNumber(stage.value))\n"
        }
        if firstStageOnly, let first = formulation.model.objectives.first {
            text += "1\t\(first.name)\t\(first.sense.rawValue)\tnot solved\n"
        }
        files.append(ReportFile(name: "objectives.txt", text: text))
        do { try AtomicFolderWriter(destination: folder, force: force, marker: "objectives.txt").write(files) } catch { throw .output(error) }
        return files.map(\.name)
    }
}
