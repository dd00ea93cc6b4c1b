/// Exact solver for `SideConstrainedProblem`s: branch and bound over the slots with a minimum,
/// with a min-cost flow (`SideFlowEngine`) as the relaxation at every node.
///
/// - Relaxation: the network without the minimums; slots decided by the search get flow bounds
///   (closed: `[0, 0]`, open: `[min, cap]`), which keeps it a network problem. Its optimum is the
///   LP relaxation of the MIP restricted to the node, so it is a valid lower bound.
/// - Fractional slots: those the relaxation fills strictly between 0 and their minimum; a node
///   whose flow has none is a feasible assignment.
/// - Warm starts: the search keeps one network and moves it from node to node by changing the few
///   slot bounds that differ, one at a time, re-optimising from the current flow and potentials.
/// - Branching: strong branching on up to 8 of the most fractional slots (both children solved,
///   the slot whose weaker child is strongest wins); children carry their exact bounds, and a
///   child that cannot beat the incumbent is never created.
/// - Node order: best bound first, deeper first among equal bounds, with plunging (the better
///   child is processed at once while its bound is in the better half of the gap).
/// - Primal heuristics before the search, so that a feasible assignment exists early: (1) open
///   every fractional slot, closing the one furthest from its minimum whenever the network
///   cannot fill them all, until none is fractional; (2) a dive that fixes the fractional slots
///   one at a time to whichever side gives the lower relaxation. Strong branching also offers
///   every integral child it solves.
///
/// Objectives (`NetworkObjective`): `.penalty(P)` minimises Σ cost + P · unassigned;
/// `.lexicographic` maximises the number assigned, then minimises cost, as the exact penalty
/// `problem.lexicographicPenalty` (more than any assignment's cost).
///
/// Limits: the deadline and the stop request are polled inside every phase; a stopped search
/// returns the best feasible assignment found so far (at worst: nobody assigned, or a repaired
/// partial flow) with a proven lower bound. Same input → same output (no threads, no hashing, no
/// clock-dependent choices other than where a stop falls).
public enum SideConstrainedFlowSolver {
    /// Solves `problem` to proven optimality, or until `limits` stop it. Preconditions: those of
    /// `SideConstrainedProblem`, and `0 ≤ penalty`, `penalty · (nodes + 2) ≤ 2^60` for the
    /// penalty used (P, or `problem.lexicographicPenalty`).
    public static func solve(
        _ problem: SideConstrainedProblem, objective: NetworkObjective,
        limits: NetworkLimits = NetworkLimits()
    ) -> SideConstrainedSolution {
        let penalty: Int64
        switch objective {
        case .lexicographic: penalty = problem.lexicographicPenalty
        case .penalty(let p): penalty = p
        }
        let nodes = Int64(problem.sourceCount + problem.groupCount + problem.slotCount + 3)
        let (product, overflow) = penalty.multipliedReportingOverflow(by: nodes)
        precondition(
            penalty >= 0 && !overflow && product <= (1 << 60),
            "SideConstrainedFlowSolver: penalty \(penalty) too large for \(nodes) nodes")
        var search = BranchAndBound(problem: problem, penalty: penalty, limits: limits)
        return search.run()
    }

    /// The same with a chosen network size up to which strong branching copies the state back
    /// and a chosen growth of the regions, or none (tests use them to run both ways of returning
    /// to a node, regions of every size, and the search without them, on small problems).
    static func solve(
        _ problem: SideConstrainedProblem, objective: NetworkObjective, limits: NetworkLimits,
        copyBackEdgeLimit: Int = 1_000_000, regionGrowth: SideRegionBound.Growth = .init(), regionBound: Bool = true
    ) -> SideConstrainedSolution {
        let penalty: Int64
        switch objective {
        case .lexicographic: penalty = problem.lexicographicPenalty
        case .penalty(let p): penalty = p
        }
        var search = BranchAndBound(problem: problem, penalty: penalty, limits: limits)
        search.copyBackEdgeLimit = copyBackEdgeLimit
        search.regionGrowth = regionGrowth
        search.useRegionBound = regionBound
        return search.run()
    }
}

