/// The result of a solve in domain terms: who goes where, why the rest could not be placed, and
/// what the solver can honestly claim. Built by the engine; read by reports and checks.
public struct PlacementOutcome: Sendable {
    public struct Placement: Sendable, Hashable {
        public let student: Int
        public let base: Int
        public let term: Int
        /// 1-based rank in her list; nil for an unranked placement.
        public let rank: Int?
        /// Cost of this placement (for a rotation, of its first part; `timing.second` has the rest).
        public let cost: Double
        /// Scheduling only: weeks and mentors (nil without a `schedule:` section).
        public let timing: Timing?
        public init(student: Int, base: Int, term: Int, rank: Int?, cost: Double, timing: Timing? = nil) {
            self.student = student
            self.base = base
            self.term = term
            self.rank = rank
            self.cost = cost
            self.timing = timing
        }

        /// Cost of the whole placement, both parts of a rotation included.
        public var totalCost: Double { cost + (timing?.second?.cost ?? 0) }
    }

    /// When and with whom an internship happens. Week numbers are indices into the scenario's
    /// `WeekCalendar.weeks`; mentors are indices into `Schedule.academicMentors` / `industryMentors`.
    public struct Timing: Sendable, Hashable {
        public let firstWeek: Int
        public let lastWeek: Int
        public let academicMentor: Int?
        public let industryMentor: Int?
        /// The second placement of a rotation.
        public let second: SecondPart?
        public init(firstWeek: Int, lastWeek: Int, academicMentor: Int?, industryMentor: Int?, second: SecondPart?) {
            self.firstWeek = firstWeek
            self.lastWeek = lastWeek
            self.academicMentor = academicMentor
            self.industryMentor = industryMentor
            self.second = second
        }
    }

    /// The second placement of a rotation (same academic mentor as the first).
    public struct SecondPart: Sendable, Hashable {
        public let base: Int
        public let term: Int
        public let rank: Int?
        public let cost: Double
        public let firstWeek: Int
        public let lastWeek: Int
        public let industryMentor: Int?
        public init(base: Int, term: Int, rank: Int?, cost: Double, firstWeek: Int, lastWeek: Int, industryMentor: Int?) {
            self.base = base
            self.term = term
            self.rank = rank
            self.cost = cost
            self.firstWeek = firstWeek
            self.lastWeek = lastWeek
            self.industryMentor = industryMentor
        }
    }

    public enum UnplacedReason: Sendable, Hashable {
        /// No (base, term) is allowed for her; each ranked base with the rules it breaks.
        case noEligibleBase(ranked: [RankedExclusion])
        /// Every base she could be placed at was full in her terms (the listed base ids).
        case eligibleBasesFull(bases: [String])
        /// Seats were free in a span she could take (the listed base ids), but in each such span
        /// every mentor of a kind in `kinds` who shares a language with her had a full week.
        case mentorsFull(bases: [String], kinds: [Schedule.Mentor.Kind])
        /// Seats were free, but placing her would cost more than the unplaced penalty.
        case costAbovePenalty(bases: [String])
        /// Seats were free, but placing her alone in any of them breaks a rule (each seat with the
        /// rules it would break, as the formulation's rows state them).
        case heldByRules(seats: [HeldSeat])
        /// Seats were free, and a seat breaks no rule: the solution (not proven optimal) left her out.
        case leftOut(bases: [String])
        /// The solve produced no placement at all (infeasible or no solution in time).
        case notSolved

        public var code: String {
            switch self {
            case .noEligibleBase: return "no_eligible_base"
            case .eligibleBasesFull: return "eligible_bases_full"
            case .mentorsFull: return "mentors_full"
            case .costAbovePenalty: return "cost_above_penalty"
            case .heldByRules: return "held_by_rules"
            case .leftOut: return "left_out"
            case .notSolved: return "not_solved"
            }
        }

