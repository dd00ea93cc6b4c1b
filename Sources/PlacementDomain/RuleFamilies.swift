/// The rule families of the model, each named once. The order of the cases is the order in which
/// the formulation applies the families (rows and columns keep their places).
///
/// A family declares itself in `declaration` below: the scenario keys it is read from, its title
/// in reports (report.json `model.rules`, summary.md), the family word of its rows in infeasibility
/// diagnoses and rule-effect tables, the section of docs/scenario-format.md that describes it, and
/// the verifier's violation codes for it. The other layers link to it by exhaustive switches or by
/// the `id` of their types: the formulation (`RuleFamilyID.rule`, `RuleFamily.id`), the report's
/// rule effects (by `diagnosis`) and the verifier (`RuleCheckCode`). docs/scenario-format.md
/// ("Rule families") has one row per family; RuleFamilyRegistryTests fails when they drift apart.
public enum RuleFamilyID: String, CaseIterable, Sendable, Hashable, Comparable {
    case onePlacement = "one_placement"
    case capacity
    case weeklyCapacity = "weekly_capacity"
    case rotations
    case mentors
    case bans
    case locks
    case minInterns = "min_interns"
    case nationalityShare = "nationality_share"
    case reservedSeats = "reserved_seats"
    case groups
    case apart
    case exchange
    case stability

    /// Where a family's key is in a scenario: a column of the bases table, or a key of the policy,
    /// rules, schedule sections or of a schedule programme.
    public struct ScenarioKey: Sendable, Hashable, CustomStringConvertible {
        public enum Section: String, Sendable, CaseIterable { case bases, policy, rules, schedule, programme }
        public let section: Section
        public let name: String
        public init(_ section: Section, _ name: String) {
            self.section = section
            self.name = name
        }
        /// `section.name`, e.g. `rules.reservations` or `bases.min_interns`.
        public var description: String { "\(section.rawValue).\(name)" }
    }

    /// Everything a family is called, in one place.
    public struct Declaration: Sendable {
        /// Scenario keys that turn the family on or carry its data (empty: always on).
        public let scenarioKeys: [ScenarioKey]
        /// Its title in reports (report.json `model.rules`, summary.md "Rules:").
        public let title: String
        /// The family word of its rows in infeasibility diagnoses (`LinearModel.Constraint.family`,
        /// `PlacementOutcome.Conflict.family`) and in the rule-effect table; nil when the family
        /// adds no row that may give way and has no line in that table.
        public let diagnosis: String?
        /// The heading of docs/scenario-format.md that describes it (GitHub anchor, without `#`).
        public let anchor: String
        /// The verifier's violation codes for it (its own restatement of the rule).
        public let checks: [RuleCheckCode]
    }

    /// The family's entry in the registry (built once).
    public var declaration: Declaration { Self.registry[self]! }

    private static let registry: [RuleFamilyID: Declaration] = Dictionary(uniqueKeysWithValues: allCases.map { ($0, $0.declare()) })

