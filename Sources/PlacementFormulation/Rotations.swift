import PlacementDomain
import PlacementModel

/// Scheduling: a rotation student has both placements or neither, the second starting at least
/// the programme's gap after the first ends, at another base (and in another country if the
/// programme says so).
///
/// Order, without a row per conflicting pair: for each week w that some first part ends in,
///   Σ x1[end ≥ w] + Σ x2[start ≤ w + gap] ≤ 1.
/// A first part ending in e and a second starting at s ≤ e + gap meet in the row for w = e; two
/// columns in one row always conflict, so no allowed pair is cut off.
public struct Rotations: RuleFamily {
    public init() {}
    public var id: RuleFamilyID { .rotations }

    public func apply(to f: inout Formulation) {
        guard let scheduling = f.scheduling else { return }
        let scenario = f.scenario
        for (s, range) in scheduling.secondRanges.enumerated() where !range.isEmpty {
            let student = scenario.students[s]
            guard let programme = scheduling.rules.programme(of: student) else { continue }
            let firsts = f.candidates.studentRanges[s].map { (column: $0, candidate: f.candidates.candidates[$0]) }
            let seconds = range.map { (column: scheduling.secondColumnStart + $0, candidate: scheduling.secondParts[$0]) }
            f.model.addConstraint(
                .init(
                    name: "both[\(student.id)]",
                    terms: firsts.map { .init($0.column, 1) } + seconds.map { .init($0.column, -1) },
                    lower: 0, upper: 0))
            let ends = Set(firsts.map { Int($0.candidate.lastWeek) }).sorted()
            for w in ends {
                let terms =
                    firsts.filter { Int($0.candidate.lastWeek) >= w }.map { LinearModel.Term($0.column, 1) }
                    + seconds.filter { Int($0.candidate.firstWeek) <= w + programme.gapWeeks }.map { LinearModel.Term($0.column, 1) }
                guard terms.count > 1, seconds.contains(where: { Int($0.candidate.firstWeek) <= w + programme.gapWeeks }) else { continue }
                f.model.addConstraint(.init(name: "order[\(student.id),\(scheduling.weekLabel(w, scenario))]", terms: terms, upper: 1))
            }
            // Another base, and another country when asked: one row per base (country) used by both parts.
            var byPlace: [String: [LinearModel.Term]] = [:]
            var inFirst: Set<String> = [], inSecond: Set<String> = []
            for (column, c) in firsts + seconds {
                let base = scenario.bases[Int(c.base)]
                let key = programme.differentCountry ? "country:\(base.country)" : "base:\(base.id)"
                byPlace[key, default: []].append(.init(column, 1))
                if column < scheduling.secondColumnStart { inFirst.insert(key) } else { inSecond.insert(key) }
            }
            for key in inFirst.intersection(inSecond).sorted() {
                f.model.addConstraint(.init(name: "apart[\(student.id),\(key)]", terms: byPlace[key]!, upper: 1))
            }
        }
        f.model.isNetworkStructured = false
    }
}
