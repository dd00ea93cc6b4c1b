import Foundation
import PlacementScenarioIO
import XCTest

/// CSVTable reads spreadsheet exports exactly and reports malformed input with its line.
final class CSVTableTests: XCTestCase {
    private func parse(_ text: String) throws -> CSVTable { try CSVTable.parse(Array(text.utf8)) }

    private func assertParseError(
        _ bytes: [UInt8], _ expected: CSVTable.ParseError,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try CSVTable.parse(bytes), file: file, line: line) { error in
            XCTAssertEqual(error as? CSVTable.ParseError, expected, file: file, line: line)
        }
    }

    func testByteOrderMarkIsNotPartOfTheFirstColumnName() throws {
        let table = try CSVTable.parse([0xEF, 0xBB, 0xBF] + Array("id,name\n1,An\n".utf8))
        XCTAssertEqual(table.header, ["id", "name"])
        XCTAssertEqual(table.records.map(\.fields), [["1", "An"]])
    }

    func testCommaIsDetectedFromTheHeader() throws {
        let table = try parse("id,name;alias\n1,A;B\n")
        XCTAssertEqual(table.delimiter, UInt8(ascii: ","))
        XCTAssertEqual(table.header, ["id", "name;alias"])
        XCTAssertEqual(table.records[0].fields, ["1", "A;B"])
    }

    func testSemicolonIsDetectedWhenTheHeaderHasMoreSemicolons() throws {
        let table = try parse("id;name;grade\n1;Trần, Văn;3,5\n")
        XCTAssertEqual(table.delimiter, UInt8(ascii: ";"))
        XCTAssertEqual(table.header, ["id", "name", "grade"])
        XCTAssertEqual(table.records[0].fields, ["1", "Trần, Văn", "3,5"])
    }

    func testDelimitersInsideQuotedHeaderFieldsDoNotCountForDetection() throws {
        let table = try parse("\"a,b,c\";x;y\n1;2;3\n")
        XCTAssertEqual(table.delimiter, UInt8(ascii: ";"))
        XCTAssertEqual(table.header, ["a,b,c", "x", "y"])
    }

    func testQuotedFieldsWithDoubledQuotesDelimitersAndNewlines() throws {
        let text = "id,name,note\n1,\"Nguyễn, \"\"Lan\"\"\",\"line one\nline two\"\n2,plain,\"a,b\"\n"
        let table = try parse(text)
        XCTAssertEqual(table.records.count, 2)
        XCTAssertEqual(table.records[0].fields, ["1", "Nguyễn, \"Lan\"", "line one\nline two"])
        XCTAssertEqual(table.records[1].fields, ["2", "plain", "a,b"])
    }

    func testQuotedFieldKeepsSpacesUnquotedFieldsAreTrimmed() throws {
        let table = try parse("a,b\n  x  ,\"  y  \"\n")
        XCTAssertEqual(table.records[0].fields, ["x", "  y  "])
    }

    func testCRLFAndLFGiveTheSameRecords() throws {
        let lf = try parse("id,name\n1,A\n2,B\n")
        let crlf = try parse("id,name\r\n1,A\r\n2,B\r\n")
        XCTAssertEqual(lf.records.map(\.fields), crlf.records.map(\.fields))
        XCTAssertEqual(lf.records.map(\.line), crlf.records.map(\.line))
        XCTAssertEqual(crlf.records.map(\.line), [2, 3])
        XCTAssertFalse(crlf.records.flatMap(\.fields).contains { $0.contains("\r") }, "no stray carriage returns")
    }

    func testCRLFInsideAQuotedFieldIsKept() throws {
        let table = try parse("id,note\r\n1,\"a\r\nb\"\r\n2,c\r\n")
        XCTAssertEqual(table.records.map(\.fields), [["1", "a\r\nb"], ["2", "c"]])
        XCTAssertEqual(table.records.map(\.line), [2, 4])
    }

    func testLastRecordWithoutTrailingNewline() throws {
        let table = try parse("id,name\n1,A\n2,B")
        XCTAssertEqual(table.records.map(\.fields), [["1", "A"], ["2", "B"]])
    }

    func testBlankLinesAreSkippedButCountedForLineNumbers() throws {
        let table = try parse("\n\nid,name\n\n1,A\n\r\n\n2,B\n\n")
        XCTAssertEqual(table.headerLine, 3)
        XCTAssertEqual(table.records.map(\.fields), [["1", "A"], ["2", "B"]])
        XCTAssertEqual(table.records.map(\.line), [5, 8])
    }

    func testRecordLinesAfterAMultiLineQuotedField() throws {
        let text = "id,note\n1,\"first\nsecond\nthird\"\n2,x\n\n3,\"y\nz\"\n4,w\n"
        let table = try parse(text)
        XCTAssertEqual(table.records.map { $0.fields[0] }, ["1", "2", "3", "4"])
        XCTAssertEqual(table.records.map(\.line), [2, 5, 7, 9])
    }

    func testEmptyFieldsArePreserved() throws {
        let table = try parse("a,b,c\n,,\n1,,3\n")
        XCTAssertEqual(table.records.map(\.fields), [["", "", ""], ["1", "", "3"]])
    }

    func testUnterminatedQuoteNamesTheLineWhereItOpened() {
        assertParseError(Array("id,name\n1,A\n2,\"Bad\n3,C\n4,D\n".utf8), .unterminatedQuote(line: 3))
    }

    func testTextAfterClosingQuoteIsAnErrorWithItsLine() {
        assertParseError(Array("id,name\n1,A\n2,\"B\"x\n".utf8), .textAfterClosingQuote(line: 3))
        // After a multi-line field the line is the one holding the closing quote.
        assertParseError(Array("id,name\n1,\"a\nb\" c\n".utf8), .textAfterClosingQuote(line: 3))
    }

    func testInvalidUTF8IsAnErrorWithItsLine() {
        var bytes = Array("id,name\n1,A\n2,".utf8)
        bytes += [0xC3, 0x28]
        bytes += Array("\n".utf8)
        assertParseError(bytes, .invalidUTF8(line: 3))
    }

    func testEmptyFileIsAnError() {
        assertParseError([], .empty)
        assertParseError([0xEF, 0xBB, 0xBF], .empty)
        assertParseError(Array("\n\r\n\n".utf8), .empty)
    }

    func testHeaderOnlyGivesNoRecords() throws {
        let table = try parse("id,name\n")
        XCTAssertEqual(table.header, ["id", "name"])
        XCTAssertTrue(table.records.isEmpty)
    }

    func testParseErrorsDescribeThemselves() {
        XCTAssertTrue(CSVTable.ParseError.unterminatedQuote(line: 7).description.contains("line 7"))
        XCTAssertTrue(CSVTable.ParseError.invalidUTF8(line: 2).description.contains("UTF-8"))
        XCTAssertFalse(CSVTable.ParseError.empty.description.isEmpty)
    }

    /// A large file is parsed in pieces cut at record ends. On random files full of the cases that
    /// make cutting hard (quoted newlines, "" inside quotes, CR, CRLF, blank lines, quotes inside
    /// unquoted fields, errors), cutting at every record must give the same records, lines and
    /// error as one pass, also with a record limit.
    func testParsingInPiecesGivesTheSameRecordsAndErrorsAsOnePass() throws {
        var seed: UInt64 = 20261122
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        let atoms: [[UInt8]] = ["a", "b c", " ", "\"", "\"\"", ",", ";", "\n", "\r\n", "\r", "\"x\ny\"", "\"p\"\"q\"", "é", "\t"].map {
            Array($0.utf8)
        }
        var checked = 0, failedAlike = 0
        for round in 0..<400 {
            var bytes: [UInt8] = round % 7 == 0 ? [0xEF, 0xBB, 0xBF] : []
            bytes += Array("id,name,x\n".utf8)
            for _ in 0..<(5 + next(60)) { bytes += atoms[next(atoms.count)] }
            if round % 11 == 0 { bytes += [0xC3, 0x28] }
            let limit = round % 5 == 0 ? 1 + next(4) : Int.max
            let onePass = Result { try CSVTable.parse(bytes, maxRecords: limit, piecesFrom: .max) }
            let inPieces = Result { try CSVTable.parse(bytes, maxRecords: limit, piecesFrom: 0) }
            switch (onePass, inPieces) {
            case let (.success(a), .success(b)):
                XCTAssertEqual(a.header, b.header, "round \(round)")
                XCTAssertEqual(a.headerLine, b.headerLine, "round \(round)")
                XCTAssertEqual(a.records.map(\.fields), b.records.map(\.fields), "round \(round)")
                XCTAssertEqual(a.records.map(\.line), b.records.map(\.line), "round \(round)")
                checked += 1
            case let (.failure(a), .failure(b)):
                XCTAssertEqual(a as? CSVTable.ParseError, b as? CSVTable.ParseError, "round \(round)")
                failedAlike += 1
            default:
                XCTFail("round \(round): one pass \(onePass), in pieces \(inPieces)")
            }
        }
        // Both kinds of file occur.
        XCTAssertGreaterThan(checked, 50)
        XCTAssertGreaterThan(failedAlike, 50)
    }
}
