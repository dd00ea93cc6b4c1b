import PlacementDomain
import PlacementModel

/// Each student gets at most one placement (over all bases and terms): Σ x[s,·,·] ≤ 1.
public struct OnePlacementPerStudent: RuleFamily {
    public init() {}
    public var id: RuleFamilyID { .onePlacement }

    public func apply(to f: inout Formulation) {
        for (s, range) in f.candidates.studentRanges.enumerated() where !range.isEmpty {
            let terms = range.map { LinearModel.Term($0, 1) }
            f.model.addConstraint(.init(name: "one[\(f.scenario.students[s].id)]", terms: terms, upper: 1))
        }
    }
}

/// No base takes more interns in a term than its seats: Σ x[·,b,t] ≤ capacity(b, t).
public struct BaseTermCapacity: RuleFamily {
    public init() {}
    public var id: RuleFamilyID { .capacity }

    public func apply(to f: inout Formulation) {
        for key in f.candidatesByBaseTerm.keys.sorted() {
            let base = f.scenario.bases[Int(key.base)]
            let term = f.scenario.terms[Int(key.term)]
            let seats = base.capacity(in: term.id)
            let members = f.candidatesByBaseTerm[key]!
            // A row that cannot bind (fewer candidates than seats) is still added: its dual is the
            // marginal value of a seat, which capacity advice reads.
            let row = f.model.addConstraint(
                .init(
                    name: "cap[\(base.id),\(term.id)]",
                    terms: members.map { LinearModel.Term($0, 1) }, upper: Double(seats)))
            f.capacityRows[key] = row
        }
    }
}
