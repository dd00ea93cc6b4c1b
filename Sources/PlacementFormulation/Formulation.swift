import PlacementDomain
import PlacementModel

/// A scenario turned into a `LinearModel`. Column k (for k < candidates.count) is the binary
/// x[k] = 1 when candidate k is the student's placement. Rule families and objectives add rows,
/// extra columns and objective stages; each family lives in its own file.
public struct Formulation: Sendable {
    public let scenario: Scenario
    public let candidates: CandidateSet
    public var model: LinearModel
    /// Row of each (base, term) capacity constraint, when the base has seats that term.
    public var capacityRows: [BaseTerm: Int] = [:]
    /// Column of each (base, term)'s "used" binary, for bases with a minimum of interns.
    public var usedColumns: [BaseTerm: Int] = [:]
    /// Candidate indices per (base, term), in candidate order.
    public let candidatesByBaseTerm: [BaseTerm: [Int]]
    /// The rule families applied, in order (reports show their titles).
    public private(set) var appliedRules: [RuleFamilyID] = []
    /// Week-level scheduling (spans, rotations, mentors); nil without a `schedule:` section.
    public var scheduling: Scheduling?

    public struct BaseTerm: Sendable, Hashable, Comparable {
        public let base: Int32
        public let term: Int32
        public init(base: Int32, term: Int32) {
            self.base = base
            self.term = term
        }
        public static func < (a: BaseTerm, b: BaseTerm) -> Bool { (a.base, a.term) < (b.base, b.term) }
    }

    /// Builds the model with the rules the scenario turns on and the policy's objectives. With
    /// `keep` (student id → base id and term id of an earlier placement), the first objective is to
    /// keep as many earlier placements as possible (re-allocation with minimal disruption).
    /// With `keepLast`, keeping earlier placements is the last objective instead (a tie-breaker:
    /// among optimal solutions, the one closest to the earlier report).
    /// `candidates` may be given when already built (`CandidateSet(scenario:)`; unscheduled only).
    public init(
        scenario: Scenario, rules: [any RuleFamily]? = nil, keep: [String: (base: String, term: String)]? = nil,
        keepLast: Bool = false, mentorDetail: MentorDetail = .full, candidates built: CandidateSet? = nil
    ) {
        self.scenario = scenario
        let candidates: CandidateSet
        if let schedule = scenario.schedule {
            let built = Scheduling.candidates(scenario: scenario, schedule: schedule, detail: mentorDetail)
            candidates = built.1
            scheduling = built.0
        } else {
            candidates = built ?? CandidateSet(scenario: scenario)
        }
        self.candidates = candidates
        // Grouped in a flat list per (base, term) first: one dictionary entry per pair, not one
        // lookup per candidate.
        let termCount = scenario.terms.count
        var lists = [[Int]](repeating: [], count: scenario.bases.count * termCount)
        for (k, c) in candidates.candidates.enumerated() { lists[Int(c.base) * termCount + Int(c.term)].append(k) }
        var byBaseTerm: [BaseTerm: [Int]] = [:]
        for (slot, list) in lists.enumerated() where !list.isEmpty {
            byBaseTerm[BaseTerm(base: Int32(slot / termCount), term: Int32(slot % termCount))] = list
        }
        candidatesByBaseTerm = byBaseTerm
        var model = LinearModel()
        for _ in candidates.candidates {
            model.addVariable(.init(name: "", lower: 0, upper: 1, isInteger: true))
        }
        model.columnNamer = { [scenario, candidates, scheduling] k in
            let c = candidates.candidates[k]
            let name = "\(scenario.students[Int(c.student)].id),\(scenario.bases[Int(c.base)].id),\(scenario.terms[Int(c.term)].id)"
            guard let scheduling else { return "x[\(name)]" }
            let week = scheduling.calendar.weeks[Int(c.firstWeek)]
            let mentor = c.industryMentor >= 0 ? ",\(scheduling.rules.schedule.industryMentors[Int(c.industryMentor)].id)" : ""
            return "x[\(name)/w\(week.numberInTerm)\(mentor)]"
        }
        scheduling?.addSecondPartColumns(to: &model, scenario: scenario)
        self.model = model
        for rule in rules ?? Formulation.rules(for: scenario) {
            rule.apply(to: &self)
            appliedRules.append(rule.id)
        }
        var keepStage: LinearModel.Objective? = nil
        if let keep {
            let kept = candidates.candidates.indices.filter { k in
                let c = candidates.candidates[k]
                guard let earlier = keep[scenario.students[Int(c.student)].id] else { return false }
                return scenario.bases[Int(c.base)].id == earlier.base && scenario.terms[Int(c.term)].id == earlier.term
            }
            keepStage = .init(name: "kept", sense: .maximize, terms: kept.map { .init($0, 1) }, isIntegral: true)
        }
        if let keepStage, !keepLast { self.model.objectives.append(keepStage) }
        for objective in scenario.policy.objectives {
            ObjectiveStages.add(objective, to: &self)
        }
        if var keepStage, keepLast {
            // Last, it is only a tie-break among the optima (explain's fewest changes): GLPK solves
            // it exactly in one stage with the last policy objective when both are integral (see
            // `isExactTieBreak`); a stage of its own (a ratio objective before it) is capped.
            keepStage.isExactTieBreak = true
            keepStage.searchWorkLimit = Self.keptTieBreakWork
            self.model.objectives.append(keepStage)
        }
    }

    /// The simplex iterations the search of a last "keep the earlier placements" stage may use.
    /// Measured on alliance-rules, S000015 (four forced re-solves): 37.6 s CPU uncapped, 22.1 s
    /// capped, the same moves listed; S001247 and S000494 gave the same text either way.
    public static let keptTieBreakWork = 10_000

    /// The placements a solution chooses: candidate indices with x = 1, in candidate order.
    public func chosenCandidates(_ values: [Double]) -> [Int] {
        (0..<candidates.count).filter { values[$0] > 0.5 }
    }
}

/// A family of rules: adds its rows (and columns) to a formulation. A new family is a case of
/// `RuleFamilyID` (its names, in PlacementDomain/RuleFamilies.swift) and a conforming type in a new
/// file, returned by `RuleFamilyID.rule` (RuleSelection.swift).
public protocol RuleFamily: Sendable {
    /// The family in the registry: its title, scenario keys and the family word of its rows.
    var id: RuleFamilyID { get }
    func apply(to formulation: inout Formulation)
}
