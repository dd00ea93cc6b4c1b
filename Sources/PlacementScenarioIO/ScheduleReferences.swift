import PlacementDomain

/// Checks of a scheduling scenario across tables (after `CrossReferences`): programmes of
/// students, closures and weekly seats against bases and terms, mentors against universities and
/// bases, internship lengths against the terms and the students' available dates, and the policy
/// settings that need (or exclude) a schedule. Every check is O(n log n) in the input size.
enum ScheduleReferences {
    /// Lines of policy settings in the file that set them (for the policy checks).
    struct PolicyLines {
        var file: String
        var balanceMentorLoad: Int?
        var stability: Int?
    }

    static func check(_ s: Scenario, rows: [SourceLocation: Int], policy: PolicyLines, into d: inout [Diagnostic]) {
        checkPolicy(s, policy, into: &d)
        guard let schedule = s.schedule else { return }
        let calendar = TermCalendar(terms: s.terms, dates: schedule.termDates)
        func diagnostic(
            _ o: SourceLocation, _ field: String, _ value: String?, _ expected: String, _ severity: Diagnostic.Severity = .error
        ) -> Diagnostic {
            Diagnostic(severity, file: o.file, line: o.line, row: rows[o], field: field, value: value, expected: expected)
        }

        // Closures and weekly seats: bases exist; dates meet the terms.
        for c in schedule.closures {
            for b in c.bases.sorted() where s.baseIndexByID[b] == nil {
                d.append(diagnostic(c.origin, "schedule.closures.bases", b, "the id of a base in the bases table (closure '\(c.name)')"))
            }
            if let calendar, !calendar.overlapsAnyTerm(c.days) {
                d.append(
                    diagnostic(
                        c.origin, "schedule.closures", "\(c.name): \(c.days)",
                        "dates that overlap a term (\(calendar.termList)): a closure outside the term(s) closes nothing"))
            }
        }
        for w in schedule.weeklySeats {
            if s.baseIndexByID[w.base] == nil {
                d.append(diagnostic(w.origin, "schedule.weekly_seats.base", w.base, "the id of a base in the bases table"))
            }
            if let calendar, calendar.termContaining(w.days) == nil {
                d.append(
                    diagnostic(
                        w.origin, "schedule.weekly_seats", "\(w.base): \(w.days)",
                        "dates inside one term (\(calendar.termList))"))
            }
        }

        // Mentors: homes exist, ids unique in each table.
        for (mentors, homeField, table) in [
            (schedule.academicMentors, "university", "academic mentor"), (schedule.industryMentors, "base", "industry mentor")
        ] {
            var first: [String: SourceLocation] = [:]
            for m in mentors {
                if let earlier = first[m.id] {
                    d.append(diagnostic(m.origin, "id", m.id, "a unique \(table) id (already used at \(earlier))"))
                } else {
                    first[m.id] = m.origin
                }
                let known = m.kind == .academic ? s.universityByID[m.home] != nil : s.baseIndexByID[m.home] != nil
                if !known {
                    d.append(
                        diagnostic(
                            m.origin, homeField, m.home, "the id of a \(homeField) in the \(homeField == "base" ? "bases" : "universities") table"))
                }
            }
        }
        if !schedule.academicMentors.isEmpty {
            let served = Set(schedule.academicMentors.map(\.home))
            var students: [String: Int] = [:]
            for st in s.students where !served.contains(st.university) { students[st.university, default: 0] += 1 }
            for u in s.universities where students[u.id] != nil {
                d.append(
                    diagnostic(
                        u.origin, "id", u.id,
                        "an academic mentor of university \(u.id) in schedule.academic_mentors: without one its \(students[u.id]!) student(s) cannot be placed",
                        .warning))
            }
        }
        if !schedule.industryMentors.isEmpty {
            let served = Set(schedule.industryMentors.map(\.home))
            for b in s.bases where !served.contains(b.id) && b.capacity.values.contains(where: { $0 > 0 }) {
                d.append(
                    diagnostic(
                        b.origin, "id", b.id, "an industry mentor of base \(b.id) in schedule.industry_mentors: without one it takes no intern",
                        .warning))
            }
        }

        // Programmes: each fits the calendar; rotation kinds exist among the bases.
        let kindsPresent = Set(s.bases.map(\.kind))
        var programmes: [String: Schedule.Programme] = [:]
        var unschedulable: Set<String> = []
        for p in schedule.programmes where programmes[p.id] == nil {
            programmes[p.id] = p
            for (i, part) in p.parts.enumerated() where !part.kinds.isEmpty && part.kinds.isDisjoint(with: kindsPresent) {
                d.append(
                    diagnostic(
                        p.origin, "schedule.programmes.rotation.parts.kinds", part.kinds.map(\.rawValue).sorted().joined(separator: ", "),
                        "kinds of which some base exists: no base is of the kinds of part \(i + 1) of programme \(p.id), so nobody can take it",
                        .warning))
            }
            guard let calendar, !calendar.fits(p, lo: nil, hi: nil, allowed: nil) else { continue }
            unschedulable.insert(p.id)
            let longest = calendar.longestTerm.map { "\($0.weeks) weeks: term \($0.term)" } ?? "no term has dates"
            if p.isRotation {
                d.append(
                    diagnostic(
                        p.origin, "schedule.programmes.rotation", p.id,
                        "a programme that fits the terms: \(calendar.describe(p)), but the longest term has \(longest) and the parts do not fit one after the other in the terms"
                    ))
            } else {
                d.append(
                    diagnostic(
                        p.origin, "schedule.programmes.weeks", String(p.totalWeeks),
                        "at most the number of weeks of the longest term (\(longest)): a programme longer than every term can never be scheduled"))
            }
        }

        // Students: programme exists; available dates meet a term; her programme fits them.
        for st in s.students {
            let o = st.origin
            guard let id = st.programme ?? schedule.defaultProgramme else {
                d.append(diagnostic(o, "programme", nil, "a programme id: the cell is empty and the schedule has no default_programme"))
                continue
            }
            guard let p = programmes[id] else {
                // A missing default programme is reported once, on schedule.default_programme.
                if st.programme != nil {
                    d.append(
                        diagnostic(
                            o, "programme", id,
                            "the id of a programme in schedule.programmes (\(ScheduleReader.listed(schedule.programmes.map(\.id))))"))
                }
                continue
            }
            guard let calendar, st.availableFrom != nil || st.availableTo != nil || !st.availableTerms.isEmpty else { continue }
            let window = DayRange(first: st.availableFrom ?? Day(number: Int.min / 4), last: st.availableTo ?? Day(number: Int.max / 4))
            if window.first <= window.last && !calendar.overlapsAnyTerm(window) {
                let field = st.availableFrom != nil ? "available_from" : "available_to"
                d.append(
                    diagnostic(
                        o, field, (st.availableFrom ?? st.availableTo)!.description,
                        "available dates that overlap a term (\(calendar.termList)): her dates \(TermCalendar.describe(st.availableFrom, st.availableTo)) overlap no term"
                    ))
                continue
            }
            if unschedulable.contains(id) { continue }
            var allowed: [Int]? = nil
            if !st.availableTerms.isEmpty {
                let known = Set(st.availableTerms.compactMap { calendar.index[$0] })
                // An unknown term id is reported by CrossReferences; no second error for it.
                guard known.count == Set(st.availableTerms).count else { continue }
                allowed = known.sorted()
            }
            if calendar.fits(p, lo: st.availableFrom, hi: st.availableTo, allowed: allowed) { continue }
            let longest = calendar.longestStretch(lo: st.availableFrom, hi: st.availableTo, allowed: allowed)
            let terms = allowed == nil ? "any one term" : "any one of her terms (\(st.availableTerms.joined(separator: ", ")))"
            d.append(
                diagnostic(
                    o, "programme", id,
                    "a programme that fits her available dates: \(calendar.describe(p)), but the longest stretch of whole weeks within her dates (\(TermCalendar.describe(st.availableFrom, st.availableTo))) in \(terms) is \(longest) week\(longest == 1 ? "" : "s") (a length longer than any window)"
                ))
        }
    }

