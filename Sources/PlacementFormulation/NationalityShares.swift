import PlacementDomain
import PlacementModel

/// At most max(1, ⌊share × seats⌋) interns of one nationality per base and term. Rows that cannot
/// bind (fewer eligible candidates of that nationality than the limit) are left out. The rows nest
/// inside the capacity rows, so the matrix stays a network matrix.
public struct NationalityShares: RuleFamily {
    public init() {}
    public var id: RuleFamilyID { .nationalityShare }

    public func apply(to f: inout Formulation) {
        for key in f.candidatesByBaseTerm.keys.sorted() {
            let base = f.scenario.bases[Int(key.base)]
            let term = f.scenario.terms[Int(key.term)]
            guard let limit = base.nationalityLimit(in: term.id) else { continue }
            var byNationality: [String: [Int]] = [:]
            for k in f.candidatesByBaseTerm[key]! {
                byNationality[f.scenario.students[Int(f.candidates.candidates[k].student)].nationality, default: []].append(k)
            }
            for nationality in byNationality.keys.sorted() where byNationality[nationality]!.count > limit {
                f.model.addConstraint(
                    .init(
                        name: "nat[\(base.id),\(term.id),\(nationality)]",
                        terms: byNationality[nationality]!.map { .init($0, 1) }, upper: Double(limit),
                        family: id.diagnosis,
                        meaning: "base \(base.id) may take at most \(limit) interns of nationality \(nationality) in \(term.id)"))
            }
        }
    }
}
