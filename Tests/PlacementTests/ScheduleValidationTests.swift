import Foundation
import PlacementDomain
import PlacementEngine
import PlacementScenarioIO
import XCTest

/// Reading and validating the `schedule:` section (docs/scheduling.md): every field is read, and
/// every mistake is refused with a diagnostic naming the file, line (and CSV row), field, the value
/// and what was expected.
final class ScheduleValidationTests: XCTestCase {
    /// Loads Scenarios/invalid/<name>/scenario.yaml; asserts it is refused, returns the errors (each
    /// naming a line and a field).
    private func errors(_ name: String, file: StaticString = #filePath, line: UInt = #line) -> [Diagnostic] {
        invalidScenarioErrors(name, located: true, file: file, line: line)
    }

    /// Asserts one of the diagnostics matches exactly (file, line, row, field, value) and its
    /// expectation contains every given fragment; prints them all otherwise.
    @discardableResult
    private func expect(
        _ diagnostics: [Diagnostic], file name: String, line: Int?, row: Int? = nil, field: String?,
        value: String?, expected: String...,
        file: StaticString = #filePath, line testLine: UInt = #line
    ) -> Diagnostic? {
        expectDiagnostic(
            diagnostics, file: name, line: line, row: row, field: field, value: value, exactly: true, expected: expected,
            file: file, line: testLine)
    }

    // MARK: - Invalid scenarios

    func testOverlappingTermDatesNameBothTerms() {
        let e = errors("overlapping-term-dates")
        XCTAssertEqual(e.count, 1, "\(e)")
        let d = expect(
            e, file: "scenario.yaml", line: 5, field: "terms.start", value: "2027-07-05",
            expected: "terms that do not overlap", "term summer (2027-07-05 to 2027-08-29)", "term spring (2027-02-22 to 2027-07-11, line 4)")
        XCTAssertEqual(
            d?.description,
            "scenario.yaml:5: error, field 'terms.start': got '2027-07-05'; terms that do not overlap: term summer (2027-07-05 to 2027-08-29) overlaps term spring (2027-02-22 to 2027-07-11, line 4)"
        )
    }

    func testReversedTermDatesAndAReversedStudentWindowAreBothRefused() {
        let e = errors("reversed-dates")
        XCTAssertEqual(e.count, 2, "\(e)")
        expect(
            e, file: "scenario.yaml", line: 5, field: "terms.end", value: "2027-09-06",
            expected: "an end date on or after the start 2027-12-19 of term autumn", "reversed dates")
        let d = expect(
            e, file: "students.csv", line: 3, row: 2, field: "available_to", value: "2027-03-01",
            expected: "a date on or after available_from 2027-05-01", "reversed dates")
        XCTAssertEqual(
            d?.description,
            "students.csv:3: error: row 2, field 'available_to': got '2027-03-01'; a date on or after available_from 2027-05-01 (reversed dates)")
    }

    func testClosureOutsideTheTermNamesTheClosureAndItsDates() {
        let e = errors("closure-outside-term")
        XCTAssertEqual(e.count, 1, "\(e)")
        expect(
            e, file: "scenario.yaml", line: 13, field: "schedule.closures", value: "Tết: 2027-02-04 to 2027-02-12",
            expected: "dates that overlap a term (spring: 2027-02-22 to 2027-07-11)", "a closure outside the term(s)")
    }

    func testProgrammeLongerThanTheStudentsWindowNamesHerRowAndTheNumbers() {
        let e = errors("programme-longer-than-window")
        XCTAssertEqual(e.count, 2, "S1 (default programme, 17 weeks available) fits: \(e)")
        expect(
            e, file: "students.csv", line: 3, row: 2, field: "programme", value: "ENG6",
            expected: "ENG6 needs 8 working weeks", "within her dates (2027-03-01 to 2027-04-04) in any one term is 5 weeks",
            "a length longer than any window")
        expect(
            e, file: "students.csv", line: 4, row: 3, field: "programme", value: "ROT12",
            expected: "ROT12 needs 6 working weeks, a gap of at least 2 weeks, then 6 working weeks",
            "within her dates (from 2027-04-12) in any one term is 13 weeks", "a length longer than any window")
    }

