/// A transportation problem with unit supplies: every source (a student) can send at most one
/// unit, along one of its arcs, to a sink (a (base, term) slot) with an integer capacity.
///
/// Arc `k` goes from source `arcSource[k]` to sink `arcSink[k]` and costs `arcCost[k]` when
/// chosen. Several arcs may join the same source and sink (parallel arcs); each is a separate
/// option. Sources without arcs and sinks with capacity 0 are allowed.
///
/// The initializer checks its contract with preconditions (a violation is a programming error of
/// the caller, which is expected to validate its data first):
/// - `sourceCount ≥ 0`; every capacity `≥ 0`;
/// - the three arc arrays have the same length, at most `Int32.max`;
/// - `0 ≤ arcSource[k] < sourceCount`, `0 ≤ arcSink[k] < sinkCapacities.count`;
/// - `arcCost[k] ≥ 0` and `max(arcCost) · (sourceCount + sinkCapacities.count + 2) ≤ 2^59`
///   (`costBudget`; e.g. costs up to 4·10^12 with 125,000 sources and sinks);
/// - `sourceCount + sinkCapacities.count < 2^30`.
/// The bound on costs (the solver applies the same bound to the penalty) keeps every
/// intermediate sum (potentials, path lengths, the total cost) inside `Int64`.
public struct TransportationProblem: Sendable {
    /// Upper bound on `maxCost · (sourceCount + sinkCount + 2)`, where `maxCost` is the largest
    /// arc cost (and, in `NetworkSolver`, also the penalty).
    public static let costBudget: Int64 = 1 << 59
    /// The largest `sourceCount + sinkCount` accepted.
    public static let maximumNodeCount: Int = (1 << 30) - 1

    public let sourceCount: Int
    public let sinkCapacities: [Int]
    public let arcSource: [Int32]
    public let arcSink: [Int32]
    public let arcCost: [Int64]

    public var sinkCount: Int { sinkCapacities.count }

    /// The largest cost (or penalty) allowed for a problem of this size: `costBudget / (nodes + 2)`.
    public static func maximumCost(sourceCount: Int, sinkCount: Int) -> Int64 {
        costBudget / Int64(sourceCount + sinkCount + 2)
    }
    public var arcCount: Int { arcSource.count }

    /// sources = students (supply 1 each), sinks = (base, term) slots with integer capacities.
    /// Arc k goes from arcSource[k] to arcSink[k] with integer cost arcCost[k] (≥ 0).
    /// See the type's documentation for the preconditions.
    public init(sourceCount: Int, sinkCapacities: [Int], arcSource: [Int32], arcSink: [Int32], arcCost: [Int64]) {
        precondition(sourceCount >= 0, "TransportationProblem: negative sourceCount")
        precondition(
            sourceCount + sinkCapacities.count <= Self.maximumNodeCount,
            "TransportationProblem: too many nodes")
        precondition(
            arcSource.count == arcSink.count && arcSink.count == arcCost.count,
            "TransportationProblem: arcSource, arcSink and arcCost differ in length")
        precondition(arcSource.count <= Int(Int32.max), "TransportationProblem: too many arcs")
        for c in sinkCapacities { precondition(c >= 0, "TransportationProblem: negative sink capacity") }
        let sinkCount = sinkCapacities.count
        let costLimit = Self.maximumCost(sourceCount: sourceCount, sinkCount: sinkCount)
        for k in 0..<arcSource.count {
            let s = Int(arcSource[k]), j = Int(arcSink[k]), c = arcCost[k]
            precondition(s >= 0 && s < sourceCount, "TransportationProblem: arc \(k) has source \(s) out of range")
            precondition(j >= 0 && j < sinkCount, "TransportationProblem: arc \(k) has sink \(j) out of range")
            precondition(
                c >= 0 && c <= costLimit,
                "TransportationProblem: arc \(k) has cost \(c) outside 0...\(costLimit) (costBudget / (nodes + 2))")
        }
        self.sourceCount = sourceCount
        self.sinkCapacities = sinkCapacities
        self.arcSource = arcSource
        self.arcSink = arcSink
        self.arcCost = arcCost
    }
}

