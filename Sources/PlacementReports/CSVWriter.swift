import PlacementDomain

/// Writes RFC 4180 CSV (comma, CRLF-free `\n` lines, quotes when needed). Text cells that a
/// spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) are prefixed with an
/// apostrophe so that opening a report never executes input data.
public struct CSVWriter {
    private var text = ReportText()

    /// Starts with a UTF-8 byte-order mark, so that Excel opened by a double-click reads the file
    /// as UTF-8 (Chinese, Thai and Vietnamese names intact); every CSV reader here skips it.
    public init(header: [String]) {
        text.append([0xEF, 0xBB, 0xBF] as [UInt8])
        row(header.map { .text($0) })
    }

    /// Rows only, no header (a part of a longer file).
    init() {}

    public enum Cell {
        case text(String)
        case number(Double)
        case integer(Int)
        case empty
    }

    public mutating func row(_ cells: [Cell]) {
        for (i, cell) in cells.enumerated() {
            if i > 0 { text.append(UInt8(ascii: ",")) }
            Self.render(cell, into: &text)
        }
        text.append(UInt8(ascii: "\n"))
    }

    /// Byte checks: this runs for every cell of 100,000-row reports.
    static func render(_ cell: Cell, into out: inout ReportText) {
        switch cell {
        case .empty: return
        case let .integer(n): out.append(n)
        case let .number(x): out.append(formatReportNumber(x))
        case var .text(s):
            s.withUTF8 { utf8 in
                let formula = utf8.first.map { $0 == 0x3D || $0 == 0x2B || $0 == 0x2D || $0 == 0x40 || $0 == 0x09 || $0 == 0x0D } ?? false
                let quoted = utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
                if quoted { out.append(UInt8(ascii: "\"")) }
                if formula { out.append(UInt8(ascii: "'")) }  // = + - @ tab CR
                guard quoted else { out.append(utf8); return }
                // A quote is doubled inside quotes: each run up to and including a quote is
                // copied, and the next run starts at that quote again.
                var start = 0
                for i in 0..<utf8.count where utf8[i] == 0x22 {
                    out.append(UnsafeBufferPointer(rebasing: utf8[start...i]))
                    start = i
                }
                out.append(UnsafeBufferPointer(rebasing: utf8[start...]))
                out.append(UInt8(ascii: "\""))
            }
        }
    }

    /// The CSV so far, as UTF-8.
    public var bytes: [UInt8] { text.bytes }
    public var output: String { text.string }
}
