import Foundation
import PlacementDomain
import PlacementEngine
import XCTest

/// Locks, bans, groups, apart pairs and reserved seats written as tables (CSV files or workbook
/// sheets, as coordinators keep them) read to the same rules as the YAML lists.
final class RuleTablesTests: XCTestCase {
    static let allianceRules = PackageLayout.scenarios.appendingPathComponent("alliance-rules")

    static let tables: [String: String] = [
        "reservations.csv": "base,university,seats,mode,terms\nB00045,U03,2,exclusive,\nB00001,U07,2,priority,\n",
        "groups.csv":
            "id,students,together\nUP-software-cohort,S000002 | S000126,same_base_and_term\nUM-automation-pair,S000003 | S000962,same_city\n",
        "apart.csv": "first,second\nS000004,S000245\n",
        "locks.csv": "student,base,term\nS000006,B00174,2027-S1\n",
        "bans.csv": "student,base\nS000010,B00165\n"
    ]

    /// alliance-rules with its `rules:` section replaced by `rules`, and `files` beside it.
    func scenario(rules: String, files: [String: String]) throws -> String {
        let folder = try TempScenarioFolder.makeDirectory("rule-tables")
        addTeardownBlock { TempScenarioFolder.remove(folder) }
        for name in ["universities.csv", "students.csv", "bases.csv"] {
            try FileManager.default.copyItem(at: Self.allianceRules.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let yaml = try String(contentsOf: Self.allianceRules.appendingPathComponent("scenario.yaml"), encoding: .utf8)
        let head = try XCTUnwrap(yaml.range(of: "\nrules:\n")).lowerBound
        try (String(yaml[..<head]) + "\n" + rules).write(to: folder.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
        try TempScenarioFolder.write(files, into: folder)
        return folder.appendingPathComponent("scenario.yaml").path
    }

    /// The rules without where they were written.
    func content(_ r: AllianceRules) -> [String] {
        r.reservations.map { "reservation \($0.base) \($0.university) \($0.seats) \($0.mode) \($0.terms)" }
            + r.groups.map { "group \($0.id) \($0.students) \($0.together)" }
            + r.apart.map { "apart \($0.first) \($0.second)" }
            + r.locks.map { "lock \($0.student) \($0.base) \($0.term ?? "-")" }
            + r.bans.map { "ban \($0.student) \($0.base)" }
            + ["exchange \(r.minAbroadShare ?? -1)"]
    }

    func testRuleTablesReadAsTheYAMLLists() throws {
        let engine = PlacementEngine()
        let yaml = try engine.load(path: Self.allianceRules.appendingPathComponent("scenario.yaml").path)
        let path = try scenario(
            rules: """
                rules:
                  reservations: reservations.csv
                  groups: groups.csv
                  apart: apart.csv
                  locks: {file: locks.csv}
                  bans: bans.csv
                  exchange: { min_abroad_share: 0.6 }
                """, files: Self.tables)
        let tables = try engine.load(path: path)
        XCTAssertEqual(content(tables.rules), content(yaml.rules))
        XCTAssertFalse(content(yaml.rules).isEmpty)
        for name in Self.tables.keys { XCTAssertTrue(tables.inputs.contains { $0.path == name }, "\(name) is fingerprinted") }
        // Rows name their table in the rules' origins (diagnoses point there).
        XCTAssertEqual(tables.rules.locks.first?.origin, SourceLocation(file: "locks.csv", line: 2))
    }

    func testRuleTablesFromWorkbookSheets() throws {
        // One workbook with a sheet per rule table, written by openpyxl (no formulas, so nothing to calculate).
        let folder = try TempScenarioFolder.makeDirectory("rule-sheets")
        addTeardownBlock { TempScenarioFolder.remove(folder) }
        try TempScenarioFolder.write(Self.tables, into: folder)
        let workbook = folder.appendingPathComponent("rules.xlsx")
        try WorkbookInputTests.python(
            """
            import csv, sys
            from openpyxl import Workbook
            wb = Workbook(); wb.remove(wb.active)
            for name in ["reservations", "groups", "apart", "locks", "bans"]:
                ws = wb.create_sheet(name.capitalize())
                for row in csv.reader(open(f"{sys.argv[1]}/{name}.csv", encoding="utf-8")):
                    ws.append([int(c) if c.isdigit() else c for c in row])
            wb.save(sys.argv[2])
            """, [folder.path, workbook.path], skipWithout: "openpyxl")
        let path = try scenario(
            rules: """
                rules:
                  reservations: {file: rules.xlsx, sheet: Reservations}
                  groups: {file: rules.xlsx, sheet: Groups}
                  apart: {file: rules.xlsx, sheet: Apart}
                  locks: {file: rules.xlsx, sheet: Locks}
                  bans: {file: rules.xlsx, sheet: Bans}
                  exchange: { min_abroad_share: 0.6 }
                """, files: [:])
        try FileManager.default.copyItem(
            at: workbook, to: URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("rules.xlsx"))
        let engine = PlacementEngine()
        let yaml = try engine.load(path: Self.allianceRules.appendingPathComponent("scenario.yaml").path)
        XCTAssertEqual(content(try engine.load(path: path).rules), content(yaml.rules))
    }

    func testBadRuleTablesNameFileRowAndField() throws {
        let path = try scenario(
            rules: """
                rules:
                  reservations: reservations.csv
                  locks: locks.csv
                  groups: groups.csv
                """,
            files: [
                "reservations.csv": "base,university,seats,mode\nB00045,U03,two,exclusive\nB00001,U07,2,first_come\n",
                "locks.csv": "student,base,trem\nS000006,B00174,2027-S1\n",
                "groups.csv": "id,students\nG1,S000002\n"
            ])
        do {
            _ = try PlacementEngine().load(path: path)
            XCTFail("expected errors")
        } catch {
            let message = error.description
            XCTAssertTrue(message.contains("reservations.csv:2: error: row 1, field 'seats': got 'two'"), message)
            XCTAssertTrue(message.contains("reservations.csv:3: error: row 2, field 'mode': got 'first_come'; exclusive or priority"), message)
            XCTAssertTrue(message.contains("locks.csv:2: error: row 1, field 'trem'"), message)
            XCTAssertTrue(message.contains("groups.csv:2: error: row 1, field 'students'"), message)
        }
    }
}
