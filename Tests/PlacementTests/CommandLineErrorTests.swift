import Foundation
import XCTest

/// The built `placement` command given values it must refuse: time and work limits out of range
/// (on the command line and in the policy, the same range), and `--solver network` on scenarios
/// that are not transportation problems. Exit codes and messages; never a trap.
final class CommandLineErrorTests: XCTestCase {
    private var work: URL!

    override func setUpWithError() throws {
        work = try TempScenarioFolder.makeDirectory("command-line-errors")
    }

    override func tearDown() {
        if let work { TempScenarioFolder.remove(work) }
    }

    static let smallAlliance = PackageLayout.scenarios.appendingPathComponent("small-alliance")
    static let outOfRangeTimeLimits = ["1e19", "1e20", "2e20", "1e308", "inf", "nan", "-1", "0", "10000001", "0.0000000001"]

    /// Runs the binary in `work`; fails the test on a crash or trap (exit 132/134, a signal).
    private func placement(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> PlacementCommand.Run {
        let run = try PlacementCommand.run(arguments, in: work, file: file, line: line)
        XCTAssertFalse(
            [132, 134].contains(run.status), "trapped: placement \(arguments.joined(separator: " ")) → \(run.status)\n\(run.output)",
            file: file, line: line)
        return run
    }

    /// A copy of small-alliance whose policy line `time_limit_seconds: 60` is replaced by `policyLine`.
    private func smallAllianceCopy(policyLine: String) throws -> String {
        let folder = work.appendingPathComponent("scenario-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.smallAlliance, to: folder)
        let file = folder.appendingPathComponent("scenario.yaml")
        let yaml = try String(contentsOf: file, encoding: .utf8)
        XCTAssertTrue(yaml.contains("  time_limit_seconds: 60\n"))
        try Data(yaml.replacingOccurrences(of: "  time_limit_seconds: 60\n", with: "  \(policyLine)\n").utf8).write(to: file)
        return file.path
    }

    private var report: String { work.appendingPathComponent("report").path }

    // MARK: - Time limit

    func testOutOfRangeTimeLimitOnSolveExits2NamingTheOptionAndTheRange() throws {
        let scenario = Self.smallAlliance.appendingPathComponent("scenario.yaml").path
        for value in Self.outOfRangeTimeLimits {
            let run = try placement(["solve", scenario, "--time-limit=\(value)", "--out", report, "--quiet"])
            XCTAssertEqual(run.status, 2, "--time-limit=\(value): \(run.output)")
            XCTAssertTrue(run.stderr.contains("--time-limit"), "--time-limit=\(value): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains("from 0.000000001 to 10000000"), "--time-limit=\(value): \(run.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: report), "nothing written for --time-limit=\(value)")
        }
    }

    func testTimeLimitsAtTheEndsOfTheRangeAreAccepted() throws {
        let scenario = Self.smallAlliance.appendingPathComponent("scenario.yaml").path
        for value in ["0.000000001", "10000000"] {
            let run = try placement(["solve", scenario, "--time-limit", value, "--out", report, "--force", "--quiet"])
            XCTAssertTrue([0, 3].contains(run.status), "--time-limit \(value): \(run.output)")
        }
    }

    func testOutOfRangeTimeLimitOnExplainCompareAndAdviseExits2() throws {
        let scenario = Self.smallAlliance.appendingPathComponent("scenario.yaml").path
        let variant = Self.smallAlliance.appendingPathComponent("variants/huawei-plus-2.yaml").path
        for value in ["1e19", "2e20", "1e308", "inf"] {
            for arguments in [
                ["explain", scenario, report, "--student", "S001", "--time-limit", value],
                ["compare", scenario, variant, "--out", report, "--time-limit", value],
                ["advise", scenario, "--seats", "1", "--time-limit", value]
            ] {
                let run = try placement(arguments)
                XCTAssertEqual(run.status, 2, "\(arguments.joined(separator: " ")): \(run.output)")
                XCTAssertTrue(run.stderr.contains("--time-limit \(Double(value)!) is out of range"), run.stderr)
            }
        }
    }

    func testOutOfRangeTimeLimitInThePolicyExits2NamingTheField() throws {
        for value in Self.outOfRangeTimeLimits.map({ $0 == "inf" ? ".inf" : $0 == "nan" ? ".nan" : $0 }) {
            let scenario = try smallAllianceCopy(policyLine: "time_limit_seconds: \(value)")
            let run = try placement(["solve", scenario, "--out", report, "--quiet"])
            XCTAssertEqual(run.status, 2, "time_limit_seconds: \(value): \(run.output)")
            XCTAssertTrue(run.stderr.contains("policy.time_limit_seconds"), run.stderr)
            XCTAssertTrue(run.stderr.contains("from 0.000000001 to 10000000"), run.stderr)
        }
        // The same range as --time-limit: its ends are accepted in the policy too.
        for value in ["0.000000001", "10000000"] {
            let run = try placement([
                "solve", try smallAllianceCopy(policyLine: "time_limit_seconds: \(value)"), "--out", report, "--force", "--quiet"
            ])
            XCTAssertTrue([0, 3].contains(run.status), "time_limit_seconds: \(value): \(run.output)")
        }
    }

    // MARK: - Work limit

    func testOutOfRangeWorkLimitExits2OnTheCommandLineAndInThePolicy() throws {
        let scenario = Self.smallAlliance.appendingPathComponent("scenario.yaml").path
        for value in ["0", "-5", "2000000001", "9223372036854775807"] {
            let run = try placement(["solve", scenario, "--work-limit=\(value)", "--out", report, "--quiet"])
            XCTAssertEqual(run.status, 2, "--work-limit=\(value): \(run.output)")
            XCTAssertTrue(
                run.stderr.contains("--work-limit \(value) is out of range: expected a whole number of simplex iterations from 1 to 2000000000"),
                run.stderr)
        }
        for value in ["0", "2000000001", "1e19"] {
            let run = try placement(["solve", try smallAllianceCopy(policyLine: "work_limit_iterations: \(value)"), "--out", report, "--quiet"])
            XCTAssertEqual(run.status, 2, "work_limit_iterations: \(value): \(run.output)")
            XCTAssertTrue(run.stderr.contains("policy.work_limit_iterations"), run.stderr)
            XCTAssertTrue(run.stderr.contains("from 1 to 2000000000"), run.stderr)
        }
        let run = try placement(["solve", scenario, "--work-limit", "2000000000", "--solver", "glpk", "--out", report, "--quiet"])
        XCTAssertEqual(run.status, 0, run.output)
    }

    // MARK: - --solver network

    func testNetworkSolverOnSideRulesIsAUsageErrorNamingTheRules() throws {
        let scenario = PackageLayout.scenarios.appendingPathComponent("alliance-rules/scenario.yaml").path
        let run = try placement(["solve", scenario, "--solver", "network", "--out", report, "--quiet"])
        XCTAssertEqual(run.status, 64, run.output)
        XCTAssertTrue(run.stderr.contains("--solver network needs a pure transportation problem: this scenario has side rules ("), run.stderr)
        XCTAssertTrue(run.stderr.contains("minimum interns per used base and term"), run.stderr)
        XCTAssertTrue(run.stderr.contains("; use --solver auto or glpk"), run.stderr)
        XCTAssertFalse(run.stderr.contains("invalid model"), run.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: report), "nothing written")
    }

    func testNetworkSolverOnAScheduledScenarioIsAUsageError() throws {
        let scenario = PackageLayout.scenarios.appendingPathComponent("alliance-schedule/scenario.yaml").path
        let run = try placement(["solve", scenario, "--solver", "network", "--out", report, "--quiet"])
        XCTAssertEqual(run.status, 64, run.output)
        XCTAssertTrue(run.stderr.contains("--solver network needs a pure transportation problem: this scenario has a schedule"), run.stderr)
        XCTAssertTrue(run.stderr.contains("; use --solver auto or glpk"), run.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: report), "nothing written")
    }