    func testProgrammeLongerThanEveryTermIsAnErrorOnTheProgramme() {
        let e = errors("programme-longer-than-every-term")
        XCTAssertEqual(e.count, 1, "the students of the programme are not reported again: \(e)")
        expect(
            e, file: "scenario.yaml", line: 11, field: "schedule.programmes.weeks", value: "24",
            expected: "at most the number of weeks of the longest term (20 weeks: term spring)")
    }

    func testMentorTablesAreCheckedRowByRow() {
        let e = errors("bad-mentor-table")
        XCTAssertEqual(e.count, 3, "\(e)")
        expect(
            e, file: "academic-mentors.csv", line: 3, row: 2, field: "university", value: "U9",
            expected: "the id of a university in the universities table")
        expect(
            e, file: "academic-mentors.csv", line: 4, row: 3, field: "max_interns", value: "0",
            expected: "a whole number of interns from 1 to 1000")
        // Inline rows have a line but no CSV row.
        expect(
            e, file: "scenario.yaml", line: 15, row: nil, field: "max_interns", value: "1.5",
            expected: "a whole number of interns from 1 to 1000")
    }

    func testUnknownScheduleKeysAreErrorsNotIgnored() {
        let e = errors("unknown-schedule-key")
        XCTAssertEqual(e.count, 2, "\(e)")
        expect(e, file: "scenario.yaml", line: 11, field: "schedule.programmes.credit", value: nil, expected: "one of id, credits, weeks, rotation")
        expect(e, file: "scenario.yaml", line: 12, field: "schedule.closure", value: nil, expected: "a known schedule setting", "closures")
    }

    func testUnknownProgrammeAndATermWithoutDates() {
        let e = errors("unknown-programme")
        XCTAssertEqual(e.count, 4, "\(e)")
        expect(
            e, file: "scenario.yaml", line: 5, field: "terms.start", value: nil, expected: "a start date (YYYY-MM-DD) for term autumn",
            "every term needs start and end dates")
        expect(e, file: "scenario.yaml", line: 5, field: "terms.end", value: nil, expected: "an end date (YYYY-MM-DD) for term autumn")
        expect(
            e, file: "students.csv", line: 3, row: 2, field: "programme", value: "ENG8",
            expected: "the id of a programme in schedule.programmes (ENG6)")
        expect(
            e, file: "students.csv", line: 4, row: 3, field: "programme", value: nil,
            expected: "the cell is empty and the schedule has no default_programme")
    }

    func testPolicySettingsThatConflictWithTheScheduleAreRefused() {
        let e = errors("schedule-policy-conflicts")
        XCTAssertEqual(e.count, 2, "\(e)")
        expect(
            e, file: "scenario.yaml", line: 9, field: "policy.objectives", value: "balance_mentor_load",
            expected: "academic_mentors or industry_mentors")
        expect(
            e, file: "scenario.yaml", line: 10, field: "policy.stability", value: "required",
            expected: "stability: report in a scenario with a schedule")
    }

    // MARK: - A valid scheduling scenario

