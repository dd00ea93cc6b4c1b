/// A language proficiency on one common scale, 1 (beginner) to 6 (mastery).
///
/// Users write levels the way their certificates do; all map onto the same scale so that a base
/// asking for "zh: HSK4" accepts a student with "zh: B2":
/// - CEFR: A1 = 1, A2 = 2, B1 = 3, B2 = 4, C1 = 5, C2 = 6
/// - HSK (1–6, and the newer 1–9): HSK n = n, with HSK 7–9 all at 6
/// - plain numbers 1–6 (national tests, self-assessment), and "native" = 6
public struct LanguageLevel: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let scale = 1...6
    public let value: Int
    /// How the user wrote it, kept for reports.
    public let written: String

    public init(value: Int, written: String) {
        self.value = value
        self.written = written
    }

    public static func < (a: LanguageLevel, b: LanguageLevel) -> Bool { a.value < b.value }
    public static func == (a: LanguageLevel, b: LanguageLevel) -> Bool { a.value == b.value }
    public func hash(into hasher: inout Hasher) { hasher.combine(value) }
    public var description: String { written }

    /// The CEFR levels on the common scale.
    private static let cefr = ["A1": 1, "A2": 2, "B1": 3, "B2": 4, "C1": 5, "C2": 6]

    /// Parses "B2", "c1", "HSK4", "HSK 4", "hsk-5", "5", "native". Nil when not a level.
    public static func parse(_ text: String) -> LanguageLevel? {
        let upper = asciiTrimmed(text).uppercased()
        guard !upper.isEmpty else { return nil }
        if let v = cefr[upper] { return LanguageLevel(value: v, written: upper) }
        if upper == "NATIVE" || upper == "MOTHER TONGUE" { return LanguageLevel(value: 6, written: "native") }
        if upper.hasPrefix("HSK") {
            var digits = upper.dropFirst(3)
            while let first = digits.first, first == " " || first == "-" || first == "_" { digits = digits.dropFirst() }
            guard let n = Int(digits), (1...9).contains(n) else { return nil }
            return LanguageLevel(value: min(n, 6), written: "HSK\(n)")
        }
        if let n = Int(upper), scale.contains(n) { return LanguageLevel(value: n, written: String(n)) }
        return nil
    }

    /// What the parser accepts, for error messages.
    public static let expectedForm = "a CEFR level (A1–C2), an HSK level (HSK1–HSK9), a number 1–6 or 'native'"
}

/// A language code as users write it: two or three lowercase letters ("en", "zh", "fil").
public enum LanguageCode {
    public static func normalize(_ text: String) -> String? {
        let code = asciiTrimmed(text).lowercased()
        guard (2...3).contains(code.count), code.allSatisfy({ $0 >= "a" && $0 <= "z" }) else { return nil }
        return code
    }
}

/// One alternative of a base's any-of language requirement ("en: B2").
public struct LanguageRequirement: Sendable, Hashable, CustomStringConvertible {
    public let language: String
    public let minimum: LanguageLevel
    public init(language: String, minimum: LanguageLevel) {
        self.language = language
        self.minimum = minimum
    }
    public var description: String { "\(language) \(minimum.written)" }
}

/// Drops leading and trailing spaces and tabs (a fast path: rosters have 100,000s of cells).
func asciiTrimmed(_ text: String) -> String {
    let bytes = text.utf8
    guard let first = bytes.first, let last = bytes.last,
        first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09
    else { return text }
    var start = bytes.startIndex, end = bytes.endIndex
    while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start = bytes.index(after: start) }
    while end > start, bytes[bytes.index(before: end)] == 0x20 || bytes[bytes.index(before: end)] == 0x09 { end = bytes.index(before: end) }
    return String(text[start..<end])
}
