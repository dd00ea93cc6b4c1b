import Foundation
import PlacementDomain
import PlacementEngine
@testable import PlacementReports
import PlacementScenarioIO
import XCTest

/// placements.xlsx and rosters.xlsx beside the CSVs: the same tables, read back by the tool's own
/// workbook reader; CSVs with a UTF-8 byte-order mark for Excel, still read back by the tool.
final class WorkbookOutputTests: XCTestCase {
    func report(_ scenario: String) throws -> URL {
        let folder = try TempScenarioFolder.makeDirectory("workbook-out")
        addTeardownBlock { TempScenarioFolder.remove(folder) }
        let engine = PlacementEngine()
        let loaded = try engine.load(path: PackageLayout.scenarios.appendingPathComponent("\(scenario)/scenario.yaml").path)
        let out = folder.appendingPathComponent("report")
        _ = try engine.writeReports(
            loaded, try engine.solve(loaded), to: out.path,
            settings: ReportSettings(toolVersion: "test", glpkVersion: "test"), force: false)
        return out
    }

    func csv(_ url: URL) throws -> CSVTable { try CSVTable.parse(Array(try Data(contentsOf: url))) }

    func testPlacementsWorkbookHoldsThePlacementsCSV() throws {
        for scenario in ["small-alliance", "alliance-term"] {
            let out = try report(scenario)
            let table = try csv(out.appendingPathComponent("placements.csv"))
            let workbook = try Workbook(bytes: Array(try Data(contentsOf: out.appendingPathComponent("placements.xlsx"))), maxPartBytes: 1 << 28)
            XCTAssertEqual(workbook.sheetNames, ["Placements"])
            let sheet = try workbook.sheet(named: "Placements")
            XCTAssertEqual(sheet.header, table.header)
            XCTAssertEqual(sheet.records.count, table.records.count)
            for (row, record) in zip(sheet.records, table.records) {
                // CSV neutralises a leading = + - @ with an apostrophe; the workbook needs not.
                XCTAssertEqual(row.fields, record.fields.map { $0.hasPrefix("'") ? String($0.dropFirst()) : $0 }, "row \(row.line)")
            }
        }
    }

    func testRostersWorkbookHasASheetPerBaseWithItsRosterRows() throws {
        let out = try report("small-alliance")
        let table = try csv(out.appendingPathComponent("rosters.csv"))
        let workbook = try Workbook(bytes: Array(try Data(contentsOf: out.appendingPathComponent("rosters.xlsx"))), maxPartBytes: 1 << 28)
        let bases = Array(Set(table.records.map { $0.fields[0] })).sorted()
        XCTAssertEqual(workbook.sheetNames.count, bases.count)
        var rows: [[String]] = []
        for (name, base) in zip(workbook.sheetNames, bases) {
            XCTAssertTrue(name.hasPrefix(base + " "), "\(name) is \(base)'s sheet")
            XCTAssertLessThanOrEqual(name.utf16.count, 31)
            let sheet = try workbook.sheet(named: name)
            XCTAssertEqual(sheet.header, table.header)
            XCTAssertTrue(sheet.records.allSatisfy { $0.fields[0] == base })
            rows += sheet.records.map(\.fields)
        }
        XCTAssertEqual(rows, table.records.map(\.fields), "every roster row, in the CSV's order")
    }

    func testWorkbooksAreByteDeterministic() throws {
        let a = try report("small-alliance"), b = try report("small-alliance")
        for name in ["placements.xlsx", "rosters.xlsx"] {
            XCTAssertEqual(try Data(contentsOf: a.appendingPathComponent(name)), try Data(contentsOf: b.appendingPathComponent(name)), name)
        }
    }

    func testCSVOutputsStartWithAByteOrderMarkAndReadBack() throws {
        let out = try report("small-alliance")
        for name in ["placements.csv", "rosters.csv", "explanations.csv"] {
            let bytes = Array(try Data(contentsOf: out.appendingPathComponent(name)))
            XCTAssertEqual(Array(bytes.prefix(3)), [0xEF, 0xBB, 0xBF], name)
            XCTAssertFalse(try CSVTable.parse(bytes).header[0].hasPrefix("\u{FEFF}"), "\(name): the mark is not part of the first column")
        }
        // An earlier report is still read back (re-allocation reads it), and the verifier accepts the folder.
        let scenario = PackageLayout.scenarios.appendingPathComponent("small-alliance/scenario.yaml").path
        XCTAssertTrue(try PlacementEngine().verify(scenarioPath: scenario, reportFolder: out.path, options: LoadOptions()).violations.isEmpty)
    }

    func testSheetNamesAreValidAndUnique() {
        XCTAssertEqual(XLSXWriter.uniqueName("B01 a/b:c*d?e[f]g\\h", taken: []), "B01 abcdefgh")
        XCTAssertEqual(XLSXWriter.uniqueName("Same", taken: ["same"]), "Same (2)")
        XCTAssertEqual(XLSXWriter.uniqueName(String(repeating: "x", count: 40), taken: []).utf16.count, 31)
        XCTAssertEqual(XLSXWriter.uniqueName("", taken: []), "Sheet")
    }
}