    static let validFiles: [String: String] = [
        "scenario.yaml": """
        format_version: 1
        name: tiny-schedule
        terms:
          - { id: 2027-spring, name: Spring 2027, start: 2027-02-22, end: 2027-07-11 }
          - { id: 2027-autumn, name: Autumn 2027, start: 2027-09-06, end: 2027-12-19 }
        universities: universities.csv
        students: students.csv
        bases: bases.csv
        policy:
          objectives: [max_placed, min_cost, balance_mentor_load]
        schedule:
          decision_date: 2026-12-14
          mentor_language_minimum: B2
          default_programme: ENG6
          programmes:
            - { id: ENG6, credits: 6, weeks: 8 }
            - id: ROT12
              credits: 12
              rotation:
                gap_weeks: 1
                different_country: true
                parts:
                  - { weeks: 6, kinds: [bri_enterprise] }
                  - { weeks: 6, kinds: [asean_firm, government] }
          closures:
            - { name: Tết, from: 2027-02-04, to: 2027-02-26, countries: [VN] }
            - { name: Songkran, from: 2027-04-13, to: 2027-04-15, countries: [th] }
            - { name: Stocktaking, from: 2027-06-01, to: 2027-06-04, bases: [B02] }
            - { name: National holiday, from: 2027-05-01, to: 2027-05-01 }
          weekly_seats:
            - { base: B01, from: 2027-05-03, to: 2027-05-16, seats: 1 }
          lead_times:
            - { nationality: CN, country: VN, weeks: 6 }
            - { country: LA, weeks: 8 }
            - { weeks: 2 }
          academic_mentors: academic-mentors.csv
          industry_mentors:
            - { id: IM1, name: Somsak, base: B01, languages: {en: B2, th: native}, max_interns: 2 }
            - { id: IM2, name: Vilay, base: B02, languages: "lo: native, en: B2", max_interns: 1 }
            - { id: IM3, name: Hoa, base: B03, languages: "vi: native, en: C1", max_interns: 3 }

        """,
        "universities.csv": "id,name,country\nGUET,Guilin University of Electronic Technology,CN\nCU,Chulalongkorn University,TH\n",
        "students.csv": """
        id,name,university,nationality,field,languages,programme,available_from,available_to,preferences
        S1,Wang Fang,GUET,CN,software,"en: B2, zh: native",ENG6,2027-03-01,2027-06-30,B01 > B03
        S2,Somchai Dee,CU,TH,software,"en: C1, th: native",,,,B03
        S3,Lê Văn An,GUET,VN,software,"en: B2, vi: native",ROT12,2027-02-22,2027-12-19,B02 > B01

        """,
        "bases.csv": """
        id,name,kind,country,fields,languages,capacity:2027-spring,capacity:2027-autumn
        B01,Bangkok Soft,asean_firm,TH,software,en: B1,2,2
        B02,Vientiane Rail,bri_enterprise,LA,software,en: B1,1,1
        B03,Hanoi Tech,asean_firm,VN,software,en: B1,2,0

        """,
        "academic-mentors.csv": """
        id,name,university,languages,max_interns
        AM1,Prof. Li Wei,GUET,"zh: native, en: C1",3
        AM2,Dr. Niran,CU,"th: native, en: B2",2

        """
    ]