    /// Policy settings that need a schedule (balancing mentor load) or exclude it (required stability).
    static func checkPolicy(_ s: Scenario, _ lines: PolicyLines, into d: inout [Diagnostic]) {
        if s.policy.objectives.contains(.balanceMentorLoad) {
            if s.schedule == nil {
                d.append(
                    Diagnostic(
                        file: lines.file, line: lines.balanceMentorLoad, field: "policy.objectives",
                        value: Policy.Objective.balanceMentorLoad.rawValue,
                        expected:
                            "a schedule: section with academic_mentors or industry_mentors (mentor load is balanced week by week; see docs/scheduling.md)"
                    ))
            } else if s.schedule!.academicMentors.isEmpty && s.schedule!.industryMentors.isEmpty {
                d.append(
                    Diagnostic(
                        file: lines.file, line: lines.balanceMentorLoad, field: "policy.objectives",
                        value: Policy.Objective.balanceMentorLoad.rawValue,
                        expected: "academic_mentors or industry_mentors in the schedule: section (there are no mentors whose load could be balanced)")
                )
            }
        }
        if s.schedule != nil && s.policy.stability == .required {
            d.append(
                Diagnostic(
                    file: lines.file, line: lines.stability, field: "policy.stability", value: Policy.Stability.required.rawValue,
                    expected:
                        "stability: report in a scenario with a schedule (blocking pairs are defined for seats per term, not per week; see docs/scheduling.md)"
                ))
        }
    }
}

