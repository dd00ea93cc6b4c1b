import PlacementDomain
import PlacementModel

/// Each university places at least a share of its placed students outside its home country:
/// Σ_{s ∈ U, abroad} x − share · Σ_{s ∈ U} x ≥ 0.
public struct CrossBorderExchange: RuleFamily {
    public init() {}
    public var id: RuleFamilyID { .exchange }

    public func apply(to f: inout Formulation) {
        let s = f.scenario
        guard let share = s.rules.minAbroadShare, share > 0 else { return }
        var terms: [String: [LinearModel.Term]] = [:]
        for (k, c) in f.candidates.candidates.enumerated() {
            let student = s.students[Int(c.student)]
            let home = s.universityByID[student.university]?.country
            let abroad = s.bases[Int(c.base)].country != home
            terms[student.university, default: []].append(.init(k, (abroad ? 1 : 0) - share))
        }
        for university in terms.keys.sorted() {
            let row = terms[university]!.filter { $0.coefficient != 0 }
            guard !row.isEmpty else { continue }
            f.model.addConstraint(
                .init(
                    name: "abroad[\(university)]", terms: row, lower: 0, family: id.diagnosis,
                    meaning: "at least \(formatShare(share)) of \(university)'s placed students must be placed outside its home country"))
        }
        f.model.isNetworkStructured = false
    }

    func formatShare(_ x: Double) -> String { "\(Int((x * 100).rounded())) %" }
}
