/// A placement problem with side constraints that make it more than a network: every slot takes
/// either no source or between `slotMinimums[j]` and `slotCapacities[j]` of them ("minimum interns
/// per used base and term"), and groups of arcs share a cap ("nationality shares per base and term").
///
/// - Sources (students) send at most one unit each, along one of their arcs.
/// - Arc `k` goes from source `arcSource[k]` to slot `arcSink[k]`, costs `arcCost[k] ≥ 0` when
///   chosen, and belongs to group `arcGroup[k]` (−1 = no group).
/// - Group `g` lies inside slot `groupSlot[g]` (every arc of the group goes to that slot); at most
///   `groupCapacities[g]` arcs of the group are chosen.
/// - Slot `j`: the number of chosen arcs into `j` is 0 or in `slotMinimums[j]...slotCapacities[j]`.
///
/// Without the minimums this is a min-cost flow (source → (group node) → slot → super-sink), and
/// its optimum is the LP relaxation of the usual MIP (binary y per slot, `min·y ≤ Σx ≤ cap·y`).
///
/// The initializer checks its contract with preconditions (a violation is a programming error of
/// the caller, which is expected to validate its data first):
/// - array lengths agree, every index is in range, every arc of a group goes to the group's slot;
/// - `0 ≤ slotMinimums[j] ≤ slotCapacities[j]`, `groupCapacities[g] ≥ 0`, `arcCost[k] ≥ 0`;
/// - `maxCost · (sourceCount + 1) ≤ costBudget` (so that the lexicographic objective has an exact
///   penalty in `Int64`); `SideConstrainedFlowSolver.solve` further needs
///   `penalty · (nodes + 2) ≤ 2^60` (`nodes = sources + groups + slots + 1`).
public struct SideConstrainedProblem: Sendable {
    /// Upper bound on `maxCost · (sourceCount + 1)` and on `penalty · (nodes + 2)`: keeps every
    /// potential, path length and objective inside `Int64` with a wide margin.
    public static let costBudget: Int64 = 1 << 52

    public let sourceCount: Int
    public let slotCapacities: [Int]
    public let slotMinimums: [Int]
    public let arcSource: [Int32]
    public let arcSink: [Int32]
    public let arcCost: [Int64]
    public let arcGroup: [Int32]
    public let groupSlot: [Int32]
    public let groupCapacities: [Int]

    public var slotCount: Int { slotCapacities.count }
    public var arcCount: Int { arcSource.count }
    public var groupCount: Int { groupSlot.count }
    /// The largest arc cost (0 without arcs).
    public let maxCost: Int64

    /// See the type's documentation for the preconditions. `arcGroup` may be empty (no groups).
    public init(
        sourceCount: Int, slotCapacities: [Int], slotMinimums: [Int],
        arcSource: [Int32], arcSink: [Int32], arcCost: [Int64], arcGroup: [Int32] = [],
        groupSlot: [Int32] = [], groupCapacities: [Int] = []
    ) {
        precondition(sourceCount >= 0, "SideConstrainedProblem: negative sourceCount")
        precondition(slotMinimums.count == slotCapacities.count, "SideConstrainedProblem: minimums and capacities differ in length")
        precondition(
            arcSource.count == arcSink.count && arcSink.count == arcCost.count,
            "SideConstrainedProblem: arcSource, arcSink and arcCost differ in length")
        precondition(arcGroup.isEmpty || arcGroup.count == arcSource.count, "SideConstrainedProblem: arcGroup has the wrong length")
        precondition(groupSlot.count == groupCapacities.count, "SideConstrainedProblem: groupSlot and groupCapacities differ in length")
        let nodes = sourceCount + slotCapacities.count + groupSlot.count + 1
        precondition(
            nodes < Int(Int32.max) && 2 * (arcSource.count + sourceCount + groupSlot.count + slotCapacities.count) < Int(Int32.max),
            "SideConstrainedProblem: too large")
        let T = slotCapacities.count
        for j in 0..<T {
            precondition(
                slotMinimums[j] >= 0 && slotMinimums[j] <= slotCapacities[j],
                "SideConstrainedProblem: slot \(j) needs 0 ≤ minimum ≤ capacity")
            precondition(slotCapacities[j] < Int(Int32.max), "SideConstrainedProblem: slot \(j) capacity too large")
        }
        for g in 0..<groupSlot.count {
            precondition(groupSlot[g] >= 0 && Int(groupSlot[g]) < T, "SideConstrainedProblem: group \(g) has slot out of range")
            precondition(groupCapacities[g] >= 0 && groupCapacities[g] < Int(Int32.max), "SideConstrainedProblem: group \(g) capacity out of range")
        }
        var maxCost: Int64 = 0
        for k in 0..<arcSource.count {
            let s = Int(arcSource[k]), j = Int(arcSink[k]), c = arcCost[k]
            precondition(s >= 0 && s < sourceCount, "SideConstrainedProblem: arc \(k) has source out of range")
            precondition(j >= 0 && j < T, "SideConstrainedProblem: arc \(k) has slot out of range")
            precondition(c >= 0, "SideConstrainedProblem: arc \(k) has a negative cost")
            if !arcGroup.isEmpty {
                let g = Int(arcGroup[k])
                precondition(g >= -1 && g < groupSlot.count, "SideConstrainedProblem: arc \(k) has group out of range")
                precondition(g < 0 || Int(groupSlot[g]) == j, "SideConstrainedProblem: arc \(k) goes to another slot than its group")
            }
            maxCost = max(maxCost, c)
        }
        let (product, overflow) = maxCost.multipliedReportingOverflow(by: Int64(sourceCount + 1))
        precondition(!overflow && product <= Self.costBudget, "SideConstrainedProblem: costs too large (maxCost · (sources + 1) > 2^52)")
        self.sourceCount = sourceCount
        self.slotCapacities = slotCapacities
        self.slotMinimums = slotMinimums
        self.arcSource = arcSource
        self.arcSink = arcSink
        self.arcCost = arcCost
        self.arcGroup = arcGroup
        self.groupSlot = groupSlot
        self.groupCapacities = groupCapacities
        self.maxCost = maxCost
    }