    /// The registry: one entry per family.
    private func declare() -> Declaration {
        switch self {
        case .onePlacement:
            return .init(
                scenarioKeys: [], title: "one placement per student", diagnosis: nil,
                anchor: "rules", checks: [.duplicateStudent])
        case .capacity:
            return .init(
                scenarioKeys: [.init(.bases, "capacity")], title: "capacity per base and term", diagnosis: nil,
                anchor: "bases", checks: [.capacityExceeded])
        case .weeklyCapacity:
            return .init(
                scenarioKeys: [.init(.schedule, "weekly_seats")], title: "weekly capacity per base", diagnosis: "weekly capacity",
                anchor: "scheduling-schedule", checks: [.weeklyCapacityExceeded])
        case .rotations:
            return .init(
                scenarioKeys: [.init(.programme, "rotation")], title: "rotations (two placements in order)", diagnosis: nil,
                anchor: "scheduling-schedule",
                checks: [.rotationIncomplete, .rotationGap, .rotationSameBase, .rotationSameCountry])
        case .mentors:
            return .init(
                scenarioKeys: [.init(.schedule, "academic_mentors"), .init(.schedule, "industry_mentors")],
                title: "dual mentoring (academic and industry mentor capacity)", diagnosis: "mentor capacity",
                anchor: "scheduling-schedule", checks: [.mentorMissing, .mentorHome, .mentorLanguage, .mentorOverloaded])
        case .bans:
            return .init(
                scenarioKeys: [.init(.rules, "bans")], title: "banned pairs", diagnosis: "ban",
                anchor: "alliance-rules-rules", checks: [.bannedPair])
        case .locks:
            return .init(
                scenarioKeys: [.init(.rules, "locks")], title: "locked placements", diagnosis: "lock",
                anchor: "alliance-rules-rules", checks: [.lockViolated])
        case .minInterns:
            return .init(
                scenarioKeys: [.init(.bases, "min_interns")], title: "minimum interns per used base and term", diagnosis: "lower quota",
                anchor: "bases", checks: [.minInterns])
        case .nationalityShare:
            return .init(
                scenarioKeys: [.init(.bases, "max_nationality_share")], title: "maximum share of one nationality per base and term",
                diagnosis: "nationality share", anchor: "bases", checks: [.nationalityShare])
        case .reservedSeats:
            return .init(
                scenarioKeys: [.init(.rules, "reservations")], title: "reserved seats for partner universities", diagnosis: "reserved seats",
                anchor: "alliance-rules-rules", checks: [.reservedSeatsExclusive, .reservedSeatsPriority])
        case .groups:
            return .init(
                scenarioKeys: [.init(.rules, "groups")], title: "groups placed together", diagnosis: "group",
                anchor: "alliance-rules-rules", checks: [.groupPartlyPlaced, .groupNotTogether])
        case .apart:
            return .init(
                scenarioKeys: [.init(.rules, "apart")], title: "pairs kept apart", diagnosis: "apart",
                anchor: "alliance-rules-rules", checks: [.apartViolated])
        case .exchange:
            return .init(
                scenarioKeys: [.init(.rules, "exchange")], title: "minimum share placed abroad per university", diagnosis: "cross-border exchange",
                anchor: "alliance-rules-rules", checks: [.abroadShare])
        case .stability:
            return .init(
                scenarioKeys: [.init(.policy, "stability")], title: "stability (no blocking pair)", diagnosis: "stability",
                anchor: "policy", checks: [.blockingPair])
        }
    }

    /// Its title in reports, e.g. "minimum interns per used base and term".
    public var title: String { declaration.title }
    /// Its word in diagnoses and rule-effect tables, e.g. "lower quota"; nil when it has neither.
    public var diagnosis: String? { declaration.diagnosis }
    public var scenarioKeys: [ScenarioKey] { declaration.scenarioKeys }

    /// The family whose rows carry this diagnosis word (`LinearModel.Constraint.family`; mentor
    /// rows say which kind first, "academic mentor capacity"), if any.
    public init?(diagnosis: String) {
        guard let id = Self.allCases.first(where: { $0.diagnosis.map { diagnosis == $0 || diagnosis.hasSuffix(" " + $0) } ?? false }) else {
            return nil
        }
        self = id
    }

    /// The family with this report title (as written in report.json `model.rules`), if any.
    public init?(title: String) {
        guard let id = Self.allCases.first(where: { $0.title == title }) else { return nil }
        self = id
    }

    /// In the order the formulation applies them.
    public static func < (a: RuleFamilyID, b: RuleFamilyID) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// The verifier's violation codes for rule families (docs/audit.md lists every code). Each belongs
/// to one family's `checks`; the verifier's other codes (files, hashes, figures) are not rules.
public enum RuleCheckCode: String, CaseIterable, Sendable, Hashable {
    case duplicateStudent = "duplicate_student"
    case capacityExceeded = "capacity_exceeded"
    case weeklyCapacityExceeded = "weekly_capacity_exceeded"
    case rotationIncomplete = "rotation_incomplete"
    case rotationGap = "rotation_gap"
    case rotationSameBase = "rotation_same_base"
    case rotationSameCountry = "rotation_same_country"
    case mentorMissing = "mentor_missing"
    case mentorHome = "mentor_home"
    case mentorLanguage = "mentor_language"
    case mentorOverloaded = "mentor_overloaded"
    case bannedPair = "banned_pair"
    case lockViolated = "lock_violated"
    case minInterns = "min_interns"
    case nationalityShare = "nationality_share"
    case reservedSeatsExclusive = "reserved_seats_exclusive"
    case reservedSeatsPriority = "reserved_seats_priority"
    case groupPartlyPlaced = "group_partly_placed"
    case groupNotTogether = "group_not_together"
    case apartViolated = "apart_violated"
    case abroadShare = "abroad_share"
    case blockingPair = "blocking_pair"

    /// The family whose rule the code reports.
    public var family: RuleFamilyID { RuleFamilyID.allCases.first { $0.declaration.checks.contains(self) }! }
}
