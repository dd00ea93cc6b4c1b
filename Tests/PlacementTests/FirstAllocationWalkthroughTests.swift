import Foundation
import PlacementDomain
import PlacementEngine
import PlacementReports
import PlacementScenarioIO
import XCTest

/// The README's "first allocation" walkthrough, run through the built command as a coordinator
/// runs it: a workbook from `init --xlsx`, validate, solve, edit one placement, check the edit,
/// re-solve keeping it, and a roster sheet per enterprise. No YAML is edited.
final class FirstAllocationWalkthroughTests: XCTestCase {
    func testWorkbookToRostersPerEnterpriseWithAHandEdit() throws {
        let work = try TempScenarioFolder.makeDirectory("walkthrough")
        defer { TempScenarioFolder.remove(work) }
        let folder = work.appendingPathComponent("my-term")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)  // an existing empty folder is fine
        func run(_ arguments: [String], expect status: Int32 = 0) throws -> PlacementCommand.Run {
            let result = try PlacementCommand.run(arguments, in: work)
            XCTAssertEqual(result.status, status, "placement \(arguments.joined(separator: " "))\n\(result.output)")
            return result
        }
        _ = try run(["init", "my-term", "--xlsx"])
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)), ["scenario.yaml", "allocation.xlsx"])
        // The coordinator fills the workbook; here: the template's sheets with two more students and
        // a third base, written into the Students and Bases sheets.
        let template = try Workbook(bytes: Array(try Data(contentsOf: folder.appendingPathComponent("allocation.xlsx"))), maxPartBytes: 1 << 26)
        XCTAssertEqual(template.sheetNames, ["Universities", "Students", "Bases", "Locks", "Bans", "Groups", "Apart", "Reservations"])
        var tables: [(name: String, header: [String], rows: [[String]])] = []
        for name in template.sheetNames {
            let sheet = try template.sheet(named: name)
            var rows = sheet.records.map(\.fields)
            if name == "Students" {
                rows.append(["S002", "Somchai Phongsavanh", "GUET", "LA", "software", "en: B2", "3.1", "2027-spring", "", "B01 > B03"])
                rows.append(["S003", "王芳", "GUET", "CN", "software", "en: B1, zh: native", "3.6", "2027-spring", "", "B01"])
            }
            if name == "Bases" {
                rows.append(["B03", "Example government agency", "government", "VN", "Hà Nội", "21.0278", "105.8342", "software", "en: B1", "1"])
            }
            tables.append((name, sheet.header, rows))
        }
        try Data(TextWorkbook.bytes(tables)).write(to: folder.appendingPathComponent("allocation.xlsx"))

        let validate = try run(["validate", "my-term/scenario.yaml"])
        XCTAssertTrue(validate.output.contains("3 students, 3 bases"), validate.output)
        _ = try run(["solve", "my-term/scenario.yaml", "--out", "my-term/report", "--quiet"])
        let report = folder.appendingPathComponent("report")
        let placements = try CSVTable.parse(Array(try Data(contentsOf: report.appendingPathComponent("placements.csv"))))
        let column = { (name: String) in placements.header.firstIndex(of: name)! }
        let before = Dictionary(uniqueKeysWithValues: placements.records.map { ($0.fields[column("student_id")], $0.fields[column("base_id")]) })
        XCTAssertEqual(before["S003"], "B01", "her only choice")

        // The coordinator moves S002 (who got B01 or B03) to the other of the two, in a copy of placements.csv.
        let target = before["S002"] == "B03" ? "B01" : "B03"
        var edited = "student_id,base_id,term\n"
        edited += "S002,\(target),2027-spring\n"
        try edited.write(to: work.appendingPathComponent("edited.csv"), atomically: true, encoding: .utf8)
        let check = try run(
            ["check-edit", "my-term/scenario.yaml", "my-term/report", "edited.csv", "--locks-out", "my-term/locks.csv"],
            expect: target == "B01" ? 6 : 0)
        if target == "B01" {
            // B01 has two seats and S001 and S003 hold them: the edit is refused, naming the seats.
            XCTAssertTrue(check.output.contains("capacity"), check.output)
            return
        }
        XCTAssertTrue(check.output.contains("every rule holds"), check.output)
        XCTAssertTrue(check.output.contains("placement solve"), check.output)
        _ = try run([
            "solve", "my-term/scenario.yaml", "--from", "my-term/report", "--locks", "my-term/locks.csv", "--out", "my-term/report-2", "--quiet"
        ])
        let rosters = try Workbook(bytes: Array(try Data(contentsOf: folder.appendingPathComponent("report-2/rosters.xlsx"))), maxPartBytes: 1 << 26)
        let sheet = try XCTUnwrap(rosters.sheetNames.first { $0.hasPrefix("B03 ") })
        XCTAssertTrue(try rosters.sheet(named: sheet).records.contains { $0.fields.contains("S002") }, "S002 is on B03's roster sheet")
        let verify = try run(["verify", "my-term/scenario.yaml", "my-term/report-2"])
        XCTAssertTrue(verify.output.contains("no violation"), verify.output)
    }

    func testInitRefusesAFolderThatIsNotEmptyWithoutSuggestingAnOptionItLacks() throws {
        let work = try TempScenarioFolder.makeDirectory("init-refuses")
        defer { TempScenarioFolder.remove(work) }
        try "notes".write(to: work.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let run = try PlacementCommand.run(["init", work.path], in: work)
        XCTAssertEqual(run.status, 4, run.output)
        XCTAssertTrue(run.output.contains("not an empty folder"), run.output)
        XCTAssertFalse(run.output.contains("--force"), run.output)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: work.path), ["notes.txt"], "nothing was changed")
    }
}
