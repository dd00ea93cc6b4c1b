import Foundation
import XCTest

/// The built `placement` command, run as a user runs it: exit codes, files, messages.
final class EndToEndTests: XCTestCase {
    private var work: URL!

    override func setUpWithError() throws {
        work = try TempScenarioFolder.makeDirectory("cli")
    }

    override func tearDown() {
        if let work { TempScenarioFolder.remove(work) }
    }

    private func placement(
        _ arguments: [String], in directory: URL? = nil,
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> PlacementCommand.Run {
        try PlacementCommand.run(arguments, in: directory ?? work, capturingIn: work, file: file, line: line)
    }

    func testVersionNamesTheToolAndGLPK() throws {
        let run = try placement(["--version"])
        XCTAssertEqual(run.status, 0, run.output)
        XCTAssertTrue(run.stdout.contains("placement"), run.stdout)
        XCTAssertTrue(run.stdout.contains("GLPK"), run.stdout)
    }

    func testInitValidateSolveAndTheReportFolderRules() throws {
        let scenarioFolder = work.appendingPathComponent("term")
        let initRun = try placement(["init", scenarioFolder.path])
        XCTAssertEqual(initRun.status, 0, initRun.output)
        let scenario = scenarioFolder.appendingPathComponent("scenario.yaml").path
        for name in ["scenario.yaml", "universities.csv", "students.csv", "bases.csv"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: scenarioFolder.appendingPathComponent(name).path), name)
        }

        let validate = try placement(["validate", scenario])
        XCTAssertEqual(validate.status, 0, validate.output)
        XCTAssertTrue(validate.stdout.contains("valid"), validate.stdout)

