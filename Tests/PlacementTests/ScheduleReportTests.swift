import Foundation
import PlacementDomain
import PlacementEngine
import PlacementReports
import PlacementScenarioIO
import XCTest

/// The report files of scheduled scenarios: schedule.csv and mentors.csv agree with the
/// placements, placements.csv's dates are the calendar's, and the bytes are deterministic.
final class ScheduleReportTests: XCTestCase {
    /// Rows of a report CSV file as column name → cell.
    func rows(_ files: [ReportFile], _ name: String) throws -> [[String: String]] {
        let file = try XCTUnwrap(files.first { $0.name == name }, "no \(name)")
        let table = try CSVTable.parse(file.bytes)
        return table.records.map { record in
            Dictionary(uniqueKeysWithValues: table.header.enumerated().map { ($1, $0 < record.fields.count ? record.fields[$0] : "") })
        }
    }

    func text(_ files: [ReportFile], _ name: String) throws -> String {
        String(decoding: try XCTUnwrap(files.first { $0.name == name }, "no \(name)").bytes, as: UTF8.self)
    }

    /// The fixture's hand-made outcome and a few outcomes the engine solved.
    func cases() throws -> [(Scenario, PlacementOutcome)] {
        let fixture = ScheduleFixture.scenario()
        var result = [(fixture, ScheduleFixture.outcome(fixture, ScheduleFixture.plans()))]
        var rng = DeterministicRNG(seed: 0xC5_7EB0_0C)
        for _ in 0..<4 {
            let scenario = RandomScenario.make(&rng, .schedule(students: 6...12, bases: 3...4, weeks: 8...10))
            result.append((scenario, try PlacementEngine().solve(scenario)))
        }
        return result
    }

    /// Every internship of an outcome as (student, base, weeks, industry mentor, academic mentor).
    func stays(_ o: PlacementOutcome) -> [(student: Int, base: Int, weeks: ClosedRange<Int>, industry: Int?, academic: Int?)] {
        o.placements.compactMap { $0 }.flatMap { p -> [(Int, Int, ClosedRange<Int>, Int?, Int?)] in
            guard let t = p.timing else { return [] }
            var list = [(p.student, p.base, t.firstWeek...t.lastWeek, t.industryMentor, t.academicMentor)]
            if let s = t.second { list.append((p.student, s.base, s.firstWeek...s.lastWeek, s.industryMentor, t.academicMentor)) }
            return list
        }
    }

    func testScheduleCSVCountsTheInternsCoveringEachWeek() throws {
        for (scenario, outcome) in try cases() {
            let calendar = WeekCalendar(scenario: scenario, schedule: scenario.schedule!)
            let files = ReportSet(scenario: scenario, outcome: outcome, settings: ScheduleFixture.settings).files()
            // Rendered in parts, as for large scenarios: the same bytes.
            let inParts = ReportSet(scenario: scenario, outcome: outcome, settings: ScheduleFixture.settings).files(partsFromStudents: 0)
            XCTAssertEqual(inParts.map(\.name), files.map(\.name))
            for (x, y) in zip(files, inParts) { XCTAssertTrue(x.bytes == y.bytes, "\(x.name) differs when rendered in parts") }
            let table = try rows(files, "schedule.csv")
            XCTAssertEqual(table.count, scenario.bases.count * calendar.weeks.count, "one row per base and week")
            let all = stays(outcome)
            var i = 0
            for (b, base) in scenario.bases.enumerated() {
                for (w, week) in calendar.weeks.enumerated() {
                    let row = table[i]
                    i += 1
                    let here = all.filter { $0.base == b && $0.weeks.contains(w) }.map { scenario.students[$0.student].id }.sorted()
                    XCTAssertEqual(row["base_id"], base.id)
                    XCTAssertEqual(row["term"], scenario.terms[week.term].id)
                    XCTAssertEqual(row["week"], String(week.numberInTerm))
                    XCTAssertEqual(row["week_start"], week.days.first.description)
                    XCTAssertEqual(row["seats"], String(calendar.seats[b][w]))
                    XCTAssertEqual(row["interns"], String(here.count), "\(base.id) week \(w)")
                    XCTAssertEqual(row["students"], here.joined(separator: "|"))
                    XCTAssertEqual(row["closed"], calendar.closureNames[b][w].joined(separator: "|"))
                }
            }
        }
    }

