import PlacementGLPK
import PlacementModel
import XCTest

/// A known start (`SolveOptions.start`) better than what the first stage's dive finds is the
/// stage's incumbent, not the dive's point: with the optimum as the start, no work limit may give
/// a worse first stage, however little room the limit leaves branch-and-bound after the dive.
final class KnownStartKeptTests: XCTestCase {
    static let columns = 14

    static func model(_ seed: UInt64) -> LinearModel {
        var rng = DeterministicRNG(seed: 0x57A2_7000 &+ seed)
        var m = LinearModel()
        for j in 0..<columns { m.addVariable(.init(name: "x\(j)", lower: 0, upper: 1, isInteger: true)) }
        for i in 0..<3 {
            let weights = (0..<columns).map { _ in Double(Int.random(in: 1...9, using: &rng)) }
            let capacity = (weights.reduce(0, +) / 3).rounded(.down)
            m.addConstraint(.init(name: "knapsack\(i)", terms: weights.enumerated().map { .init($0.offset, $0.element) }, upper: capacity))
        }
        let terms = (0..<columns).map { LinearModel.Term($0, Double(Int.random(in: 1...9, using: &rng))) }
        m.objectives = [.init(name: "value", sense: .maximize, terms: terms, isIntegral: true)]
        return m
    }

    func testAnOptimalStartIsNeverReplacedByAWorseDive() throws {
        var cutShort = 0
        for seed in 0..<25 as Range<UInt64> {
            let m = Self.model(seed)
            let optimum = try GLPKSolver().solve(m)
            XCTAssertEqual(optimum.status, .optimal, "seed \(seed)")
            let best = m.value(of: m.objectives[0], at: optimum.values)
            for limit in [1, 2, 4, 8, 16, 32, 64] {
                let solution = try GLPKSolver().solve(m, options: SolveOptions(iterationLimit: limit, start: optimum.values))
                guard !solution.values.isEmpty else { continue }
                XCTAssertLessThanOrEqual(m.maximumViolation(at: solution.values), 1e-9, "seed \(seed), limit \(limit)")
                XCTAssertEqual(m.value(of: m.objectives[0], at: solution.values), best, accuracy: 1e-9, "seed \(seed), limit \(limit)")
                if solution.status != .optimal { cutShort += 1 }
            }
        }
        XCTAssertGreaterThan(cutShort, 0, "no solve was cut short by its work limit")
    }
}
