import Foundation
import XCTest

/// The `placement` command under faults a user or the machine causes: GLPK over its memory limit,
/// a full disk (simulated with RLIMIT_FSIZE), an output folder that cannot be written, SIGINT and
/// SIGTERM during a solve, and a time limit too short to solve. Exit codes, messages, and what is
/// left on disk; no timing assertions.
final class CommandLineFaultTests: XCTestCase {
    private var work: URL!

    override func setUpWithError() throws {
        work = try TempScenarioFolder.makeDirectory("hardening-cli")
    }

    override func tearDown() {
        if let work { TempScenarioFolder.remove(work) }
    }

    static let allianceTerm = PackageLayout.scenarios.appendingPathComponent("alliance-term/scenario.yaml").path
    /// A solve that runs for tens of seconds (week-level schedule under its work limit).
    static let longSolve = PackageLayout.scenarios.appendingPathComponent("alliance-schedule/scenario.yaml").path

    private func placement(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> PlacementCommand.Run {
        try PlacementCommand.run(arguments, in: work, file: file, line: line)
    }

    /// Names in `work` other than the captured standard output and error files.
    private func entries() throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: work.path).filter { !$0.hasPrefix(".std") })
    }

    // MARK: - GLPK memory limit

    func testGLPKOverItsMemoryLimitExits5WithAClearMessageAndWritesNothing() throws {
        let out = work.appendingPathComponent("report")
        let run = try placement(["solve", Self.allianceTerm, "--solver", "glpk", "--glpk-memory-limit-mb", "1", "--out", out.path, "--quiet"])
        XCTAssertEqual(run.status, 5, run.output)
        XCTAssertTrue(run.stderr.contains("memory limit of 1 MB"), run.stderr)
        XCTAssertTrue(run.stderr.contains("--glpk-memory-limit-mb"), run.stderr)
        XCTAssertEqual(try entries(), [], "no report and no temporary folder")

        let bad = try placement(["solve", Self.allianceTerm, "--glpk-memory-limit-mb", "0", "--out", out.path])
        XCTAssertEqual(bad.status, 64, bad.output)
    }

    // MARK: - Output errors

    /// A full disk, simulated with a file-size limit (RLIMIT_FSIZE through bash's `ulimit -f`, with
    /// SIGXFSZ ignored so writes fail with EFBIG as they would with ENOSPC): exit 4, the reason
    /// named, no partial or temporary folder, and the earlier report intact byte for byte.
    func testWriteFailingPartWayExits4AndKeepsTheEarlierReport() throws {
        let executable = try XCTUnwrap(PlacementCommand.executable)
        let out = work.appendingPathComponent("report")
        let first = try placement(["solve", Self.allianceTerm, "--out", out.path, "--quiet"])
        XCTAssertEqual(first.status, 0, first.output)
        let earlier = try TempScenarioFolder.snapshot(out)
        XCTAssertGreaterThan(earlier.values.map(\.count).max() ?? 0, 16 * 1024, "a report file must exceed the 16 KiB limit")

        let script = "trap '' XFSZ; ulimit -f 16; exec \"$0\" \"$@\""
        let run = try PlacementCommand.finish(
            try PlacementCommand.start(
                URL(fileURLWithPath: "/bin/bash"),
                ["-c", script, executable.path, "solve", Self.allianceTerm, "--out", out.path, "--force", "--quiet"], in: work))
        PlacementCommand.assertNoCrash(run, ["solve (file size limit 16 KiB)"], file: #filePath, line: #line)
        XCTAssertEqual(run.status, 4, run.output)
        XCTAssertTrue(run.stderr.contains("File too large"), run.stderr)
        XCTAssertTrue(run.stderr.contains("nothing was changed"), run.stderr)
        XCTAssertEqual(try entries(), ["report"], "no hidden temporary or set-aside folder left behind")
        XCTAssertEqual(try TempScenarioFolder.snapshot(out), earlier, "the earlier report is intact byte for byte")
    }

    func testOutputUnderARegularFileExits4AndChangesNothing() throws {
        let blocker = work.appendingPathComponent("notes.txt")
        try Data("keep".utf8).write(to: blocker)
        let run = try placement(["solve", Self.allianceTerm, "--out", blocker.appendingPathComponent("report").path, "--quiet"])
        XCTAssertEqual(run.status, 4, run.output)
        XCTAssertTrue(run.stderr.contains("cannot write to"), run.stderr)
        XCTAssertEqual(try Data(contentsOf: blocker), Data("keep".utf8))
        XCTAssertEqual(try entries(), ["notes.txt"])
    }

    /// --force never replaces a folder this tool did not write (no manifest.json inside).
    func testForceDoesNotReplaceAFolderThatIsNotAReport() throws {
        let folder = work.appendingPathComponent("thesis")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("chapter 1".utf8).write(to: folder.appendingPathComponent("chapter1.md"))
        let run = try placement(["solve", Self.allianceTerm, "--out", folder.path, "--force", "--quiet"])
        XCTAssertEqual(run.status, 4, run.output)
        XCTAssertTrue(run.stderr.contains("not a folder written by placement"), run.stderr)
        XCTAssertEqual(try TempScenarioFolder.snapshot(folder), ["chapter1.md": Data("chapter 1".utf8)])
        XCTAssertEqual(try entries(), ["thesis"])
    }

    // MARK: - Signals

    /// SIGINT and SIGTERM during a long GLPK solve: exit 130 / 143, nothing written. The signal is
    /// sent once the progress display shows the solve has started (handlers are installed).
    func testSIGINTAndSIGTERMDuringASolveStopItAndWriteNothing() throws {
        let executable = try XCTUnwrap(PlacementCommand.executable)
        for (signal, expected) in [(SIGINT, Int32(130)), (SIGTERM, Int32(143))] {
            let out = work.appendingPathComponent("report-\(signal)")
            let started = try PlacementCommand.start(executable, ["solve", Self.longSolve, "--out", out.path], in: work)
            let deadline = Date().addingTimeInterval(120)
            while started.process.isRunning, Date() < deadline, (try? Data(contentsOf: started.err))?.isEmpty ?? true {
                Thread.sleep(forTimeInterval: 0.1)
            }
            XCTAssertTrue(started.process.isRunning, "the solve finished before it could be interrupted")
            kill(started.process.processIdentifier, signal)
            let stopDeadline = Date().addingTimeInterval(120)
            while started.process.isRunning, Date() < stopDeadline { Thread.sleep(forTimeInterval: 0.1) }
            if started.process.isRunning { kill(started.process.processIdentifier, SIGKILL) }
            let run = try PlacementCommand.finish(started)
            XCTAssertFalse(run.signalled, "signal \(signal) must be handled, not kill the process: \(run.output)")
            XCTAssertEqual(run.status, expected, run.output)
            XCTAssertTrue(run.stderr.contains("interrupted by signal \(signal)"), run.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "nothing written")
        }
        XCTAssertEqual(try entries(), [], "no temporary folders either")
    }

    // MARK: - Time limit

    /// A time limit far too short on a scenario the network algorithm solves: exit 3 with the
    /// reason and nothing written, or (on a machine fast enough) a report with an honest status.
    func testTimeLimitTooShortExits3OrReportsHonestly() throws {
        let scenario = try RandomScenario.writeBenchmark(students: 3000, stability: false, in: work)
        let out = work.appendingPathComponent("report")
        let run = try placement([
            "solve", scenario.appendingPathComponent("scenario.yaml").path, "--time-limit", "0.000000001",
            "--out", out.path, "--quiet"
        ])
        if run.status == 3 {
            XCTAssertTrue(run.stderr.contains("no solution within the time or work limit"), run.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
        } else {
            XCTAssertEqual(run.status, 0, run.output)
            XCTAssertTrue(run.stdout.contains("optimal") || run.stdout.contains("feasible (not proven optimal)"), run.stdout)
        }
    }
}
