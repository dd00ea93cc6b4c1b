/// The working state of a `SideConstrainedFlowSolver` search: one min-cost flow network whose slot
/// bounds the branch and bound changes, re-optimised from the previous flow and potentials.
///
/// Nodes: sources `0..<S`, group nodes `S + g`, slot nodes `S + G + j`, the super-sink
/// `t = S + G + T`. Arcs (each stored as a forward edge `2i` and its reverse `2i + 1`):
/// - model arc `k`: source → group node (or slot node without a group), capacity 1, its cost;
/// - "unassigned" arc per source: source → t, capacity 1, cost = the penalty;
/// - group arc: group node → slot node, capacity = the group's cap, cost 0;
/// - slot arc: slot node → t, cost 0, flow bounded by `[lower[j], upper[j]]` (the branching:
///   free = `[0, cap]`, closed = `[0, 0]`, open = `[min, cap]`). Its residual edges carry
///   `upper − flow` forward and `flow − lower` backward, so the flow is always within its bounds.
/// Supplies: +1 per source, −S at t. Every source reaches t (through a slot or the unassigned
/// arc), so without forced slots a complete flow always exists.
///
/// The solver is a successive-shortest-path method on a pseudo-flow (Ahuja–Magnanti–Orlin 9.7):
/// invariant between operations — every residual edge has reduced cost `c + φ(u) − φ(v) ≥ 0`.
/// Each phase runs one multi-source Dijkstra (bucket queue for small labels, heap above) between
/// the nodes with excess and those with a deficit, settling every node up to the distance D of
/// the nearest pair; shifts the potentials of the nodes nearer than D so that every shortest path
/// is tight; then augments along zero-reduced-cost paths inside that region, depth first with
/// current-edge pointers and dead-end marks (a path missed because of a zero-cost cycle is found
/// by the next phase at D = 0). The search runs backwards from the deficits (t, and slots forced
/// open) by default — it then explores only what can reach a free seat within D — and forwards
/// from the excesses when t has a deficit and few nodes hold the excess (a closed slot sending
/// its students back), so that neither direction has to cross t, the hub every slot is joined to.
/// A bound change may break the invariant on the slot arc only; it is restored by saturating that
/// arc (which creates excess or deficit at its two ends), so a child of a branch-and-bound node is
/// re-optimised from its parent's flow with a few short phases.
///
/// Stops (deadline, stop request) are honoured between augmentations, so the pseudo-flow and the
/// potentials are always consistent, and `dualBound()` is a valid lower bound at any time.
final class SideFlowEngine {
    typealias Buffer<T> = UnsafeMutablePointer<T>
    static let infinity = Int64.max / 4

    let sourceCount: Int
    let groupCount: Int
    let slotCount: Int
    let nodeCount: Int
    let superSink: Int
    let modelArcCount: Int
    let edgeCount: Int
    let penalty: Int64

    // Edges.
    let head: Buffer<Int32>
    let cost: Buffer<Int64>
    let resid: Buffer<Int32>
    // Out-edges per node (forward and reverse), CSR.
    let adjStart: Buffer<Int32>
    let adj: Buffer<Int32>
    // First forward edges of each arc family.
    let directEdge0: Int
    let groupEdge0: Int
    let slotEdge0: Int

    // Nodes.
    let phi: Buffer<Int64>
    let excess: Buffer<Int64>
    /// Current real bounds on each slot arc's flow.
    let lower: Buffer<Int32>
    let upper: Buffer<Int32>
    let capacity: [Int32]
    let minimum: [Int32]
    /// Σ cost · flow of the current pseudo-flow (penalty included for unassigned arcs).
    private(set) var flowCost: Int64 = 0

    // Nodes with excess > 0 (may hold stale entries; compacted each phase).
    let active: Buffer<Int32>
    let inActive: Buffer<Bool>
    var activeCount = 0

    // Dijkstra scratch.
    let dist: Buffer<Int64>
    let touched: Buffer<Int32>
    var touchedCount = 0
    let heapKey: Buffer<Int64>
    let heapNode: Buffer<Int32>
    var heapCount = 0
    static let bucketCount = 4096
    let bucketHead: Buffer<Int32>
    let entryNode: Buffer<Int32>
    let entryNext: Buffer<Int32>
    var entryCount = 0
    var bucketCursor = 0
    var highestBucket = -1
    let heapCapacity: Int

