import Foundation

/// A time limit counted from a given instant (the start of the run), and what is left of it.
struct Deadline: Sendable {
    let end: ContinuousClock.Instant?

    init(seconds: Double?, from start: ContinuousClock.Instant) {
        end = seconds.map { start.advanced(by: .seconds($0)) }
    }

    /// Seconds left, 0 once the limit has passed; nil when there is no limit.
    var remaining: Double? {
        guard let end else { return nil }
        let left = ContinuousClock.now.duration(to: end).components
        return max(0, Double(left.seconds) + Double(left.attoseconds) * 1e-18)
    }
}

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
