import PlacementDomain
import PlacementFormulation
import PlacementGLPK
import PlacementModel
@testable import PlacementSolving
import XCTest

/// The placement GLPK reports when a limit stops its first stage before the LP relaxation is
/// solved (`CoreFlowStart`): the core rules' flow repaired for every rule. On random alliance
/// scenarios with every rule family it must satisfy the whole model, never beat the optimum, and
/// its bound on the number placed (the flow's maximum) must never fall below the optimum; the
/// bound must also be tight on some of them (so a bound one too low would be caught).
final class CoreFlowStartTests: XCTestCase {
    func testCoreFlowStartIsFeasibleAndItsBoundHoldsOnRandomAllianceScenarios() throws {
        var rng = DeterministicRNG(seed: 0xF10_2026)
        var withPoint = 0, feasible = 0, tight = 0, bounded = 0
        for round in 0..<30 {
            let families = Set(RandomScenario.Alliance.Family.allCases.filter { _ in rng.chance(0.6) })
            let shape: RandomScenario.Alliance.Shape = round % 3 == 0 ? .tiny : .medium
            let scenario = RandomScenario.make(&rng, .alliance(shape, families: families), policy: Policy())
            let f = Formulation(scenario: scenario)
            let model = f.model
            let exact = try GLPKSolver().solve(model)
            if exact.status.hasSolution { feasible += 1 }
            // A repair that cannot meet a row gives none (mostly locks; every infeasible scenario).
            guard let start = CoreFlowStart.point(f) else { continue }
            withPoint += 1
            XCTAssertLessThanOrEqual(model.maximumViolation(at: start.values), 1e-9, "round \(round): the start violates the model")
            for (j, v) in model.variables.enumerated() where v.isInteger {
                XCTAssertEqual(start.values[j], start.values[j].rounded(), "round \(round): column \(j) not integral")
            }
            XCTAssertTrue(exact.status.hasSolution, "round \(round): a feasible start but GLPK says \(exact.status)")
            guard exact.status.hasSolution else { continue }
            let first = model.objectives[0], optimum = exact.stages[0].value
            XCTAssertLessThanOrEqual(model.value(of: first, at: start.values), optimum + 1e-6, "round \(round): the start beats the optimum")
            if let bound = start.firstStageBound {
                bounded += 1
                XCTAssertGreaterThanOrEqual(bound, optimum - 1e-6, "round \(round): flow bound \(bound) below the optimum \(optimum)")
                if abs(bound - optimum) < 1e-6 { tight += 1 }
            }
        }
        XCTAssertGreaterThanOrEqual(
            Double(withPoint), 0.75 * Double(feasible), "most feasible scenarios should get a start (\(withPoint) of \(feasible))")
        XCTAssertGreaterThan(bounded, 0, "the default policy maximises the number placed: the flow bound applies")
        XCTAssertGreaterThan(tight, 0, "the flow bound should equal the optimum on some scenarios")
    }
}
