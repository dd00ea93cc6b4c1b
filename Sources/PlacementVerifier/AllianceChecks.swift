import Foundation
import PlacementDomain

/// (3) Every alliance rule the scenario turns on, by the definitions in AllianceRules.swift and
/// the bases' min_interns / max_nationality_share columns.
extension VerificationRun {
    mutating func checkAllianceRules() {
        let occupied = occupancy()
        let terms = book.termIDs.count
        func students(_ b: Int, _ t: Int) -> [Int] { occupied[b * terms + t] ?? [] }

        // Minimum interns: in a term where the base takes any intern, it takes at least the minimum.
        if scenario.bases.contains(where: { $0.minInterns > 0 }) {
            for (b, base) in scenario.bases.enumerated() where base.minInterns > 0 {
                for t in 0..<terms {
                    let n = students(b, t).count
                    if n > 0 && n < base.minInterns {
                        flag(
                            .minInterns,
                            "\(base.id) takes \(n) intern\(n == 1 ? "" : "s") in \(termName(t)); it takes none or at least \(base.minInterns)")
                    }
                }
            }
            checked("minimum interns: each base with min_interns takes 0 or at least that many per term")
        }

        // Nationality share: at most max(1, ⌊share × seats⌋) of one nationality per base and term.
        if scenario.bases.contains(where: { $0.maxNationalityShare != nil }) {
            for (b, base) in scenario.bases.enumerated() {
                guard let share = base.maxNationalityShare else { continue }
                for t in 0..<terms {
                    let here = students(b, t)
                    guard !here.isEmpty else { continue }
                    // The small epsilon keeps 0.3 × 10 = 2.9999… from flooring to 2.
                    let limit = Swift.max(1, Int((share * Double(book.seats(base: b, term: t)) + 1e-9).rounded(.down)))
                    var byNationality: [String: Int] = [:]
                    for s in here { byNationality[scenario.students[s].nationality, default: 0] += 1 }
                    for (nationality, n) in byNationality.sorted(by: { $0.key < $1.key }) where n > limit {
                        flag(
                            .nationalityShare,
                            "\(base.id) takes \(n) interns of nationality \(nationality) in \(termName(t)); at most \(limit) allowed (share \(formatNumber(share)) of \(book.seats(base: b, term: t)) seats)"
                        )
                    }
                }
            }
            checked("nationality share: at most max(1, ⌊share × seats⌋) interns of one nationality per base and term")
        }

        let rules = scenario.rules
        if !rules.reservations.isEmpty {
            for r in rules.reservations {
                guard let b = book.baseIndex[r.base] else {
                    flag("unknown_base", "a seat reservation names base \(r.base), which is not in the scenario")
                    continue
                }
                for t in 0..<terms where r.terms.isEmpty || r.terms.contains(book.termIDs[t]) {
                    if book.schedule != nil {
                        checkScheduledReservation(r, base: b, term: t, students: students(b, t))
                        continue
                    }
                    let seats = book.seats(base: b, term: t)
                    let reserved = Swift.min(r.seats, seats)
                    guard reserved > 0 else { continue }
                    let here = students(b, t)
                    let others = here.filter { scenario.students[$0].university != r.university }.count
                    // A reserved seat goes to someone else exactly when others hold more than seats − reserved.
                    guard others > seats - reserved else { continue }
                    switch r.mode {
                    case .exclusive:
                        flag(
                            .reservedSeatsExclusive,
                            "\(r.base) in \(termName(t)): \(others) interns not from \(r.university) but only \(seats - reserved) of \(seats) seats are open to them (\(reserved) reserved for \(r.university))"
                        )
                    case .priority:
                        // No eligible applicant of the university who ranked the base is left without
                        // a placement at least as good while a reserved seat goes to someone else.
                        for (s, student) in scenario.students.enumerated() where student.university == r.university {
                            guard let rank = book.rankOf[s][r.base], book.isAllowed(student: s, base: b, term: t) else { continue }
                            if let p = placementOf[s], let got = book.rankOf[s][baseName(p.base)], got <= rank { continue }
                            let has =
                                placementOf[s].map {
                                    "is at \(baseName($0.base)) (\(book.rankOf[$0.student][baseName($0.base)].map { "rank \($0)" } ?? "unranked"))"
                                } ?? "is unplaced"
                            flag(
                                .reservedSeatsPriority,
                                "\(r.base) in \(termName(t)): \(r.university) has priority on \(reserved) seats, yet \(others) of its \(seats) seats went to other universities while its applicant \(student.id) (rank \(rank)) \(has)"
                            )
                        }
                    }
                }
            }
            checked(
                "reserved seats: exclusive seats hold no one else\(book.schedule == nil ? "" : " in any week")"
                    + "; priority seats go to other universities only when no eligible applicant who ranked the base is left worse off")
        }

        if !rules.groups.isEmpty {
            for group in rules.groups {
                let members = group.students.compactMap { id -> Int? in
                    if let s = book.studentIndex[id] { return s }
                    flag("unknown_student", "group \(group.id) names student \(id), who is not in the roster")
                    return nil
                }
                let placed = members.filter { placementOf[$0] != nil }
                if !placed.isEmpty && placed.count < members.count {
                    let out = members.filter { placementOf[$0] == nil }.map(studentName)
                    flag(
                        .groupPartlyPlaced,
                        "group \(group.id): \(placed.map(studentName).joined(separator: ", ")) placed but \(out.joined(separator: ", ")) not (all or none)"
                    )
                }
                guard placed.count >= 2 else { continue }
                func place(_ s: Int) -> String {
                    let p = placementOf[s]!
                    switch group.together {
                    case .sameBaseAndTerm: return "\(baseName(p.base))/\(termName(p.term))"
                    case .sameCity:
                        let base = scenario.bases[p.base]
                        return "\(base.country)/\(base.city)/\(termName(p.term))"
                    }
                }
                let places = Set(placed.map(place))
                if places.count > 1 {
                    flag(
                        .groupNotTogether,
                        "group \(group.id) (\(group.together.rawValue)) is split: "
                            + placed.map { "\(studentName($0)) at \(place($0))" }.joined(separator: ", "))
                }
            }
            checked("groups: all members placed or none, together (same base and term, or same city and term)")
        }

        if !rules.apart.isEmpty {
            for pair in rules.apart {
                guard let a = book.studentIndex[pair.first], let c = book.studentIndex[pair.second],
                    let pa = placementOf[a], let pc = placementOf[c]
                else { continue }
                if pa.base == pc.base {
                    flag(.apartViolated, "\(pair.first) and \(pair.second) must not be at the same base but both are at \(baseName(pa.base))")
                }
            }
            checked("apart pairs: never at the same base")
        }

        if !rules.locks.isEmpty {
            for lock in rules.locks {
                guard let s = book.studentIndex[lock.student] else {
                    flag("unknown_student", "a lock names student \(lock.student), who is not in the roster")
                    continue
                }
                let want = lock.base + (lock.term.map { " in \($0)" } ?? "")
                guard let p = placementOf[s] else {
                    flag(.lockViolated, "\(lock.student) is locked to \(want) but is unplaced")
                    continue
                }
                if baseName(p.base) != lock.base || (lock.term != nil && termName(p.term) != lock.term) {
                    flag(.lockViolated, "\(lock.student) is locked to \(want) but is placed at \(baseName(p.base)) in \(termName(p.term))")
                }
            }
            checked("locks: each locked student is at her base (and term)")
        }

        if !rules.bans.isEmpty {
            // Each banned placement was already reported by the eligibility check.
            checked("bans: no banned student–base pair is placed")
        }

        if let share = rules.minAbroadShare {
            var placed: [String: Int] = [:], abroad: [String: Int] = [:]
            for (s, p) in placementOf.enumerated() {
                guard let p else { continue }
                let university = scenario.students[s].university
                placed[university, default: 0] += 1
                if scenario.bases[p.base].country != book.universities[university]?.country { abroad[university, default: 0] += 1 }
            }
            for (university, n) in placed.sorted(by: { $0.key < $1.key }) {
                let out = abroad[university] ?? 0
                if Double(out) < share * Double(n) - 1e-9 {
                    flag(
                        .abroadShare, "\(university): \(out) of its \(n) placed students are abroad; at least \(formatNumber(share * 100)) % must be")
                }
            }
            checked("cross-border exchange: each university has at least \(formatNumber(share * 100)) % of its placed students abroad")
        }
    }
}