    func testMentorsCSVLoadsMatchThePlacements() throws {
        for (scenario, outcome) in try cases() {
            let schedule = scenario.schedule!
            let calendar = WeekCalendar(scenario: scenario, schedule: schedule)
            let files = ReportSet(scenario: scenario, outcome: outcome, settings: ScheduleFixture.settings).files()
            let table = try rows(files, "mentors.csv")
            let all = stays(outcome)
            for (kind, mentors) in [("academic", schedule.academicMentors), ("industry", schedule.industryMentors)] {
                for (m, mentor) in mentors.enumerated() {
                    let mine = all.filter { (kind == "academic" ? $0.academic : $0.industry) == m }
                    let rowsOfMentor = table.filter { $0["kind"] == kind && $0["mentor_id"] == mentor.id }
                    XCTAssertFalse(rowsOfMentor.isEmpty, "every mentor is listed: \(mentor.id)")
                    let busy = calendar.weeks.indices.filter { w in mine.contains { $0.weeks.contains(w) } }
                    if busy.isEmpty {
                        XCTAssertEqual(rowsOfMentor.map { $0["load"] }, ["0"])
                        continue
                    }
                    XCTAssertEqual(rowsOfMentor.count, busy.count)
                    for (row, w) in zip(rowsOfMentor, busy) {
                        let here = mine.filter { $0.weeks.contains(w) }
                        XCTAssertEqual(row["week_start"], calendar.weeks[w].days.first.description)
                        XCTAssertEqual(row["load"], String(here.count), "\(mentor.id) week \(w)")
                        XCTAssertEqual(row["total_interns"], String(Set(mine.map(\.student)).count))
                        XCTAssertLessThanOrEqual(here.count, mentor.maxInterns)
                    }
                }
            }
        }
    }

    func testPlacementsCSVDatesAreTheCalendars() throws {
        for (scenario, outcome) in try cases() {
            let calendar = WeekCalendar(scenario: scenario, schedule: scenario.schedule!)
            let files = ReportSet(scenario: scenario, outcome: outcome, settings: ScheduleFixture.settings).files()
            let table = try rows(files, "placements.csv")
            XCTAssertEqual(table.count, scenario.students.count)
            for (i, row) in table.enumerated() {
                guard let p = outcome.placements[i], let t = p.timing else {
                    XCTAssertEqual(row["start_date"], "")
                    continue
                }
                func label(_ w: Int) -> String { "\(scenario.terms[calendar.weeks[w].term].id)/\(calendar.weeks[w].numberInTerm)" }
                XCTAssertEqual(row["start_date"], calendar.weeks[t.firstWeek].days.first.description)
                XCTAssertEqual(row["end_date"], calendar.weeks[t.lastWeek].days.last.description)
                XCTAssertEqual(row["start_week"], label(t.firstWeek))
                XCTAssertEqual(row["end_week"], label(t.lastWeek))
                let closed = (t.firstWeek...t.lastWeek).filter { calendar.closed[p.base][$0] }.count
                XCTAssertEqual(row["closure_weeks"], String(closed))
                XCTAssertEqual(row["working_weeks"], String(t.lastWeek - t.firstWeek + 1 - closed))
                if let second = t.second {
                    XCTAssertEqual(row["second_base"], scenario.bases[second.base].id)
                    XCTAssertEqual(row["second_start_date"], calendar.weeks[second.firstWeek].days.first.description)
                    XCTAssertEqual(row["second_end_date"], calendar.weeks[second.lastWeek].days.last.description)
                } else {
                    XCTAssertEqual(row["second_base"], "")
                }
            }
        }
        // The fixture, spelled out: S1 keeps her seat through B1's stocktaking week.
        let scenario = ScheduleFixture.scenario()
        let files = ReportSet(
            scenario: scenario, outcome: ScheduleFixture.outcome(scenario, ScheduleFixture.plans()),
            settings: ScheduleFixture.settings
        ).files()
        let table = try rows(files, "placements.csv")
        let s1 = try XCTUnwrap(table.first { $0["student_id"] == "S1" })
        XCTAssertEqual(
            [
                s1["start_date"], s1["end_date"], s1["start_week"], s1["end_week"], s1["working_weeks"], s1["closure_weeks"],
                s1["academic_mentor"], s1["industry_mentor"], s1["programme"]
            ],
            ["2027-03-01", "2027-04-04", "2027-spring/1", "2027-spring/5", "4", "1", "A2", "I1", "P4"])
        let s3 = try XCTUnwrap(table.first { $0["student_id"] == "S3" })
        XCTAssertEqual(
            [
                s3["cost"], s3["second_base"], s3["second_rank"], s3["second_cost"], s3["second_start_date"], s3["second_end_date"],
                s3["second_industry_mentor"], s3["total_cost"]
            ],
            ["1", "B3", "2", "4", "2027-03-22", "2027-04-04", "I3", "5"])
        let s5 = try XCTUnwrap(table.first { $0["student_id"] == "S5" })
        XCTAssertEqual(s5["status"], "unplaced")
        XCTAssertEqual(s5["programme"], "P4")
    }

