/// Writes RFC 4180 CSV (comma, CRLF-free `\n` lines, quotes when needed). Text cells that a
/// spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) are prefixed with an
/// apostrophe so that opening a report never executes input data.
public struct CSVWriter {
    private(set) var text = ""

    public init(header: [String]) {
        row(header.map { .text($0) })
    }

    public enum Cell {
        case text(String)
        case number(Double)
        case integer(Int)
        case empty
    }

    public mutating func row(_ cells: [Cell]) {
        text += cells.map(Self.render).joined(separator: ",")
        text += "\n"
    }

    static func render(_ cell: Cell) -> String {
        switch cell {
        case .empty: return ""
        case let .integer(n): return String(n)
        case let .number(x): return formatReportNumber(x)
        case let .text(s):
            // Byte checks: this runs for every cell of 100,000-row reports.
            var value = s
            if let first = value.utf8.first, first == 0x3D || first == 0x2B || first == 0x2D || first == 0x40 || first == 0x09 || first == 0x0D {
                value = "'" + value  // = + - @ tab CR
            }
            if value.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
                return "\"" + value.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
            }
            return value
        }
    }

    public var output: String { text }
}