    func testSmallSchedulingScenarioLoadsWithEveryFieldRead() throws {
        let folder = try TempScenarioFolder.write(Self.validFiles)
        defer { TempScenarioFolder.remove(folder) }
        let (loaded, diagnostics) = ScenarioLoader().check(path: folder.appendingPathComponent("scenario.yaml").path)
        XCTAssertTrue(diagnostics.isEmpty, "no errors or warnings: \(diagnostics.map(\.description).joined(separator: "\n"))")
        let scenario = try XCTUnwrap(loaded)
        let schedule = try XCTUnwrap(scenario.schedule)
        func day(_ text: String) -> Day { Day.parse(text)! }

        // Terms keep id and name; their dates are in the schedule.
        XCTAssertEqual(scenario.terms, [Term(id: "2027-spring", name: "Spring 2027"), Term(id: "2027-autumn", name: "Autumn 2027")])
        XCTAssertEqual(
            schedule.termDates,
            [
                "2027-spring": DayRange(first: day("2027-02-22"), last: day("2027-07-11")),
                "2027-autumn": DayRange(first: day("2027-09-06"), last: day("2027-12-19"))
            ])
        XCTAssertEqual(schedule.decisionDate, day("2026-12-14"))
        XCTAssertEqual(schedule.mentorLanguageMinimum.value, 4)
        XCTAssertEqual(schedule.defaultProgramme, "ENG6")
        XCTAssertTrue(scenario.policy.objectives.contains(.balanceMentorLoad))

        // Programmes, including the rotation.
        XCTAssertEqual(schedule.programmes.map(\.id), ["ENG6", "ROT12"])
        let eng = schedule.programmes[0], rot = schedule.programmes[1]
        XCTAssertEqual(eng.credits, 6)
        XCTAssertEqual(eng.parts, [.init(weeks: 8, kinds: [])])
        XCTAssertFalse(eng.isRotation)
        XCTAssertEqual(eng.origin, SourceLocation(file: "scenario.yaml", line: 16))
        XCTAssertEqual(rot.credits, 12)
        XCTAssertTrue(rot.isRotation)
        XCTAssertEqual(rot.parts, [.init(weeks: 6, kinds: [.beltAndRoadEnterprise]), .init(weeks: 6, kinds: [.aseanFirm, .government])])
        XCTAssertEqual(rot.gapWeeks, 1)
        XCTAssertTrue(rot.differentCountry)

        // Closures, weekly seats, lead times.
        XCTAssertEqual(schedule.closures.map(\.name), ["Tết", "Songkran", "Stocktaking", "National holiday"])
        XCTAssertEqual(schedule.closures[0].days, DayRange(first: day("2027-02-04"), last: day("2027-02-26")))
        XCTAssertEqual(schedule.closures[0].countries, ["VN"])
        XCTAssertEqual(schedule.closures[1].countries, ["TH"])
        XCTAssertEqual(schedule.closures[2].bases, ["B02"])
        XCTAssertTrue(schedule.closures[3].countries.isEmpty && schedule.closures[3].bases.isEmpty)
        XCTAssertEqual(schedule.closures[3].days, DayRange(first: day("2027-05-01"), last: day("2027-05-01")))
        XCTAssertEqual(schedule.closures[1].origin.line, 27)
        XCTAssertEqual(schedule.weeklySeats.count, 1)
        XCTAssertEqual(schedule.weeklySeats[0].base, "B01")
        XCTAssertEqual(schedule.weeklySeats[0].seats, 1)
        XCTAssertEqual(schedule.weeklySeats[0].days, DayRange(first: day("2027-05-03"), last: day("2027-05-16")))
        XCTAssertEqual(schedule.leadTimes.count, 3)
        XCTAssertEqual(schedule.leadTimes[0].nationality, "CN")
        XCTAssertEqual(schedule.leadTimes[0].country, "VN")
        XCTAssertEqual(schedule.leadTimes[1].nationality, nil)
        XCTAssertEqual(schedule.leadWeeks(nationality: "CN", country: "VN"), 6)
        XCTAssertEqual(schedule.leadWeeks(nationality: "CN", country: "LA"), 8)
        XCTAssertEqual(schedule.leadWeeks(nationality: "TH", country: "TH"), 2)

        // Mentors: a CSV table (hashed into the inputs) and an inline list.
        XCTAssertEqual(schedule.academicMentors.map(\.id), ["AM1", "AM2"])
        let am1 = schedule.academicMentors[0]
        XCTAssertEqual(am1.kind, .academic)
        XCTAssertEqual(am1.name, "Prof. Li Wei")
        XCTAssertEqual(am1.home, "GUET")
        XCTAssertEqual(am1.languages.mapValues(\.value), ["zh": 6, "en": 5])
        XCTAssertEqual(am1.maxInterns, 3)
        XCTAssertEqual(am1.origin, SourceLocation(file: "academic-mentors.csv", line: 2))
        XCTAssertEqual(schedule.industryMentors.map(\.id), ["IM1", "IM2", "IM3"])
        XCTAssertEqual(schedule.industryMentors.map(\.home), ["B01", "B02", "B03"])
        XCTAssertEqual(schedule.industryMentors[0].languages.mapValues(\.value), ["en": 4, "th": 6])
        XCTAssertEqual(schedule.industryMentors.map(\.maxInterns), [2, 1, 3])
        XCTAssertEqual(schedule.industryMentors.map(\.kind), [.industry, .industry, .industry])
        XCTAssertEqual(scenario.inputs.map(\.path), ["scenario.yaml", "universities.csv", "students.csv", "bases.csv", "academic-mentors.csv"])
        XCTAssertEqual(scenario.inputs.last?.sha256.count, 64)

        // Students' scheduling columns.
        let s1 = scenario.students[0], s2 = scenario.students[1], s3 = scenario.students[2]
        XCTAssertEqual(s1.programme, "ENG6")
        XCTAssertEqual(s1.availableFrom, day("2027-03-01"))
        XCTAssertEqual(s1.availableTo, day("2027-06-30"))
        XCTAssertNil(s2.programme)
        XCTAssertNil(s2.availableFrom)
        XCTAssertNil(s2.availableTo)
        XCTAssertEqual(s3.programme, "ROT12")
        XCTAssertEqual(s3.availableTo, day("2027-12-19"))
        XCTAssertTrue(schedule.compatible(s1, am1))

        // The domain's calendar builds from what was read: 20 + 15 weeks; Tết closes Hanoi in week 1.
        let calendar = WeekCalendar(scenario: scenario, schedule: schedule)
        XCTAssertEqual(calendar.weeksByTerm.map(\.count), [20, 15])
        XCTAssertTrue(calendar.closed[2][0])
        XCTAssertFalse(calendar.closed[0][0])
        XCTAssertEqual(calendar.seats[0][10], 1, "B01's weekly seats in week 11 (2027-05-03)")
    }