/// Per-slot branching state.
enum SlotDecision: Int8 { case free = 0, closed = 1, open = 2 }

struct BranchAndBound {
    let problem: SideConstrainedProblem
    let penalty: Int64
    let engine: SideFlowEngine
    /// Decisions at the root: closed for the slots that can never reach their minimum, else free.
    var rootDecision: [SlotDecision]
    var current: [SlotDecision]
    var decided: [Int32] = []  // slots whose `current` differs from `rootDecision`

    var incumbent: [Int32]
    var incumbentObjective: Int64
    var nodesSolved = 0
    var rootBound: Int64 = 0

    struct Node {
        var bound: Int64
        var depth: Int32
        var sequence: Int
        /// Decisions on the path from the root: slot << 1 | (1 when open, 0 when closed).
        var decisions: [Int32]
    }
    var open: [Node] = []  // binary heap
    var sequence = 0
    /// Fractional slots tried both ways before each branching.
    let strongCandidates = 8
    /// Networks up to this many edges copy the state back after each strong-branching trial.
    var copyBackEdgeLimit = 1_000_000
    /// Whether the root computes the regional bound (`SideRegionBound`); off inside a region's
    /// own search, which is already one region.
    var useRegionBound = true
    var regionGrowth = SideRegionBound.Growth()
    /// Rounds of anchoring (regions at the root flow nearest the incumbent, dives from them) while
    /// each improves the incumbent.
    let maxAnchors = 4
    /// Nodes after which the search stops with a valid bound (regions' searches are capped).
    var nodeLimit = Int.max
    var nodeLimitHit = false
    /// A proven lower bound for the whole problem besides the open nodes' (the regional bound).
    var globalBound: Int64 = Int64.min

    init(problem: SideConstrainedProblem, penalty: Int64, limits: NetworkLimits) {
        self.problem = problem
        self.penalty = penalty
        engine = SideFlowEngine(problem, penalty: penalty)
        engine.limits = limits
        incumbent = [Int32](repeating: -1, count: problem.sourceCount)
        incumbentObjective = penalty * Int64(problem.sourceCount)
        // A slot whose possible inflow (ungrouped sources + Σ min(group cap, group sources)) is
        // below its minimum can only stay empty.
        let T = problem.slotCount
        var reach = [Int](repeating: 0, count: T)
        var groupReach = [Int](repeating: 0, count: problem.groupCount)
        var lastSource = [Int32](repeating: -1, count: T)  // arcs are not sorted: an upper bound is enough
        for k in 0..<problem.arcCount {
            let j = Int(problem.arcSink[k])
            let g = problem.arcGroup.isEmpty ? -1 : Int(problem.arcGroup[k])
            if g >= 0 { groupReach[g] += 1 } else if lastSource[j] != problem.arcSource[k] { reach[j] += 1 }
            lastSource[j] = problem.arcSource[k]
        }
        for g in 0..<problem.groupCount {
            reach[Int(problem.groupSlot[g])] += min(groupReach[g], problem.groupCapacities[g])
        }
        rootDecision = [SlotDecision](repeating: .free, count: T)
        for j in 0..<T where problem.slotMinimums[j] > 0 && reach[j] < problem.slotMinimums[j] {
            rootDecision[j] = .closed
            engine.setSlotBounds(j, lower: 0, upper: 0)
        }
        current = rootDecision
    }

    // MARK: - Moving the network between nodes

    mutating func setDecision(_ j: Int, _ d: SlotDecision) {
        if current[j] == d { return }
        current[j] = d
        switch d {
        case .free: engine.setSlotBounds(j, lower: 0, upper: engine.capacity[j])
        case .closed: engine.setSlotBounds(j, lower: 0, upper: 0)
        case .open: engine.setSlotBounds(j, lower: engine.minimum[j], upper: engine.capacity[j])
        }
    }

