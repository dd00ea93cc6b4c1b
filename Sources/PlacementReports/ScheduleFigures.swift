import PlacementDomain

/// The weekly figures of a scheduled scenario, computed once from the calendar and the
/// placements' timings, and shared by every report file (placements.csv, schedule.csv,
/// mentors.csv, summary.md, report.json, report.html) so that they all tell the same story.
struct ScheduleFigures: Sendable {
    /// One internship at one base: a whole placement, or one part of a rotation.
    struct Stay: Sendable {
        let student: Int
        let base: Int
        let term: Int
        /// 0 for the (first) placement, 1 for the second part of a rotation.
        let part: Int
        let firstWeek: Int
        let lastWeek: Int
        let industryMentor: Int?
        var weeks: ClosedRange<Int> { firstWeek...lastWeek }
    }

    let scenario: Scenario
    let schedule: Schedule
    let calendar: WeekCalendar
    /// Every stay, in student order (first part before second).
    let stays: [Stay]
    /// present[base][week]: students at the base that week, sorted by id.
    let present: [[[Int]]]
    /// academicLoad[mentor][week] / industryLoad[mentor][week]: her interns that week, sorted by id.
    let academicLoad: [[[Int]]]
    let industryLoad: [[[Int]]]
    /// Academic mentor per student index.
    let academicOf: [Int: Int]

    init(scenario: Scenario, schedule: Schedule, outcome: PlacementOutcome) {
        self.scenario = scenario
        self.schedule = schedule
        let calendar = WeekCalendar(scenario: scenario, schedule: schedule)
        self.calendar = calendar
        var stays: [Stay] = []
        var academicOf: [Int: Int] = [:]
        for p in outcome.placements.compactMap({ $0 }) {
            guard let t = p.timing else { continue }
            stays.append(
                Stay(
                    student: p.student, base: p.base, term: p.term, part: 0, firstWeek: t.firstWeek, lastWeek: t.lastWeek,
                    industryMentor: t.industryMentor))
            if let second = t.second {
                stays.append(
                    Stay(
                        student: p.student, base: second.base, term: second.term, part: 1, firstWeek: second.firstWeek,
                        lastWeek: second.lastWeek, industryMentor: second.industryMentor))
            }
            if let m = t.academicMentor { academicOf[p.student] = m }
        }
        self.stays = stays
        self.academicOf = academicOf
        let weekCount = calendar.weeks.count
        func empty(_ n: Int) -> [[[Int]]] { Array(repeating: Array(repeating: [], count: weekCount), count: n) }
        var present = empty(scenario.bases.count)
        var academic = empty(schedule.academicMentors.count), industry = empty(schedule.industryMentors.count)
        for stay in stays {
            // Out-of-range weeks would be an engine bug; the verifier reports them, the reports skip them.
            for w in stay.weeks where w >= 0 && w < weekCount {
                present[stay.base][w].append(stay.student)
                if let m = stay.industryMentor, m < industry.count { industry[m][w].append(stay.student) }
                if let m = academicOf[stay.student], m < academic.count { academic[m][w].append(stay.student) }
            }
        }
        let byID: (Int, Int) -> Bool = { scenario.students[$0].id < scenario.students[$1].id }
        self.present = present.map { $0.map { $0.sorted(by: byID) } }
        academicLoad = academic.map { $0.map { $0.sorted(by: byID) } }
        industryLoad = industry.map { $0.map { $0.sorted(by: byID) } }
    }

    // MARK: Weeks and dates

    /// A week as TERM/number-in-term, e.g. 2027-spring/3.
    func weekLabel(_ w: Int) -> String {
        let week = calendar.weeks[w]
        return "\(scenario.terms[week.term].id)/\(week.numberInTerm)"
    }

    func firstDay(_ w: Int) -> Day { calendar.weeks[w].days.first }
    func lastDay(_ w: Int) -> Day { calendar.weeks[w].days.last }

    /// Weeks of the stay that count towards her programme, and closure weeks she keeps her seat through.
    func workingWeeks(_ stay: Stay) -> Int { stay.weeks.filter { !calendar.closed[stay.base][$0] }.count }
    func closureWeeks(_ stay: Stay) -> Int { stay.weeks.count - workingWeeks(stay) }

    func programme(of student: Student) -> Schedule.Programme? {
        schedule.programme(id: student.programme ?? schedule.defaultProgramme ?? "")
    }

    // MARK: Loads

    func load(_ kind: Schedule.Mentor.Kind) -> [[[Int]]] { kind == .academic ? academicLoad : industryLoad }
    func mentors(_ kind: Schedule.Mentor.Kind) -> [Schedule.Mentor] { kind == .academic ? schedule.academicMentors : schedule.industryMentors }

    /// Distinct interns of a mentor over the whole calendar (a rotation student counts once).
    func interns(_ kind: Schedule.Mentor.Kind, _ m: Int) -> Int { Set(load(kind)[m].joined()).count }

    /// The busiest week of a mentor: (week, interns); nil when she has none.
    func peak(_ kind: Schedule.Mentor.Kind, _ m: Int) -> (week: Int, load: Int)? {
        busiest(load(kind)[m].map(\.count))
    }

    /// The busiest week of a base: (week, interns); nil when it hosts nobody.
    func peak(base b: Int) -> (week: Int, load: Int)? { busiest(present[b].map(\.count)) }

    /// Intern-weeks of a base: the sum over weeks of its interns.
    func internWeeks(base b: Int) -> Int { present[b].reduce(0) { $0 + $1.count } }

    /// The first week with the largest count (nil when every count is 0).
    private func busiest(_ counts: [Int]) -> (week: Int, load: Int)? {
        var best: (week: Int, load: Int)? = nil
        for (w, n) in counts.enumerated() where n > (best?.load ?? 0) { best = (w, n) }
        return best
    }

    /// Students on a rotation programme, and how many of them are placed (both parts).
    var rotations: (students: Int, placed: Int) {
        let onRotation = scenario.students.indices.filter { programme(of: scenario.students[$0])?.isRotation == true }
        let placed = Set(stays.filter { $0.part == 1 }.map(\.student))
        return (onRotation.count, onRotation.filter { placed.contains($0) }.count)
    }
}