        let reports = work.appendingPathComponent("out")
        let solve = try placement(["solve", scenario, "--out", reports.path, "--quiet"])
        XCTAssertEqual(solve.status, 0, solve.output)
        let written = try TempScenarioFolder.snapshot(reports)
        XCTAssertEqual(
            Set(written.keys),
            [
                "summary.md", "placements.csv", "placements.xlsx", "rosters.csv", "rosters.xlsx", "explanations.csv",
                "report.json", "report.html", "manifest.json"
            ])
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: XCTUnwrap(written["report.json"])) as? [String: Any])
        let solver = try XCTUnwrap(json["solver"] as? [String: Any])
        XCTAssertEqual(solver["status"] as? String, "optimal")
        let summary = try XCTUnwrap(json["summary"] as? [String: Any])
        XCTAssertEqual(summary["placed"] as? Int, 1, "the template's one student is placed")
        XCTAssertTrue(String(decoding: written["placements.csv"]!, as: UTF8.self).contains("S001"))

        // Again without --force: refused with exit 4, the old report untouched.
        let refused = try placement(["solve", scenario, "--out", reports.path, "--quiet"])
        XCTAssertEqual(refused.status, 4, refused.output)
        XCTAssertTrue(refused.stderr.contains("already exists"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("--force"), refused.stderr)
        XCTAssertEqual(try TempScenarioFolder.snapshot(reports), written, "the existing report must be unchanged byte for byte")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: work.path).filter { !$0.hasPrefix(".std") }
        XCTAssertEqual(Set(leftovers), ["term", "out"], "no temporary folders left behind")

        // With --force: replaced (same inputs, same bytes).
        let forced = try placement(["solve", scenario, "--out", reports.path, "--quiet", "--force"])
        XCTAssertEqual(forced.status, 0, forced.output)
        XCTAssertEqual(try TempScenarioFolder.snapshot(reports), written)
    }

    /// --force replaces an earlier report folder, never a file that is not one (here the scenario itself).
    func testForceDoesNotReplaceARegularFile() throws {
        let scenarioFolder = work.appendingPathComponent("f")
        XCTAssertEqual(try placement(["init", scenarioFolder.path]).status, 0)
        let scenario = scenarioFolder.appendingPathComponent("scenario.yaml")
        let before = try Data(contentsOf: scenario)
        let run = try placement(["solve", scenario.path, "--out", scenario.path, "--force", "--quiet"])
        var isDirectory: ObjCBool = false
        XCTAssertTrue(FileManager.default.fileExists(atPath: scenario.path, isDirectory: &isDirectory))
        // PRODUCT BUG: AtomicFolderWriter moves any existing path aside and deletes it under --force,
        // so the scenario file is deleted and replaced by a report folder (exit 0).
        XCTAssertFalse(isDirectory.boolValue, "the scenario file was replaced by a report folder: \(run.output)")
        XCTAssertEqual(run.status, 4, run.output)
        if !isDirectory.boolValue { XCTAssertEqual(try Data(contentsOf: scenario), before) }
    }

    func testSolveWithoutOutWritesReportsNamedAfterTheScenario() throws {
        let scenarioFolder = work.appendingPathComponent("s")
        XCTAssertEqual(try placement(["init", scenarioFolder.path]).status, 0)
        let run = try placement(["solve", "s/scenario.yaml", "--quiet"])
        XCTAssertEqual(run.status, 0, run.output)
        XCTAssertTrue(FileManager.default.fileExists(atPath: work.appendingPathComponent("Reports/my-term/report.json").path), run.output)
    }

    func testInitRefusesAnExistingFolderWithExit4() throws {
        let folder = work.appendingPathComponent("taken")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let run = try placement(["init", folder.path])
        XCTAssertEqual(run.status, 4, run.output)
        XCTAssertEqual(try String(contentsOf: folder.appendingPathComponent("notes.txt"), encoding: .utf8), "keep")
    }

    func testValidateInvalidScenarioExits2AndNamesFileAndLine() throws {
        let scenario = PackageLayout.scenarios.appendingPathComponent("invalid/bad-language-level/scenario.yaml").path
        let run = try placement(["validate", scenario])
        XCTAssertEqual(run.status, 2, run.output)
        XCTAssertTrue(run.output.contains("students.csv:3"), run.output)
        XCTAssertTrue(run.output.contains("languages"), run.output)
        XCTAssertTrue(run.output.contains("en: B3"), run.output)

        let solve = try placement(["solve", scenario, "--out", work.appendingPathComponent("r").path])
        XCTAssertEqual(solve.status, 2, solve.output)
        XCTAssertTrue(solve.stderr.contains("students.csv:3"), solve.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: work.appendingPathComponent("r").path), "no report for an invalid scenario")
    }

    func testMissingScenarioFileExits2() throws {
        let run = try placement(["validate", work.appendingPathComponent("nope.yaml").path])
        XCTAssertEqual(run.status, 2, run.output)
        XCTAssertTrue(run.output.contains("nope.yaml"), run.output)
    }

    /// Hostile or contradictory rule sets end with a message and an exit code, never a trap.
    func testImpossibleRuleSetsNeverCrash() throws {
        let universities = "id,name,country,latitude,longitude\nU1,Uni,CN,25.28,110.29\n"
        let students =
            "id,name,university,nationality,field,languages,terms,excluded_countries,preferences\n"
            + "S1,An,U1,VN,software,en: B2,T1,TH,B1 > B2\nS2,Binh,U1,VN,software,en: A1,,,B2\n"
        let bases =
            "id,name,kind,country,latitude,longitude,fields,languages,capacity:T1\n"
            + "B1,Siam,asean_firm,TH,13.75,100.50,software,en: B1,1\nB2,Hanoi,government,VN,21.0,105.8,logistics,en: C2,0\n"
        let policies: [(String, Set<Int32>)] = [
            // Nobody can be placed anywhere: a valid, empty, optimal placement.
            ("policy:\n  allowed_countries: []\n", [0]),
            ("policy:\n  max_travel_km: 0\n  travel_cost_per_km: 1000000\n", [0]),
            ("policy:\n  objectives: []\n", [2]),
            ("policy:\n  objectives: [min_cost]\n", [0]),
            ("policy:\n  objectives: [max_placed, max_placed]\n", [2]),
            ("policy:\n  objectives: [min_cost]\n  unplaced_penalty: .nan\n", [2]),
            ("policy:\n  max_travel_km: -1\n", [2]),
            ("policy:\n  rank_cost: []\n", [2]),
            ("policy:\n  time_limit_seconds: 0\n", [2]),
            ("policy:\n  work_limit_iterations: 0\n", [2]),
            ("policy:\n  work_limit_iterations: 1.5\n", [2]),
            ("policy:\n  work_limit_iterations: 1\n", [0, 3]),
            ("policy:\n  unranked: {allowed: maybe, cost: 1e300}\n", [2]),
            ("policy: [1, 2]\n", [2]),
            ("terms: []\n", [2])
        ]
        for (index, (policy, allowedCodes)) in policies.enumerated() {
            let folder = work.appendingPathComponent("case\(index)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let yaml =
                "format_version: 1\nname: impossible\n"
                + (policy.hasPrefix("terms:") ? policy : "terms: [T1]\n" + policy)
                + "universities: universities.csv\nstudents: students.csv\nbases: bases.csv\n"
            for (name, text) in ["scenario.yaml": yaml, "universities.csv": universities, "students.csv": students, "bases.csv": bases] {
                try Data(text.utf8).write(to: folder.appendingPathComponent(name))
            }
            let run = try placement([
                "solve", folder.appendingPathComponent("scenario.yaml").path,
                "--out", folder.appendingPathComponent("report").path, "--quiet"
            ])
            XCTAssertTrue(allowedCodes.contains(run.status), "case \(index) `\(policy)` → exit \(run.status)\n\(run.output)")
            if run.status == 2 { XCTAssertTrue(run.stderr.contains("scenario.yaml"), "case \(index): \(run.stderr)") }
            if run.status == 0 && index < 2 {
                XCTAssertTrue(run.stdout.contains("placed 0 of 2"), "case \(index): \(run.stdout)")
            }
        }
    }

    func testBadCommandLineUsageIsNotACrash() throws {
        let scenarioFolder = work.appendingPathComponent("t")
        XCTAssertEqual(try placement(["init", scenarioFolder.path]).status, 0)
        let scenario = scenarioFolder.appendingPathComponent("scenario.yaml").path
        for arguments in [
            ["solve", scenario, "--time-limit", "-3"], ["solve", scenario, "--time-limit", "nan"],
            ["solve", scenario, "--work-limit", "0"], ["solve", scenario, "--work-limit", "2.5"],
            ["frobnicate"], ["solve"], ["validate", scenario, "--max-rows", "x"]
        ] {
            let run = try placement(arguments)
            XCTAssertNotEqual(run.status, 0, "placement \(arguments.joined(separator: " ")): \(run.output)")
        }
        // A directory where a scenario file is expected.
        let run = try placement(["validate", scenarioFolder.path])
        XCTAssertEqual(run.status, 2, run.output)
    }
}