    /// Makes the slot bounds those of a node with these decisions (relative to the root) and
    /// re-optimises. One change at a time, each followed by a re-optimisation: a single change puts
    /// its excess (or deficit) on one slot and the opposite on t, so the search starts from that
    /// slot and never has to cross t, the hub every slot is joined to. Changes that free or close
    /// come before those that open (which may be infeasible until others are closed).
    mutating func moveTo(_ decisions: [Int32]) -> SideFlowEngine.Outcome {
        var target: [Int32: SlotDecision] = [:]
        for code in decisions { target[code >> 1] = (code & 1) == 1 ? .open : .closed }
        var changes: [(slot: Int, decision: SlotDecision)] = []
        for j in decided where target[j] == nil && current[Int(j)] != rootDecision[Int(j)] {
            changes.append((Int(j), rootDecision[Int(j)]))
        }
        for code in decisions where (code & 1) == 0 && current[Int(code >> 1)] != .closed { changes.append((Int(code >> 1), .closed)) }
        for code in decisions where (code & 1) == 1 && current[Int(code >> 1)] != .open { changes.append((Int(code >> 1), .open)) }
        var touched = Set(decided)
        for code in decisions where !touched.contains(code >> 1) { decided.append(code >> 1); touched.insert(code >> 1) }
        var outcome = SideFlowEngine.Outcome.optimal
        for change in changes {
            setDecision(change.slot, change.decision)
            outcome = engine.reoptimize()
            if outcome == .stopped { return .stopped }
        }
        if changes.isEmpty { outcome = engine.reoptimize() }
        decided = decisions.map { $0 >> 1 }
        return outcome
    }

    /// Slots with a minimum, left free, that the current flow fills strictly between 0 and it.
    func fractionalSlots() -> [Int] {
        var result: [Int] = []
        for j in 0..<problem.slotCount where current[j] == .free && engine.minimum[j] > 0 {
            let f = engine.slotFlow(j)
            if f > 0 && f < Int(engine.minimum[j]) { result.append(j) }
        }
        return result
    }

    /// Offers a complete assignment of the current (optimal, integral) flow as incumbent.
    mutating func offerCurrentFlow() {
        if engine.flowCost < incumbentObjective {
            let assignment = engine.assignment()
            if let value = problem.objective(of: assignment, penalty: penalty), value < incumbentObjective {
                incumbent = assignment
                incumbentObjective = value
            }
        }
    }

    /// Turns the (possibly partial) pseudo-flow into a feasible assignment — keep arcs in source
    /// order while their group and slot have room, empty the slots left under their minimum, then
    /// complete greedily — and offers it as incumbent. Used when a stop leaves no better answer.
    mutating func offerRepairedFlow() {
        var assignment = engine.assignment()
        var slotLoad = [Int](repeating: 0, count: problem.slotCount)
        var groupLoad = [Int](repeating: 0, count: problem.groupCount)
        for s in 0..<problem.sourceCount {
            let k = Int(assignment[s])
            if k < 0 { continue }
            let j = Int(problem.arcSink[k])
            let g = problem.arcGroup.isEmpty ? -1 : Int(problem.arcGroup[k])
            if slotLoad[j] >= problem.slotCapacities[j] || (g >= 0 && groupLoad[g] >= problem.groupCapacities[g]) {
                assignment[s] = -1
                continue
            }
            slotLoad[j] += 1
            if g >= 0 { groupLoad[g] += 1 }
        }
        for s in 0..<problem.sourceCount {
            let k = Int(assignment[s])
            if k >= 0 {
                let j = Int(problem.arcSink[k])
                if slotLoad[j] < problem.slotMinimums[j] { assignment[s] = -1 }
            }
        }
        for j in 0..<problem.slotCount where slotLoad[j] < problem.slotMinimums[j] { slotLoad[j] = 0 }
        for g in 0..<problem.groupCount { groupLoad[g] = 0 }
        for s in 0..<problem.sourceCount where assignment[s] >= 0 {
            let k = Int(assignment[s])
            if !problem.arcGroup.isEmpty && problem.arcGroup[k] >= 0 { groupLoad[Int(problem.arcGroup[k])] += 1 }
        }
        // Greedy completion: an unassigned source takes its cheapest arc (cheaper than the
        // penalty) into a slot with room that is already at its minimum or has a minimum ≤ 1.
        // Loads only grow, so every used slot stays at or above its minimum.
        var order: [Int] = Array(0..<problem.arcCount)
        order.sort { problem.arcCost[$0] != problem.arcCost[$1] ? problem.arcCost[$0] < problem.arcCost[$1] : $0 < $1 }
        for k in order {
            let s = Int(problem.arcSource[k])
            if assignment[s] >= 0 || problem.arcCost[k] >= penalty { continue }
            let j = Int(problem.arcSink[k])
            let g = problem.arcGroup.isEmpty ? -1 : Int(problem.arcGroup[k])
            if slotLoad[j] >= problem.slotCapacities[j] || (g >= 0 && groupLoad[g] >= problem.groupCapacities[g]) { continue }
            if slotLoad[j] < problem.slotMinimums[j] && problem.slotMinimums[j] > 1 { continue }
            assignment[s] = Int32(k)
            slotLoad[j] += 1
            if g >= 0 { groupLoad[g] += 1 }
        }
        if let value = problem.objective(of: assignment, penalty: penalty), value < incumbentObjective {
            incumbent = assignment
            incumbentObjective = value
        }
    }

