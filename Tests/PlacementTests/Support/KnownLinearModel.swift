import PlacementGLPK
import PlacementModel
import XCTest

/// A small assignment model whose optimum is known: 3 items into 2 slots of capacity 1 with
/// costs; max count first (2), then min cost (1 + 2 = 3).
enum KnownLinearModel {
    static func make() -> LinearModel {
        var m = LinearModel()
        let costs: [[Double]] = [[1, 5], [4, 2], [3, 3]]
        for i in 0..<3 { for j in 0..<2 { m.addVariable(.init(name: "x\(i)\(j)", lower: 0, upper: 1, isInteger: true)) } }
        for i in 0..<3 { m.addConstraint(.init(name: "item\(i)", terms: [.init(i * 2, 1), .init(i * 2 + 1, 1)], upper: 1)) }
        for j in 0..<2 { m.addConstraint(.init(name: "slot\(j)", terms: (0..<3).map { .init($0 * 2 + j, 1) }, upper: 1)) }
        m.objectives = [
            .init(name: "count", sense: .maximize, terms: (0..<6).map { .init($0, 1) }, isIntegral: true),
            .init(name: "cost", sense: .minimize, terms: (0..<6).map { .init($0, costs[$0 / 2][$0 % 2]) }, isIntegral: true)
        ]
        return m
    }
}

/// GLPK, on this thread, solves the known model to its known optimum.
func assertKnownOptimum(file: StaticString = #filePath, line: UInt = #line) throws {
    let solution = try GLPKSolver().solve(KnownLinearModel.make())
    XCTAssertEqual(solution.status, .optimal, file: file, line: line)
    XCTAssertEqual(solution.stages.map(\.value), [2, 3], file: file, line: line)
    XCTAssertEqual(solution.values, [1, 0, 0, 1, 0, 0], file: file, line: line)
}
