import Foundation
import PlacementConcurrency

/// A CSV table as coordinators export it from spreadsheets: UTF-8 with or without a byte-order
/// mark (UTF-16 text is turned into UTF-8 first, see `TextEncoding`), comma, semicolon or tab
/// separated (detected from the header line), fields optionally quoted
/// with "" for a quote inside, LF or CRLF line ends, newlines inside quoted fields.
///
/// Written here rather than taken from a CSV package because every record must carry the line it
/// starts on (diagnostics name it), malformed quoting must be reported with its line instead of
/// being repaired silently, and 100,000-row rosters must parse in well under a second.
public struct CSVTable: Sendable {
    public struct Record: Sendable {
        /// 1-based line of the file on which the record starts.
        public let line: Int
        public let fields: [String]
    }

    public enum ParseError: Error, Sendable, Equatable {
        case unterminatedQuote(line: Int)
        case textAfterClosingQuote(line: Int)
        case invalidUTF8(line: Int)
        case empty
    }

    public let header: [String]
    public let headerLine: Int
    public let records: [Record]
    public let delimiter: UInt8

    /// Parses the whole file. Blank lines are skipped. `maxRecords` guards memory on hostile input.
    /// A large file is cut at record ends into pieces that are parsed on every core; the records,
    /// their lines and the first error are the same as those of one pass from the start.
    public static func parse(
        _ bytes: [UInt8], maxRecords: Int = .max, maxFieldBytes: Int = .max,
        piecesFrom: Int = piecesFromBytes
    ) throws -> CSVTable {
        var start = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { start = 3 }
        let delimiter = detectDelimiter(bytes, from: start)
        let pieces =
            bytes.count < piecesFrom
            ? [(offset: start, line: 1)]
            : recordBoundaries(bytes, from: start, delimiter: delimiter, pieces: 4 * ProcessInfo.processInfo.activeProcessorCount)
        let parsed = parallelMap(count: pieces.count) { p in
            let end = p + 1 < pieces.count ? pieces[p + 1].offset : bytes.count
            return parseRecords(
                bytes, from: pieces[p].offset, to: end, line: pieces[p].line, delimiter: delimiter,
                maxRecords: maxRecords, maxFieldBytes: maxFieldBytes)
        }
        // In file order, as one pass would: it stops reading as soon as there are too many
        // records, so an error beyond that point is not reached.
        var records: [Record] = []
        joining: for piece in parsed {
            for record in piece.records {
                records.append(record)
                if records.count - 1 > maxRecords { break joining }  // the header is a record too
            }
            if let error = piece.error { throw error }
        }
        guard let first = records.first else { throw ParseError.empty }
        return CSVTable(header: first.fields, headerLine: first.line, records: Array(records.dropFirst()), delimiter: delimiter)
    }

    /// Files from this size on are parsed in pieces.
    public static let piecesFromBytes = 1 << 20

    /// Where records start, about evenly spaced: the reading of `parseRecords` without building
    /// fields (quotes open only at the start of a field, "" inside quotes, CRLF is one line end).
    /// Input it cannot read the same way has an error before the cut, which that piece reports.
    static func recordBoundaries(_ bytes: [UInt8], from start: Int, delimiter: UInt8, pieces: Int) -> [(offset: Int, line: Int)] {
        let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        let n = bytes.count
        var boundaries = [(offset: start, line: 1)]
        var nextCut = start + (n - start) / pieces
        var line = 1, i = start
        var fieldBlank = true, fieldWasQuoted = false
        return bytes.withUnsafeBufferPointer { bytes in
            while i < n {
                let b = bytes[i]
                if b == quote && fieldBlank && !fieldWasQuoted {
                    i += 1
                    while i < n {
                        let c = bytes[i]
                        if c == quote {
                            if i + 1 < n && bytes[i + 1] == quote { i += 2; continue }
                            i += 1
                            break
                        }
                        if c == lf { line += 1 }
                        i += 1
                    }
                    fieldWasQuoted = true
                    continue
                }
                if b == delimiter {
                    fieldBlank = true
                    fieldWasQuoted = false
                } else if b == cr || b == lf {
                    if b == cr && i + 1 < n && bytes[i + 1] == lf { i += 1 }
                    line += 1
                    fieldBlank = true
                    fieldWasQuoted = false
                    if i + 1 >= nextCut && i + 1 < n {
                        boundaries.append((offset: i + 1, line: line))
                        nextCut = i + 1 + (n - start) / pieces
                    }
                } else if b != 0x20 && b != 0x09 {
                    fieldBlank = false
                }
                i += 1
            }
            return boundaries
        }
    }