    // MARK: - Heap of open nodes

    static func before(_ a: Node, _ b: Node) -> Bool {
        if a.bound != b.bound { return a.bound < b.bound }
        if a.depth != b.depth { return a.depth > b.depth }
        return a.sequence < b.sequence
    }

    mutating func push(_ node: Node) {
        open.append(node)
        var i = open.count - 1
        while i > 0 {
            let p = (i - 1) >> 1
            if !Self.before(open[i], open[p]) { break }
            open.swapAt(i, p)
            i = p
        }
    }

    mutating func pop() -> Node {
        let top = open[0]
        let last = open.removeLast()
        if !open.isEmpty {
            open[0] = last
            var i = 0
            while true {
                var c = 2 * i + 1
                if c >= open.count { break }
                if c + 1 < open.count && Self.before(open[c + 1], open[c]) { c += 1 }
                if !Self.before(open[c], open[i]) { break }
                open.swapAt(i, c)
                i = c
            }
        }
        return top
    }

    // MARK: - Search

    /// Dive heuristic: fix the fractional slots one at a time, each to whichever of closed and open
    /// gives the lower relaxation (tried both ways from the current flow), until none is left.
    /// Returns false on a stop. The decisions stay in place (`moveTo` undoes them).
    mutating func diveHeuristic() -> Bool {
        while true {
            let fractional = fractionalSlots()
            guard let j = fractional.first else { break }
            decided.append(Int32(j))
            setDecision(j, .closed)
            let closed = engine.reoptimize()
            if closed == .stopped { offerRepairedFlow(); return false }
            let closedValue = closed == .optimal ? engine.flowCost : Int64.max
            setDecision(j, .open)
            let opened = engine.reoptimize()
            if opened == .stopped { offerRepairedFlow(); return false }
            let openValue = opened == .optimal ? engine.flowCost : Int64.max
            if closedValue < openValue {
                setDecision(j, .closed)
                if engine.reoptimize() == .stopped { offerRepairedFlow(); return false }
            }
            if min(closedValue, openValue) >= incumbentObjective { return true }  // cannot beat the incumbent
        }
        offerCurrentFlow()
        return true
    }

