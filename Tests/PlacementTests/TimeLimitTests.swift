import Foundation
import PlacementDomain
import PlacementEngine
import PlacementFormulation
import PlacementModel
import PlacementNetwork
import PlacementScenarioIO
import XCTest

/// Time limits and stop requests on the paths that do not go through GLPK: the network algorithm
/// returns the feasible assignment it has with bounds that hold; deferred acceptance returns
/// nothing rather than an unstable matching. No timing assertions: stops are forced through the
/// stop closure (at every possible point) or a deadline that has already passed.
final class TimeLimitTests: XCTestCase {
    typealias Generator = NetworkSolverTests.Generator

    /// Answers true from its `stopAt`-th call on.
    final class StopAfter: @unchecked Sendable {
        private let stopAt: Int
        private var calls = 0
        init(_ stopAt: Int) { self.stopAt = stopAt }
        var poll: @Sendable () -> Bool { { [self] in calls += 1; return calls >= stopAt } }
    }

    /// Feasible (each source at most one of its own arcs, capacities kept) and `assigned`/`cost`
    /// agree with the assignment.
    private func assertFeasible(_ p: TransportationProblem, _ x: NetworkSolution, _ label: String,
                                file: StaticString = #filePath, line: UInt = #line) {
        var load = [Int](repeating: 0, count: p.sinkCount)
        var assigned = 0
        var cost: Int64 = 0
        for (s, a) in x.assignment.enumerated() where a >= 0 {
            guard Int(a) < p.arcCount, Int(p.arcSource[Int(a)]) == s else { return XCTFail("\(label): source \(s) has a foreign arc", file: file, line: line) }
            load[Int(p.arcSink[Int(a)])] += 1
            assigned += 1
            cost += p.arcCost[Int(a)]
        }
        for j in 0..<p.sinkCount where load[j] > p.sinkCapacities[j] {
            XCTFail("\(label): sink \(j) over capacity", file: file, line: line)
        }
        XCTAssertEqual(assigned, x.assigned, label, file: file, line: line)
        XCTAssertEqual(cost, x.cost, label, file: file, line: line)
    }

    /// Stopped at every possible point (a poll after each unit of work, the stop at the k-th poll
    /// for k = 1, 2, … until the solve finishes first), on tiny instances checked by brute force:
    /// the assignment is feasible and least-cost for its size, the upper bound on the number
    /// placeable holds, and the penalty-mode lower bound is below the true optimum.
    func testNetworkSolverStoppedAtAnyPointKeepsAFeasibleLeastCostAssignmentAndValidBounds() {
        var g = Generator(seed: 808)
        var stopsChecked = 0
        for trial in 0..<120 {
            let p = NetworkSolverTests.randomProblem(&g, sources: g.int(1...7), sinks: g.int(1...4), maxArcs: 3, maxCapacity: 3,
                                                     costMax: trial % 3 == 0 ? 12 : nil, parallel: trial % 4 == 1)
            let penalty = Int64([1, 5, 10, 30, 1000][trial % 5])
            let brute = NetworkSolverTests.bruteForce(p, penalty: penalty)
            for objective in [NetworkObjective.lexicographic, .penalty(penalty)] {
                for k in 1... {
                    let label = "trial \(trial) \(objective) stop at poll \(k)"
                    let x = NetworkSolver.solve(p, objective: objective,
                                                limits: NetworkLimits(shouldStop: StopAfter(k).poll, pollInterval: 1))
                    assertFeasible(p, x, label)
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
        var g = Generator(seed: 9)
        let p = NetworkSolverTests.randomProblem(&g, sources: 400, sinks: 40, maxArcs: 5, maxCapacity: 8)
        let x = NetworkSolver.solve(p, objective: .penalty(1000),
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
        let scenario = try Self.generatedScenario(students: 300, stability: true)
        let f = Formulation(scenario: scenario)
        let keys = BaseSideKeys(f)
        XCTAssertNil(DeferredAcceptance.match(f, keys: keys, deadline: ContinuousClock.now - .seconds(1), shouldStop: nil))
        XCTAssertNil(DeferredAcceptance.match(f, keys: keys, deadline: nil, shouldStop: StopAfter(50).poll, pollInterval: 1),
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
        let scenario = try Self.generatedScenario(students: 3000, stability: false)
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
        let scenario = try Self.generatedScenario(students: 3000, stability: true)
        let outcome = try PlacementEngine().solve(scenario, options: .init(timeLimit: 1e-9))
        XCTAssertTrue([.noSolution, .optimal].contains(outcome.solver.status), outcome.solver.status.rawValue)
        if outcome.solver.status == .noSolution {
            XCTAssertEqual(outcome.placedCount, 0)
            XCTAssertEqual(outcome.solver.statusText, "no solution within the time or work limit")
        } else {
            XCTAssertTrue(outcome.blockingPairs.isEmpty)
        }
    }

    private func assertCapacitiesHold(_ scenario: Scenario, _ outcome: PlacementOutcome, file: StaticString = #filePath, line: UInt = #line) {
        var used: [String: Int] = [:]
        for p in outcome.placements.compactMap({ $0 }) {
            let base = scenario.bases[p.base], term = scenario.terms[p.term].id
            let key = "\(base.id)/\(term)"
            used[key, default: 0] += 1
            XCTAssertLessThanOrEqual(used[key]!, base.capacity(in: term), key, file: file, line: line)
        }
    }

    /// A scenario in the benchmark's shape (rank² costs, a penalty for unplaced students, so the
    /// network path solves it), written as CSV files and loaded like any other.
    static func generatedScenario(students: Int, stability: Bool) throws -> Scenario {
        let parent = try TempScenarioFolder.makeDirectory("generated")
        defer { TempScenarioFolder.remove(parent) }
        let folder = try generatedScenarioFolder(students: students, stability: stability, in: parent)
        return try PlacementEngine().load(path: folder.appendingPathComponent("scenario.yaml").path)
    }

    /// Writes the generated scenario into `parent`/generated and returns that folder.
    static func generatedScenarioFolder(students: Int, stability: Bool, in parent: URL) throws -> URL {
        var g = Generator(seed: UInt64(students))
        let bases = students / 8
        var studentRows = "id,name,university,nationality,field,languages,terms,preferences\n"
        for s in 0..<students {
            var prefs: [String] = []
            for _ in 0..<g.int(1...6) {
                let b = "B\(g.int(0...(bases - 1)))"
                if !prefs.contains(b) { prefs.append(b) }
            }
            studentRows += "S\(s),Student \(s),U1,VN,software,en: B2,T1,\(prefs.joined(separator: " > "))\n"
        }
        var baseRows = "id,name,kind,country,fields,languages,capacity:T1\n"
        for b in 0..<bases { baseRows += "B\(b),Base \(b),asean_firm,TH,software,en: B1,\(g.int(0...12))\n" }
        let policy = "policy:\n  objectives: [min_cost]\n  rank_cost: squared\n  unplaced_penalty: 1000\n"
            + (stability ? "  stability: required\n" : "")
        let folder = parent.appendingPathComponent("generated")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in ["scenario.yaml": TempScenarioFolder.minimalYAML + policy, "universities.csv": "id,name,country\nU1,Uni,CN\n",
                             "students.csv": studentRows, "bases.csv": baseRows] {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        return folder
    }
}
