/// Both sides' preferences, as stability needs them.
///
/// A student prefers (base, term) pairs by her rank of the base, then by term order (unranked
/// bases after every ranked one). A base-term ranks applicants by the policy's base ranking; equal
/// keys are ties.
public struct Preferences: Sendable {
    public let scenario: Scenario

    public init(scenario: Scenario) { self.scenario = scenario }

    /// Larger is better for the base. Universities in the priority list come first (in list order),
    /// then the score.
    public func baseKey(base b: Base, student s: Student) -> (priority: Int, score: Double) {
        let ranking = scenario.policy.baseRanking
        let priority = ranking.universityPriority.firstIndex(of: s.university).map { ranking.universityPriority.count - $0 } ?? 0
        var score = 0.0
        if ranking.score == .grade || ranking.score == .score { score += s.gradeAverage ?? 0 }
        if ranking.score == .language || ranking.score == .score {
            let levels = b.languageRequirement.map { s.languages[$0.language]?.value ?? 0 }
            score += Double(levels.max() ?? 0)
        }
        return (priority, score)
    }

    /// -1 when the base prefers a to b, 1 when b to a, 0 for a tie.
    public func compare(base: Base, _ a: Student, _ b: Student) -> Int {
        let ka = baseKey(base: base, student: a), kb = baseKey(base: base, student: b)
        if ka.priority != kb.priority { return ka.priority > kb.priority ? -1 : 1 }
        if ka.score != kb.score { return ka.score > kb.score ? -1 : 1 }
        return 0
    }
}
