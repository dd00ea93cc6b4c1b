import Foundation

/// A value computed on another core while the caller goes on (`start: true`), or else on
/// first use. Reading `value` waits for it; it is computed exactly once either way.
final class InBackground<Value: Sendable>: @unchecked Sendable {
    private enum State { case waiting, running, done(Value) }
    private let work: @Sendable () -> Value
    private let condition = NSCondition()
    private var state = State.waiting
    private var elapsed = 0.0

    /// How long the computation took (0 until it is done).
    var seconds: Double {
        condition.lock()
        defer { condition.unlock() }
        return elapsed
    }

    init(start: Bool, _ work: @escaping @Sendable () -> Value) {
        self.work = work
        if start { DispatchQueue.global().async { self.computeIfWaiting() } }
    }

    var value: Value {
        computeIfWaiting()
        condition.lock()
        defer { condition.unlock() }
        while true {
            if case let .done(value) = state { return value }
            condition.wait()
        }
    }

    private func computeIfWaiting() {
        condition.lock()
        guard case .waiting = state else { condition.unlock(); return }
        state = .running
        condition.unlock()
        let started = Date()
        let value = work()
        condition.lock()
        elapsed = Date().timeIntervalSince(started)
        state = .done(value)
        condition.broadcast()
        condition.unlock()
    }
}