        public var text: String {
            switch self {
            case let .noEligibleBase(ranked):
                if ranked.isEmpty { return "no eligible base: they ranked no base and unranked placements are not allowed" }
                return "no eligible base: "
                    + ranked.map { "\($0.base) (\($0.reasons.map(\.description).joined(separator: "; ")))" }.joined(separator: "; ")
            case let .eligibleBasesFull(bases):
                return "every eligible base was full in their terms: \(bases.joined(separator: ", "))"
            case let .mentorsFull(bases, kinds):
                let who = kinds.map { $0 == .academic ? "academic mentors of their university" : "industry mentors at the base" }
                return "seats were free at \(bases.joined(separator: ", ")), but the \(who.joined(separator: " or the ")) "
                    + "who share a language with them had no room in those weeks"
            case let .costAbovePenalty(bases):
                return "seats were free at \(bases.joined(separator: ", ")) but the cost exceeds the unplaced penalty"
            case let .heldByRules(seats):
                return "seats were free at \(seats.map(\.seat).joined(separator: ", ")), but placing them alone in any of them breaks a rule: "
                    + seats.map { "at \($0.seat), " + $0.rules.map { "\($0.family.rawValue): \($0.meaning)" }.joined(separator: " and ") }
                    .joined(separator: "; ")
            case let .leftOut(bases):
                return "seats were free at \(bases.joined(separator: ", ")) but the solution (see its status) did not place them"
            case .notSolved:
                return "no placement: the solve found no solution"
            }
        }
    }

    /// A free seat (base/term) an unplaced student could take, and the rules her placement there
    /// would break with everyone else where they are.
    public struct HeldSeat: Sendable, Hashable {
        public let seat: String
        public let rules: [BrokenRule]
        public init(seat: String, rules: [BrokenRule]) {
            self.seat = seat
            self.rules = rules
        }
    }

    /// A rule a hypothetical placement breaks: its family and the rule in words.
    public struct BrokenRule: Sendable, Hashable {
        public let family: RuleFamilyID
        public let meaning: String
        public init(family: RuleFamilyID, meaning: String) {
            self.family = family
            self.meaning = meaning
        }
    }

    public struct RankedExclusion: Sendable, Hashable {
        public let base: String
        public let reasons: [Exclusion]
        public init(base: String, reasons: [Exclusion]) {
            self.base = base
            self.reasons = reasons
        }
    }

    public struct Stage: Sendable, Hashable {
        public let name: String
        public let sense: ObjectiveSense
        public let value: Double
        public let bound: Double
        public let status: StageStatus
        public let evidence: String
        public init(name: String, sense: ObjectiveSense, value: Double, bound: Double, status: StageStatus, evidence: String) {
            self.name = name
            self.sense = sense
            self.value = value
            self.bound = bound
            self.status = status
            self.evidence = evidence
        }
    }

    public struct SolverSummary: Sendable, Hashable {
        public let status: OutcomeStatus
        public let statusText: String
        /// Relative gap of the stage that was cut short (0 when optimal).
        public let gap: Double?
        public let stages: [Stage]
        public let solver: String
        public let glpkVersion: String
        public let rows: Int
        public let columns: Int
        public let nonZeros: Int
        /// The rule families of the model, in the order they were applied (reports print their titles).
        public let rules: [RuleFamilyID]
        public init(
            status: OutcomeStatus, statusText: String, gap: Double?, stages: [Stage], solver: String, glpkVersion: String,
            rows: Int, columns: Int, nonZeros: Int, rules: [RuleFamilyID]
        ) {
            self.status = status
            self.statusText = statusText
            self.gap = gap
            self.stages = stages
            self.solver = solver
            self.glpkVersion = glpkVersion
            self.rows = rows
            self.columns = columns
            self.nonZeros = nonZeros
            self.rules = rules
        }
    }

    /// A student and a base-term who would both rather be matched to each other.
    public struct BlockingPair: Sendable, Hashable {
        public let student: Int
        public let base: Int
        public let term: Int
        public init(student: Int, base: Int, term: Int) {
            self.student = student
            self.base = base
            self.term = term
        }
    }

