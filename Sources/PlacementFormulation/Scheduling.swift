import PlacementDomain
import PlacementModel

/// The scheduled part of a formulation. First placements are the formulation's candidates (so
/// every alliance rule family sees them as usual); each candidate carries its span of weeks and
/// industry mentor. The second placements of rotations are extra columns, kept here.
/// Which mentor groups the model details mentor by mentor. An undetailed university (academic) or
/// base (industry) gets pooled rows instead: per week, the interns whose compatible mentors all lie
/// in a set S number at most the capacity of S. Pooled rows are implied by any mentor assignment,
/// so the pooled model is a relaxation; the engine assigns mentors afterwards and details only the
/// groups where that fails (docs/scheduling.md, "How it is solved").
public struct MentorDetail: Sendable, Hashable {
    public var universities: Set<String>
    public var bases: Set<String>
    public var everything: Bool
    public init(universities: Set<String> = [], bases: Set<String> = [], everything: Bool = false) {
        self.universities = universities
        self.bases = bases
        self.everything = everything
    }
    public static let full = MentorDetail(everything: true)
    public static let pooled = MentorDetail()
    public func academic(_ university: String) -> Bool { everything || universities.contains(university) }
    public func industry(_ base: String) -> Bool { everything || bases.contains(base) }
}

public struct Scheduling: Sendable {
    public let rules: ScheduleRules
    public let mentorDetail: MentorDetail
    /// Second placements of rotation students; column of secondParts[i] is secondColumnStart + i.
    public let secondParts: [Candidate]
    /// secondParts[secondRanges[s]] are student s's second placements.
    public let secondRanges: [Range<Int>]
    public internal(set) var secondColumnStart = 0
    /// Academic-mentor columns a[s, m, part, span] (only for students with a choice of mentors).
    public internal(set) var academicColumns: [AcademicColumn] = []
    /// Academic mentor of students with exactly one compatible mentor (student index → mentor).
    public internal(set) var onlyAcademicMentor: [Int: Int] = [:]
    /// The weekly load of each mentor as model terms, for the load-balancing objective.
    public internal(set) var academicLoad: [MentorWeek: [LinearModel.Term]] = [:]
    public internal(set) var industryLoad: [MentorWeek: [LinearModel.Term]] = [:]

    public struct AcademicColumn: Sendable, Hashable {
        public let column: Int
        public let student: Int32
        public let mentor: Int32
        public let part: Int8
        public let firstWeek: Int16
        public let lastWeek: Int16
    }

    public struct MentorWeek: Sendable, Hashable, Comparable {
        public let mentor: Int32
        public let week: Int32
        public static func < (a: MentorWeek, b: MentorWeek) -> Bool { (a.mentor, a.week) < (b.mentor, b.week) }
    }

    public var calendar: WeekCalendar { rules.calendar }

