import Foundation
import PlacementDomain
import PlacementEngine
import PlacementFormulation
import PlacementGLPK
import PlacementModel
import XCTest

/// rank_maximal after max_placed fixes each proven stage as an equality before the next rank
/// (`LinearModel.Objective.fixesEarlierExactly`). The rank counts must be those of the plain
/// lexicographic solve (every stage fixed as a one-sided bound), and of brute force on tiny
/// scenarios, with every rule kept.
final class RankMaximalTests: XCTestCase {
    typealias Family = RandomScenario.Alliance.Family

    func scenario(_ seed: UInt64, _ shape: RandomScenario.Alliance.Shape) -> Scenario {
        var rng = DeterministicRNG(seed: seed)
        var policy = Policy()
        policy.objectives = [.maxPlaced, .rankMaximal]
        return RandomScenario.make(&rng, .alliance(shape, families: [.lowerQuota, .nationalityShare, .apart]), policy: policy)
    }

    func testRankCountsEqualThePlainOneStagePerRankSolveOnRandomScenarios() throws {
        var compared = 0
        for seed in 0..<12 as Range<UInt64> {
            let scenario = scenario(0x4A4E_0000 &+ seed, seed % 3 == 0 ? .tiny : .medium)
            let outcome = try PlacementEngine().solve(scenario, options: .init(solver: .glpk))
            var plain = Formulation(scenario: scenario).model
            for k in plain.objectives.indices { plain.objectives[k].fixesEarlierExactly = false }
            let reference = try GLPKSolver().solve(plain)
            guard reference.status == .optimal else {
                XCTAssertNotEqual(outcome.solver.status, .optimal, "seed \(seed): the plain solve says \(reference.status)")
                continue
            }
            XCTAssertEqual(outcome.solver.status, .optimal, "seed \(seed)")
            XCTAssertEqual(outcome.solver.stages.map(\.name), reference.stages.map(\.name), "seed \(seed)")
            for (a, b) in zip(outcome.solver.stages, reference.stages) {
                XCTAssertEqual(a.value, b.value, accuracy: 1e-6, "seed \(seed), \(a.name)")
                XCTAssertEqual(a.status, .optimal, "seed \(seed), \(a.name)")
            }
            let checker = AllianceChecker(scenario)
            XCTAssertEqual(checker.violations(outcome.allianceAssignment), [], "seed \(seed)")
            compared += 1
        }
        XCTAssertGreaterThan(compared, 6, "too few feasible instances")
    }

    func testRankCountsEqualBruteForceOnTinyScenarios() throws {
        var compared = 0
        for seed in 0..<10 as Range<UInt64> {
            let scenario = scenario(0x4A4E_1000 &+ seed, .tiny)
            let checker = AllianceChecker(scenario)
            guard let best = AllianceBruteForce(checker: checker).optimum() else { continue }
            let outcome = try PlacementEngine().solve(scenario, options: .init(solver: .glpk))
            XCTAssertEqual(outcome.solver.status, .optimal, "seed \(seed)")
            XCTAssertEqual(checker.violations(outcome.allianceAssignment), [], "seed \(seed)")
            let v = checker.objectiveVector(outcome.allianceAssignment)
            XCTAssertTrue(AllianceChecker.equalVectors(v, best.vector), "seed \(seed): engine \(v) vs brute force \(best.vector)")
            compared += 1
        }
        XCTAssertGreaterThan(compared, 5, "too few feasible instances")
    }
}
