import Foundation
import PlacementDomain

/// One internship at one base, read from placements.csv: a placement, or a part of a rotation.
struct ScheduledStay {
    let student: Int
    let base: Int
    let term: Int
    /// 0 = the placement (first part), 1 = the second part of a rotation.
    let part: Int
    /// First and last week, indices into `ScheduleBook.weeks`.
    let first: Int
    let last: Int
    let industryMentor: Int?
    var weeks: ClosedRange<Int> { first...last }
}

/// (S) Scheduled scenarios: the weeks and mentors of every placement, by docs/scheduling.md.
/// Dates are read from placements.csv and turned into weeks with the verifier's own calendar.
extension VerificationRun {
    var sched: ScheduleBook { book.schedule! }

    /// "S001 at B02", "S001 at B05 (second placement)".
    func stayName(_ stay: ScheduledStay) -> String {
        "\(studentName(stay.student)) at \(baseName(stay.base))\(stay.part == 1 ? " (second placement)" : "")"
    }

    func span(_ stay: ScheduledStay) -> String { "\(sched.weeks[stay.first].first) to \(sched.weeks[stay.last].last)" }

    /// Placement rows of placements.csv by student index (the first row of each).
    func placementRows() -> (csv: CSVRecords, rows: [Int: [String]])? {
        guard let data = FileManager.default.contents(atPath: folderPath("placements.csv")),
            let text = String(data: data, encoding: .utf8), let csv = CSVRecords(text: text), let c = csv.column("student_id")
        else { return nil }
        var byCell: [String: Int] = [:]
        for (s, student) in scenario.students.enumerated() { byCell[spreadsheetSafe(student.id)] = s }
        var rows: [Int: [String]] = [:]
        for row in csv.rows where c < row.count {
            if let s = byCell[row[c]], rows[s] == nil { rows[s] = row }
        }
        return (csv, rows)
    }

    // MARK: Reading

    mutating func readSchedule() {
        let required = [
            "start_date", "end_date", "academic_mentor", "industry_mentor", "second_base", "second_term",
            "second_start_date", "second_end_date", "second_industry_mentor"
        ]
        guard let (csv, rows) = placementRows() else {
            flag("schedule_missing", "placements.csv cannot be read, so the schedule cannot be checked")
            return
        }
        let missing = required.filter { csv.column($0) == nil }
        guard missing.isEmpty else {
            flag("schedule_missing", "the scenario is scheduled but placements.csv lacks the columns \(missing.joined(separator: ", "))")
            return
        }
        var baseByCell: [String: Int] = [:], termByCell: [String: Int] = [:]
        for (b, base) in scenario.bases.enumerated() where baseByCell[spreadsheetSafe(base.id)] == nil { baseByCell[spreadsheetSafe(base.id)] = b }
        for (t, term) in book.termIDs.enumerated() where termByCell[spreadsheetSafe(term)] == nil { termByCell[spreadsheetSafe(term)] = t }

        for p in placementOf.compactMap({ $0 }) {
            guard let row = rows[p.student] else {
                flag("schedule_missing", "\(studentName(p.student)) is placed in report.json but has no row in placements.csv")
                continue
            }
            func cell(_ name: String) -> String {
                guard let i = csv.column(name), i < row.count else { return "" }
                return row[i]
            }
            if let first = readStay(
                student: p.student, base: p.base, term: p.term, part: 0,
                start: cell("start_date"), end: cell("end_date"), industry: cell("industry_mentor"))
            {
                stays.append(first)
            }
            let academic = cell("academic_mentor")
            if !academic.isEmpty {
                if let m = mentorIndex(academic, sched.schedule.academicMentors) {
                    academicOf[p.student] = m
                } else {
                    flag(
                        "unknown_mentor",
                        "\(studentName(p.student)): academic mentor \(academic) in placements.csv is not in the scenario's academic mentors")
                }
            }
            let secondBase = cell("second_base")
            guard !secondBase.isEmpty else { continue }
            guard let b = baseByCell[secondBase], let t = termByCell[cell("second_term")] else {
                flag(
                    "unknown_base",
                    "\(studentName(p.student)): second placement at \(secondBase) in \(cell("second_term")), which is not a base and term of the scenario"
                )
                continue
            }
            if let second = readStay(
                student: p.student, base: b, term: t, part: 1, start: cell("second_start_date"),
                end: cell("second_end_date"), industry: cell("second_industry_mentor"))
            {
                stays.append(second)
            }
        }
        checked("schedule: dates, weeks and mentors of \(stays.count) internships read from placements.csv")
    }

