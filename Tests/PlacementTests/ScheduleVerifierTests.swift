import Foundation
import PlacementDomain
import PlacementEngine
import PlacementReports
import PlacementVerifier
import XCTest

/// `placement verify` on scheduled scenarios: a correct report verifies clean, and each broken
/// scheduling rule is caught with a message naming the student (or base/mentor) and the rule.
final class ScheduleVerifierTests: XCTestCase {
    var scratch: URL!

    override func setUpWithError() throws {
        scratch = try TempScenarioFolder.makeDirectory("schedule-verifier")
    }

    override func tearDownWithError() throws {
        if let scratch { TempScenarioFolder.remove(scratch) }
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
    func assertCaught(
        _ kind: String, naming subject: String, _ edit: (inout [String: ScheduleFixture.Plan]) -> Void,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        var plans = ScheduleFixture.plans()
        edit(&plans)
        let result = try verified(plans)
        let hits = result.violations.filter { $0.kind == kind }
        XCTAssertFalse(hits.isEmpty, "expected \(kind); got \(result.violations.map(\.description))", file: file, line: line)
        XCTAssertTrue(
            hits.contains { $0.message.contains(subject) }, "no \(kind) message names \(subject): \(hits.map(\.message))", file: file, line: line)
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
        try ReportTampering.rehashManifest(folder)
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
        for _ in 0..<8 { scenarios.append(RandomScenario.make(&rng, .schedule(students: 6...14, bases: 3...5, weeks: 8...12))) }
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
}
