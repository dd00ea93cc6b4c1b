import Foundation
import PlacementEngine
import XCTest

/// The time limit counts from the start of the run (loading included): the solver gets what is
/// left. A limit already used up when the solve starts gives the documented outcome on each path —
/// the network algorithm still places students greedily (feasible with a bound, or optimal), GLPK
/// is not started (no solution within the time or work limit, exit 3). No timing assertions: the
/// deadlines used have surely passed.
final class WholeRunDeadlineTests: XCTestCase {
    /// A run that started 10 s ago with a 1 s limit.
    private let expired = PlacementEngine.Options(timeLimit: 1, runStarted: ContinuousClock.now.advanced(by: .seconds(-10)))

    func testNetworkPathWithTheLimitUsedUpStillPlacesGreedilyWithAValidBound() throws {
        let scenario = try RandomScenario.benchmark(students: 3000, stability: false)
        let optimum = try PlacementEngine().solve(scenario)
        let optimalCost = try XCTUnwrap(optimum.solver.stages.first?.value)
        let outcome = try PlacementEngine().solve(scenario, options: expired)
        XCTAssertEqual(outcome.solver.solver, "placement min-cost flow")
        XCTAssertGreaterThan(outcome.placedCount, 0, "the greedy completion places students even with no time left")
        let stage = try XCTUnwrap(outcome.solver.stages.first)
        XCTAssertLessThanOrEqual(stage.bound, optimalCost + 1e-6, "the lower bound must hold")
        XCTAssertGreaterThanOrEqual(stage.value, optimalCost - 1e-6)
        if outcome.solver.status == .feasible {
            XCTAssertTrue(stage.evidence.contains("time limit reached"), stage.evidence)
        } else {
            XCTAssertEqual(outcome.solver.status, .optimal)
        }
    }

    func testGLPKWithTheLimitUsedUpGivesNoSolution() throws {
        let scenario = try PlacementEngine().load(path: PackageLayout.scenarios.appendingPathComponent("small-alliance/scenario.yaml").path)
        var options = expired
        options.solver = .glpk
        let outcome = try PlacementEngine().solve(scenario, options: options)
        XCTAssertEqual(outcome.solver.status, .noSolution)
        XCTAssertEqual(outcome.solver.statusText, "no solution within the time or work limit")
        XCTAssertEqual(outcome.placedCount, 0)
        // The same limit counted from the call to solve (no run start given) is plenty.
        XCTAssertEqual(try PlacementEngine().solve(scenario, options: .init(timeLimit: 60, solver: .glpk)).solver.status, .optimal)
    }

    func testStableMatchingWithTheLimitUsedUpGivesNoSolution() throws {
        let scenario = try RandomScenario.benchmark(students: 3000, stability: true)
        let outcome = try PlacementEngine().solve(scenario, options: expired)
        // Deferred acceptance checks the deadline every 4,096 proposals: cut short, never unstable.
        XCTAssertTrue([.noSolution, .optimal].contains(outcome.solver.status), outcome.solver.status.rawValue)
        if outcome.solver.status == .optimal { XCTAssertTrue(outcome.blockingPairs.isEmpty) }
    }

    /// Through the command: a limit far shorter than loading takes is used up before the solve,
    /// so GLPK gives no solution: exit 3, nothing written.
    func testCommandCountsTheLimitFromTheStartOfTheRun() throws {
        let work = try TempScenarioFolder.makeDirectory("whole-run-deadline")
        defer { TempScenarioFolder.remove(work) }
        let out = work.appendingPathComponent("report")
        let run = try PlacementCommand.run(
            [
                "solve", PackageLayout.scenarios.appendingPathComponent("small-alliance/scenario.yaml").path,
                "--solver", "glpk", "--time-limit", "0.000001", "--out", out.path, "--quiet"
            ], in: work)
        let stderr = run.stderr
        XCTAssertEqual(run.status, 3, stderr)
        XCTAssertTrue(stderr.contains("no solution within the time or work limit"), stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
    }
}