    func mentorIndex(_ cell: String, _ mentors: [Schedule.Mentor]) -> Int? { mentors.firstIndex { spreadsheetSafe($0.id) == cell } }

    /// A stay from its date cells: the start must be the first day of a week of its term and the
    /// end the last day of a later (or the same) week of that term.
    mutating func readStay(student s: Int, base b: Int, term t: Int, part: Int, start: String, end: String, industry: String) -> ScheduledStay? {
        let what = "\(studentName(s)) at \(baseName(b))\(part == 1 ? " (second placement)" : "")"
        guard let d1 = Day.parse(start), let d2 = Day.parse(end) else {
            flag("schedule_missing", "\(what): placements.csv gives start '\(start)' and end '\(end)'; both must be dates (YYYY-MM-DD)")
            return nil
        }
        let termStart = sched.termWeeks[t].first.map { "\(sched.weeks[$0].first)" } ?? "no date"
        guard let w1 = sched.week(term: t, startingOn: d1) else {
            flag(
                "week_misaligned",
                "\(what): start \(d1) is not the first day of a week of \(termName(t)) (its weeks start on \(termStart) and every 7 days after)")
            return nil
        }
        guard let w2 = sched.week(term: t, endingOn: d2), w2 >= w1 else {
            flag("week_misaligned", "\(what): end \(d2) is not the last day of a week of \(termName(t)) on or after her start \(d1)")
            return nil
        }
        var mentor: Int? = nil
        if !industry.isEmpty {
            mentor = mentorIndex(industry, sched.schedule.industryMentors)
            if mentor == nil {
                flag("unknown_mentor", "\(what): industry mentor \(industry) in placements.csv is not in the scenario's industry mentors")
            }
        }
        return ScheduledStay(student: s, base: b, term: t, part: part, first: w1, last: w2, industryMentor: mentor)
    }

    // MARK: Rules

    /// Interns per (base, week), every part counted, closure weeks included.
    mutating func checkWeeklyCapacity() {
        var here: [Int: [Int]] = [:]
        let weekCount = sched.weeks.count
        for stay in stays { for w in stay.weeks { here[stay.base * weekCount + w, default: []].append(stay.student) } }
        for key in here.keys.sorted() {
            let b = key / weekCount, w = key % weekCount, students = here[key]!
            let seats = sched.seats(base: b, week: w)
            if students.count > seats {
                flag(
                    .weeklyCapacityExceeded,
                    "\(baseName(b)) hosts \(students.count) interns in week \(sched.label(w)) (\(sched.weeks[w].first) to \(sched.weeks[w].last)): "
                        + "\(students.map(studentName).sorted().joined(separator: ", ")); it has \(seats) seat\(seats == 1 ? "" : "s") that week")
            }
        }
        checked(
            "weekly capacity: no base hosts more interns in a week than that week's seats (term seats, or the last weekly_seats entry touching the week)"
        )
    }