    /// Records of `bytes[from..<to]`, which starts a record on `line`; `to` ends a record or the
    /// file. Reading stops at the first error, which comes with the records before it.
    static func parseRecords(
        _ bytes: [UInt8], from: Int, to n: Int, line startLine: Int, delimiter: UInt8,
        maxRecords: Int, maxFieldBytes: Int
    ) -> (records: [Record], error: ParseError?) {
        bytes.withUnsafeBufferPointer { bytes in
            parseRecords(bytes, from: from, to: n, line: startLine, delimiter: delimiter, maxRecords: maxRecords, maxFieldBytes: maxFieldBytes)
        }
    }

    private static func parseRecords(
        _ bytes: UnsafeBufferPointer<UInt8>, from: Int, to n: Int, line startLine: Int, delimiter: UInt8,
        maxRecords: Int, maxFieldBytes: Int
    ) -> (records: [Record], error: ParseError?) {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = startLine
        var recordLine = startLine
        var i = from
        var fieldWasQuoted = false
        var rowHasContent = false
        let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        func finishField() throws {
            // An over-long field was cut short while reading; it is refused later by its length,
            // so decode it leniently rather than report a split character as bad UTF-8.
            let overLong = field.count > maxFieldBytes
            // ASCII needs no validation (most cells are); other text is validated as UTF-8.
            let ascii = field.allSatisfy { $0 < 0x80 }
            guard let text = overLong || ascii ? String(decoding: field, as: UTF8.self) : String(validating: field, as: UTF8.self) else {
                throw ParseError.invalidUTF8(line: line)
            }
            fields.append(fieldWasQuoted ? text : text.trimmingSpaces())
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }
        func finishRecord() throws {
            try finishField()
            if rowHasContent || fields.count > 1 || !(fields.first ?? "").isEmpty {
                records.append(Record(line: recordLine, fields: fields))
            }
            let width = fields.count
            fields = []
            fields.reserveCapacity(width)
            rowHasContent = false
        }

        do {
            while i < n {
                let b = bytes[i]
                if b == quote && field.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) && !fieldWasQuoted {
                    // Quoted field: read to the closing quote.
                    field.removeAll(keepingCapacity: true)
                    fieldWasQuoted = true
                    rowHasContent = true
                    let openedOn = line
                    i += 1
                    var closed = false
                    while i < n {
                        let c = bytes[i]
                        if c == quote {
                            if i + 1 < n && bytes[i + 1] == quote { field.append(quote); i += 2; continue }
                            closed = true
                            i += 1
                            break
                        }
                        if c == lf { line += 1 }
                        if field.count <= maxFieldBytes { field.append(c) }
                        i += 1
                    }
                    guard closed else { throw ParseError.unterminatedQuote(line: openedOn) }
                    // Only spaces may follow before the delimiter or line end.
                    while i < n && (bytes[i] == 0x20 || bytes[i] == 0x09 && delimiter != 0x09) { i += 1 }
                    if i < n && bytes[i] != delimiter && bytes[i] != cr && bytes[i] != lf {
                        throw ParseError.textAfterClosingQuote(line: line)
                    }
                    continue
                }
                if b == delimiter {
                    try finishField()
                    rowHasContent = true
                    i += 1
                    continue
                }
                if b == cr || b == lf {
                    try finishRecord()
                    if b == cr && i + 1 < n && bytes[i + 1] == lf { i += 1 }
                    i += 1
                    line += 1
                    recordLine = line
                    if records.count - 1 > maxRecords { break }  // the header is a record too (and maxRecords may be .max)
                    continue
                }
                if fieldWasQuoted { throw ParseError.textAfterClosingQuote(line: line) }
                // A run of ordinary bytes is copied at once (up to the same cut as byte by byte).
                var end = i + 1
                while end < n, bytes[end] != delimiter, bytes[end] != cr, bytes[end] != lf, bytes[end] != quote { end += 1 }
                let room = maxFieldBytes - field.count  // byte by byte, one more is kept while room >= 0
                let kept = room < 0 ? 0 : room >= end - i ? end - i : room + 1
                field.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<i + kept]))
                i = end
            }
            if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { try finishRecord() }
        } catch {
            return (records, error as? ParseError)
        }
        return (records, nil)
    }

    /// The separator that occurs most often outside quotes on the header line: tab, then semicolon, else comma.
    static func detectDelimiter(_ bytes: [UInt8], from start: Int) -> UInt8 {
        var commas = 0, semicolons = 0, tabs = 0, inQuotes = false
        var i = start
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if !inQuotes && (b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r")) {
                if commas + semicolons + tabs > 0 { break }
            } else if !inQuotes && b == UInt8(ascii: ",") {
                commas += 1
            } else if !inQuotes && b == UInt8(ascii: ";") {
                semicolons += 1
            } else if !inQuotes && b == 0x09 {
                tabs += 1
            }
            i += 1
        }
        // Tab-separated text is what spreadsheets write as "Text (tab delimited)".
        if tabs > commas && tabs > semicolons { return 0x09 }
        return semicolons > commas ? UInt8(ascii: ";") : UInt8(ascii: ",")
    }
}

