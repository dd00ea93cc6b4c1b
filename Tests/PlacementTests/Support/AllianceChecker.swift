import Foundation
import PlacementDomain
import PlacementEngine
import XCTest

// MARK: - Alliance rules checked from their definitions (AllianceRules, Stability, Reallocation tests)
//
// Everything here is recomputed from the written definitions (AllianceRules.swift, Entities.swift,
// Policy.swift, ReservedSeats.swift's doc comment). Nothing reuses EligibilityRules, CandidateSet,
// Preferences or the formulation: eligibility comes from the independent `IndependentRules`
// (Support/IndependentRules.swift).

/// A (base index, term index) pair.
struct AllianceSlot: Hashable, Comparable, CustomStringConvertible {
    let base: Int
    let term: Int
    static func < (a: AllianceSlot, b: AllianceSlot) -> Bool { (a.base, a.term) < (b.base, b.term) }
    var description: String { "B#\(base)/T#\(term)" }
}

/// Placement per student index (nil = unplaced).
typealias AllianceAssignment = [AllianceSlot?]

/// A (student, base, term) blocking triple, by index.
struct AllianceTriple: Hashable, Comparable, CustomStringConvertible {
    let student: Int
    let base: Int
    let term: Int
    static func < (a: AllianceTriple, b: AllianceTriple) -> Bool { (a.student, a.base, a.term) < (b.student, b.base, b.term) }
    var description: String { "(s\(student), b\(base), t\(term))" }
}

extension PlacementOutcome {
    var allianceAssignment: AllianceAssignment { placements.map { $0.map { AllianceSlot(base: $0.base, term: $0.term) } } }
}

/// Every rule of a scenario, the objectives, and the stability notions, checked on an assignment
/// from the definitions alone.
struct AllianceChecker {
    struct Option {
        let slot: AllianceSlot
        let rank: Int?
        let cost: Double
    }

    let scenario: Scenario
    let eligibility: IndependentRules
    /// Per student: every allowed (base, term), in her order of preference: ranked bases by rank,
    /// then unranked bases (when allowed) in roster order; terms in scenario order within a base.
    let options: [[Option]]
    let studentIndex: [String: Int]
    let baseIndex: [String: Int]

    init(_ scenario: Scenario) {
        self.scenario = scenario
        let eligibility = IndependentRules(scenario: scenario)
        self.eligibility = eligibility
        var studentIndex: [String: Int] = [:]
        for (i, s) in scenario.students.enumerated() where studentIndex[s.id] == nil { studentIndex[s.id] = i }
        var baseIndex: [String: Int] = [:]
        for (i, b) in scenario.bases.enumerated() where baseIndex[b.id] == nil { baseIndex[b.id] = i }
        self.studentIndex = studentIndex
        self.baseIndex = baseIndex
        options = scenario.students.map { s in
            var order = s.preferences.compactMap { baseIndex[$0] }
            if scenario.policy.allowUnranked { order += scenario.bases.indices.filter { !s.preferences.contains(scenario.bases[$0].id) } }
            var result: [Option] = []
            for bi in order {
                for (ti, t) in scenario.terms.enumerated() {
                    if case let .allowed(rank) = eligibility.verdict(student: s, base: scenario.bases[bi], term: t.id) {
                        result.append(
                            Option(
                                slot: AllianceSlot(base: bi, term: ti), rank: rank,
                                cost: eligibility.cost(student: s, base: scenario.bases[bi], rank: rank)))
                    }
                }
            }
            return result
        }
    }

    func seats(_ slot: AllianceSlot) -> Int { scenario.bases[slot.base].capacity[scenario.terms[slot.term].id] ?? 0 }

    func rank(student i: Int, base b: Int) -> Int? {
        scenario.students[i].preferences.firstIndex(of: scenario.bases[b].id).map { $0 + 1 }
    }

    func label(_ slot: AllianceSlot) -> String { "\(scenario.bases[slot.base].id)/\(scenario.terms[slot.term].id)" }

    // MARK: Rules

    struct Report {
        let collect: Bool
        var messages: [String] = []
        var ok = true
        mutating func fail(_ message: @autoclosure () -> String) {
            ok = false
            if collect { messages.append(message()) }
        }
    }

