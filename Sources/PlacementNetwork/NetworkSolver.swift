/// Exact solver for `TransportationProblem`s: a primal-dual (successive shortest path) algorithm
/// that works in phases.
///
/// Each phase runs one multi-source Dijkstra from all unassigned sources at once over the residual
/// graph with reduced costs (node potentials keep them ≥ 0), finds the length D of a shortest
/// augmenting path, raises the potentials so every shortest path consists of arcs of reduced cost 0,
/// and then augments along as many such zero-reduced-cost paths as it finds (depth-first search
/// rounds with dead-end marking, as in Hopcroft–Karp / Dinic), until none is left. The number of
/// phases is at most the number of distinct shortest-path lengths, which is small for small
/// integer costs.
///
/// Successive shortest paths give a minimum-cost flow for every flow value, so
/// - `.lexicographic` runs until no augmenting path exists (min-cost maximum flow);
/// - `.penalty(P)` stops when the shortest augmenting path costs `≥ P` (the marginal cost of one
///   more assignment only grows, so no later assignment could pay for itself).
///
/// All work is sequential, on flat arrays, in index order: the same problem always gives the same
/// assignment. Memory is O(sources + sinks + arcs).
///
/// With `limits`, the solve stops at a deadline or on request and returns the flow it has: every
/// augmentation is applied whole, so the assignment is always feasible, and it is a least-cost
/// assignment for its number of assigned sources (`NetworkSolution.stopped` carries bounds).
public enum NetworkSolver {
    /// Solves `problem` to optimality, or until `limits` stop it. Preconditions: those of
    /// `TransportationProblem`, and for `.penalty(P)`: `0 ≤ P ≤ TransportationProblem.maximumCost(sourceCount:sinkCount:)`.
    public static func solve(
        _ problem: TransportationProblem, objective: NetworkObjective,
        limits: NetworkLimits = NetworkLimits()
    ) -> NetworkSolution {
        let penalty: Int64?
        switch objective {
        case .lexicographic: penalty = nil
        case .penalty(let p):
            let limit = TransportationProblem.maximumCost(sourceCount: problem.sourceCount, sinkCount: problem.sinkCount)
            precondition(p >= 0 && p <= limit, "NetworkSolver: penalty \(p) outside 0...\(limit)")
            penalty = p
        }
        let engine = PrimalDualEngine(problem)
        engine.limits = limits
        engine.run(penalty: penalty)
        return engine.solution(problem, penalty: penalty)
    }
}

/// When a solve must stop before it is finished. Polled every `pollInterval` units of work (heap
/// pops, search roots) and at every phase, so a stop is seen within milliseconds at any size.
public struct NetworkLimits: Sendable {
    /// Stop once this instant has passed (a time limit).
    public var deadline: ContinuousClock.Instant?
    /// Stop when this returns true (a SIGINT/SIGTERM stop request).
    public var shouldStop: (@Sendable () -> Bool)?
    /// Units of work between two polls (1 in tests, to stop at every possible point).
    public var pollInterval: Int

    public init(deadline: ContinuousClock.Instant? = nil, shouldStop: (@Sendable () -> Bool)? = nil, pollInterval: Int = 4096) {
        self.deadline = deadline
        self.shouldStop = shouldStop
        self.pollInterval = max(1, pollInterval)
    }
}
