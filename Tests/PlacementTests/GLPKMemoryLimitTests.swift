import Foundation
import PlacementGLPK
import PlacementModel
import XCTest

/// GLPK's memory limit (glp_mem_limit through the shim): exceeding it is a typed error, never an
/// abort, and GLPK keeps working in the same process and thread afterwards.
final class GLPKMemoryLimitTests: XCTestCase {
    override func tearDown() {
        GLPKSolver.memoryLimitMegabytes = nil  // process-wide: never leak a limit into other tests
    }

    /// An n × n assignment model (n² binary columns, 2n² non-zeros): about 5 MB inside GLPK at n = 150.
    static func assignmentModel(_ n: Int) -> LinearModel {
        var m = LinearModel()
        for i in 0..<n { for j in 0..<n { m.addVariable(.init(name: "x\(i)_\(j)", lower: 0, upper: 1, isInteger: true)) } }
        for i in 0..<n { m.addConstraint(.init(name: "row\(i)", terms: (0..<n).map { .init(i * n + $0, 1) }, upper: 1)) }
        for j in 0..<n { m.addConstraint(.init(name: "col\(j)", terms: (0..<n).map { .init($0 * n + j, 1) }, upper: 1)) }
        m.objectives = [
            .init(
                name: "cost", sense: .minimize,
                terms: (0..<(n * n)).map { .init($0, Double(($0 * 7919) % 97) - 100) }, isIntegral: true)
        ]
        return m
    }

    func testExceedingTheMemoryLimitIsATypedErrorAndGLPKStillWorksAfterwards() throws {
        XCTAssertNil(GLPKSolver.memoryLimitMegabytes, "no limit by default")
        let big = Self.assignmentModel(150)
        GLPKSolver.memoryLimitMegabytes = 1
        XCTAssertEqual(GLPKSolver.memoryLimitMegabytes, 1)
        try assertKnownOptimum()  // a small model fits under 1 MB
        for round in 1...3 {
            XCTAssertThrowsError(try GLPKSolver().solve(big), "round \(round)") { error in
                guard case let .outOfMemory(operation, limit, message)? = error as? GLPKError else {
                    return XCTFail("expected GLPKError.outOfMemory, got \(error)")
                }
                XCTAssertEqual(limit, 1)
                XCTAssertFalse(operation.isEmpty)
                XCTAssertTrue(message.contains("memory allocation limit exceeded"), message)
                XCTAssertTrue("\(error)".contains("1 MB"), "\(error)")
            }
            try assertKnownOptimum()  // same thread, new GLPK environment, limit applied again
        }
        GLPKSolver.memoryLimitMegabytes = nil
        let solved = try GLPKSolver().solve(big)
        XCTAssertEqual(solved.status, .optimal, "without the limit the same model solves")
        XCTAssertEqual(solved.values.filter { $0 > 0.5 }.count, 150)
    }

    /// Lifting a limit also lifts it for a GLPK environment that already had it applied (no error
    /// between), and a limit set while a thread's environment exists applies to it.
    func testLimitCanBeSetAndLiftedOnALiveEnvironment() throws {
        let big = Self.assignmentModel(150)
        try assertKnownOptimum()  // this thread's environment exists, without a limit
        GLPKSolver.memoryLimitMegabytes = 1
        XCTAssertThrowsError(try GLPKSolver().solve(big)) { error in
            guard case .outOfMemory? = error as? GLPKError else { return XCTFail("expected .outOfMemory, got \(error)") }
        }
        GLPKSolver.memoryLimitMegabytes = 1
        try assertKnownOptimum()  // fresh environment with the limit, small model fits
        GLPKSolver.memoryLimitMegabytes = nil
        XCTAssertEqual(try GLPKSolver().solve(big).status, .optimal, "lifted on the live environment")
    }

    /// The limit holds on other threads too (each has its own GLPK environment).
    func testLimitAppliesOnAnotherThread() throws {
        GLPKSolver.memoryLimitMegabytes = 1
        let done = DispatchSemaphore(value: 0)
        let result = LockedBox("")
        let thread = Thread {
            do { _ = try GLPKSolver().solve(Self.assignmentModel(150)); result.set("solved") } catch let error as GLPKError {
                if case .outOfMemory = error { result.set("outOfMemory") } else { result.set("\(error)") }
            } catch { result.set("\(error)") }
            GLPKSolver.releaseThreadEnvironment()
            done.signal()
        }
        thread.start()
        XCTAssertEqual(done.wait(timeout: .now() + 120), .success)
        XCTAssertEqual(result.get(), "outOfMemory")
    }
}
