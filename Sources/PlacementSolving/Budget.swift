import Foundation
import PlacementGLPK

/// What one solve may spend: a wall-clock deadline, a work limit (GLPK simplex iterations: the
/// deterministic limit, which stops a solve at the same point on every machine) and a stop
/// request (SIGINT/SIGTERM). Every method takes one; nothing else carries a time limit.
public struct Budget: Sendable {
    /// The longest time limit honoured, in seconds (about 31 years). Longer limits are refused
    /// where users give them; here they mean no deadline, so no clock arithmetic can overflow.
    public static let longestSeconds = 1e9

    /// When the time runs out; nil for no time limit.
    public let deadline: ContinuousClock.Instant?
    /// Simplex iterations left for GLPK; nil for no work limit.
    public let workLimit: Int?

    /// No deadline and no work limit.
    public static let unlimited = Budget(deadline: nil, workLimit: nil)

    public init(deadline: ContinuousClock.Instant?, workLimit: Int?) {
        self.deadline = deadline
        self.workLimit = workLimit.map { max(0, $0) }
    }

    /// `seconds` counted from `start` (a time limit that covers the whole run, loading included).
    public init(seconds: Double?, from start: ContinuousClock.Instant = .now, workLimit: Int? = nil) {
        let usable = seconds.flatMap { $0.isFinite && $0 <= Self.longestSeconds ? max(0, $0) : nil }
        self.init(deadline: usable.map { start.advanced(by: .seconds($0)) }, workLimit: workLimit)
    }

    /// Seconds left, 0 once the deadline has passed; nil without a deadline.
    public var remainingSeconds: Double? {
        guard let deadline else { return nil }
        let left = ContinuousClock.now.duration(to: deadline).components
        return max(0, Double(left.seconds) + Double(left.attoseconds) * 1e-18)
    }

    /// Whether the deadline has passed.
    public var isTimeUp: Bool { deadline.map { ContinuousClock.now >= $0 } ?? false }

    /// Whether a stop was requested (SIGINT/SIGTERM).
    public static var stopRequested: Bool { GLPKSolver.stopSignal != nil }
}
