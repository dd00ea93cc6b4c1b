import Foundation
import PlacementDomain
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An Excel workbook (`.xlsx`, Office Open XML) read as tables: the container through
/// ZIPFoundation, each part with a streaming XML parser. Cells are read as a spreadsheet shows
/// them: shared and inline strings, numbers (whole numbers without ".0"), dates (cells whose
/// number format is a date, as YYYY-MM-DD), booleans, and for formulas their cached value (never
/// evaluated). Merged cells give every cell of the range the top-left cell's value.
///
/// Hostile files are refused before they cost much: every part read is limited in size, counted
/// while it is inflated (a ZIP bomb's declared sizes may lie).
public struct Workbook {
    /// Why a workbook cannot be read; each message says what to do.
    public enum ReadError: Error, Sendable, Equatable, CustomStringConvertible {
        case notAWorkbook(String)
        case missingPart(String)
        case tooLarge(part: String, limit: Int)
        case malformedXML(part: String, line: Int, message: String)
        case noSuchSheet(String, available: [String])
        case cellError(sheet: String, cell: String, value: String)
        case uncalculatedFormula(sheet: String, cell: String)

        public var description: String {
            switch self {
            case let .notAWorkbook(why):
                return "not an Excel workbook (.xlsx): \(why); save it from the spreadsheet program as \"Excel 2007-365 (.xlsx)\" or as CSV UTF-8"
            case let .missingPart(part):
                return "the workbook has no \(part) (a damaged file, or not saved as .xlsx?)"
            case let .tooLarge(part, limit):
                return "the workbook's part \(part) is larger than \(limit) bytes when unpacked (raise --max-file-bytes if the file is genuine)"
            case let .malformedXML(part, line, message):
                return "the workbook's part \(part) is not well-formed XML (line \(line): \(message))"
            case let .noSuchSheet(name, available):
                return "a sheet named '\(name)' (the workbook has: \(available.map { "'\($0)'" }.joined(separator: ", ")))"
            case let .cellError(sheet, cell, value):
                return "sheet '\(sheet)', cell \(cell) holds the error \(value); fix the formula or type the value"
            case let .uncalculatedFormula(sheet, cell):
                return
                    "sheet '\(sheet)', cell \(cell) has a formula that was never calculated (no stored value); open the workbook in a spreadsheet program and save it, or type the value"
            }
        }
    }

    /// One sheet as a table: the first non-empty row is the header.
    public struct Sheet: Sendable {
        public struct Record: Sendable {
            /// The spreadsheet's row number (1-based, as the spreadsheet shows it).
            public let line: Int
            public let fields: [String]
        }
        public let name: String
        public let header: [String]
        public let headerLine: Int
        public let records: [Record]
        /// Column letters of the header's cells, in order ("A", "B", …, "AA").
        public let columnLetters: [String]
    }

    /// Sheet names in workbook order.
    public let sheetNames: [String]
    private let sheetParts: [String]
    private let archive: ArchiveParts

    /// Opens a workbook from its bytes. `maxPartBytes` limits each part unpacked.
    public init(bytes: [UInt8], maxPartBytes: Int) throws(ReadError) {
        guard bytes.count >= 4, bytes[0] == 0x50, bytes[1] == 0x4B else {
            throw .notAWorkbook(bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) ? "it is an old Excel 97-2003 file (.xls)" : "it is not a ZIP container")
        }
        archive = try ArchiveParts(bytes: bytes, maxPartBytes: maxPartBytes)
        let workbook = try XMLElements.parse(archive.part("xl/workbook.xml"), part: "xl/workbook.xml")
        let relations = try XMLElements.parse(archive.part("xl/_rels/workbook.xml.rels"), part: "xl/_rels/workbook.xml.rels")
        var targets: [String: String] = [:]
        for relation in relations.elements where relation.name == "Relationship" {
            if let id = relation.attributes["Id"], let target = relation.attributes["Target"] {
                targets[id] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            }
        }
        var names: [String] = [], parts: [String] = []
        for sheet in workbook.elements where sheet.name == "sheet" {
            guard let name = sheet.attributes["name"], let id = sheet.attributes["r:id"], let target = targets[id] else { continue }
            names.append(name)
            parts.append(target)
        }
        sheetNames = names
        sheetParts = parts
    }

    /// The sheet of a roster table: the one named `requested` (compared ignoring case), else the
    /// one named like the table ("students"), else the only sheet.
    public func sheetName(requested: String?, table: String) throws(ReadError) -> String {
        func matching(_ name: String) -> String? { sheetNames.first { $0.lowercased() == name.lowercased() } }
        if let requested {
            guard let name = matching(requested) else { throw .noSuchSheet(requested, available: sheetNames) }
            return name
        }
        if let name = matching(table) { return name }
        if sheetNames.count == 1 { return sheetNames[0] }
        throw .noSuchSheet(table, available: sheetNames)
    }

    /// Reads one sheet as a table.
    public func sheet(named name: String) throws(ReadError) -> Sheet {
        guard let index = sheetNames.firstIndex(of: name) else { throw .noSuchSheet(name, available: sheetNames) }
        let sharedStrings =
            try archive.optionalPart("xl/sharedStrings.xml").map { data throws(ReadError) in
                try SharedStrings.parse(data)
            } ?? []
        let dateStyles = try archive.optionalPart("xl/styles.xml").map { data throws(ReadError) in try DateStyles.parse(data) } ?? []
        let workbook = try XMLElements.parse(archive.part("xl/workbook.xml"), part: "xl/workbook.xml")
        let date1904 = workbook.elements.contains { $0.name == "workbookPr" && ["1", "true"].contains($0.attributes["date1904"] ?? "") }
        let part = sheetParts[index]
        let cells = try SheetCells.parse(
            archive.part(part), part: part, sheet: name, sharedStrings: sharedStrings,
            dateStyles: dateStyles, date1904: date1904)
        return cells.table(named: name)
    }
}

