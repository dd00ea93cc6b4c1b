import PlacementDomain
import PlacementFormulation
import PlacementSolving

/// Reads a solved scheduled model back: the weeks, the second placement and the mentors of each
/// placement, and which of an unplaced student's bases still had a free span, with a mentor.
struct ScheduleReading {
    let formulation: Formulation
    let scheduling: Scheduling
    let values: [Double]
    /// Academic mentor per student, from the a-columns or her only compatible mentor.
    private let academicMentor: [Int: Int]
    /// Interns per (base, week), both parts counted.
    private let occupancy: [[Int]]
    /// Interns per (mentor, week), as mentored in the solution read: academic mentors count both
    /// parts of a rotation, industry mentors the part at their base.
    private let academicLoad: [[Int]]
    private let industryLoad: [[Int]]

    /// Mentors assigned after the solve, when mentor groups were pooled.
    private let assigned: MentorChoice?

    init(formulation: Formulation, scheduling: Scheduling, values: [Double], mentors assigned: MentorChoice?) {
        self.formulation = formulation
        self.scheduling = scheduling
        self.values = values
        self.assigned = assigned
        var mentors = scheduling.onlyAcademicMentor
        for a in scheduling.academicColumns where values[a.column] > 0.5 && a.part == 0 { mentors[Int(a.student)] = Int(a.mentor) }
        academicMentor = assigned?.academic ?? mentors
        // One pass over the chosen stays (both parts) counts the seats and each mentor's interns.
        let schedule = scheduling.rules.schedule
        let weekCount = scheduling.calendar.weeks.count
        var occupancy = Array(repeating: Array(repeating: 0, count: weekCount), count: formulation.scenario.bases.count)
        var academicLoad = Array(repeating: Array(repeating: 0, count: weekCount), count: schedule.academicMentors.count)
        var industryLoad = Array(repeating: Array(repeating: 0, count: weekCount), count: schedule.industryMentors.count)
        let parts =
            formulation.chosenCandidates(values).map { (formulation.candidates.candidates[$0], 0) }
            + scheduling.secondParts.indices.filter { values[scheduling.secondColumnStart + $0] > 0.5 }.map { (scheduling.secondParts[$0], 1) }
        for (c, part) in parts {
            let academic = academicMentor[Int(c.student)], industry = Self.industryMentor(c, part: part, assigned: assigned)
            for w in Int(c.firstWeek)...Int(c.lastWeek) {
                occupancy[Int(c.base)][w] += 1
                if let academic { academicLoad[academic][w] += 1 }
                if let industry { industryLoad[industry][w] += 1 }
            }
        }
        self.occupancy = occupancy
        self.academicLoad = academicLoad
        self.industryLoad = industryLoad
    }

    func timing(firstPart k: Int) -> PlacementOutcome.Timing {
        let c = formulation.candidates.candidates[k]
        let s = Int(c.student)
        let second = scheduling.secondRanges[s].first { values[scheduling.secondColumnStart + $0] > 0.5 }.map { i -> PlacementOutcome.SecondPart in
            let d = scheduling.secondParts[i]
            return .init(
                base: Int(d.base), term: Int(d.term), rank: d.rank == 0 ? nil : Int(d.rank), cost: d.cost,
                firstWeek: Int(d.firstWeek), lastWeek: Int(d.lastWeek), industryMentor: industryMentor(d, part: 1))
        }
        return .init(
            firstWeek: Int(c.firstWeek), lastWeek: Int(c.lastWeek), academicMentor: academicMentor[s],
            industryMentor: industryMentor(c, part: 0), second: second)
    }

    private func industryMentor(_ c: Candidate, part: Int) -> Int? { Self.industryMentor(c, part: part, assigned: assigned) }

    private static func industryMentor(_ c: Candidate, part: Int, assigned: MentorChoice?) -> Int? {
        if let assigned {
            return assigned.industry[.init(student: Int(c.student), part: part, base: Int(c.base), weeks: Int(c.firstWeek)...Int(c.lastWeek))]
        }
        return c.industryMentor >= 0 ? Int(c.industryMentor) : nil
    }

    /// An unplaced student's bases as BASE/TERM labels, each in one list: `full` (no span with a
    /// seat free in every week), `withoutMentor` (spans with seats, but in each of them every
    /// compatible mentor of a kind in `missing` had a full week), or `free` (a span with seats and
    /// mentors: the solution left her out for other rules, or was not optimal). A rotation is
    /// judged by its first part.
    func unplacedBases(student s: Int) -> (full: [String], withoutMentor: [String], missing: [Schedule.Mentor.Kind], free: [String]) {
        let scenario = formulation.scenario
        let rules = scheduling.rules
        let student = scenario.students[s]
        let academic = rules.usesAcademicMentors ? rules.academicMentors(for: student) : nil
        var seatKeys: Set<String> = [], freeKeys: Set<String> = [], order: [String] = []
        var missing: Set<Schedule.Mentor.Kind> = []
        /// Whether one of `mentors` (nil: that kind is not used) has room in every week of `weeks`.
        func room(_ mentors: [Int]?, _ load: [[Int]], _ all: [Schedule.Mentor], _ weeks: ClosedRange<Int>) -> Bool {
            guard let mentors else { return true }
            return mentors.contains { m in weeks.allSatisfy { load[m][$0] < all[m].maxInterns } }
        }
        for k in formulation.candidates.studentRanges[s] {
            let c = formulation.candidates.candidates[k]
            let base = Int(c.base), weeks = Int(c.firstWeek)...Int(c.lastWeek)
            let label = "\(scenario.bases[base].id)/\(scenario.terms[Int(c.term)].id)"
            if !order.contains(label) { order.append(label) }
            guard weeks.allSatisfy({ occupancy[base][$0] < scheduling.calendar.seats[base][$0] }) else { continue }
            seatKeys.insert(label)
            let industry = rules.usesIndustryMentors ? rules.industryMentors(for: student, base: scenario.bases[base]) : nil
            let academicRoom = room(academic, academicLoad, rules.schedule.academicMentors, weeks)
            let industryRoom = room(industry, industryLoad, rules.schedule.industryMentors, weeks)
            if academicRoom && industryRoom {
                freeKeys.insert(label)
            } else {
                if !academicRoom { missing.insert(.academic) }
                if !industryRoom { missing.insert(.industry) }
            }
        }
        return (
            order.filter { !seatKeys.contains($0) }, order.filter { seatKeys.contains($0) && !freeKeys.contains($0) },
            [.academic, .industry].filter { missing.contains($0) }, order.filter { freeKeys.contains($0) }
        )
    }
}