    /// Builds every feasible scheduled placement: per student, per base she may go to, per part of
    /// her programme whose kinds fit the base, per feasible span, per compatible industry mentor.
    /// A rotation keeps only first parts some second part can follow, and the reverse.
    static func candidates(scenario: Scenario, schedule: Schedule, detail: MentorDetail) -> (Scheduling, CandidateSet) {
        let rules = ScheduleRules(scenario: scenario, schedule: schedule)
        let eligibility = EligibilityRules(scenario: scenario)
        var first: [Candidate] = [], second: [Candidate] = []
        var firstRanges: [Range<Int>] = [], secondRanges: [Range<Int>] = []
        for (si, student) in scenario.students.enumerated() {
            let firstStart = first.count, secondStart = second.count
            defer {
                firstRanges.append(firstStart..<first.count)
                secondRanges.append(secondStart..<second.count)
            }
            guard let programme = rules.programme(of: student) else { continue }
            if rules.usesAcademicMentors && rules.academicMentors(for: student).isEmpty { continue }
            var bases: [(index: Int, rank: Int16)] = []
            for (r, id) in student.preferences.enumerated() {
                if let bi = scenario.baseIndexByID[id] { bases.append((bi, Int16(clamping: r + 1))) }
            }
            if scenario.policy.allowUnranked {
                let ranked = Set(student.preferences)
                for bi in scenario.bases.indices where !ranked.contains(scenario.bases[bi].id) { bases.append((bi, 0)) }
            }
            var options: [[Candidate]] = Array(repeating: [], count: programme.parts.count)
            for (bi, rank) in bases {
                let base = scenario.bases[bi]
                guard eligibility.allowsIgnoringTerms(student: student, base: base) else { continue }
                var mentors: [Int32] = rules.usesIndustryMentors ? rules.industryMentors(for: student, base: base).map(Int32.init) : [-1]
                if mentors.isEmpty { continue }
                if !detail.industry(base.id) { mentors = [-1] }  // pooled: the mentor is assigned afterwards
                let cost = eligibility.cost(student: student, base: base, rank: rank == 0 ? nil : Int(rank))
                for (p, part) in programme.parts.enumerated() where rules.kindFits(base, part: part) {
                    for span in rules.spans(student: student, base: bi, working: part.weeks) {
                        for m in mentors {
                            options[p].append(
                                Candidate(
                                    student: Int32(si), base: Int32(bi), term: Int32(rules.calendar.weeks[span.lowerBound].term),
                                    rank: rank, cost: cost, firstWeek: Int16(span.lowerBound),
                                    lastWeek: Int16(span.upperBound), industryMentor: m))
                        }
                    }
                }
            }
            if programme.isRotation {
                let compatible = { (a: Candidate, b: Candidate) -> Bool in
                    Int(b.firstWeek) >= Int(a.lastWeek) + 1 + programme.gapWeeks && a.base != b.base
                        && (!programme.differentCountry || scenario.bases[Int(a.base)].country != scenario.bases[Int(b.base)].country)
                }
                let firsts = options[0].filter { a in options[1].contains { compatible(a, $0) } }
                let seconds = options[1].filter { b in options[0].contains { compatible($0, b) } }
                first += firsts
                second += seconds
            } else {
                first += options[0]
            }
        }
        let scheduling = Scheduling(rules: rules, mentorDetail: detail, secondParts: second, secondRanges: secondRanges)
        return (scheduling, CandidateSet(candidates: first, studentRanges: firstRanges))
    }

    /// Adds the binary columns of the second placements.
    mutating func addSecondPartColumns(to model: inout LinearModel, scenario: Scenario) {
        secondColumnStart = model.variableCount
        for c in secondParts {
            let week = calendar.weeks[Int(c.firstWeek)]
            model.addVariable(
                .init(
                    name:
                        "x2[\(scenario.students[Int(c.student)].id),\(scenario.bases[Int(c.base)].id),\(scenario.terms[week.term].id)/w\(week.numberInTerm)\(c.industryMentor >= 0 ? ",\(rules.schedule.industryMentors[Int(c.industryMentor)].id)" : "")]",
                    lower: 0, upper: 1, isInteger: true))
        }
    }

    /// Every placement column (first and second parts) with its candidate.
    public func placementColumns(_ f: Formulation) -> [(column: Int, candidate: Candidate)] {
        f.candidates.candidates.enumerated().map { ($0.offset, $0.element) }
            + secondParts.enumerated().map { (secondColumnStart + $0.offset, $0.element) }
    }

    /// Every placement part a solution chooses, with its weeks (first parts, then second parts).
    public func chosenStays(_ f: Formulation, _ values: [Double]) -> [MentorAssignment.Stay] {
        var stays: [MentorAssignment.Stay] = []
        for k in f.chosenCandidates(values) {
            let c = f.candidates.candidates[k]
            stays.append(.init(student: Int(c.student), part: 0, base: Int(c.base), weeks: Int(c.firstWeek)...Int(c.lastWeek)))
        }
        for (i, c) in secondParts.enumerated() where values[secondColumnStart + i] > 0.5 {
            stays.append(.init(student: Int(c.student), part: 1, base: Int(c.base), weeks: Int(c.firstWeek)...Int(c.lastWeek)))
        }
        return stays
    }

    /// A week written as TERM/wN.
    func weekLabel(_ w: Int, _ scenario: Scenario) -> String {
        let week = calendar.weeks[w]
        return "\(scenario.terms[week.term].id)/w\(week.numberInTerm)"
    }
}