/// The parts of the ZIP container, each unpacked under a size limit.
private struct ArchiveParts {
    let archive: Archive
    let maxPartBytes: Int

    init(bytes: [UInt8], maxPartBytes: Int) throws(Workbook.ReadError) {
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw .notAWorkbook("its ZIP container cannot be read (\(error))")
        }
        self.maxPartBytes = maxPartBytes
    }

    func optionalPart(_ path: String) throws(Workbook.ReadError) -> Data? {
        guard let entry = archive[path] else { return nil }
        // Declared sizes are checked first, then counted while inflating: they may lie.
        guard entry.uncompressedSize <= UInt64(maxPartBytes) else { throw .tooLarge(part: path, limit: maxPartBytes) }
        var data = Data()
        let limit = maxPartBytes
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                guard data.count + chunk.count <= limit else { throw Workbook.ReadError.tooLarge(part: path, limit: limit) }
                data.append(chunk)
            }
        } catch let error as Workbook.ReadError {
            throw error
        } catch {
            throw .notAWorkbook("its part \(path) cannot be unpacked (\(error))")
        }
        return data
    }

    func part(_ path: String) throws(Workbook.ReadError) -> Data {
        guard let data = try optionalPart(path) else { throw .missingPart(path) }
        return data
    }
}

/// A small streaming XML reader that collects elements with their attributes (and, for the
/// elements asked for, their text), for the workbook's small parts.
private final class XMLElements: NSObject, XMLParserDelegate {
    struct Element {
        let name: String
        let attributes: [String: String]
    }
    private(set) var elements: [Element] = []

    static func parse(_ data: Data, part: String) throws(Workbook.ReadError) -> XMLElements {
        let collector = XMLElements()
        try runParser(data, delegate: collector, part: part)
        return collector
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        elements.append(Element(name: localName(elementName), attributes: attributeDict))
    }
}

/// Runs a parser over one part; a malformed part is an error naming the part and line.
private func runParser(_ data: Data, delegate: XMLParserDelegate, part: String) throws(Workbook.ReadError) {
    let parser = XMLParser(data: data)
    parser.delegate = delegate
    parser.shouldResolveExternalEntities = false
    guard parser.parse() else {
        let message = parser.parserError.map { "\($0.localizedDescription)" } ?? "unknown error"
        throw .malformedXML(part: part, line: parser.lineNumber, message: message)
    }
}

/// "x:sheet" and "sheet" are the same element (namespace prefixes vary between programs).
private func localName(_ name: String) -> String {
    guard let colon = name.lastIndex(of: ":") else { return name }
    return String(name[name.index(after: colon)...])
}

/// The shared string table: each `<si>` is the concatenation of its `<t>` runs (phonetic runs
/// `<rPh>` are not part of the text).
private final class SharedStrings: NSObject, XMLParserDelegate {
    private var strings: [String] = []
    private var current = ""
    private var inText = false
    private var phoneticDepth = 0

    static func parse(_ data: Data) throws(Workbook.ReadError) -> [String] {
        let reader = SharedStrings()
        try runParser(data, delegate: reader, part: "xl/sharedStrings.xml")
        return reader.strings
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        switch localName(elementName) {
        case "si": current = ""
        case "rPh": phoneticDepth += 1
        case "t": inText = phoneticDepth == 0
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        switch localName(elementName) {
        case "si": strings.append(current)
        case "rPh": phoneticDepth -= 1
        case "t": inText = false
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current += string }
    }
}

/// Which cell styles (`s` attribute: index into `cellXfs`) show numbers as dates.
private final class DateStyles: NSObject, XMLParserDelegate {
    private var customDateFormats: Set<Int> = []
    private var styleFormats: [Int] = []
    private var inCellXfs = false

