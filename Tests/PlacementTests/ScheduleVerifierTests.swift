import Foundation
import PlacementDomain
import PlacementEngine
import PlacementReports
import PlacementVerifier
import XCTest

/// A small scheduled scenario with a hand-made correct outcome, for the verifier and report tests.
///
/// One term of 12 weeks from Monday 2027-03-01 (week index 0 = 2027-spring/1). B1 (CN, Belt and
/// Road) is closed in week index 3 (stocktaking), B3 (TH) in week 6 (Songkran); B2 (VN) has 1 seat
/// in week 8. CN students need 10 weeks of lead time to VN (earliest start 2027-03-15, index 2).
/// S3 is on a rotation (2 weeks at a Belt and Road enterprise, a full week's gap, 2 weeks at an
/// ASEAN firm in another country).
enum ScheduleFixture {
    static let origin = SourceLocation(file: "fixture", line: nil)
    static let settings = ReportSettings(toolVersion: "test", glpkVersion: "test")
    static func day(_ text: String) -> Day { Day.parse(text)! }
    static func level(_ text: String) -> LanguageLevel { LanguageLevel.parse(text)! }

    static func scenario() -> Scenario {
        let universities = [University(id: "U1", name: "Guangxi University", country: "CN", city: "Nanning", location: nil, origin: origin)]
        func base(_ id: String, _ kind: BaseKind, _ country: String, _ seats: Int) -> Base {
            Base(id: id, name: "Base \(id)", kind: kind, country: country, city: "", location: nil, fields: [], languageRequirement: [],
                 capacity: ["2027-spring": seats], origin: origin)
        }
        let bases = [base("B1", .beltAndRoadEnterprise, "CN", 2), base("B2", .aseanFirm, "VN", 2), base("B3", .aseanFirm, "TH", 1)]
        func student(_ id: String, _ nationality: String, _ prefs: [String], _ languages: [String: String], programme: String? = nil,
                     from: String? = nil, to: String? = nil) -> Student {
            Student(id: id, name: "Student \(id)", university: "U1", nationality: nationality, field: "software",
                    languages: languages.mapValues(level), gradeAverage: nil, availableTerms: [], excludedCountries: [],
                    preferences: prefs, origin: origin, programme: programme, availableFrom: from.map(day), availableTo: to.map(day))
        }
        let students = [
            student("S1", "CN", ["B1", "B2"], ["zh": "native", "en": "B2"]),
            student("S2", "VN", ["B2"], ["en": "B2", "vi": "native"]),
            student("S3", "CN", ["B1", "B3"], ["en": "C1", "zh": "native"], programme: "ROT"),
            student("S4", "CN", ["B2", "B1"], ["en": "B2", "zh": "native"], from: "2027-03-08", to: "2027-05-09"),
            student("S5", "CN", ["B3"], ["en": "B2"]),
        ]
        func mentor(_ id: String, _ kind: Schedule.Mentor.Kind, _ home: String, _ languages: [String: String], _ max: Int) -> Schedule.Mentor {
            Schedule.Mentor(id: id, name: "Mentor \(id)", kind: kind, home: home, languages: languages.mapValues(level), maxInterns: max, origin: origin)
        }
        let schedule = Schedule(
            decisionDate: day("2027-01-04"),
            termDates: ["2027-spring": DayRange(first: day("2027-03-01"), last: day("2027-05-23"))],
            closures: [
                .init(name: "Stocktaking", days: DayRange(first: day("2027-03-22"), last: day("2027-03-23")), countries: [], bases: ["B1"], origin: origin),
                .init(name: "Songkran", days: DayRange(first: day("2027-04-13"), last: day("2027-04-15")), countries: ["TH"], bases: [], origin: origin),
            ],
            weeklySeats: [.init(base: "B2", days: DayRange(first: day("2027-04-26"), last: day("2027-05-02")), seats: 1, origin: origin)],
            programmes: [
                .init(id: "P4", credits: 4, parts: [.init(weeks: 4, kinds: [])], origin: origin),
                .init(id: "ROT", credits: 6, parts: [.init(weeks: 2, kinds: [.beltAndRoadEnterprise]), .init(weeks: 2, kinds: [.aseanFirm])],
                      gapWeeks: 1, differentCountry: true, origin: origin),
            ],
            defaultProgramme: "P4",
            leadTimes: [.init(nationality: "CN", country: "VN", weeks: 10, origin: origin),
                        .init(nationality: "CN", country: nil, weeks: 3, origin: origin),
                        .init(nationality: nil, country: nil, weeks: 1, origin: origin)],
            academicMentors: [mentor("A1", .academic, "U1", ["en": "C1"], 2), mentor("A2", .academic, "U1", ["zh": "native"], 2)],
            industryMentors: [mentor("I1", .industry, "B1", ["zh": "native"], 2), mentor("I2", .industry, "B2", ["en": "B2"], 2),
                              mentor("I3", .industry, "B3", ["en": "B2"], 1), mentor("I5", .industry, "B2", ["th": "native"], 2)],
            mentorLanguageMinimum: level("B1"))
        return Scenario(name: "schedule-fixture", terms: [Term(id: "2027-spring", name: "Spring 2027")], universities: universities,
                        students: students, bases: bases, policy: Policy(rankCost: .squared), schedule: schedule, inputs: [])
    }

