import PlacementDomain

/// One row of a roster table, from a CSV file or an inline YAML/JSON list, with where it came from.
/// Field readers record a diagnostic (file, line, row, field, value, expected) and return nil on bad input.
struct RosterRow {
    enum Cell {
        case text(String)
        case list([String])
        case pairs([(String, String)])
    }

    let file: String
    let line: Int?
    /// Data row (1-based) for CSV tables and sheets; nil for inline rows.
    let row: Int?
    var cells: [String: Cell]
    /// For rows of a workbook sheet: each column's letter ("C"), named in diagnostics.
    var columnLetters: [String: String] = [:]

    init(file: String, line: Int?, row: Int?, cells: [String: Cell], columnLetters: [String: String] = [:]) {
        self.file = file
        self.line = line
        self.row = row
        self.cells = cells
        self.columnLetters = columnLetters
    }

    var location: SourceLocation { SourceLocation(file: file, line: line) }

    func diagnostic(_ field: String?, _ value: String?, _ expected: String, _ severity: Diagnostic.Severity = .error) -> Diagnostic {
        let named = field.map { field in columnLetters[field].map { "\(field) (column \($0))" } ?? field }
        return Diagnostic(severity, file: file, line: line, row: row, field: named, value: value, expected: expected)
    }

    /// The cell as text; lists and pairs are joined back the way a user would write them.
    func raw(_ field: String) -> String? {
        switch cells[field] {
        case nil: return nil
        case let .text(t): return t
        case let .list(items): return items.joined(separator: ", ")
        case let .pairs(p): return p.map { "\($0.0): \($0.1)" }.joined(separator: ", ")
        }
    }

    func text(_ field: String, required: Bool, into diagnostics: inout [Diagnostic]) -> String? {
        guard case let .text(t)? = cells[field] else {
            if cells[field] != nil { diagnostics.append(diagnostic(field, raw(field), "a single text value")); return nil }
            if required { diagnostics.append(diagnostic(field, nil, "a value (the field is required)")) }
            return nil
        }
        if t.isEmpty {
            if required { diagnostics.append(diagnostic(field, "", "a non-empty value (the field is required)")) }
            return nil
        }
        // A control character (a NUL byte, a line break inside a name) would be written raw into
        // every report; spreadsheets never need one.
        if let control = t.unicodeScalars.first(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            let shown = t.unicodeScalars.map { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) ? "?" : String($0) }.joined()
            diagnostics.append(diagnostic(field, shown, "text without control characters (found U+\(String(format: "%04X", control.value)))"))
            return nil
        }
        return t
    }

    /// Items of a list cell: a YAML sequence, or text split on `|`, `;` or `,` (and `>` when allowed).
    func list(_ field: String, allowArrow: Bool = false) -> [String] {
        switch cells[field] {
        case nil: return []
        case let .list(items): return items.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        case let .pairs(p): return p.map { "\($0.0): \($0.1)" }
        case let .text(t):
            return t.splitItems(on: allowArrow ? [0x7C, 0x3B, 0x2C, 0x3E] : [0x7C, 0x3B, 0x2C])  // | ; , >
        }
    }

    /// Language-level pairs: a YAML mapping, or text like "en: B2, zh: HSK4" / "en B2 | zh HSK4".
    func languagePairs(_ field: String) -> [(String, String)]? {
        switch cells[field] {
        case nil: return []
        case let .pairs(p): return p
        case .list, .text:
            var result: [(String, String)] = []
            for item in list(field) {
                if let pair = Self.asciiPair(item) {
                    guard let pair = pair else { return nil }
                    result.append(pair)
                    continue
                }
                let parts: [Substring]
                if let sep = item.firstIndex(where: { $0 == ":" || $0 == "=" }) {
                    parts = [item[..<sep], item[item.index(after: sep)...]]
                } else {
                    parts = item.split(separator: " ", maxSplits: 1)
                }
                guard parts.count == 2 else { return nil }
                result.append((String(parts[0]).trimmingSpaces(), String(parts[1]).trimmingSpaces()))
            }
            return result
        }
    }

    /// `languagePairs` of one ASCII item, on its bytes (where bytes and characters are the same):
    /// nil when the item is not ASCII, .some(nil) when it is not a pair.
    static func asciiPair(_ item: String) -> (String, String)?? {
        var item = item
        return item.withUTF8 { bytes -> (String, String)?? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            let end = bytes.count
            var sep = bytes.firstIndex { $0 == 0x3A || $0 == 0x3D } ?? -1  // : =
            if sep < 0 {
                // "en B2", as `split(separator: " ", maxSplits: 1)`: the first space after the
                // leading ones, with something after it.
                var start = 0
                while start < end, bytes[start] == 0x20 { start += 1 }
                guard let space = bytes[start...].firstIndex(of: 0x20), space + 1 < end else { return .some(nil) }
                sep = space
            }
            func trimmed(_ from: Int, _ to: Int) -> String {
                var from = from, to = to
                while from < to, bytes[from] == 0x20 || bytes[from] == 0x09 { from += 1 }
                while to > from, bytes[to - 1] == 0x20 || bytes[to - 1] == 0x09 { to -= 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)
            }
            return .some((trimmed(0, sep), trimmed(sep + 1, end)))
        }
    }

    func number(_ field: String, required: Bool, range: ClosedRange<Double>, into diagnostics: inout [Diagnostic]) -> Double? {
        guard let t = text(field, required: required, into: &diagnostics) else { return nil }
        return FieldParsing.number(t, range: range)
            ?? {
                diagnostics.append(
                    diagnostic(field, t, "a finite number between \(formatNumber(range.lowerBound)) and \(formatNumber(range.upperBound))"))
                return nil
            }()
    }

    func count(_ field: String, required: Bool, maximum: Int, into diagnostics: inout [Diagnostic]) -> Int? {
        guard let t = text(field, required: required, into: &diagnostics) else { return nil }
        guard let n = FieldParsing.count(t, maximum: maximum) else {
            diagnostics.append(diagnostic(field, t, "a whole number from 0 to \(maximum)"))
            return nil
        }
        return n
    }
}

