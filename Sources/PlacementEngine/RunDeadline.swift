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