    /// Root heuristic: open every fractional slot (flow ≥ its minimum) and re-optimise; when the
    /// network cannot fill every open slot, close the open slots still short of their minimum and
    /// re-optimise; repeat until no slot is fractional. Returns false on a stop. The decisions
    /// stay in place (`moveTo` undoes them).
    mutating func openFractionalHeuristic() -> Bool {
        var state: [Int: Bool] = [:]  // slot → open
        func sync(_ search: inout BranchAndBound) {
            search.decided = state.keys.sorted().map { Int32($0) }
        }
        while true {
            let fractional = fractionalSlots()
            if fractional.isEmpty { break }
            for j in fractional { state[j] = true; setDecision(j, .open) }
            sync(&self)
            var outcome = engine.reoptimize()
            while outcome == .infeasible {
                // Close the open slot furthest from its minimum (ties: lowest index).
                var worst = -1
                var worstDeficit: Int64 = 0
                for j in state.keys.sorted() where state[j] == true {
                    let deficit = -engine.excess[engine.slotNode(j)]
                    if deficit > worstDeficit { worstDeficit = deficit; worst = j }
                }
                if worst < 0 { return true }  // cannot happen: a deficit sits at an open slot
                state[worst] = false
                setDecision(worst, .closed)
                outcome = engine.reoptimize()
            }
            if outcome == .stopped { offerRepairedFlow(); return false }
        }
        offerCurrentFlow()
        return true
    }

    /// Root heuristic guided by the regions: apply their open/close decisions to the whole network
    /// (closing first; an opening the network cannot fill is closed instead), re-optimise, and
    /// repeat with the regions of the slots that are still fractional, until none is. Returns
    /// false on a stop. The decisions stay in place (`moveTo` undoes them).
    mutating func regionDive(_ first: [(slot: Int, open: Bool)]) -> Bool {
        var decisions = first
        var rounds = 0
        while !decisions.isEmpty {
            rounds += 1
            let ordered = decisions.filter { !$0.open } + decisions.filter { $0.open }
            for d in ordered {
                decided.append(Int32(d.slot))
                setDecision(d.slot, d.open ? .open : .closed)
                var outcome = engine.reoptimize()
                if outcome == .infeasible {
                    setDecision(d.slot, .closed)
                    outcome = engine.reoptimize()
                }
                if outcome == .stopped { offerRepairedFlow(); return false }
                if outcome == .infeasible { return true }  // cannot happen: closing only frees seats
            }
            if engine.flowCost >= incumbentObjective { return true }
            let fractional = fractionalSlots()
            if fractional.isEmpty { break }
            if rounds >= 20 { return diveHeuristic() }
            let region = SideRegionBound.compute(
                problem: problem, engine: engine, decision: current, slots: fractional, penalty: penalty,
                limits: engine.limits, growth: regionGrowth)
            decisions = region.decisions
            if decisions.isEmpty { return diveHeuristic() }  // no region could take them
        }
        offerCurrentFlow()
        return true
    }

    /// The regional bound again, at the root's optimal flow nearest the incumbent: fix every slot
    /// with a minimum as the incumbent uses it (open or closed), re-optimise (a flow as good as the
    /// incumbent or better, offered as such), then free the slots one at a time, each freeing
    /// re-optimised from the flow before. The flow ends optimal for the root, and where nothing
    /// pulls it away it stays on the incumbent's arcs.
    ///
    /// Why it helps: for the incumbent x̂, x̂'s cost − the regional bound = Σ_R (x̂'s value in R −
    /// OPT_R) + Σ over edges outside every region of c̄·(x̂ − x*) (c̄: reduced costs at the root's
    /// potentials). The second sum vanishes where x* = x̂, and any optimal (x*, φ) of the root
    /// gives a valid bound. At 100k seed 2 the root's first flow left 54 there; this one, none.
    /// The root's growths are computed there and the best disjoint regions among them kept.
    /// Returns each growth's open/close decisions (for `regionDive`), or nil on a stop (the network
    /// is then somewhere between).
    mutating func anchoredRegionBound() -> [[(slot: Int, open: Bool)]]? {
        var load = [Int](repeating: 0, count: problem.slotCount)
        for a in incumbent where a >= 0 { load[Int(problem.arcSink[Int(a)])] += 1 }
        var codes: [Int32] = []
        for j in 0..<problem.slotCount where rootDecision[j] == .free && engine.minimum[j] > 0 {
            codes.append(Int32(j << 1 | (load[j] > 0 ? 1 : 0)))
        }
        let outcome = moveTo(codes)
        if outcome == .stopped { offerRepairedFlow(); return nil }
        if outcome == .optimal { offerCurrentFlow() }
        if moveTo([]) == .stopped { offerRepairedFlow(); return nil }
        // Regions also around the slots with a minimum that the flow fills otherwise than the
        // incumbent: what differs inside a region is counted exactly, not by its reduced costs.
        var seeds = Set(fractionalSlots())
        for j in 0..<problem.slotCount where rootDecision[j] == .free && engine.minimum[j] > 0 && engine.slotFlow(j) != load[j] {
            seeds.insert(j)
        }
        let slots = seeds.sorted()
        var decisionSets: [[(slot: Int, open: Bool)]] = []
        var computed: [SideRegionBound] = []
        for growth in rootGrowths() where incumbentObjective > globalBound {
            let region = SideRegionBound.compute(
                problem: problem, engine: engine, decision: current, slots: slots, penalty: penalty,
                limits: engine.limits, growth: growth)
            if engine.stopReason != nil { return nil }
            globalBound = max(globalBound, region.bound)
            if !decisionSets.contains(where: { $0.elementsEqual(region.decisions, by: { $0 == $1 }) }) {
                decisionSets.append(region.decisions)
            }
            computed.append(region)
        }
        let combined = SideRegionBound.combined(
            computed, lp: engine.flowCost, sourceCount: problem.sourceCount, slotCount: problem.slotCount)
        globalBound = max(globalBound, combined)
        return decisionSets
    }