    /// Placement per student index (nil = unplaced).
    public let placements: [Placement?]
    /// Every blocking pair of the placement (empty when it is stable).
    public var blockingPairs: [BlockingPair] = []
    /// When the rules cannot all hold: the rules that had to give way in the closest elastic
    /// solution, and by how much.
    public var conflicts: [Conflict] = []

    /// What happened to one student between an earlier report and this one.
    public struct Change: Sendable, Hashable {
        public enum Kind: String, Sendable { case kept, moved, newlyPlaced = "newly_placed", unplaced, withdrawn, newStudent = "new_student" }
        public let student: String
        public let kind: Kind
        /// "BASE/TERM" or nil.
        public let before: String?
        public let after: String?
        public let reason: String
        public init(student: String, kind: Kind, before: String?, after: String?, reason: String) {
            self.student = student
            self.kind = kind
            self.before = before
            self.after = after
            self.reason = reason
        }
    }

    /// Changes against an earlier report (re-allocation), sorted by student id; empty otherwise.
    public var changes: [Change] = []

    public struct Conflict: Sendable, Hashable {
        public let family: String
        public let meaning: String
        public let amount: Double
        /// The other rules it conflicts with: those that must give way when this one holds
        /// ("family: meaning"), empty when they were not determined.
        public var conflictsWith: [String] = []
        public init(family: String, meaning: String, amount: Double, conflictsWith: [String] = []) {
            self.family = family
            self.meaning = meaning
            self.amount = amount
            self.conflictsWith = conflictsWith
        }
        public var description: String {
            "\(family): \(meaning) — violated by \(formatNumber(amount))"
                + (conflictsWith.isEmpty ? "" : "; holding it breaks instead: " + conflictsWith.joined(separator: "; "))
        }
    }
    /// Reason per unplaced student index.
    public let unplacedReasons: [Int: UnplacedReason]
    public let solver: SolverSummary
    /// Wall-clock seconds per phase (not written to reports unless asked: reports are deterministic).
    public var timings: [String: Double]

    public init(placements: [Placement?], unplacedReasons: [Int: UnplacedReason], solver: SolverSummary, timings: [String: Double]) {
        self.placements = placements
        self.unplacedReasons = unplacedReasons
        self.solver = solver
        self.timings = timings
    }

    public var placedCount: Int { placements.lazy.filter { $0 != nil }.count }
}

/// How a solve ended, as reports state it (the raw values are the words written in report.json).
public enum OutcomeStatus: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Proven optimal for every objective stage.
    case optimal
    /// A placement that obeys every rule, not proven optimal (bound and gap given).
    case feasible
    case infeasible
    case unbounded
    /// No placement was found within the time or work limit.
    case noSolution = "no_solution"

    /// Whether the outcome holds a placement that obeys every rule.
    public var hasPlacement: Bool { self == .optimal || self == .feasible }

    /// The word reports use.
    public var description: String { rawValue }
}

/// The status of one objective stage: a solve status, or `evaluated` when the stage's value was
/// computed on a placement fixed by another rule (the stable matching) rather than optimised.
public enum StageStatus: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case optimal, feasible, infeasible, unbounded
    case noSolution = "no_solution"
    case evaluated

    /// The word reports use.
    public var description: String { rawValue }
}

/// Whether an objective is minimised or maximised.
public enum ObjectiveSense: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case minimize, maximize

    /// The word reports use.
    public var description: String { rawValue }
}

extension StageStatus {
    /// A stage that was solved ends as the solve did.
    public init(_ status: OutcomeStatus) {
        switch status {
        case .optimal: self = .optimal
        case .feasible: self = .feasible
        case .infeasible: self = .infeasible
        case .unbounded: self = .unbounded
        case .noSolution: self = .noSolution
        }
    }
}
