import Foundation
@testable import PlacementGLPK
import PlacementModel
import XCTest

/// The work limit (GLPK simplex iterations) stops a solve at the same point every time, and a
/// stage it cuts short still leaves room for the later objectives.
final class WorkLimitTests: XCTestCase {
    /// A multi-dimensional knapsack (60 items, 8 resources) that branch-and-bound needs many
    /// nodes for; stage 2 prefers fewer items among the stage-1 optima.
    static func hardModel() -> LinearModel {
        var m = LinearModel()
        var seed: UInt64 = 2_026_112_2
        func next() -> Double {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(seed >> 33) / Double(1 << 31)
        }
        let items = 60
        for i in 0..<items { m.addVariable(.init(name: "x\(i)", lower: 0, upper: 1, isInteger: true)) }
        for r in 0..<8 {
            let weights = (0..<items).map { _ in (10 + 90 * next()).rounded() }
            m.addConstraint(
                .init(
                    name: "resource\(r)", terms: weights.enumerated().map { .init($0.offset, $0.element) },
                    upper: (weights.reduce(0, +) / 2).rounded()))
        }
        let values = (0..<items).map { _ in (10 + 90 * next()).rounded() }
        m.objectives = [
            .init(name: "value", sense: .maximize, terms: values.enumerated().map { .init($0.offset, $0.element) }, isIntegral: true),
            .init(name: "items", sense: .minimize, terms: (0..<items).map { .init($0, 1) }, isIntegral: true)
        ]
        return m
    }

    func testWorkLimitGivesTheSameFeasibleAnswerEveryTimeAndStillSolvesTheLaterStage() throws {
        let model = Self.hardModel()
        let exact = try GLPKSolver().solve(model)
        XCTAssertEqual(exact.status, .optimal)
        XCTAssertGreaterThan(exact.iterations, 400, "the instance must need real branch-and-bound work")

        // The smallest of these limits that cuts the first stage's search short after it found a
        // point, and leaves the second stage enough to be solved.
        func cutShortThenSolved(_ s: Solution) -> Bool {
            guard case .feasible = s.status, s.stages.count == 2 else { return false }
            return s.stages[0].evidence.contains("work limit") && s.stages[1].evidence.hasPrefix("given the earlier stages")
        }
        var limit = exact.iterations / 16
        var first = try GLPKSolver().solve(model, options: SolveOptions(iterationLimit: limit))
        while !cutShortThenSolved(first) && limit < exact.iterations {
            limit += exact.iterations / 16
            first = try GLPKSolver().solve(model, options: SolveOptions(iterationLimit: limit))
        }
        let second = try GLPKSolver().solve(model, options: SolveOptions(iterationLimit: limit))
        guard case let .feasible(bound, _) = first.status else { return XCTFail("expected a feasible solve, got \(first.status)") }
        XCTAssertEqual(first.values, second.values, "the same work limit must give the same placement")
        func withoutSeconds(_ s: Solution) -> [String] { s.stages.map { "\($0.name) \($0.value) \($0.bound) \($0.status) \($0.evidence)" } }
        XCTAssertEqual(withoutSeconds(first), withoutSeconds(second))
        XCTAssertLessThan(first.iterations, exact.iterations)
        XCTAssertLessThanOrEqual(model.maximumViolation(at: first.values), 1e-9, "a work-limited answer is still feasible")

        // Stage 1 was cut short and says so, with a valid bound; stage 2 was still solved.
        XCTAssertEqual(first.stages.count, 2)
        XCTAssertTrue(first.stages[0].evidence.contains("work limit"), first.stages[0].evidence)
        let optimum = exact.stages[0].value
        XCTAssertLessThanOrEqual(first.stages[0].value, optimum + 1e-9)
        XCTAssertGreaterThanOrEqual(bound, optimum - 1e-6, "the reported bound must not cut off the optimum")
        XCTAssertEqual(first.stages[0].value, model.value(of: model.objectives[0], at: first.values), accuracy: 1e-9)
        XCTAssertEqual(first.stages[1].value, model.value(of: model.objectives[1], at: first.values), accuracy: 1e-9)
        XCTAssertTrue(first.stages[1].evidence.contains("given the earlier stages' best values found"), first.stages[1].evidence)
    }

    func testAmpleWorkLimitChangesNothing() throws {
        let model = Self.hardModel()
        let exact = try GLPKSolver().solve(model)
        let limited = try GLPKSolver().solve(model, options: SolveOptions(iterationLimit: exact.iterations * 4))
        XCTAssertEqual(limited.status, .optimal)
        XCTAssertEqual(limited.values, exact.values)
        XCTAssertEqual(limited.stages.map(\.value), exact.stages.map(\.value))
    }

    /// A work limit that stops the first LP after one iteration: the point where it stopped,
    /// rounded down and repaired, is still an answer (anytime), with a bound that holds and an
    /// evidence string that says how it was found. (Before the repair, this gave no solution.)
    func testWorkLimitTooSmallForTheRelaxationStillGivesARepairedPointWithAValidBound() throws {
        let model = Self.hardModel()
        let exact = try GLPKSolver().solve(model)
        let solution = try GLPKSolver().solve(model, options: SolveOptions(iterationLimit: 1))
        guard case let .feasible(bound, gap) = solution.status else { return XCTFail("expected a feasible answer, got \(solution.status)") }
        XCTAssertLessThanOrEqual(model.maximumViolation(at: solution.values), 1e-9)
        XCTAssertGreaterThanOrEqual(bound, exact.stages[0].value - 1e-6, "the bound must not be below the optimum")
        XCTAssertGreaterThan(gap, 0)
        XCTAssertEqual(solution.stages.count, 1)
        XCTAssertTrue(solution.stages[0].evidence.contains("rounded down and repaired"), solution.stages[0].evidence)
        XCTAssertEqual(solution.status.label, "feasible (not proven optimal)")
    }
}

/// The dive's fallback when its budget runs out: round down, then clear violated zero-sum rows.
final class RoundedDownTests: XCTestCase {
    func testRoundingDownClearsBrokenRotationPairsAndKeepsWhatHolds() {
        var m = LinearModel()
        for name in ["first", "second", "other", "solo"] { m.addVariable(.init(name: name, lower: 0, upper: 1, isInteger: true)) }
        m.addConstraint(.init(name: "both", terms: [.init(0, 1), .init(1, -1)], lower: 0, upper: 0))
        m.addConstraint(.init(name: "seat", terms: [.init(1, 1), .init(2, 1)], upper: 1))
        m.addConstraint(.init(name: "one", terms: [.init(3, 1)], upper: 1))
        // An LP point: the rotation's second part is fractional, the solo placement integral.
        XCTAssertEqual(GLPKSolver.roundedDown([1, 0.5, 0.5, 1], model: m), [0, 0, 0, 1])
    }

    func testRoundingDownGivesNothingWhenALowerBoundBreaks() {
        var m = LinearModel()
        for name in ["a", "b"] { m.addVariable(.init(name: name, lower: 0, upper: 1, isInteger: true)) }
        m.addConstraint(.init(name: "atLeastOne", terms: [.init(0, 1), .init(1, 1)], lower: 1))
        XCTAssertNil(GLPKSolver.roundedDown([0.5, 0.5], model: m))
    }
}
