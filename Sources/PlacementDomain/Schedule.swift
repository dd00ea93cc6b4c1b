/// Week-level scheduling: when a scenario has a `schedule:` section, every placement also gets a
/// start week, a length in working weeks and mentors. The rules, in one place:
///
/// - Each term has start and end dates; its weeks are the 7-day blocks from its start date (the
///   last week is the one containing the end date).
/// - A week is a *closure week* at a base when any of its days falls in a closure of the base (a
///   closure names countries, bases, or neither = everywhere). An intern keeps her seat through a
///   closure week, but it does not count towards her working weeks. An internship never starts in
///   a closure week, so it starts and ends on working weeks.
/// - An internship lies inside one term; it covers consecutive weeks from its start until it has
///   her programme's working weeks; every covered week must have a seat for her (weekly seats).
/// - Her whole internship lies inside her available dates, and starts at least her lead time (by
///   nationality and base country) after the decision date.
/// - A rotation programme needs two placements: the first at a base of the first part's kinds, the
///   second at a base of the second part's kinds, starting at least `gapWeeks` full weeks after the
///   first ends; optionally in a different country. She is placed when both are, never one alone.
/// - Mentors: when academic mentors are listed, every placed intern gets one from her university;
///   when industry mentors are listed, one from her base (one per placement). A mentor is
///   compatible when both speak a common language at `mentorLanguageMinimum` or better. A mentor
///   never has more than `maxInterns` interns in any week.
public struct Schedule: Sendable, Hashable {
    public struct Closure: Sendable, Hashable {
        public let name: String
        public let days: DayRange
        /// Countries it applies to (empty together with `bases` = every base).
        public let countries: Set<String>
        public let bases: Set<String>
        public let origin: SourceLocation
        public init(name: String, days: DayRange, countries: Set<String>, bases: Set<String>, origin: SourceLocation) {
            self.name = name
            self.days = days
            self.countries = countries
            self.bases = bases
            self.origin = origin
        }
        public func applies(to base: Base) -> Bool {
            (countries.isEmpty && bases.isEmpty) || countries.contains(base.country) || bases.contains(base.id)
        }
    }

    /// Seats of one base over some days, replacing its term seats in the weeks it overlaps.
    public struct WeeklySeats: Sendable, Hashable {
        public let base: String
        public let days: DayRange
        public let seats: Int
        public let origin: SourceLocation
        public init(base: String, days: DayRange, seats: Int, origin: SourceLocation) {
            self.base = base
            self.days = days
            self.seats = seats
            self.origin = origin
        }
    }

    public struct Programme: Sendable, Hashable {
        public struct Part: Sendable, Hashable {
            public let weeks: Int
            /// Base kinds allowed for this part (empty = any kind).
            public let kinds: Set<BaseKind>
            public init(weeks: Int, kinds: Set<BaseKind>) {
                self.weeks = weeks
                self.kinds = kinds
            }
        }
        public let id: String
        public let credits: Double?
        /// One part, or two for a rotation (in order).
        public let parts: [Part]
        /// Full weeks between the end of the first part and the start of the second.
        public let gapWeeks: Int
        /// The two parts of a rotation must be in different countries.
        public let differentCountry: Bool
        public let origin: SourceLocation
        public init(id: String, credits: Double?, parts: [Part], gapWeeks: Int = 0, differentCountry: Bool = false, origin: SourceLocation) {
            self.id = id
            self.credits = credits
            self.parts = parts
            self.gapWeeks = gapWeeks
            self.differentCountry = differentCountry
            self.origin = origin
        }
        public var isRotation: Bool { parts.count > 1 }
        public var totalWeeks: Int { parts.reduce(0) { $0 + $1.weeks } }
    }

    /// Weeks of visa processing before the first week, for a nationality going to a country
    /// (nil = any). The most specific matching rule wins: both named, then nationality, then country.
    public struct LeadTime: Sendable, Hashable {
        public let nationality: String?
        public let country: String?
        public let weeks: Int
        public let origin: SourceLocation
        public init(nationality: String?, country: String?, weeks: Int, origin: SourceLocation) {
            self.nationality = nationality
            self.country = country
            self.weeks = weeks
            self.origin = origin
        }
    }

