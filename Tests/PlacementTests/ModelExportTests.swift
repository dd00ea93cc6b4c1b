import Foundation
import PlacementEngine
import PlacementFormulation
import PlacementGLPK
import PlacementModel
import XCTest

/// The exported stage models re-solve, with GLPK's own command-line solver, to the optima that
/// objectives.txt and the committed report state (the audit path of docs/audit.md).
final class ModelExportTests: XCTestCase {
    static let root = PackageLayout.root

    /// glpsol on the PATH, or nil.
    static func glpsol() -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("glpsol")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// Runs glpsol on one model file and returns the optimum from its solution report.
    /// MPS files do not carry the objective's sense (glpsol minimises them), so maximise stages
    /// are re-solved with `--max`; LP files state Maximize/Minimize themselves.
    func resolve(_ glpsol: URL, model: URL, format: String, maximize: Bool, scratch: URL) throws -> Double {
        let out = scratch.appendingPathComponent(model.lastPathComponent + ".out.txt")
        let arguments = ["--\(format)", model.path] + (maximize && format != "lp" ? ["--max"] : []) + ["-o", out.path]
        let run = try PlacementCommand.finish(try PlacementCommand.start(glpsol, arguments, in: scratch))
        XCTAssertEqual(run.status, 0, "glpsol failed on \(model.lastPathComponent)")
        let text = try String(contentsOf: out, encoding: .utf8)
        // "Status:     INTEGER OPTIMAL" / "OPTIMAL", then "Objective:  obj = 47 (MINimum)".
        let status = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("Status:") })
        XCTAssertTrue(status.contains("OPTIMAL"), "\(model.lastPathComponent): \(status)")
        let line = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("Objective:") }, "no objective in glpsol's report")
        let afterEquals = try XCTUnwrap(line.split(separator: "=", maxSplits: 1).last)
        let number = try XCTUnwrap(afterEquals.split(separator: " ").first)
        return try XCTUnwrap(Double(number), "cannot read glpsol's objective from '\(line)'")
    }

    func testGlpsolReproducesEveryStageOptimumOfSmallAlliance() throws {
        guard let glpsol = Self.glpsol() else { throw XCTSkip("glpsol is not on the PATH (Debian: apt-get install glpk-utils)") }
        let scratch = try TempScenarioFolder.makeDirectory("model-export-tests")
        defer { TempScenarioFolder.remove(scratch) }

        let engine = PlacementEngine()
        let scenario = try engine.load(path: Self.root.appendingPathComponent("Scenarios/small-alliance/scenario.yaml").path)
        let report = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(contentsOf: Self.root.appendingPathComponent("Reports/small-alliance/report.json")))
                as? [String: Any])
        var reported: [String: Double] = [:]
        for case let stage as [String: Any] in (report["solver"] as? [String: Any])?["objectives"] as? [Any] ?? [] {
            reported[stage["name"] as! String] = (stage["value"] as? NSNumber)?.doubleValue
        }

        for format in [ModelFileFormat.lp, .mps] {
            let folder = scratch.appendingPathComponent("models-\(format.rawValue)")
            let files = try engine.exportModel(scenario, format: format, to: folder.path, force: false)
            let objectives = try String(contentsOf: folder.appendingPathComponent("objectives.txt"), encoding: .utf8)
            // "# stage\tobjective\tsense\toptimum", then one line per stage.
            let stages = objectives.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: "\t").map(String.init) }
            XCTAssertEqual(stages.count, 2, "small-alliance has two stages (placed, cost)")
            for stage in stages {
                let (number, name, stated) = (try XCTUnwrap(Int(stage[0])), stage[1], try XCTUnwrap(Double(stage[3])))
                let file = try XCTUnwrap(files.first { $0.hasPrefix("stage\(number)-") }, "no model file for stage \(number)")
                let optimum = try resolve(
                    glpsol, model: folder.appendingPathComponent(file),
                    format: format == .lp ? "lp" : "freemps", maximize: stage[2] == "maximize", scratch: scratch)
                XCTAssertEqual(
                    optimum, stated, accuracy: 1e-6 * max(1, abs(stated)), "\(format.rawValue) stage \(number) \(name): glpsol vs objectives.txt")
                let inReport = try XCTUnwrap(reported[name], "report.json has no objective \(name)")
                XCTAssertEqual(
                    optimum, inReport, accuracy: 1e-6 * max(1, abs(inReport)), "\(format.rawValue) stage \(number) \(name): glpsol vs report.json")
            }
        }
    }

    /// Rows whose names agree in their first 255 bytes (a pooled mentor row lists every mentor of
    /// a university) must stay distinct rows in the file: another solver reading it would add
    /// them up. Two such rows, each binding one column, give optimum 2; merged they would give 1.
    func testLongRowNamesStayDistinctInExportedModels() throws {
        let scratch = try TempScenarioFolder.makeDirectory("model-export-names")
        defer { TempScenarioFolder.remove(scratch) }
        var m = LinearModel()
        m.addVariable(.init(name: "x", lower: 0, upper: 5, isInteger: true))
        m.addVariable(.init(name: "y", lower: 0, upper: 5, isInteger: true))
        let long = "academic_pool[U01," + (1...40).map { "AM-U01-\($0)" }.joined(separator: "+")
        m.addConstraint(.init(name: long + ",w1]", terms: [.init(0, 1)], upper: 1))
        m.addConstraint(.init(name: long + ",w2]", terms: [.init(1, 1)], upper: 1))
        m.objectives = [.init(name: "placed", sense: .maximize, terms: [.init(0, 1), .init(1, 1)], isIntegral: true)]
        let (solution, files) = try GLPKSolver().exportStages(m, format: .mps, directory: scratch.path)
        XCTAssertEqual(solution.stages.first?.value, 2)
        let text = try String(contentsOfFile: try XCTUnwrap(files.first), encoding: .utf8)
        let lines = text.split(separator: "\n")
        let rows = try XCTUnwrap(lines.firstIndex(of: "ROWS")), columns = try XCTUnwrap(lines.firstIndex(of: "COLUMNS"))
        let names = lines[(rows + 1)..<columns].map { $0.split(separator: " ").last.map(String.init) ?? "" }
        XCTAssertEqual(Set(names).count, names.count, "row names in the file must be unique: \(names)")
        XCTAssertTrue(names.allSatisfy { $0.utf8.count <= 255 })
        guard let glpsol = Self.glpsol() else { return }
        let optimum = try resolve(glpsol, model: URL(fileURLWithPath: files[0]), format: "freemps", maximize: true, scratch: scratch)
        XCTAssertEqual(optimum, 2)
    }

    /// A scheduled scenario's pooled model, first stage only: written without solving, with the
    /// size of the model the solve starts from, and objectives.txt says it was not solved.
    func testFirstStageOnlyWritesThePooledModelWithoutSolving() throws {
        let scratch = try TempScenarioFolder.makeDirectory("model-export-first")
        defer { TempScenarioFolder.remove(scratch) }
        var rng = DeterministicRNG(seed: 0xE4_9057)
        let scenario = RandomScenario.make(&rng, .schedule(students: 10...14, bases: 3...4, weeks: 8...10))
        let folder = scratch.appendingPathComponent("models")
        let files = try PlacementEngine().exportModel(
            scenario, format: .mps, to: folder.path, force: false,
            pooledMentors: true, firstStageOnly: true)
        XCTAssertEqual(files, ["stage1-placed.mps", "objectives.txt"])
        let objectives = try String(contentsOf: folder.appendingPathComponent("objectives.txt"), encoding: .utf8)
        XCTAssertTrue(objectives.contains("1\tplaced\tmaximize\tnot solved"), objectives)
        let model = try String(contentsOf: folder.appendingPathComponent("stage1-placed.mps"), encoding: .utf8)
        let pooled = Formulation(scenario: scenario, mentorDetail: .pooled).model
        XCTAssertTrue(model.contains("* Rows:       \(pooled.constraintCount)\n"), "the pooled model's rows")
        let detailed = PlacementEngine().formulate(scenario).model
        XCTAssertNotEqual(pooled.constraintCount, detailed.constraintCount, "the scenario must have mentors to pool, or the test proves little")
    }
}
