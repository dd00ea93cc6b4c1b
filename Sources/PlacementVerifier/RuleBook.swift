import Foundation
import PlacementDomain

/// The scenario's rules, recomputed from their definitions in docs/scenario-format.md and the doc
/// comments of the domain's rule types. Deliberately independent of the formulation and of the
/// domain's `EligibilityRules` and `Preferences`: an auditor must not have to trust them.
struct RuleBook {
    let scenario: Scenario
    let termIDs: [String]
    let termIndex: [String: Int]
    let baseIndex: [String: Int]
    let studentIndex: [String: Int]
    let universities: [String: University]
    /// Per student: base id → 1-based rank.
    let rankOf: [[String: Int]]
    /// Banned (student index, base index) pairs.
    let banned: Set<Pair>
    /// The scheduling rules, when the scenario has a schedule.
    let schedule: ScheduleBook?

    struct Pair: Hashable { let student: Int; let base: Int }

    init(scenario: Scenario) {
        self.scenario = scenario
        termIDs = scenario.terms.map(\.id)
        var ti: [String: Int] = [:]
        for (i, t) in scenario.terms.enumerated() where ti[t.id] == nil { ti[t.id] = i }
        termIndex = ti
        var bi: [String: Int] = [:]
        for (i, b) in scenario.bases.enumerated() where bi[b.id] == nil { bi[b.id] = i }
        baseIndex = bi
        var si: [String: Int] = [:]
        for (i, s) in scenario.students.enumerated() where si[s.id] == nil { si[s.id] = i }
        studentIndex = si
        var us: [String: University] = [:]
        for u in scenario.universities where us[u.id] == nil { us[u.id] = u }
        universities = us
        rankOf = scenario.students.map { s in
            var ranks: [String: Int] = [:]
            for (i, b) in s.preferences.enumerated() where ranks[b] == nil { ranks[b] = i + 1 }
            return ranks
        }
        var bans: Set<Pair> = []
        for ban in scenario.rules.bans {
            if let s = si[ban.student], let b = bi[ban.base] { bans.insert(Pair(student: s, base: b)) }
        }
        banned = bans
        schedule = scenario.schedule.map { ScheduleBook(scenario: scenario, schedule: $0) }
    }

    // MARK: Distances

    /// Great-circle distance in km by the haversine formula, R = 6371.0088 km (mean Earth radius).
    static func haversineKilometres(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        let radius = 6371.0088
        let rad = Double.pi / 180
        let phi1 = lat1 * rad, phi2 = lat2 * rad
        let dPhi = (lat2 - lat1) * rad, dLambda = (lon2 - lon1) * rad
        let h = pow(sin(dPhi / 2), 2) + cos(phi1) * cos(phi2) * pow(sin(dLambda / 2), 2)
        return 2 * radius * asin(Swift.min(1, h.squareRoot()))
    }

    /// Km from her home university to the base, when both have coordinates.
    func kilometres(student s: Int, base b: Int) -> Double? {
        let student = scenario.students[s], base = scenario.bases[b]
        guard let home = universities[student.university]?.location, let there = base.location else { return nil }
        return Self.haversineKilometres(home.latitude, home.longitude, there.latitude, there.longitude)
    }

    // MARK: Eligibility

    /// Seats of a base in a term (a term without a capacity is 0 seats).
    func seats(base b: Int, term t: Int) -> Int { scenario.bases[b].capacity[termIDs[t]] ?? 0 }

    /// Any-of language requirement on the common 1–6 scale: met when there is no requirement, or
    /// when for at least one listed language her level is at least the minimum.
    func meetsLanguage(student s: Int, base b: Int) -> Bool {
        let requirement = scenario.bases[b].languageRequirement
        if requirement.isEmpty { return true }
        let levels = scenario.students[s].languages
        for alternative in requirement {
            if let has = levels[alternative.language], has.value >= alternative.minimum.value { return true }
        }
        return false
    }