    /// Every broken rule, in words (empty = all rules hold).
    func violations(_ a: AllianceAssignment) -> [String] {
        var r = Report(collect: true)
        check(a, eligibilityToo: true, into: &r)
        return r.messages
    }

    func holds(_ a: AllianceAssignment, eligibilityToo: Bool = true) -> Bool {
        var r = Report(collect: false)
        check(a, eligibilityToo: eligibilityToo, into: &r)
        return r.ok
    }

    func check(_ a: AllianceAssignment, eligibilityToo: Bool, into r: inout Report) {
        let s = scenario
        guard a.count == s.students.count else { r.fail("\(a.count) placements for \(s.students.count) students"); return }
        var here: [AllianceSlot: [Int]] = [:]
        for (i, p) in a.enumerated() {
            guard let p else { continue }
            here[p, default: []].append(i)
            if eligibilityToo, case .forbidden = eligibility.verdict(student: s.students[i], base: s.bases[p.base], term: s.terms[p.term].id) {
                r.fail("eligibility: \(s.students[i].id) placed at \(label(p)), which the placement rules forbid")
            }
        }
        for (slot, members) in here where members.count > seats(slot) {
            r.fail("capacity: \(label(slot)) holds \(members.count) for \(seats(slot)) seats")
        }
        // Lower quotas: a used base-term has at least minInterns interns.
        for (slot, members) in here {
            let base = s.bases[slot.base]
            if base.minInterns > 0 && members.count < base.minInterns {
                r.fail("lower quota: \(label(slot)) has \(members.count) interns, minimum \(base.minInterns)")
            }
            // Nationality shares: at most max(1, ⌊share × seats⌋) of one nationality.
            if let share = base.maxNationalityShare {
                let limit = max(1, Int((share * Double(seats(slot)) + 1e-9).rounded(.down)))
                var byNationality: [String: Int] = [:]
                for m in members { byNationality[s.students[m].nationality, default: 0] += 1 }
                for (n, c) in byNationality where c > limit {
                    r.fail("nationality share: \(label(slot)) has \(c) interns of \(n), limit \(limit) (share \(share), \(seats(slot)) seats)")
                }
            }
        }
        // Reserved seats.
        for res in s.rules.reservations {
            guard let bi = baseIndex[res.base] else { continue }
            for (ti, term) in s.terms.enumerated() where res.terms.isEmpty || res.terms.contains(term.id) {
                let slot = AllianceSlot(base: bi, term: ti)
                let total = seats(slot)
                guard total > 0 else { continue }
                let reserved = min(res.seats, total)
                let members = here[slot] ?? []
                let ours = members.filter { s.students[$0].university == res.university }.count
                switch res.mode {
                case .exclusive:
                    if members.count - ours > total - reserved {
                        r.fail(
                            "reserved seats (exclusive): \(label(slot)) has \(members.count - ours) students from outside \(res.university); at most \(total - reserved)"
                        )
                    }
                case .priority:
                    guard ours < reserved else { continue }
                    // Every applicant of the university who ranked the base (and may be placed
                    // there that term) has a placement at least as good as that base.
                    for (i, st) in s.students.enumerated() where st.university == res.university {
                        guard let wanted = rank(student: i, base: bi),
                            case .allowed = eligibility.verdict(student: st, base: s.bases[bi], term: term.id)
                        else { continue }
                        let got = a[i].map { rank(student: i, base: $0.base) ?? Int.max }
                        if got == nil || got! > wanted {
                            r.fail(
                                "reserved seats (priority): \(res.university) holds \(ours) of \(reserved) seats at \(label(slot)) while its applicant \(st.id) (rank \(wanted)) has \(a[i].map { label($0) } ?? "nothing")"
                            )
                        }
                    }
                }
            }
        }
        // Groups: all placed or none; together by base and term, or by city and term.
        for g in s.rules.groups {
            let members = g.students.compactMap { studentIndex[$0] }
            let places = members.map { a[$0] }
            let placed = places.compactMap { $0 }
            if placed.isEmpty { continue }
            if placed.count != places.count {
                r.fail("group \(g.id): \(placed.count) of \(places.count) placed")
                continue
            }
            let keys = Set(
                placed.map { p -> String in
                    let b = s.bases[p.base]
                    return g.together == .sameBaseAndTerm ? "\(b.id)#\(p.term)" : "\(b.country)#\(b.city)#\(p.term)"
                })
            if keys.count != 1 { r.fail("group \(g.id) (\(g.together.rawValue)) split over \(keys.sorted())") }
        }
        for pair in s.rules.apart {
            guard let i = studentIndex[pair.first], let j = studentIndex[pair.second], let p = a[i], let q = a[j] else { continue }
            if p.base == q.base { r.fail("apart: \(pair.first) and \(pair.second) both at \(s.bases[p.base].id)") }
        }
        for lock in s.rules.locks {
            guard let i = studentIndex[lock.student] else { continue }
            let ok = a[i].map { s.bases[$0.base].id == lock.base && (lock.term == nil || s.terms[$0.term].id == lock.term) } ?? false
            if !ok {
                r.fail("lock: \(lock.student) must be at \(lock.base)\(lock.term.map { "/\($0)" } ?? ""), has \(a[i].map { label($0) } ?? "nothing")")
            }
        }
        for ban in s.rules.bans {
            guard let i = studentIndex[ban.student], let p = a[i] else { continue }
            if s.bases[p.base].id == ban.base { r.fail("ban: \(ban.student) placed at banned \(ban.base)") }
        }
        if let share = s.rules.minAbroadShare {
            var placed: [String: Int] = [:], abroad: [String: Int] = [:]
            for (i, p) in a.enumerated() {
                guard let p else { continue }
                let st = s.students[i]
                let home = s.universities.first { $0.id == st.university }?.country
                placed[st.university, default: 0] += 1
                if s.bases[p.base].country != home { abroad[st.university, default: 0] += 1 }
            }
            for (u, n) in placed where Double(abroad[u, default: 0]) < share * Double(n) - 1e-9 {
                r.fail("cross-border exchange: \(u) has \(abroad[u, default: 0]) of \(n) placed abroad, share \(share) required")
            }
        }
    }

