/// An input file and its SHA-256, recorded so a report can say exactly what it was made from.
public struct InputFile: Sendable, Hashable {
    /// Path as given relative to the scenario file (or the scenario file's own name).
    public let path: String
    public let sha256: String
    public let bytes: Int
    public init(path: String, sha256: String, bytes: Int) {
        self.path = path
        self.sha256 = sha256
        self.bytes = bytes
    }
}

/// A whole placement problem: rosters, terms and policy. Loaded and validated by the scenario
/// I/O layer; every later layer may assume its cross-references hold (every student's university
/// and every preferred base exist, ids are unique, levels are on the common scale).
public struct Scenario: Sendable {
    public static let formatVersion = 1

    public let name: String
    public let terms: [Term]
    public let universities: [University]
    public let students: [Student]
    public let bases: [Base]
    public let policy: Policy
    public let rules: AllianceRules
    /// Week-level scheduling (nil = placements per term only).
    public let schedule: Schedule?
    public let inputs: [InputFile]

    public let universityByID: [String: University]
    public let baseIndexByID: [String: Int]
    public let termIndexByID: [String: Int]

    public let studentIndexByID: [String: Int]

    public init(
        name: String, terms: [Term], universities: [University], students: [Student], bases: [Base],
        policy: Policy, rules: AllianceRules = AllianceRules(), schedule: Schedule? = nil, inputs: [InputFile]
    ) {
        self.rules = rules
        self.schedule = schedule
        studentIndexByID = Dictionary(students.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.name = name
        self.terms = terms
        self.universities = universities
        self.students = students
        self.bases = bases
        self.policy = policy
        self.inputs = inputs
        universityByID = Dictionary(universities.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        baseIndexByID = Dictionary(bases.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        termIndexByID = Dictionary(terms.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Returns a copy with other rosters or policy (for what-if runs and tests).
    public func replacing(
        students: [Student]? = nil, bases: [Base]? = nil, policy: Policy? = nil, rules: AllianceRules? = nil,
        schedule: Schedule?? = nil, inputs: [InputFile]? = nil
    ) -> Scenario {
        Scenario(
            name: name, terms: terms, universities: universities, students: students ?? self.students,
            bases: bases ?? self.bases, policy: policy ?? self.policy, rules: rules ?? self.rules,
            schedule: schedule ?? self.schedule, inputs: inputs ?? self.inputs)
    }
}
