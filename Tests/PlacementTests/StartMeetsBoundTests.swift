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
        addKnapsacksAndObjectives(to: &m, rows: 4, weights: 0...6, objectives: [0...2, 0...3, 0...5], using: &rng)
        return m
    }

    /// Knapsack rows over every column (capacity half the row's weight), then three objectives
    /// with random integral coefficients: maximise, maximise, minimise.
    static func addKnapsacksAndObjectives(
        to m: inout LinearModel, rows: Int, weights: ClosedRange<Int>, objectives ranges: [ClosedRange<Int>], using rng: inout DeterministicRNG
    ) {
        let n = m.variableCount
        for i in 0..<rows {
            let row = (0..<n).map { _ in Double(Int.random(in: weights, using: &rng)) }
            let capacity = (row.reduce(0, +) / 2).rounded(.down)
            m.addConstraint(.init(name: "knapsack\(i)", terms: row.enumerated().map { .init($0.offset, $0.element) }, upper: capacity))
        }
        m.objectives = zip(["first", "second", "third"], ranges).map { name, range in
            let terms = (0..<n).map { LinearModel.Term($0, Double(Int.random(in: range, using: &rng))) }
            return .init(name: name, sense: name == "third" ? .minimize : .maximize, terms: terms, isIntegral: true)
        }
    }

    /// The lexicographic optimum's stage values over all 0/1 points of the model's columns.
    static func bruteForce(_ m: LinearModel) -> [Double]? {
        var best: [Double]? = nil
        let n = m.variableCount
        for mask in 0..<(1 << n) {
            let x = (0..<n).map { Double((mask >> $0) & 1) }
            guard m.maximumViolation(at: x) <= 1e-9 else { continue }
            // Minimised objectives negated, so that larger is better at every position.
            let v = m.objectives.map { ($0.sense == .maximize ? 1 : -1) * m.value(of: $0, at: x) }
            if best.map({ $0.lexicographicallyPrecedes(v) }) ?? true { best = v }
        }
        return best.map { zip($0, m.objectives).map { $0.1.sense == .maximize ? $0.0 : -$0.0 } }
    }

    /// GLPK's solution of a feasible 0/1 model, after asserting that it is optimal, feasible and
    /// has the brute-force stage values; nil for an infeasible model.
    static func solvedAndCheckedAgainstBruteForce(_ m: LinearModel, seed: UInt64) throws -> Solution? {
        guard let expected = bruteForce(m) else { return nil }
        let solution = try GLPKSolver().solve(m)
        XCTAssertEqual(solution.status, .optimal, "seed \(seed)")
        XCTAssertEqual(solution.stages.count, expected.count, "seed \(seed)")
        for (stage, value) in zip(solution.stages, expected) {
            XCTAssertEqual(stage.value, value, accuracy: 1e-6, "seed \(seed), \(stage.name)")
        }
        XCTAssertLessThanOrEqual(m.maximumViolation(at: solution.values), 1e-9, "seed \(seed)")
        return solution
    }

    func testStageValuesEqualBruteForceAndTheShortcutIsTaken() throws {
        var shortcuts = 0
        for seed in 0..<60 as Range<UInt64> {
            guard let solution = try Self.solvedAndCheckedAgainstBruteForce(Self.model(seed), seed: seed) else { continue }
            shortcuts += solution.stages.filter { $0.evidence.hasSuffix("meets the LP relaxation bound") }.count
        }
        XCTAssertGreaterThan(shortcuts, 0, "no stage was proven by its start meeting the LP bound")
    }
}