    /// The region growths the root tries for its bound: merged and apart (both also dived from),
    /// wider merged, one round apart, both apart ones keeping every fractional slot (merged
    /// growths that keep every slot gained nothing at 100k seeds 2 and 3: docs/side-model.md), and
    /// one round merged (the one that proved 100k seed 3 at the anchored flow).
    func rootGrowths() -> [SideRegionBound.Growth] {
        var apart = regionGrowth
        apart.merge = false
        var widerMerged = regionGrowth
        widerMerged.sources *= 2
        var narrowApart = apart
        narrowApart.rounds = max(1, regionGrowth.rounds - 1)
        var kept = [apart, narrowApart]
        for i in kept.indices { kept[i].keepFractional = true }
        var narrowMerged = regionGrowth
        narrowMerged.rounds = narrowApart.rounds
        return [regionGrowth, apart, widerMerged, narrowApart] + kept + [narrowMerged]
    }

    mutating func finish(lowerBound: Int64) -> SideConstrainedSolution {
        var assigned = 0
        var cost: Int64 = 0
        for s in 0..<problem.sourceCount where incumbent[s] >= 0 {
            assigned += 1
            cost += problem.arcCost[Int(incumbent[s])]
        }
        let bound = min(max(lowerBound, globalBound), incumbentObjective)
        let stopped = engine.stopReason
        let finished = stopped == nil && !nodeLimitHit
        let status: SideConstrainedStatus = (finished || bound >= incumbentObjective) ? .optimal : .feasible
        return SideConstrainedSolution(
            assignment: incumbent, assigned: assigned, cost: cost, effectivePenalty: penalty,
            objective: incumbentObjective, lowerBound: status == .optimal ? incumbentObjective : bound,
            status: status, nodes: nodesSolved, rootBound: rootBound,
            regionBound: globalBound == Int64.min ? nil : globalBound, stopped: status == .optimal ? nil : stopped)
    }