enum FieldParsing {
    /// A finite decimal number within range ("3.5", "-2", "1e3"); rejects NaN, infinities, hex.
    static func number(_ text: String, range: ClosedRange<Double>) -> Double? {
        // On the bytes: any byte outside the number's ASCII alphabet (and `_`) refuses it.
        let trimmed = text.trimmingSpaces()
        let allowed = { (b: UInt8) in (b >= 0x30 && b <= 0x39) || b == 0x2E || b == 0x2D || b == 0x2B || b == 0x65 || b == 0x45 }
        guard trimmed.utf8.allSatisfy({ allowed($0) || $0 == 0x5F }) else { return nil }
        let t = trimmed.utf8.contains(0x5F) ? String(decoding: trimmed.utf8.filter { $0 != 0x5F }, as: UTF8.self) : trimmed
        guard !t.isEmpty, let v = Double(t), v.isFinite, range.contains(v) else { return nil }
        return v
    }

    /// A non-negative whole number up to maximum ("12", "12.0"); rejects fractions and overflow.
    static func count(_ text: String, maximum: Int) -> Int? {
        guard let v = number(text, range: 0...Double(maximum)), v == v.rounded() else { return nil }
        return Int(v)
    }

    /// ISO 3166 alpha-2 country code, upper-cased ("vn" → "VN").
    static func country(_ text: String) -> String? {
        let c = text.trimmingSpaces().uppercased()
        guard c.count == 2, c.allSatisfy({ $0 >= "A" && $0 <= "Z" }) else { return nil }
        return c
    }

    /// An identifier: non-empty, no control characters, at most 200 characters.
    static func identifier(_ text: String) -> Bool {
        // Printable ASCII (the usual case): one character per byte, no control characters.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return !text.isEmpty && text.utf8.count <= 200 }
        return !text.isEmpty && text.count <= 200 && !text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
