import Foundation
import PlacementDomain
import PlacementEngine
import PlacementReports
import PlacementScenarioIO
import XCTest

// MARK: - Shared helpers for the alliance-rule tests (AllianceRules, Stability, Reallocation, InfeasibilityDiagnosis)
//
// Everything here is recomputed from the written definitions (AllianceRules.swift, Entities.swift,
// Policy.swift, ReservedSeats.swift's doc comment). Nothing reuses EligibilityRules, CandidateSet,
// Preferences or the formulation: eligibility comes from the independent `IndependentRules` of
// OptimalityTests.swift.

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

/// Random scenarios with alliance rules, built in code.
enum AllianceScenarioFactory {
    enum Family: String, CaseIterable {
        case lowerQuota, nationalityShare, reservedExclusive, reservedPriority, groupSameBaseAndTerm, groupSameCity
        case apart, locks, bans, crossBorder
    }

    struct Shape {
        var students: ClosedRange<Int>
        var bases: ClosedRange<Int>
        var capacity: ClosedRange<Int>
        var maxPreferences: Int
        var tiny: Bool
    }

    static let tiny = Shape(students: 3...6, bases: 2...3, capacity: 0...2, maxPreferences: 3, tiny: true)
    static let medium = Shape(students: 30...80, bases: 6...12, capacity: 0...6, maxPreferences: 5, tiny: false)

    /// (country, city) of bases; Hanoi appears twice so that several bases share a city.
    static let places: [(String, String)] = [("VN", "Hanoi"), ("TH", "Bangkok"), ("CN", "Nanning"), ("VN", "Hanoi"),
                                             ("CN", "Kunming"), ("LA", "Vientiane")]
    static let nationalities = ["CN", "VN", "TH", "LA"]
    static let origin = SourceLocation(file: "generated", line: nil)

    static let universities = [
        University(id: "U1", name: "Guangxi U", country: "CN", city: "Nanning", location: nil, origin: origin),
        University(id: "U2", name: "Hanoi U", country: "VN", city: "Hanoi", location: nil, origin: origin),
        University(id: "U3", name: "Chula", country: "TH", city: "Bangkok", location: nil, origin: origin),
    ]

    static func level(_ v: Int) -> LanguageLevel { LanguageLevel(value: v, written: String(v)) }

    struct Draft {
        var id: String
        var university: String
        var nationality: String
        var field: String
        var languages: [String: LanguageLevel]
        var grade: Double?
        var terms: [String]
        var preferences: [String]
    }

    static func student(_ d: Draft) -> Student {
        Student(id: d.id, name: d.id, university: d.university, nationality: d.nationality, field: d.field, languages: d.languages,
                gradeAverage: d.grade, availableTerms: d.terms, excludedCountries: [], preferences: d.preferences, origin: origin)
    }

