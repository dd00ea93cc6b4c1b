import PlacementDomain

/// report.json for scheduled scenarios: each placement's weeks and mentors, and a `schedule`
/// object with the calendar, per-base weekly seats and interns, and per-mentor weekly loads.
/// Week lists are in calendar order; `weeks[i]` is the week that index i of every list means.
extension ReportJSON {
    struct ScheduleInfo: JSONWritable {
        let decision_date: String?
        let mentor_language_minimum: String
        let weeks: [WeekInfo]
        let closures: [ClosureInfo]
        let rotation_students: Int
        let rotations_placed: Int
        let bases: [BaseWeeks]
        let mentors: [MentorWeeks]
    }
    struct WeekInfo: JSONWritable { let term: String; let week: Int; let start: String; let end: String }
    struct ClosureInfo: JSONWritable { let name: String; let from: String; let to: String; let countries: [String]; let bases: [String] }
    struct BaseWeeks: JSONWritable {
        let base: String
        let seats: [Int]
        let interns: [Int]
        /// Indices into `weeks` of its closure weeks.
        let closed_weeks: [Int]
        let peak: Int
    }
    struct MentorWeeks: JSONWritable {
        let id: String
        let kind: String
        let home: String
        let max_interns: Int
        /// Distinct interns over the calendar.
        let interns: Int
        let peak_load: Int
        let load: [Int]
    }

    func programme(_ student: Student) -> String? { report.statistics.schedule?.programme(of: student)?.id }

    func timing(_ p: PlacementOutcome.Placement) -> Timing? {
        guard let f = report.statistics.schedule, let t = p.timing else { return nil }
        let s = report.scenario, schedule = f.schedule
        let first = ScheduleFigures.Stay(
            student: p.student, base: p.base, term: p.term, part: 0, firstWeek: t.firstWeek, lastWeek: t.lastWeek,
            industryMentor: t.industryMentor)
        let second = t.second.map { d -> Second in
            let stay = ScheduleFigures.Stay(
                student: p.student, base: d.base, term: d.term, part: 1, firstWeek: d.firstWeek, lastWeek: d.lastWeek,
                industryMentor: d.industryMentor)
            return Second(
                base: s.bases[d.base].id, term: s.terms[d.term].id, rank: d.rank, cost: d.cost,
                start_date: f.firstDay(d.firstWeek).description, end_date: f.lastDay(d.lastWeek).description,
                start_week: f.weekLabel(d.firstWeek), end_week: f.weekLabel(d.lastWeek),
                working_weeks: f.workingWeeks(stay), closure_weeks: f.closureWeeks(stay),
                industry_mentor: d.industryMentor.map { schedule.industryMentors[$0].id })
        }
        return Timing(
            start_date: f.firstDay(t.firstWeek).description, end_date: f.lastDay(t.lastWeek).description,
            start_week: f.weekLabel(t.firstWeek), end_week: f.weekLabel(t.lastWeek),
            working_weeks: f.workingWeeks(first), closure_weeks: f.closureWeeks(first),
            academic_mentor: t.academicMentor.map { schedule.academicMentors[$0].id },
            industry_mentor: t.industryMentor.map { schedule.industryMentors[$0].id },
            second: second, total_cost: p.totalCost)
    }

    func scheduleInfo(_ f: ScheduleFigures) -> ScheduleInfo {
        let s = report.scenario, schedule = f.schedule
        let weeks = f.calendar.weeks.map {
            WeekInfo(term: s.terms[$0.term].id, week: $0.numberInTerm, start: $0.days.first.description, end: $0.days.last.description)
        }
        let closures = schedule.closures.map {
            ClosureInfo(
                name: $0.name, from: $0.days.first.description, to: $0.days.last.description,
                countries: $0.countries.sorted(), bases: $0.bases.sorted())
        }
        let bases = s.bases.indices.map { b in
            BaseWeeks(
                base: s.bases[b].id, seats: f.calendar.seats[b], interns: f.present[b].map(\.count),
                closed_weeks: f.calendar.closed[b].indices.filter { f.calendar.closed[b][$0] }, peak: f.peak(base: b)?.load ?? 0)
        }
        var mentors: [MentorWeeks] = []
        for kind in [Schedule.Mentor.Kind.academic, .industry] {
            for (m, mentor) in f.mentors(kind).enumerated() {
                mentors.append(
                    MentorWeeks(
                        id: mentor.id, kind: kind.rawValue, home: mentor.home, max_interns: mentor.maxInterns,
                        interns: f.interns(kind, m), peak_load: f.peak(kind, m)?.load ?? 0, load: f.load(kind)[m].map(\.count)))
            }
        }
        let rotations = f.rotations
        return ScheduleInfo(
            decision_date: schedule.decisionDate?.description, mentor_language_minimum: schedule.mentorLanguageMinimum.written,
            weeks: weeks, closures: closures, rotation_students: rotations.students, rotations_placed: rotations.placed,
            bases: bases, mentors: mentors)
    }
}

extension ReportJSON.ScheduleInfo {
    func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("bases", bases); w.field("closures", closures); w.field("decision_date", decision_date)
            w.field("mentor_language_minimum", mentor_language_minimum); w.field("mentors", mentors)
            w.field("rotation_students", rotation_students); w.field("rotations_placed", rotations_placed); w.field("weeks", weeks)
        }
    }
}
extension ReportJSON.WeekInfo {
    func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("end", end); w.field("start", start); w.field("term", term); w.field("week", week)
        }
    }
}
extension ReportJSON.ClosureInfo {
    func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("bases", bases); w.field("countries", countries); w.field("from", from); w.field("name", name); w.field("to", to)
        }
    }
}
extension ReportJSON.BaseWeeks {
    func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("base", base); w.field("closed_weeks", closed_weeks); w.field("interns", interns); w.field("peak", peak); w.field("seats", seats)
        }
    }
}
extension ReportJSON.MentorWeeks {
    func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("home", home); w.field("id", id); w.field("interns", interns); w.field("kind", kind); w.field("load", load)
            w.field("max_interns", max_interns); w.field("peak_load", peak_load)
        }
    }
}
