import PlacementDomain

/// The scheduling rules of docs/scheduling.md, restated from the scenario's dates alone: it uses
/// the domain's plain data (days, closures, seats, programmes, lead times, mentors) and none of
/// its calendar or rule code (`WeekCalendar`, `ScheduleRules`, `Schedule.leadWeeks`,
/// `Schedule.compatible`), so that a mistake there cannot hide itself here.
struct ScheduleBook {
    struct Week {
        let term: Int
        /// 1-based number within the term.
        let number: Int
        let first: Day
        var last: Day { first + 6 }
    }

    let scenario: Scenario
    let schedule: Schedule
    /// Every week of every term (terms in scenario order, weeks in date order within each).
    let weeks: [Week]
    /// Indices into `weeks` per term.
    let termWeeks: [[Int]]
    let academicIndex: [String: Int]
    let industryIndex: [String: Int]

    init(scenario: Scenario, schedule: Schedule) {
        self.scenario = scenario
        self.schedule = schedule
        var weeks: [Week] = [], termWeeks: [[Int]] = []
        for (t, term) in scenario.terms.enumerated() {
            var mine: [Int] = []
            // A term's weeks are the 7-day blocks from its start; the last one holds its end date.
            if let dates = schedule.termDates[term.id] {
                var start = dates.first
                while start <= dates.last {
                    mine.append(weeks.count)
                    weeks.append(Week(term: t, number: mine.count, first: start))
                    start = start + 7
                }
            }
            termWeeks.append(mine)
        }
        self.weeks = weeks
        self.termWeeks = termWeeks
        var a: [String: Int] = [:], i: [String: Int] = [:]
        for (n, m) in schedule.academicMentors.enumerated() where a[m.id] == nil { a[m.id] = n }
        for (n, m) in schedule.industryMentors.enumerated() where i[m.id] == nil { i[m.id] = n }
        academicIndex = a
        industryIndex = i
    }

    func label(_ w: Int) -> String { "\(scenario.terms[weeks[w].term].id)/\(weeks[w].number)" }

    /// The week of term t that starts on `day` (nil when no week of t starts then).
    func week(term t: Int, startingOn day: Day) -> Int? { termWeeks[t].first { weeks[$0].first == day } }
    /// The week of term t that ends on `day`.
    func week(term t: Int, endingOn day: Day) -> Int? { termWeeks[t].first { weeks[$0].last == day } }

    /// Names of the closures that touch week w at the base: a closure applies to the bases it
    /// names, to every base of the countries it names, or, naming neither, to every base.
    func closures(base b: Int, week w: Int) -> [String] {
        let base = scenario.bases[b]
        return schedule.closures.filter { c in
            let applies = (c.countries.isEmpty && c.bases.isEmpty) || c.countries.contains(base.country) || c.bases.contains(base.id)
            return applies && c.days.first <= weeks[w].last && weeks[w].first <= c.days.last
        }.map(\.name)
    }

    func isClosed(base b: Int, week w: Int) -> Bool { !closures(base: b, week: w).isEmpty }

    /// Seats of the base in week w: its seats for the week's term, replaced by every weekly_seats
    /// entry of the base that touches the week (the last listed wins).
    func seats(base b: Int, week w: Int) -> Int {
        let base = scenario.bases[b]
        var n = base.capacity[scenario.terms[weeks[w].term].id] ?? 0
        for entry in schedule.weeklySeats where entry.base == base.id && entry.days.first <= weeks[w].last && weeks[w].first <= entry.days.last {
            n = entry.seats
        }
        return n
    }

    /// Her programme: her own, or the default when her cell is empty.
    func programme(of s: Int) -> Schedule.Programme? {
        let id = scenario.students[s].programme ?? schedule.defaultProgramme
        return schedule.programmes.first { $0.id == id }
    }

    /// Lead time in weeks: the rules naming both her nationality and the country, else her
    /// nationality only, else the country only, else neither; the longest within the first group
    /// that has a rule; 0 when none matches.
    func leadWeeks(student s: Int, base b: Int) -> Int {
        let nationality = scenario.students[s].nationality, country = scenario.bases[b].country
        let rules = schedule.leadTimes
        let groups = [
            rules.filter { $0.nationality == nationality && $0.country == country },
            rules.filter { $0.nationality == nationality && $0.country == nil },
            rules.filter { $0.nationality == nil && $0.country == country },
            rules.filter { $0.nationality == nil && $0.country == nil }
        ]
        return groups.first { !$0.isEmpty }?.map(\.weeks).max() ?? 0
    }

    /// A language both speak at the schedule's minimum or better (nil when there is none).
    func commonLanguage(student s: Int, mentor: Schedule.Mentor) -> String? {
        let minimum = schedule.mentorLanguageMinimum.value
        let student = scenario.students[s]
        return mentor.languages.keys.sorted().first { code in
            (mentor.languages[code]?.value ?? 0) >= minimum && (student.languages[code]?.value ?? 0) >= minimum
        }
    }

    /// Whether she could take part `part` of her programme at the base in term t: some start week
    /// on or after her lead time and available_from, not a closure week, from which the working
    /// weeks are reached inside the term with a seat every week and by available_to. (Seats taken
    /// by others are not considered.)
    func hasFeasibleStart(student s: Int, base b: Int, term t: Int, part: Schedule.Programme.Part) -> Bool {
        let student = scenario.students[s]
        if !part.kinds.isEmpty && !part.kinds.contains(scenario.bases[b].kind) { return false }
        let lead = leadWeeks(student: s, base: b)
        let weeksOfTerm = termWeeks[t]
        for (i, start) in weeksOfTerm.enumerated() {
            if let decision = schedule.decisionDate, weeks[start].first - decision < 7 * lead { continue }
            if let from = student.availableFrom, weeks[start].first < from { continue }
            if isClosed(base: b, week: start) { continue }
            var working = 0
            for w in weeksOfTerm[i...] {
                if seats(base: b, week: w) <= 0 { break }
                if !isClosed(base: b, week: w) { working += 1 }
                if working == part.weeks {
                    if let to = student.availableTo, weeks[w].last > to { break }
                    return true
                }
            }
        }
        return false
    }
}