    /// One placement: base, rank, weeks (indices), mentors (indices), and a rotation's second part.
    struct Plan {
        var base: Int
        var rank: Int
        var weeks: ClosedRange<Int>
        var academic: Int?
        var industry: Int?
        var second: PlacementOutcome.SecondPart? = nil
    }

    /// The correct schedule (see the type's comment); edit a copy to break one rule.
    static func plans() -> [String: Plan] {
        [
            "S1": Plan(base: 0, rank: 1, weeks: 0...4, academic: 1, industry: 0),
            "S2": Plan(base: 1, rank: 1, weeks: 0...3, academic: 0, industry: 1),
            "S3": Plan(base: 0, rank: 1, weeks: 0...1, academic: 0, industry: 0,
                       second: .init(base: 2, term: 0, rank: 2, cost: 4, firstWeek: 3, lastWeek: 4, industryMentor: 2)),
            "S4": Plan(base: 1, rank: 1, weeks: 4...7, academic: 1, industry: 1),
        ]
    }

    /// An outcome from plans, with objective values that match them (placed, then cost).
    static func outcome(_ scenario: Scenario, _ plans: [String: Plan]) -> PlacementOutcome {
        var placements: [PlacementOutcome.Placement?] = Array(repeating: nil, count: scenario.students.count)
        var reasons: [Int: PlacementOutcome.UnplacedReason] = [:]
        for (i, student) in scenario.students.enumerated() {
            guard let plan = plans[student.id] else { reasons[i] = .leftOut(bases: ["B3/2027-spring"]); continue }
            let timing = PlacementOutcome.Timing(firstWeek: plan.weeks.lowerBound, lastWeek: plan.weeks.upperBound,
                                                 academicMentor: plan.academic, industryMentor: plan.industry, second: plan.second)
            placements[i] = .init(student: i, base: plan.base, term: 0, rank: plan.rank, cost: Double(plan.rank * plan.rank), timing: timing)
        }
        let placed = placements.compactMap { $0 }
        let cost = placed.reduce(0) { $0 + $1.totalCost }
        let stages = [PlacementOutcome.Stage(name: "placed", sense: .maximize, value: Double(placed.count), bound: Double(placed.count), status: .optimal, evidence: "hand-made"),
                      PlacementOutcome.Stage(name: "cost", sense: .minimize, value: cost, bound: cost, status: .optimal, evidence: "hand-made")]
        let solver = PlacementOutcome.SolverSummary(status: .optimal, statusText: "optimal", gap: 0, stages: stages, solver: "hand-made",
                                                    glpkVersion: "test", rows: 12, columns: 34, nonZeros: 56, rules: [.weeklyCapacity])
        return PlacementOutcome(placements: placements, unplacedReasons: reasons, solver: solver, timings: [:])
    }

