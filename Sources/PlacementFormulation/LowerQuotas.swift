import PlacementDomain
import PlacementModel

/// A base with a minimum takes either no intern in a term or at least that many:
/// m·y ≤ Σ x[·,b,t] ≤ seats·y with y ∈ {0,1} ("base used in term t").
public struct LowerQuotas: RuleFamily {
    public init() {}
    public var id: RuleFamilyID { .minInterns }

    public func apply(to f: inout Formulation) {
        for key in f.candidatesByBaseTerm.keys.sorted() {
            let base = f.scenario.bases[Int(key.base)]
            guard base.minInterns > 0 else { continue }
            let term = f.scenario.terms[Int(key.term)]
            let members = f.candidatesByBaseTerm[key]!
            // Scheduled: seats are per week, so the term can hold more interns; the weekly rows bound them.
            let seats = f.scheduling == nil ? base.capacity(in: term.id) : members.count
            let y = f.model.addVariable(.init(name: "used[\(base.id),\(term.id)]", lower: 0, upper: 1, isInteger: true))
            f.usedColumns[key] = y
            let sum = members.map { LinearModel.Term($0, 1) }
            f.model.addConstraint(
                .init(
                    name: "min[\(base.id),\(term.id)]", terms: sum + [.init(y, -Double(base.minInterns))], lower: 0,
                    family: id.diagnosis,
                    meaning:
                        "base \(base.id) needs at least \(base.minInterns) interns in \(term.id) if it is used (\(members.count) eligible candidates)"
                ))
            f.model.addConstraint(.init(name: "use[\(base.id),\(term.id)]", terms: sum + [.init(y, -Double(seats))], upper: 0))
        }
        f.model.isNetworkStructured = false
        // The `used` decisions are the hard part: branch-and-bound first searches over them with
        // the placements continuous (alliance-rules with rank_maximal: 6.9-7.7 -> 4.4-5.2 s; docs/benchmarks.md).
        // Not for schedules, whose searches dive (measured on the alliance models only).
        if f.scheduling == nil, !f.usedColumns.isEmpty {
            for k in f.candidates.candidates.indices { f.model.relaxFirst(k) }
        }
    }
}