    // Depth-first search scratch.
    let cursor: Buffer<Int32>
    let cursorStamp: Buffer<Int32>
    let deadStamp: Buffer<Int32>
    let onPath: Buffer<Int32>
    let stackNode: Buffer<Int32>
    let stackEdge: Buffer<Int32>
    var phase: Int32 = 0
    var attempt: Int32 = 0

    // Stopping.
    var limits = NetworkLimits()
    var workSincePoll = 0
    private(set) var stopReason: NetworkStopReason? = nil

    /// Statistics.
    private(set) var phases = 0
    private(set) var augmentations = 0

    enum Outcome { case optimal, infeasible, stopped }

    init(_ problem: SideConstrainedProblem, penalty: Int64) {
        let S = problem.sourceCount, G = problem.groupCount, T = problem.slotCount, A = problem.arcCount
        sourceCount = S
        groupCount = G
        slotCount = T
        nodeCount = S + G + T + 1
        superSink = S + G + T
        modelArcCount = A
        self.penalty = penalty
        let arcs = A + S + G + T
        edgeCount = 2 * arcs
        directEdge0 = 2 * A
        groupEdge0 = 2 * (A + S)
        slotEdge0 = 2 * (A + S + G)
        let E = max(edgeCount, 1), N = nodeCount

        let head = Buffer<Int32>.allocate(capacity: E)
        let cost = Buffer<Int64>.allocate(capacity: E)
        let resid = Buffer<Int32>.allocate(capacity: E)
        self.head = head
        self.cost = cost
        self.resid = resid
        let capacity = problem.slotCapacities.map { Int32($0) }
        self.capacity = capacity
        minimum = problem.slotMinimums.map { Int32($0) }
        lower = .allocate(capacity: max(T, 1))
        upper = .allocate(capacity: max(T, 1))
        lower.initialize(repeating: 0, count: max(T, 1))
        for j in 0..<T { upper[j] = capacity[j] }

        func setArc(_ i: Int, from u: Int, to v: Int, cap: Int32, cost c: Int64) {
            head[2 * i] = Int32(v); head[2 * i + 1] = Int32(u)
            cost[2 * i] = c; cost[2 * i + 1] = -c
            resid[2 * i] = cap; resid[2 * i + 1] = 0
        }
        let hasGroups = !problem.arcGroup.isEmpty
        for k in 0..<A {
            let s = Int(problem.arcSource[k])
            let g = hasGroups ? Int(problem.arcGroup[k]) : -1
            let v = g >= 0 ? S + g : S + G + Int(problem.arcSink[k])
            setArc(k, from: s, to: v, cap: 1, cost: problem.arcCost[k])
        }
        for s in 0..<S { setArc(A + s, from: s, to: S + G + T, cap: 1, cost: penalty) }
        for g in 0..<G {
            setArc(
                A + S + g, from: S + g, to: S + G + Int(problem.groupSlot[g]),
                cap: Int32(problem.groupCapacities[g]), cost: 0)
        }
        for j in 0..<T { setArc(A + S + G + j, from: S + G + j, to: S + G + T, cap: capacity[j], cost: 0) }

        let adjStart = Buffer<Int32>.allocate(capacity: N + 1)
        adjStart.initialize(repeating: 0, count: N + 1)
        let adj = Buffer<Int32>.allocate(capacity: E)
        self.adjStart = adjStart
        self.adj = adj
        for e in 0..<edgeCount { adjStart[Int(head[e ^ 1]) + 1] += 1 }
        for v in 0..<N { adjStart[v + 1] += adjStart[v] }
        do {
            let fill = Buffer<Int32>.allocate(capacity: N + 1)
            fill.initialize(from: adjStart, count: N + 1)
            for e in 0..<edgeCount {
                let u = Int(head[e ^ 1])
                adj[Int(fill[u])] = Int32(e)
                fill[u] += 1
            }
            fill.deallocate()
        }

        phi = .allocate(capacity: N)
        phi.initialize(repeating: 0, count: N)
        excess = .allocate(capacity: N)
        excess.initialize(repeating: 0, count: N)
        active = .allocate(capacity: N)
        inActive = .allocate(capacity: N)
        inActive.initialize(repeating: false, count: N)
        for s in 0..<S {
            excess[s] = 1
            active[activeCount] = Int32(s); inActive[s] = true; activeCount += 1
        }
        excess[S + G + T] = -Int64(S)

        dist = .allocate(capacity: N)
        dist.initialize(repeating: Self.infinity, count: N)
        touched = .allocate(capacity: N)
        heapCapacity = edgeCount + N + 8
        heapKey = .allocate(capacity: heapCapacity)
        heapNode = .allocate(capacity: heapCapacity)
        bucketHead = .allocate(capacity: Self.bucketCount)
        bucketHead.initialize(repeating: -1, count: Self.bucketCount)
        entryNode = .allocate(capacity: heapCapacity)
        entryNext = .allocate(capacity: heapCapacity)

        cursor = .allocate(capacity: N)
        cursorStamp = .allocate(capacity: N)
        cursorStamp.initialize(repeating: -1, count: N)
        deadStamp = .allocate(capacity: N)
        deadStamp.initialize(repeating: -1, count: N)
        onPath = .allocate(capacity: N)
        onPath.initialize(repeating: -1, count: N)
        stackNode = .allocate(capacity: N + 1)
        stackEdge = .allocate(capacity: N + 1)
    }

