import PlacementEngine
import PlacementFormulation
import PlacementGLPK
import PlacementModel
import PlacementSolving
import XCTest

/// The LP-guided greedy schedule (docs/scheduling.md, "Large scenarios"): the Lagrangian steps'
/// averaged inner point, and the schedules it and the dive guide.
final class ScheduleGuidedTests: XCTestCase {
    func testAveragedPointMeetsTheKeptRowsAndGuidesAFeasibleDeterministicSchedule() throws {
        var rng = DeterministicRNG(seed: 0x6A1D_ED00)
        var fractional = 0
        for round in 0..<10 {
            let scenario = RandomScenario.make(&rng, .schedule(students: 10...16, bases: 2...3, weeks: 6...8))
            let f = PlacementEngine().formulate(scenario)
            let placed = f.model.objectives[0]
            let relaxation = LagrangianBound(model: f.model, objective: placed)
            let result = try XCTUnwrap(relaxation.solve(steps: 300, target: 0), "round \(round)")
            let point = result.averagePoint
            XCTAssertEqual(point.count, f.model.variableCount)
            for (j, x) in point.enumerated() {
                XCTAssertGreaterThanOrEqual(x, f.model.variables[j].lower - 1e-9, "round \(round)")
                XCTAssertLessThanOrEqual(x, f.model.variables[j].upper + 1e-9, "round \(round)")
            }
            // The kept rows: one placement per student (rows not relaxed).
            let relaxed = Set(relaxation.relaxedRows)
            for (i, row) in f.model.constraints.enumerated() where !relaxed.contains(i) && !row.terms.isEmpty {
                XCTAssertLessThanOrEqual(f.model.activity(of: i, at: point), row.upper + 1e-9, "round \(round): kept row \(row.name)")
            }
            if point.contains(where: { $0 > 1e-9 && $0 < 1 - 1e-9 }) { fractional += 1 }
            // Guided and dived schedules keep every row, are repeatable, never beat GLPK's optimum.
            let exact = try GLPKSolver().solve(f.model)
            let greedy = try XCTUnwrap(GreedySchedule(f))
            var prices = [Double](repeating: 0, count: f.model.constraintCount)
            for (row, price) in zip(relaxation.relaxedRows, result.prices) { prices[row] = price }
            let guided = try XCTUnwrap(greedy.build(prices: prices, guide: point), "round \(round)")
            XCTAssertLessThanOrEqual(f.model.maximumViolation(at: guided), 1e-9, "round \(round)")
            XCTAssertEqual(greedy.build(prices: prices, guide: point), guided, "round \(round)")
            let target = f.model.value(of: placed, at: guided)
            let dive = greedy.dive(objective: placed, start: result, relaxedRows: relaxation.relaxedRows, target: target)
            let dived = try XCTUnwrap(greedy.build(prices: dive.prices, guide: dive.guide), "round \(round)")
            XCTAssertLessThanOrEqual(f.model.maximumViolation(at: dived), 1e-9, "round \(round)")
            XCTAssertLessThanOrEqual(f.model.value(of: placed, at: dived), exact.stages[0].value + 1e-9, "round \(round)")
            let again = greedy.dive(objective: placed, start: result, relaxedRows: relaxation.relaxedRows, target: target)
            XCTAssertEqual(again.guide, dive.guide, "round \(round): the dive must be repeatable")
        }
        XCTAssertGreaterThan(fractional, 0, "some averaged point must be fractional, or the test proves little")
    }
}
