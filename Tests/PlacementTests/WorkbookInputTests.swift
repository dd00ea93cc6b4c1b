import Foundation
import PlacementDomain
import PlacementEngine
import PlacementScenarioIO
import XCTest

/// Rosters read from Excel workbooks written by real spreadsheet software (LibreOffice, openpyxl;
/// `Scripts/make-workbook-fixtures.sh` wrote the fixtures from small-alliance's CSVs): each reads
/// to the same scenario as its CSV twin, and bad workbooks get a clear error, never a trap.
final class WorkbookInputTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = repository.appendingPathComponent("Tests/Fixtures/workbooks")
    static let csvScenario = repository.appendingPathComponent("Scenarios/small-alliance")

    /// A copy of small-alliance whose roster lines are replaced, with the given files beside it.
    func scenario(rosters: [String: String], files: [(from: URL, name: String)]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        var yaml = try String(contentsOf: Self.csvScenario.appendingPathComponent("scenario.yaml"), encoding: .utf8)
        for (table, reference) in rosters {
            yaml = yaml.replacingOccurrences(of: "\(table): \(table).csv", with: "\(table): \(reference)")
        }
        for table in ["students", "bases", "universities"] where rosters[table] == nil {
            try FileManager.default.copyItem(
                at: Self.csvScenario.appendingPathComponent("\(table).csv"),
                to: folder.appendingPathComponent("\(table).csv"))
        }
        for file in files { try FileManager.default.copyItem(at: file.from, to: folder.appendingPathComponent(file.name)) }
        try yaml.write(to: folder.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
        return folder.appendingPathComponent("scenario.yaml").path
    }

    /// Everything a roster row says (not where it came from).
    func assertSameRosters(_ a: Scenario, _ b: Scenario, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.students.count, b.students.count, file: file, line: line)
        for (x, y) in zip(a.students, b.students) {
            XCTAssertEqual(
                [x.id, x.name, x.university, x.nationality, x.field], [y.id, y.name, y.university, y.nationality, y.field], file: file, line: line)
            XCTAssertEqual(x.languages, y.languages, x.id, file: file, line: line)
            XCTAssertEqual(x.gradeAverage, y.gradeAverage, x.id, file: file, line: line)
            XCTAssertEqual(x.availableTerms, y.availableTerms, x.id, file: file, line: line)
            XCTAssertEqual(x.excludedCountries, y.excludedCountries, x.id, file: file, line: line)
            XCTAssertEqual(x.preferences, y.preferences, x.id, file: file, line: line)
        }
        XCTAssertEqual(a.bases.count, b.bases.count, file: file, line: line)
        for (x, y) in zip(a.bases, b.bases) {
            XCTAssertEqual([x.id, x.name, x.country, x.city], [y.id, y.name, y.country, y.city], file: file, line: line)
            XCTAssertEqual(x.kind, y.kind, x.id, file: file, line: line)
            XCTAssertEqual(x.location, y.location, x.id, file: file, line: line)
            XCTAssertEqual(x.fields, y.fields, x.id, file: file, line: line)
            XCTAssertEqual(x.languageRequirement, y.languageRequirement, x.id, file: file, line: line)
            XCTAssertEqual(x.capacity, y.capacity, x.id, file: file, line: line)
        }
        XCTAssertEqual(a.universities.map(\.id), b.universities.map(\.id), file: file, line: line)
        XCTAssertEqual(a.universities.map(\.name), b.universities.map(\.name), file: file, line: line)
        XCTAssertEqual(a.universities.map(\.location), b.universities.map(\.location), file: file, line: line)
    }

    func testOneWorkbookPerTableWrittenByLibreOfficeReadsAsItsCSVTwin() throws {
        let engine = PlacementEngine()
        let twin = try engine.load(path: Self.csvScenario.appendingPathComponent("scenario.yaml").path)
        let tables = ["students", "bases", "universities"]
        let path = try scenario(
            rosters: Dictionary(uniqueKeysWithValues: tables.map { ($0, "\($0).xlsx") }),
            files: tables.map { (Self.fixtures.appendingPathComponent("by-libreoffice/\($0).xlsx"), "\($0).xlsx") })
        let loaded = try engine.load(path: path)
        assertSameRosters(loaded, twin)
        // The same placements, too.
        XCTAssertEqual(try engine.solve(loaded).placements, try engine.solve(twin).placements)
    }

    func testOneWorkbookWithASheetPerTableSavedByLibreOfficeReadsAsItsCSVTwin() throws {
        let engine = PlacementEngine()
        let twin = try engine.load(path: Self.csvScenario.appendingPathComponent("scenario.yaml").path)
        let path = try scenario(
            rosters: [
                "students": "{file: office.xlsx, sheet: Students}", "bases": "{file: office.xlsx, sheet: bases}",
                "universities": "office.xlsx"
            ],
            files: [(Self.fixtures.appendingPathComponent("office-libreoffice.xlsx"), "office.xlsx")])
        let loaded = try engine.load(path: path)
        assertSameRosters(loaded, twin)
        XCTAssertEqual(loaded.inputs.map(\.path).filter { $0 == "office.xlsx" }.count, 3, "the workbook is fingerprinted as an input")
    }

    func testAFormulaWithoutACachedValueIsRefusedNamingSheetAndCell() throws {
        let path = try scenario(
            rosters: ["bases": "{file: office.xlsx, sheet: Bases}"],
            files: [(Self.fixtures.appendingPathComponent("office-openpyxl.xlsx"), "office.xlsx")])
        let message = try loadError(path)
        XCTAssertTrue(message.contains("office.xlsx"), message)
        XCTAssertTrue(message.contains("sheet 'Bases', cell J2"), message)
        XCTAssertTrue(message.contains("never calculated"), message)
    }

    func testAMissingSheetIsNamedWithTheSheetsThereAre() throws {
        let path = try scenario(
            rosters: ["students": "{file: office.xlsx, sheet: Applicants}"],
            files: [(Self.fixtures.appendingPathComponent("office-libreoffice.xlsx"), "office.xlsx")])
        let message = try loadError(path)
        XCTAssertTrue(message.contains("a sheet named 'Applicants'"), message)
        XCTAssertTrue(message.contains("'Students', 'Bases', 'Universities'"), message)
    }

    func testABadCellInASheetIsReportedWithFileSheetRowColumnAndField() throws {
        // The students sheet with one grade that is not a number: rewrite a copy of the CSV twin's
        // workbook is not possible without a spreadsheet program, so the test edits the XML.
        let workbook = try Self.editedWorkbook(
            Self.fixtures.appendingPathComponent("by-libreoffice/students.xlsx"),
            part: "xl/worksheets/sheet1.xml"
        ) { xml in
            // The first grade cell (G2) holds a number; make it the text "good".
            guard let range = xml.range(of: #"<c r="G2"[^>]*>.*?</c>"#, options: .regularExpression) else { return nil }
            return xml.replacingCharacters(in: range, with: #"<c r="G2" t="inlineStr"><is><t>good</t></is></c>"#)
        }
        let path = try scenario(rosters: ["students": "students.xlsx"], files: [(workbook, "students.xlsx")])
        let message = try loadError(path)
        XCTAssertTrue(message.contains("students.xlsx (sheet students):2"), message)
        XCTAssertTrue(message.contains("row 1"), message)
        XCTAssertTrue(message.contains("field 'grade (column G)'"), message)
        XCTAssertTrue(message.contains("'good'"), message)
    }

    func testNotAWorkbookIsRefusedWithWhatToDo() throws {
        let text = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-workbook-\(UUID().uuidString).xlsx")
        try Data("id,name\nS1,A\n".utf8).write(to: text)
        defer { try? FileManager.default.removeItem(at: text) }
        let path = try scenario(rosters: ["students": "students.xlsx"], files: [(text, "students.xlsx")])
        let message = try loadError(path)
        XCTAssertTrue(message.contains("not an Excel workbook (.xlsx): it is not a ZIP container"), message)
    }

    func testAZipBombIsStoppedAtTheSizeLimitWhateverItsHeadersSay() throws {
        // A sheet part of 8 MiB of spaces (inflating from a few KiB), once with honest headers and
        // once with headers that claim 100 bytes: both stop at a 1 MiB limit.
        for lie in [false, true] {
            let bomb = try Self.workbookWithHugeSheet(bytes: 8 << 20, declaredSize: lie ? 100 : nil)
            defer { try? FileManager.default.removeItem(at: bomb) }
            let path = try scenario(rosters: ["students": "students.xlsx"], files: [(bomb, "students.xlsx")])
            var options = LoadOptions()
            options.maxFileBytes = 1 << 20
            let message = try loadError(path, options: options)
            XCTAssertTrue(message.contains("larger than 1048576 bytes when unpacked"), "lie \(lie): \(message)")
        }
    }

    func testA2GBSheetDeclaredIsRefusedBeforeUnpacking() throws {
        let declared = try Self.workbookWithHugeSheet(bytes: 4096, declaredSize: 2 << 30)
        defer { try? FileManager.default.removeItem(at: declared) }
        let path = try scenario(rosters: ["students": "students.xlsx"], files: [(declared, "students.xlsx")])
        let message = try loadError(path)
        XCTAssertTrue(message.contains("when unpacked"), message)
    }

    func testSheetIsRefusedForACSVFile() throws {
        let path = try scenario(
            rosters: ["students": "{file: students.csv, sheet: Students}"],
            files: [(Self.csvScenario.appendingPathComponent("students.csv"), "students.csv")])
        let message = try loadError(path)
        XCTAssertTrue(message.contains("sheets belong to .xlsx workbooks"), message)
    }

    func testCellPositionsAndDates() {
        XCTAssertEqual(Workbook.Cells.position("C5")?.row, 5)
        XCTAssertEqual(Workbook.Cells.position("C5")?.column, 3)
        XCTAssertEqual(Workbook.Cells.position("AA10")?.column, 27)
        XCTAssertEqual(Workbook.Cells.position("$XFD$1048576")?.column, 16_384)
        XCTAssertNil(Workbook.Cells.position("XFE1"))
        XCTAssertNil(Workbook.Cells.position("A0"))
        XCTAssertEqual(Workbook.Cells.letters(1), "A")
        XCTAssertEqual(Workbook.Cells.letters(28), "AB")
        XCTAssertEqual(Workbook.Cells.letters(16_384), "XFD")
        // Excel's serial days: 1 = 1900-01-01, 59 = 1900-02-28, 61 = 1900-03-01, 45_658 = 2025-01-01.
        XCTAssertEqual(Workbook.Cells.number("1", asDate: true, date1904: false), "1900-01-01")
        XCTAssertEqual(Workbook.Cells.number("59", asDate: true, date1904: false), "1900-02-28")
        XCTAssertEqual(Workbook.Cells.number("61", asDate: true, date1904: false), "1900-03-01")
        XCTAssertEqual(Workbook.Cells.number("45658.75", asDate: true, date1904: false), "2025-01-01")
        XCTAssertEqual(Workbook.Cells.number("0", asDate: true, date1904: true), "1904-01-01")
        XCTAssertEqual(Workbook.Cells.number("3", asDate: false, date1904: false), "3")
        XCTAssertEqual(Workbook.Cells.number("2.5099999999999998", asDate: false, date1904: false), "2.51")
        XCTAssertTrue(Workbook.Cells.isDateFormat("yyyy-mm-dd"))
        XCTAssertTrue(Workbook.Cells.isDateFormat("[$-409]d-mmm-yy;@"))
        XCTAssertFalse(Workbook.Cells.isDateFormat("0.00\"d\""))
        XCTAssertFalse(Workbook.Cells.isDateFormat("[Red]0.00"))
    }

    // MARK: - Helpers

    func loadError(_ path: String, options: LoadOptions = LoadOptions(), file: StaticString = #filePath, line: UInt = #line) throws -> String {
        do {
            _ = try PlacementEngine().load(path: path, options: options)
            XCTFail("expected the scenario to be refused", file: file, line: line)
            return ""
        } catch {
            return error.description
        }
    }

    /// A copy of a workbook with one XML part edited (unzip and zip with Python's zipfile).
    static func editedWorkbook(_ source: URL, part: String, edit: (String) -> String?) throws -> URL {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("edited-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let xml = try python(
            """
            import sys, zipfile
            print(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode("utf-8"), end="")
            """, [source.path, part])
        guard let edited = edit(xml) else {
            XCTFail("the fixture's XML does not have the expected cell")
            throw CocoaError(.featureUnsupported)
        }
        let xmlFile = scratch.appendingPathComponent("part.xml")
        try edited.write(to: xmlFile, atomically: true, encoding: .utf8)
        let output = scratch.appendingPathComponent("edited.xlsx")
        _ = try python(
            """
            import sys, zipfile
            source, part, replacement, output = sys.argv[1:5]
            with zipfile.ZipFile(source) as src, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as dst:
                for item in src.infolist():
                    data = open(replacement, "rb").read() if item.filename == part else src.read(item.filename)
                    dst.writestr(item, data)
            """, [source.path, part, xmlFile.path, output.path])
        return output
    }

    /// A minimal workbook whose only sheet part inflates to `bytes`; with `declaredSize`, its ZIP
    /// headers claim that size instead (a lying bomb, or a 2 GB sheet that is not there).
    static func workbookWithHugeSheet(bytes: Int, declaredSize: Int?) throws -> URL {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("bomb-\(UUID().uuidString).xlsx")
        _ = try python(
            """
            import struct, sys, zipfile
            output, size, declared = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
            parts = {
              "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
              "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="students" sheetId="1" r:id="rId1"/></sheets></workbook>',
              "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
            }
            with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as z:
                for name, text in parts.items(): z.writestr(name, text)
                z.writestr("xl/worksheets/sheet1.xml", b"<worksheet>" + b" " * size + b"</worksheet>")
            if declared >= 0:
                data = bytearray(open(output, "rb").read())
                name = b"xl/worksheets/sheet1.xml"
                # Local header: uncompressed size at offset 22; central directory entry: at offset 24.
                at = 0
                while True:
                    at = data.find(name, at + 1)
                    if at < 0: break
                    if data[at - 30: at - 26] == b"PK\\x03\\x04": struct.pack_into("<I", data, at - 30 + 22, declared)
                    if data[at - 46: at - 42] == b"PK\\x01\\x02": struct.pack_into("<I", data, at - 46 + 24, declared)
                open(output, "wb").write(bytes(data))
            """, [output.path, String(bytes), String(declaredSize ?? -1)])
        return output
    }

    /// Runs a Python script; with `skipWithout`, skips the test when that module is not installed
    /// (openpyxl is a test-writing convenience, not a CI requirement).
    @discardableResult
    static func python(_ script: String, _ arguments: [String], skipWithout module: String? = nil) throws -> String {
        if let module {
            let check = Process()
            check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            check.arguments = ["python3", "-c", "import \(module)"]
            check.standardError = FileHandle.nullDevice
            try check.run()
            check.waitUntilExit()
            if check.terminationStatus != 0 { throw XCTSkip("python3 module \(module) is not installed") }
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let problems = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            XCTFail("python3 failed: \(problems)")
            throw CocoaError(.featureUnsupported)
        }
        return text
    }
}
