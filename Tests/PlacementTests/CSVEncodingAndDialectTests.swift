import Foundation
import PlacementDomain
import PlacementEngine
import PlacementScenarioIO
import XCTest

/// Roster CSVs as spreadsheet programs save them in offices: UTF-16 "Unicode text", tab-separated
/// text, GBK "CSV" from Chinese-language Excel; and rows that would lose data silently.
final class CSVEncodingAndDialectTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let twin = repository.appendingPathComponent("Scenarios/small-alliance")

    /// small-alliance with students.csv replaced by `students`.
    func scenario(students: [UInt8]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dialect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        for name in ["scenario.yaml", "bases.csv", "universities.csv"] {
            try FileManager.default.copyItem(at: Self.twin.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        try Data(students).write(to: folder.appendingPathComponent("students.csv"))
        return folder.appendingPathComponent("scenario.yaml").path
    }

    var studentsCSV: String { get throws { try String(contentsOf: Self.twin.appendingPathComponent("students.csv"), encoding: .utf8) } }

    func loadError(_ path: String) -> String {
        do {
            _ = try PlacementEngine().load(path: path)
            XCTFail("expected the scenario to be refused")
            return ""
        } catch {
            return error.description
        }
    }

    func assertSameStudents(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let engine = PlacementEngine()
        let loaded = try engine.load(path: path)
        let twin = try engine.load(path: Self.twin.appendingPathComponent("scenario.yaml").path)
        XCTAssertEqual(loaded.students.map(\.id), twin.students.map(\.id), file: file, line: line)
        XCTAssertEqual(loaded.students.map(\.name), twin.students.map(\.name), file: file, line: line)
        XCTAssertEqual(loaded.students.map(\.languages), twin.students.map(\.languages), file: file, line: line)
        XCTAssertEqual(loaded.students.map(\.preferences), twin.students.map(\.preferences), file: file, line: line)
        XCTAssertEqual(try engine.solve(loaded).placements, try engine.solve(twin).placements, file: file, line: line)
    }

    func testUTF16WithByteOrderMarkReadsAsItsUTF8Twin() throws {
        let text = try studentsCSV.replacingOccurrences(of: "\n", with: "\r\n")
        var little: [UInt8] = [0xFF, 0xFE], big: [UInt8] = [0xFE, 0xFF]
        for unit in text.utf16 {
            little += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            big += [UInt8(unit >> 8), UInt8(unit & 0xFF)]
        }
        try assertSameStudents(try scenario(students: little))
        try assertSameStudents(try scenario(students: big))
    }

    func testBrokenUTF16IsRefusedWithItsLine() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "id,name\nS1,".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        bytes += [0x00, 0xD8, 0x41, 0x00]  // an unpaired high surrogate, then "A"
        let message = loadError(try scenario(students: bytes))
        XCTAssertTrue(message.contains("students.csv:2"), message)
        XCTAssertTrue(message.contains("valid UTF-16"), message)
    }

    func testTabSeparatedTextReadsAsItsTwin() throws {
        let table = try CSVTable.parse(Array(try studentsCSV.utf8))
        var text = table.header.joined(separator: "\t") + "\n"
        for record in table.records { text += record.fields.joined(separator: "\t") + "\n" }
        XCTAssertFalse(text.contains("\"\""), "the twin's fields need no quoting with tabs")
        try assertSameStudents(try scenario(students: Array(text.utf8)))
    }

    func testGBKIsRefusedNamingTheEncodingAndTheFix() throws {
        // 王伟 and 李娜 in GBK, as Chinese-language Excel saves "CSV".
        var bytes = Array("id,name,university,nationality,field,languages,grade,terms,excluded_countries,preferences\nS001,".utf8)
        bytes += [0xCD, 0xF5, 0xCE, 0xB0]
        bytes += Array(",GUET,CN,electronic_information,en: B1,2.51,2027-spring,,B05\nS002,".utf8)
        bytes += [0xC0, 0xEE, 0xC4, 0xC8]
        bytes += Array(",GUET,CN,new_energy_vehicles,en: A2,2.46,2027-spring,,B03\n".utf8)
        let message = loadError(try scenario(students: bytes))
        XCTAssertTrue(message.contains("students.csv:2"), message)
        XCTAssertTrue(message.contains("not valid UTF-8"), message)
        XCTAssertTrue(message.contains("GBK/GB18030"), message)
        XCTAssertTrue(message.contains("CSV UTF-8"), message)
    }

    func testLatin1IsNotMistakenForGBK() throws {
        var bytes = Array("id,name,university,nationality,field,languages,grade,terms,excluded_countries,preferences\nS001,Jos".utf8)
        bytes += [0xE9]  // é in Latin-1
        bytes += Array(",GUET,CN,electronic_information,en: B1,2.51,2027-spring,,B05\n".utf8)
        let message = loadError(try scenario(students: bytes))
        XCTAssertTrue(message.contains("Windows-1252"), message)
        XCTAssertFalse(message.contains("GBK"), message)
    }

    func testARowWithTooFewFieldsIsAnErrorNamingRowAndMissingFields() throws {
        var lines = try studentsCSV.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Row 2 (S002) without its last two fields: her preferences would be lost.
        let fields = lines[2].split(separator: ",", omittingEmptySubsequences: false)
        XCTAssertEqual(fields.count, 11, "the row's languages cell holds a quoted comma")
        lines[2] = fields.dropLast(2).joined(separator: ",")
        let message = loadError(try scenario(students: Array(lines.joined(separator: "\n").utf8)))
        XCTAssertTrue(message.contains("students.csv:3: error: row 2, field 'excluded_countries'"), message)
        XCTAssertTrue(message.contains("missing: excluded_countries, preferences"), message)
    }

    func testControlCharactersInANameAreRefusedWithRowAndField() throws {
        for control in ["\u{0}", "\u{7}", "\u{1B}"] {
            let text = try studentsCSV.replacingOccurrences(of: "S002,李娜", with: "S002,李\(control)娜")
            let message = loadError(try scenario(students: Array(text.utf8)))
            XCTAssertTrue(message.contains("students.csv:3: error: row 2, field 'name'"), message)
            XCTAssertTrue(message.contains("without control characters"), message)
            XCTAssertFalse(message.utf8.contains(0), "the message itself carries no NUL byte")
        }
    }

    func testAWorkbookSavedUnderACSVNameIsNamedAsSuch() throws {
        let workbook = Self.repository.appendingPathComponent("Tests/Fixtures/workbooks/by-libreoffice/students.xlsx")
        let message = loadError(try scenario(students: Array(try Data(contentsOf: workbook))))
        XCTAssertTrue(message.contains("this is an Excel workbook"), message)
    }
}