    deinit {
        head.deallocate(); cost.deallocate(); resid.deallocate()
        adjStart.deallocate(); adj.deallocate()
        lower.deallocate(); upper.deallocate()
        phi.deallocate(); excess.deallocate(); active.deallocate(); inActive.deallocate()
        dist.deallocate(); touched.deallocate(); heapKey.deallocate(); heapNode.deallocate(); bucketHead.deallocate(); entryNode.deallocate();
        entryNext.deallocate()
        cursor.deallocate(); cursorStamp.deallocate(); deadStamp.deallocate(); onPath.deallocate()
        stackNode.deallocate(); stackEdge.deallocate()
    }

    // MARK: - Slots

    @inline(__always) func slotNode(_ j: Int) -> Int { sourceCount + groupCount + j }

    /// Current flow through slot `j` (students placed there).
    @inline(__always) func slotFlow(_ j: Int) -> Int {
        Int(lower[j]) + Int(resid[slotEdge0 + 2 * j + 1])
    }

    @inline(__always) func activate(_ v: Int) {
        if excess[v] > 0 && !inActive[v] {
            inActive[v] = true
            active[activeCount] = Int32(v)
            activeCount += 1
        }
    }

    /// Sets the bounds of slot `j`'s flow to `[lo, up]` (0 ≤ lo ≤ up ≤ cap), keeping the flow
    /// where it is when it fits, else moving it to the nearest bound (excess/deficit at the slot
    /// and at t); then restores the reduced-cost invariant on the slot arc.
    func setSlotBounds(_ j: Int, lower lo: Int32, upper up: Int32) {
        let e = slotEdge0 + 2 * j
        let v = slotNode(j), t = superSink
        let flow = Int(lower[j]) + Int(resid[e + 1])
        let newFlow = min(max(flow, Int(lo)), Int(up))
        excess[v] += Int64(flow - newFlow)
        excess[t] += Int64(newFlow - flow)
        lower[j] = lo
        upper[j] = up
        resid[e + 1] = Int32(newFlow) - lo
        resid[e] = up - Int32(newFlow)
        let reduced = phi[v] - phi[t]
        if reduced < 0 && resid[e] > 0 {
            let r = resid[e]
            resid[e] = 0; resid[e + 1] += r
            excess[v] -= Int64(r); excess[t] += Int64(r)
        } else if reduced > 0 && resid[e + 1] > 0 {
            let r = resid[e + 1]
            resid[e + 1] = 0; resid[e] += r
            excess[v] += Int64(r); excess[t] -= Int64(r)
        }
        activate(v)
        activate(t)
    }

    // MARK: - Main loop

