import Foundation
import PlacementEngine
import XCTest

/// The time limit counts from the start of the run (loading included): the solver gets what is
/// left. A limit already used up when the solve starts gives the documented outcome on each path —
/// the network algorithm still places students greedily (feasible with a bound, or optimal), GLPK
/// reports the core rules' flow repaired for every rule (feasible with the flow's bound). No
/// timing assertions: the deadlines used have surely passed.
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

    /// GLPK with the limit used up: the core rules' flow repaired for every rule, with the flow's
    /// maximum as the bound on the number placed; every objective of the policy is still listed.
    func testGLPKWithTheLimitUsedUpGivesTheRepairedCoreFlowWithAValidBound() throws {
        let scenario = try PlacementEngine().load(path: PackageLayout.scenarios.appendingPathComponent("small-alliance/scenario.yaml").path)
        var options = expired
        options.solver = .glpk
        let outcome = try PlacementEngine().solve(scenario, options: options)
        // The same limit counted from the call to solve (no run start given) is plenty.
        let optimum = try PlacementEngine().solve(scenario, options: .init(timeLimit: 60, solver: .glpk))
        XCTAssertEqual(optimum.solver.status, .optimal)
        XCTAssertGreaterThan(outcome.placedCount, 0, outcome.solver.statusText)
        XCTAssertEqual(outcome.solver.stages.map(\.name), optimum.solver.stages.map(\.name), "every objective is listed")
        let placed = try XCTUnwrap(outcome.solver.stages.first), best = try XCTUnwrap(optimum.solver.stages.first)
        XCTAssertTrue(placed.evidence.contains("time limit reached before this stage was started"), placed.evidence)
        XCTAssertLessThanOrEqual(placed.value, best.value + 1e-6)
        XCTAssertGreaterThanOrEqual(placed.bound, best.value - 1e-6, "the bound must hold")
        for later in outcome.solver.stages.dropFirst() { XCTAssertTrue(later.evidence.hasPrefix("not solved"), later.evidence) }
        XCTAssertNotEqual(outcome.solver.status, .optimal, "the later stages were not solved")
    }

    func testStableMatchingWithTheLimitUsedUpGivesNoSolution() throws {
        let scenario = try RandomScenario.benchmark(students: 3000, stability: true)
        let outcome = try PlacementEngine().solve(scenario, options: expired)
        // Deferred acceptance checks the deadline every 4,096 proposals: cut short, never unstable.
        XCTAssertTrue([.noSolution, .optimal].contains(outcome.solver.status), outcome.solver.status.rawValue)
        if outcome.solver.status == .optimal { XCTAssertTrue(outcome.blockingPairs.isEmpty) }
    }

    /// Through the command: a limit far shorter than loading takes is used up before the solve;
    /// GLPK still reports the repaired core flow (exit 0), and the report passes `verify`.
    func testCommandCountsTheLimitFromTheStartOfTheRun() throws {
        let work = try TempScenarioFolder.makeDirectory("whole-run-deadline")
        defer { TempScenarioFolder.remove(work) }
        let out = work.appendingPathComponent("report")
        let scenario = PackageLayout.scenarios.appendingPathComponent("small-alliance/scenario.yaml").path
        let run = try PlacementCommand.run(
            ["solve", scenario, "--solver", "glpk", "--time-limit", "0.000001", "--out", out.path, "--quiet"], in: work)
        XCTAssertEqual(run.status, 0, run.stderr)
        let summary = try String(contentsOf: out.appendingPathComponent("summary.md"), encoding: .utf8)
        XCTAssertTrue(summary.contains("time limit reached before this stage was started"), summary)
        XCTAssertTrue(summary.contains("not solved: the time or work limit ran out in an earlier stage"), summary)
        let verify = try PlacementCommand.run(["verify", scenario, out.path], in: work)
        XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr)
    }
}