    mutating func checkSchedule() {
        let schedule = sched.schedule
        for stay in stays {
            let s = stay.student, student = scenario.students[s], base = scenario.bases[stay.base]
            let what = stayName(stay)
            if stay.part == 1 {
                for breach in book.breaches(student: s, base: stay.base, term: stay.term) {
                    flag(
                        breach.kind, "\(studentName(s)) placed at \(baseName(stay.base)) in \(termName(stay.term)) (second placement): \(breach.text)"
                    )
                }
            }
            guard let programme = sched.programme(of: s) else {
                if stay.part == 0 {
                    flag(
                        "unknown_programme",
                        "\(studentName(s)) has programme \(student.programme ?? schedule.defaultProgramme ?? "(none)"), which the schedule does not define"
                    )
                }
                continue
            }
            if stay.part < programme.parts.count {
                let part = programme.parts[stay.part]
                if !part.kinds.isEmpty && !part.kinds.contains(base.kind) {
                    flag(
                        "programme_kind",
                        "\(what): a \(base.kind.rawValue) base, but part \(stay.part + 1) of programme \(programme.id) takes \(part.kinds.map(\.rawValue).sorted().joined(separator: ", "))"
                    )
                }
                let closedWeeks = stay.weeks.filter { sched.isClosed(base: stay.base, week: $0) }
                let working = stay.weeks.count - closedWeeks.count
                if sched.isClosed(base: stay.base, week: stay.first) {
                    flag(
                        "starts_in_closure",
                        "\(what) starts in week \(sched.label(stay.first)), a closure week there (\(sched.closures(base: stay.base, week: stay.first).joined(separator: ", "))); an internship never starts in a closure week"
                    )
                }
                if working != part.weeks {
                    flag(
                        "working_weeks",
                        "\(what) from \(span(stay)): \(working) working week\(working == 1 ? "" : "s") (\(closedWeeks.count) closure), but programme \(programme.id) needs \(part.weeks)"
                    )
                } else if sched.isClosed(base: stay.base, week: stay.last) {
                    flag(
                        "working_weeks",
                        "\(what) from \(span(stay)) ends in closure week \(sched.label(stay.last)); an internship ends with the week that completes its working weeks"
                    )
                }
            }
            let firstDay = sched.weeks[stay.first].first, lastDay = sched.weeks[stay.last].last
            if let from = student.availableFrom, firstDay < from {
                flag("outside_window", "\(what) starts on \(firstDay), before she is available (from \(from))")
            }
            if let to = student.availableTo, lastDay > to {
                flag("outside_window", "\(what) ends on \(lastDay), after she is available (to \(to))")
            }
            let lead = sched.leadWeeks(student: s, base: stay.base)
            if let decision = schedule.decisionDate, firstDay - decision < 7 * lead {
                flag(
                    "lead_time",
                    "\(what) starts on \(firstDay), but her lead time (nationality \(student.nationality) to \(base.country)) is \(lead) week\(lead == 1 ? "" : "s") after the decision date \(decision): the earliest start is \(decision + 7 * lead)"
                )
            }
            if !schedule.industryMentors.isEmpty {
                if let m = stay.industryMentor {
                    checkMentor(schedule.industryMentors[m], of: s, home: base.id, what: what)
                } else {
                    flag(.mentorMissing, "\(what) has no industry mentor")
                }
            }
        }

        for p in placementOf.compactMap({ $0 }) {
            let s = p.student, name = studentName(s)
            if !sched.schedule.academicMentors.isEmpty {
                if let m = academicOf[s] {
                    checkMentor(sched.schedule.academicMentors[m], of: s, home: scenario.students[s].university, what: name)
                } else {
                    flag(.mentorMissing, "\(name) has no academic mentor")
                }
            }
            guard let programme = sched.programme(of: s) else { continue }
            let mine = stays.filter { $0.student == s }
            let first = mine.first { $0.part == 0 }, second = mine.first { $0.part == 1 }
            if programme.isRotation && second == nil && first != nil {
                flag(
                    .rotationIncomplete,
                    "\(name) is on rotation programme \(programme.id) but has no second placement; she counts as placed only with both")
            }
            if !programme.isRotation && second != nil {
                flag(.rotationIncomplete, "\(name) has a second placement, but her programme \(programme.id) is not a rotation")
            }
            guard programme.isRotation, let first, let second else { continue }
            let gapDays = sched.weeks[second.first].first - sched.weeks[first.last].last - 1
            if gapDays < 7 * programme.gapWeeks {
                flag(
                    .rotationGap,
                    "\(name): second placement at \(baseName(second.base)) starts on \(sched.weeks[second.first].first), \(gapDays) days after the first at \(baseName(first.base)) ends on \(sched.weeks[first.last].last); programme \(programme.id) needs at least \(programme.gapWeeks) full week\(programme.gapWeeks == 1 ? "" : "s") between"
                )
            }
            if first.base == second.base {
                flag(.rotationSameBase, "\(name): both parts of her rotation are at \(baseName(first.base))")
            } else if programme.differentCountry && scenario.bases[first.base].country == scenario.bases[second.base].country {
                flag(
                    .rotationSameCountry,
                    "\(name): both parts of her rotation are in \(scenario.bases[first.base].country) (\(baseName(first.base)), \(baseName(second.base))); programme \(programme.id) needs two countries"
                )
            }
        }
        checkMentorLoads()
        checked(
            "schedule: each internship lies in one term, starts on a working week, covers its programme's working weeks (closure weeks keep the seat but do not count), within her available dates and after her lead time; rotation parts of the right kinds, in order with the gap, at two bases (two countries when asked)"
        )
        checked(
            "mentors: an academic mentor from her university (one for both parts) and an industry mentor from each base, both sharing a language at \(sched.schedule.mentorLanguageMinimum.written) or better; none over max_interns in any week"
        )
    }