    static func parse(_ data: Data) throws(Workbook.ReadError) -> Set<Int> {
        let reader = DateStyles()
        try runParser(data, delegate: reader, part: "xl/styles.xml")
        var dates: Set<Int> = []
        for (style, format) in reader.styleFormats.enumerated() where builtInDateFormats.contains(format) || reader.customDateFormats.contains(format)
        {
            dates.insert(style)
        }
        return dates
    }

    /// Excel's built-in number formats that show dates (14–22, 45–47).
    static let builtInDateFormats: Set<Int> = Set(14...22).union(45...47)

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        switch localName(elementName) {
        case "numFmt":
            guard let id = attributeDict["numFmtId"].flatMap(Int.init), let code = attributeDict["formatCode"] else { return }
            if Workbook.Cells.isDateFormat(code) { customDateFormats.insert(id) }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs: styleFormats.append(attributeDict["numFmtId"].flatMap(Int.init) ?? 0)
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        if localName(elementName) == "cellXfs" { inCellXfs = false }
    }
}

/// The cells of one worksheet, streamed: values as text, keyed by row and column.
private final class SheetCells: NSObject, XMLParserDelegate {
    private let part: String
    private let sheet: String
    private let sharedStrings: [String]
    private let dateStyles: Set<Int>
    private let date1904: Bool
    private var rows: [Int: [Int: String]] = [:]
    private var merges: [(top: Int, left: Int, bottom: Int, right: Int)] = []
    private var failure: Workbook.ReadError?

    // The cell being read.
    private var cellRow = 0, cellColumn = 0, nextRow = 1, nextColumn = 1
    private var cellType = "n", cellStyle = 0, cellText = "", inValue = false, inInline = false
    private var hasValue = false, hasFormula = false

    private init(part: String, sheet: String, sharedStrings: [String], dateStyles: Set<Int>, date1904: Bool) {
        self.part = part
        self.sheet = sheet
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
        self.date1904 = date1904
    }

