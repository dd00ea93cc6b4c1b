import Foundation
import ZIPFoundation

/// Writes an Excel workbook (.xlsx) of simple tables: one sheet per table, the header in bold and
/// frozen, a filter on the header, numbers as numbers and text as inline strings (a text cell is
/// never a formula in a workbook, so names starting with `=` need no neutralising here).
///
/// Byte-deterministic: parts in a fixed order, a fixed modification date, the same deflate.
struct XLSXWriter {
    struct Sheet {
        let name: String
        let header: [String]
        var rows: [[CSVWriter.Cell]]
    }

    /// All entries carry this date (2000-01-01 00:00 UTC), so the same tables give the same bytes.
    private static let fixedDate = Date(timeIntervalSince1970: 946_684_800)

    /// The workbook's bytes. Sheet names are made valid and unique (at most 31 characters, none of
    /// `[]:*?/\`).
    static func workbook(_ sheets: [Sheet]) -> [UInt8] {
        var names: [String] = []
        for sheet in sheets { names.append(uniqueName(sheet.name, taken: names)) }
        var parts: [(path: String, bytes: [UInt8])] = []
        func add(_ part: (path: String, text: String)) { parts.append((part.path, Array(part.text.utf8))) }
        add(("[Content_Types].xml", contentTypes(sheetCount: sheets.count)))
        add(
            (
                "_rels/.rels",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """
            ))
        let sheetEntries = names.enumerated().map { i, name in
            "<sheet name=\"\(escape(name))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
        }.joined()
        add(
            (
                "xl/workbook.xml",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\(sheetEntries)</sheets></workbook>
                """
            ))
        let relations =
            sheets.indices.map {
                "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
            }.joined()
            + "<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        add(
            (
                "xl/_rels/workbook.xml.rels",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(relations)</Relationships>
                """
            ))
        add(("xl/styles.xml", styles))
        for (i, sheet) in sheets.enumerated() { parts.append(("xl/worksheets/sheet\(i + 1).xml", worksheet(sheet))) }
        return zip(parts)
    }

    private static func zip(_ parts: [(path: String, bytes: [UInt8])]) -> [UInt8] {
        // An in-memory archive cannot fail to be written unless memory runs out.
        guard let archive = try? Archive(data: Data(), accessMode: .create, pathEncoding: nil) else { preconditionFailure("in-memory ZIP archive") }
        for part in parts {
            let data = Data(part.bytes)
            do {
                try archive.addEntry(
                    with: part.path, type: .file, uncompressedSize: Int64(data.count), modificationDate: fixedDate,
                    permissions: 0o644, compressionMethod: .deflate
                ) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            } catch {
                preconditionFailure("in-memory ZIP entry \(part.path): \(error)")
            }
        }
        return [UInt8](archive.data ?? Data())
    }

    private static func contentTypes(sheetCount: Int) -> String {
        let sheets = (1...max(1, sheetCount)).prefix(sheetCount).map {
            "<Override PartName=\"/xl/worksheets/sheet\($0).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\(sheets)</Types>
            """
    }

    /// Style 0: normal; style 1: bold (the header).
    private static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
        """

    /// The sheet's XML as bytes: built in a byte buffer (100,000-row sheets), the same text as
    /// string building would give.
    private static func worksheet(_ sheet: Sheet) -> [UInt8] {
        let width = sheet.header.count
        let lastColumn = letters(max(1, width))
        let columnLetters = (0..<max(width, sheet.rows.map(\.count).max() ?? 0)).map { Array(letters($0 + 1).utf8) }
        var xml = ReportText(capacity: 64 * width * (sheet.rows.count + 1))
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
        xml.append("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">")
        xml.append("<dimension ref=\"A1:\(lastColumn)\(sheet.rows.count + 1)\"/>")
        xml.append(
            "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>"
        )
        // Column widths from the longest cell (in characters), between 8 and 60.
        var widths = sheet.header.map { max(8, $0.count + 2) }
        for row in sheet.rows {
            for (i, cell) in row.enumerated() where i < width {
                if case let .text(t) = cell, t.utf8.count + 2 > widths[i], widths[i] < 60 { widths[i] = min(60, max(widths[i], t.count + 2)) }
            }
        }
        if width > 0 {
            xml.append(
                "<cols>"
                    + widths.enumerated().map { "<col min=\"\($0.offset + 1)\" max=\"\($0.offset + 1)\" width=\"\($0.element)\" customWidth=\"1\"/>" }
                    .joined() + "</cols>")
        }
        xml.append("<sheetData>")
        xml.append("<row r=\"1\">")
        for (i, title) in sheet.header.enumerated() {
            xml.append("<c r=\"\(letters(i + 1))1\" s=\"1\" t=\"inlineStr\"><is><t>\(escape(title))</t></is></c>")
        }
        xml.append("</row>")
        for (r, row) in sheet.rows.enumerated() {
            let number = String(r + 2)
            xml.append("<row r=\"")
            xml.append(number)
            xml.append("\">")
            for (i, cell) in row.enumerated() {
                if case .empty = cell { continue }
                xml.append("<c r=\"")
                xml.append(columnLetters[i])
                xml.append(number)
                switch cell {
                case .empty: continue
                case let .integer(n):
                    xml.append("\"><v>")
                    xml.append(n)
                    xml.append("</v></c>")
                case let .number(x):
                    xml.append("\"><v>")
                    xml.append(formatReportNumber(x))
                    xml.append("</v></c>")
                case let .text(t):
                    xml.append(t.first == " " || t.last == " " ? "\" t=\"inlineStr\"><is><t xml:space=\"preserve\">" : "\" t=\"inlineStr\"><is><t>")
                    // Most cells need no escaping: their bytes are copied as they are.
                    if t.utf8.contains(where: { $0 < 0x20 || $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0xEF }) {
                        xml.append(escape(t))
                    } else {
                        xml.append(t)
                    }
                    xml.append("</t></is></c>")
                }
            }
            xml.append("</row>")
        }
        xml.append("</sheetData>")
        if width > 0 { xml.append("<autoFilter ref=\"A1:\(lastColumn)\(sheet.rows.count + 1)\"/>") }
        xml.append("</worksheet>")
        return xml.bytes
    }

    /// Text as XML character data; characters XML 1.0 cannot hold are dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                let v = scalar.value
                if v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v != 0xFFFE && v != 0xFFFF) { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    static func letters(_ column: Int) -> String {
        var column = column, result = ""
        while column > 0 {
            result = String(UnicodeScalar(UInt8(65 + (column - 1) % 26))) + result
            column = (column - 1) / 26
        }
        return result
    }

    static func uniqueName(_ wanted: String, taken: [String]) -> String {
        var base = String(wanted.unicodeScalars.filter { !"[]:*?/\\".unicodeScalars.contains($0) && $0.value >= 0x20 }.map(Character.init))
        if base.isEmpty { base = "Sheet" }
        var name = prefix(base, utf16Units: 31).trimmingCharacters(in: .whitespaces), n = 2
        while taken.contains(where: { $0.lowercased() == name.lowercased() }) {
            let suffix = " (\(n))"
            name = prefix(base, utf16Units: 31 - suffix.utf16.count) + suffix
            n += 1
        }
        return name
    }

    /// The longest prefix of whole characters within a length in UTF-16 units (how Excel counts
    /// a sheet name's 31 characters).
    static func prefix(_ text: String, utf16Units limit: Int) -> String {
        var result = "", used = 0
        for character in text {
            let units = character.utf16.count
            if used + units > limit { break }
            result.append(character)
            used += units
        }
        return result
    }
}

/// Workbooks of text tables for other layers (the `init --xlsx` template).
public enum TextWorkbook {
    /// A workbook with one sheet per table (name, header, rows of text cells).
    public static func bytes(_ tables: [(name: String, header: [String], rows: [[String]])]) -> [UInt8] {
        XLSXWriter.workbook(
            tables.map { table in
                .init(name: table.name, header: table.header, rows: table.rows.map { $0.map { $0.isEmpty ? .empty : .text($0) } })
            })
    }
}
