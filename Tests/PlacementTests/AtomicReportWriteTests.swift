import Foundation
import PlacementReports
import XCTest

/// What a killed writer leaves behind is cleaned up by the next write: a hidden temporary folder
/// is removed, and an earlier report that was set aside (the kill fell between moving it aside and
/// renaming the new one in) is put back before anything else happens.
final class AtomicReportWriteTests: XCTestCase {
    private var work: URL!

    override func setUpWithError() throws {
        work = try TempScenarioFolder.makeDirectory("atomic")
    }

    override func tearDown() {
        if let work { TempScenarioFolder.remove(work) }
    }

    /// The id of a process that has finished (what a SIGKILLed writer leaves in folder names).
    private func deadProcessID() throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/true")
        try p.run()
        p.waitUntilExit()
        return p.processIdentifier
    }

    func testHiddenTemporaryFolderOfAKilledWriterIsRemoved() throws {
        let pid = try deadProcessID()
        try TempScenarioFolder.write(["placements.csv": "half"], into: work.appendingPathComponent(".report.tmp-\(pid)-12345"))
        let target = work.appendingPathComponent("report")
        try AtomicFolderWriter(destination: target.path, force: false).write([ReportFile(name: "manifest.json", text: "{}")])
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: work.path)), ["report"])
        XCTAssertEqual(try TempScenarioFolder.texts(target), ["manifest.json": "{}"])
    }

    /// A temporary folder of a writer that is still running (this process) is left alone.
    func testTemporaryFolderOfARunningWriterIsKept() throws {
        let live = work.appendingPathComponent(".report.tmp-\(getpid())-777")
        try TempScenarioFolder.write(["placements.csv": "in progress"], into: live)
        try AtomicFolderWriter(destination: work.appendingPathComponent("report").path, force: false)
            .write([ReportFile(name: "manifest.json", text: "{}")])
        XCTAssertTrue(FileManager.default.fileExists(atPath: live.path))
    }

    /// Killed after moving the earlier report aside: with --force the earlier report is restored
    /// first and then replaced the normal way (set aside, new one renamed in, old one removed).
    func testSetAsideReportIsRestoredBeforeAForcedWrite() throws {
        let pid = try deadProcessID()
        let target = work.appendingPathComponent("report")
        try TempScenarioFolder.write(
            ["manifest.json": "old", "placements.csv": "old rows"], into: work.appendingPathComponent(".report.old-\(pid)-99"))
        try AtomicFolderWriter(destination: target.path, force: true).write([ReportFile(name: "manifest.json", text: "new")])
        XCTAssertEqual(try TempScenarioFolder.texts(target), ["manifest.json": "new"])
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: work.path)), ["report"], "nothing hidden left")
    }

    /// Killed after moving the earlier report aside: without --force the earlier report is put
    /// back and the new write is refused, exactly as if the kill had never happened.
    func testSetAsideReportIsRestoredAndNotReplacedWithoutForce() throws {
        let pid = try deadProcessID()
        let target = work.appendingPathComponent("report")
        try TempScenarioFolder.write(
            ["manifest.json": "old", "placements.csv": "old rows"], into: work.appendingPathComponent(".report.old-\(pid)-98"))
        XCTAssertThrowsError(try AtomicFolderWriter(destination: target.path, force: false).write([ReportFile(name: "manifest.json", text: "new")])) {
            guard case ReportOutputError.alreadyExists = $0 else { return XCTFail("expected alreadyExists, got \($0)") }
        }
        XCTAssertEqual(try TempScenarioFolder.texts(target), ["manifest.json": "old", "placements.csv": "old rows"])
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: work.path)), ["report"], "nothing hidden left")
    }

    /// A failed write (here: a file name that cannot be created) removes its temporary folder and
    /// leaves the earlier report as it was.
    func testFailedWriteLeavesNoTemporaryFolderAndKeepsTheEarlierReport() throws {
        let target = work.appendingPathComponent("report")
        try TempScenarioFolder.write(["manifest.json": "earlier"], into: target)
        let tooLong = String(repeating: "x", count: 300) + ".csv"  // beyond NAME_MAX (255)
        XCTAssertThrowsError(
            try AtomicFolderWriter(destination: target.path, force: true)
                .write([ReportFile(name: "manifest.json", text: "new"), ReportFile(name: tooLong, text: "rows")])
        ) { error in
            guard case .writeFailed? = error as? ReportOutputError else { return XCTFail("expected .writeFailed, got \(error)") }
        }
        XCTAssertEqual(try TempScenarioFolder.texts(target), ["manifest.json": "earlier"])
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: work.path)), ["report"])
    }
}