    // MARK: Objectives

    /// The lexicographic objective vector, every component oriented so that larger is better.
    /// With `keep`, the first component counts kept earlier placements.
    func objectiveVector(_ a: AllianceAssignment, keep: [String: (base: String, term: String)]? = nil) -> [Double] {
        let s = scenario
        var v: [Double] = []
        if let keep {
            var kept = 0
            for (i, p) in a.enumerated() {
                if let p, let e = keep[s.students[i].id], s.bases[p.base].id == e.base, s.terms[p.term].id == e.term { kept += 1 }
            }
            v.append(Double(kept))
        }
        let placedIndices = a.indices.filter { a[$0] != nil }
        for objective in s.policy.objectives {
            switch objective {
            case .maxPlaced:
                v.append(Double(placedIndices.count))
            case .minCost:
                var cost = 0.0
                for i in placedIndices {
                    let b = s.bases[a[i]!.base]
                    cost += eligibility.cost(student: s.students[i], base: b, rank: rank(student: i, base: a[i]!.base))
                }
                if let penalty = s.policy.unplacedPenalty { cost += penalty * Double(s.students.count - placedIndices.count) }
                v.append(-cost)
            case .minWorstRank:
                let worst = placedIndices.map { rank(student: $0, base: a[$0]!.base) ?? 99 }.max() ?? 0
                v.append(-Double(worst))
            case .maxMinUniversityRate, .maxMinNationalityRate:
                var total: [String: Int] = [:], placed: [String: Int] = [:]
                for (i, st) in s.students.enumerated() {
                    let key = objective == .maxMinUniversityRate ? st.university : st.nationality
                    total[key, default: 0] += 1
                    if a[i] != nil { placed[key, default: 0] += 1 }
                }
                v.append(total.map { Double(placed[$0.key, default: 0]) / Double($0.value) }.min() ?? 1)
            case .rankMaximal:
                // One component per rank up to the largest rank any allowed placement has.
                let longest = max(1, options.flatMap { $0.compactMap(\.rank) }.max() ?? 0)
                for r in 1...longest {
                    v.append(Double(placedIndices.filter { rank(student: $0, base: a[$0]!.base) == r }.count))
                }
            case .balanceMentorLoad:
                XCTFail("unscheduled brute force has no mentors")
            }
        }
        return v
    }

