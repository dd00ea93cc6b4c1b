import XCTest
import PlacementReports

/// CSVWriter quotes only when needed, doubles quotes inside quoted cells and neutralises formulas.
final class CSVWriterTests: XCTestCase {
    func testQuotesAreDoubledInsideQuotedCellsAndOtherCellsAreCopied() {
        var csv = CSVWriter(header: ["a", "b"])
        csv.row([.text("plain"), .text("with, comma")])
        csv.row([.text(#"say "hi", then go"#), .text(#"""#)])
        csv.row([.text("two\nlines"), .text("=formula, quoted")])
        csv.row([.text(#"""x"#), .empty])
        XCTAssertEqual(Array(csv.bytes.prefix(3)), [0xEF, 0xBB, 0xBF], "a UTF-8 byte-order mark first, for Excel")
        XCTAssertEqual(
            String(decoding: csv.bytes.dropFirst(3), as: UTF8.self),
            #"""
            a,b
            plain,"with, comma"
            "say ""hi"", then go",""""
            "two
            lines","'=formula, quoted"
            """""x",

            """#)
    }
}
