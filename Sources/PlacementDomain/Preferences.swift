/// Both sides' preferences, as stability needs them.
///
/// A student prefers (base, term) pairs by her rank of the base, then by term order (unranked
/// bases after every ranked one). A base-term ranks applicants by the policy's base ranking; equal
/// keys are ties.
public struct Preferences: Sendable {
    public let scenario: Scenario
    /// The policy's base ranking, read once: keys are asked for every candidate (688,819 at 100,000 students).
    let ranking: Policy.BaseRanking

    public init(scenario: Scenario) {
        self.scenario = scenario
        ranking = scenario.policy.baseRanking
    }

    /// Larger is better for the base. Universities in the priority list come first (in list order),
    /// then the score.
    public func baseKey(base b: Base, student s: Student) -> (priority: Int, score: Double) {
        let priority = ranking.universityPriority.firstIndex(of: s.university).map { ranking.universityPriority.count - $0 } ?? 0
        var score = 0.0
        if ranking.score == .grade || ranking.score == .score { score += s.gradeAverage ?? 0 }
        if ranking.score == .language || ranking.score == .score {
            // Her best level among the base's required languages (0 when none is required or met).
            var best = 0
            for requirement in b.languageRequirement { best = max(best, s.languages[requirement.language]?.value ?? 0) }
            score += Double(best)
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