    /// The penalty per unassigned source that `.lexicographic` uses: `maxCost · sourceCount + 1`,
    /// more than the cost of any assignment, so one more assigned source always pays.
    public var lexicographicPenalty: Int64 { maxCost * Int64(sourceCount) + 1 }

    /// Σ cost of the chosen arcs + `penalty` · unassigned sources, or nil when `assignment` breaks
    /// a constraint (wrong length, an arc of another source, a group or slot over its cap, a used
    /// slot under its minimum). An independent check used by the tests and the solver.
    public func objective(of assignment: [Int32], penalty: Int64) -> Int64? {
        guard assignment.count == sourceCount else { return nil }
        var slotLoad = [Int](repeating: 0, count: slotCount)
        var groupLoad = [Int](repeating: 0, count: groupCount)
        var total: Int64 = 0
        for s in 0..<sourceCount {
            let k = Int(assignment[s])
            if k < 0 { total += penalty; continue }
            guard k < arcCount, Int(arcSource[k]) == s else { return nil }
            total += arcCost[k]
            slotLoad[Int(arcSink[k])] += 1
            if !arcGroup.isEmpty, arcGroup[k] >= 0 { groupLoad[Int(arcGroup[k])] += 1 }
        }
        for j in 0..<slotCount {
            let n = slotLoad[j]
            if n > slotCapacities[j] || (n > 0 && n < slotMinimums[j]) { return nil }
        }
        for g in 0..<groupCount where groupLoad[g] > groupCapacities[g] { return nil }
        return total
    }
}

/// How a `SideConstrainedFlowSolver.solve` ended.
public enum SideConstrainedStatus: Sendable, Equatable {
    /// The assignment is optimal (`lowerBound == objective`).
    case optimal
    /// Stopped by `NetworkLimits` (see `SideConstrainedSolution.stopped`): the assignment is
    /// feasible and `lowerBound ≤` every feasible objective.
    case feasible
}

/// The result of `SideConstrainedFlowSolver.solve`. There is always a feasible assignment (leaving
/// every source unassigned is one), so there is no "no solution" outcome.
public struct SideConstrainedSolution: Sendable {
    /// Per source: the chosen arc (index into the problem's arc arrays), or −1 (unassigned).
    public let assignment: [Int32]
    /// Number of assigned sources.
    public let assigned: Int
    /// Σ cost of the chosen arcs (without any penalty).
    public let cost: Int64
    /// The penalty per unassigned source the search used: P for `.penalty(P)`,
    /// `problem.lexicographicPenalty` for `.lexicographic`.
    public let effectivePenalty: Int64
    /// `cost + effectivePenalty · (sourceCount − assigned)`.
    public let objective: Int64
    /// A proven lower bound on `objective` over all feasible assignments (≤ `objective`).
    /// Under `.lexicographic`, `floor(…)` arithmetic on it bounds both criteria: no assignment
    /// places more than `sourceCount − lowerBound / effectivePenalty` sources.
    public let lowerBound: Int64
    public let status: SideConstrainedStatus
    /// Branch-and-bound nodes solved (the root counts as one).
    public let nodes: Int
    /// The root relaxation's optimum (the network without minimums: the LP bound), or the root's
    /// dual bound when a stop came first.
    public let rootBound: Int64
    /// The regional bound at the root (`SideRegionBound`: regions around the fractional slots
    /// solved exactly, the rest priced by the root flow's potentials), at least `rootBound`; equal
    /// to it when the root had no fractional slot or a stop came first.
    public let regionBound: Int64
    /// nil when the search finished; otherwise why it stopped.
    public let stopped: NetworkStopReason?

    public init(
        assignment: [Int32], assigned: Int, cost: Int64, effectivePenalty: Int64, objective: Int64,
        lowerBound: Int64, status: SideConstrainedStatus, nodes: Int, rootBound: Int64, regionBound: Int64? = nil,
        stopped: NetworkStopReason?
    ) {
        self.assignment = assignment
        self.assigned = assigned
        self.cost = cost
        self.effectivePenalty = effectivePenalty
        self.objective = objective
        self.lowerBound = lowerBound
        self.status = status
        self.nodes = nodes
        self.rootBound = rootBound
        self.regionBound = max(rootBound, regionBound ?? rootBound)
        self.stopped = stopped
    }

    /// Relative gap (objective − lowerBound) / max(1, |objective|).
    public var gap: Double { Double(objective - lowerBound) / Double(max(1, abs(objective))) }
}
