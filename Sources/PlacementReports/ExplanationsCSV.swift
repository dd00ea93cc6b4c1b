import PlacementDomain

/// explanations.csv: why each student did not get the bases she ranked better.
extension ReportSet {
    /// Seats and interns per base and term, indexed [base][term], for explanations.csv: it asks
    /// for them for every preference a student did not get (200,000 rows at 100,000 students).
    struct SeatTables: Sendable {
        let seats: [[Int]]
        let filled: [[Int]]
        /// Interns per (base · terms + term) and nationality, and per university: only when the
        /// scenario has nationality shares or reserved seats (they name the rule that kept a
        /// student out of a base with free seats).
        let byNationality: [Int: [String: Int]]
        let byUniversity: [Int: [String: Int]]

        init(report: ReportSet) {
            let terms = report.scenario.terms
            seats = report.scenario.bases.map { base in terms.map { base.capacity(in: $0.id) } }
            var filled = [[Int]](repeating: [Int](repeating: 0, count: terms.count), count: report.scenario.bases.count)
            for case let p? in report.outcome.placements { filled[p.base][p.term] += 1 }
            self.filled = filled
            var byNationality: [Int: [String: Int]] = [:], byUniversity: [Int: [String: Int]] = [:]
            let sideRules = !report.scenario.rules.reservations.isEmpty || report.scenario.bases.contains { $0.maxNationalityShare != nil }
            if sideRules {
                for case let p? in report.outcome.placements {
                    let student = report.scenario.students[p.student], key = p.base * terms.count + p.term
                    byNationality[key, default: [:]][student.nationality, default: 0] += 1
                    byUniversity[key, default: [:]][student.university, default: 0] += 1
                }
            }
            self.byNationality = byNationality
            self.byUniversity = byUniversity
        }
    }

    /// The side rule that keeps a student out of a base-term with free seats (see `SideRuleBinding`).
    func bindingRule(student: Student, base b: Int, term t: Int, tables: SeatTables) -> String? {
        let key = b * scenario.terms.count + t
        return SideRuleBinding(
            nationalities: tables.byNationality[key] ?? [:], universities: tables.byUniversity[key] ?? [:], placed: tables.filled[b][t]
        )
        .reason(student: student, base: scenario.bases[b], term: scenario.terms[t].id, rules: scenario.rules)
    }

    /// For every student without her first choice: each base she ranked better than her outcome,
    /// and why she is not there (the rules that exclude it, or that it was full in her terms).
    /// `placement explain` adds the cost of forcing her into a full one.
    func explanationsCSV(students: Range<Int>? = nil, header: Bool = true, seats tables: SeatTables? = nil) -> CSVWriter {
        var csv = header ? CSVWriter(header: ["student_id", "outcome", "better_choice_rank", "base_id", "why"]) : CSVWriter()
        let rules = EligibilityRules(scenario: scenario)
        let scheduleRules = scenario.schedule.map { ScheduleRules(scenario: scenario, schedule: $0) }
        let terms = scenario.terms, bases = scenario.bases, baseIndexByID = scenario.baseIndexByID, placements = outcome.placements
        let tables = tables ?? SeatTables(report: self)
        let seats = tables.seats, filled = tables.filled
        let bans = Set(scenario.rules.bans.map { [$0.student, $0.base] })
        // Rules that can keep a student out of a base with free seats (named instead of "other rules").
        let sideRules = !scenario.rules.reservations.isEmpty || bases.contains { $0.maxNationalityShare != nil || $0.minInterns > 1 }
        // The reason for an allowed pair depends only on her eligible terms and whether all are full.
        var allowedTexts: [[Int]: (full: String, free: String)] = [:]
        func allowedText(eligible: [Int], full: Bool) -> String {
            if let texts = allowedTexts[eligible] { return full ? texts.full : texts.free }
            let texts = (
                full:
                    "full in their terms (\(eligible.map { terms[$0].id }.joined(separator: ", "))); placement explain gives the cost of forcing them there",
                free: "seats were free; other rules or higher objectives kept them out (see placement explain)"
            )
            allowedTexts[eligible] = texts
            return full ? texts.full : texts.free
        }
        var eligible: [Int] = []
        eligible.reserveCapacity(terms.count)
        for i in students ?? scenario.students.indices {
            let student = scenario.students[i], placement = placements[i]
            if placement?.rank == 1 { continue }
            let limit = placement.map { $0.rank.map { $0 - 1 } ?? student.preferences.count } ?? student.preferences.count
            let outcomeText = placement.map { "\(bases[$0.base].id)/\(terms[$0.term].id)" } ?? "unplaced"
            let available = terms.map { student.isAvailable(in: $0.id) }
            for (r, baseID) in student.preferences.prefix(limit).enumerated() {
                guard let bi = baseIndexByID[baseID] else { continue }
                let base = bases[bi]
                eligible.removeAll(keepingCapacity: true)
                for t in terms.indices where available[t] && seats[bi][t] > 0 { eligible.append(t) }
                // The list of exclusions is built only when some rule may exclude the pair.
                let mayBeExcluded = scheduleRules != nil || eligible.isEmpty || !rules.allowsIgnoringTerms(student: student, base: base)
                let exclusions =
                    mayBeExcluded
                    ? rules.exclusions(student: student, base: base) + (scheduleRules?.exclusions(student: student, base: bi) ?? []) : []
                let why: String
                if !exclusions.isEmpty {
                    why = "not allowed: " + exclusions.map(\.description).joined(separator: "; ")
                } else if !bans.isEmpty && bans.contains([student.id, baseID]) {
                    why = "not allowed: banned pair"
                } else if let scheduleRules, let f = statistics.schedule, let programme = scheduleRules.programme(of: student) {
                    // Scheduled: full when every span she could take there has a week without a free seat.
                    let spans = programme.parts.filter { scheduleRules.kindFits(base, part: $0) }
                        .flatMap { scheduleRules.spans(student: student, base: bi, working: $0.weeks) }
                    let full = spans.allSatisfy { span in span.contains { f.present[bi][$0].count >= f.calendar.seats[bi][$0] } }
                    why =
                        full
                        ? "full in some week of every span they could take there; placement explain gives the cost of forcing them there"
                        : "seats were free for some span they could take; other rules (mentors, rotation parts) or higher objectives kept them out (see placement explain)"
                } else {
                    let full = eligible.allSatisfy { filled[bi][$0] >= seats[bi][$0] }
                    // A base with free seats: the side rule that binds in each free term, if one does in every one.
                    let freeTerms = full || !sideRules ? [] : eligible.filter { filled[bi][$0] < seats[bi][$0] }
                    let named = freeTerms.compactMap { bindingRule(student: student, base: bi, term: $0, tables: tables) }
                    why =
                        !named.isEmpty && named.count == freeTerms.count ? named.joined(separator: "; ") : allowedText(eligible: eligible, full: full)
                }
                csv.row([.text(student.id), .text(outcomeText), .integer(r + 1), .text(baseID), .text(why)])
            }
        }
        return csv
    }
}
