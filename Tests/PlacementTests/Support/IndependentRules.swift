import Foundation
import PlacementDomain
import PlacementEngine

/// The placement rules recomputed from their written definitions, independently of
/// EligibilityRules and CandidateSet.
struct IndependentRules {
    let scenario: Scenario

    static func haversineKilometres(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        let r = 6371.0088
        let φ1 = lat1 * .pi / 180, φ2 = lat2 * .pi / 180
        let Δφ = (lat2 - lat1) * .pi / 180, Δλ = (lon2 - lon1) * .pi / 180
        let h = pow(sin(Δφ / 2), 2) + cos(φ1) * cos(φ2) * pow(sin(Δλ / 2), 2)
        return 2 * r * atan2(h.squareRoot(), (1 - h).squareRoot())
    }

    func kilometres(student: Student, base: Base) -> Double? {
        guard let home = scenario.universities.first(where: { $0.id == student.university })?.location,
            let there = base.location
        else { return nil }
        return Self.haversineKilometres(home.latitude, home.longitude, there.latitude, there.longitude)
    }

    /// nil: may not be placed there that term. Otherwise the rank (nil = unranked placement).
    enum Verdict: Equatable { case forbidden, allowed(rank: Int?) }

    func verdict(student s: Student, base b: Base, term: String) -> Verdict {
        let fieldOK = b.fields.isEmpty || b.fields.contains(s.field)
        var languageOK = b.languageRequirement.isEmpty
        for requirement in b.languageRequirement {
            if let has = s.languages[requirement.language], has.value >= requirement.minimum.value { languageOK = true }
        }
        let availableOK = s.availableTerms.isEmpty || s.availableTerms.contains(term)
        let notExcluded = !s.excludedCountries.contains(b.country)
        let programmeOK = scenario.policy.allowedCountries.map { $0.contains(b.country) } ?? true
        var distanceOK = true
        if let maximum = scenario.policy.maxTravelKilometres, let km = kilometres(student: s, base: b) {
            distanceOK = km <= maximum
        }
        let seatsOK = (b.capacity[term] ?? 0) > 0
        guard fieldOK, languageOK, availableOK, notExcluded, programmeOK, distanceOK, seatsOK else { return .forbidden }
        if let position = s.preferences.firstIndex(of: b.id) { return .allowed(rank: position + 1) }
        return scenario.policy.allowUnranked ? .allowed(rank: nil) : .forbidden
    }

    /// Rank cost (or the unranked cost) plus travel cost rounded to cents.
    func cost(student s: Student, base b: Base, rank: Int?) -> Double {
        let policy = scenario.policy
        var cost: Double
        if let rank {
            switch policy.rankCost {
            case .linear: cost = Double(rank)
            case .squared: cost = Double(rank) * Double(rank)
            case let .table(table): cost = table[min(rank, table.count) - 1]
            }
        } else {
            cost = policy.unrankedCost
        }
        if policy.travelCostPerKilometre > 0, let km = kilometres(student: s, base: b) {
            cost += (policy.travelCostPerKilometre * km * 100).rounded() / 100
        }
        return cost
    }

    /// Every allowed (base index, term index, cost) for a student.
    func options(student s: Student) -> [(base: Int, term: Int, cost: Double)] {
        var result: [(Int, Int, Double)] = []
        for (bi, b) in scenario.bases.enumerated() {
            for (ti, t) in scenario.terms.enumerated() {
                if case let .allowed(rank) = verdict(student: s, base: b, term: t.id) {
                    result.append((bi, ti, cost(student: s, base: b, rank: rank)))
                }
            }
        }
        return result
    }

    /// Checks an outcome against every rule; returns the violations (empty when all hold).
    func violations(of outcome: PlacementOutcome) -> [String] {
        var problems: [String] = []
        guard outcome.placements.count == scenario.students.count else {
            return ["\(outcome.placements.count) placement slots for \(scenario.students.count) students"]
        }
        var used: [String: Int] = [:]
        for (i, placement) in outcome.placements.enumerated() {
            let s = scenario.students[i]
            guard let p = placement else {
                if outcome.unplacedReasons[i] == nil { problems.append("\(s.id) unplaced without a reason") }
                continue
            }
            if p.student != i { problems.append("\(s.id): placement records student \(p.student)") }
            guard scenario.bases.indices.contains(p.base), scenario.terms.indices.contains(p.term) else {
                problems.append("\(s.id): base \(p.base) / term \(p.term) out of range"); continue
            }
            let b = scenario.bases[p.base], t = scenario.terms[p.term].id
            if outcome.unplacedReasons[i] != nil { problems.append("\(s.id) is placed and also has an unplaced reason") }
            switch verdict(student: s, base: b, term: t) {
            case .forbidden:
                // Tolerate only a distance within a micrometre of the maximum (floating-point order of operations).
                if let maximum = scenario.policy.maxTravelKilometres, let km = kilometres(student: s, base: b), abs(km - maximum) < 1e-6 { break }
                problems.append("\(s.id) placed at \(b.id) in \(t), which the rules forbid")
            case let .allowed(rank):
                if p.rank != rank { problems.append("\(s.id) at \(b.id): rank \(String(describing: p.rank)), expected \(String(describing: rank))") }
                let expectedCost = cost(student: s, base: b, rank: rank)
                if abs(p.cost - expectedCost) > 1e-9 { problems.append("\(s.id) at \(b.id): cost \(p.cost), expected \(expectedCost)") }
            }
            used["\(b.id)/\(t)", default: 0] += 1
        }
        for b in scenario.bases {
            for t in scenario.terms where used["\(b.id)/\(t.id)", default: 0] > (b.capacity[t.id] ?? 0) {
                problems.append("\(b.id)/\(t.id) holds \(used["\(b.id)/\(t.id)"]!) interns for \(b.capacity[t.id] ?? 0) seats")
            }
        }
        return problems
    }
}
