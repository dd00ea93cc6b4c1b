import PlacementDomain
import PlacementModel

/// Mentors chosen after a pooled solve, with every placement's weeks fixed. Groups are
/// independent (a university's academic mentors, a base's industry mentors), so each is a small
/// model of its own: every intern gets exactly one compatible mentor of the group, no mentor goes
/// over her weekly maximum, and with `balance_mentor_load` the group's busiest week is minimised.
/// The largest of the groups' optima is then the optimum over all mentors of that kind.
public struct MentorAssignment: Sendable {
    /// One placement part as the schedule fixed it.
    public struct Stay: Sendable, Hashable {
        public let student: Int
        /// 0 for the (first) placement, 1 for a rotation's second.
        public let part: Int
        public let base: Int
        public let weeks: ClosedRange<Int>
        public init(student: Int, part: Int, base: Int, weeks: ClosedRange<Int>) {
            self.student = student
            self.part = part
            self.base = base
            self.weeks = weeks
        }
    }

    /// A group's model: column j assigns `items[j].owner` (a student for academic groups, a stay
    /// for industry groups) to `items[j].mentor`.
    public struct Group: Sendable {
        public let kind: Schedule.Mentor.Kind
        /// University id or base id.
        public let name: String
        public let model: LinearModel
        public let items: [(owner: Int, mentor: Int)]
        /// An assignment made without a solver (see `GreedyMentors`).
        public let greedy: GreedyMentors
        /// The stays of the group's interns, in the order of its model: two groups of a kind and
        /// name with the same stays have the same model.
        public let stays: [Stay]
    }

    public let groups: [Group]

    public init(scheduling: Scheduling, stays: [Stay], balance: Bool) {
        let scenario = scheduling.rules.scenario
        let schedule = scheduling.rules.schedule
        var groups: [Group] = []
        if scheduling.rules.usesAcademicMentors {
            var byUniversity: [String: [Int]] = [:]
            var staysOf: [Int: [Stay]] = [:]
            for stay in stays {
                if staysOf[stay.student] == nil { byUniversity[scenario.students[stay.student].university, default: []].append(stay.student) }
                staysOf[stay.student, default: []].append(stay)
            }
            for university in byUniversity.keys.sorted() {
                let students = byUniversity[university]!.sorted()
                let owners = students.map { s in
                    (owner: s, weeks: staysOf[s]!.map(\.weeks), mentors: scheduling.rules.academicMentors(for: scenario.students[s]))
                }
                groups.append(
                    Self.group(
                        kind: .academic, name: university, owners: owners, stays: students.flatMap { staysOf[$0]! },
                        mentors: schedule.academicMentors,
                        balance: balance))
            }
        }
        if scheduling.rules.usesIndustryMentors {
            var byBase: [Int: [Int]] = [:]
            for (i, stay) in stays.enumerated() { byBase[stay.base, default: []].append(i) }
            for base in byBase.keys.sorted() {
                let owners = byBase[base]!.map { i in
                    (
                        owner: i, weeks: [stays[i].weeks],
                        mentors: scheduling.rules.industryMentors(for: scenario.students[stays[i].student], base: scenario.bases[base])
                    )
                }
                groups.append(
                    Self.group(
                        kind: .industry, name: scenario.bases[base].id, owners: owners, stays: byBase[base]!.map { stays[$0] },
                        mentors: schedule.industryMentors, balance: balance))
            }
        }
        self.groups = groups
    }

    static func group(
        kind: Schedule.Mentor.Kind, name: String, owners: [(owner: Int, weeks: [ClosedRange<Int>], mentors: [Int])], stays: [Stay],
        mentors: [Schedule.Mentor], balance: Bool
    ) -> Group {
        var model = LinearModel()
        var items: [(owner: Int, mentor: Int)] = []
        var load: [Int: [Int: [LinearModel.Term]]] = [:]  // mentor → week → terms
        var columnOf: [[Int]] = []
        for o in owners {
            var one: [LinearModel.Term] = []
            columnOf.append([])
            for m in o.mentors {
                let column = model.addVariable(.init(name: "m[\(o.owner),\(mentors[m].id)]", lower: 0, upper: 1, isInteger: true))
                columnOf[columnOf.count - 1].append(column)
                items.append((o.owner, m))
                one.append(.init(column, 1))
                for span in o.weeks { for w in span { load[m, default: [:]][w, default: []].append(.init(column, 1)) } }
            }
            model.addConstraint(.init(name: "one[\(o.owner)]", terms: one, lower: 1, upper: 1))
        }
        let peak = balance ? model.addVariable(.init(name: "peak", lower: 0, upper: .infinity, isInteger: true)) : nil
        for m in load.keys.sorted() {
            for w in load[m]!.keys.sorted() {
                let terms = load[m]![w]!
                if terms.count > mentors[m].maxInterns {
                    model.addConstraint(.init(name: "cap[\(mentors[m].id),\(w)]", terms: terms, upper: Double(mentors[m].maxInterns)))
                }
                if let peak { model.addConstraint(.init(name: "peak[\(mentors[m].id),\(w)]", terms: terms + [.init(peak, -1)], upper: 0)) }
            }
        }
        model.objectives = [.init(name: "peak", sense: .minimize, terms: peak.map { [.init($0, 1)] } ?? [], isIntegral: true)]
        let greedy = GreedyMentors(owners: owners, mentors: mentors, columnOf: columnOf, columns: model.variableCount)
        return Group(kind: kind, name: name, model: model, items: items, greedy: greedy, stays: stays)
    }
}
