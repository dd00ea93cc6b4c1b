/// Which side rule keeps a student out of a base and term that still has free seats, given who
/// is placed there: the nationality share is reached, the free seats are reserved for other
/// universities, or the base takes a minimum of interns and is not used that term. Explanations
/// name it with its amounts instead of calling the base "full".
public struct SideRuleBinding: Sendable {
    /// Interns placed at the base and term, by nationality and by university.
    public let nationalities: [String: Int]
    public let universities: [String: Int]
    public let placed: Int

    public init(nationalities: [String: Int], universities: [String: Int], placed: Int) {
        self.nationalities = nationalities
        self.universities = universities
        self.placed = placed
    }

    /// The binding rule in words, or nil when none of these rules binds.
    public func reason(student: Student, base: Base, term: String, rules: AllianceRules) -> String? {
        if let limit = base.nationalityLimit(in: term), (nationalities[student.nationality] ?? 0) >= limit {
            return
                "\(RuleFamilyID.nationalityShare.diagnosis ?? "nationality share"): \(base.id) takes at most \(limit) interns of nationality \(student.nationality) in \(term), and \(limit) are placed"
        }
        let free = base.capacity(in: term) - placed
        var reservedForOthers = 0, holders: [String] = []
        for r in rules.reservations
        where r.mode == .exclusive && r.base == base.id && r.university != student.university
            && (r.terms.isEmpty || r.terms.contains(term))
        {
            let unused = max(0, r.seats - (universities[r.university] ?? 0))
            if unused > 0 { reservedForOthers += unused; holders.append("\(unused) for \(r.university)") }
        }
        if free > 0 && free <= reservedForOthers {
            return
                "\(RuleFamilyID.reservedSeats.diagnosis ?? "reserved seats"): the \(free) free seat(s) of \(base.id) in \(term) are reserved (\(holders.joined(separator: ", ")))"
        }
        if base.minInterns > 1 && placed == 0 {
            return
                "\(RuleFamilyID.minInterns.diagnosis ?? "minimum interns"): \(base.id) takes either no intern or at least \(base.minInterns) in \(term), and is not used then"
        }
        return nil
    }
}
