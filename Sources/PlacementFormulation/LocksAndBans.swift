import PlacementDomain
import PlacementModel

/// Pre-assignments that must hold: Σ x[s,b,(t)] = 1 over the student's candidates at that base
/// (and term). A lock on a placement the rules do not allow makes the scenario infeasible, and the
/// diagnosis names it.
public struct Locks: RuleFamily {
    public init() {}
    public var id: RuleFamilyID { .locks }

    public func apply(to f: inout Formulation) {
        let s = f.scenario
        for lock in s.rules.locks {
            guard let si = s.studentIndexByID[lock.student], let bi = s.baseIndexByID[lock.base] else { continue }
            let termIndex = lock.term.flatMap { s.termIndexByID[$0] }
            let ks = f.candidates(student: si, base: Int32(bi)).filter { termIndex == nil || Int(f.candidates.candidates[$0].term) == termIndex }
            var why = ""
            if ks.isEmpty {
                let reasons = EligibilityRules(scenario: s).exclusions(student: s.students[si], base: s.bases[bi])
                why =
                    reasons.isEmpty
                    ? " (no seat in that term, or she is not available then)" : " (\(reasons.map(\.description).joined(separator: "; ")))"
            }
            f.model.addConstraint(
                .init(
                    name: "lock[\(lock.student),\(lock.base)]", terms: ks.map { .init($0, 1) }, lower: 1, upper: 1,
                    family: id.diagnosis,
                    meaning:
                        "\(lock.student) is locked to \(lock.base)\(lock.term.map { " in \($0)" } ?? "")\(ks.isEmpty ? " but the rules do not allow that placement" + why : "")"
                ))
        }
    }
}

/// Forbidden student–base pairs: their placement variables are fixed at 0.
public struct Bans: RuleFamily {
    public init() {}
    public var id: RuleFamilyID { .bans }

    public func apply(to f: inout Formulation) {
        let s = f.scenario
        for ban in s.rules.bans {
            guard let si = s.studentIndexByID[ban.student], let bi = s.baseIndexByID[ban.base] else { continue }
            for k in f.candidates(student: si, base: Int32(bi)) { f.model.setBounds(of: k, lower: 0, upper: 0) }
        }
    }
}
