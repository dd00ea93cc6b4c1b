import PlacementDomain

/// What each alliance rule did in a solution, in words and figures, for the summary and JSON.
/// Computed from the placements alone (not from the model), so it doubles as a check.
struct RuleEffects {
    struct Line {
        /// The family's word from the registry, with its variant in brackets when it has one,
        /// e.g. "lower quota" or "group (same_city)".
        let family: String
        let subject: String
        let figure: String
        let holds: Bool

        init(_ id: RuleFamilyID, variant: String? = nil, subject: String, figure: String, holds: Bool) {
            let word = id.diagnosis ?? id.title
            self.family = variant.map { "\(word) (\($0))" } ?? word
            self.subject = subject
            self.figure = figure
            self.holds = holds
        }
    }

    let lines: [Line]

    init(scenario s: Scenario, outcome o: PlacementOutcome) {
        var lines: [Line] = []
        let placements = o.placements.compactMap { $0 }
        var count = [[Int]](repeating: [], count: s.bases.count * s.terms.count)  // [base × terms + term] → students
        for p in placements { count[p.base * s.terms.count + p.term].append(p.student) }

        for bi in s.bases.indices.sorted(by: { s.bases[$0].id < s.bases[$1].id }) {
            let base = s.bases[bi]
            for (ti, term) in s.terms.enumerated() {
                let interns = count[bi * s.terms.count + ti]
                if base.minInterns > 0 && base.capacity(in: term.id) > 0 {
                    let ok = interns.isEmpty || interns.count >= base.minInterns
                    lines.append(
                        Line(
                            .minInterns, subject: "\(base.id)/\(term.id)",
                            figure: interns.isEmpty ? "unused (minimum \(base.minInterns))" : "\(interns.count) interns (minimum \(base.minInterns))",
                            holds: ok))
                }
                if let limit = base.nationalityLimit(in: term.id), !interns.isEmpty {
                    var byNationality: [String: Int] = [:]
                    for st in interns { byNationality[s.students[st].nationality, default: 0] += 1 }
                    let top = byNationality.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }!
                    lines.append(
                        Line(
                            .nationalityShare, subject: "\(base.id)/\(term.id)",
                            figure: "largest nationality \(top.key): \(top.value) of \(interns.count) (limit \(limit))", holds: top.value <= limit))
                }
            }
        }
        // Scheduled: seats are per week, so exclusive seats are checked week by week (first placements).
        let calendar = s.schedule.map { WeekCalendar(scenario: s, schedule: $0) }
        for r in s.rules.reservations {
            guard let bi = s.baseIndexByID[r.base] else { continue }
            for (ti, term) in s.terms.enumerated() where (r.terms.isEmpty || r.terms.contains(term.id)) && s.bases[bi].capacity(in: term.id) > 0 {
                let interns = count[bi * s.terms.count + ti]
                let ours = interns.filter { s.students[$0].university == r.university }.count
                let others = interns.count - ours
                let reserved = min(r.seats, s.bases[bi].capacity(in: term.id))
                var holds = r.mode == .priority || others <= s.bases[bi].capacity(in: term.id) - reserved
                if let calendar, r.mode == .exclusive {
                    holds = calendar.weeksByTerm[ti].allSatisfy { w in
                        let here = interns.filter { st in
                            s.students[st].university != r.university
                                && o.placements[st]?.timing.map { $0.firstWeek <= w && w <= $0.lastWeek } == true
                        }
                        return here.count <= max(0, calendar.seats[bi][w] - r.seats)
                    }
                }
                lines.append(
                    Line(
                        .reservedSeats, variant: r.mode.rawValue, subject: "\(r.base)/\(term.id) for \(r.university)",
                        figure: "\(reserved) reserved\(calendar == nil ? "" : " each week"), \(ours) filled by \(r.university), \(others) by others",
                        holds: holds))
            }
        }
        for g in s.rules.groups {
            let places = g.students.compactMap { s.studentIndexByID[$0] }.map { o.placements[$0] }
            let placedAll = places.allSatisfy { $0 != nil }
            let noneP = places.allSatisfy { $0 == nil }
            var together = noneP
            if placedAll {
                let keys = Set(
                    places.map { p -> String in
                        let b = s.bases[p!.base]
                        return g.together == .sameBaseAndTerm ? "\(b.id)|\(p!.term)" : "\(b.country)/\(b.city)|\(p!.term)"
                    })
                together = keys.count == 1
            }
            let figure = noneP ? "none placed" : placedAll ? (together ? "placed together" : "split") : "only some placed"
            lines.append(
                Line(.groups, variant: g.together.rawValue, subject: g.id, figure: "\(g.students.count) students: \(figure)", holds: together))
        }
        for a in s.rules.apart {
            guard let i = s.studentIndexByID[a.first], let j = s.studentIndexByID[a.second] else { continue }
            let same = o.placements[i] != nil && o.placements[j] != nil && o.placements[i]!.base == o.placements[j]!.base
            lines.append(Line(.apart, subject: "\(a.first) / \(a.second)", figure: same ? "same base" : "kept apart", holds: !same))
        }
        for l in s.rules.locks {
            guard let i = s.studentIndexByID[l.student] else { continue }
            let p = o.placements[i]
            let ok = p.map { s.bases[$0.base].id == l.base && (l.term == nil || s.terms[$0.term].id == l.term) } ?? false
            lines.append(
                Line(.locks, subject: "\(l.student) → \(l.base)\(l.term.map { "/\($0)" } ?? "")", figure: ok ? "honoured" : "not honoured", holds: ok)
            )
        }
        for b in s.rules.bans {
            guard let i = s.studentIndexByID[b.student] else { continue }
            let broken = o.placements[i].map { s.bases[$0.base].id == b.base } ?? false
            lines.append(Line(.bans, subject: "\(b.student) ✕ \(b.base)", figure: broken ? "broken" : "honoured", holds: !broken))
        }
        if let share = s.rules.minAbroadShare {
            var totals: [String: (placed: Int, abroad: Int)] = [:]
            for p in placements {
                let st = s.students[p.student]
                let home = s.universityByID[st.university]?.country
                totals[st.university, default: (0, 0)].placed += 1
                if s.bases[p.base].country != home { totals[st.university, default: (0, 0)].abroad += 1 }
            }
            for u in totals.keys.sorted() {
                let t = totals[u]!
                let ok = Double(t.abroad) + 1e-9 >= share * Double(t.placed)
                lines.append(
                    Line(
                        .exchange, subject: u,
                        figure: "\(t.abroad) of \(t.placed) placed abroad (minimum \(Int((share * 100).rounded())) %)", holds: ok))
            }
        }
        self.lines = lines
    }
}