    func testNetworkSolverWithOtherObjectivesNamesThem() throws {
        let scenario = try smallAllianceCopy(policyLine: "time_limit_seconds: 60")
        let yaml = try String(contentsOfFile: scenario, encoding: .utf8)
            .replacingOccurrences(of: "objectives: [max_placed, min_cost]", with: "objectives: [max_placed, min_worst_rank]")
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: scenario))
        let run = try placement(["solve", scenario, "--solver", "network", "--out", report, "--quiet"])
        XCTAssertEqual(run.status, 64, run.output)
        XCTAssertTrue(run.stderr.contains("this scenario's objectives are [max_placed, min_worst_rank]"), run.stderr)
    }

    /// The other errors keep their exit codes through the shared mapping.
    func testEngineErrorsKeepTheirExitCodes() throws {
        let missing = work.appendingPathComponent("missing.yaml").path
        XCTAssertEqual(try placement(["solve", missing, "--quiet"]).status, 2)
        XCTAssertEqual(try placement(["verify", missing, report]).status, 2)
        let scenario = Self.smallAlliance.appendingPathComponent("scenario.yaml").path
        XCTAssertEqual(try placement(["solve", scenario, "--out", report, "--quiet"]).status, 0)
        let again = try placement(["solve", scenario, "--out", report, "--quiet"])
        XCTAssertEqual(again.status, 4, again.output)
        XCTAssertEqual(try placement(["verify", scenario, report]).status, 0)
    }
}
