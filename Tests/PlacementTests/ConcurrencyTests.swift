import PlacementConcurrency
import XCTest

/// The helpers that every parallel step uses: results in index order, nothing lost, computed once.
final class ConcurrencyTests: XCTestCase {
    func testParallelMapReturnsResultsInIndexOrder() {
        XCTAssertEqual(parallelMap(count: 0) { $0 }, [])
        XCTAssertEqual(parallelMap(count: 1) { $0 * 2 }, [0])
        XCTAssertEqual(parallelMap(count: 200) { $0 * $0 }, (0..<200).map { $0 * $0 })
    }

    func testLockedKeepsEveryChangeFromEveryThread() {
        let total = Locked(0)
        _ = parallelMap(count: 64) { _ in for _ in 0..<1000 { total.withLock { $0 += 1 } } }
        XCTAssertEqual(total.withLock { $0 }, 64_000)
    }

    func testInBackgroundComputesOnceWhoeverAsksFirst() {
        for start in [false, true] {
            let runs = Locked(0)
            let value = InBackground(start: start) {
                runs.withLock { $0 += 1 }; return 42
            }
            XCTAssertEqual(parallelMap(count: 16) { _ in value.value }, Array(repeating: 42, count: 16))
            XCTAssertEqual(runs.withLock { $0 }, 1)
        }
    }
}