    /// Every placement rule (student, base, term) breaks, as (kind, words). Empty = allowed.
    func breaches(student s: Int, base b: Int, term t: Int) -> [(kind: String, text: String)] {
        let student = scenario.students[s], base = scenario.bases[b], term = termIDs[t]
        var out: [(String, String)] = []
        if !base.fields.isEmpty && !base.fields.contains(student.field) {
            out.append(
                ("ineligible_field", "field \(student.field) is not accepted (\(base.id) accepts \(base.fields.sorted().joined(separator: ", ")))"))
        }
        if !meetsLanguage(student: s, base: b) {
            let needs = base.languageRequirement.map { "\($0.language) \($0.minimum.written)" }.joined(separator: " or ")
            let has = student.languages.keys.sorted().map { "\($0) \(student.languages[$0]!.written)" }.joined(separator: ", ")
            out.append(
                ("ineligible_language", "no language requirement met (\(base.id) requires \(needs); she has \(has.isEmpty ? "none listed" : has))"))
        }
        if !student.availableTerms.isEmpty && !student.availableTerms.contains(term) {
            out.append(("unavailable_term", "she is not available in \(term) (available: \(student.availableTerms.joined(separator: ", ")))"))
        }
        // Scheduled scenarios have seats per week, checked week by week instead.
        if schedule == nil && seats(base: b, term: t) <= 0 {
            out.append(("no_seats_in_term", "\(base.id) has no seats in \(term)"))
        }
        if student.excludedCountries.contains(base.country) {
            out.append(("country_excluded", "she must not be sent to \(base.country)"))
        }
        if let allowed = scenario.policy.allowedCountries, !allowed.contains(base.country) {
            out.append(("country_not_allowed", "country \(base.country) is not allowed by the programme"))
        }
        if let maximum = scenario.policy.maxTravelKilometres, let km = kilometres(student: s, base: b), km > maximum {
            out.append(("too_far", "\(base.id) is \(String(format: "%.1f", km)) km from her university (maximum \(maximum) km)"))
        }
        if rankOf[s][base.id] == nil && !scenario.policy.allowUnranked {
            out.append(("unranked_not_allowed", "she did not rank \(base.id) and unranked placements are not allowed"))
        }
        if banned.contains(Pair(student: s, base: b)) {
            out.append((RuleCheckCode.bannedPair.rawValue, "the pair is banned by the rules"))
        }
        return out
    }

    func isAllowed(student s: Int, base b: Int, term t: Int) -> Bool { breaches(student: s, base: b, term: t).isEmpty }

    // MARK: Costs

    /// Cost of her r-th choice by the policy's rank_cost.
    func rankCost(_ rank: Int) -> Double {
        switch scenario.policy.rankCost {
        case .linear: return Double(rank)
        case .squared: return Double(rank) * Double(rank)
        case let .table(entries):
            guard !entries.isEmpty else { return 0 }
            return entries[Swift.min(rank, entries.count) - 1]
        }
    }

    /// Rank cost (or the unranked cost) of a placement, without travel.
    func rankPart(student s: Int, base b: Int) -> Double {
        if let r = rankOf[s][scenario.bases[b].id] { return rankCost(r) }
        return scenario.policy.unrankedCost
    }

    /// Travel cost: per km × distance, rounded to cents; 0 when a side has no coordinates.
    func travelPart(student s: Int, base b: Int) -> Double {
        let perKm = scenario.policy.travelCostPerKilometre
        guard perKm > 0, let km = kilometres(student: s, base: b) else { return 0 }
        return (perKm * km * 100).rounded(.toNearestOrAwayFromZero) / 100
    }

    func cost(student s: Int, base b: Int) -> Double { rankPart(student: s, base: b) + travelPart(student: s, base: b) }

    // MARK: Preferences (for stability)

    /// Her rank of a base; unranked bases come after every ranked one.
    func rankForPreference(student s: Int, base b: Int) -> Int { rankOf[s][scenario.bases[b].id] ?? Int.max }

    /// She strictly prefers (b1, t1) to (b2, t2): a better rank, or the same base in an earlier
    /// term. (Between two different bases she did not rank she has no stated preference.)
    func studentPrefers(student s: Int, _ b1: Int, _ t1: Int, over b2: Int, _ t2: Int) -> Bool {
        let r1 = rankForPreference(student: s, base: b1), r2 = rankForPreference(student: s, base: b2)
        if b1 == b2 { return t1 < t2 }
        if r1 == Int.max && r2 == Int.max { return false }
        return r1 < r2
    }

    /// The base's key for an applicant, per Policy.BaseRanking: listed universities first (in list
    /// order), then score descending; score = grade average (grade or score) + her best level among
    /// the base's required languages (language or score). Larger is better; equal keys are ties.
    func baseKey(base b: Int, student s: Int) -> (priority: Int, score: Double) {
        let ranking = scenario.policy.baseRanking
        let student = scenario.students[s]
        var priority = 0
        if let position = ranking.universityPriority.firstIndex(of: student.university) {
            priority = ranking.universityPriority.count - position
        }
        var score = 0.0
        let useGrade: Bool, useLanguage: Bool
        switch ranking.score {
        case .grade: (useGrade, useLanguage) = (true, false)
        case .language: (useGrade, useLanguage) = (false, true)
        case .score: (useGrade, useLanguage) = (true, true)
        }
        if useGrade { score += student.gradeAverage ?? 0 }
        if useLanguage {
            var best = 0
            for requirement in scenario.bases[b].languageRequirement {
                best = Swift.max(best, student.languages[requirement.language]?.value ?? 0)
            }
            score += Double(best)
        }
        return (priority, score)
    }

    /// The base strictly prefers applicant a to applicant c.
    func basePrefers(base b: Int, _ a: Int, over c: Int) -> Bool {
        let ka = baseKey(base: b, student: a), kc = baseKey(base: b, student: c)
        if ka.priority != kc.priority { return ka.priority > kc.priority }
        return ka.score > kc.score
    }
}
