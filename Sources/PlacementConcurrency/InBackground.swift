import Dispatch
import Synchronization

/// A value computed on another core while the caller goes on (`start: true`), or else on first
/// use. Reading `value` waits for it; it is computed exactly once either way.
public final class InBackground<Value: Sendable>: Sendable {
    private let work: @Sendable () -> Value
    /// Held for the whole computation, so that a reader waits on it until the value is there.
    private let result = Mutex<Value?>(nil)
    private let elapsed = Mutex<Double>(0)

    /// How long the computation took (0 until it is done; does not wait for it).
    public var seconds: Double { elapsed.withLock { $0 } }

    public init(start: Bool, _ work: @escaping @Sendable () -> Value) {
        self.work = work
        if start { DispatchQueue.global().async { _ = self.value } }
    }

    public var value: Value {
        result.withLock { result in
            if let result { return result }
            let started = ContinuousClock.now
            let value = work()
            let took = started.duration(to: .now).components
            elapsed.withLock { $0 = Double(took.seconds) + Double(took.attoseconds) * 1e-18 }
            result = value
            return value
        }
    }
}
