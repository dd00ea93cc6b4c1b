import PlacementDomain

extension RuleFamilyID {
    /// The family's formulation type (a new case does not compile without one).
    public var rule: any RuleFamily {
        switch self {
        case .onePlacement: OnePlacementPerStudent()
        case .capacity: BaseTermCapacity()
        case .weeklyCapacity: WeeklyCapacity()
        case .rotations: Rotations()
        case .mentors: Mentoring()
        case .bans: Bans()
        case .locks: Locks()
        case .minInterns: LowerQuotas()
        case .nationalityShare: NationalityShares()
        case .reservedSeats: ReservedSeats()
        case .groups: Groups()
        case .apart: ApartPairs()
        case .exchange: CrossBorderExchange()
        case .stability: StabilityConstraints()
        }
    }

    /// True when the scenario turns the family on. Capacity is per base and term without a
    /// schedule; with one, per week, with rotations and mentors.
    public func isOn(in scenario: Scenario) -> Bool {
        let r = scenario.rules
        switch self {
        case .onePlacement: return true
        case .capacity: return scenario.schedule == nil
        case .weeklyCapacity, .rotations, .mentors: return scenario.schedule != nil
        case .bans: return !r.bans.isEmpty
        case .locks: return !r.locks.isEmpty
        case .minInterns: return scenario.bases.contains { $0.minInterns > 0 }
        case .nationalityShare: return scenario.bases.contains { $0.maxNationalityShare != nil }
        case .reservedSeats: return !r.reservations.isEmpty
        case .groups: return !r.groups.isEmpty
        case .apart: return !r.apart.isEmpty
        case .exchange: return r.minAbroadShare != nil
        case .stability: return scenario.policy.stability == .required && !Formulation.hasOnlyCoreRules(scenario)
        }
    }
}

extension Formulation {
    /// The rule families a scenario turns on, in the order they are applied (the registry's order).
    public static func rules(for scenario: Scenario) -> [any RuleFamily] {
        RuleFamilyID.allCases.filter { $0.isOn(in: scenario) }.map(\.rule)
    }

    /// True when no rule beyond capacity and one placement per student is on: then a required
    /// stable matching is the student-optimal one, found by deferred acceptance.
    public static func hasOnlyCoreRules(_ scenario: Scenario) -> Bool {
        scenario.schedule == nil && scenario.rules.isEmpty && !scenario.bases.contains { $0.minInterns > 0 || $0.maxNationalityShare != nil }
    }

    /// Candidate indices of one student at one base (any term).
    func candidates(student s: Int, base b: Int32) -> [Int] {
        candidates.studentRanges[s].filter { candidates.candidates[$0].base == b }
    }
}
