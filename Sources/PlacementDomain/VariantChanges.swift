/// What a variant changes in its base scenario (capacities, bases added or removed, language
/// requirements, policy and rules), so a dozen what-ifs don't copy the rosters.
public struct VariantChanges: Sendable {
    public struct Capacity: Sendable {
        public let base: String
        /// nil = every term
        public let term: String?
        /// Set the seats to this number…
        public let seats: Int?
        /// …or add this many (may be negative; never below 0).
        public let add: Int?
        public init(base: String, term: String?, seats: Int?, add: Int?) {
            self.base = base
            self.term = term
            self.seats = seats
            self.add = add
        }
    }

    public var capacities: [Capacity] = []
    public var removeBases: [String] = []
    public var addBases: [Base] = []
    /// Base id → its new any-of language requirement.
    public var languageRequirements: [(base: String, requirement: [LanguageRequirement])] = []
    public var policy: Policy?
    public var rules: AllianceRules?

    public init() {}
}

extension Scenario {
    /// The scenario with a variant's changes applied, under the variant's name. Inputs: the base
    /// scenario's files plus the variant's own.
    public func applying(_ changes: VariantChanges, name: String, extraInputs: [InputFile]) -> Scenario {
        // A removed base keeps its place in students' rankings (their ranks are as they wrote
        // them) but offers no seats.
        var bases = self.bases.map { changes.removeBases.contains($0.id) ? $0.with(capacity: [:]) : $0 } + changes.addBases
        for change in changes.capacities {
            guard let i = bases.firstIndex(where: { $0.id == change.base }) else { continue }
            let b = bases[i]
            var capacity = b.capacity
            for term in terms.map(\.id) where change.term == nil || change.term == term {
                let current = capacity[term] ?? 0
                capacity[term] = max(0, change.seats ?? (current + (change.add ?? 0)))
            }
            bases[i] = b.with(capacity: capacity)
        }
        for (baseID, requirement) in changes.languageRequirements {
            guard let i = bases.firstIndex(where: { $0.id == baseID }) else { continue }
            bases[i] = bases[i].with(languageRequirement: requirement)
        }
        return Scenario(
            name: name, terms: terms, universities: universities, students: students, bases: bases,
            policy: changes.policy ?? policy, rules: changes.rules ?? rules, schedule: schedule, inputs: inputs + extraInputs)
    }
}

extension Base {
    public func with(capacity: [String: Int]? = nil, languageRequirement: [LanguageRequirement]? = nil) -> Base {
        Base(
            id: id, name: name, kind: kind, country: country, city: city, location: location, fields: fields,
            languageRequirement: languageRequirement ?? self.languageRequirement, capacity: capacity ?? self.capacity,
            minInterns: minInterns, maxNationalityShare: maxNationalityShare, origin: origin)
    }
}

extension Scenario {
    /// The scenario with one more seat at a base (index) in a term (index), for capacity advice.
    public func addingSeat(base: Int, term: Int) -> Scenario {
        let termID = terms[term].id
        var bases = self.bases
        var capacity = bases[base].capacity
        capacity[termID] = bases[base].capacity(in: termID) + 1
        bases[base] = bases[base].with(capacity: capacity)
        return replacing(bases: bases)
    }
}
