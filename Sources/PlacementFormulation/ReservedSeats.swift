import PlacementDomain
import PlacementModel

/// Seats an agreement reserves at a base for a partner university.
///
/// - exclusive: only that university's students may fill them — others take at most
///   seats − reserved: Σ_{s ∉ U} x[s,b,t] ≤ seats − K.
/// - priority: they go to that university's eligible applicants first and are released when not
///   taken — for every applicant s of U who ranked b, either she has a placement at least as good
///   as b, or U's students hold at least min(K, seats) seats at (b,t):
///   Σ_{s' ∈ U} x[s',b,t] + K·Σ_{k ∈ cand(s), rank(k) ≤ rank(b)} x[k] ≥ K.
public struct ReservedSeats: RuleFamily {
    public init() {}
    public var id: RuleFamilyID { .reservedSeats }

    public func apply(to f: inout Formulation) {
        let s = f.scenario
        for r in s.rules.reservations {
            guard let bi = s.baseIndexByID[r.base] else { continue }
            let base = s.bases[bi]
            for (ti, term) in s.terms.enumerated() where r.terms.isEmpty || r.terms.contains(term.id) {
                let key = Formulation.BaseTerm(base: Int32(bi), term: Int32(ti))
                let seats = base.capacity(in: term.id)
                let reserved = min(r.seats, seats)
                guard reserved > 0, let members = f.candidatesByBaseTerm[key] else { continue }
                let ours = members.filter { s.students[Int(f.candidates.candidates[$0].student)].university == r.university }
                switch r.mode {
                case .exclusive where f.scheduling != nil:
                    // Scheduled: in every week, others hold at most that week's seats − reserved.
                    let calendar = f.scheduling!.calendar
                    let others = members.filter { s.students[Int(f.candidates.candidates[$0].student)].university != r.university }
                    for w in calendar.weeksByTerm[ti] {
                        let covering = others.filter { f.candidates.candidates[$0].covers(week: w) }
                        let free = max(0, calendar.seats[bi][w] - r.seats)
                        guard covering.count > free else { continue }
                        let label = "\(term.id)/w\(calendar.weeks[w].numberInTerm)"
                        f.model.addConstraint(
                            .init(
                                name: "resx[\(base.id),\(label),\(r.university)]", terms: covering.map { .init($0, 1) },
                                upper: Double(free), family: id.diagnosis,
                                meaning: "\(r.seats) seats at \(base.id) in week \(label) are reserved for \(r.university) only"))
                    }
                case .exclusive:
                    let others = members.filter { s.students[Int(f.candidates.candidates[$0].student)].university != r.university }
                    guard others.count > seats - reserved else { continue }
                    f.model.addConstraint(
                        .init(
                            name: "resx[\(base.id),\(term.id),\(r.university)]", terms: others.map { .init($0, 1) },
                            upper: Double(seats - reserved), family: id.diagnosis,
                            meaning: "\(reserved) seats at \(base.id) in \(term.id) are reserved for \(r.university) only"))
                case .priority:
                    // Only applicants who ranked the base claim its reserved seats.
                    for k in ours where f.candidates.candidates[k].rank != 0 {
                        let c = f.candidates.candidates[k]
                        let rank = c.rank == 0 ? Int16.max : c.rank
                        let asGood = f.candidates.studentRanges[Int(c.student)].filter {
                            let other = f.candidates.candidates[$0]
                            return (other.rank == 0 ? Int16.max : other.rank) <= rank
                        }
                        let terms = LinearModel.merged(ours.map { LinearModel.Term($0, 1) } + asGood.map { LinearModel.Term($0, Double(reserved)) })
                        f.model.addConstraint(
                            .init(
                                name: "resp[\(base.id),\(term.id),\(s.students[Int(c.student)].id)]", terms: terms,
                                lower: Double(reserved), family: id.diagnosis,
                                meaning:
                                    "\(r.university) has priority on \(reserved) seats at \(base.id) in \(term.id); its applicant \(s.students[Int(c.student)].id) must get them or something at least as good"
                            ))
                    }
                }
            }
        }
        f.model.isNetworkStructured = false
    }
}