/// What `NetworkSolver` optimises.
public enum NetworkObjective: Sendable, Equatable {
    /// First maximise the number of assigned sources, then minimise total cost among those (min-cost max-flow).
    case lexicographic
    /// Minimise Σ cost(assigned arcs) + penalty · (number of unassigned sources).
    ///
    /// Precondition: `0 ≤ penalty ≤ TransportationProblem.maximumCost(...)` for the problem's size
    /// (≈ 4.6·10^12 at 125,000 sources and sinks). A source is left
    /// unassigned when every way of assigning it costs at least the penalty at the margin; when
    /// assigning costs exactly the penalty both are optimal and the solver leaves it unassigned.
    case penalty(Int64)
}

/// Why a solve stopped before it was finished.
public enum NetworkStopReason: Sendable, Equatable {
    case timeLimit
    case stopRequested
}

/// What a solve cut short still proves.
public struct NetworkStop: Sendable, Equatable {
    public let reason: NetworkStopReason
    /// No assignment of the problem assigns more sources than this: the capacity of a cut in the
    /// residual graph (the assigned sources, plus the free seats reachable from an unassigned
    /// source, at most the number of unassigned sources that have arcs). Equal to `assigned`
    /// exactly when no augmenting path is left.
    public let assignedUpperBound: Int
    /// Every further assignment (an augmenting path) adds at least this much cost: the current
    /// shortest-path length φ_t (all residual reduced costs are ≥ 0 under the potentials).
    public let marginalCostLowerBound: Int64

    public init(reason: NetworkStopReason, assignedUpperBound: Int, marginalCostLowerBound: Int64) {
        self.reason = reason
        self.assignedUpperBound = assignedUpperBound
        self.marginalCostLowerBound = marginalCostLowerBound
    }
}

/// An optimal solution, or, when `stopped` is set, the feasible assignment a stopped solve had.
public struct NetworkSolution: Sendable {
    /// Per source: the index (into the problem's arc arrays) of the chosen arc, or -1 when the
    /// source is unassigned. At most `sinkCapacities[j]` sources choose arcs into sink `j`.
    public let assignment: [Int32]
    /// Number of sources with an arc.
    public let assigned: Int
    /// Σ arc costs of the chosen arcs (the penalty for unassigned sources is NOT included).
    public let cost: Int64
    /// The marginal value of one more seat at each sink (≥ 0; 0 for sinks that are not full).
    ///
    /// - `.penalty(P)`: `sinkPrices` is an optimal dual solution of the LP
    ///   `max Σ (P − c_a)·x_a` s.t. `Σ_{a out of s} x_a ≤ 1`, `Σ_{a into j} x_a ≤ cap_j`, `x ≥ 0`
    ///   (the same as the penalty objective up to sign and the constant `P·sourceCount`), together
    ///   with the implied source prices `π_s = max(0, max_{a=(s,j)} (P − c_a − sinkPrices[j]))`:
    ///   dual feasible, and complementary slackness holds with `assignment` (a price is positive
    ///   only where the seat row is tight, π_s > 0 only for assigned sources, and every chosen arc
    ///   has `π_s + sinkPrices[j] = P − c_a`). Of all optimal duals it is the smallest one for
    ///   every sink at once, which makes it exact, not only first order: raising `cap_j` by one
    ///   lowers the optimal objective by exactly `sinkPrices[j]`.
    /// - `.lexicographic`: the number assigned is held at its maximum `assigned`; `sinkPrices[j]`
    ///   is exactly how much the minimum total cost for that number of assigned sources falls when
    ///   `cap_j` is raised by one (moving students along a chain into the new seat, or swapping an
    ///   assigned student for an unassigned one). It does not say whether the extra seat would let
    ///   one more source be assigned — under `.lexicographic` that would raise `assigned` and
    ///   usually the cost as well.
    ///
    /// Empty when `stopped` is set (prices describe optimal solutions only).
    public let sinkPrices: [Int64]
    /// nil when the solve finished (the solution is optimal). Otherwise the solve was stopped by
    /// `NetworkLimits`: `assignment` is feasible and has the least cost among assignments of
    /// `assigned` sources, but may not be optimal.
    public let stopped: NetworkStop?

    public init(assignment: [Int32], assigned: Int, cost: Int64, sinkPrices: [Int64], stopped: NetworkStop? = nil) {
        self.assignment = assignment
        self.assigned = assigned
        self.cost = cost
        self.sinkPrices = sinkPrices
        self.stopped = stopped
    }
}