    // MARK: - Without a schedule

    func testDatesAndSchedulingColumnsWithoutAScheduleAreIgnoredWithAWarning() throws {
        let folder = try TempScenarioFolder.write([
            "scenario.yaml": """
            format_version: 1
            terms:
              - { id: T1, name: Term 1, start: 2027-02-22, end: 2027-07-11 }
              - { id: T2, name: Term 2, start: 2027-09-06, end: 2027-12-19 }
            universities: universities.csv
            students: students.csv
            bases: bases.csv

            """,
            "universities.csv": "id,name,country\nU1,Uni,CN\n",
            "students.csv":
                "id,university,nationality,field,programme,available_from,available_to,preferences\nS1,U1,VN,software,ENG6,2027-03-01,not a date,B1\nS2,U1,VN,software,,2027-03-01,,B1\n",
            "bases.csv": "id,kind,country,capacity:T1\nB1,asean_firm,TH,1\n"
        ])
        defer { TempScenarioFolder.remove(folder) }
        let (loaded, diagnostics) = ScenarioLoader().check(path: folder.appendingPathComponent("scenario.yaml").path)
        let scenario = try XCTUnwrap(loaded, diagnostics.map(\.description).joined(separator: "\n"))
        XCTAssertNil(scenario.schedule)
        XCTAssertTrue(diagnostics.allSatisfy { $0.severity == .warning })
        XCTAssertEqual(diagnostics.count, 4, diagnostics.map(\.description).joined(separator: "\n"))
        expect(
            diagnostics, file: "scenario.yaml", line: 3, field: "terms.start", value: "2027-02-22",
            expected: "the dates of term T1 (and those of 1 more term) are ignored")
        expect(
            diagnostics, file: "students.csv", line: 2, row: 1, field: "programme", value: "ENG6", expected: "a schedule: section",
            "(1 row has a value)")
        expect(
            diagnostics, file: "students.csv", line: 2, row: 1, field: "available_from", value: "2027-03-01",
            expected: "ignored (2 rows have a value)")
        expect(diagnostics, file: "students.csv", line: 2, row: 1, field: "available_to", value: "not a date", expected: "ignored")
        XCTAssertNil(scenario.students[0].programme)
        XCTAssertNil(scenario.students[0].availableFrom)
    }

    func testBalancingMentorLoadWithoutAScheduleIsAnError() throws {
        let folder = try TempScenarioFolder.write([
            "scenario.yaml": TempScenarioFolder.minimalYAML + "policy:\n  objectives: [max_placed, balance_mentor_load]\n",
            "universities.csv": "id,name,country\nU1,Uni,CN\n",
            "students.csv": "id,university,nationality,field,preferences\nS1,U1,VN,software,B1\n",
            "bases.csv": "id,kind,country,capacity:T1\nB1,asean_firm,TH,1\n"
        ])
        defer { TempScenarioFolder.remove(folder) }
        let (scenario, diagnostics) = ScenarioLoader().check(path: folder.appendingPathComponent("scenario.yaml").path)
        XCTAssertNil(scenario)
        expect(diagnostics, file: "scenario.yaml", line: 8, field: "policy.objectives", value: "balance_mentor_load", expected: "a schedule: section")
    }

    func testBundledScenariosAreUnchangedByTheScheduleReading() throws {
        for name in ["small-alliance", "alliance-term", "alliance-rules", "valid-dialects"] {
            let path = PackageLayout.scenarios.appendingPathComponent(name).appendingPathComponent("scenario.yaml").path
            let (loaded, diagnostics) = ScenarioLoader().check(path: path)
            let scenario = try XCTUnwrap(loaded, name)
            XCTAssertNil(scenario.schedule, name)
            XCTAssertFalse(scenario.students.contains { $0.programme != nil || $0.availableFrom != nil || $0.availableTo != nil }, name)
            XCTAssertFalse(
                diagnostics.contains { $0.field?.hasPrefix("schedule") ?? false || $0.expected.contains("schedule") }, "\(name): \(diagnostics)")
        }
    }