/// The terms of a scheduling scenario in date order, with their weeks (7-day blocks from the
/// start; the last contains the end date), for checks of dates and lengths in O(log T) each.
struct TermCalendar {
    struct Span {
        let term: String
        let dates: DayRange
        let weeks: Int
        var first: Day { dates.first }
        /// Last day of the term's last week (up to six days after its end date).
        var weekLast: Day { dates.first + (7 * weeks - 1) }
    }

    /// In date order; the terms do not overlap (otherwise there is no calendar).
    let spans: [Span]
    /// Term id → index in `spans`.
    let index: [String: Int]
    /// sparse[l][i]: most weeks among spans i ..< i + 2^l.
    private let sparse: [[Int]]

    /// Nil when a term has no (valid) dates or two terms overlap: that is reported already.
    init?(terms: [Term], dates: [String: DayRange]) {
        var spans: [Span] = []
        var seen: Set<String> = []
        for t in terms where seen.insert(t.id).inserted {
            guard let r = dates[t.id] else { return nil }
            spans.append(Span(term: t.id, dates: r, weeks: (r.last - r.first) / 7 + 1))
        }
        spans.sort { $0.first < $1.first }
        for k in spans.indices.dropFirst() where spans[k].first <= spans[k - 1].dates.last { return nil }
        self.spans = spans
        index = Dictionary(spans.enumerated().map { ($1.term, $0) }, uniquingKeysWith: { a, _ in a })
        var table = [spans.map(\.weeks)]
        var width = 1
        while width * 2 <= spans.count {
            let previous = table[table.count - 1]
            table.append((0...(spans.count - width * 2)).map { max(previous[$0], previous[$0 + width]) })
            width *= 2
        }
        sparse = table
    }

    /// Most weeks among spans p...q.
    private func maxWeeks(_ p: Int, _ q: Int) -> Int {
        var level = 0
        while (2 << level) <= q - p + 1 { level += 1 }
        return max(sparse[level][p], sparse[level][q - (1 << level) + 1])
    }

    var longestTerm: Span? { spans.max { $0.weeks < $1.weeks } }

    var termList: String {
        spans.prefix(5).map { "\($0.term): \($0.dates)" }.joined(separator: "; ") + (spans.count > 5 ? "; …" : "")
    }

