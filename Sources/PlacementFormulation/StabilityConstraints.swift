import PlacementDomain
import PlacementModel

/// `stability: required` with other rules: for every candidate (s, h) either she gets something
/// at least as good as h, or h is full of students it likes at least as much as her:
/// seats_h · Σ_{j ⪰_s h} x_j + Σ_{s' ≠ s, s' ⪰_h s} x[s', h] ≥ seats_h.
public struct StabilityConstraints: RuleFamily {
    public init() {}
    public var id: RuleFamilyID { .stability }

    public func apply(to f: inout Formulation) {
        let keys = BaseSideKeys(f)
        let cands = f.candidates.candidates
        for (s, range) in f.candidates.studentRanges.enumerated() {
            for k in range {
                let c = cands[k]
                let key = Formulation.BaseTerm(base: c.base, term: c.term)
                let seats = Double(f.scenario.bases[Int(c.base)].capacity(in: f.scenario.terms[Int(c.term)].id))
                var terms = (range.lowerBound...k).map { LinearModel.Term($0, seats) }
                for other in f.candidatesByBaseTerm[key]! where other != k && !keys.strictlyBetter(k, other) {
                    terms.append(.init(other, 1))
                }
                f.model.addConstraint(
                    .init(
                        name: "stable[\(f.scenario.students[s].id),\(f.scenario.bases[Int(c.base)].id),\(f.scenario.terms[Int(c.term)].id)]",
                        terms: terms, lower: seats, family: id.diagnosis,
                        meaning:
                            "\(f.scenario.students[s].id) and \(f.scenario.bases[Int(c.base)].id)/\(f.scenario.terms[Int(c.term)].id) must not form a blocking pair"
                    ))
            }
        }
        f.model.isNetworkStructured = false
    }
}