    static func lexicographicallyBetter(_ x: [Double], _ y: [Double]) -> Bool {
        for (a, b) in zip(x, y) {
            if a > b + 1e-7 { return true }
            if a < b - 1e-7 { return false }
        }
        return false
    }

    static func equalVectors(_ x: [Double], _ y: [Double]) -> Bool {
        x.count == y.count && zip(x, y).allSatisfy { abs($0 - $1) <= 1e-6 }
    }

    // MARK: Stability

    /// A base's key for a student: listed universities first (earlier in the list is better),
    /// then the score (grade, best level among the base's required languages, or both), larger better.
    func baseKey(base b: Int, student i: Int) -> (Int, Double) {
        let ranking = scenario.policy.baseRanking
        let st = scenario.students[i]
        var priority = 0
        if let position = ranking.universityPriority.firstIndex(of: st.university) { priority = ranking.universityPriority.count - position }
        var score = 0.0
        if ranking.score != .language { score += st.gradeAverage ?? 0 }
        if ranking.score != .grade {
            var best = 0
            for req in scenario.bases[b].languageRequirement { best = max(best, st.languages[req.language]?.value ?? 0) }
            score += Double(best)
        }
        return (priority, score)
    }

    /// True when the base strictly prefers student i to student j.
    func baseStrictlyPrefers(_ b: Int, _ i: Int, _ j: Int) -> Bool {
        let x = baseKey(base: b, student: i), y = baseKey(base: b, student: j)
        return x.0 != y.0 ? x.0 > y.0 : x.1 > y.1
    }

    /// Every blocking pair: she strictly prefers the base-term (an allowed placement for her) to
    /// what she has, and the base-term has a free seat or holds someone it strictly likes less.
    func blockingPairs(_ a: AllianceAssignment) -> Set<AllianceTriple> {
        var here: [AllianceSlot: [Int]] = [:]
        for (i, p) in a.enumerated() { if let p { here[p, default: []].append(i) } }
        var pairs: Set<AllianceTriple> = []
        for (i, list) in options.enumerated() {
            let current = a[i].flatMap { p in list.firstIndex { $0.slot == p } } ?? list.count
            for o in list.prefix(current) {
                let members = here[o.slot] ?? []
                if members.count < seats(o.slot) || members.contains(where: { baseStrictlyPrefers(o.slot.base, i, $0) }) {
                    pairs.insert(AllianceTriple(student: i, base: o.slot.base, term: o.slot.term))
                }
            }
        }
        return pairs
    }

    /// Student-proposing deferred acceptance with bases' ties broken by roster order.
    func deferredAcceptance() -> AllianceAssignment {
        let n = scenario.students.count
        var assignment = AllianceAssignment(repeating: nil, count: n)
        var next = [Int](repeating: 0, count: n)
        var held: [AllianceSlot: [Int]] = [:]
        var free = Array(0..<n)
        func worse(_ b: Int, _ i: Int, _ j: Int) -> Bool {  // the base likes i less than j
            if baseStrictlyPrefers(b, j, i) { return true }
            if baseStrictlyPrefers(b, i, j) { return false }
            return i > j
        }
        while let i = free.popLast() {
            guard next[i] < options[i].count else { continue }
            let slot = options[i][next[i]].slot
            next[i] += 1
            var members = held[slot, default: []]
            members.append(i)
            if members.count > seats(slot) {
                var out = members[0]
                for m in members.dropFirst() where worse(slot.base, m, out) { out = m }
                members.removeAll { $0 == out }
                free.append(out)
                assignment[out] = nil
            }
            if members.contains(i) { assignment[i] = slot }
            held[slot] = members
        }
        return assignment
    }
}

/// The exact optimum by enumerating every assignment (each student: unplaced or any allowed
/// base-term), keeping those that satisfy every rule (and stability, when asked).
struct AllianceBruteForce {
    let checker: AllianceChecker
    var requireStable = false
    var keep: [String: (base: String, term: String)]? = nil

