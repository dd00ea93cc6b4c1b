/// The scheduling rules of docs/scheduling.md as questions about one student and one base: which
/// spans of weeks she may take there for a part of her programme, and which mentors fit her.
/// Shared by the formulation (to create only feasible starts) and by the explanations of reports.
public struct ScheduleRules: Sendable {
    public let scenario: Scenario
    public let schedule: Schedule
    public let calendar: WeekCalendar
    private let academicByUniversity: [String: [Int]]
    private let industryByBase: [String: [Int]]

    public init(scenario: Scenario, schedule: Schedule) {
        self.scenario = scenario
        self.schedule = schedule
        calendar = WeekCalendar(scenario: scenario, schedule: schedule)
        academicByUniversity = Dictionary(grouping: schedule.academicMentors.indices, by: { schedule.academicMentors[$0].home })
        industryByBase = Dictionary(grouping: schedule.industryMentors.indices, by: { schedule.industryMentors[$0].home })
    }

    /// Her programme (her own, or the default).
    public func programme(of student: Student) -> Schedule.Programme? {
        schedule.programme(id: student.programme ?? schedule.defaultProgramme ?? "")
    }

    public func kindFits(_ base: Base, part: Schedule.Programme.Part) -> Bool {
        part.kinds.isEmpty || part.kinds.contains(base.kind)
    }

    /// Every span (first week...last week) she may take at the base for a part of `working`
    /// working weeks: inside one term she is available in, starting on a working week of the base,
    /// every covered week with seats, within her dates, and after her lead time.
    public func spans(student: Student, base bi: Int, working: Int) -> [ClosedRange<Int>] {
        let base = scenario.bases[bi]
        let lead = schedule.leadWeeks(nationality: student.nationality, country: base.country)
        let earliest = schedule.decisionDate.map { $0 + 7 * lead }
        var result: [ClosedRange<Int>] = []
        for (t, term) in scenario.terms.enumerated() where student.isAvailable(in: term.id) {
            for w in calendar.weeksByTerm[t] {
                let firstDay = calendar.weeks[w].days.first
                if let earliest, firstDay < earliest { continue }
                if let from = student.availableFrom, firstDay < from { continue }
                guard let span = calendar.span(base: bi, start: w, working: working) else { continue }
                if let to = student.availableTo, calendar.weeks[span.upperBound].days.last > to { break }
                result.append(span)
            }
        }
        return result
    }

    /// Academic mentors of her university who share a language with her (indices).
    public func academicMentors(for student: Student) -> [Int] {
        (academicByUniversity[student.university] ?? []).filter { schedule.compatible(student, schedule.academicMentors[$0]) }
    }

    /// Industry mentors of the base who share a language with her (indices).
    public func industryMentors(for student: Student, base: Base) -> [Int] {
        (industryByBase[base.id] ?? []).filter { schedule.compatible(student, schedule.industryMentors[$0]) }
    }

    public var usesAcademicMentors: Bool { !schedule.academicMentors.isEmpty }
    public var usesIndustryMentors: Bool { !schedule.industryMentors.isEmpty }

    /// The scheduling rules that keep her from the base (empty when some span and mentor fit a
    /// part of her programme).
    public func exclusions(student: Student, base bi: Int) -> [Exclusion] {
        guard let programme = programme(of: student) else { return [] }
        let base = scenario.bases[bi]
        let parts = programme.parts.filter { kindFits(base, part: $0) }
        if parts.isEmpty { return [.kindNotInProgramme(kind: base.kind, programme: programme.id)] }
        var reasons: [Exclusion] = []
        if usesAcademicMentors && academicMentors(for: student).isEmpty { reasons.append(.noCompatibleMentor(kind: "academic")) }
        if usesIndustryMentors && industryMentors(for: student, base: base).isEmpty { reasons.append(.noCompatibleMentor(kind: "industry")) }
        if parts.allSatisfy({ spans(student: student, base: bi, working: $0.weeks).isEmpty }) {
            reasons.append(.noFeasibleStart(weeks: parts.map(\.weeks).min() ?? 0))
        }
        return reasons
    }
}