extension CSVTable.ParseError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .unterminatedQuote(line): return "a quoted field opened on line \(line) is never closed"
        case let .textAfterClosingQuote(line): return "text after a closing quote on line \(line) (a quote inside a field must be written \"\")"
        case let .invalidUTF8(line): return "line \(line) is not valid UTF-8 (save the file as UTF-8)"
        case .empty: return "the file is empty (expected a header line)"
        }
    }
}

extension String {
    /// Drops leading and trailing spaces and tabs, working on UTF-8 bytes (hot path for rosters).
    func trimmingSpaces() -> String {
        let bytes = utf8
        guard let first = bytes.first, let last = bytes.last,
            first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09
        else { return self }
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start = bytes.index(after: start) }
        while end > start, bytes[bytes.index(before: end)] == 0x20 || bytes[bytes.index(before: end)] == 0x09 { end = bytes.index(before: end) }
        return String(self[start..<end])
    }

    /// Splits on any of the given ASCII separator bytes, trims spaces, drops empty items.
    /// Works on the UTF-8 bytes (hot path: every roster row has several lists).
    func splitItems(on separators: [UInt8]) -> [String] {
        var items: [String] = []
        items.reserveCapacity(8)
        // ASCII separators as two bit masks (bytes 0–63 and 64–127): one test per byte.
        var low: UInt64 = 0, high: UInt64 = 0
        for byte in separators where byte < 128 {
            if byte < 64 { low |= 1 << UInt64(byte) } else { high |= 1 << UInt64(byte - 64) }
        }
        var text = self
        text.withUTF8 { bytes in
            var start = 0
            func flush(_ end: Int) {
                var from = start, to = end
                while from < to, bytes[from] == 0x20 || bytes[from] == 0x09 { from += 1 }
                while to > from, bytes[to - 1] == 0x20 || bytes[to - 1] == 0x09 { to -= 1 }
                if from < to { items.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)) }
            }
            for i in 0..<bytes.count {
                let byte = bytes[i]
                let isSeparator = byte < 64 ? low & (1 << UInt64(byte)) != 0 : byte < 128 && high & (1 << UInt64(byte - 64)) != 0
                guard isSeparator else { continue }
                flush(i)
                start = i + 1
            }
            flush(bytes.count)
        }
        return items
    }
}
