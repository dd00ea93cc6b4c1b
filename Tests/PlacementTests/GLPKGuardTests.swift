import Foundation
import PlacementGLPK
import PlacementModel
import XCTest

/// GLPK's fatal errors become Swift errors, and the process (and thread) keeps solving correctly.
final class GLPKGuardTests: XCTestCase {
    func testProvokedGLPKErrorThrowsAndLaterSolvesStillWorkOnTheSameThread() throws {
        let thread = Thread.current
        try assertKnownOptimum()
        for round in 1...5 {
            XCTAssertThrowsError(try GLPKSolver.provokeGLPKError(), "round \(round)") { error in
                guard case let .glpkFailure(operation, message)? = error as? GLPKError else {
                    return XCTFail("expected GLPKError.glpkFailure, got \(error)")
                }
                XCTAssertFalse(message.isEmpty, "GLPK's message is passed on")
                XCTAssertFalse(operation.isEmpty)
                XCTAssertFalse((error as? GLPKError)?.description.isEmpty ?? true)
            }
            XCTAssertTrue(Thread.current === thread)
            try assertKnownOptimum()
        }
    }

    func testProvokedErrorOnAnotherThreadLeavesThisThreadWorking() throws {
        let done = DispatchSemaphore(value: 0)
        let result = LockedBox<Bool>(false)
        let thread = Thread {
            do { try GLPKSolver.provokeGLPKError() } catch GLPKError.glpkFailure { result.set(true) } catch {}
            done.signal()
        }
        thread.start()
        XCTAssertEqual(done.wait(timeout: .now() + 30), .success)
        XCTAssertTrue(result.get())
        try assertKnownOptimum()
    }

    func testInfeasibleModelReportsInfeasible() throws {
        var m = LinearModel()
        m.addVariable(.init(name: "x", lower: 0, upper: 1, isInteger: true))
        m.addVariable(.init(name: "y", lower: 0, upper: 1, isInteger: true))
        m.addConstraint(.init(name: "atLeastThree", terms: [.init(0, 1), .init(1, 1)], lower: 3))
        m.objectives = [.init(name: "sum", sense: .maximize, terms: [.init(0, 1), .init(1, 1)], isIntegral: true)]
        let solution = try GLPKSolver().solve(m)
        XCTAssertEqual(solution.status, .infeasible)
        XCTAssertTrue(solution.values.isEmpty)
        try assertKnownOptimum()
    }

    func testIntegerInfeasibleButLPFeasibleModelReportsInfeasible() throws {
        // 2x = 1 has the LP solution x = 0.5 and no integer one.
        var m = LinearModel()
        m.addVariable(.init(name: "x", lower: 0, upper: 1, isInteger: true))
        m.addConstraint(.init(name: "half", terms: [.init(0, 2)], lower: 1, upper: 1))
        m.objectives = [.init(name: "x", sense: .maximize, terms: [.init(0, 1)], isIntegral: true)]
        XCTAssertEqual(try GLPKSolver().solve(m).status, .infeasible)
    }

    func testNaNBoundIsAnInvalidModel() throws {
        var m = LinearModel()
        m.addVariable(.init(name: "x", lower: 0, upper: .nan, isInteger: false))
        m.objectives = [.init(name: "x", sense: .maximize, terms: [.init(0, 1)], isIntegral: false)]
        XCTAssertThrowsError(try GLPKSolver().solve(m)) { error in
            guard case .invalidModel? = error as? GLPKError else { return XCTFail("expected .invalidModel, got \(error)") }
        }

        var r = LinearModel()
        r.addVariable(.init(name: "x", lower: 0, upper: 1))
        r.addConstraint(.init(name: "row", terms: [.init(0, 1)], lower: .nan, upper: 1))
        XCTAssertThrowsError(try GLPKSolver().solve(r)) { error in
            guard case .invalidModel? = error as? GLPKError else { return XCTFail("expected .invalidModel, got \(error)") }
        }

        var c = LinearModel()
        c.addVariable(.init(name: "x", lower: 0, upper: 1))
        c.objectives = [.init(name: "x", sense: .maximize, terms: [.init(0, .nan)], isIntegral: false)]
        XCTAssertThrowsError(try GLPKSolver().solve(c)) { error in
            guard case .invalidModel? = error as? GLPKError else { return XCTFail("expected .invalidModel, got \(error)") }
        }
        try assertKnownOptimum()
    }
}
