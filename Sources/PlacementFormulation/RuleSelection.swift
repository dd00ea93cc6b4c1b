import PlacementDomain

extension Formulation {
    /// The rule families a scenario turns on, in the order they are applied.
    public static func rules(for scenario: Scenario) -> [any RuleFamily] {
        var rules: [any RuleFamily] = scenario.schedule == nil ? coreRules : scheduledCoreRules
        let r = scenario.rules
        if !r.bans.isEmpty { rules.append(Bans()) }
        if !r.locks.isEmpty { rules.append(Locks()) }
        if scenario.bases.contains(where: { $0.minInterns > 0 }) { rules.append(LowerQuotas()) }
        if scenario.bases.contains(where: { $0.maxNationalityShare != nil }) { rules.append(NationalityShares()) }
        if !r.reservations.isEmpty { rules.append(ReservedSeats()) }
        if !r.groups.isEmpty { rules.append(Groups()) }
        if !r.apart.isEmpty { rules.append(ApartPairs()) }
        if r.minAbroadShare != nil { rules.append(CrossBorderExchange()) }
        if scenario.policy.stability == .required && !hasOnlyCoreRules(scenario) { rules.append(StabilityConstraints()) }
        return rules
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
