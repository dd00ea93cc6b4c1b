import Foundation

/// A lower bound stronger than the flow relaxation, from the root's optimal flow x* and its
/// potentials φ: the fractional slots (filled strictly between 0 and their minimum) are grouped
/// into regions, each region is solved exactly as a small side-constrained problem in which
/// everything outside it is priced by φ, and each region's exact optimum replaces its share of
/// the flow relaxation.
///
/// Why it is valid (Lagrangian decomposition of flow conservation). For any flow x that meets
/// the supplies, Σ c·x = Σ c̄·x − Σ φ(v)·b(v) with the reduced costs c̄ = c + φ(u) − φ(v). A region
/// R is a set of nodes — its slots, their group nodes, and every source with an arc into one of
/// them — and E_R the edges that touch R. No edge touches two regions (a source with arcs into
/// two regions' slots joins them into one). Keep conservation only at R's nodes: then
/// - every edge outside all regions has c̄·x ≥ c̄·x* (x* sits at the bound that c̄'s sign asks
///   for: complementary slackness of the optimal flow), and
/// - Σ_{E_R} c̄·x ≥ OPT_R, the best value of the region's own problem (its sources each send one
///   unit; its slots keep their capacities, minimums and group caps; edges leaving R end at free
///   nodes priced by c̄), while x* restricted to E_R is an optimum of that problem's relaxation.
/// So every feasible assignment costs at least LP + Σ_R (OPT_R − Σ_{E_R} c̄·x*). A bound on
/// OPT_R from a stopped search of the region keeps this valid.
///
/// The region's problem, per source s (the constant φ(t) − φ(s) added to every option, which
/// changes nothing because s takes exactly one): an arc into a region slot costs its own cost c;
/// leaving the region along arc k into node w costs c_k + φ(t) − φ(w) (the arc's cost plus the
/// price of w's congestion); staying unassigned costs the penalty. The leaving options collapse
/// into one arc into an "exit" slot without a minimum that has room for every source.
///
/// The regions' optima also say which fractional slots to open and which to close: the root
/// heuristic (`BranchAndBound.regionDive`) applies those decisions to the whole network.
struct SideRegionBound {
    /// LP + Σ_R (bound on OPT_R − x*'s value in R): a lower bound on every feasible objective.
    var bound: Int64
    /// Per fractional slot: open (true) or closed (false) in its region's best assignment.
    var decisions: [(slot: Int, open: Bool)]
    /// Regions solved, and how many of them were not finished (node limit or stop).
    var regions: Int
    var unfinished: Int

    /// Branch-and-bound nodes allowed per region.
    static let nodeLimit = 2_000
    /// Rounds of growing the regions around the fractional slots, the reduced cost up to which a
    /// source's alternative slot joins, and the number of sources after which growth stops.
    static let growthRounds = Int(ProcessInfo.processInfo.environment["SIDE_ROUNDS"] ?? "2")!
    static let slack = Int64(ProcessInfo.processInfo.environment["SIDE_SLACK"] ?? "0")!
    static let regionSources = Int(ProcessInfo.processInfo.environment["SIDE_SOURCES"] ?? "3000")!

