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

    /// Work-limited GLPK solves of random alliance scenarios through `GLPKMethod`: the point (the
    /// fallback or GLPK's, improved by single moves when cut short) satisfies the model, every
    /// objective is listed with its value at that point, each bound stays on the right side of
    /// the optimum, and the point is never worse in the objectives' order than GLPK's alone with
    /// the same limit and fallback start.
    func testCutShortSolvesAreFeasibleCompleteAndNoWorseThanPlainGLPK() throws {
        var rng = DeterministicRNG(seed: 0xC07_2026)
        var cutShort = 0, improved = 0
        for round in 0..<12 {
            let families = Set(RandomScenario.Alliance.Family.allCases.filter { _ in rng.chance(0.6) })
            // Every other round with the worst rank as the second objective (a column that is not
            // a placement: held, then lowered to the worst rank placed).
            var policy = Policy()
            if round % 2 == 1 { policy.objectives = [.maxPlaced, .minWorstRank, .minCost] }
            let scenario = RandomScenario.make(&rng, .alliance(.medium, families: families), policy: policy)
            let f = Formulation(scenario: scenario)
            let model = f.model
            let exact = try GLPKSolver().solve(model)
            guard exact.status.hasSolution, exact.iterations > 4 else { continue }
            for fraction in [0.0, 0.2, 0.5] {
                let limit = Int(Double(exact.iterations) * fraction)
                let label = "round \(round), work limit \(limit)"
                // GLPK alone with the same fallback start (its first LP starts there too).
                var plainOptions = SolveOptions(iterationLimit: limit)
                plainOptions.fallbackStart = { CoreFlowStart.point(f) }
                let plain = try GLPKSolver().solve(model, options: plainOptions)
                let solution = try GLPKMethod().solve(f, budget: Budget(deadline: nil, workLimit: limit)).solution
                guard solution.status.hasSolution else {
                    XCTAssertFalse(plain.status.hasSolution, "\(label): plain GLPK had a point")
                    continue
                }
                if case .feasible = solution.status { cutShort += 1 }
                XCTAssertLessThanOrEqual(model.maximumViolation(at: solution.values), 1e-9, label)
                XCTAssertEqual(solution.stages.map(\.name), model.objectives.map(\.name), "\(label): every objective listed")
                for (stage, objective) in zip(solution.stages, model.objectives) {
                    XCTAssertEqual(stage.value, model.value(of: objective, at: solution.values), accuracy: 1e-6, "\(label): \(stage.name)")
                }
                let first = solution.stages[0], optimum = exact.stages[0].value
                if model.objectives[0].sense == .maximize {
                    XCTAssertGreaterThanOrEqual(first.bound, optimum - 1e-6, "\(label): bound below the optimum")
                } else {
                    XCTAssertLessThanOrEqual(first.bound, optimum + 1e-6, "\(label): bound above the optimum")
                }
                guard plain.status.hasSolution else { continue }
                // Each objective's value, negated where minimised: larger is better at every position.
                func ordered(_ point: [Double]) -> [Double] {
                    model.objectives.map { ($0.sense == .maximize ? 1 : -1) * model.value(of: $0, at: point) }
                }
                let ours = ordered(solution.values), theirs = ordered(plain.values)
                XCTAssertFalse(ours.lexicographicallyPrecedes(theirs), "\(label): worse than GLPK alone (\(ours) against \(theirs))")
                // Without the fallback start, GLPK's first LP starts from its advanced basis.
                let bare = try GLPKSolver().solve(model, options: SolveOptions(iterationLimit: limit))
                if !bare.status.hasSolution || ordered(bare.values).lexicographicallyPrecedes(ours) { improved += 1 }
            }
        }
        XCTAssertGreaterThan(cutShort, 0)
        XCTAssertGreaterThan(improved, 0, "the fallback start or the single moves should beat GLPK without them somewhere")
    }
}
