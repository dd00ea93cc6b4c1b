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
    /// The regions solved, each with what it adds to the flow relaxation (for `combined`).
    var parts: [Part] = []

    struct Part {
        var gain: Int64
        var slots: [Int]
        var sources: [Int]
    }

    /// How regions grow around the fractional slots (any choice gives a valid bound; larger
    /// regions give a stronger one and cost more).
    struct Growth: Sendable {
        /// Rounds of growth: each adds the slots the region's sources sit in, and those they
        /// could move to at a reduced cost ≤ `slack`.
        var rounds = 2
        var slack: Int64 = 0
        /// Growth stops at this many sources in a region.
        var sources = 3_000
        /// Whether a slot whose sources belong to other regions merges them (within `sources`);
        /// otherwise it stays out of the growing region (a fractional one joins the single
        /// region holding its sources, or stays out). Neither is always stronger.
        var merge = true
        /// Branch-and-bound nodes allowed per region (its bound counts when it stops earlier).
        var nodeLimit = 2_000
        /// Whether a fractional slot between regions (or whose merge passes `sources`) merges
        /// them all anyway instead of staying out: then no fractional slot is left to the flow
        /// relaxation, at the price of a larger region (solved within `nodeLimit`).
        var keepFractional = false
    }

    /// Computes the bound from the engine's current state, which must be an optimal flow of the
    /// network (no excess left) for the slot decisions `decision`; `slots` are the fractional
    /// slots to group (free in `decision`).
    static func compute(
        problem: SideConstrainedProblem, engine: SideFlowEngine, decision: [SlotDecision],
        slots: [Int], penalty: Int64, limits: NetworkLimits, growth: Growth
    ) -> SideRegionBound {
        let S = problem.sourceCount, T = problem.slotCount
        let hasGroups = !problem.arcGroup.isEmpty
        let lp = engine.flowCost
        var result = SideRegionBound(bound: lp, decisions: [], regions: 0, unfinished: 0)
        if slots.isEmpty { return result }

        // Arcs by source (CSR), so that each region source's options can be listed.
        let (arcStart, arcsBySource) = arcsGrouped(by: problem.arcSource, into: S)

        let x = engine.assignment()
        let phiT = engine.phi[engine.superSink]
        // Price of leaving the region along arc k (into a slot or group node outside it).
        func exitCost(_ k: Int) -> Int64 {
            let g = hasGroups ? Int(problem.arcGroup[k]) : -1
            let w = g >= 0 ? S + g : engine.slotNode(Int(problem.arcSink[k]))
            return problem.arcCost[k] + phiT - engine.phi[w]
        }

        // Arcs by slot (CSR): the sources of each slot.
        var isRegionSlot = [Bool](repeating: false, count: T)
        let (arcsIntoStart, arcsInto) = arcsGrouped(by: problem.arcSink, into: T)
        // Regions grow one at a time from a fractional slot: for `growth.rounds` rounds, the slots
        // their sources sit in and the slots they could move to at a reduced cost ≤ `slack` join,
        // so that a region sees what filling or emptying a slot does to its neighbours (a
        // neighbour at its minimum cannot give a student away for free). A slot whose sources
        // belong to other regions merges them in (that keeps the regions apart), unless that
        // passes `growth.sources` sources. Any such choice of regions gives a valid bound.
        var owner = [Int32](repeating: -1, count: S)
        var slotRegion = [Int32](repeating: -1, count: T)
        var regionSlots: [[Int]] = []
        var sourcesOf: [[Int]] = []
        var isFractional = [Bool](repeating: false, count: T)
        for j in slots { isFractional[j] = true }
        /// The other regions holding some of slot w's sources.
        func neighbours(_ w: Int, _ r: Int32) -> [Int32] {
            var result: [Int32] = []
            for q in Int(arcsIntoStart[w])..<Int(arcsIntoStart[w + 1]) {
                let o = owner[Int(problem.arcSource[Int(arcsInto[q])])]
                if o >= 0 && o != r && !result.contains(o) { result.append(o) }
            }
            return result
        }
        /// Moves region `other` into region `r`.
        func merge(_ other: Int32, into r: Int32) {
            for j in regionSlots[Int(other)] { slotRegion[j] = r }
            for s in sourcesOf[Int(other)] { owner[s] = r }
            regionSlots[Int(r)] += regionSlots[Int(other)]
            sourcesOf[Int(r)] += sourcesOf[Int(other)]
            regionSlots[Int(other)] = []
            sourcesOf[Int(other)] = []
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
            // A new region; the regions already holding some of the seed's sources merge into it,
            // unless that passes the size limit (the seed then stays out: its share of the bound
            // is the flow relaxation's).
            var target = Int32(regionSlots.count)
            let others = neighbours(seed, target)
            if growth.merge || (growth.keepFractional && others.count > 1) {
                let size = others.reduce(0, { $0 + sourcesOf[Int($1)].count })
                if size > growth.sources && !growth.keepFractional { continue }
                regionSlots.append([])
                sourcesOf.append([])
                for other in others { merge(other, into: target) }
            } else if others.count > 1 {
                continue
            } else if let other = others.first {
                target = other
            } else {
                regionSlots.append([])
                sourcesOf.append([])
            }
            join(seed, target)
            var frontier = [seed]
            for _ in 0..<growth.rounds {
                var next: [Int] = []
                for j in frontier {
                    for q in Int(arcsIntoStart[j])..<Int(arcsIntoStart[j + 1]) {
                        let s = Int(problem.arcSource[Int(arcsInto[q])])
                        let own = x[s] >= 0 ? exitCost(Int(x[s])) : penalty
                        for q2 in Int(arcStart[s])..<Int(arcStart[s + 1]) {
                            let k = Int(arcsBySource[q2])
                            let w = Int(problem.arcSink[k])
                            if slotRegion[w] >= 0 || decision[w] == .closed || engine.capacity[w] == 0 { continue }
                            if sourcesOf[Int(target)].count >= growth.sources { continue }
                            guard Int(x[s]) == k || exitCost(k) - own <= growth.slack else { continue }
                            // Joining may merge neighbouring regions, within the size limit.
                            let others = neighbours(w, target)
                            let size = others.reduce(sourcesOf[Int(target)].count) { $0 + sourcesOf[Int($1)].count }
                            if !others.isEmpty && (!growth.merge || size > growth.sources) { continue }
                            for other in others { merge(other, into: target) }
                            join(w, target)
                            next.append(w)
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
            let members = members.sorted()
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
            search.nodeLimit = growth.nodeLimit
            let solution = search.run()
            result.regions += 1
            if solution.status != .optimal { result.unfinished += 1 }
            // Every source has the exit, so the region's bound never counts an unassigned source;
            // the gain over x*'s own value in the region is what the flow relaxation missed.
            let gain = max(0, solution.lowerBound - startValue)
            result.bound += gain
            result.parts.append(Part(gain: gain, slots: members, sources: sources))
            var load = [Int](repeating: 0, count: members.count)
            for a in solution.assignment where a >= 0 && localArc[Int(a)] >= 0 { load[Int(snk[Int(a)])] += 1 }
            // Decisions: every fractional slot, and every other slot with a minimum that the
            // region empties or starts using.
            for (i, j) in members.enumerated() where isFractional[j] || engine.minimum[j] > 0 {
                result.decisions.append((j, load[i] > 0))
            }
            for j in members { localSlot[j] = -1 }
            for j in members { for g in groupsOfSlot[j] { localGroup[g] = -1 } }
            if engine.stopReason != nil || search.engine.stopReason != nil { break }
        }
        return result
    }
}

extension SideRegionBound {
    /// The bound from the regions of several growths computed at the same flow and prices. Any
    /// family of regions that share no slot and no source is valid (the proof above needs no more:
    /// each region holds every source with an arc into its slots, so no edge touches two), so start
    /// from the strongest growth's regions and swap in a region of another growth wherever it adds
    /// more than the regions it overlaps. Never below the strongest growth's bound.
    static func combined(_ bounds: [SideRegionBound], lp: Int64, sourceCount: Int, slotCount: Int) -> Int64 {
        guard let strongest = bounds.indices.max(by: { bounds[$0].bound < bounds[$1].bound }) else { return lp }
        var chosen: [Part] = []
        var alive: [Bool] = []
        var sourceOwner = [Int32](repeating: -1, count: sourceCount)
        var slotOwner = [Int32](repeating: -1, count: slotCount)
        func add(_ part: Part) {
            let index = Int32(chosen.count)
            chosen.append(part)
            alive.append(true)
            for s in part.sources { sourceOwner[s] = index }
            for j in part.slots { slotOwner[j] = index }
        }
        for part in bounds[strongest].parts where part.gain > 0 { add(part) }
        var candidates: [Part] = []
        for (i, bound) in bounds.enumerated() where i != strongest {
            candidates += bound.parts.filter { $0.gain > 0 }
        }
        // Largest gain first; the sort is stable, so ties keep the growths' order.
        let order = candidates.indices.sorted { candidates[$0].gain != candidates[$1].gain ? candidates[$0].gain > candidates[$1].gain : $0 < $1 }
        for c in order {
            let part = candidates[c]
            var overlapped: [Int32] = []
            for s in part.sources where sourceOwner[s] >= 0 && !overlapped.contains(sourceOwner[s]) { overlapped.append(sourceOwner[s]) }
            for j in part.slots where slotOwner[j] >= 0 && !overlapped.contains(slotOwner[j]) { overlapped.append(slotOwner[j]) }
            if part.gain <= overlapped.reduce(0, { $0 + chosen[Int($1)].gain }) { continue }
            for o in overlapped {
                alive[Int(o)] = false
                for s in chosen[Int(o)].sources { sourceOwner[s] = -1 }
                for j in chosen[Int(o)].slots { slotOwner[j] = -1 }
            }
            add(part)
        }
        return chosen.indices.reduce(lp) { alive[$1] ? $0 + chosen[$1].gain : $0 }
    }
}

/// Arc indices grouped by an endpoint (compressed sparse rows): the arcs of endpoint `e` are
/// `arcs[start[e]..<start[e + 1]]`, in increasing arc order.
private func arcsGrouped(by endpoint: [Int32], into count: Int) -> (start: [Int32], arcs: [Int32]) {
    var start = [Int32](repeating: 0, count: count + 1)
    for e in endpoint { start[Int(e) + 1] += 1 }
    for e in 0..<count { start[e + 1] += start[e] }
    var arcs = [Int32](repeating: 0, count: endpoint.count)
    var fill = start
    for (k, e) in endpoint.enumerated() {
        arcs[Int(fill[Int(e)])] = Int32(k)
        fill[Int(e)] += 1
    }
    return (start, arcs)
}
