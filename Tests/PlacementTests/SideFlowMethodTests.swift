import Foundation
import PlacementDomain
import PlacementEngine
import PlacementFormulation
@testable import PlacementSolving
import XCTest

/// Minimum interns and nationality shares solved by the side-constrained flow through the engine
/// (the automatic choice), against plain GLPK on the same scenarios: the same objective values,
/// and every rule holds in the placement. With a time limit already used up there is still a
/// feasible placement with a valid bound.
final class SideFlowMethodTests: XCTestCase {
    func scenarios(_ count: Int, shape: RandomScenario.Alliance.Shape, penalty: Bool) -> [Scenario] {
        var rng = DeterministicRNG(seed: penalty ? 0x51DE_F10A : 0x51DE_F10B)
        var policy = Policy()
        if penalty {
            policy.objectives = [.minCost]
            policy.unplacedPenalty = 40
        }
        return (0..<count).map { _ in RandomScenario.make(&rng, .alliance(shape, families: [.lowerQuota, .nationalityShare]), policy: policy) }
    }

    func testTheEngineChoosesItAndAgreesWithGLPK() throws {
        var chosen = 0
        for penalty in [false, true] {
            for (i, scenario) in (scenarios(25, shape: .tiny, penalty: penalty) + scenarios(15, shape: .medium, penalty: penalty)).enumerated() {
                let f = Formulation(scenario: scenario)
                guard SideFlowMethod(for: f) != nil else { continue }
                chosen += 1
                let side = try PlacementEngine().solve(scenario)
                XCTAssertEqual(side.solver.solver, "placement side-constrained flow", "case \(i)")
                let glpk = try PlacementEngine().solve(scenario, options: .init(solver: .glpk))
                XCTAssertEqual(side.solver.status, .optimal, "case \(i)")
                XCTAssertEqual(glpk.solver.status, .optimal, "case \(i)")
                XCTAssertEqual(side.solver.stages.count, glpk.solver.stages.count)
                for (a, b) in zip(side.solver.stages, glpk.solver.stages) {
                    XCTAssertEqual(a.value, b.value, accuracy: 1e-6 * max(1, abs(b.value)), "case \(i), penalty \(penalty), \(a.name)")
                }
                assertSideRulesHold(scenario, side, "case \(i)")
            }
        }
        XCTAssertGreaterThan(chosen, 30, "most generated scenarios have a minimum or a share")
    }

    func testATimeLimitAlreadyUsedUpStillGivesAFeasiblePlacementWithAValidBound() throws {
        for scenario in scenarios(10, shape: .medium, penalty: false) where SideFlowMethod(for: Formulation(scenario: scenario)) != nil {
            let optimum = try PlacementEngine().solve(scenario)
            let cut = try PlacementEngine().solve(scenario, options: .init(timeLimit: 1e-9))
            XCTAssertTrue(cut.solver.status.hasPlacement, "\(cut.solver.status)")
            assertSideRulesHold(scenario, cut, "cut short")
            let placed = try XCTUnwrap(cut.solver.stages.first)
            if placed.bound.isFinite {
                XCTAssertGreaterThanOrEqual(placed.bound, optimum.solver.stages[0].value - 1e-9, "the bound on placed students holds")
            }
            XCTAssertLessThanOrEqual(placed.value, optimum.solver.stages[0].value + 1e-9)
        }
    }

    /// Seats, minimums (0 or at least the minimum) and nationality shares, recounted.
    func assertSideRulesHold(_ s: Scenario, _ o: PlacementOutcome, _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        var count: [String: Int] = [:], byNationality: [String: Int] = [:]
        for p in o.placements.compactMap({ $0 }) {
            let key = "\(p.base)/\(p.term)"
            count[key, default: 0] += 1
            byNationality["\(key)/\(s.students[p.student].nationality)", default: 0] += 1
        }
        for (key, n) in count {
            let parts = key.split(separator: "/").map { Int($0)! }
            let base = s.bases[parts[0]], term = s.terms[parts[1]].id
            XCTAssertLessThanOrEqual(n, base.capacity(in: term), "\(label): seats of \(base.id)", file: file, line: line)
            XCTAssertGreaterThanOrEqual(n, base.minInterns, "\(label): minimum of \(base.id)", file: file, line: line)
        }
        for (key, n) in byNationality {
            let parts = key.split(separator: "/")
            let base = s.bases[Int(parts[0])!], term = s.terms[Int(parts[1])!].id
            if let limit = base.nationalityLimit(in: term) {
                XCTAssertLessThanOrEqual(n, limit, "\(label): share at \(base.id)", file: file, line: line)
            }
        }
    }
}