    mutating func run() -> SideConstrainedSolution {
        // Root.
        nodesSolved = 1
        switch engine.reoptimize() {
        case .stopped:
            let bound = engine.dualBound()
            rootBound = bound
            offerRepairedFlow()
            return finish(lowerBound: bound)
        case .infeasible:
            preconditionFailure("SideConstrainedFlowSolver internal error: the root network is always feasible")
        case .optimal:
            break
        }
        rootBound = engine.flowCost
        if fractionalSlots().isEmpty {
            offerCurrentFlow()
            return finish(lowerBound: rootBound)
        }
        if useRegionBound {
            // Regions grown both ways (merging neighbours or keeping them apart): neither is always
            // stronger, and both are cheap next to the root flow. The further growths are for the
            // bound alone (measured: docs/side-model.md, "Regional bound and region dives"); the
            // bound takes the best disjoint regions among all of them, not only one growth's.
            let growths = rootGrowths()
            let region = SideRegionBound.compute(
                problem: problem, engine: engine, decision: current, slots: fractionalSlots(), penalty: penalty,
                limits: engine.limits, growth: growths[0])
            let other = SideRegionBound.compute(
                problem: problem, engine: engine, decision: current, slots: fractionalSlots(), penalty: penalty,
                limits: engine.limits, growth: growths[1])
            var computed = [region, other]
            for growth in growths.dropFirst(2) {
                computed.append(
                    SideRegionBound.compute(
                        problem: problem, engine: engine, decision: current, slots: fractionalSlots(), penalty: penalty,
                        limits: engine.limits, growth: growth))
            }
            globalBound = SideRegionBound.combined(
                computed, lp: engine.flowCost, sourceCount: problem.sourceCount, slotCount: problem.slotCount)
            // A dive from each: their decisions differ, and so may the placements they reach.
            for decisions in [region.decisions, other.decisions] {
                if !regionDive(decisions) { return finish(lowerBound: rootBound) }
                if incumbentObjective <= globalBound { return finish(lowerBound: globalBound) }
                if moveTo([]) == .stopped { offerRepairedFlow(); return finish(lowerBound: rootBound) }
            }
            // Still a gap: the same regions at another optimal flow of the root, the one nearest
            // the incumbent (measured at 100k seed 2: the gap of 54 was all outside the regions).
            // The regions there may also show a better placement (measured at 100k seeds 3, 4 and 5:
            // the whole remaining gap lay inside regions whose optimum beat the incumbent's part):
            // dive from their decisions, and anchor again while that improves the incumbent.
            for _ in 0..<maxAnchors where incumbentObjective > globalBound {
                guard let decisionSets = anchoredRegionBound() else { return finish(lowerBound: rootBound) }
                if incumbentObjective <= globalBound { return finish(lowerBound: globalBound) }
                let before = incumbentObjective
                for decisions in decisionSets where incumbentObjective > globalBound {
                    if !regionDive(decisions) { return finish(lowerBound: rootBound) }
                    if moveTo([]) == .stopped { offerRepairedFlow(); return finish(lowerBound: rootBound) }
                }
                if incumbentObjective <= globalBound { return finish(lowerBound: globalBound) }
                if incumbentObjective == before { break }
            }
            // Still a gap: the branch and bound below. Larger regions here (rounds 3 and 4 with 6,000
            // and 12,000 sources, merged and apart) were dropped: since the anchoring they proved none of 20k and
            // 100k seeds 1–10 and cost 1.2 s of CPU at 20k seed 10, ~2.3 s at 100k seed 9
            // (docs/side-model.md, "Unseen seeds").
            if incumbentObjective <= globalBound { return finish(lowerBound: globalBound) }
        }
        if !openFractionalHeuristic() { return finish(lowerBound: rootBound) }
        if moveTo([]) == .stopped { offerRepairedFlow(); return finish(lowerBound: rootBound) }
        if !diveHeuristic() { return finish(lowerBound: rootBound) }
        if incumbentObjective <= globalBound { return finish(lowerBound: globalBound) }

        push(Node(bound: rootBound, depth: 0, sequence: 0, decisions: []))
        sequence = 1
        var first = true
        var plunge: Node? = nil
        while plunge != nil || !open.isEmpty {
            if incumbentObjective <= globalBound { break }  // the regional bound proves it
            let node: Node
            if let next = plunge, next.bound < incumbentObjective {
                node = next
                plunge = nil
            } else {
                plunge = nil
                if open.isEmpty { break }
                if open[0].bound >= incumbentObjective { open.removeAll(); break }
                node = pop()
            }
            if nodesSolved >= nodeLimit { nodeLimitHit = true; push(node); break }
            let outcome = moveTo(node.decisions)
            if outcome == .stopped { push(node); break }
            if !first { nodesSolved += 1 }
            first = false
            if outcome == .infeasible { continue }
            let value = engine.flowCost
            if value >= incumbentObjective { continue }
            let fractional = fractionalSlots()
            if fractional.isEmpty { offerCurrentFlow(); continue }
            // Strong branching: try both children of the most fractional candidates, branch on
            // the slot whose weaker child is strongest; the children keep their exact bounds.
            var candidates = fractional
            candidates.sort { a, b in
                let fa = engine.slotFlow(a), ma = Int(engine.minimum[a]), fb = engine.slotFlow(b), mb = Int(engine.minimum[b])
                let sa = min(fa, ma - fa) * mb, sb = min(fb, mb - fb) * ma  // compare min(f, m−f)/m
                return sa != sb ? sa > sb : a < b
            }
            candidates = Array(candidates.prefix(strongCandidates))
            let copyBack = engine.edgeCount <= copyBackEdgeLimit
            if copyBack { engine.save() }
            var best = -1
            var bestScore = -1.0
            var bestValues: (closed: Int64, open: Int64) = (0, 0)
            var stopped = false
            var nodePruned = false
            for j in candidates {
                var values: [Int64] = []
                for decision in [SlotDecision.closed, .open] {
                    setDecision(j, decision)
                    let outcome = engine.reoptimize()
                    if outcome == .stopped { stopped = true }
                    var v = Int64.max
                    if outcome == .optimal {
                        v = engine.flowCost
                        if v < incumbentObjective && fractionalSlots().isEmpty { offerCurrentFlow() }
                    }
                    values.append(v)
                    if stopped { break }
                    // Back to the node: copy the saved state back (small networks), or free the
                    // slot again and re-optimise — a local change, cheaper than copying millions
                    // of edges at national scale (100,000 students: 12 instead of 19 ms of CPU per
                    // node). The flow may then differ from the node's; its cost does not.
                    if copyBack {
                        engine.restore()
                        current[j] = .free
                    } else {
                        setDecision(j, .free)
                        if engine.reoptimize() == .stopped { stopped = true; break }
                    }
                }
                if stopped { break }
                if values[0] >= incumbentObjective && values[1] >= incumbentObjective { nodePruned = true; best = -1; break }
                let d0 = Double(min(values[0], incumbentObjective) - value) + 1
                let d1 = Double(min(values[1], incumbentObjective) - value) + 1
                let score = d0 * d1
                if score > bestScore { bestScore = score; best = j; bestValues = (values[0], values[1]) }
            }
            if stopped { push(Node(bound: value, depth: node.depth, sequence: node.sequence, decisions: node.decisions)); break }
            if nodePruned || best < 0 { continue }
            let codeOpen = Int32(best << 1 | 1), codeClosed = Int32(best << 1)
            var children: [Node] = []
            if bestValues.open < incumbentObjective {
                children.append(Node(bound: bestValues.open, depth: node.depth + 1, sequence: sequence, decisions: node.decisions + [codeOpen]))
            }
            if bestValues.closed < incumbentObjective {
                children.append(
                    Node(bound: bestValues.closed, depth: node.depth + 1, sequence: sequence + 1, decisions: node.decisions + [codeClosed]))
            }
            sequence += 2
            // Plunge: go on with the better child at once (depth first, a dive towards a feasible
            // leaf) while its bound is in the better half between the best open bound and the
            // incumbent; the other child waits in the heap.
            children.sort { Self.before($0, $1) }
            if let better = children.first {
                let lowest = min(open.first?.bound ?? better.bound, better.bound)
                if better.bound - lowest <= (incumbentObjective - lowest) / 2 {
                    plunge = better
                    children.removeFirst()
                }
            }
            for child in children { push(child) }
        }
        var bound = incumbentObjective
        for node in open { bound = min(bound, node.bound) }
        if let node = plunge { bound = min(bound, node.bound) }
        return finish(lowerBound: bound)
    }
}