    static func make(_ rng: inout DeterministicRNG, shape: Shape, families: Set<Family>, policy: Policy) -> Scenario {
        let terms = [Term(id: "T1", name: "Term 1"), Term(id: "T2", name: "Term 2")]
        let baseCount = rng.int(shape.bases)
        let placeChoices = shape.tiny ? Array(places.prefix(3)) : places
        var bases: [Base] = []
        for i in 0..<baseCount {
            let place = rng.pick(placeChoices)
            let fields: Set<String> = rng.chance(0.2) ? ["software"] : []
            let requirement = rng.chance(0.25) ? [LanguageRequirement(language: "en", minimum: level(rng.int(2...4)))] : []
            let capacity = ["T1": rng.int(shape.capacity), "T2": rng.int(shape.capacity)]
            let minInterns = families.contains(.lowerQuota) && rng.chance(0.7) ? rng.int(2...3) : 0
            let share: Double? = families.contains(.nationalityShare) && rng.chance(0.8) ? rng.pick([0.2, 0.34, 0.5, 0.67, 1.0]) : nil
            bases.append(Base(id: "B\(i + 1)", name: "Base \(i + 1)", kind: .aseanFirm, country: place.0, city: place.1, location: nil,
                              fields: fields, languageRequirement: requirement, capacity: capacity, minInterns: minInterns,
                              maxNationalityShare: share, origin: origin))
        }
        let baseIDs = bases.map(\.id)
        let studentCount = rng.int(shape.students)
        var drafts: [Draft] = (0..<studentCount).map { i in
            let u = rng.int(0...2)
            let home = universities[u].country
            return Draft(id: "S\(i + 1)", university: universities[u].id,
                         nationality: rng.chance(0.6) ? home : rng.pick(nationalities),
                         field: rng.chance(0.85) ? "software" : "logistics",
                         languages: rng.chance(0.85) ? ["en": level(rng.int(1...6))] : [:],
                         grade: rng.chance(0.9) ? rng.pick([2.0, 2.5, 3.0, 3.5]) : nil,
                         terms: rng.chance(0.25) ? [rng.pick(["T1", "T2"])] : [],
                         preferences: Array(rng.shuffled(baseIDs).prefix(rng.int(1...min(baseIDs.count, shape.maxPreferences)))))
        }
        var rules = AllianceRules()
        var used: Set<Int> = []
        func freshStudent() -> Int? {
            let free = (0..<studentCount).filter { !used.contains($0) }
            guard !free.isEmpty else { return nil }
            let s = rng.pick(free)
            used.insert(s)
            return s
        }
        for together in [AllianceRules.Group.Together.sameBaseAndTerm, .sameCity] {
            let family: Family = together == .sameBaseAndTerm ? .groupSameBaseAndTerm : .groupSameCity
            guard families.contains(family) else { continue }
            for g in 0..<(shape.tiny ? 1 : rng.int(1...3)) {
                let size = shape.tiny ? 2 : rng.int(2...3)
                var members: [Int] = []
                for _ in 0..<size { if let s = freshStudent() { members.append(s) } }
                guard members.count >= 2 else { continue }
                if rng.chance(0.7) {
                    // Members who want the same things, so that placing them together is possible.
                    for m in members.dropFirst() {
                        drafts[m].field = drafts[members[0]].field
                        drafts[m].terms = drafts[members[0]].terms
                        drafts[m].preferences = together == .sameCity ? rng.shuffled(drafts[members[0]].preferences) : drafts[members[0]].preferences
                    }
                }
                rules.groups.append(.init(id: "G\(together == .sameCity ? "C" : "B")\(g + 1)", students: members.map { drafts[$0].id },
                                          together: together, origin: origin))
            }
        }
        if families.contains(.apart) {
            for _ in 0..<(shape.tiny ? rng.int(1...2) : rng.int(4...10)) {
                let a = rng.int(0...(studentCount - 1)), b = rng.int(0...(studentCount - 1))
                guard a != b else { continue }
                if rng.chance(shape.tiny ? 0.6 : 0.8) { drafts[b].preferences = drafts[a].preferences; drafts[b].terms = drafts[a].terms }
                rules.apart.append(.init(first: drafts[a].id, second: drafts[b].id, origin: origin))
            }
        }
        let students = drafts.map(student)
        let plain = Scenario(name: "alliance", terms: terms, universities: universities, students: students, bases: bases,
                             policy: policy, inputs: [])
        let eligibility = IndependentRules(scenario: plain)
        if families.contains(.locks) {
            var lockedBases: Set<Int> = []
            for _ in 0..<(shape.tiny ? 1 : rng.int(1...3)) {
                guard let s = freshStudent() else { continue }
                let options = eligibility.options(student: students[s]).filter { !lockedBases.contains($0.base) }
                if options.isEmpty || (shape.tiny && rng.chance(0.15)) {
                    guard shape.tiny else { continue }
                    // Sometimes a lock that may be impossible: the brute force decides.
                    rules.locks.append(.init(student: students[s].id, base: rng.pick(baseIDs), term: rng.chance(0.5) ? "T1" : nil, origin: origin))
                    continue
                }
                let o = rng.pick(options)
                lockedBases.insert(o.base)
                rules.locks.append(.init(student: students[s].id, base: baseIDs[o.base], term: rng.chance(0.5) ? terms[o.term].id : nil, origin: origin))
            }
        }
        if families.contains(.bans) {
            for _ in 0..<(shape.tiny ? rng.int(1...2) : rng.int(2...6)) {
                let s = rng.int(0...(studentCount - 1))
                let base = students[s].preferences.isEmpty || rng.chance(0.15) ? rng.pick(baseIDs) : rng.pick(students[s].preferences)
                rules.bans.append(.init(student: students[s].id, base: base, origin: origin))
            }
        }
        let exclusive = families.contains(.reservedExclusive), priority = families.contains(.reservedPriority)
        if exclusive || priority {
            for _ in 0..<(shape.tiny ? 1 : rng.int(1...3)) {
                let mode: AllianceRules.Reservation.Mode = exclusive && priority ? rng.pick([.exclusive, .priority]) : (exclusive ? .exclusive : .priority)
                rules.reservations.append(.init(base: rng.pick(baseIDs), university: rng.pick(universities).id, seats: rng.int(1...(shape.tiny ? 2 : 3)),
                                                mode: mode, terms: rng.chance(0.3) ? ["T1"] : [], origin: origin))
            }
        }
        if families.contains(.crossBorder) {
            rules.minAbroadShare = rng.pick([0.34, 0.5, 0.75, 1.0])
        }
        return plain.replacing(rules: rules)
    }

