import Foundation
import PlacementDomain
import PlacementGLPK
import PlacementModel
import PlacementReports

extension PlacementEngine {
    /// Writes the exact models GLPK solves for a scenario, one file per lexicographic stage
    /// (stage k includes the optima of the earlier stages as `fix_*` rows), with readable row and
    /// column names, plus `objectives.txt` giving each stage's optimum for comparison with
    /// another solver. The folder is written atomically.
    public func exportModel(_ scenario: Scenario, format: ModelFileFormat, to folder: String, force: Bool) throws(EngineError) -> [String] {
        let formulation = formulate(scenario)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("placement-export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let solution: Solution
        let paths: [String]
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            (solution, paths) = try GLPKSolver().exportStages(formulation.model, format: format, directory: scratch.path)
        } catch let error as GLPKError {
            throw .solver(error)
        } catch {
            throw .unreadableInput(path: scratch.path, reason: "\(error)")
        }
        var files: [ReportFile] = []
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            files.append(ReportFile(name: URL(fileURLWithPath: path).lastPathComponent, bytes: Array(data)))
        }
        var text = "# Models of scenario \(scenario.name), written by placement \(Self.toolVersion) with GLPK \(GLPKSolver.version)\n"
        text += "# status: \(solution.status.label)\n"
        text += "# Each stage file is the exact model GLPK solved for that objective; re-solve one with e.g.\n"
        text += "#   glpsol --\(format == .lp ? "lp" : "freemps") \(files.first?.name ?? "stage1.lp") -o solution.txt\n"
        if format == .mps {
            text += "# MPS files do not record the objective sense: add --max for the stages marked maximize below.\n"
        }
        text += "# stage\tobjective\tsense\toptimum\n"
        for (i, stage) in solution.stages.enumerated() {
            text += "\(i + 1)\t\(stage.name)\t\(formulation.model.objectives[i].sense.rawValue)\t\(formatNumber(stage.value))\n"
        }
        files.append(ReportFile(name: "objectives.txt", text: text))
        do { try AtomicFolderWriter(destination: folder, force: force, marker: "objectives.txt").write(files) } catch { throw .output(error) }
        return files.map(\.name)
    }
}