    func reoptimize() -> Outcome {
        while true {
            var n = 0
            for i in 0..<activeCount {
                let v = Int(active[i])
                if excess[v] > 0 { active[n] = Int32(v); n += 1 } else { inActive[v] = false }
            }
            activeCount = n
            if activeCount == 0 { return .optimal }
            if pollStop(work: limits.pollInterval) { return .stopped }
            let forward = excess[superSink] < 0 && activeCount * 8 < sourceCount
            let sp = forward ? shortestPathForward() : shortestPath()
            guard let length = sp else {
                resetDistances()
                return stopReason != nil ? .stopped : .infeasible
            }
            phases += 1
            lowerPotentials(length, forward: forward)
            // Augmenting paths of reduced cost 0, depth first from every excess inside the region.
            phase &+= 1
            var i = 0
            while i < activeCount && stopReason == nil {
                let r = Int(active[i])
                if dist[r] <= length {
                    while excess[r] > 0 && stopReason == nil && dfs(root: r, bound: length) { augmentations += 1 }
                }
                i += 1
            }
            resetDistances()
            if stopReason != nil { return .stopped }
        }
    }

    @inline(__always) func pollStop(work: Int = 1) -> Bool {
        workSincePoll &+= work
        if workSincePoll < limits.pollInterval { return stopReason != nil }
        workSincePoll = 0
        if stopReason == nil {
            if let shouldStop = limits.shouldStop, shouldStop() {
                stopReason = .stopRequested
            } else if let deadline = limits.deadline, ContinuousClock.now >= deadline {
                stopReason = .timeLimit
            }
        }
        return stopReason != nil
    }

    // MARK: - Dijkstra

    func resetDistances() {
        for i in 0..<touchedCount { dist[Int(touched[i])] = Self.infinity }
        touchedCount = 0
        heapCount = 0
        if highestBucket >= 0 { bucketHead.update(repeating: -1, count: highestBucket + 1) }
        highestBucket = -1
        bucketCursor = 0
        entryCount = 0
    }

    /// Adds `node` with label `key` (≥ the label last popped): a bucket (Dial) for small labels,
    /// the binary heap for the others.
    @inline(__always) func push(_ key: Int64, _ node: Int32) {
        if key < Int64(Self.bucketCount) {
            let b = Int(key)
            let e = entryCount
            entryCount += 1
            entryNode[e] = node
            entryNext[e] = bucketHead[b]
            bucketHead[b] = Int32(e)
            if b > highestBucket { highestBucket = b }
        } else {
            heapPush(key, node)
        }
    }

    /// Removes an entry with the smallest label; false when the queue is empty.
    @inline(__always) func pop(_ key: inout Int64, _ node: inout Int32) -> Bool {
        while bucketCursor <= highestBucket {
            let e = bucketHead[bucketCursor]
            if e >= 0 {
                bucketHead[bucketCursor] = entryNext[Int(e)]
                key = Int64(bucketCursor)
                node = entryNode[Int(e)]
                return true
            }
            bucketCursor += 1
        }
        if heapCount == 0 { return false }
        key = heapKey[0]
        node = heapNode[0]
        popMinimum()
        return true
    }

    @inline(__always) func relax(_ v: Int, _ label: Int64) {
        if label < dist[v] {
            if dist[v] == Self.infinity { touched[touchedCount] = Int32(v); touchedCount += 1 }
            dist[v] = label
            push(label, Int32(v))
        }
    }

    @inline(__always) func heapPush(_ key: Int64, _ node: Int32) {
        var i = heapCount
        heapCount += 1
        while i > 0 {
            let parent = (i - 1) >> 1
            let pk = heapKey[parent]
            if pk <= key { break }
            heapKey[i] = pk
            heapNode[i] = heapNode[parent]
            i = parent
        }
        heapKey[i] = key
        heapNode[i] = node
    }

    @inline(__always) func popMinimum() {
        heapCount -= 1
        let n = heapCount
        if n == 0 { return }
        let key = heapKey[n], node = heapNode[n]
        var i = 0
        while true {
            var child = 2 * i + 1
            if child >= n { break }
            if child + 1 < n && heapKey[child + 1] < heapKey[child] { child += 1 }
            if heapKey[child] >= key { break }
            heapKey[i] = heapKey[child]
            heapNode[i] = heapNode[child]
            i = child
        }
        heapKey[i] = key
        heapNode[i] = node
    }

