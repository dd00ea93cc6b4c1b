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
    public var id: RuleFamilyID { .mentors }

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
            var pooled: [String: [PoolItem]] = [:]
            for (s, student) in scenario.students.enumerated() {
                let firsts = f.candidates.studentRanges[s].map { (column: $0, candidate: f.candidates.candidates[$0]) }
                guard !firsts.isEmpty else { continue }
                let seconds = scheduling.secondRanges[s].map { (column: scheduling.secondColumnStart + $0, candidate: scheduling.secondParts[$0]) }
                let mentors = scheduling.rules.academicMentors(for: student)
                guard scheduling.mentorDetail.academic(student.university) else {
                    for (column, c) in firsts + seconds {
                        pooled[student.university, default: []].append(
                            .init(column: column, weeks: Int(c.firstWeek)...Int(c.lastWeek), compatible: mentors))
                    }
                    continue
                }
                if mentors.count == 1 {
                    scheduling.onlyAcademicMentor[s] = mentors[0]
                    for (column, c) in firsts + seconds {
                        add(&academicLoad, mentor: mentors[0], weeks: Int(c.firstWeek)...Int(c.lastWeek), column: column)
                    }
                    continue
                }
                var byMentorPart: [Int: [[LinearModel.Term]]] = [:]
                for (part, columns) in [firsts, seconds].enumerated() where !columns.isEmpty {
                    var bySpan: [ClosedRange<Int>: [Int]] = [:]
                    for (column, c) in columns { bySpan[Int(c.firstWeek)...Int(c.lastWeek), default: []].append(column) }
                    for span in bySpan.keys.sorted(by: { ($0.lowerBound, $0.upperBound) < ($1.lowerBound, $1.upperBound) }) {
                        var link = bySpan[span]!.map { LinearModel.Term($0, -1) }
                        for m in mentors {
                            let a = f.model.addVariable(
                                .init(
                                    name:
                                        "a[\(student.id),\(schedule.academicMentors[m].id),p\(part + 1),\(scheduling.weekLabel(span.lowerBound, scenario))-\(scheduling.weekLabel(span.upperBound, scenario))]",
                                    lower: 0, upper: 1, isInteger: true))
                            scheduling.academicColumns.append(
                                .init(
                                    column: a, student: Int32(s), mentor: Int32(m), part: Int8(part),
                                    firstWeek: Int16(span.lowerBound), lastWeek: Int16(span.upperBound)))
                            link.append(.init(a, 1))
                            add(&academicLoad, mentor: m, weeks: span, column: a)
                            byMentorPart[m, default: [[], []]][part].append(.init(a, 1))
                        }
                        f.model.addConstraint(
                            .init(
                                name:
                                    "mentor[\(student.id),p\(part + 1),\(scheduling.weekLabel(span.lowerBound, scenario))-\(scheduling.weekLabel(span.upperBound, scenario))]",
                                terms: link, lower: 0, upper: 0))
                    }
                }
                if !seconds.isEmpty {
                    // The same academic mentor follows both parts of a rotation.
                    for m in mentors {
                        let parts = byMentorPart[m] ?? [[], []]
                        f.model.addConstraint(
                            .init(
                                name: "same_mentor[\(student.id),\(schedule.academicMentors[m].id)]",
                                terms: parts[0] + parts[1].map { .init($0.variable, -1) }, lower: 0, upper: 0))
                    }
                }
            }
            Self.capacityRows(academicLoad, mentors: schedule.academicMentors, scheduling: scheduling, into: &f)
            for university in pooled.keys.sorted() {
                Self.pooledRows(group: university, items: pooled[university]!, mentors: schedule.academicMentors, scheduling: scheduling, into: &f)
            }
        }
        if scheduling.rules.usesIndustryMentors {
            var pooled: [Int32: [PoolItem]] = [:]
            for (column, c) in scheduling.placementColumns(f) {
                if c.industryMentor >= 0 {
                    add(&industryLoad, mentor: Int(c.industryMentor), weeks: Int(c.firstWeek)...Int(c.lastWeek), column: column)
                } else {
                    let mentors = scheduling.rules.industryMentors(for: scenario.students[Int(c.student)], base: scenario.bases[Int(c.base)])
                    pooled[c.base, default: []].append(.init(column: column, weeks: Int(c.firstWeek)...Int(c.lastWeek), compatible: mentors))
                }
            }
            Self.capacityRows(industryLoad, mentors: schedule.industryMentors, scheduling: scheduling, into: &f)
            for base in pooled.keys.sorted() {
                Self.pooledRows(
                    group: scenario.bases[Int(base)].id, items: pooled[base]!, mentors: schedule.industryMentors, scheduling: scheduling, into: &f)
            }
        }
        scheduling.academicLoad = academicLoad
        scheduling.industryLoad = industryLoad
        f.scheduling = scheduling
        f.model.isNetworkStructured = false
    }

    struct PoolItem {
        let column: Int
        let weeks: ClosedRange<Int>
        /// Her compatible mentors in the group (sorted indices).
        let compatible: [Int]
    }

    /// Pooled mentor rows of one group (a university's academic mentors or a base's industry
    /// mentors): for each set S of mentors that is some intern's compatible set, and each week,
    /// the interns whose compatible mentors all lie in S number at most S's total capacity.
    static func pooledRows(group: String, items: [PoolItem], mentors: [Schedule.Mentor], scheduling: Scheduling, into f: inout Formulation) {
        let sets = Set(items.map(\.compatible)).sorted { $0.lexicographicallyPrecedes($1) }
        for set in sets {
            let capacity = set.reduce(0) { $0 + mentors[$1].maxInterns }
            let members = Set(set)
            var byWeek: [Int: [LinearModel.Term]] = [:]
            for item in items where item.compatible.allSatisfy(members.contains) {
                for w in item.weeks { byWeek[w, default: []].append(.init(item.column, 1)) }
            }
            let names = set.map { mentors[$0].id }.joined(separator: "+")
            let kind = mentors[set[0]].kind.rawValue
            for w in byWeek.keys.sorted() where byWeek[w]!.count > capacity {
                let label = scheduling.weekLabel(w, f.scenario)
                f.model.addConstraint(
                    .init(
                        name: "\(kind)_pool[\(group),\(names),\(label)]", terms: byWeek[w]!, upper: Double(capacity),
                        family: "\(kind) \(RuleFamilyID.mentors.diagnosis!)",
                        meaning: "\(kind) mentors \(names) of \(group) take at most \(capacity) interns together in week \(label)"))
            }
        }
    }

    /// load(m, w) ≤ max_interns(m), for the (mentor, week) pairs where it can bind.
    static func capacityRows(
        _ load: [Scheduling.MentorWeek: [LinearModel.Term]], mentors: [Schedule.Mentor],
        scheduling: Scheduling, into f: inout Formulation
    ) {
        for key in load.keys.sorted() {
            let mentor = mentors[Int(key.mentor)]
            let terms = load[key]!
            guard terms.count > mentor.maxInterns else { continue }
            let label = scheduling.weekLabel(Int(key.week), f.scenario)
            f.model.addConstraint(
                .init(
                    name: "\(mentor.kind.rawValue)_mentor[\(mentor.id),\(label)]", terms: terms, upper: Double(mentor.maxInterns),
                    family: "\(mentor.kind.rawValue) \(RuleFamilyID.mentors.diagnosis!)",
                    meaning: "\(mentor.kind.rawValue) mentor \(mentor.id) takes at most \(mentor.maxInterns) interns in week \(label)"))
        }
    }
}
