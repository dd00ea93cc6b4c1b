import Crypto
import Foundation

/// Small readers the verifier needs, written here so that it shares no code with the writers it
/// checks: SHA-256 in hex, a JSON value reader, and an RFC 4180 CSV reader.
enum Hex {
    static func sha256(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in SHA256.hash(data: bytes) {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Reads values out of what JSONSerialization returns.
enum JSONValue {
    static func object(_ any: Any?) -> [String: Any]? { any as? [String: Any] }
    static func array(_ any: Any?) -> [Any]? { any as? [Any] }

    static func string(_ any: Any?) -> String? {
        guard let any, !(any is NSNull) else { return nil }
        return any as? String
    }

    /// A number; also the strings "inf", "-inf" and "nan" that reports write for non-finite values.
    static func number(_ any: Any?) -> Double? {
        guard let any, !(any is NSNull) else { return nil }
        if let text = any as? String {
            switch text {
            case "inf": return .infinity
            case "-inf": return -.infinity
            case "nan": return .nan
            default: return nil
            }
        }
        if let n = any as? NSNumber { return n.doubleValue }
        if let d = any as? Double { return d }
        if let i = any as? Int { return Double(i) }
        return nil
    }

    /// A whole number (nil when absent, null, or not whole).
    static func integer(_ any: Any?) -> Int? {
        guard let x = number(any), x.isFinite, x == x.rounded(), abs(x) < 1e15 else { return nil }
        return Int(x)
    }

    static func isNull(_ any: Any?) -> Bool { any == nil || any is NSNull }
}

/// An RFC 4180 reader: comma separated, `"` quoting with `""` inside, quoted line breaks,
/// LF or CRLF line ends. Returns the header and the rows as maps from column name to cell.
struct CSVRecords {
    let header: [String]
    let rows: [[String]]

    init?(text: String) {
        var records: [[String]] = []
        var record: [String] = []
        var field: [Unicode.Scalar] = []
        var inQuotes = false
        var fieldStarted = false
        let scalars = Array(text.unicodeScalars)
        var i = 0
        func endField() {
            record.append(String(String.UnicodeScalarView(field)))
            field.removeAll(keepingCapacity: true)
            fieldStarted = false
        }
        func endRecord() {
            endField()
            if !(record.count == 1 && record[0].isEmpty) { records.append(record) }
            record.removeAll(keepingCapacity: true)
        }
        while i < scalars.count {
            let c = scalars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < scalars.count && scalars[i + 1] == "\"" { field.append("\""); i += 2; continue }
                    inQuotes = false
                } else {
                    field.append(c)
                }
            } else {
                switch c {
                case "\"" where !fieldStarted && field.isEmpty: inQuotes = true; fieldStarted = true
                case ",": endField()
                case "\r" where i + 1 < scalars.count && scalars[i + 1] == "\n": break
                case "\n": endRecord()
                default: field.append(c); fieldStarted = true
                }
            }
            i += 1
        }
        if inQuotes { return nil }
        if !field.isEmpty || !record.isEmpty { endRecord() }
        guard let first = records.first else { return nil }
        var head = first
        if let h = head.first, h.hasPrefix("\u{FEFF}") { head[0] = String(h.dropFirst()) }
        header = head
        rows = Array(records.dropFirst())
    }

    func column(_ name: String) -> Int? { header.firstIndex(of: name) }
}

/// How report CSV files write a text cell: a cell a spreadsheet would run as a formula (starting
/// with =, +, -, @, tab or CR) gets a leading apostrophe. Applied to expected values so that they
/// compare with the cells exactly.
func spreadsheetSafe(_ text: String) -> String {
    if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) { return "'" + text }
    return text
}