    /// Multi-source Dijkstra on reduced costs over the *reversed* residual graph from every node
    /// with a deficit (t and slots; label 0). Returns the distance D of the nearest node with
    /// excess (settling every other node at distance ≤ D too), or nil when none is reachable (or on
    /// stop). Searching from the deficits explores only what can reach a free seat within D, not
    /// the plateaus around sources that cannot be placed cheaply. Labels stay in `dist`.
    func shortestPath() -> Int64? {
        resetDistances()
        if excess[superSink] < 0 { relax(superSink, 0) }
        for j in 0..<slotCount where excess[slotNode(j)] < 0 { relax(slotNode(j), 0) }
        var found: Int64? = nil
        var d: Int64 = 0, node: Int32 = 0
        while pop(&d, &node) {
            let v = Int(node)
            if let f = found, d > f { break }
            if d != dist[v] { continue }
            if excess[v] > 0 { if found == nil { found = d }; continue }
            if pollStop() { return nil }
            let pv = phi[v]
            for q in Int(adjStart[v])..<Int(adjStart[v + 1]) {
                let e = Int(adj[q]) ^ 1  // an edge w → v
                if resid[e] <= 0 { continue }
                let w = Int(head[e ^ 1])
                let label = d + cost[e] + phi[w] - pv
                if label < dist[w] { relax(w, label) }
            }
        }
        return found
    }

    /// The same from every node with excess over the residual graph (forward), to the nearest
    /// node with a deficit. Used when the excess sits on a few nodes and t has a deficit (a closed
    /// slot sends its students back): the search stays near those few nodes.
    func shortestPathForward() -> Int64? {
        resetDistances()
        for i in 0..<activeCount where excess[Int(active[i])] > 0 { relax(Int(active[i]), 0) }
        var found: Int64? = nil
        var d: Int64 = 0, node: Int32 = 0
        while pop(&d, &node) {
            let v = Int(node)
            if let f = found, d > f { break }
            if d != dist[v] { continue }
            if excess[v] < 0 { if found == nil { found = d }; continue }
            if pollStop() { return nil }
            let pv = phi[v]
            for q in Int(adjStart[v])..<Int(adjStart[v + 1]) {
                let e = Int(adj[q])
                if resid[e] <= 0 { continue }
                let w = Int(head[e])
                let label = d + cost[e] + pv - phi[w]
                if label < dist[w] { relax(w, label) }
            }
        }
        return found
    }

    /// φ(v) += D − dist(v) for the nodes nearer (to a deficit) than D: a constant shift of
    /// φ −= min(dist, D), which keeps every reduced cost ≥ 0 and makes the shortest paths tight.
    func lowerPotentials(_ length: Int64, forward: Bool) {
        for i in 0..<touchedCount {
            let v = Int(touched[i])
            let d = dist[v]
            if d < length { phi[v] += forward ? d - length : length - d }
        }
    }

    // MARK: - Augmenting paths

    /// One depth-first search for a path of zero-reduced-cost residual edges from `root` to a node
    /// with a deficit, among the nodes at distance ≤ `bound`, with current-edge pointers and
    /// dead-end marks for the whole phase (`onPath` marks the current path). A node marked
    /// dead only because its way on led back into the path may hide a path: the next phase then
    /// has D = 0 and finds it, so nothing is lost but time.
    func dfs(root: Int, bound: Int64) -> Bool {
        attempt &+= 1
        var depth = 0
        stackNode[0] = Int32(root)
        onPath[root] = attempt
        while depth >= 0 {
            let v = Int(stackNode[depth])
            if depth > 0 && excess[v] < 0 {
                augment(depth: depth)
                return true
            }
            if pollStop() { return false }
            if cursorStamp[v] != phase { cursorStamp[v] = phase; cursor[v] = adjStart[v] }
            var c = Int(cursor[v])
            let end = Int(adjStart[v + 1])
            let pv = phi[v]
            var advanced = false
            while c < end {
                let e = Int(adj[c])
                if resid[e] > 0 {
                    let w = Int(self.head[e])
                    if dist[w] <= bound && deadStamp[w] != phase && onPath[w] != attempt && cost[e] + pv == phi[w] {
                        cursor[v] = Int32(c)
                        stackEdge[depth] = Int32(e)
                        depth += 1
                        stackNode[depth] = Int32(w)
                        onPath[w] = attempt
                        advanced = true
                        break
                    }
                }
                c += 1
            }
            if !advanced {
                cursor[v] = Int32(end)
                deadStamp[v] = phase
                depth -= 1
                if depth >= 0 { cursor[Int(stackNode[depth])] += 1 }
            }
        }
        return false
    }

