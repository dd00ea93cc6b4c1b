import Foundation
import PlacementDomain
import PlacementEngine
import PlacementFormulation
import PlacementModel
import PlacementNetwork
import PlacementScenarioIO
import PlacementSolving
import XCTest

/// Time limits and stop requests on the paths that do not go through GLPK: the network algorithm
/// returns the feasible assignment it has with bounds that hold; deferred acceptance returns
/// nothing rather than an unstable matching. No timing assertions: stops are forced through the
/// stop closure (at every possible point) or a deadline that has already passed.
final class TimeLimitTests: XCTestCase {
    /// Answers true from its `stopAt`-th call on.
    final class StopAfter: @unchecked Sendable {
        private let stopAt: Int
        private var calls = 0
        init(_ stopAt: Int) { self.stopAt = stopAt }
        var poll: @Sendable () -> Bool {
            { [self] in
                calls += 1; return calls >= stopAt
            }
        }
    }

    /// Stopped at every possible point (a poll after each unit of work, the stop at the k-th poll
    /// for k = 1, 2, … until the solve finishes first), on tiny instances checked by brute force:
    /// the assignment is feasible and least-cost for its size, the upper bound on the number
    /// placeable holds, and the penalty-mode lower bound is below the true optimum.
    func testNetworkSolverStoppedAtAnyPointKeepsAFeasibleLeastCostAssignmentAndValidBounds() {
        var g = DeterministicRNG(seed: 808, seeding: .scaled)
        var stopsChecked = 0
        for trial in 0..<120 {
            let p = TransportationProblems.random(
                &g, sources: g.int(1...7), sinks: g.int(1...4), maxArcs: 3, maxCapacity: 3,
                costMax: trial % 3 == 0 ? 12 : nil, parallel: trial % 4 == 1)
            let penalty = Int64([1, 5, 10, 30, 1000][trial % 5])
            let brute = TransportationProblems.bruteForce(p, penalty: penalty)
            for objective in [NetworkObjective.lexicographic, .penalty(penalty)] {
                for k in 1... {
                    let label = "trial \(trial) \(objective) stop at poll \(k)"
                    let x = NetworkSolver.solve(
                        p, objective: objective,
                        limits: NetworkLimits(shouldStop: StopAfter(k).poll, pollInterval: 1))
                    assertFeasible(p, x, label, stopped: true)
                    guard let stop = x.stopped else {
                        XCTAssertEqual(x.sinkPrices.count, p.sinkCount, label)
                        break
                    }
                    stopsChecked += 1
                    XCTAssertEqual(stop.reason, .stopRequested, label)
                    XCTAssertTrue(x.sinkPrices.isEmpty, label)
                    XCTAssertEqual(x.cost, brute.minCostByCount[x.assigned], "\(label): least cost for \(x.assigned) assigned")
                    XCTAssertGreaterThanOrEqual(stop.assignedUpperBound, brute.lexAssigned, "\(label): upper bound on the number placeable")
                    XCTAssertLessThanOrEqual(x.assigned, stop.assignedUpperBound, label)
                    XCTAssertGreaterThanOrEqual(stop.marginalCostLowerBound, 0, label)
                    if objective != .lexicographic {
                        // What NetworkPath reports: each further placement saves the penalty but costs ≥ φ_t.
                        let objectiveValue = x.cost + penalty * Int64(p.sourceCount - x.assigned)
                        let lower = objectiveValue - max(0, penalty - stop.marginalCostLowerBound) * Int64(stop.assignedUpperBound - x.assigned)
                        XCTAssertLessThanOrEqual(lower, brute.penalty, "\(label): penalty-mode lower bound")
                        XCTAssertGreaterThanOrEqual(objectiveValue, brute.penalty, label)
                        XCTAssertLessThan(stop.marginalCostLowerBound, penalty, label)
                    }
                    if stop.assignedUpperBound == x.assigned {
                        XCTAssertEqual(x.assigned, brute.lexAssigned, "\(label): a tight cut means a maximum assignment")
                    }
                }
            }
        }
        XCTAssertGreaterThan(stopsChecked, 500, "the stops must actually happen mid-solve")
    }