extension VerificationRun {
    /// Reserved seats in a scheduled scenario, on (first) placements as every alliance rule:
    /// - exclusive: in each week others hold at most that week's seats − reserved;
    /// - priority: when the university holds fewer than its reserved seats that term while others
    ///   hold some, no applicant of it who ranked the base and could start there (kind, dates, lead
    ///   time, seats, mentors) is left without a placement at least as good. Rotation applicants
    ///   are left out: whether a second part could follow depends on the whole calendar.
    mutating func checkScheduledReservation(_ r: AllianceRules.Reservation, base b: Int, term t: Int, students here: [Int]) {
        let sb = sched, roster = scenario.students
        let isOurs = { (s: Int) in roster[s].university == r.university }
        switch r.mode {
        case .exclusive:
            for w in sb.termWeeks[t] {
                let others = stays.filter { $0.part == 0 && $0.base == b && $0.weeks.contains(w) && !isOurs($0.student) }
                let open = Swift.max(0, sb.seats(base: b, week: w) - r.seats)
                if others.count > open {
                    flag(
                        .reservedSeatsExclusive,
                        "\(r.base) in week \(sb.label(w)): \(others.count) interns not from \(r.university) "
                            + "(\(others.map { studentName($0.student) }.sorted().joined(separator: ", "))) but only \(open) of \(sb.seats(base: b, week: w)) seats are open to them (\(r.seats) reserved for \(r.university))"
                    )
                }
            }
        case .priority:
            let reserved = Swift.min(r.seats, book.seats(base: b, term: t))
            let ours = here.filter(isOurs).count, others = here.count - ours
            guard reserved > 0, others > 0, ours < reserved else { return }
            for (s, student) in scenario.students.enumerated() where student.university == r.university {
                guard let rank = book.rankOf[s][r.base], let programme = sb.programme(of: s), !programme.isRotation,
                    book.isAllowed(student: s, base: b, term: t),
                    sb.hasFeasibleStart(student: s, base: b, term: t, part: programme.parts[0])
                else { continue }
                let mentors = sb.schedule
                if !mentors.academicMentors.isEmpty
                    && !mentors.academicMentors.contains(where: { $0.home == student.university && sb.commonLanguage(student: s, mentor: $0) != nil })
                {
                    continue
                }
                if !mentors.industryMentors.isEmpty
                    && !mentors.industryMentors.contains(where: { $0.home == r.base && sb.commonLanguage(student: s, mentor: $0) != nil })
                {
                    continue
                }
                if let p = placementOf[s], let got = book.rankOf[s][baseName(p.base)], got <= rank { continue }
                let has =
                    placementOf[s].map {
                        "is at \(baseName($0.base)) (\(book.rankOf[$0.student][baseName($0.base)].map { "rank \($0)" } ?? "unranked"))"
                    } ?? "is unplaced"
                flag(
                    .reservedSeatsPriority,
                    "\(r.base) in \(termName(t)): \(r.university) has priority on \(reserved) seats but holds \(ours) while \(others) interns of other universities are there, and its applicant \(student.id) (rank \(rank)) \(has)"
                )
            }
        }
    }
}