    static func parse(
        _ data: Data, part: String, sheet: String, sharedStrings: [String], dateStyles: Set<Int>,
        date1904: Bool
    ) throws(Workbook.ReadError) -> SheetCells {
        let reader = SheetCells(part: part, sheet: sheet, sharedStrings: sharedStrings, dateStyles: dateStyles, date1904: date1904)
        try runParser(data, delegate: reader, part: part)
        if let failure = reader.failure { throw failure }
        reader.fillMerges()
        return reader
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        switch localName(elementName) {
        case "row":
            // Rows without `r` follow the previous one.
            nextRow = attributeDict["r"].flatMap(Int.init) ?? nextRow
            nextColumn = 1
        case "c":
            if let reference = attributeDict["r"], let (row, column) = Workbook.Cells.position(reference) {
                cellRow = row
                cellColumn = column
            } else {
                cellRow = nextRow
                cellColumn = nextColumn
            }
            nextColumn = cellColumn + 1
            cellType = attributeDict["t"] ?? "n"
            cellStyle = attributeDict["s"].flatMap(Int.init) ?? 0
            cellText = ""
            hasValue = false
            hasFormula = false
        case "f": hasFormula = true
        case "v": inValue = true; cellText = ""; hasValue = true
        case "is": inInline = true; cellText = ""; hasValue = true
        case "mergeCell":
            guard let reference = attributeDict["ref"] else { return }
            let corners = reference.split(separator: ":").compactMap { Workbook.Cells.position(String($0)) }
            if corners.count == 2 {
                merges.append((corners[0].row, corners[0].column, corners[1].row, corners[1].column))
            }
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        switch localName(elementName) {
        case "v": inValue = false
        case "is": inInline = false
        case "c":
            // A formula's value is the one the spreadsheet program stored; programs that do not
            // calculate (libraries) store none, or an empty one.
            let calculated = hasValue && (!cellText.isEmpty || cellType == "str" || cellType == "inlineStr")
            if hasFormula && !calculated {
                failure = failure ?? .uncalculatedFormula(sheet: sheet, cell: Workbook.Cells.reference(cellRow, cellColumn))
            } else if hasValue {
                store()
            }
        case "row": nextRow += 1
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inValue || inInline { cellText += string }
    }

    /// The cell's value as the spreadsheet shows it.
    private func store() {
        let value: String
        switch cellType {
        case "s":
            guard let index = Int(cellText.trimmingCharacters(in: .whitespaces)), sharedStrings.indices.contains(index) else {
                failure =
                    failure
                    ?? .malformedXML(
                        part: part, line: cellRow,
                        message: "cell \(Workbook.Cells.reference(cellRow, cellColumn)) names shared string \(cellText), which does not exist")
                return
            }
            value = sharedStrings[index]
        case "inlineStr", "str": value = cellText
        case "b": value = cellText.trimmingCharacters(in: .whitespaces) == "1" ? "TRUE" : "FALSE"
        case "e":
            failure = failure ?? .cellError(sheet: sheet, cell: Workbook.Cells.reference(cellRow, cellColumn), value: cellText)
            return
        default:
            value = Workbook.Cells.number(cellText.trimmingCharacters(in: .whitespaces), asDate: dateStyles.contains(cellStyle), date1904: date1904)
        }
        rows[cellRow, default: [:]][cellColumn] = value
    }

    /// Every cell of a merged range shows the top-left cell's value.
    private func fillMerges() {
        for merge in merges {
            guard let value = rows[merge.top]?[merge.left] else { continue }
            for row in merge.top...merge.bottom {
                for column in merge.left...merge.right where rows[row]?[column] == nil {
                    rows[row, default: [:]][column] = value
                }
            }
        }
    }

    func table(named name: String) -> Workbook.Sheet {
        let nonEmpty = rows.keys.sorted().filter { rows[$0]!.values.contains { !$0.trimmingCharacters(in: .whitespaces).isEmpty } }
        guard let headerRow = nonEmpty.first else {
            return Workbook.Sheet(name: name, header: [], headerLine: 1, records: [], columnLetters: [])
        }
        let headerCells = rows[headerRow]!
        // The header runs to its last non-empty cell; cells to the right of it are not read.
        let width = headerCells.filter { !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }.keys.max() ?? 0
        let header = (1...max(1, width)).map { headerCells[$0] ?? "" }
        let records = nonEmpty.dropFirst().map { row in
            Workbook.Sheet.Record(line: row, fields: (1...max(1, width)).map { rows[row]![$0] ?? "" })
        }
        return Workbook.Sheet(
            name: name, header: header, headerLine: headerRow, records: records,
            columnLetters: (1...max(1, width)).map(Workbook.Cells.letters))
    }
}

extension Workbook {
    /// How cells are addressed and shown.
    public enum Cells {
        /// A format code shows a date when, outside quoted text and [colour] brackets, it has a day,
        /// month or year part.
        public static func isDateFormat(_ code: String) -> Bool {
            var quoted = false, bracket = false
            for c in code.lowercased() {
                switch c {
                case "\"": quoted.toggle()
                case "[" where !quoted: bracket = true
                case "]" where !quoted: bracket = false
                case "d", "m", "y": if !quoted && !bracket { return true }
                default: continue
                }
            }
            return false
        }

        /// "C5" → (row 5, column 3).
        public static func position(_ reference: String) -> (row: Int, column: Int)? {
            var column = 0, row = 0, sawDigit = false
            for c in reference.unicodeScalars {
                switch c.value {
                case 65...90 where !sawDigit: column = column * 26 + Int(c.value - 64)
                case 97...122 where !sawDigit: column = column * 26 + Int(c.value - 96)
                case 48...57: sawDigit = true; row = row * 10 + Int(c.value - 48)
                case 36: continue  // "$" of an absolute reference
                default: return nil
                }
                if column > 16_384 || row > 1_048_576 { return nil }
            }
            return column > 0 && row > 0 ? (row, column) : nil
        }

        public static func letters(_ column: Int) -> String {
            var column = column, letters = ""
            while column > 0 {
                let digit = (column - 1) % 26
                letters = String(UnicodeScalar(UInt8(65 + digit))) + letters
                column = (column - 1) / 26
            }
            return letters
        }

        static func reference(_ row: Int, _ column: Int) -> String { "\(letters(column))\(row)" }

        /// A number as a spreadsheet shows it by default: whole numbers without ".0", dates as
        /// YYYY-MM-DD (times of day dropped), others in their shortest exact form.
        public static func number(_ text: String, asDate: Bool, date1904: Bool) -> String {
            guard let value = Double(text), value.isFinite else { return text }
            if asDate, let date = calendarDate(serial: value, date1904: date1904) { return date }
            if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
            return String(value)
        }

        /// Excel's serial day number as a date. The 1900 system counts 1900-02-29, which did not
        /// exist, so serials from 61 on are one day ahead.
        static func calendarDate(serial: Double, date1904: Bool) -> String? {
            guard serial >= (date1904 ? 0 : 1), serial < 2_958_466 else { return nil }
            var days = Int(serial.rounded(.down))
            if !date1904 && days >= 61 { days -= 1 }
            // Serial 1 is 1900-01-01 in the 1900 system; serial 0 is 1904-01-01 in the 1904 system.
            guard let epoch = date1904 ? Day.parse("1904-01-01") : Day.parse("1900-01-01").map({ $0 - 1 }) else { return nil }
            return (epoch + days).description
        }
    }
}