    // MARK: - Windows, rotations and terms

    /// A two-term scheduling scenario with the given programmes and student rows
    /// (`id,programme,available_from,available_to,terms`).
    private func scheduled(programmes: String, students: [String], extra: String = "") throws -> (Scenario?, [Diagnostic]) {
        let folder = try TempScenarioFolder.write([
            "scenario.yaml": """
            format_version: 1
            terms:
              - { id: spring, start: 2027-02-22, end: 2027-07-11 }
              - { id: autumn, start: 2027-09-06, end: 2027-12-19 }
            universities: universities.csv
            students: students.csv
            bases: bases.csv
            schedule:
              programmes:
            \(programmes)
            \(extra)
            """,
            "universities.csv": "id,name,country\nU1,Uni,CN\n",
            "students.csv": "id,university,nationality,field,preferences,programme,available_from,available_to,terms\n"
                + students.map { row in
                    let cells = row.split(separator: ",", omittingEmptySubsequences: false)
                    return "\(cells[0]),U1,VN,software,B1|B2,\(cells[1...].joined(separator: ","))\n"
                }.joined(),
            "bases.csv": "id,kind,country,capacity\nB1,asean_firm,TH,2\nB2,bri_enterprise,LA,2\n"
        ])
        defer { TempScenarioFolder.remove(folder) }
        return ScenarioLoader().check(path: folder.appendingPathComponent("scenario.yaml").path)
    }

    func testRotationPartsMayUseTwoTermsButMustFitInSequence() throws {
        let programmes = """
                - id: ROT
                  rotation: { gap_weeks: 1, parts: [{ weeks: 12 }, { weeks: 12 }] }
                - { id: P15, weeks: 15 }
            """
        let (scenario, diagnostics) = try scheduled(
            programmes: programmes,
            students: [
                "S1,ROT,,,",  // spring then autumn: fits
                "S2,ROT,,2027-08-31,",  // spring only: 12 + 1 + 12 > 20 weeks
                "S3,ROT,2027-03-01,2027-10-31,",  // 19 weeks in spring, then 8 in autumn: no
                "S4,P15,2027-09-06,,",  // autumn has 15 weeks: fits
                "S5,P15,2027-09-13,,",  // 14 weeks left: no
                "S6,P15,,,autumn",  // her terms allow autumn (15 weeks): fits
                "S7,ROT,,,autumn",  // the first part needs a term of hers with 12 weeks, then 12 more after it: no
                "S8,P15,2027-08-01,2027-08-20,"  // between the terms
            ])
        XCTAssertNil(scenario)
        let errors = diagnostics.filter { $0.severity == .error }
        XCTAssertEqual(Set(errors.map(\.line)), [3, 4, 6, 8, 9], errors.map(\.description).joined(separator: "\n"))
        expect(
            errors, file: "students.csv", line: 4, row: 3, field: "programme", value: "ROT",
            expected: "within her dates (2027-03-01 to 2027-10-31) in any one term is 19 weeks")
        expect(
            errors, file: "students.csv", line: 6, row: 5, field: "programme", value: "P15",
            expected: "P15 needs 15 working weeks", "is 14 weeks")
        expect(
            errors, file: "students.csv", line: 9, row: 8, field: "available_from", value: "2027-08-01",
            expected: "her dates 2027-08-01 to 2027-08-20 overlap no term")
    }

    func testRotationLongerThanTheWholeCalendarIsAnErrorOnTheProgramme() throws {
        let programmes = """
                - id: ROT
                  rotation: { gap_weeks: 0, parts: [{ weeks: 16 }, { weeks: 16 }] }
            """
        let (scenario, diagnostics) = try scheduled(programmes: programmes, students: ["S1,ROT,,,"])
        XCTAssertNil(scenario)
        let errors = diagnostics.filter { $0.severity == .error }
        XCTAssertEqual(errors.count, 1, "\(errors)")
        expect(
            errors, file: "scenario.yaml", line: 10, field: "schedule.programmes.rotation", value: "ROT",
            expected: "the longest term has 20 weeks: term spring", "the parts do not fit one after the other")
    }

