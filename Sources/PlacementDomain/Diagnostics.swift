/// One problem found in a scenario's files: where, which field, what was there, what was expected.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }
    public let severity: Severity
    public let file: String
    /// 1-based line in the file (YAML line, or CSV line where the record starts).
    public let line: Int?
    /// Data row number in a CSV table (1 = first row after the header), when it applies.
    public let row: Int?
    public let field: String?
    public let value: String?
    public let expected: String

    public init(
        _ severity: Severity = .error, file: String, line: Int?, row: Int? = nil, field: String?,
        value: String?, expected: String
    ) {
        self.severity = severity
        self.file = file
        self.line = line
        self.row = row
        self.field = field
        self.value = value
        self.expected = expected
    }

    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        var text = "\(place): \(severity.rawValue)"
        if let row { text += ": row \(row)" }
        if let field { text += ", field '\(field)'" }
        if let value { text += ": got '\(value.count > 80 ? String(value.prefix(77)) + "..." : value)'" }
        text += (value == nil && field == nil && row == nil) ? ": " : "; "
        text += expected
        return text
    }
}

/// A scenario that cannot be used, with every problem found (not only the first).
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    public let diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
