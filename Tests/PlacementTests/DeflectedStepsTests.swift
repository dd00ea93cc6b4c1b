import PlacementEngine
import PlacementFormulation
import PlacementGLPK
import PlacementModel
import PlacementSolving
import XCTest

/// The first stage's Lagrangian bound of a schedule too large for GLPK is taken on the presolved
/// model (`LinearModel.schedulePresolve`) with deflected subgradient steps (`LagrangianBound`).
/// The presolve must keep the LP optimum, and the steps must never end below the LP bound
/// (that would cut off optima) while ending close to it on crowded schedules.
final class DeflectedStepsTests: XCTestCase {
    func testStepsOnThePresolvedModelEndAtOrJustAboveTheLPBound() throws {
        var rng = DeterministicRNG(seed: 0xDEF1_EC7E)
        var crowded = 0, atFloor = 0, withinOne = 0
        let rounds = 12
        for round in 0..<rounds {
            let scenario = RandomScenario.make(&rng, .schedule(students: 30...50, bases: 3...4, weeks: 6...8))
            let f = Formulation(scenario: scenario, mentorDetail: .pooled)
            let placed = f.model.objectives[0]
            let presolve = f.model.schedulePresolve()
            let everything = { (m: LinearModel) in try RestrictedLP(m, objective: placed, allowing: Array(0..<m.variableCount)) }
            let lp = try XCTUnwrap(try everything(f.model).solve(timeLimitSeconds: nil, iterationLimit: nil), "round \(round)")
            let presolvedLP = try XCTUnwrap(try everything(presolve.model).solve(timeLimitSeconds: nil, iterationLimit: nil), "round \(round)")
            XCTAssertEqual(presolvedLP.objective, lp.objective, accuracy: 1e-6, "round \(round): the presolve keeps the LP optimum")
            let floor = (lp.objective + 1e-6).rounded(.down)
            let greedy = try XCTUnwrap(GreedySchedule(f)?.build(prices: [Double](repeating: 0, count: f.model.constraintCount)))
            let relaxation = LagrangianBound(model: presolve.model, objective: placed)
            let trivial = try XCTUnwrap(relaxation.solve(steps: 0, target: 0)).bound
            let result = try XCTUnwrap(relaxation.solve(steps: 600, target: f.model.value(of: placed, at: greedy)), "round \(round)")
            XCTAssertGreaterThanOrEqual(result.bound, floor, "round \(round): a Lagrangian bound below the LP's")
            XCTAssertLessThanOrEqual(result.bound, trivial, "round \(round)")
            guard trivial > floor + 0.5 else { continue }
            crowded += 1
            if result.bound == floor { atFloor += 1 }
            if result.bound <= floor + 1 { withinOne += 1 }
            // The same steps give the same bound (it is reported).
            XCTAssertEqual(relaxation.solve(steps: 600, target: f.model.value(of: placed, at: greedy))?.bound, result.bound, "round \(round)")
        }
        print("deflected steps: \(atFloor) of \(crowded) crowded schedules at ⌊LP⌋, \(withinOne) within 1 of it")
        XCTAssertGreaterThan(crowded, rounds / 2, "seats must bind in most rounds, or the test proves little")
        XCTAssertGreaterThanOrEqual(withinOne * 4, crowded * 3, "the steps should end within 1 of ⌊LP⌋ on most crowded schedules")
    }

    func testPresolvedRowsKnowTheirOriginalRows() {
        var rng = DeterministicRNG(seed: 0x0121_6105)
        for round in 0..<6 {
            let scenario = RandomScenario.make(&rng, .schedule(students: 8...14, bases: 2...3, weeks: 6...8))
            let model = PlacementEngine().formulate(scenario).model
            let presolve = model.schedulePresolve()
            XCTAssertEqual(presolve.originalRows.count, presolve.model.constraintCount, "round \(round)")
            XCTAssertEqual(Set(presolve.originalRows).count, presolve.originalRows.count, "round \(round)")
            XCTAssertTrue(Set(presolve.originalRows).isDisjoint(with: model.impliedRows()), "round \(round): a dropped row kept")
            for (k, i) in presolve.originalRows.enumerated() {
                XCTAssertEqual(presolve.model.constraints[k].name, model.constraints[i].name, "round \(round)")
                XCTAssertEqual(presolve.model.constraints[k].upper, model.constraints[i].upper, "round \(round)")
            }
        }
    }
}
