import PlacementDomain
import PlacementEngine
import PlacementFormulation
import PlacementGLPK
import PlacementModel
@testable import PlacementSolving
import XCTest

/// The first stage's LP bound of a schedule too large for GLPK's simplex, by column generation
/// (`ColumnGenerationBound`), and the greedy schedule on models with every mentor detailed.
final class ColumnGenerationBoundTests: XCTestCase {
    /// Random schedules, pooled and with every mentor detailed under `balance_mentor_load` (whose
    /// busiest-week columns the greedy must set itself).
    private func scenarios() -> [(name: String, formulation: Formulation)] {
        var rng = DeterministicRNG(seed: 0xC01_6E4)
        var result: [(String, Formulation)] = []
        for round in 0..<12 {
            // The same draws twice: the scenario as drawn, and with its mentor loads balanced.
            var same = rng
            let shape = RandomScenario.Kind.schedule(students: 10...16, bases: 2...3, weeks: 6...8)
            let scenario = RandomScenario.make(&rng, shape)
            result.append(("round \(round), pooled", Formulation(scenario: scenario, mentorDetail: .pooled)))
            let balanced = RandomScenario.make(
                &same, shape, policy: Policy(rankCost: .squared, objectives: [.maxPlaced, .minCost, .balanceMentorLoad]))
            result.append(("round \(round), every mentor detailed", Formulation(scenario: balanced, mentorDetail: .full)))
        }
        return result
    }

    func testBoundIsTheFloorOfTheWholeLPAndNeverCutsOffTheOptimum() throws {
        var belowSubgradient = 0, rounds = 0
        for (name, f) in scenarios() {
            let model = f.model.presolvedForSchedules()
            let placed = model.objectives[0]
            let exact = try GLPKSolver().solve(f.model)
            XCTAssertEqual(exact.status, .optimal, name)
            let whole = try XCTUnwrap(
                try RestrictedLP(model, objective: placed, allowing: Array(0..<model.variableCount)).solve(
                    timeLimitSeconds: nil, iterationLimit: nil), name)
            let relaxation = LagrangianBound(model: model, objective: placed)
            let generation = ColumnGenerationBound(model: model, objective: placed, relaxation: relaxation)
            // From each student's first column alone, and from the greedy schedule with its columns.
            let firsts = f.candidates.studentRanges.compactMap(\.first)
            let greedy = try XCTUnwrap(GreedySchedule(f)?.build(prices: [Double](repeating: 0, count: f.model.constraintCount)), name)
            XCTAssertLessThanOrEqual(f.model.maximumViolation(at: greedy), 1e-9, name)
            XCTAssertGreaterThan(f.model.value(of: placed, at: greedy), 0, "\(name): the greedy places students")
            for (start, point) in [(firsts, nil), (greedy.indices.filter { greedy[$0] > 0.5 }, greedy)] {
                let result = try XCTUnwrap(generation.solve(allowing: start, from: point, iterationLimit: nil, deadline: nil), name)
                XCTAssertTrue(result.complete, name)
                XCTAssertEqual(result.bound, (whole.objective + 1e-6).rounded(.down), "\(name): ⌊LP⌋ of the whole model")
                XCTAssertGreaterThanOrEqual(result.bound, exact.stages[0].value - 1e-9, "\(name): the bound cuts off the optimum")
                for (r, row) in model.constraints.enumerated() {
                    let activity = model.activity(of: r, at: result.point)
                    XCTAssert(activity <= row.upper + 1e-6 && activity >= row.lower - 1e-6, "\(name): the LP point breaks \(row.name)")
                }
                rounds += result.rounds
                let subgradient = try XCTUnwrap(relaxation.solve(steps: 300, target: exact.stages[0].value), name)
                if result.bound < subgradient.bound { belowSubgradient += 1 }
            }
        }
        XCTAssertGreaterThan(rounds, 60, "columns must price out, or the test proves little")
        XCTAssertGreaterThan(belowSubgradient, 0, "the LP bound should beat the subgradient steps somewhere")
    }

    func testAnIterationLimitStillGivesAProvenBound() throws {
        for (name, f) in scenarios().prefix(8) {
            let model = f.model.presolvedForSchedules()
            let placed = model.objectives[0]
            let exact = try GLPKSolver().solve(f.model)
            let generation = ColumnGenerationBound(model: model, objective: placed, relaxation: LagrangianBound(model: model, objective: placed))
            let firsts = f.candidates.studentRanges.compactMap(\.first)
            for limit in [1, 5, 20] {
                guard let result = generation.solve(allowing: firsts, from: nil, iterationLimit: limit, deadline: nil) else { continue }
                XCTAssertLessThanOrEqual(result.iterations, limit, name)
                XCTAssertGreaterThanOrEqual(result.bound, exact.stages[0].value - 1e-9, "\(name), \(limit) iterations")
            }
        }
    }

    /// Gomory cuts on the LP once no column prices out: the bound stays at or above the optimum
    /// (plain GLPK's branch-and-bound on the whole model) and at or below ⌊LP⌋, and the columns
    /// allowed after the cuts are priced with them. (On models this small ⌊LP⌋ is the optimum; the
    /// bundled schedule and the benchmarks show the cuts lowering it.)
    func testGomoryCutsNeverCutOffTheOptimum() throws {
        var cutsAdded = 0
        for (name, f) in scenarios() {
            let model = f.model.presolvedForSchedules()
            let placed = model.objectives[0]
            let exact = try GLPKSolver().solve(f.model)
            let generation = ColumnGenerationBound(model: model, objective: placed, relaxation: LagrangianBound(model: model, objective: placed))
            let firsts = f.candidates.studentRanges.compactMap(\.first)
            let plain = try XCTUnwrap(generation.solve(allowing: firsts, from: nil, iterationLimit: nil, deadline: nil), name)
            let cut = try XCTUnwrap(generation.solve(allowing: firsts, from: nil, iterationLimit: nil, deadline: nil, cutRounds: 5), name)
            XCTAssertGreaterThanOrEqual(cut.bound, exact.stages[0].value - 1e-9, "\(name): the cuts cut off the optimum")
            XCTAssertLessThanOrEqual(cut.bound, plain.bound + 1e-9, name)
            XCTAssertEqual(cut.pricing.model.constraintCount, model.constraintCount + cut.cuts, name)
            cutsAdded += cut.cuts
        }
        XCTAssertGreaterThan(cutsAdded, 0, "no cut was added: the test proves little")
    }
}
