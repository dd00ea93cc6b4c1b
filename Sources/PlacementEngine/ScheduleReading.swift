import PlacementDomain
import PlacementFormulation
import PlacementSolving

/// Reads a solved scheduled model back: the weeks, the second placement and the mentors of each
/// placement, and which of an unplaced student's bases still had a free span.
struct ScheduleReading {
    let formulation: Formulation
    let scheduling: Scheduling
    let values: [Double]
    /// Academic mentor per student, from the a-columns or her only compatible mentor.
    private let academicMentor: [Int: Int]
    /// Interns per (base, week), both parts counted.
    private let occupancy: [[Int]]

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
        var occupancy = Array(repeating: Array(repeating: 0, count: scheduling.calendar.weeks.count), count: formulation.scenario.bases.count)
        for stay in scheduling.chosenStays(formulation, values) {
            for w in stay.weeks { occupancy[stay.base][w] += 1 }
        }
        self.occupancy = occupancy
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

    private func industryMentor(_ c: Candidate, part: Int) -> Int? {
        if let assigned {
            return assigned.industry[.init(student: Int(c.student), part: part, base: Int(c.base), weeks: Int(c.firstWeek)...Int(c.lastWeek))]
        }
        return c.industryMentor >= 0 ? Int(c.industryMentor) : nil
    }

    /// An unplaced student's bases as BASE/TERM labels: full (no span with a seat free in every
    /// week) or free (some span had seats; the optimum left her out for other rules or mentors).
    func fullAndFree(student s: Int) -> (full: [String], free: [String]) {
        let scenario = formulation.scenario
        var freeKeys: Set<String> = [], order: [String] = []
        for k in formulation.candidates.studentRanges[s] {
            let c = formulation.candidates.candidates[k]
            let label = "\(scenario.bases[Int(c.base)].id)/\(scenario.terms[Int(c.term)].id)"
            if !order.contains(label) { order.append(label) }
            let fits = (Int(c.firstWeek)...Int(c.lastWeek)).allSatisfy { occupancy[Int(c.base)][$0] < scheduling.calendar.seats[Int(c.base)][$0] }
            if fits { freeKeys.insert(label) }
        }
        return (order.filter { !freeKeys.contains($0) }, order.filter { freeKeys.contains($0) })
    }
}
