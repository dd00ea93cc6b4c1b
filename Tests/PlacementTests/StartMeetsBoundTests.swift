import PlacementGLPK
import PlacementModel
import XCTest

/// A stage whose start (the earlier stages' point, or the LP optimum rounded down and repaired)
/// already meets its LP bound is reported optimal without branch-and-bound. On small random
/// 0/1 models with three lexicographic objectives the stage values must equal brute force over
/// every point, and the shortcut must have been taken on some of them.
final class StartMeetsBoundTests: XCTestCase {
    static let columns = 10

    static func model(_ seed: UInt64) -> LinearModel {
        var rng = DeterministicRNG(seed: 0x5EB0_0000 &+ seed)
        var m = LinearModel()
        for j in 0..<columns { m.addVariable(.init(name: "x\(j)", lower: 0, upper: 1, isInteger: true)) }
        for i in 0..<4 {
            let weights = (0..<columns).map { _ in Double(Int.random(in: 0...6, using: &rng)) }
            let capacity = (weights.reduce(0, +) / 2).rounded(.down)
            m.addConstraint(.init(name: "knapsack\(i)", terms: weights.enumerated().map { .init($0.offset, $0.element) }, upper: capacity))
        }
        func objective(_ name: String, _ sense: LinearModel.Sense, _ range: ClosedRange<Int>) -> LinearModel.Objective {
            let terms = (0..<columns).map { LinearModel.Term($0, Double(Int.random(in: range, using: &rng))) }
            return .init(name: name, sense: sense, terms: terms, isIntegral: true)
        }
        m.objectives = [objective("first", .maximize, 0...2), objective("second", .maximize, 0...3), objective("third", .minimize, 0...5)]
        return m
    }

    /// The lexicographic optimum's stage values over all 2^columns points.
    static func bruteForce(_ m: LinearModel) -> [Double]? {
        var best: [Double]? = nil
        for mask in 0..<(1 << columns) {
            let x = (0..<columns).map { Double((mask >> $0) & 1) }
            guard m.maximumViolation(at: x) <= 1e-9 else { continue }
            // Minimised objectives negated, so that larger is better at every position.
            let v = m.objectives.map { ($0.sense == .maximize ? 1 : -1) * m.value(of: $0, at: x) }
            if best.map({ $0.lexicographicallyPrecedes(v) }) ?? true { best = v }
        }
        return best.map { zip($0, m.objectives).map { $0.1.sense == .maximize ? $0.0 : -$0.0 } }
    }

    func testStageValuesEqualBruteForceAndTheShortcutIsTaken() throws {
        var shortcuts = 0
        for seed in 0..<60 as Range<UInt64> {
            let m = Self.model(seed)
            guard let expected = Self.bruteForce(m) else { continue }
            let solution = try GLPKSolver().solve(m)
            XCTAssertEqual(solution.status, .optimal, "seed \(seed)")
            XCTAssertEqual(solution.stages.count, expected.count, "seed \(seed)")
            for (stage, value) in zip(solution.stages, expected) {
                XCTAssertEqual(stage.value, value, accuracy: 1e-6, "seed \(seed), \(stage.name)")
            }
            XCTAssertLessThanOrEqual(m.maximumViolation(at: solution.values), 1e-9, "seed \(seed)")
            shortcuts += solution.stages.filter { $0.evidence.hasSuffix("meets the LP relaxation bound") }.count
        }
        XCTAssertGreaterThan(shortcuts, 0, "no stage was proven by its start meeting the LP bound")
    }
}
