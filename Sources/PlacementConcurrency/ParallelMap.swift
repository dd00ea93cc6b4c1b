import Dispatch

/// `body(0) … body(count - 1)` run on every core; the results come back in index order, so that
/// the caller joins them (and meets the first error) exactly as one pass in order would.
/// Each index takes the lock once, to store its result: meant for a few large jobs (chunks of a
/// table, report files), not for one job per row.
public func parallelMap<Element: Sendable>(count: Int, _ body: @Sendable (Int) -> Element) -> [Element] {
    let results = Locked([Element?](repeating: nil, count: count))
    DispatchQueue.concurrentPerform(iterations: count) { index in
        let result = body(index)
        results.withLock { $0[index] = result }
    }
    return results.withLock { $0.map { $0! } }
}
