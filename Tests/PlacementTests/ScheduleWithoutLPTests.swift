import Foundation
import PlacementDomain
import PlacementEngine
import PlacementFormulation
import PlacementGLPK
import PlacementModel
import PlacementSolving
import XCTest

/// Scheduled scenarios whose LP relaxation GLPK cannot finish within the limits get a greedy
/// schedule with Lagrangian bounds (docs/scheduling.md, "Large scenarios"). The bounds must never
/// cut off the optimum, the schedule must keep every rule, and the answer must be repeatable.
final class ScheduleWithoutLPTests: XCTestCase {
    func testBoundReachesTheLPValueOnASharedSeat() throws {
        // Two students, one column each, one seat between them: L(0) = 2, the optimum is 1.
        var m = LinearModel()
        for name in ["a", "b"] { m.addVariable(.init(name: name, lower: 0, upper: 1, isInteger: true)) }
        m.addConstraint(.init(name: "one[a]", terms: [.init(0, 1)], upper: 1))
        m.addConstraint(.init(name: "one[b]", terms: [.init(1, 1)], upper: 1))
        m.addConstraint(.init(name: "seat", terms: [.init(0, 1), .init(1, 1)], upper: 1))
        m.objectives = [.init(name: "placed", sense: .maximize, terms: [.init(0, 1), .init(1, 1)], isIntegral: true)]
        let relaxation = LagrangianBound(model: m, objective: m.objectives[0])
        XCTAssertEqual(relaxation.relaxedRows, [2], "the one-per-student rows are kept, the seat row is priced")
        XCTAssertEqual(relaxation.solve(steps: 0, target: 0)?.bound, 2)
        XCTAssertEqual(relaxation.solve(steps: 200, target: 0)?.bound, 1)
    }

    func testLagrangianBoundsNeverCutOffTheOptimum() throws {
        var rng = DeterministicRNG(seed: 0x1A6_2A96)
        var crowded = 0, tightened = 0
        for round in 0..<15 {
            let scenario = RandomScenario.make(&rng, .schedule(students: 10...16, bases: 2...3, weeks: 6...8))
            let f = PlacementEngine().formulate(scenario)
            let exact = try GLPKSolver().solve(f.model)
            XCTAssertEqual(exact.status, .optimal, "round \(round)")
            let placed = f.model.objectives[0]
            let relaxation = LagrangianBound(model: f.model, objective: placed)
            let trivial = try XCTUnwrap(relaxation.solve(steps: 0, target: 0)).bound
            let bound = try XCTUnwrap(relaxation.solve(steps: 300, target: 0)).bound
            XCTAssertGreaterThanOrEqual(bound, exact.stages[0].value - 1e-6, "round \(round)")
            XCTAssertLessThanOrEqual(bound, trivial)
            if trivial > exact.stages[0].value + 0.5 {
                crowded += 1
                if bound < trivial { tightened += 1 }
            }
            // The cost stage's bound given the placed optimum, as the later stages are bounded.
            guard f.model.objectives.count > 1 else { continue }
            var fixed = f.model
            fixed.addConstraint(.init(name: "fix_placed", terms: placed.terms, lower: exact.stages[0].value))
            let cost = try XCTUnwrap(LagrangianBound(model: fixed, objective: f.model.objectives[1]).solve(steps: 300, target: exact.stages[1].value))
            XCTAssertLessThanOrEqual(cost.bound, exact.stages[1].value + 1e-6, "round \(round)")
        }
        XCTAssertGreaterThan(crowded, 3, "seats must bind in some rounds, or the test proves little")
        XCTAssertGreaterThanOrEqual(tightened * 2, crowded, "the steps must lower the trivial bound where seats bind")
    }

    func testScheduleMadeWithoutTheLPKeepsEveryRuleAndIsBoundedByTheOptimum() throws {
        var rng = DeterministicRNG(seed: 0xB0F0_5EED)  // the brute-force test's scenarios (quick to enumerate)
        var placedTotal = 0
        for round in 0..<20 {
            let scenario = RandomScenario.make(&rng, .schedule(students: 2...4, bases: 2...3, weeks: 4...6))
            // One simplex iteration: GLPK's LP cannot finish, so the greedy schedule answers.
            let options = PlacementEngine.Options(workLimit: 1)
            let outcome = try PlacementEngine().solve(scenario, options: options)
            let best = BruteForceSchedule(scenario: scenario).best()
            guard let placed = outcome.solver.stages.first(where: { $0.name == "placed" }) else {
                XCTFail("round \(round): no placed stage (\(outcome.solver.status))")
                continue
            }
            XCTAssertEqual(outcome.solver.solver, "greedy schedule with Lagrangian bounds", "round \(round)")
            XCTAssertEqual(IndependentScheduleCheck(scenario: scenario).violations(outcome), [], "round \(round)")
            XCTAssertLessThanOrEqual(placed.value, Double(best.placed), "round \(round)")
            XCTAssertGreaterThanOrEqual(placed.bound, Double(best.placed), "round \(round): the bound cuts off the optimum")
            if placed.status == .optimal { XCTAssertEqual(placed.value, Double(best.placed), "round \(round)") }
            let again = try PlacementEngine().solve(scenario, options: options)
            XCTAssertEqual(again.placements, outcome.placements, "round \(round): the same limits must give the same schedule")
            XCTAssertEqual(again.solver.stages.map(\.bound), outcome.solver.stages.map(\.bound), "round \(round)")
            placedTotal += outcome.placedCount
        }
        XCTAssertGreaterThan(placedTotal, 20)
    }

    func testLocalSearchKeepsEveryRowAndReachesGLPKsOptimumOnSmallScenarios() throws {
        var rng = DeterministicRNG(seed: 0x10CA_15EA)
        let rounds = 15
        var reached = 0, gained = 0
        for round in 0..<rounds {
            let scenario = RandomScenario.make(&rng, .schedule(students: 10...16, bases: 2...3, weeks: 6...8))
            let f = PlacementEngine().formulate(scenario)
            let exact = try GLPKSolver().solve(f.model)
            XCTAssertEqual(exact.status, .optimal, "round \(round)")
            let greedy = try XCTUnwrap(GreedySchedule(f))
            let zero = [Double](repeating: 0, count: f.model.constraintCount)
            let plain = try XCTUnwrap(greedy.build(prices: zero), "round \(round)")
            let searched = try XCTUnwrap(greedy.build(prices: zero, moves: 30 * greedy.studentsWithOptions), "round \(round)")
            XCTAssertLessThanOrEqual(f.model.maximumViolation(at: searched), 1e-9, "round \(round)")
            let placed = f.model.objectives[0]
            let before = f.model.value(of: placed, at: plain), after = f.model.value(of: placed, at: searched)
            XCTAssertGreaterThanOrEqual(after, before, "round \(round): the search keeps the best point it meets")
            XCTAssertLessThanOrEqual(after, exact.stages[0].value + 1e-9, "round \(round)")
            if after > before { gained += 1 }
            if abs(after - exact.stages[0].value) < 1e-9 { reached += 1 }
            // Deterministic: the same moves again.
            XCTAssertEqual(greedy.build(prices: zero, moves: 30 * greedy.studentsWithOptions), searched, "round \(round)")
        }
        print("local search: GLPK's optimum reached in \(reached) of \(rounds) rounds, better than the construction in \(gained)")
        XCTAssertGreaterThanOrEqual(reached * 10, rounds * 8, "the search should reach the optimum on most small scenarios")
    }
}
