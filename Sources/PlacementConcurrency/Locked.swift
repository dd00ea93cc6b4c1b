import Synchronization

/// A value shared by threads, read and changed only under its lock. A class, so that threads and
/// escaping closures share one value; `Mutex` itself cannot be copied into them.
public final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    public init(_ value: Value) { mutex = Mutex(value) }

    public func withLock<Result: Sendable>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        try mutex.withLock { try body(&$0) }
    }
}
