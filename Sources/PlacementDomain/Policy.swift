/// What "best" means for a scenario, and the programme-wide location rules.
public struct Policy: Sendable, Hashable {
    /// Cost of placing a student at her r-th choice.
    public enum RankCost: Sendable, Hashable {
        /// cost r
        case linear
        /// cost r² (the default: a 3rd choice costs 9, much worse than two 2nd choices)
        case squared
        /// cost table[r-1]; ranks beyond the table cost its last entry
        case table([Double])

        public func cost(rank: Int) -> Double {
            switch self {
            case .linear: return Double(rank)
            case .squared: return Double(rank * rank)
            case let .table(t): return t[min(rank, t.count) - 1]
            }
        }

        public var label: String {
            switch self {
            case .linear: return "linear (r)"
            case .squared: return "squared (r²)"
            case let .table(t): return "table \(t.map { formatNumber($0) }.joined(separator: ", "))"
            }
        }
    }

    /// One stage of the lexicographic objective.
    public enum Objective: String, Sendable, Hashable, CaseIterable {
        /// Place as many students as possible.
        case maxPlaced = "max_placed"
        /// Minimise total placement cost: rank cost + travel cost (+ unplaced penalty, if set).
        case minCost = "min_cost"
        /// Minimise the worst rank any placed student gets (unranked placements count as rank 99).
        case minWorstRank = "min_worst_rank"
        /// Maximise the lowest placement rate (placed / students) across universities.
        case maxMinUniversityRate = "max_min_university_rate"
        /// Maximise the lowest placement rate across nationalities.
        case maxMinNationalityRate = "max_min_nationality_rate"
        /// Rank-maximal: most 1st choices, then most 2nd choices, … (one stage per rank).
        case rankMaximal = "rank_maximal"
        /// Scheduling with mentors: minimise the most interns any academic mentor has in a week,
        /// then the same for industry mentors (two stages).
        case balanceMentorLoad = "balance_mentor_load"
    }

    /// The rank used for an unranked placement in rank-based objectives.
    public static let unrankedRank = 99

    /// The time limits accepted, in seconds, from the policy (`time_limit_seconds`) and on the
    /// command line (`--time-limit`) alike: a nanosecond to 10,000,000 s (16 weeks). Beyond it
    /// the deadlines computed from a limit would overflow the clocks' and GLPK's integer types.
    public static let timeLimitRange: ClosedRange<Double> = 0.000_000_001...10_000_000
    /// `timeLimitRange` in words, for messages.
    public static let timeLimitRangeText = "a number of seconds from 0.000000001 to 10000000"
    /// The work limits accepted, in GLPK simplex iterations (`work_limit_iterations`, `--work-limit`):
    /// GLPK counts them in a 32-bit integer.
    public static let workLimitRange: ClosedRange<Int> = 1...2_000_000_000
    /// `workLimitRange` in words, for messages.
    public static let workLimitRangeText = "a whole number of simplex iterations from 1 to 2000000000"

    /// May a student be placed at an eligible base she did not rank?
    public var allowUnranked: Bool
    /// Cost of such a placement (it should exceed the cost of every ranked choice).
    public var unrankedCost: Double
    public var rankCost: RankCost
    /// Added to the cost per kilometre of great-circle distance from her home university.
    public var travelCostPerKilometre: Double
    /// Placements farther than this from her home university are not allowed.
    public var maxTravelKilometres: Double?
    /// Countries the programme allows (nil = all).
    public var allowedCountries: Set<String>?
    /// Lexicographic objective order.
    public var objectives: [Objective]
    /// When set, min_cost also charges this per unplaced student (a weighted, single-stage model
    /// used for comparisons with other tools; the default is the lexicographic max_placed first).
    public var unplacedPenalty: Double?
    /// Wall-clock limit for the solve, seconds.
    public var timeLimitSeconds: Double?
    /// Deterministic limit on GLPK's work, in simplex iterations: a run stopped by it gives the
    /// same placements on any machine (unlike the time limit).
    public var workLimitIterations: Int?
    /// Whether the placement must be stable (no blocking pair), or only reported.
    public var stability: Stability
    /// How bases rank applicants (for stability).
    public var baseRanking: BaseRanking

    public enum Stability: String, Sendable, Hashable, CaseIterable {
        /// No student and base-term would both rather be matched to each other (weakly stable with ties).
        case required
        /// Not a constraint; the report lists every blocking pair.
        case report
    }

    /// A base's ranking of its applicants: listed universities first (in list order), then by
    /// score, descending. score = grade average (when `grade` or `score`) + the student's best
    /// level among the base's required languages (when `language` or `score`). Equal scores are
    /// ties (weak stability); deferred acceptance breaks them by roster order.
    public struct BaseRanking: Sendable, Hashable {
        public enum Score: String, Sendable, Hashable, CaseIterable { case grade, language, score }
        public var score: Score
        public var universityPriority: [String]
        public init(score: Score = .score, universityPriority: [String] = []) {
            self.score = score
            self.universityPriority = universityPriority
        }
    }

    public init(
        allowUnranked: Bool = false, unrankedCost: Double = 100, rankCost: RankCost = .squared,
        travelCostPerKilometre: Double = 0, maxTravelKilometres: Double? = nil,
        allowedCountries: Set<String>? = nil, objectives: [Objective] = [.maxPlaced, .minCost],
        unplacedPenalty: Double? = nil, timeLimitSeconds: Double? = nil, stability: Stability = .report,
        baseRanking: BaseRanking = BaseRanking()
    ) {
        self.stability = stability
        self.baseRanking = baseRanking
        self.allowUnranked = allowUnranked
        self.unrankedCost = unrankedCost
        self.rankCost = rankCost
        self.travelCostPerKilometre = travelCostPerKilometre
        self.maxTravelKilometres = maxTravelKilometres
        self.allowedCountries = allowedCountries
        self.objectives = objectives
        self.unplacedPenalty = unplacedPenalty
        self.timeLimitSeconds = timeLimitSeconds
    }
}

/// Formats a number the same way everywhere (reports must be byte-for-byte deterministic):
/// integers without a decimal point, others with up to 6 significant decimals.
public func formatNumber(_ x: Double) -> String {
    if x.isNaN { return "NaN" }
    if x.isInfinite { return x > 0 ? "inf" : "-inf" }
    if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
    // Six decimals of a number this large would not fit in Int64 (a relative gap over a value
    // of 0, say); Swift's shortest round-trip form is the same on every machine.
    if abs(x) >= 1e12 { return "\(x)" }
    var s = String(format6(x))
    while s.hasSuffix("0") { s.removeLast() }
    if s.hasSuffix(".") { s.removeLast() }
    return s
}

private func format6(_ x: Double) -> String {
    // Fixed 6 decimals without Foundation's locale-dependent formatting.
    let scaled = (abs(x) * 1_000_000).rounded()
    let whole = Int64(scaled / 1_000_000)
    let frac = Int64(scaled) - whole * 1_000_000
    var fracText = String(frac)
    while fracText.count < 6 { fracText = "0" + fracText }
    return (x < 0 ? "-" : "") + "\(whole).\(fracText)"
}