    mutating func checkMentor(_ mentor: Schedule.Mentor, of s: Int, home: String, what: String) {
        if mentor.home != home {
            flag(.mentorHome, "\(what): \(mentor.kind.rawValue) mentor \(mentor.id) is from \(mentor.home), not \(home)")
        }
        if sched.commonLanguage(student: s, mentor: mentor) == nil {
            let student = scenario.students[s]
            let levels = { (l: [String: LanguageLevel]) in l.keys.sorted().map { "\($0) \(l[$0]!.written)" }.joined(separator: ", ") }
            flag(
                .mentorLanguage,
                "\(what): \(mentor.kind.rawValue) mentor \(mentor.id) shares no language with her at \(sched.schedule.mentorLanguageMinimum.written) or better (mentor: \(levels(mentor.languages)); she: \(levels(student.languages)))"
            )
        }
    }

    /// Interns of each mentor per week: an academic mentor has her students' every part.
    func mentorLoads(_ kind: Schedule.Mentor.Kind) -> [Int: [Int: [Int]]] {
        var load: [Int: [Int: [Int]]] = [:]
        for stay in stays {
            guard let m = kind == .academic ? academicOf[stay.student] : stay.industryMentor else { continue }
            for w in stay.weeks { load[m, default: [:]][w, default: []].append(stay.student) }
        }
        return load
    }

    mutating func checkMentorLoads() {
        for kind in [Schedule.Mentor.Kind.academic, .industry] {
            let mentors = kind == .academic ? sched.schedule.academicMentors : sched.schedule.industryMentors
            let loads = mentorLoads(kind)
            for m in loads.keys.sorted() {
                for (w, students) in loads[m]!.sorted(by: { $0.key < $1.key }) where students.count > mentors[m].maxInterns {
                    flag(
                        .mentorOverloaded,
                        "\(kind.rawValue) mentor \(mentors[m].id) has \(students.count) interns in week \(sched.label(w)): "
                            + "\(students.map(studentName).sorted().joined(separator: ", ")); at most \(mentors[m].maxInterns)")
                }
            }
        }
    }

    /// Peak weekly load over every mentor of a kind (0 when none has interns).
    func peakLoad(_ kind: Schedule.Mentor.Kind) -> Int {
        mentorLoads(kind).values.flatMap { $0.values.map(\.count) }.max() ?? 0
    }

    // MARK: Costs and files