    func testItemsOfTheScheduleSectionAreCheckedKeyByKey() throws {
        let programmes = """
                - { id: A, credits: -1, weeks: 0 }
                - { id: B, weeks: 4, rotation: { parts: [{ weeks: 2 }, { weeks: 2 }] } }
                - id: C
                  rotation: { gap_weeks: 60, different_country: maybe, parts: [{ weeks: 2, kinds: [startup] }] }
                - { id: D, weeks: 4 }
                - { id: D, weeks: 5 }
                - { weeks: 5 }
              default_programme: Z
              decision_date: 2027-13-01
              mentor_language_minimum: B3
              closures:
                - { name: Backwards, from: 2027-05-02, to: 2027-05-01, countries: [Laos] }
                - { name: Nowhere, from: 2027-05-02, to: 2027-05-03, bases: [B9] }
              weekly_seats:
                - { base: B9, from: 2027-07-01, to: 2027-09-10, seats: 100001 }
              lead_times:
                - { nationality: China, weeks: 53 }
              academic_mentors: missing.csv
              industry_mentors:
                - { id: M1, base: B1, languages: "en: B2", max_interns: 2, phone: 123 }
                - { id: M1, base: B2, languages: "en: B2", max_interns: 2 }
            """
        let (scenario, diagnostics) = try scheduled(programmes: programmes, students: ["S1,D,,,"])
        XCTAssertNil(scenario)
        let f = "scenario.yaml"
        expect(
            diagnostics, file: f, line: 10, field: "schedule.programmes.weeks", value: "0", expected: "a whole number of working weeks from 1 to 52")
        expect(diagnostics, file: f, line: 11, field: "schedule.programmes.weeks", value: "B", expected: "exactly one of weeks")
        expect(diagnostics, file: f, line: 13, field: "schedule.programmes.rotation.gap_weeks", value: "60", expected: "from 0 to 52")
        expect(diagnostics, file: f, line: 13, field: "schedule.programmes.rotation.different_country", value: "maybe", expected: "true or false")
        expect(diagnostics, file: f, line: 13, field: "schedule.programmes.rotation.parts", value: "1 parts", expected: "exactly two parts")
        expect(diagnostics, file: f, line: 10, field: "schedule.programmes.credits", value: "-1", expected: "from 0 to")
        expect(diagnostics, file: f, line: 16, field: "schedule.programmes.id", value: nil, expected: "a value (required)")
        expect(diagnostics, file: f, line: 17, field: "schedule.default_programme", value: "Z", expected: "the id of a programme")
        expect(diagnostics, file: f, line: 18, field: "schedule.decision_date", value: "2027-13-01", expected: "a date written YYYY-MM-DD")
        expect(diagnostics, file: f, line: 19, field: "schedule.mentor_language_minimum", value: "B3", expected: "CEFR level")
        expect(
            diagnostics, file: f, line: 21, field: "schedule.closures.to", value: "2027-05-01",
            expected: "a date on or after from (2027-05-02) of closure 'Backwards' (reversed dates)")
        expect(diagnostics, file: f, line: 21, field: "schedule.closures.countries", value: "Laos", expected: "two-letter")
        expect(diagnostics, file: f, line: 22, field: "schedule.closures.bases", value: "B9", expected: "the id of a base")
        expect(diagnostics, file: f, line: 24, field: "schedule.weekly_seats.seats", value: "100001", expected: "from 0 to 100000")
        expect(diagnostics, file: f, line: 26, field: "schedule.lead_times.nationality", value: "China", expected: "two-letter")
        expect(diagnostics, file: f, line: 26, field: "schedule.lead_times.weeks", value: "53", expected: "from 0 to 52")
        expect(diagnostics, file: f, line: 27, field: "schedule.academic_mentors", value: "missing.csv", expected: "an existing file")
        expect(diagnostics, file: f, line: 30, field: "id", value: "M1", expected: "a unique industry mentor id (already used at scenario.yaml:29)")
        let unknownColumn = diagnostics.first { $0.field == "phone" }
        XCTAssertEqual(unknownColumn?.severity, .warning)
        XCTAssertTrue(unknownColumn?.expected.contains("a known industry mentor column") ?? false)
        // Programme D is read (duplicate reported), as is its student.
        expect(
            diagnostics, file: f, line: 15, field: "schedule.programmes.id", value: "D",
            expected: "a unique programme id (already used at scenario.yaml:14)")
    }