    func augment(depth: Int) {
        let root = Int(stackNode[0]), end = Int(stackNode[depth])
        var delta = min(excess[root], -excess[end])
        for i in 0..<depth { delta = min(delta, Int64(resid[Int(stackEdge[i])])) }
        let d32 = Int32(delta)
        var pathCost: Int64 = 0
        for i in 0..<depth {
            let e = Int(stackEdge[i])
            resid[e] -= d32
            resid[e ^ 1] += d32
            pathCost += cost[e]
        }
        flowCost += pathCost * delta
        excess[root] -= delta
        excess[end] += delta
    }

    // MARK: - One saved state (for trying a branch and coming back)

    private var savedResid: [Int32] = []
    private var savedPhi: [Int64] = []
    private var savedExcess: [Int64] = []
    private var savedLower: [Int32] = []
    private var savedUpper: [Int32] = []
    private var savedFlowCost: Int64 = 0

    /// Saves the flow, potentials, excesses and slot bounds.
    func save() {
        savedResid = Array(UnsafeBufferPointer(start: resid, count: edgeCount))
        savedPhi = Array(UnsafeBufferPointer(start: phi, count: nodeCount))
        savedExcess = Array(UnsafeBufferPointer(start: excess, count: nodeCount))
        savedLower = Array(UnsafeBufferPointer(start: lower, count: slotCount))
        savedUpper = Array(UnsafeBufferPointer(start: upper, count: slotCount))
        savedFlowCost = flowCost
    }

    /// Returns to the state of the last `save()`.
    func restore() {
        savedResid.withUnsafeBufferPointer { resid.update(from: $0.baseAddress!, count: edgeCount) }
        savedPhi.withUnsafeBufferPointer { phi.update(from: $0.baseAddress!, count: nodeCount) }
        savedExcess.withUnsafeBufferPointer { excess.update(from: $0.baseAddress!, count: nodeCount) }
        if slotCount > 0 {
            savedLower.withUnsafeBufferPointer { lower.update(from: $0.baseAddress!, count: slotCount) }
            savedUpper.withUnsafeBufferPointer { upper.update(from: $0.baseAddress!, count: slotCount) }
        }
        flowCost = savedFlowCost
        for i in 0..<activeCount { inActive[Int(active[i])] = false }
        activeCount = 0
        for v in 0..<nodeCount where excess[v] > 0 { activate(v) }
    }

    // MARK: - Reading the state

    /// A valid lower bound on the optimum of the current network problem (the slot bounds as they
    /// are), from weak duality with the potentials as prices: cost − Σ φ(v)·excess(v). Equal to
    /// `flowCost` when the flow is complete.
    func dualBound() -> Int64 {
        var bound = flowCost
        for v in 0..<nodeCount where excess[v] != 0 { bound -= phi[v] * excess[v] }
        return bound
    }

    /// Per source: the model arc that carries its unit, or −1. In a pseudo-flow a unit may still
    /// sit at a group or slot node, so this need not be feasible (see `SideConstrainedFlowSolver`).
    func assignment() -> [Int32] {
        var result = [Int32](repeating: -1, count: sourceCount)
        for s in 0..<sourceCount {
            for q in Int(adjStart[s])..<Int(adjStart[s + 1]) {
                let e = Int(adj[q])
                if e < directEdge0 && e & 1 == 0 && resid[e] == 0 { result[s] = Int32(e >> 1); break }
            }
        }
        return result
    }
}
