/// Why a student may not be placed at a base (in any term). Each case reads as a sentence.
public enum Exclusion: Sendable, Hashable, CustomStringConvertible {
    case fieldNotAccepted(field: String, accepted: [String])
    case languageNotMet(required: [LanguageRequirement], has: [String: LanguageLevel])
    case countryExcludedForStudent(country: String)
    case countryNotInProgramme(country: String)
    case tooFar(kilometres: Double, maximum: Double)
    /// No term in which she is available and the base has seats.
    case noSeatsInHerTerms(terms: [String])
    /// Scheduling: the base's kind fits no part of her programme.
    case kindNotInProgramme(kind: BaseKind, programme: String)
    /// Scheduling: no start week fits her window, lead time, the base's closures and weekly seats.
    case noFeasibleStart(weeks: Int)
    /// Scheduling: no mentor of that kind (academic or industry) shares a language with her.
    case noCompatibleMentor(kind: String)
    /// Scheduling: no placement for the other part of her rotation fits with one here (order, gap, base, country).
    case noRotationPartner

    public var description: String {
        switch self {
        case let .fieldNotAccepted(field, accepted):
            return "field \(field) not accepted (accepts \(accepted.joined(separator: ", ")))"
        case let .languageNotMet(required, has):
            let hasText = has.isEmpty ? "none listed" : has.keys.sorted().map { "\($0) \(has[$0]!.written)" }.joined(separator: ", ")
            return "language: requires \(required.map(\.description).joined(separator: " or ")); they have \(hasText)"
        case let .countryExcludedForStudent(country):
            return "they may not be sent to \(country)"
        case let .countryNotInProgramme(country):
            return "country \(country) is not allowed by the programme"
        case let .tooFar(km, maximum):
            return "\(formatNumber(km.rounded())) km from their university (maximum \(formatNumber(maximum)) km)"
        case let .noSeatsInHerTerms(terms):
            return terms.isEmpty ? "no seats in any term" : "no seats in their terms (\(terms.joined(separator: ", ")))"
        case let .kindNotInProgramme(kind, programme):
            return "a \(kind.label) fits no part of their programme \(programme)"
        case let .noFeasibleStart(weeks):
            return "no start week gives \(weeks) working weeks within their dates, lead time, closures and weekly seats"
        case let .noCompatibleMentor(kind):
            return "no \(kind) mentor shares a language with them"
        case .noRotationPartner:
            return "no placement for the other part of their rotation fits with one here (order and gap, another base, another country if required)"
        }
    }

    /// A short machine-readable code for CSV and JSON.
    public var code: String {
        switch self {
        case .fieldNotAccepted: return "field"
        case .languageNotMet: return "language"
        case .countryExcludedForStudent: return "country_excluded"
        case .countryNotInProgramme: return "country_not_allowed"
        case .tooFar: return "distance"
        case .noSeatsInHerTerms: return "no_seats"
        case .kindNotInProgramme: return "kind_not_in_programme"
        case .noFeasibleStart: return "no_feasible_start"
        case .noCompatibleMentor: return "no_compatible_mentor"
        case .noRotationPartner: return "no_rotation_partner"
        }
    }
}

/// The placement rules that decide whether (student, base, term) is allowed at all.
///
/// A placement is allowed only if the base accepts her field, she meets at least one of its
/// language requirements, the base's country is neither excluded for her nor outside the
/// programme's allowed countries, it lies within the maximum travel distance from her home
/// university, and she is available in a term in which the base has seats.
public struct EligibilityRules: Sendable {
    public let scenario: Scenario
    /// The policy's limits, read once: these checks run for every pair a report explains.
    let allowedCountries: Set<String>?
    let maxTravelKilometres: Double?
    let termIDs: [String]

    public init(scenario: Scenario) {
        self.scenario = scenario
        allowedCountries = scenario.policy.allowedCountries
        maxTravelKilometres = scenario.policy.maxTravelKilometres
        termIDs = scenario.terms.map(\.id)
    }

    /// Every rule the pair breaks, ignoring terms (empty = allowed in principle).
    public func exclusions(student s: Student, base b: Base) -> [Exclusion] {
        var reasons: [Exclusion] = []
        if !acceptsField(s, b) {
            reasons.append(.fieldNotAccepted(field: s.field, accepted: b.sortedFields))
        }
        if !meetsLanguage(s, b) {
            reasons.append(.languageNotMet(required: b.languageRequirement, has: s.languages))
        }
        if s.excludedCountries.contains(b.country) {
            reasons.append(.countryExcludedForStudent(country: b.country))
        }
        if !programmeAllowsCountry(b) {
            reasons.append(.countryNotInProgramme(country: b.country))
        }
        if let maximum = maxTravelKilometres, let km = distanceKilometres(s, b), km > maximum {
            reasons.append(.tooFar(kilometres: km, maximum: maximum))
        }
        if eligibleTerms(student: s, base: b).isEmpty {
            let terms = s.availableTerms.isEmpty ? termIDs : s.availableTerms
            reasons.append(.noSeatsInHerTerms(terms: terms))
        }
        return reasons
    }

    /// True when `exclusions` lists nothing but perhaps `noSeatsInHerTerms`: the same checks,
    /// without building the list (the reports ask this of every preference a student did not get).
    public func allowsIgnoringTerms(student s: Student, base b: Base) -> Bool {
        guard acceptsField(s, b), meetsLanguage(s, b), !s.excludedCountries.contains(b.country), programmeAllowsCountry(b) else {
            return false
        }
        if let maximum = maxTravelKilometres, let km = distanceKilometres(s, b), km > maximum { return false }
        return true
    }

    public func acceptsField(_ s: Student, _ b: Base) -> Bool { b.fields.isEmpty || b.fields.contains(s.field) }

    public func programmeAllowsCountry(_ b: Base) -> Bool { allowedCountries?.contains(b.country) ?? true }

    /// Terms (scenario order) in which she is available and the base has at least one seat.
    public func eligibleTerms(student s: Student, base b: Base) -> [String] {
        termIDs.filter { s.isAvailable(in: $0) && b.capacity(in: $0) > 0 }
    }

    public func meetsLanguage(_ s: Student, _ b: Base) -> Bool {
        b.languageRequirement.isEmpty
            || b.languageRequirement.contains { req in
                (s.languages[req.language]?.value ?? 0) >= req.minimum.value
            }
    }

    /// Great-circle km from her home university to the base, when both have coordinates.
    public func distanceKilometres(_ s: Student, _ b: Base) -> Double? {
        guard let home = scenario.universityByID[s.university]?.location, let there = b.location else { return nil }
        return home.distanceKilometres(to: there)
    }

    /// Cost of placing her at a base: rank cost (or the unranked cost) plus travel cost.
    /// Travel cost is rounded to cents so costs are exact decimals in every report.
    public func cost(student s: Student, base b: Base, rank: Int?) -> Double {
        var cost = rank.map { scenario.policy.rankCost.cost(rank: $0) } ?? scenario.policy.unrankedCost
        if scenario.policy.travelCostPerKilometre > 0, let km = distanceKilometres(s, b) {
            cost += (scenario.policy.travelCostPerKilometre * km * 100).rounded() / 100
        }
        return cost
    }
}