    struct Result {
        let vector: [Double]
        let assignment: AllianceAssignment
        let feasible: Int
    }

    func optimum() -> Result? {
        let n = checker.scenario.students.count
        let leaves = checker.options.reduce(1) { $0 * ($1.count + 1) }
        precondition(leaves <= 2_000_000, "instance too large for enumeration (\(leaves) leaves)")
        var assignment = AllianceAssignment(repeating: nil, count: n)
        var used: [AllianceSlot: Int] = [:]
        var best: (vector: [Double], assignment: AllianceAssignment)?
        var feasible = 0
        func visit(_ i: Int) {
            if i == n {
                guard checker.holds(assignment, eligibilityToo: false) else { return }
                if requireStable && !checker.blockingPairs(assignment).isEmpty { return }
                feasible += 1
                let v = checker.objectiveVector(assignment, keep: keep)
                if best == nil || AllianceChecker.lexicographicallyBetter(v, best!.vector) { best = (v, assignment) }
                return
            }
            assignment[i] = nil
            visit(i + 1)
            for o in checker.options[i] where used[o.slot, default: 0] < checker.seats(o.slot) {
                used[o.slot, default: 0] += 1
                assignment[i] = o.slot
                visit(i + 1)
                assignment[i] = nil
                used[o.slot, default: 0] -= 1
            }
        }
        visit(0)
        return best.map { Result(vector: $0.vector, assignment: $0.assignment, feasible: feasible) }
    }
}

/// Progress lines on standard error when ALLIANCE_TRACE is set (to find a slow solve).
func allianceTrace(_ text: @autoclosure () -> String) {
    guard ProcessInfo.processInfo.environment["ALLIANCE_TRACE"] != nil else { return }
    FileHandle.standardError.write(Data("\(Date()) \(text())\n".utf8))
}

func describe(_ s: Scenario) -> String {
    var text = "\(s.students.count) students, \(s.bases.count) bases\n"
    for b in s.bases {
        text += "  \(b.id) \(b.country)/\(b.city) seats \(b.capacity["T1"] ?? 0)+\(b.capacity["T2"] ?? 0)"
        if !b.fields.isEmpty { text += " fields \(b.fields.sorted())" }
        if !b.languageRequirement.isEmpty { text += " lang \(b.languageRequirement.map(\.description))" }
        if b.minInterns > 0 { text += " min \(b.minInterns)" }
        if let share = b.maxNationalityShare { text += " share \(share)" }
        text += "\n"
    }
    for st in s.students {
        text +=
            "  \(st.id) \(st.university) \(st.nationality) \(st.field) en=\(st.languages["en"]?.value ?? 0) grade=\(st.gradeAverage.map { "\($0)" } ?? "-") terms=\(st.availableTerms) prefs=\(st.preferences)\n"
    }
    let r = s.rules
    if !r.reservations.isEmpty {
        text += "  reservations \(r.reservations.map { "\($0.base) \($0.university) \($0.seats) \($0.mode) \($0.terms)" })\n"
    }
    if !r.groups.isEmpty { text += "  groups \(r.groups.map { "\($0.id) \($0.students) \($0.together)" })\n" }
    if !r.apart.isEmpty { text += "  apart \(r.apart.map { "\($0.first)-\($0.second)" })\n" }
    if !r.locks.isEmpty { text += "  locks \(r.locks.map { "\($0.student)->\($0.base)/\($0.term ?? "*")" })\n" }
    if !r.bans.isEmpty { text += "  bans \(r.bans.map { "\($0.student)x\($0.base)" })\n" }
    if let share = r.minAbroadShare { text += "  min abroad share \(share)\n" }
    text +=
        "  policy objectives \(s.policy.objectives.map(\.rawValue)) unranked \(s.policy.allowUnranked) stability \(s.policy.stability) ranking \(s.policy.baseRanking)\n"
    return text
}

func describe(_ a: AllianceAssignment, _ s: Scenario) -> String {
    a.enumerated().map { "\(s.students[$0.offset].id)→\($0.element.map { "\(s.bases[$0.base].id)/\(s.terms[$0.term].id)" } ?? "-")" }.joined(
        separator: " ")
}
