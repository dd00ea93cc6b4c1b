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
            var value = s
            if let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) { value = "'" + value }
            if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                return "\"" + value.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
            }
            return value
        }
    }

    public var output: String { text }
}