    /// Second parts: rank and cost as placements.csv and report.json state them; total_cost.
    mutating func checkSecondPartsAndTimingJSON() {
        guard let (csv, rows) = placementRows() else { return }
        var entries: [Int: [String: Any]] = [:]
        for item in JSONValue.array(report["placements"]) ?? [] {
            if let e = JSONValue.object(item), let id = JSONValue.string(e["student"]), let s = book.studentIndex[id] { entries[s] = e }
        }
        for p in placementOf.compactMap({ $0 }) {
            let s = p.student, name = studentName(s)
            let row = rows[s] ?? []
            func cell(_ n: String) -> String { csv.column(n).flatMap { $0 < row.count ? row[$0] : nil } ?? "" }
            let mine = stays.filter { $0.student == s }
            let second = mine.first { $0.part == 1 }
            var total = book.cost(student: s, base: p.base)
            if let second {
                let rank = book.rankOf[s][baseName(second.base)], cost = book.cost(student: s, base: second.base)
                total += cost
                if cell("second_rank") != (rank.map(String.init) ?? "unranked") {
                    flag(
                        "rank_mismatch",
                        "\(name) at \(baseName(second.base)) (second placement): placements.csv says rank \(cell("second_rank")), her preferences give \(rank.map(String.init) ?? "unranked")"
                    )
                }
                if !close(Double(cell("second_cost")) ?? .nan, cost) {
                    flag(
                        "cost_mismatch",
                        "\(name) at \(baseName(second.base)) (second placement): placements.csv says cost \(cell("second_cost")), recomputed \(formatNumber(cost))"
                    )
                }
            }
            if csv.column("total_cost") != nil, !close(Double(cell("total_cost")) ?? .nan, total) {
                flag("cost_mismatch", "\(name): placements.csv says total_cost \(cell("total_cost")), recomputed \(formatNumber(total))")
            }
            // report.json states the same schedule as placements.csv, as the verifier reads it.
            let stated = JSONValue.object(entries[s]?["schedule"])
            let want = timingText(mine), got = timingText(stated)
            if want != got {
                flag("placements_csv_mismatch", "\(name): report.json gives the schedule \(got), placements.csv \(want)")
            }
            if let second, let js = JSONValue.object(stated?["second"]) {
                let rank = book.rankOf[s][baseName(second.base)], cost = book.cost(student: s, base: second.base)
                let statedCost = JSONValue.number(js["cost"])
                if JSONValue.integer(js["rank"]) != rank || statedCost == nil || !close(statedCost!, cost) {
                    flag(
                        "cost_mismatch",
                        "\(name) at \(baseName(second.base)) (second placement): report.json says rank \(JSONValue.integer(js["rank"]).map(String.init) ?? "unranked"), cost \(statedCost.map(formatNumber) ?? "nothing"); recomputed rank \(rank.map(String.init) ?? "unranked"), cost \(formatNumber(cost))"
                    )
                }
            }
            let statedTotal = JSONValue.number(stated?["total_cost"])
            if statedTotal == nil || !close(statedTotal!, total) {
                flag(
                    "cost_mismatch",
                    "\(name): report.json says total_cost \(statedTotal.map(formatNumber) ?? "nothing"), recomputed \(formatNumber(total))")
            }
            if let first = mine.first(where: { $0.part == 0 }) {
                let stateds = [
                    ("start_week", sched.label(first.first)), ("end_week", sched.label(first.last)),
                    ("working_weeks", String(first.weeks.filter { !sched.isClosed(base: first.base, week: $0) }.count)),
                    ("closure_weeks", String(first.weeks.filter { sched.isClosed(base: first.base, week: $0) }.count))
                ]
                for (column, value) in stateds where csv.column(column) != nil && cell(column) != spreadsheetSafe(value) {
                    flag("placements_csv_mismatch", "\(name): placements.csv says \(column) \(cell(column)), recomputed from her dates \(value)")
                }
            }
        }
        checked(
            "placements.csv and report.json agree on every placement's dates, weeks and mentors; second parts' rank and cost, and total_cost, recomputed"
        )
    }

    /// A placement's schedule in words, from the stays read (nil-safe for a missing first stay).
    func timingText(_ mine: [ScheduledStay]) -> String {
        guard let first = mine.first(where: { $0.part == 0 }) else { return "none" }
        func one(_ x: ScheduledStay) -> String {
            let closed = x.weeks.filter { sched.isClosed(base: x.base, week: $0) }.count
            let mentor = x.industryMentor.map { sched.schedule.industryMentors[$0].id } ?? "-"
            return
                "\(sched.weeks[x.first].first)..\(sched.weeks[x.last].last) (\(sched.label(x.first))..\(sched.label(x.last)), \(x.weeks.count - closed) working, \(closed) closure) industry \(mentor)"
        }
        var text = one(first) + " academic " + (academicOf[first.student].map { sched.schedule.academicMentors[$0].id } ?? "-")
        if let second = mine.first(where: { $0.part == 1 }) { text += "; then \(baseName(second.base))/\(termName(second.term)) " + one(second) }
        return text
    }

