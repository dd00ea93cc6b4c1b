import CGLPK
import PlacementDomain
import PlacementFormulation
@testable import PlacementGLPK
import PlacementModel
@testable import PlacementSolving
import XCTest

/// The first stage's simplex starts at a feasible point known before any LP (the fallback start,
/// or a known start), as the basis with every row basic and every column at the bound it takes
/// there (`StageBasis.vertex`). It changes how fast the LP is solved, never what is proven: the
/// stage values must equal brute force on tiny 0/1 models started at a random feasible point, and
/// equal a solve without the start on random alliance scenarios started at the core rules' flow.
final class VertexStartTests: XCTestCase {
    func testTheVertexBasisHasEveryRowBasicAndEachColumnAtItsBound() {
        var m = LinearModel()
        m.addVariable(.init(name: "a", lower: 0, upper: 1, isInteger: true))
        m.addVariable(.init(name: "b", lower: 0, upper: 1, isInteger: true))
        m.addVariable(.init(name: "c", lower: 2, upper: 2, isInteger: true))
        m.addConstraint(.init(name: "r", terms: [.init(0, 1), .init(1, 1)], upper: 1))
        let vertex = StageBasis.vertex(at: [0, 1, 2], of: m, rowCount: 3)
        XCTAssertEqual(vertex?.rows, [Int32(GLP_BS), Int32(GLP_BS), Int32(GLP_BS)])
        XCTAssertEqual(vertex?.columns, [Int32(GLP_NL), Int32(GLP_NU), Int32(GLP_NS)])
        XCTAssertNil(StageBasis.vertex(at: [0.5, 0, 2], of: m, rowCount: 1), "a column inside its bounds: no such vertex")
        XCTAssertNil(StageBasis.vertex(at: [0, 1], of: m, rowCount: 1), "a point of another shape")
    }

    func testStageValuesEqualBruteForceFromARandomFeasibleStart() throws {
        var rng = DeterministicRNG(seed: 0x7E47_2026)
        var started = 0
        for seed in 0..<40 as Range<UInt64> {
            let m = StartMeetsBoundTests.model(seed)
            guard let expected = StartMeetsBoundTests.bruteForce(m) else { continue }
            let feasible = (0..<(1 << StartMeetsBoundTests.columns)).map { mask in
                (0..<StartMeetsBoundTests.columns).map { Double((mask >> $0) & 1) }
            }.filter { m.maximumViolation(at: $0) <= 1e-9 }
            let point = feasible[Int.random(in: 0..<feasible.count, using: &rng)]
            var options = SolveOptions()
            options.fallbackStart = { FallbackStart(values: point, firstStageBound: nil) }
            let solution = try GLPKSolver().solve(m, options: options)
            started += 1
            XCTAssertEqual(solution.status, .optimal, "seed \(seed)")
            XCTAssertEqual(solution.stages.count, expected.count, "seed \(seed)")
            for (stage, value) in zip(solution.stages, expected) {
                XCTAssertEqual(stage.value, value, accuracy: 1e-6, "seed \(seed), \(stage.name), started at \(point)")
            }
            XCTAssertLessThanOrEqual(m.maximumViolation(at: solution.values), 1e-9, "seed \(seed)")
        }
        XCTAssertGreaterThan(started, 20, "too few feasible models")
    }

    func testTheSameOptimaWithAndWithoutTheFlowStartOnRandomAllianceScenarios() throws {
        var rng = DeterministicRNG(seed: 0x7E47_0A11)
        var compared = 0
        for round in 0..<16 {
            let families = Set(RandomScenario.Alliance.Family.allCases.filter { _ in rng.chance(0.6) })
            var policy = Policy()
            if round % 2 == 1 { policy.objectives = [.maxPlaced, .minWorstRank, .minCost] }
            let scenario = RandomScenario.make(&rng, .alliance(round % 4 == 0 ? .tiny : .medium, families: families), policy: policy)
            let f = Formulation(scenario: scenario)
            guard let start = CoreFlowStart.point(f) else { continue }
            let plain = try GLPKSolver().solve(f.model)
            var options = SolveOptions()
            options.fallbackStart = { start }
            let fromFlow = try GLPKSolver().solve(f.model, options: options)
            assertSameStageValues(fromFlow, plain, "round \(round)")
            XCTAssertLessThanOrEqual(f.model.maximumViolation(at: fromFlow.values), 1e-9, "round \(round)")
            compared += 1
        }
        XCTAssertGreaterThan(compared, 8, "too few scenarios with a flow start")
    }
}