    // Smallest index in lo..<hi where the (monotone) predicate holds; hi when none.
    private static func partition(_ lo: Int, _ hi: Int, _ holds: (Int) -> Bool) -> Int {
        var lo = lo, hi = hi
        while lo < hi {
            let mid = (lo + hi) / 2
            if holds(mid) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    func overlapsAnyTerm(_ range: DayRange) -> Bool {
        let k = Self.partition(0, spans.count) { spans[$0].dates.last >= range.first }
        return k < spans.count && spans[k].first <= range.last
    }

    func termContaining(_ range: DayRange) -> String? {
        let k = Self.partition(0, spans.count) { spans[$0].dates.last >= range.first }
        return k < spans.count && spans[k].dates.contains(range) ? spans[k].term : nil
    }

    private static func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }

    /// Whole weeks of span k lying inside [lo, hi] (nil = open): the first such week and how many.
    private func stretch(_ k: Int, lo: Day?, hi: Day?) -> (first: Int, count: Int) {
        let s = spans[k]
        let first = lo.map { max(0, -Self.floorDiv(s.first - $0, 7)) } ?? 0
        let last = hi.map { min(s.weeks - 1, Self.floorDiv(($0 - s.first) - 6, 7)) } ?? s.weeks - 1
        return (first, max(0, last - first + 1))
    }

    /// The spans meeting [lo, hi] in date order: some whose weeks cross lo or hi (at most a few:
    /// each contains lo or hi within its weeks), and a middle run lying wholly inside.
    private func candidates(lo: Day?, hi: Day?) -> (prefix: [Int], middle: ClosedRange<Int>?, suffix: [Int]) {
        guard !spans.isEmpty else { return ([], nil, []) }
        var k = lo.map { l in Self.partition(0, spans.count) { spans[$0].weekLast >= l } } ?? 0
        let j = hi.map { h in Self.partition(0, spans.count) { spans[$0].first > h } - 1 } ?? spans.count - 1
        let q = hi.map { h in Self.partition(0, spans.count) { spans[$0].weekLast > h } - 1 } ?? spans.count - 1
        var prefix: [Int] = []
        while k <= j, let l = lo, spans[k].first < l {
            prefix.append(k)
            k += 1
        }
        var middle: ClosedRange<Int>? = nil
        if k <= min(q, j) {
            middle = k...min(q, j)
            k = min(q, j) + 1
        }
        return (prefix, middle, k <= j ? Array(k...j) : [])
    }

    /// Last day of the earliest-ending run of `weeks` whole weeks inside [lo, hi] in one term
    /// (only among `allowed` spans when given); nil when there is none.
    func earliestFit(weeks w: Int, lo: Day?, hi: Day?, allowed: [Int]?) -> Day? {
        func end(_ k: Int) -> Day? {
            let (first, count) = stretch(k, lo: lo, hi: hi)
            return count >= w ? spans[k].first + (7 * (first + w) - 1) : nil
        }
        if let allowed {
            for k in allowed { if let e = end(k) { return e } }
            return nil
        }
        let (prefix, middle, suffix) = candidates(lo: lo, hi: hi)
        for k in prefix { if let e = end(k) { return e } }
        if let m = middle, maxWeeks(m.lowerBound, m.upperBound) >= w {
            let k = Self.partition(m.lowerBound, m.upperBound + 1) { maxWeeks(m.lowerBound, $0) >= w }
            return end(k)
        }
        for k in suffix { if let e = end(k) { return e } }
        return nil
    }

    /// Most whole weeks inside [lo, hi] within one term (only `allowed` spans when given).
    func longestStretch(lo: Day?, hi: Day?, allowed: [Int]?) -> Int {
        if let allowed { return allowed.map { stretch($0, lo: lo, hi: hi).count }.max() ?? 0 }
        let (prefix, middle, suffix) = candidates(lo: lo, hi: hi)
        var best = (prefix + suffix).map { stretch($0, lo: lo, hi: hi).count }.max() ?? 0
        if let m = middle { best = max(best, maxWeeks(m.lowerBound, m.upperBound)) }
        return best
    }

    /// Whether the programme's working weeks fit in [lo, hi]: one part in one term; a rotation's
    /// first part, then at least its gap, then its second part (in the same term or a later one).
    /// Closures and lead times only make an internship longer or later, so a programme that does
    /// not fit here can never be scheduled. Her terms (`allowed`) restrict the first part.
    func fits(_ p: Schedule.Programme, lo: Day?, hi: Day?, allowed: [Int]?) -> Bool {
        guard let firstEnd = earliestFit(weeks: p.parts[0].weeks, lo: lo, hi: hi, allowed: allowed) else { return false }
        guard p.parts.count > 1 else { return true }
        let secondStart = firstEnd + (1 + 7 * p.gapWeeks)
        return earliestFit(weeks: p.parts[1].weeks, lo: secondStart, hi: hi, allowed: nil) != nil
    }

    func describe(_ p: Schedule.Programme) -> String {
        guard p.isRotation else { return "\(p.id) needs \(p.totalWeeks) working week\(p.totalWeeks == 1 ? "" : "s")" }
        return
            "\(p.id) needs \(p.parts[0].weeks) working weeks, a gap of at least \(p.gapWeeks) week\(p.gapWeeks == 1 ? "" : "s"), then \(p.parts[1].weeks) working weeks"
    }

    static func describe(_ from: Day?, _ to: Day?) -> String {
        switch (from, to) {
        case let (f?, t?): return "\(f) to \(t)"
        case let (f?, nil): return "from \(f)"
        case let (nil, t?): return "until \(t)"
        case (nil, nil): return "any dates"
        }
    }
}