    /// A deadline that has already passed stops the solve at its first check: nothing assigned.
    func testNetworkSolverWithAnExpiredDeadlineStopsForTheTimeLimit() {
        var g = DeterministicRNG(seed: 9, seeding: .scaled)
        let p = TransportationProblems.random(&g, sources: 400, sinks: 40, maxArcs: 5, maxCapacity: 8)
        let x = NetworkSolver.solve(
            p, objective: .penalty(1000),
            limits: NetworkLimits(deadline: ContinuousClock.now - .seconds(1)))
        XCTAssertEqual(x.stopped?.reason, .timeLimit)
        XCTAssertEqual(x.assigned, 0)
        XCTAssertEqual(x.assignment, [Int32](repeating: -1, count: p.sourceCount))
        let full = NetworkSolver.solve(p, objective: .penalty(1000), limits: NetworkLimits(deadline: ContinuousClock.now + .seconds(3600)))
        XCTAssertNil(full.stopped, "a distant deadline changes nothing")
        XCTAssertEqual(full.assignment, NetworkSolver.solve(p, objective: .penalty(1000)).assignment)
    }

    // MARK: - Deferred acceptance

    /// Deferred acceptance gives up (nil) instead of returning a matching that is not stable; with
    /// no limit it returns the same matching as before.
    func testDeferredAcceptanceCutShortReturnsNothing() throws {
        let scenario = try RandomScenario.benchmark(students: 300, stability: true)
        let f = Formulation(scenario: scenario)
        let keys = BaseSideKeys(f)
        XCTAssertNil(DeferredAcceptance.match(f, keys: keys, deadline: ContinuousClock.now - .seconds(1), shouldStop: nil))
        XCTAssertNil(
            DeferredAcceptance.match(f, keys: keys, deadline: nil, shouldStop: StopAfter(50).poll, pollInterval: 1),
            "stopped part-way through the proposals")
        let full = try XCTUnwrap(DeferredAcceptance.match(f, keys: keys, deadline: ContinuousClock.now + .seconds(3600), shouldStop: { false }))
        XCTAssertEqual(full, DeferredAcceptance.match(f, keys: keys))
        XCTAssertTrue(DeferredAcceptance.blockingPairs(f, keys: keys, assignment: full).isEmpty)
    }

    // MARK: - Through the engine

    /// A tiny time limit on a generated instance: the engine answers with a result that is
    /// consistent with its status — no solution (nothing placed), or a feasible placement with a
    /// valid bound and gap, or (if the machine was fast enough) the optimum.
    func testEngineWithATinyTimeLimitReturnsAConsistentResult() throws {
        let scenario = try RandomScenario.benchmark(students: 3000, stability: false)
        let optimum = try PlacementEngine().solve(scenario)
        XCTAssertEqual(optimum.solver.status, .optimal)
        XCTAssertEqual(optimum.solver.solver, "placement min-cost flow", "the instance must take the network path")
        let optimalCost = try XCTUnwrap(optimum.solver.stages.first?.value)
        let outcome = try PlacementEngine().solve(scenario, options: .init(timeLimit: 1e-9))
        switch outcome.solver.status {
        case .noSolution:
            XCTAssertEqual(outcome.placedCount, 0)
            XCTAssertTrue(outcome.solver.stages.isEmpty)
        case .feasible:
            let stage = try XCTUnwrap(outcome.solver.stages.first)
            XCTAssertLessThanOrEqual(stage.bound, optimalCost + 1e-6, "the lower bound must hold")
            XCTAssertGreaterThanOrEqual(stage.value, optimalCost - 1e-6)
            XCTAssertGreaterThan(try XCTUnwrap(outcome.solver.gap), 0)
            assertCapacitiesHold(scenario, outcome)
        case .optimal:
            XCTAssertEqual(outcome.solver.stages.first?.value ?? .nan, optimalCost, accuracy: 1e-6)
        default:
            XCTFail("unexpected status \(outcome.solver.status)")
        }
    }

    /// With stability required, a time limit that cuts deferred acceptance short gives no
    /// solution, never an unstable matching.
    func testEngineStableMatchingWithATinyTimeLimitIsNeverUnstable() throws {
        let scenario = try RandomScenario.benchmark(students: 3000, stability: true)
        let outcome = try PlacementEngine().solve(scenario, options: .init(timeLimit: 1e-9))
        XCTAssertTrue([.noSolution, .optimal].contains(outcome.solver.status), outcome.solver.status.rawValue)
        if outcome.solver.status == .noSolution {
            XCTAssertEqual(outcome.placedCount, 0)
            XCTAssertEqual(outcome.solver.statusText, "no solution within the time or work limit")
        } else {
            XCTAssertTrue(outcome.blockingPairs.isEmpty)
        }
    }
}