    /// Computes the bound from the engine's current state, which must be an optimal flow of the
    /// network (no excess left) for the slot decisions `decision`; `slots` are the fractional
    /// slots to group (free in `decision`).
    static func compute(
        problem: SideConstrainedProblem, engine: SideFlowEngine, decision: [SlotDecision],
        slots: [Int], penalty: Int64, limits: NetworkLimits
    ) -> SideRegionBound {
        let S = problem.sourceCount, T = problem.slotCount, A = problem.arcCount
        let hasGroups = !problem.arcGroup.isEmpty
        let lp = engine.flowCost
        var result = SideRegionBound(bound: lp, decisions: [], regions: 0, unfinished: 0)
        if slots.isEmpty { return result }

        // Arcs by source (CSR), so that each region source's options can be listed.
        var arcStart = [Int32](repeating: 0, count: S + 1)
        for k in 0..<A { arcStart[Int(problem.arcSource[k]) + 1] += 1 }
        for s in 0..<S { arcStart[s + 1] += arcStart[s] }
        var arcsBySource = [Int32](repeating: 0, count: A)
        do {
            var fill = arcStart
            for k in 0..<A {
                let s = Int(problem.arcSource[k])
                arcsBySource[Int(fill[s])] = Int32(k)
                fill[s] += 1
            }
        }

        let x = engine.assignment()
        let phiT = engine.phi[engine.superSink]
        // Price of leaving the region along arc k (into a slot or group node outside it).
        func exitCost(_ k: Int) -> Int64 {
            let g = hasGroups ? Int(problem.arcGroup[k]) : -1
            let w = g >= 0 ? S + g : engine.slotNode(Int(problem.arcSink[k]))
            return problem.arcCost[k] + phiT - engine.phi[w]
        }

        // Region slots: the fractional ones, then (a few rounds) the slots their sources sit in
        // and the ones they could move to at a reduced cost ≤ `slack`, so that the region sees
        // what filling or emptying a slot does to its neighbours (a neighbour at its minimum
        // cannot give a student away for free). Any choice of slots gives a valid bound.
        var isRegionSlot = [Bool](repeating: false, count: T)
        var arcsIntoStart = [Int32](repeating: 0, count: T + 1)
        for k in 0..<A { arcsIntoStart[Int(problem.arcSink[k]) + 1] += 1 }
        for j in 0..<T { arcsIntoStart[j + 1] += arcsIntoStart[j] }
        var arcsInto = [Int32](repeating: 0, count: A)
        do {
            var fill = arcsIntoStart
            for k in 0..<A {
                let j = Int(problem.arcSink[k])
                arcsInto[Int(fill[j])] = Int32(k)
                fill[j] += 1
            }
        }
        // Regions grow one at a time from a fractional slot: for `growthRounds` rounds, the slots
        // their sources sit in and the slots they could move to at a reduced cost ≤ `slack` join,
        // so that a region sees what filling or emptying a slot does to its neighbours (a
        // neighbour at its minimum cannot give a student away for free). A slot joins only if
        // none of its sources belongs to another region (that keeps the regions apart), and
        // growth stops at `regionSources` sources. Any such choice gives a valid bound.
        var owner = [Int32](repeating: -1, count: S)
        var slotRegion = [Int32](repeating: -1, count: T)
        var regionSlots: [[Int]] = []
        var sourcesOf: [[Int]] = []
        var isFractional = [Bool](repeating: false, count: T)
        for j in slots { isFractional[j] = true }
        func canJoin(_ w: Int, _ r: Int32) -> Bool {
            for q in Int(arcsIntoStart[w])..<Int(arcsIntoStart[w + 1]) {
                let o = owner[Int(problem.arcSource[Int(arcsInto[q])])]
                if o >= 0 && o != r { return false }
            }
            return true
        }
        func join(_ w: Int, _ r: Int32) {
            slotRegion[w] = r
            isRegionSlot[w] = true
            regionSlots[Int(r)].append(w)
            for q in Int(arcsIntoStart[w])..<Int(arcsIntoStart[w + 1]) {
                let s = Int(problem.arcSource[Int(arcsInto[q])])
                if owner[s] < 0 { owner[s] = r; sourcesOf[Int(r)].append(s) }
            }
        }
        for seed in slots.sorted() where slotRegion[seed] < 0 {
            // The region already holding some of the seed's sources takes it; two such regions:
            // the seed stays out (its share of the bound is then the flow relaxation's).
            var target: Int32 = -1
            var conflict = false
            for q in Int(arcsIntoStart[seed])..<Int(arcsIntoStart[seed + 1]) {
                let o = owner[Int(problem.arcSource[Int(arcsInto[q])])]
                if o >= 0 { if target < 0 { target = o } else if o != target { conflict = true } }
            }
            if conflict { continue }
            if target < 0 {
                target = Int32(regionSlots.count)
                regionSlots.append([])
                sourcesOf.append([])
            }
            join(seed, target)
            var frontier = [seed]
            for _ in 0..<growthRounds {
                var next: [Int] = []
                for j in frontier {
                    for q in Int(arcsIntoStart[j])..<Int(arcsIntoStart[j + 1]) {
                        let s = Int(problem.arcSource[Int(arcsInto[q])])
                        let own = x[s] >= 0 ? exitCost(Int(x[s])) : penalty
                        for q2 in Int(arcStart[s])..<Int(arcStart[s + 1]) {
                            let k = Int(arcsBySource[q2])
                            let w = Int(problem.arcSink[k])
                            if slotRegion[w] >= 0 || decision[w] == .closed || engine.capacity[w] == 0 { continue }
                            if sourcesOf[Int(target)].count >= regionSources { continue }
                            if (Int(x[s]) == k || exitCost(k) - own <= slack) && canJoin(w, target) {
                                join(w, target)
                                next.append(w)
                            }
                        }
                    }
                }
                frontier = next
            }
        }
        var groupsOfSlot = [[Int]](repeating: [], count: T)
        for g in 0..<problem.groupCount where isRegionSlot[Int(problem.groupSlot[g])] {
            groupsOfSlot[Int(problem.groupSlot[g])].append(g)
        }

        var localSlot = [Int32](repeating: -1, count: T)
        var localGroup = [Int32](repeating: -1, count: problem.groupCount)
        for (r, members) in regionSlots.enumerated() {
            let sources = sourcesOf[r]
            if !members.contains(where: { isFractional[$0] }) { continue }
            for (i, j) in members.enumerated() { localSlot[j] = Int32(i) }
            var capacities = members.map { decision[$0] == .closed ? 0 : Int(engine.capacity[$0]) }
            var minimums = members.map { Int(engine.minimum[$0]) }
            var groupSlot: [Int32] = [], groupCaps: [Int] = []
            for j in members {
                for g in groupsOfSlot[j] {
                    localGroup[g] = Int32(groupSlot.count)
                    groupSlot.append(localSlot[j])
                    groupCaps.append(problem.groupCapacities[g])
                }
            }
            let exitSlot = Int32(members.count)
            capacities.append(sources.count)
            minimums.append(0)
            var src: [Int32] = [], snk: [Int32] = [], cst: [Int64] = [], grp: [Int32] = []
            var startValue: Int64 = 0  // x*'s value in the region's problem
            var localArc: [Int32] = []  // region arc → model arc (−1: the exit)
            for (i, s) in sources.enumerated() {
                var exit = penalty  // unassigned
                var options: [(arc: Int, cost: Int64)] = []
                var current: Int64 = penalty  // x*'s option for s
                for q in Int(arcStart[s])..<Int(arcStart[s + 1]) {
                    let k = Int(arcsBySource[q])
                    let j = Int(problem.arcSink[k])
                    let c: Int64
                    if isRegionSlot[j] {
                        c = problem.arcCost[k]
                        options.append((k, c))
                    } else {
                        c = exitCost(k)
                        exit = min(exit, c)
                    }
                    if Int(x[s]) == k { current = c }
                }
                let shift = min(exit, options.map(\.cost).min() ?? exit)
                for option in options {
                    src.append(Int32(i))
                    snk.append(localSlot[Int(problem.arcSink[option.arc])])
                    cst.append(option.cost - shift)
                    let g = hasGroups ? Int(problem.arcGroup[option.arc]) : -1
                    grp.append(g >= 0 ? localGroup[g] : -1)
                    localArc.append(Int32(option.arc))
                }
                src.append(Int32(i))
                snk.append(exitSlot)
                cst.append(exit - shift)
                grp.append(-1)
                localArc.append(-1)
                startValue += current - shift
            }
            let region = SideConstrainedProblem(
                sourceCount: sources.count, slotCapacities: capacities, slotMinimums: minimums,
                arcSource: src, arcSink: snk, arcCost: cst, arcGroup: grp,
                groupSlot: groupSlot, groupCapacities: groupCaps)
            var search = BranchAndBound(problem: region, penalty: region.lexicographicPenalty, limits: limits)
            search.useRegionBound = false
            search.nodeLimit = nodeLimit
            let solution = search.run()
            result.regions += 1
            if solution.status != .optimal { result.unfinished += 1 }
            // Every source has the exit, so the region's bound never counts an unassigned source;
            // the gain over x*'s own value in the region is what the flow relaxation missed.
            result.bound += max(0, solution.lowerBound - startValue)
            var load = [Int](repeating: 0, count: members.count)
            for a in solution.assignment where a >= 0 && localArc[Int(a)] >= 0 { load[Int(snk[Int(a)])] += 1 }
            for (i, j) in members.enumerated() where isFractional[j] { result.decisions.append((j, load[i] > 0)) }
            for j in members { localSlot[j] = -1 }
            for j in members { for g in groupsOfSlot[j] { localGroup[g] = -1 } }
            if engine.stopReason != nil || search.engine.stopReason != nil { break }
        }
        return result
    }
}
