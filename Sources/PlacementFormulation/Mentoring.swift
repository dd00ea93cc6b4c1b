import PlacementDomain
import PlacementModel

/// Scheduling: every placed intern has an academic mentor from her university (one for both parts
/// of a rotation) and, per placement, an industry mentor from its base, both sharing a language
/// with her; no mentor has more than her maximum of interns in any week.
///
/// Industry mentors are part of each placement column already. Academic mentors get columns
/// a[s, m, part, span] (1 when mentor m follows her placement of that span), linked by
/// Σ_m a[s, m, part, span] = Σ x[s, part, span]; a student with one compatible mentor needs none.
public struct Mentoring: RuleFamily {
    public init() {}
    public var name: String { "dual mentoring (academic and industry mentor capacity)" }

    public func apply(to f: inout Formulation) {
        guard var scheduling = f.scheduling else { return }
        let scenario = f.scenario
        let schedule = scheduling.rules.schedule
        var academicLoad: [Scheduling.MentorWeek: [LinearModel.Term]] = [:]
        var industryLoad: [Scheduling.MentorWeek: [LinearModel.Term]] = [:]
        func add(_ load: inout [Scheduling.MentorWeek: [LinearModel.Term]], mentor: Int, weeks: ClosedRange<Int>, column: Int) {
            for w in weeks { load[.init(mentor: Int32(mentor), week: Int32(w)), default: []].append(.init(column, 1)) }
        }

        if scheduling.rules.usesAcademicMentors {
            for (s, student) in scenario.students.enumerated() {
                let firsts = f.candidates.studentRanges[s].map { (column: $0, candidate: f.candidates.candidates[$0]) }
                guard !firsts.isEmpty else { continue }
                let seconds = scheduling.secondRanges[s].map { (column: scheduling.secondColumnStart + $0, candidate: scheduling.secondParts[$0]) }
                let mentors = scheduling.rules.academicMentors(for: student)
                if mentors.count == 1 {
                    scheduling.onlyAcademicMentor[s] = mentors[0]
                    for (column, c) in firsts + seconds { add(&academicLoad, mentor: mentors[0], weeks: Int(c.firstWeek)...Int(c.lastWeek), column: column) }
                    continue
                }
                var byMentorPart: [Int: [[LinearModel.Term]]] = [:]
                for (part, columns) in [firsts, seconds].enumerated() where !columns.isEmpty {
                    var bySpan: [ClosedRange<Int>: [Int]] = [:]
                    for (column, c) in columns { bySpan[Int(c.firstWeek)...Int(c.lastWeek), default: []].append(column) }
                    for span in bySpan.keys.sorted(by: { ($0.lowerBound, $0.upperBound) < ($1.lowerBound, $1.upperBound) }) {
                        var link = bySpan[span]!.map { LinearModel.Term($0, -1) }
                        for m in mentors {
                            let a = f.model.addVariable(.init(name: "a[\(student.id),\(schedule.academicMentors[m].id),p\(part + 1),\(scheduling.weekLabel(span.lowerBound, scenario))-\(scheduling.weekLabel(span.upperBound, scenario))]",
                                                              lower: 0, upper: 1, isInteger: true))
                            scheduling.academicColumns.append(.init(column: a, student: Int32(s), mentor: Int32(m), part: Int8(part),
                                                                    firstWeek: Int16(span.lowerBound), lastWeek: Int16(span.upperBound)))
                            link.append(.init(a, 1))
                            add(&academicLoad, mentor: m, weeks: span, column: a)
                            byMentorPart[m, default: [[], []]][part].append(.init(a, 1))
                        }
                        f.model.addConstraint(.init(name: "mentor[\(student.id),p\(part + 1),\(scheduling.weekLabel(span.lowerBound, scenario))]",
                                                    terms: link, lower: 0, upper: 0))
                    }
                }
                if !seconds.isEmpty {
                    // The same academic mentor follows both parts of a rotation.
                    for m in mentors {
                        let parts = byMentorPart[m] ?? [[], []]
                        f.model.addConstraint(.init(name: "same_mentor[\(student.id),\(schedule.academicMentors[m].id)]",
                                                    terms: parts[0] + parts[1].map { .init($0.variable, -1) }, lower: 0, upper: 0))
                    }
                }
            }
            Self.capacityRows(academicLoad, mentors: schedule.academicMentors, scheduling: scheduling, into: &f)
        }
        if scheduling.rules.usesIndustryMentors {
            for (column, c) in scheduling.placementColumns(f) where c.industryMentor >= 0 {
                add(&industryLoad, mentor: Int(c.industryMentor), weeks: Int(c.firstWeek)...Int(c.lastWeek), column: column)
            }
            Self.capacityRows(industryLoad, mentors: schedule.industryMentors, scheduling: scheduling, into: &f)
        }
        scheduling.academicLoad = academicLoad
        scheduling.industryLoad = industryLoad
        f.scheduling = scheduling
        f.model.isNetworkStructured = false
    }

    /// load(m, w) ≤ max_interns(m), for the (mentor, week) pairs where it can bind.
    static func capacityRows(_ load: [Scheduling.MentorWeek: [LinearModel.Term]], mentors: [Schedule.Mentor],
                             scheduling: Scheduling, into f: inout Formulation) {
        for key in load.keys.sorted() {
            let mentor = mentors[Int(key.mentor)]
            let terms = load[key]!
            guard terms.count > mentor.maxInterns else { continue }
            let label = scheduling.weekLabel(Int(key.week), f.scenario)
            f.model.addConstraint(.init(name: "\(mentor.kind.rawValue)_mentor[\(mentor.id),\(label)]", terms: terms, upper: Double(mentor.maxInterns),
                                        family: "\(mentor.kind.rawValue) mentor capacity",
                                        meaning: "\(mentor.kind.rawValue) mentor \(mentor.id) takes at most \(mentor.maxInterns) interns in week \(label)"))
        }
    }
}
