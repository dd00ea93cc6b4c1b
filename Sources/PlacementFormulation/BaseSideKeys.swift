import PlacementDomain
import PlacementModel

/// Base-side ranking of every candidate, precomputed so that comparisons are array reads.
/// Larger key = better for the base; equal keys are ties.
public struct BaseSideKeys: Sendable {
    public let priority: [Int32]
    public let score: [Double]

    public init(_ f: Formulation) { self.init(scenario: f.scenario, candidates: f.candidates) }

    /// From the candidates alone, so that the rankings can be computed while the model is built.
    public init(scenario: Scenario, candidates: CandidateSet) {
        let prefs = Preferences(scenario: scenario)
        var priority = [Int32](), score = [Double]()
        priority.reserveCapacity(candidates.count)
        score.reserveCapacity(candidates.count)
        let bases = scenario.bases, students = scenario.students
        for c in candidates.candidates {
            let key = prefs.baseKey(base: bases[Int(c.base)], student: students[Int(c.student)])
            priority.append(Int32(key.priority))
            score.append(key.score)
        }
        self.priority = priority
        self.score = score
    }

    /// True when the base strictly prefers candidate a's student to candidate b's.
    @inline(__always) public func strictlyBetter(_ a: Int, _ b: Int) -> Bool {
        priority[a] != priority[b] ? priority[a] > priority[b] : score[a] > score[b]
    }

    /// As strictlyBetter, with ties broken by roster order (earlier student first): a strict order
    /// for deferred acceptance.
    @inline(__always) public func betterWithTieBreak(_ a: Int, _ b: Int, _ cands: [Candidate]) -> Bool {
        if priority[a] != priority[b] { return priority[a] > priority[b] }
        if score[a] != score[b] { return score[a] > score[b] }
        return cands[a].student < cands[b].student
    }
}