    func testWeeklySeatsOutsideTheTermsAndLeadTimesWithoutADecisionDate() throws {
        let (scenario, diagnostics) = try scheduled(
            programmes: "    - { id: P, weeks: 4 }", students: ["S1,P,,,"],
            extra: """
                  weekly_seats:
                    - { base: B1, from: 2027-07-01, to: 2027-09-10, seats: 3 }
                    - { base: B1, from: 2027-03-01, to: 2027-03-14, seats: 0 }
                  lead_times:
                    - { country: LA, weeks: 4 }
                    - { country: LA, weeks: 5 }
                """)
        XCTAssertNil(scenario)
        let errors = diagnostics.filter { $0.severity == .error }
        XCTAssertEqual(errors.count, 2, errors.map(\.description).joined(separator: "\n"))
        expect(
            errors, file: "scenario.yaml", line: 12, field: "schedule.weekly_seats", value: "B1: 2027-07-01 to 2027-09-10",
            expected: "dates inside one term")
        expect(errors, file: "scenario.yaml", line: 14, field: "schedule.decision_date", value: nil, expected: "lead times count from it")
        expect(
            diagnostics, file: "scenario.yaml", line: 16, field: "schedule.lead_times", value: "*→LA",
            expected: "each (nationality, country) pair once")
    }

    func testAVariantCannotRequireStabilityInAScheduledScenario() throws {
        var files = Self.validFiles
        files["variant.yaml"] = "format_version: 1\nvariant_of: scenario.yaml\nchanges:\n  policy: { stability: required }\n"
        let folder = try TempScenarioFolder.write(files)
        defer { TempScenarioFolder.remove(folder) }
        XCTAssertNoThrow(try ScenarioLoader().load(path: folder.appendingPathComponent("scenario.yaml").path))
        do {
            _ = try VariantLoader().load(path: folder.appendingPathComponent("variant.yaml").path)
            XCTFail("the variant must be refused")
        } catch {
            expect(error.diagnostics, file: "variant.yaml", line: 4, field: "policy.stability", value: "required", expected: "stability: report")
        }
    }

    /// 50,000 students with many different windows and 400 terms: the checks stay fast
    /// (O(n log n); a quadratic check would take minutes).
    func testManyStudentsWithWindowsAreCheckedQuickly() throws {
        var rows = "id,university,nationality,field,preferences,programme,available_from,available_to\n"
        let start = Day.parse("2027-02-01")!
        for i in 0..<50_000 {
            let from = start + (i % 200), to = from + 30 + (i % 90)
            rows += "S\(i),U1,VN,software,B1,\(i % 3 == 0 ? "ROT" : "P"),\(from),\(to)\n"
        }
        var terms = ""
        var day = Day.parse("2020-01-06")!
        for t in 0..<400 {  // many short terms as well: each check is logarithmic in them
            terms += "  - { id: T\(t), start: \(day), end: \(day + 62) }\n"
            day = day + 70
        }
        let folder = try TempScenarioFolder.write([
            "scenario.yaml": """
            format_version: 1
            terms:
            \(terms)
            universities: universities.csv
            students: students.csv
            bases: bases.csv
            schedule:
              programmes:
                - { id: P, weeks: 4 }
                - { id: ROT, rotation: { gap_weeks: 1, parts: [{ weeks: 3 }, { weeks: 3 }] } }

            """,
            "universities.csv": "id,name,country\nU1,Uni,CN\n",
            "students.csv": rows,
            "bases.csv": "id,kind,country,capacity\nB1,asean_firm,TH,2\n"
        ])
        defer { TempScenarioFolder.remove(folder) }
        let began = Date()
        let (_, diagnostics) = ScenarioLoader().check(path: folder.appendingPathComponent("scenario.yaml").path)
        let seconds = Date().timeIntervalSince(began)
        let errors = diagnostics.filter { $0.severity == .error }
        XCTAssertFalse(errors.isEmpty)
        XCTAssertTrue(errors.allSatisfy { $0.field == "programme" || $0.field == "available_from" }, "\(errors.prefix(5))")
        XCTAssertLessThan(seconds, 120, "checking 50,000 windows took \(seconds) s")
    }
}
