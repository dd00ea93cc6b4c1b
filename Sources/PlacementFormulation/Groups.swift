import PlacementDomain
import PlacementModel

/// Students who must be placed together: all placed or none, and
/// - same_base_and_term: x[m1,b,t] = x[mi,b,t] for every (b,t) (0 where one of them is not eligible);
/// - same_city: Σ_{b in city} x[m1,b,t] = Σ_{b in city} x[mi,b,t] for every (city, t).
public struct Groups: RuleFamily {
    public init() {}
    public var id: RuleFamilyID { .groups }

    public func apply(to f: inout Formulation) {
        let s = f.scenario
        for group in s.rules.groups {
            let members = group.students.compactMap { s.studentIndexByID[$0] }
            guard members.count >= 2 else { continue }
            // Key of a candidate: (base, term) or (city, term).
            func key(_ k: Int) -> String {
                let c = f.candidates.candidates[k]
                let base = s.bases[Int(c.base)]
                switch group.together {
                case .sameBaseAndTerm: return "\(base.id)|\(c.term)"
                case .sameCity: return "\(base.country)/\(base.city)|\(c.term)"
                }
            }
            var byKey: [[String: [Int]]] = []
            var keys: Set<String> = []
            for m in members {
                var map: [String: [Int]] = [:]
                for k in f.candidates.studentRanges[m] { map[key(k), default: []].append(k) }
                keys.formUnion(map.keys)
                byKey.append(map)
            }
            let leader = s.students[members[0]].id
            for k in keys.sorted() {
                for i in 1..<members.count {
                    let lhs = (byKey[0][k] ?? []).map { LinearModel.Term($0, 1) }
                    let rhs = (byKey[i][k] ?? []).map { LinearModel.Term($0, -1) }
                    guard !(lhs.isEmpty && rhs.isEmpty) else { continue }
                    f.model.addConstraint(
                        .init(
                            name: "grp[\(group.id),\(s.students[members[i]].id),\(k)]", terms: lhs + rhs, lower: 0, upper: 0,
                            family: id.diagnosis,
                            meaning: "group \(group.id): \(s.students[members[i]].id) goes wherever \(leader) goes (\(group.together.rawValue))"))
                }
            }
        }
        f.model.isNetworkStructured = false
    }
}

/// Two students who must not be placed at the same base: Σ_t x[s1,b,t] + Σ_t x[s2,b,t] ≤ 1.
public struct ApartPairs: RuleFamily {
    public init() {}
    public var id: RuleFamilyID { .apart }

    public func apply(to f: inout Formulation) {
        let s = f.scenario
        for pair in s.rules.apart {
            guard let a = s.studentIndexByID[pair.first], let b = s.studentIndexByID[pair.second] else { continue }
            let basesA = Set(f.candidates.studentRanges[a].map { f.candidates.candidates[$0].base })
            for base in basesA.sorted() {
                let both = f.candidates(student: a, base: base) + f.candidates(student: b, base: base)
                guard f.candidates(student: b, base: base).count > 0 else { continue }
                f.model.addConstraint(
                    .init(
                        name: "apart[\(pair.first),\(pair.second),\(s.bases[Int(base)].id)]", terms: both.map { .init($0, 1) },
                        upper: 1, family: id.diagnosis,
                        meaning: "\(pair.first) and \(pair.second) must not both be placed at \(s.bases[Int(base)].id)"))
            }
        }
        f.model.isNetworkStructured = false
    }
}