    /// The same scenario with every alliance rule switched off (no rules, no minima, no shares).
    static func withoutAllianceRules(_ s: Scenario) -> Scenario {
        let bases = s.bases.map {
            Base(id: $0.id, name: $0.name, kind: $0.kind, country: $0.country, city: $0.city, location: $0.location, fields: $0.fields,
                 languageRequirement: $0.languageRequirement, capacity: $0.capacity, origin: $0.origin)
        }
        return s.replacing(bases: bases, rules: AllianceRules())
    }
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
                        result.append(Option(slot: AllianceSlot(base: bi, term: ti), rank: rank,
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
                        r.fail("reserved seats (exclusive): \(label(slot)) has \(members.count - ours) students from outside \(res.university); at most \(total - reserved)")
                    }
                case .priority:
                    guard ours < reserved else { continue }
                    // Every applicant of the university who ranked the base (and may be placed
                    // there that term) has a placement at least as good as that base.
                    for (i, st) in s.students.enumerated() where st.university == res.university {
                        guard let wanted = rank(student: i, base: bi),
                              case .allowed = eligibility.verdict(student: st, base: s.bases[bi], term: term.id) else { continue }
                        let got = a[i].map { rank(student: i, base: $0.base) ?? Int.max }
                        if got == nil || got! > wanted {
                            r.fail("reserved seats (priority): \(res.university) holds \(ours) of \(reserved) seats at \(label(slot)) while its applicant \(st.id) (rank \(wanted)) has \(a[i].map { label($0) } ?? "nothing")")
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
            let keys = Set(placed.map { p -> String in
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
            if !ok { r.fail("lock: \(lock.student) must be at \(lock.base)\(lock.term.map { "/\($0)" } ?? ""), has \(a[i].map { label($0) } ?? "nothing")") }
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
        text += "  \(st.id) \(st.university) \(st.nationality) \(st.field) en=\(st.languages["en"]?.value ?? 0) grade=\(st.gradeAverage.map { "\($0)" } ?? "-") terms=\(st.availableTerms) prefs=\(st.preferences)\n"
    }
    let r = s.rules
    if !r.reservations.isEmpty { text += "  reservations \(r.reservations.map { "\($0.base) \($0.university) \($0.seats) \($0.mode) \($0.terms)" })\n" }
    if !r.groups.isEmpty { text += "  groups \(r.groups.map { "\($0.id) \($0.students) \($0.together)" })\n" }
    if !r.apart.isEmpty { text += "  apart \(r.apart.map { "\($0.first)-\($0.second)" })\n" }
    if !r.locks.isEmpty { text += "  locks \(r.locks.map { "\($0.student)->\($0.base)/\($0.term ?? "*")" })\n" }
    if !r.bans.isEmpty { text += "  bans \(r.bans.map { "\($0.student)x\($0.base)" })\n" }
    if let share = r.minAbroadShare { text += "  min abroad share \(share)\n" }
    text += "  policy objectives \(s.policy.objectives.map(\.rawValue)) unranked \(s.policy.allowUnranked) stability \(s.policy.stability) ranking \(s.policy.baseRanking)\n"
    return text
}

func describe(_ a: AllianceAssignment, _ s: Scenario) -> String {
    a.enumerated().map { "\(s.students[$0.offset].id)→\($0.element.map { "\(s.bases[$0.base].id)/\(s.terms[$0.term].id)" } ?? "-")" }.joined(separator: " ")
}

// MARK: - Tests

/// Every alliance rule family and fairness objective: the rules hold in every output (checked from
/// their definitions), and on tiny instances the lexicographic optimum equals exhaustive search.
final class AllianceRulesTests: XCTestCase {
    typealias Family = AllianceScenarioFactory.Family

    static let solvers: [SolverChoice] = [.auto, .glpk]

    static func policy(_ rng: inout DeterministicRNG) -> Policy {
        var policy = Policy()
        if rng.chance(0.3) { policy.rankCost = .linear }
        return policy
    }

    // MARK: Property: every rule holds on 30–80-student scenarios

    func testEveryRuleFamilyHoldsInTheOutputOnMediumRandomScenarios() throws {
        let familySets: [(String, Set<Family>)] = Family.allCases.map { ($0.rawValue, [$0]) }
            + [("all", Set(Family.allCases)), ("all but locks", Set(Family.allCases).subtracting([.locks]))]
        for (index, (name, families)) in familySets.enumerated() {
            var binding = 0, solved = 0
            for seed in 0..<(name.hasPrefix("all") ? 6 : 3) {
                var rng = DeterministicRNG(seed: 0xA111_0000 &+ UInt64(index * 16 + seed))
                let scenario = AllianceScenarioFactory.make(&rng, shape: AllianceScenarioFactory.medium, families: families, policy: Self.policy(&rng))
                let checker = AllianceChecker(scenario)
                let label = "family \(name), seed \(seed): \(scenario.students.count) students, \(scenario.bases.count) bases"
                XCTAssertTrue((30...80).contains(scenario.students.count) && (6...12).contains(scenario.bases.count), label)
                var vectors: [[Double]] = []
                for solver in Self.solvers {
                    allianceTrace("solving \(label) \(solver)")
                    let outcome = try PlacementEngine().solve(scenario, options: .init(solver: solver))
                    if outcome.solver.status == .infeasible {
                        // Only combined rules (a lock against a quota, say) may conflict; then the diagnosis names rules.
                        XCTAssertTrue(name.hasPrefix("all"), "\(label), solver \(solver): infeasible\n\(describe(scenario))")
                        XCTAssertFalse(outcome.conflicts.isEmpty, label)
                        allianceTrace("infeasible: \(outcome.conflicts.map(\.description))\n\(describe(scenario))")
                        continue
                    }
                    XCTAssertEqual(outcome.solver.status, .optimal, "\(label), solver \(solver)")
                    XCTAssertEqual(checker.violations(outcome.allianceAssignment), [], "\(label), solver \(solver)")
                    XCTAssertGreaterThan(outcome.placedCount, 0, label)
                    vectors.append(checker.objectiveVector(outcome.allianceAssignment))
                    solved += 1
                }
                if vectors.count == 2 {
                    XCTAssertTrue(AllianceChecker.equalVectors(vectors[0], vectors[1]), "auto \(vectors[0]) vs glpk \(vectors[1]); \(label)")
                }
                // The rule matters: without it the optimum breaks it (on at least one seed).
                let free = try PlacementEngine().solve(AllianceScenarioFactory.withoutAllianceRules(scenario))
                if !checker.holds(free.allianceAssignment) { binding += 1 }
            }
            XCTAssertGreaterThan(binding, 0, "family \(name) never changes the optimum: the test could not fail")
            XCTAssertGreaterThan(solved, name.hasPrefix("all") ? 1 : 5, "family \(name): too few feasible instances")
        }
    }

    static let fairnessPolicies: [[Policy.Objective]] = [
        [.maxPlaced, .minWorstRank, .minCost],
        [.maxMinUniversityRate, .maxPlaced, .minCost],
        [.maxPlaced, .maxMinNationalityRate, .minCost],
        [.rankMaximal, .minCost],
        [.maxMinNationalityRate, .rankMaximal],
    ]

    /// Max-min rates on 30–80 students may not close their gap quickly (see the test below), so each
    /// solve gets 2 s: whatever the status, every rule holds and every reported stage value is the
    /// value of the placements, within its bound; when both solves are optimal they agree.
    func testFairnessObjectivesKeepEveryRuleOnMediumRandomScenarios() throws {
        for (index, objectives) in Self.fairnessPolicies.enumerated() {
            var rng = DeterministicRNG(seed: 0xFA15_0000 &+ UInt64(index))
            var policy = Self.policy(&rng)
            policy.objectives = objectives
            policy.timeLimitSeconds = 2
            let families: Set<Family> = index % 2 == 0 ? [] : [rng.pick([.nationalityShare, .bans, .apart, .crossBorder])]
            let scenario = AllianceScenarioFactory.make(&rng, shape: AllianceScenarioFactory.medium, families: families, policy: policy)
            let checker = AllianceChecker(scenario)
            let label = "objectives \(objectives.map(\.rawValue)), rules \(families.map(\.rawValue))"
            var vectors: [[Double]] = []
            for solver in Self.solvers {
                allianceTrace("solving \(label) \(solver)")
                let outcome = try PlacementEngine().solve(scenario, options: .init(solver: solver))
                allianceTrace("status \(outcome.solver.status) \(outcome.solver.stages.map { "\($0.name)=\($0.value) bound \($0.bound) \($0.status)" })")
                XCTAssertTrue(outcome.solver.status.hasPlacement, "\(label), \(solver): \(outcome.solver.status)")
                XCTAssertEqual(checker.violations(outcome.allianceAssignment), [], "\(label), \(solver)")
                let v = checker.objectiveVector(outcome.allianceAssignment)
                // Stage k's value is the k-th component of the vector (rank_maximal: one per rank).
                for (k, stage) in outcome.solver.stages.enumerated() where k < v.count {
                    let sign: Double = stage.sense == .maximize ? 1 : -1
                    XCTAssertEqual(sign * stage.value, v[k], accuracy: 1e-6, "stage \(stage.name), \(label), \(solver)")
                    XCTAssertGreaterThanOrEqual(sign * stage.bound, sign * stage.value - 1e-6, "bound of \(stage.name), \(label), \(solver)")
                }
                if outcome.solver.status == .optimal {
                    XCTAssertEqual(outcome.solver.stages.count, scenarioStageCount(scenario), "\(label), \(solver): stages \(outcome.solver.stages.map(\.name))")
                    vectors.append(v)
                }
            }
            if vectors.count == 2 {
                XCTAssertTrue(AllianceChecker.equalVectors(vectors[0], vectors[1]), "\(vectors[0]) vs \(vectors[1]); \(label)")
            }
        }
    }

    /// PRODUCT ISSUE (performance): the max-min-rate stage (a continuous z with n_g·z ≤ placed_g)
    /// does not prove optimality on this 30–80-student scenario within 10 s (GLPK stops with a gap:
    /// value 6/13 ≈ 0.4615, bound 17/35 ≈ 0.4857 after 20 s).
    func testMaxMinNationalityRateIsProvenOptimalOnASmallTermWithinTenSeconds() throws {
        var rng = DeterministicRNG(seed: 0xFA15_0000 &+ 2)
        var policy = Self.policy(&rng)
        policy.objectives = Self.fairnessPolicies[2]
        policy.timeLimitSeconds = 10
        let scenario = AllianceScenarioFactory.make(&rng, shape: AllianceScenarioFactory.medium, families: [], policy: policy)
        let outcome = try PlacementEngine().solve(scenario, options: .init(solver: .glpk))
        XCTAssertEqual(outcome.solver.status, .optimal,
                       "\(scenario.students.count) students, \(scenario.bases.count) bases: \(outcome.solver.stages.map { "\($0.name) = \($0.value), bound \($0.bound), \($0.status)" })")
        XCTAssertEqual(AllianceChecker(scenario).violations(outcome.allianceAssignment), [])
    }

    /// Stages the policy asks for: one per objective, one per rank for rank_maximal.
    func scenarioStageCount(_ s: Scenario) -> Int {
        let maxRank = AllianceChecker(s).options.flatMap { $0.compactMap(\.rank) }.max() ?? 0
        return s.policy.objectives.reduce(0) { $0 + ($1 == .rankMaximal ? max(1, maxRank) : 1) }
    }

    // MARK: Optimality against exhaustive enumeration

    /// Solves a tiny scenario with both solvers and compares with the brute force; returns whether
    /// the rules changed the optimum (so the instance could tell a missing rule apart).
    @discardableResult
    func assertMatchesBruteForce(_ scenario: Scenario, _ label: String, file: StaticString = #filePath, line: UInt = #line) throws -> Bool {
        let checker = AllianceChecker(scenario)
        let best = AllianceBruteForce(checker: checker).optimum()
        for solver in Self.solvers {
            allianceTrace("solving \(label) \(solver)\n\(describe(scenario))")
            let outcome = try PlacementEngine().solve(scenario, options: .init(solver: solver))
            let where_ = "\(label), solver \(solver)\n\(describe(scenario))"
            guard let best else {
                XCTAssertEqual(outcome.solver.status, .infeasible, "no assignment satisfies every rule; \(where_)", file: file, line: line)
                XCTAssertFalse(outcome.conflicts.isEmpty, where_, file: file, line: line)
                continue
            }
            XCTAssertEqual(outcome.solver.status, .optimal, where_, file: file, line: line)
            guard outcome.solver.status == .optimal else { continue }
            let got = outcome.allianceAssignment
            XCTAssertEqual(checker.violations(got), [], where_, file: file, line: line)
            let v = checker.objectiveVector(got)
            XCTAssertTrue(AllianceChecker.equalVectors(v, best.vector),
                          "engine \(v) [\(describe(got, scenario))] vs brute force \(best.vector) [\(describe(best.assignment, scenario))]; \(where_)",
                          file: file, line: line)
        }
        guard let best else { return true }
        let unconstrained = AllianceBruteForce(checker: AllianceChecker(AllianceScenarioFactory.withoutAllianceRules(scenario))).optimum()
        return !(unconstrained.map { AllianceChecker.equalVectors($0.vector, best.vector) } ?? false)
    }

    func testEachRuleFamilyReachesTheExhaustiveOptimumOnTinyInstances() throws {
        for (index, family) in Family.allCases.enumerated() {
            var binding = 0
            let instances = 10
            for instance in 0..<instances {
                var rng = DeterministicRNG(seed: 0x71A7_0000 &+ UInt64(index * 100 + instance))
                var policy = Self.policy(&rng)
                if family == .reservedPriority && rng.chance(0.3) { policy.allowUnranked = true; policy.unrankedCost = 20 }
                let scenario = AllianceScenarioFactory.make(&rng, shape: AllianceScenarioFactory.tiny, families: [family], policy: policy)
                if try assertMatchesBruteForce(scenario, "family \(family), instance \(instance)") { binding += 1 }
            }
            XCTAssertGreaterThan(binding, 0, "family \(family): the rules never changed the optimum of \(instances) instances")
        }
    }

    func testCombinedRulesReachTheExhaustiveOptimumOnTinyInstances() throws {
        for instance in 0..<12 {
            var rng = DeterministicRNG(seed: 0xC0B1_0000 &+ UInt64(instance))
            let families = Set(rng.subset(Family.allCases, p: 0.4))
            let scenario = AllianceScenarioFactory.make(&rng, shape: AllianceScenarioFactory.tiny, families: families, policy: Self.policy(&rng))
            try assertMatchesBruteForce(scenario, "families \(families.map(\.rawValue).sorted()), instance \(instance)")
        }
    }

    func testFairnessObjectivesReachTheExhaustiveOptimumOnTinyInstances() throws {
        for (index, objectives) in Self.fairnessPolicies.enumerated() {
            for instance in 0..<8 {
                var rng = DeterministicRNG(seed: 0xFA1E_0000 &+ UInt64(index * 100 + instance))
                var policy = Self.policy(&rng)
                policy.objectives = objectives
                if rng.chance(0.25) { policy.allowUnranked = true; policy.unrankedCost = 30 }
                let families: Set<Family> = instance % 3 == 2 ? [rng.pick(Family.allCases)] : []
                let scenario = AllianceScenarioFactory.make(&rng, shape: AllianceScenarioFactory.tiny, families: families, policy: policy)
                try assertMatchesBruteForce(scenario, "objectives \(objectives.map(\.rawValue)), rules \(families.map(\.rawValue)), instance \(instance)")
            }
        }
    }
}

// MARK: - Directed cases of the reserved-seat semantics

extension AllianceRulesTests {
    static func handScenario(students: [Student], bases: [Base], rules: AllianceRules, policy: Policy = Policy()) -> Scenario {
        Scenario(name: "hand", terms: [Term(id: "T1", name: "T1")], universities: AllianceScenarioFactory.universities,
                 students: students, bases: bases, policy: policy, rules: rules, inputs: [])
    }

    static func handStudent(_ id: String, _ university: String, _ prefs: [String]) -> Student {
        Student(id: id, name: id, university: university, nationality: "VN", field: "software", languages: [:], gradeAverage: 3,
                availableTerms: [], excludedCountries: [], preferences: prefs, origin: AllianceScenarioFactory.origin)
    }

    static func handBase(_ id: String, seats: Int) -> Base {
        Base(id: id, name: id, kind: .aseanFirm, country: "TH", city: "Bangkok", location: nil, fields: [], languageRequirement: [],
             capacity: ["T1": seats], origin: AllianceScenarioFactory.origin)
    }

    /// Exclusive seats stay empty rather than go to another university; priority seats are released.
    func testExclusiveSeatsStayEmptyAndPrioritySeatsAreReleased() throws {
        let students = [Self.handStudent("A", "U2", ["X"]), Self.handStudent("B", "U2", ["X"])]
        for mode in AllianceRules.Reservation.Mode.allCases {
            var rules = AllianceRules()
            rules.reservations = [.init(base: "X", university: "U1", seats: 1, mode: mode, terms: [], origin: AllianceScenarioFactory.origin)]
            let s = Self.handScenario(students: students, bases: [Self.handBase("X", seats: 2)], rules: rules)
            for solver in Self.solvers {
                let outcome = try PlacementEngine().solve(s, options: .init(solver: solver))
                XCTAssertEqual(outcome.solver.status, .optimal)
                XCTAssertEqual(outcome.placedCount, mode == .exclusive ? 1 : 2, "\(mode), \(solver)")
            }
        }
    }

    /// ReservedSeats.swift: the priority covers "every applicant s of U who ranked b". A student of U
    /// who did not rank X (placed there only as an unranked placement) is not such an applicant, so
    /// B (who ranked X first) may take the seat and A stays unplaced (cost 1 instead of 100).
    func testPriorityCoversOnlyApplicantsWhoRankedTheBase() throws {
        var rules = AllianceRules()
        rules.reservations = [.init(base: "X", university: "U1", seats: 1, mode: .priority, terms: [], origin: AllianceScenarioFactory.origin)]
        var policy = Policy()
        policy.allowUnranked = true
        policy.unrankedCost = 100
        let s = Self.handScenario(students: [Self.handStudent("A", "U1", []), Self.handStudent("B", "U2", ["X"])],
                                  bases: [Self.handBase("X", seats: 1)], rules: rules, policy: policy)
        let best = try XCTUnwrap(AllianceBruteForce(checker: AllianceChecker(s)).optimum())
        XCTAssertEqual(describe(best.assignment, s), "A→- B→X/T1")
        for solver in Self.solvers {
            let outcome = try PlacementEngine().solve(s, options: .init(solver: solver))
            XCTAssertEqual(describe(outcome.allianceAssignment, s), "A→- B→X/T1", "\(solver)")
        }
    }
}

// MARK: - Loading the rules section, the base columns and the stability settings

extension AllianceRulesTests {
    static let rulesYAML = """
    format_version: 1
    name: rules
    terms: [T1, T2]
    universities: universities.csv
    students: students.csv
    bases: bases.csv
    policy:
      stability: required
      base_ranking: { score: grade, university_priority: [U2, U1] }
    rules:
      reservations:
        - { base: B1, university: U1, seats: 2, mode: priority, terms: [T1] }
        - { base: B2, university: U2, seats: 1 }
      groups:
        - { id: G1, students: [S1, S2], together: same_city }
        - { id: G2, students: [S3, S4] }
      apart:
        - [S1, S3]
      locks:
        - { student: S5, base: B2, term: T2 }
        - { student: S6, base: B1 }
      bans:
        - { student: S1, base: B2 }
      exchange:
        min_abroad_share: 0.5

    """

    static let rulesFiles: [String: String] = [
        "universities.csv": "id,name,country\nU1,Uni One,CN\nU2,Uni Two,VN\n",
        "students.csv": "id,name,university,nationality,field,languages,preferences\n"
            + (1...6).map { "S\($0),Student \($0),U\($0 % 2 + 1),VN,software,en: B2,B1 > B2\n" }.joined(),
        "bases.csv": "id,name,kind,country,city,fields,languages,capacity:T1,capacity:T2,min_interns,max_nationality_share\n"
            + "B1,Base One,asean_firm,TH,Bangkok,software,en: B1,3,2,2,0.5\n"
            + "B2,Base Two,asean_firm,VN,Hanoi,software,en: B1,2,2,,\n",
    ]

    func load(yaml: String = AllianceRulesTests.rulesYAML, replacing edits: [(String, String)] = [], bases: String? = nil) throws -> (Scenario?, [Diagnostic]) {
        var text = yaml
        for (old, new) in edits {
            XCTAssertTrue(text.contains(old), "fixture lacks \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        var files = Self.rulesFiles
        files["scenario.yaml"] = text
        if let bases { files["bases.csv"] = bases }
        let folder = try TempScenarioFolder.write(files)
        defer { TempScenarioFolder.remove(folder) }
        return ScenarioLoader().check(path: folder.appendingPathComponent("scenario.yaml").path)
    }

    func testRulesSectionBaseColumnsAndStabilitySettingsLoadWithTheRightValues() throws {
        let (loaded, diagnostics) = try load()
        XCTAssertEqual(diagnostics.filter { $0.severity == .error }.map(\.description), [])
        let s = try XCTUnwrap(loaded)
        let r = s.rules
        XCTAssertEqual(r.reservations.map { "\($0.base) \($0.university) \($0.seats) \($0.mode.rawValue) \($0.terms)" },
                       ["B1 U1 2 priority [\"T1\"]", "B2 U2 1 exclusive []"])
        XCTAssertEqual(r.groups.map { "\($0.id) \($0.students) \($0.together.rawValue)" },
                       ["G1 [\"S1\", \"S2\"] same_city", "G2 [\"S3\", \"S4\"] same_base_and_term"])
        XCTAssertEqual(r.apart.map { "\($0.first)-\($0.second)" }, ["S1-S3"])
        XCTAssertEqual(r.locks.map { "\($0.student)->\($0.base)/\($0.term ?? "*")" }, ["S5->B2/T2", "S6->B1/*"])
        XCTAssertEqual(r.bans.map { "\($0.student)x\($0.base)" }, ["S1xB2"])
        XCTAssertEqual(r.minAbroadShare, 0.5)
        XCTAssertEqual(s.bases.map(\.minInterns), [2, 0])
        XCTAssertEqual(s.bases.map(\.maxNationalityShare), [0.5, nil])
        XCTAssertEqual(s.bases[0].nationalityLimit(in: "T1"), 1, "max(1, ⌊0.5 × 3⌋)")
        XCTAssertEqual(s.policy.stability, .required)
        XCTAssertEqual(s.policy.baseRanking.score, .grade)
        XCTAssertEqual(s.policy.baseRanking.universityPriority, ["U2", "U1"])
        // Defaults when the keys are absent.
        let (plain, _) = try load(replacing: [("  stability: required\n  base_ranking: { score: grade, university_priority: [U2, U1] }\n", "  rank_cost: squared\n")])
        XCTAssertEqual(plain?.policy.stability, .report)
        XCTAssertEqual(plain?.policy.baseRanking.score, .score)
        XCTAssertEqual(plain?.policy.baseRanking.universityPriority, [])
    }

    /// Asserts the scenario is refused with an error naming `field` (and the value, when given).
    func expectError(_ result: (Scenario?, [Diagnostic]), field: String, value: String? = nil, file: StaticString = #filePath, line: UInt = #line) {
        let errors = result.1.filter { $0.severity == .error }
        XCTAssertNil(result.0, "must not load", file: file, line: line)
        XCTAssertTrue(errors.contains { $0.field == field && (value == nil || $0.value == value) },
                      "no error for field \(field) value \(value ?? "-"); got:\n\(errors.map(\.description).joined(separator: "\n"))", file: file, line: line)
    }

    func testBadRuleValuesGiveDiagnosticsNamingTheField() throws {
        expectError(try load(replacing: [("  exchange:", "  quotas: []\n  exchange:")]), field: "rules.quotas")
        expectError(try load(replacing: [("seats: 2, mode: priority", "seats: 0, mode: priority")]), field: "rules.reservations.seats", value: "0")
        expectError(try load(replacing: [("mode: priority", "mode: first_come")]), field: "rules.reservations.mode", value: "first_come")
        expectError(try load(replacing: [("students: [S3, S4]", "students: [S3]")]), field: "rules.groups.students")
        expectError(try load(replacing: [("student: S6, base: B1", "student: S77, base: B1")]), field: "rules.locks.student", value: "S77")
        expectError(try load(replacing: [("students: [S3, S4]", "students: [S3, S1]")]), field: "rules.groups.students", value: "S1")
        expectError(try load(replacing: [("min_abroad_share: 0.5", "min_abroad_share: 1.5")]), field: "rules.exchange.min_abroad_share", value: "1.5")
        expectError(try load(replacing: [("together: same_city", "together: same_country")]), field: "rules.groups.together", value: "same_country")
        expectError(try load(replacing: [("stability: required", "stability: maybe")]), field: "policy.stability", value: "maybe")
        expectError(try load(replacing: [("score: grade", "score: charm")]), field: "policy.base_ranking.score", value: "charm")
        let header = "id,name,kind,country,city,fields,languages,capacity:T1,capacity:T2,min_interns,max_nationality_share\n"
        for share in ["0", "1.5", "-0.2"] {
            expectError(try load(bases: header + "B1,Base One,asean_firm,TH,Bangkok,software,en: B1,3,2,2,\(share)\nB2,Base Two,asean_firm,VN,Hanoi,software,en: B1,2,2,,\n"),
                        field: "max_nationality_share", value: share)
        }
        expectError(try load(bases: header + "B1,Base One,asean_firm,TH,Bangkok,software,en: B1,3,2,-1,0.5\nB2,Base Two,asean_firm,VN,Hanoi,software,en: B1,2,2,,\n"),
                    field: "min_interns", value: "-1")
    }
}