    func testSummaryJSONAndHTMLShowTheSchedule() throws {
        let scenario = ScheduleFixture.scenario()
        let outcome = ScheduleFixture.outcome(scenario, ScheduleFixture.plans())
        let files = ReportSet(scenario: scenario, outcome: outcome, settings: ScheduleFixture.settings).files()
        let summary = try text(files, "summary.md")
        XCTAssertTrue(summary.contains("## Scheduling"))
        XCTAssertTrue(summary.contains("Rotation students: 1 of 1 placed"))
        // B1: S1 and S3 in weeks 1–2 (full), S1 alone in week 3, stocktaking, S1 alone in week 5, then empty.
        XCTAssertTrue(summary.contains("B1  ██▄×▄·······  peak 2/2"), summary)
        XCTAssertTrue(summary.contains("B2  ▄▄▄▄▄▄▄▄····  peak 1/2"), summary)
        XCTAssertTrue(summary.contains("not assessed for scheduled scenarios"))
        XCTAssertFalse(summary.contains("the placement is stable"))
        XCTAssertTrue(summary.contains("Model: 12 rows, 34 columns, 56 non-zeros"))
        XCTAssertTrue(summary.contains("| total cost (rank + travel) | 8 |"), "both parts of S3's rotation are in the total")
        XCTAssertTrue(summary.contains("| A1 | U1 | 2 | 2027-spring/1 | 2/2 |"), summary)

        let json = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(try XCTUnwrap(files.first { $0.name == "report.json" }).bytes)) as? [String: Any])
        let schedule = try XCTUnwrap(json["schedule"] as? [String: Any])
        XCTAssertEqual((schedule["weeks"] as? [Any])?.count, 12)
        XCTAssertEqual((json["stability"] as? [String: Any])?["assessed"] as? Bool, false)
        XCTAssertEqual((json["summary"] as? [String: Any])?["total_cost"] as? Double, 8)
        let s3 = try XCTUnwrap((json["placements"] as? [[String: Any]])?.first { $0["student"] as? String == "S3" })
        let timing = try XCTUnwrap(s3["schedule"] as? [String: Any])
        XCTAssertEqual(timing["start_date"] as? String, "2027-03-01")
        XCTAssertEqual((timing["second"] as? [String: Any])?["base"] as? String, "B3")
        let bases = try XCTUnwrap(schedule["bases"] as? [[String: Any]])
        XCTAssertEqual(bases.first?["interns"] as? [Int], [2, 2, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(bases.first?["closed_weeks"] as? [Int], [3])

        let manifest = try text(files, "manifest.json")
        XCTAssertTrue(manifest.contains("\"schedule.csv\"") && manifest.contains("\"mentors.csv\""))
        let rosters = try rows(files, "rosters.csv")
        XCTAssertTrue(
            rosters.contains { $0["base_id"] == "B3" && $0["student_id"] == "S3" && $0["part"] == "2" }, "the second part is on B3's roster")

        let html = try text(files, "report.html")
        XCTAssertTrue(html.contains("<section id=\"schedule\">"))
        XCTAssertTrue(html.contains("not assessed for scheduled scenarios"))
    }

    func testInputTextIsEscapedInTheScheduleSections() throws {
        var scenario = ScheduleFixture.scenario()
        var schedule = scenario.schedule!
        let hostile = "Tết <script>x</script> | `*"
        schedule.closures[0] = .init(name: hostile, days: schedule.closures[0].days, countries: [], bases: ["B1"], origin: ScheduleFixture.origin)
        scenario = scenario.replacing(schedule: .some(schedule))
        let files = ReportSet(
            scenario: scenario, outcome: ScheduleFixture.outcome(scenario, ScheduleFixture.plans()),
            settings: ScheduleFixture.settings
        ).files()
        let html = try text(files, "report.html")
        XCTAssertFalse(html.contains("<script>x"))
        XCTAssertTrue(html.contains("Tết &lt;script&gt;x&lt;/script&gt;"))
        let summary = try text(files, "summary.md")
        XCTAssertFalse(summary.contains("<script>"))
        XCTAssertTrue(summary.contains("Tết &lt;script&gt;x&lt;/script&gt; \\| \\`\\*"))
    }

    func testSameInputsGiveTheSameBytes() throws {
        for (scenario, outcome) in try cases() {
            let a = ReportSet(scenario: scenario, outcome: outcome, settings: ScheduleFixture.settings).files()
            let b = ReportSet(scenario: scenario, outcome: outcome, settings: ScheduleFixture.settings).files()
            XCTAssertEqual(a.map(\.name), b.map(\.name))
            for (x, y) in zip(a, b) { XCTAssertEqual(x.bytes, y.bytes, x.name) }
            XCTAssertEqual(
                a.map(\.name),
                [
                    "summary.md", "placements.csv", "placements.xlsx", "rosters.csv", "rosters.xlsx", "report.json",
                    "schedule.csv", "mentors.csv", "schedule.ics",
                    "explanations.csv", "report.html", "manifest.json"
                ])
        }
    }
}

