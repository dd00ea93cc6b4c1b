import PlacementDomain

/// The schedule columns of placements.csv, schedule.csv and mentors.csv (scheduled scenarios only).
extension ReportSet {
    /// Columns placements.csv adds for scheduled scenarios. `cost` stays the (first) placement's
    /// cost, like `rank`; `total_cost` adds a rotation's second part and is what the objective sums.
    static let scheduleColumns = [
        "programme", "start_date", "end_date", "start_week", "end_week", "working_weeks", "closure_weeks",
        "academic_mentor", "industry_mentor", "second_base", "second_term", "second_rank", "second_cost",
        "second_start_date", "second_end_date", "second_industry_mentor", "total_cost"
    ]

    func scheduleCells(_ f: ScheduleFigures, student: Student, placement: PlacementOutcome.Placement?) -> [CSVWriter.Cell] {
        let programme: CSVWriter.Cell = f.programme(of: student).map { .text($0.id) } ?? .empty
        guard let p = placement, let t = p.timing else { return [programme] + Array(repeating: .empty, count: Self.scheduleColumns.count - 1) }
        let first = ScheduleFigures.Stay(
            student: p.student, base: p.base, term: p.term, part: 0, firstWeek: t.firstWeek, lastWeek: t.lastWeek,
            industryMentor: t.industryMentor)
        func mentor(_ m: Int?, _ list: [Schedule.Mentor]) -> CSVWriter.Cell { m.map { .text(list[$0].id) } ?? .empty }
        var cells: [CSVWriter.Cell] = [
            programme, .text(f.firstDay(t.firstWeek).description), .text(f.lastDay(t.lastWeek).description),
            .text(f.weekLabel(t.firstWeek)), .text(f.weekLabel(t.lastWeek)), .integer(f.workingWeeks(first)), .integer(f.closureWeeks(first)),
            mentor(t.academicMentor, f.schedule.academicMentors), mentor(t.industryMentor, f.schedule.industryMentors)
        ]
        if let second = t.second {
            cells += [
                .text(scenario.bases[second.base].id), .text(scenario.terms[second.term].id),
                second.rank.map { .integer($0) } ?? .text("unranked"), .number(second.cost),
                .text(f.firstDay(second.firstWeek).description), .text(f.lastDay(second.lastWeek).description),
                mentor(second.industryMentor, f.schedule.industryMentors)
            ]
        } else {
            cells += Array(repeating: .empty, count: 7)
        }
        return cells + [.number(p.totalCost)]
    }

    /// One row per base and week of the calendar (bases in roster order, weeks in date order).
    func scheduleCSV(_ f: ScheduleFigures) -> CSVWriter {
        var csv = CSVWriter(header: ["base_id", "term", "week", "week_start", "week_end", "seats", "interns", "closed", "students"])
        for (b, base) in scenario.bases.enumerated() {
            for (w, week) in f.calendar.weeks.enumerated() {
                let here = f.present[b][w]
                csv.row([
                    .text(base.id), .text(scenario.terms[week.term].id), .integer(week.numberInTerm),
                    .text(week.days.first.description), .text(week.days.last.description),
                    .integer(f.calendar.seats[b][w]), .integer(here.count),
                    .text(f.calendar.closureNames[b][w].joined(separator: "|")),
                    .text(here.map { scenario.students[$0].id }.joined(separator: "|"))
                ])
            }
        }
        return csv
    }

    /// One row per mentor and week in which she has interns (academic mentors first, each list in
    /// scenario order); a mentor without interns gets one row with empty week cells, so that every
    /// mentor is listed. `total_interns` and `peak_load` repeat her totals on each of her rows.
    func mentorsCSV(_ f: ScheduleFigures) -> CSVWriter {
        var csv = CSVWriter(header: [
            "mentor_id", "mentor_name", "kind", "home", "max_interns", "total_interns", "peak_load",
            "term", "week", "week_start", "week_end", "load", "interns"
        ])
        for kind in [Schedule.Mentor.Kind.academic, .industry] {
            for (m, mentor) in f.mentors(kind).enumerated() {
                let head: [CSVWriter.Cell] = [
                    .text(mentor.id), .text(mentor.name), .text(kind.rawValue), .text(mentor.home),
                    .integer(mentor.maxInterns), .integer(f.interns(kind, m)), .integer(f.peak(kind, m)?.load ?? 0)
                ]
                let busy = f.calendar.weeks.indices.filter { !f.load(kind)[m][$0].isEmpty }
                if busy.isEmpty { csv.row(head + [.empty, .empty, .empty, .empty, .integer(0), .empty]) }
                for w in busy {
                    let week = f.calendar.weeks[w], here = f.load(kind)[m][w]
                    csv.row(
                        head + [
                            .text(scenario.terms[week.term].id), .integer(week.numberInTerm), .text(week.days.first.description),
                            .text(week.days.last.description), .integer(here.count),
                            .text(here.map { scenario.students[$0].id }.joined(separator: "|"))
                        ])
                }
            }
        }
        return csv
    }
}
