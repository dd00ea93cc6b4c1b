/// A calendar day, counted from 1970-01-01 (proleptic Gregorian). Written as ISO 8601
/// "YYYY-MM-DD" everywhere; no time zones are involved, so every report is the same everywhere.
public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let number: Int
    public init(number: Int) { self.number = number }

    public static func < (a: Day, b: Day) -> Bool { a.number < b.number }
    public static func + (day: Day, days: Int) -> Day { Day(number: day.number + days) }
    public static func - (a: Day, b: Day) -> Int { a.number - b.number }
    public static func - (day: Day, days: Int) -> Day { Day(number: day.number - days) }

    /// Parses "YYYY-MM-DD" (years 1900–2999); nil when it is not a real date.
    public static func parse(_ text: String) -> Day? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0 >= "0" && $0 <= "9" } }),
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1900...2999).contains(y), (1...12).contains(m), (1...daysInMonth(y, m)).contains(d)
        else { return nil }
        return Day(number: daysFromCivil(y, m, d))
    }

    public static let expectedForm = "a date written YYYY-MM-DD, such as 2027-03-01"

    public var description: String {
        let (y, m, d) = Self.civilFromDays(number)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(y)-\(two(m))-\(two(d))"
    }

    private static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
    private static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    }

    // Howard Hinnant's days_from_civil / civil_from_days (public-domain algorithms).
    private static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

/// An inclusive range of days.
public struct DayRange: Sendable, Hashable, CustomStringConvertible {
    public let first: Day
    public let last: Day
    public init(first: Day, last: Day) {
        self.first = first
        self.last = last
    }
    public func overlaps(_ other: DayRange) -> Bool { first <= other.last && other.first <= last }
    public func contains(_ other: DayRange) -> Bool { first <= other.first && other.last <= last }
    public var description: String { "\(first) to \(last)" }
}

/// One week of the calendar: seven days from a term's start date (or a multiple of seven days
/// after it). Weeks are numbered across all terms in date order, so "later" is simply "larger".
public struct Week: Sendable, Hashable {
    /// Index in `Schedule.weeks`.
    public let index: Int
    /// Index of its term in `Scenario.terms`.
    public let term: Int
    /// 1-based week number within its term (shown in reports).
    public let numberInTerm: Int
    public let days: DayRange
    public init(index: Int, term: Int, numberInTerm: Int, days: DayRange) {
        self.index = index
        self.term = term
        self.numberInTerm = numberInTerm
        self.days = days
    }
}