/// schedule.ics: every placement (and a rotation's second part) as an all-day event, valid RFC 5545 lines.
final class ScheduleCalendarTests: XCTestCase {
    func testEveryStayIsAnEventWithItsDatesAndTheLinesAreValid() throws {
        let scenario = ScheduleFixture.scenario()
        let outcome = ScheduleFixture.outcome(scenario, ScheduleFixture.plans())
        let files = ReportSet(scenario: scenario, outcome: outcome, settings: ScheduleFixture.settings).files()
        let ics = try XCTUnwrap(files.first { $0.name == "schedule.ics" })
        let text = String(decoding: ics.bytes, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("BEGIN:VCALENDAR\r\n") && text.hasSuffix("END:VCALENDAR\r\n"))
        for line in text.components(separatedBy: "\r\n") { XCTAssertLessThanOrEqual(line.utf8.count, 75, line) }
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        let stays = outcome.placements.compactMap { $0 }.reduce(0) { $0 + ($1.timing?.second == nil ? 1 : 2) }
        XCTAssertEqual(unfolded.components(separatedBy: "BEGIN:VEVENT").count - 1, stays)
        // Each event's dates are the placement's first and last day (DTEND is the day after).
        let placements = try CSVTable.parse(files.first { $0.name == "placements.csv" }!.bytes)
        let id = placements.header.firstIndex(of: "student_id")!, start = placements.header.firstIndex(of: "start_date")!,
            end = placements.header.firstIndex(of: "end_date")!, base = placements.header.firstIndex(of: "base_id")!
        for record in placements.records where !record.fields[start].isEmpty {
            let uid = "UID:\(record.fields[id])-\(record.fields[base])-part1@placement"
            let event = try XCTUnwrap(unfolded.components(separatedBy: "BEGIN:VEVENT").first { $0.contains(uid) }, uid)
            XCTAssertTrue(event.contains("DTSTART;VALUE=DATE:\(record.fields[start].replacingOccurrences(of: "-", with: ""))"), event)
            let last = try XCTUnwrap(Day.parse(record.fields[end]))
            XCTAssertTrue(event.contains("DTEND;VALUE=DATE:\((last + 1).description.replacingOccurrences(of: "-", with: ""))"), event)
        }
    }
}