    /// The same words from a report.json placement's `schedule` object.
    func timingText(_ o: [String: Any]?) -> String {
        guard let o else { return "none" }
        func str(_ d: [String: Any], _ k: String) -> String { JSONValue.string(d[k]) ?? "-" }
        func int(_ d: [String: Any], _ k: String) -> String { JSONValue.integer(d[k]).map(String.init) ?? "-" }
        func one(_ d: [String: Any]) -> String {
            "\(str(d, "start_date"))..\(str(d, "end_date")) (\(str(d, "start_week"))..\(str(d, "end_week")), \(int(d, "working_weeks")) working, \(int(d, "closure_weeks")) closure) industry \(str(d, "industry_mentor"))"
        }
        var text = one(o) + " academic " + str(o, "academic_mentor")
        if let second = JSONValue.object(o["second"]) { text += "; then \(str(second, "base"))/\(str(second, "term")) " + one(second) }
        return text
    }

    /// schedule.csv and mentors.csv hold exactly the weekly figures of the placements.
    mutating func checkScheduleFiles() {
        checkSecondPartsAndTimingJSON()
        let weekCount = sched.weeks.count
        var present: [Int: [Int]] = [:]
        for stay in stays { for w in stay.weeks { present[stay.base * weekCount + w, default: []].append(stay.student) } }
        func ids(_ students: [Int]) -> String { spreadsheetSafe(students.map(studentName).sorted().joined(separator: "|")) }

        var want: [String: String] = [:]
        for b in scenario.bases.indices {
            for w in sched.weeks.indices {
                let here = present[b * weekCount + w] ?? []
                let key = "\(spreadsheetSafe(baseName(b))) \(spreadsheetSafe(termName(sched.weeks[w].term))) \(sched.weeks[w].number)"
                want[key] =
                    "\(sched.seats(base: b, week: w)) seats, \(here.count) interns [\(ids(here))], closed [\(spreadsheetSafe(sched.closures(base: b, week: w).joined(separator: "|")))]"
            }
        }
        compareFile("schedule.csv", kind: "schedule_csv_mismatch", keys: ["base_id", "term", "week"], want: want) { cell in
            "\(cell("seats")) seats, \(cell("interns")) interns [\(cell("students"))], closed [\(cell("closed"))]"
        }

        var wantLoads: [String: String] = [:]
        for kind in [Schedule.Mentor.Kind.academic, .industry] {
            let mentors = kind == .academic ? sched.schedule.academicMentors : sched.schedule.industryMentors
            let loads = mentorLoads(kind)
            for (m, mentor) in mentors.enumerated() {
                let mine = loads[m] ?? [:]
                let total = Set(mine.values.joined()).count
                let head = "\(spreadsheetSafe(kind.rawValue)) \(spreadsheetSafe(mentor.id))"
                if mine.isEmpty { wantLoads[head + "  "] = "0 interns [], total 0" }
                for (w, students) in mine {
                    wantLoads["\(head) \(spreadsheetSafe(termName(sched.weeks[w].term))) \(sched.weeks[w].number)"] =
                        "\(students.count) interns [\(ids(students))], total \(total)"
                }
            }
        }
        compareFile("mentors.csv", kind: "mentors_csv_mismatch", keys: ["kind", "mentor_id", "term", "week"], want: wantLoads) { cell in
            "\(cell("load")) interns [\(cell("interns"))], total \(cell("total_interns"))"
        }
        checked("schedule.csv and mentors.csv: every base-week's seats, interns and closures and every mentor's weekly load match the placements")
    }

    /// Compares a CSV's rows, keyed by some columns, with the expected text per key.
    mutating func compareFile(_ name: String, kind: String, keys: [String], want: [String: String], row text: ((String) -> String) -> String) {
        guard let data = FileManager.default.contents(atPath: folderPath(name)), let content = String(data: data, encoding: .utf8),
            let csv = CSVRecords(text: content)
        else {
            flag(kind, "\(name) is missing or cannot be read as CSV")
            return
        }
        var got: [String: String] = [:]
        for row in csv.rows {
            func cell(_ n: String) -> String { csv.column(n).flatMap { $0 < row.count ? row[$0] : nil } ?? "" }
            got[keys.map(cell).joined(separator: " ")] = text(cell)
        }
        var differences = 0
        for key in Set(want.keys).union(got.keys).sorted() where want[key] != got[key] {
            differences += 1
            if differences <= 20 { flag(kind, "\(name) row \(key): says \(got[key] ?? "nothing"), recomputed \(want[key] ?? "no such row")") }
        }
        if differences > 20 { flag(kind, "\(name): \(differences - 20) more rows differ") }
    }
}