    /// Writes the report of an outcome into `folder`.
    static func write(_ scenario: Scenario, _ outcome: PlacementOutcome, to folder: URL) throws {
        try AtomicFolderWriter(destination: folder.path, force: true).write(ReportSet(scenario: scenario, outcome: outcome, settings: settings).files())
    }
}

/// `placement verify` on scheduled scenarios: a correct report verifies clean, and each broken
/// scheduling rule is caught with a message naming the student (or base/mentor) and the rule.
final class ScheduleVerifierTests: XCTestCase {
    var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("schedule-verifier-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let scratch { try? FileManager.default.removeItem(at: scratch) }
    }

    func verify(_ scenario: Scenario, _ folder: URL) -> VerificationResult {
        ReportVerifier(scenario: scenario, scenarioPath: scratch.appendingPathComponent("scenario.yaml").path).verify(reportFolder: folder.path)
    }

    /// Writes the report of `plans` and verifies it.
    func verified(_ plans: [String: ScheduleFixture.Plan], name: String = UUID().uuidString) throws -> VerificationResult {
        let scenario = ScheduleFixture.scenario()
        let folder = scratch.appendingPathComponent(name)
        try ScheduleFixture.write(scenario, ScheduleFixture.outcome(scenario, plans), to: folder)
        return verify(scenario, folder)
    }

    /// The mutation is caught as `kind`, in a message that names `subject` (a student, base or mentor).
    func assertCaught(_ kind: String, naming subject: String, _ edit: (inout [String: ScheduleFixture.Plan]) -> Void,
                      file: StaticString = #filePath, line: UInt = #line) throws {
        var plans = ScheduleFixture.plans()
        edit(&plans)
        let result = try verified(plans)
        let hits = result.violations.filter { $0.kind == kind }
        XCTAssertFalse(hits.isEmpty, "expected \(kind); got \(result.violations.map(\.description))", file: file, line: line)
        XCTAssertTrue(hits.contains { $0.message.contains(subject) }, "no \(kind) message names \(subject): \(hits.map(\.message))", file: file, line: line)
    }

    func testCorrectScheduledReportVerifiesClean() throws {
        let result = try verified(ScheduleFixture.plans())
        XCTAssertTrue(result.isVerified, result.violations.map(\.description).joined(separator: "\n"))
        XCTAssertEqual(result.placements, 4)
        XCTAssertTrue(result.checks.contains { $0.hasPrefix("weekly capacity") })
        XCTAssertFalse(result.checks.contains { $0.hasPrefix("capacity: no base takes more interns in a term") })
    }

    func testStartInClosureWeekIsCaught() throws {
        try assertCaught("starts_in_closure", naming: "S1") { $0["S1"]!.weeks = 3...7 }
    }

    func testEndAfterAvailableDatesIsCaught() throws {
        try assertCaught("outside_window", naming: "S4") { $0["S4"]!.weeks = 7...10 }
    }

    func testStartBeforeLeadTimeIsCaught() throws {
        try assertCaught("lead_time", naming: "S4") { $0["S4"]!.weeks = 1...4 }
    }

    func testTooFewWorkingWeeksAreCaught() throws {
        try assertCaught("working_weeks", naming: "S2") { $0["S2"]!.weeks = 0...2 }
        // Five weeks at B1 with no closure week among them: one working week too many.
        try assertCaught("working_weeks", naming: "S1") { $0["S1"]!.weeks = 4...8 }
    }

    func testWeeklySeatsExceededAreCaught() throws {
        // B2 has one seat in week 9 (2027-04-26); both S2 and S4 are there.
        try assertCaught("weekly_capacity_exceeded", naming: "S2") {
            $0["S2"]!.weeks = 5...8
            $0["S4"]!.weeks = 5...8
        }
    }

    func testOverloadedMentorIsCaught() throws {
        try assertCaught("mentor_overloaded", naming: "A1") { $0["S1"]!.academic = 0 }
    }

    func testMentorWithoutCommonLanguageIsCaught() throws {
        try assertCaught("mentor_language", naming: "S2") { $0["S2"]!.industry = 3 }
    }

