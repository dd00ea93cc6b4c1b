import PlacementEngine
import PlacementGLPK
import PlacementModel
import XCTest

/// Implied rows dropped and dominated columns fixed (`LinearModel.presolvedForSchedules`) must keep
/// every stage's optimum, and GLPK's point of the smaller model must keep the dropped rows.
final class ImpliedRowsTests: XCTestCase {
    func testPresolvedScheduleModelsKeepEveryStagesOptimum() throws {
        var rng = DeterministicRNG(seed: 0x1A9_11ED)
        var dropped = 0, fixed = 0
        for round in 0..<12 {
            let scenario = RandomScenario.make(&rng, .schedule(students: 8...14, bases: 2...3, weeks: 6...8))
            let model = PlacementEngine().formulate(scenario).model
            let implied = model.impliedRows()
            let reduced = model.presolvedForSchedules()
            dropped += implied.count
            fixed += (0..<reduced.variableCount).filter { reduced.variables[$0].upper == 0 && model.variables[$0].upper > 0 }.count
            XCTAssertEqual(reduced.constraintCount, model.constraintCount - implied.count, "round \(round)")
            let full = try GLPKSolver().solve(model)
            let small = try GLPKSolver().solve(reduced)
            XCTAssertEqual(full.status, .optimal, "round \(round)")
            XCTAssertEqual(small.status, .optimal, "round \(round)")
            XCTAssertEqual(small.stages.count, full.stages.count, "round \(round)")
            for (a, b) in zip(small.stages, full.stages) {
                XCTAssertEqual(a.value, b.value, accuracy: 1e-6, "round \(round), \(a.name): same optimum in every stage")
            }
            XCTAssertLessThanOrEqual(model.maximumViolation(at: small.values), 1e-9, "round \(round): the dropped rows hold")
        }
        XCTAssertGreaterThan(dropped, 0, "weekly rows must be implied in some rounds, or the test proves little")
        print("implied rows dropped: \(dropped), dominated columns fixed: \(fixed)")
    }

    func testARowItsColumnsCannotFillIsSlack() {
        // Two binary seats holders against 2 seats: slack. Three against 2: not. A lower side the
        // columns may miss, an unbounded column, or a negative coefficient that can break it: not.
        var m = LinearModel()
        for name in ["a", "b", "c"] { m.addVariable(.init(name: name, lower: 0, upper: 1, isInteger: true)) }
        m.addVariable(.init(name: "free", lower: 0))
        m.addConstraint(.init(name: "roomy", terms: [.init(0, 1), .init(1, 1)], upper: 2))
        m.addConstraint(.init(name: "full", terms: [.init(0, 1), .init(1, 1), .init(2, 1)], upper: 2))
        m.addConstraint(.init(name: "at least one", terms: [.init(0, 1), .init(1, 1)], lower: 1, upper: 2))
        m.addConstraint(.init(name: "unbounded", terms: [.init(0, 1), .init(3, 1)], upper: 5))
        m.addConstraint(.init(name: "signed", terms: [.init(0, 1), .init(1, -1)], lower: -1, upper: 0))
        m.addConstraint(.init(name: "signed roomy", terms: [.init(0, 2), .init(1, -1)], lower: -1, upper: 2))
        XCTAssertEqual(m.slackRows(), [0, 5])
    }

    func testAModelLeftWithoutRowsIsStillSolved() throws {
        // A neighbourhood whose every row is slack hands GLPK a model with no rows at all.
        var m = LinearModel()
        for name in ["a", "b"] { m.addVariable(.init(name: name, lower: 0, upper: 1, isInteger: true)) }
        m.addConstraint(.init(name: "roomy", terms: [.init(0, 1), .init(1, 1)], upper: 2))
        m.objectives = [.init(name: "placed", sense: .maximize, terms: [.init(0, 1), .init(1, 1)], isIntegral: true)]
        m.removeConstraints(m.slackRows())
        XCTAssertEqual(m.constraintCount, 0)
        let solution = try GLPKSolver().solve(m)
        XCTAssertEqual(solution.status, .optimal)
        XCTAssertEqual(solution.values, [1, 1])
    }

    func testARowInsideAnotherWithNoTighterSeatsIsImplied() {
        // Week 1 holds a and b, week 2 holds a, b and c, both with one seat: week 1 is implied.
        var m = LinearModel()
        for name in ["a", "b", "c"] { m.addVariable(.init(name: name, lower: 0, upper: 1, isInteger: true)) }
        m.addConstraint(.init(name: "w1", terms: [.init(0, 1), .init(1, 1)], upper: 1))
        m.addConstraint(.init(name: "w2", terms: [.init(0, 1), .init(1, 1), .init(2, 1)], upper: 1))
        m.addConstraint(.init(name: "w3", terms: [.init(2, 1), .init(1, 1), .init(0, 1)], upper: 1))  // the same as w2
        m.addConstraint(.init(name: "w4", terms: [.init(0, 1), .init(1, 1)], upper: 0))  // tighter: stays
        XCTAssertEqual(m.impliedRows(), [0, 2])
    }
}
