import Foundation
import PlacementDomain
import PlacementEngine
import PlacementSolving
import XCTest

/// A limit on a scheduled scenario still gives a report (docs/scheduling.md, "Limits"): a
/// feasible schedule with mentors, a bound and a gap, never "no solution" because the limit was
/// tight. No timing is asserted: the limits are chosen so that they are spent at once.
final class ScheduleAnytimeTests: XCTestCase {
    /// Random small scheduled scenarios (mentors of both kinds) under a work limit of one simplex
    /// iteration and under a time limit already spent when the solve starts.
    func testTinyLimitsStillGiveAFeasibleScheduleWithABound() throws {
        var rng = DeterministicRNG(seed: 0xA7_1E5C)
        for round in 0..<10 {
            let scenario = RandomScenario.make(&rng, .schedule(students: 8...14, bases: 2...3, weeks: 6...8))
            let spent = ContinuousClock.now.advanced(by: .seconds(-1))
            for (label, options) in [
                ("work limit 1", PlacementEngine.Options(workLimit: 1)),
                ("time limit spent", PlacementEngine.Options(timeLimit: 0.5, runStarted: spent))
            ] {
                let outcome = try PlacementEngine().solve(scenario, options: options)
                XCTAssertTrue(outcome.solver.status.hasPlacement, "round \(round), \(label): \(outcome.solver.status)")
                let placed = try XCTUnwrap(outcome.solver.stages.first { $0.name == "placed" }, "round \(round), \(label)")
                XCTAssertGreaterThanOrEqual(placed.bound, placed.value, "round \(round), \(label): a bound on the placed stage")
                XCTAssertTrue(placed.bound.isFinite, "round \(round), \(label)")
                XCTAssertEqual(IndependentScheduleCheck(scenario: scenario).violations(outcome), [], "round \(round), \(label)")
            }
        }
    }

    /// The bundled scheduled scenario with a work limit of 10 iterations (GLPK's LP cannot finish)
    /// and with a time limit of one second: exit 0, a report, and `placement verify` passes on it.
    func testBundledScheduleUnderTinyLimitsGivesAVerifiedReport() throws {
        let scenario = PackageLayout.scenarios.appendingPathComponent("alliance-schedule/scenario.yaml").path
        let work = try TempScenarioFolder.makeDirectory("schedule-anytime")
        defer { TempScenarioFolder.remove(work) }
        for (name, limit) in [("work", ["--work-limit", "10"]), ("time", ["--time-limit", "1"])] {
            let report = work.appendingPathComponent(name).path
            let solve = try PlacementCommand.run(["solve", scenario, "--out", report, "--quiet"] + limit, in: work)
            XCTAssertEqual(solve.status, 0, "\(limit): \(solve.output)")
            let verify = try PlacementCommand.run(["verify", scenario, report], in: work)
            XCTAssertEqual(verify.status, 0, "\(limit): \(verify.output)")
            XCTAssertTrue(verify.output.contains("no violation"), verify.output)
        }
    }
}