    func testMentorFromAnotherBaseIsCaught() throws {
        try assertCaught("mentor_home", naming: "S2") { $0["S2"]!.industry = 0 }
    }

    func testRotationSecondPartTooEarlyIsCaught() throws {
        try assertCaught("rotation_gap", naming: "S3") {
            $0["S3"]!.second = .init(base: 2, term: 0, rank: 2, cost: 4, firstWeek: 2, lastWeek: 3, industryMentor: 2)
        }
    }

    func testRotationWithoutSecondPartIsCaught() throws {
        try assertCaught("rotation_incomplete", naming: "S3") { $0["S3"]!.second = nil }
    }

    func testRotationPartOfTheWrongKindIsCaught() throws {
        // The second part must be at an ASEAN firm; B1 is a Belt and Road enterprise (and in CN, like the first).
        try assertCaught("programme_kind", naming: "S3") {
            $0["S3"]!.second = .init(base: 0, term: 0, rank: 1, cost: 1, firstWeek: 5, lastWeek: 6, industryMentor: 0)
        }
    }

    /// An edited date cell in placements.csv (manifest re-hashed) no longer agrees with report.json.
    func testEditedPlacementsCSVIsCaught() throws {
        let scenario = ScheduleFixture.scenario()
        let folder = scratch.appendingPathComponent("edited")
        try ScheduleFixture.write(scenario, ScheduleFixture.outcome(scenario, ScheduleFixture.plans()), to: folder)
        let csv = folder.appendingPathComponent("placements.csv")
        let text = try String(contentsOf: csv, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            // S2 starts a week later (and still ends on the same day: three weeks).
            line.hasPrefix("S2,") ? line.replacingOccurrences(of: "2027-03-01", with: "2027-03-08") : String(line)
        }
        try lines.joined(separator: "\n").write(to: csv, atomically: true, encoding: .utf8)
        try rehashManifest(folder)
        let result = verify(scenario, folder)
        XCTAssertTrue(result.violations.contains { $0.kind == "placements_csv_mismatch" && $0.message.contains("S2") }, "\(result.violations)")
        XCTAssertTrue(result.violations.contains { $0.kind == "working_weeks" && $0.message.contains("S2") }, "\(result.violations)")
    }

    /// The report of the engine's own solve of the fixture, and of random scheduled scenarios,
    /// verifies clean.
    func testEngineOutputVerifiesClean() throws {
        let engine = PlacementEngine()
        var scenarios = [ScheduleFixture.scenario()]
        var rng = DeterministicRNG(seed: 0x5EED_0F_7E57)
        for _ in 0..<8 { scenarios.append(RandomScheduleFactory.make(&rng, students: 6...14, bases: 3...5, weeks: 8...12)) }
        var verifiedCount = 0
        for (n, scenario) in scenarios.enumerated() {
            let outcome = try engine.solve(scenario)
            guard outcome.solver.status == .optimal || outcome.solver.status == .feasible else { continue }
            let folder = scratch.appendingPathComponent("engine-\(n)")
            _ = try engine.writeReports(scenario, outcome, to: folder.path, settings: ScheduleFixture.settings, force: false)
            let result = verify(scenario, folder)
            XCTAssertTrue(result.isVerified, "scenario \(n): " + result.violations.prefix(10).map(\.description).joined(separator: "\n"))
            verifiedCount += 1
        }
        XCTAssertGreaterThanOrEqual(verifiedCount, 7)
    }

    /// Re-hashes manifest.json's outputs after an edit (a tamperer who forges the manifest too).
    func rehashManifest(_ folder: URL) throws {
        let url = folder.appendingPathComponent("manifest.json")
        var manifest = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var outputs: [[String: Any]] = []
        for case let output as [String: Any] in manifest["outputs"] as? [Any] ?? [] {
            let path = output["path"] as! String
            let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(path)))
            outputs.append(["path": path, "sha256": ReportVerifier.sha256Hex(bytes), "bytes": bytes.count])
        }
        manifest["outputs"] = outputs
        try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys]).write(to: url)
    }
}