    public struct Mentor: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable { case academic, industry }
        public let id: String
        public let name: String
        public let kind: Kind
        /// University id (academic) or base id (industry).
        public let home: String
        public let languages: [String: LanguageLevel]
        /// The most interns she mentors in any one week.
        public let maxInterns: Int
        public let origin: SourceLocation
        public init(id: String, name: String, kind: Kind, home: String, languages: [String: LanguageLevel], maxInterns: Int, origin: SourceLocation) {
            self.id = id
            self.name = name
            self.kind = kind
            self.home = home
            self.languages = languages
            self.maxInterns = maxInterns
            self.origin = origin
        }
    }

    /// Lead times count from this day (the day placements are announced).
    public var decisionDate: Day?
    /// Dates of each term, by term id (every term has them).
    public var termDates: [String: DayRange]
    public var closures: [Closure]
    public var weeklySeats: [WeeklySeats]
    public var programmes: [Programme]
    /// Programme of students whose `programme` cell is empty (nil = the cell is required).
    public var defaultProgramme: String?
    public var leadTimes: [LeadTime]
    public var academicMentors: [Mentor]
    public var industryMentors: [Mentor]
    public var mentorLanguageMinimum: LanguageLevel

    public init(
        decisionDate: Day? = nil, termDates: [String: DayRange] = [:], closures: [Closure] = [], weeklySeats: [WeeklySeats] = [],
        programmes: [Programme] = [], defaultProgramme: String? = nil, leadTimes: [LeadTime] = [],
        academicMentors: [Mentor] = [], industryMentors: [Mentor] = [],
        mentorLanguageMinimum: LanguageLevel = LanguageLevel(value: 3, written: "B1")
    ) {
        self.decisionDate = decisionDate
        self.termDates = termDates
        self.closures = closures
        self.weeklySeats = weeklySeats
        self.programmes = programmes
        self.defaultProgramme = defaultProgramme
        self.leadTimes = leadTimes
        self.academicMentors = academicMentors
        self.industryMentors = industryMentors
        self.mentorLanguageMinimum = mentorLanguageMinimum
    }

    public func programme(id: String) -> Programme? { programmes.first { $0.id == id } }

    /// The lead time in weeks for a nationality going to a country (0 when no rule matches).
    public func leadWeeks(nationality: String, country: String) -> Int {
        var best: (specificity: Int, weeks: Int)? = nil
        for rule in leadTimes {
            if let n = rule.nationality, n != nationality { continue }
            if let c = rule.country, c != country { continue }
            let specificity = (rule.nationality != nil ? 2 : 0) + (rule.country != nil ? 1 : 0)
            if best == nil || specificity > best!.specificity || (specificity == best!.specificity && rule.weeks > best!.weeks) {
                best = (specificity, rule.weeks)
            }
        }
        return best?.weeks ?? 0
    }

    /// True when a student and a mentor share a language at the minimum level or better.
    public func compatible(_ student: Student, _ mentor: Mentor) -> Bool {
        mentor.languages.contains { code, level in
            level.value >= mentorLanguageMinimum.value && (student.languages[code]?.value ?? 0) >= mentorLanguageMinimum.value
        }
    }
}

/// The calendar of a scheduling scenario worked out once: its weeks, and per base the weeks it is
/// closed and its seats in each week.
public struct WeekCalendar: Sendable {
    public let weeks: [Week]
    /// Week indices of each term, in order.
    public let weeksByTerm: [[Int]]
    /// closed[base][week]
    public let closed: [[Bool]]
    /// seats[base][week]
    public let seats: [[Int]]
    /// Names of the closures covering each (base, week), for reports; empty when open.
    public let closureNames: [[[String]]]

    public init(scenario: Scenario, schedule: Schedule) {
        var weeks: [Week] = []
        var byTerm: [[Int]] = []
        // Terms in date order, so week indices increase with time.
        let termOrder = scenario.terms.indices.sorted {
            (schedule.termDates[scenario.terms[$0].id]?.first ?? Day(number: 0), $0)
                < (schedule.termDates[scenario.terms[$1].id]?.first ?? Day(number: 0), $1)
        }
        byTerm = Array(repeating: [], count: scenario.terms.count)
        for t in termOrder {
            guard let range = schedule.termDates[scenario.terms[t].id] else { continue }
            var start = range.first
            var n = 1
            while start <= range.last {
                let week = Week(index: weeks.count, term: t, numberInTerm: n, days: DayRange(first: start, last: start + 6))
                byTerm[t].append(week.index)
                weeks.append(week)
                start = start + 7
                n += 1
            }
        }
        self.weeks = weeks
        weeksByTerm = byTerm
        var closed: [[Bool]] = [], seats: [[Int]] = [], names: [[[String]]] = []
        for base in scenario.bases {
            let closures = schedule.closures.filter { $0.applies(to: base) }
            let overrides = schedule.weeklySeats.filter { $0.base == base.id }
            var baseClosed: [Bool] = [], baseSeats: [Int] = [], baseNames: [[String]] = []
            for week in weeks {
                let covering = closures.filter { $0.days.overlaps(week.days) }
                baseClosed.append(!covering.isEmpty)
                baseNames.append(covering.map(\.name))
                var n = base.capacity(in: scenario.terms[week.term].id)
                // The last override listed wins when several overlap a week.
                for o in overrides where o.days.overlaps(week.days) { n = o.seats }
                baseSeats.append(n)
            }
            closed.append(baseClosed)
            seats.append(baseSeats)
            names.append(baseNames)
        }
        self.closed = closed
        self.seats = seats
        closureNames = names
    }

    /// The weeks an internship at `base` starting in week `start` covers to reach `working` working
    /// weeks inside the start's term; nil when it starts in a closure week, runs past the term, or
    /// covers a week without seats.
    public func span(base: Int, start: Int, working: Int) -> ClosedRange<Int>? {
        guard working > 0, !closed[base][start], seats[base][start] > 0 else { return nil }
        let termWeeks = weeksByTerm[weeks[start].term]
        guard let last = termWeeks.last else { return nil }
        var counted = 0
        var w = start
        while w <= last {
            if seats[base][w] <= 0 { return nil }
            if !closed[base][w] { counted += 1 }
            if counted == working { return start...w }
            w += 1
        }
        return nil
    }
}
