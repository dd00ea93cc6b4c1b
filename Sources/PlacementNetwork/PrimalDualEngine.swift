/// The working state of one solve (see `NetworkSolver` for the algorithm).
///
/// Nodes: sources `0..<S`, sinks `0..<T` (in heap entries a sink `j` is encoded as `S + j`), plus
/// two implicit nodes: the super-sink `t` (every sink `j` has an arc `j → t` of capacity
/// `cap_j`, cost 0) and, only when computing prices in lexicographic mode, the super-source `σ`.
///
/// Each phase computes shortest distances *to* the super-sink (a Dijkstra on the reversed residual
/// graph, rooted at the sinks that still have a free seat) and stops at the first unassigned source
/// it reaches: its distance D is the length of a shortest augmenting path. Only the region that can
/// reach a free seat within D is explored — unassigned sources that cannot be placed cheaply, and
/// the large zero-reduced-cost plateaus around them, are not touched. The potentials of the settled
/// nodes are then raised by D − dist (φ_t by D), which keeps every reduced cost ≥ 0 and makes
/// every shortest path tight, and augmenting paths are searched depth-first inside the settled
/// region only.
///
/// Invariants between phases (φ = potentials, reduced cost of an arc u → v is c + φ_u − φ_v):
/// - reduced costs of all residual arcs are ≥ 0: unchosen arc `s → j`: `c + φ_s − φ_j ≥ 0`; chosen
///   arc (residual `j → s`): `φ_j − c − φ_s ≥ 0`; `j → t` (sink not full): `φ_j ≥ φ_t`; `t → j`
///   (sink not empty): `φ_t ≥ φ_j`;
/// - every unassigned source has potential 0, all potentials are ≥ 0;
/// - `φ_t` (`potentialSuperSink`) = the cost of the latest augmenting path.
final class PrimalDualEngine {
    typealias Buffer<T> = UnsafeMutablePointer<T>
    static let infinity = Int64.max / 2

    let sourceCount: Int
    let sinkCount: Int
    let arcCount: Int

    // Arcs in CSR order by source (stable: a source's arcs keep the problem's order).
    let arcStart: Buffer<Int32>  // sourceCount + 1
    let arcSinkOf: Buffer<Int32>  // arcCount
    let arcCostOf: Buffer<Int64>  // arcCount
    let arcOriginal: Buffer<Int32>  // arcCount: index in the problem's arrays

    // Sinks: effective capacity min(capacity, in-degree) (never binding any other way), load, and
    // the sources currently assigned to each sink in slots[slotStart[j] ..< slotStart[j] + load[j]].
    let capacity: Buffer<Int32>
    let load: Buffer<Int32>
    let slotStart: Buffer<Int32>  // sinkCount + 1
    let slots: Buffer<Int32>
    let slotCount: Int

    // Sources: chosen arc (CSR position, -1 = unassigned) and its slot.
    let chosen: Buffer<Int32>
    let slotOf: Buffer<Int32>

    // Potentials.
    let potentialSource: Buffer<Int64>
    let potentialSink: Buffer<Int64>
    var potentialSuperSink: Int64 = 0

    // Reverse adjacency: the CSR positions of the arcs into each sink, and their sources.
    let inStart: Buffer<Int32>  // sinkCount + 1
    let inArc: Buffer<Int32>  // arcCount
    let inSource: Buffer<Int32>  // arcCount

    // Unassigned sources that have arcs, in increasing index order.
    let free: Buffer<Int32>
    var freeCount = 0

    // Dijkstra scratch.
    let distSource: Buffer<Int64>
    let distSink: Buffer<Int64>
    let touchedSource: Buffer<Int32>
    var touchedSourceCount = 0
    let touchedSink: Buffer<Int32>
    var touchedSinkCount = 0
    let heapKey: Buffer<Int64>
    let heapNode: Buffer<Int32>
    var heapCount = 0
    // Bucket queue for labels below `bucketCount` (Dial), in front of the binary heap, which
    // takes the larger labels. Dijkstra pops labels in non-decreasing order, so the buckets are
    // scanned once per Dijkstra by `cursor`.
    static let bucketCount = 4096
    let bucketHead: Buffer<Int32>
    let entryNode: Buffer<Int32>
    let entryNext: Buffer<Int32>
    var entryCount = 0
    var cursor = 0
    var highestBucket = -1
    let heapCapacity: Int

    // Depth-first search scratch.
    let markSource: Buffer<Int32>
    let markSink: Buffer<Int32>
    var stamp: Int32 = 0
    var bound: Int64 = 0  // this phase's D: the search stays among nodes at distance ≤ D
    let cursorSource: Buffer<Int32>
    let cursorSink: Buffer<Int32>
    let stack: Buffer<Int32>  // alternating source, sink, source, …

    // Stopping early (time limit, stop request). A stop is only acted on between augmentations,
    // so the flow is always feasible and the potentials valid.
    var limits = NetworkLimits()
    var workSincePoll = 0
    private(set) var stopReason: NetworkStopReason? = nil

    init(_ problem: TransportationProblem) {
        let S = problem.sourceCount, T = problem.sinkCount, A = problem.arcCount
        sourceCount = S
        sinkCount = T
        arcCount = A

        let start = Buffer<Int32>.allocate(capacity: S + 1)
        let sinkOf = Buffer<Int32>.allocate(capacity: max(A, 1))
        let costOf = Buffer<Int64>.allocate(capacity: max(A, 1))
        let original = Buffer<Int32>.allocate(capacity: max(A, 1))
        start.initialize(repeating: 0, count: S + 1)
        problem.arcSource.withUnsafeBufferPointer { src in
            for k in 0..<A { start[Int(src[k]) + 1] += 1 }
            for s in 0..<S { start[s + 1] += start[s] }
            let fill = Buffer<Int32>.allocate(capacity: S + 1)
            fill.initialize(from: start, count: S + 1)
            problem.arcSink.withUnsafeBufferPointer { snk in
                problem.arcCost.withUnsafeBufferPointer { cst in
                    for k in 0..<A {
                        let s = Int(src[k])
                        let p = Int(fill[s])
                        fill[s] += 1
                        sinkOf[p] = snk[k]
                        costOf[p] = cst[k]
                        original[p] = Int32(k)
                    }
                }
            }
            fill.deallocate()
        }
        arcStart = start
        arcSinkOf = sinkOf
        arcCostOf = costOf
        arcOriginal = original

        capacity = .allocate(capacity: max(T, 1))
        load = .allocate(capacity: max(T, 1))
        slotStart = .allocate(capacity: T + 1)
        capacity.initialize(repeating: 0, count: max(T, 1))
        load.initialize(repeating: 0, count: max(T, 1))
        for p in 0..<A { capacity[Int(arcSinkOf[p])] &+= 1 }  // in-degree first
        slotStart[0] = 0
        for j in 0..<T {
            let c = Int32(min(problem.sinkCapacities[j], Int(capacity[j])))
            capacity[j] = c
            slotStart[j + 1] = slotStart[j] + c
        }
        slotCount = Int(slotStart[T])

        inStart = .allocate(capacity: T + 1)
        inArc = .allocate(capacity: max(A, 1))
        inSource = .allocate(capacity: max(A, 1))
        inStart.initialize(repeating: 0, count: T + 1)
        for p in 0..<A { inStart[Int(arcSinkOf[p]) + 1] += 1 }
        for j in 0..<T { inStart[j + 1] += inStart[j] }
        do {
            let fill = Buffer<Int32>.allocate(capacity: T + 1)
            fill.initialize(from: inStart, count: T + 1)
            for s in 0..<S {
                for p in Int(arcStart[s])..<Int(arcStart[s + 1]) {
                    let j = Int(arcSinkOf[p])
                    let q = Int(fill[j])
                    fill[j] += 1
                    inArc[q] = Int32(p)
                    inSource[q] = Int32(s)
                }
            }
            fill.deallocate()
        }
        slots = .allocate(capacity: max(slotCount, 1))
        slots.initialize(repeating: -1, count: max(slotCount, 1))

        chosen = .allocate(capacity: max(S, 1))
        chosen.initialize(repeating: -1, count: max(S, 1))
        slotOf = .allocate(capacity: max(S, 1))
        slotOf.initialize(repeating: -1, count: max(S, 1))
        potentialSource = .allocate(capacity: max(S, 1))
        potentialSource.initialize(repeating: 0, count: max(S, 1))
        potentialSink = .allocate(capacity: max(T, 1))
        potentialSink.initialize(repeating: 0, count: max(T, 1))

        free = .allocate(capacity: max(S, 1))
        for s in 0..<S where arcStart[s + 1] > arcStart[s] {
            free[freeCount] = Int32(s)
            freeCount += 1
        }

        distSource = .allocate(capacity: max(S, 1))
        distSource.initialize(repeating: Self.infinity, count: max(S, 1))
        distSink = .allocate(capacity: max(T, 1))
        distSink.initialize(repeating: Self.infinity, count: max(T, 1))
        touchedSource = .allocate(capacity: max(S, 1))
        touchedSink = .allocate(capacity: max(T, 1))
        heapCapacity = A + 2 * S + T + 8
        heapKey = .allocate(capacity: heapCapacity)
        heapNode = .allocate(capacity: heapCapacity)
        bucketHead = .allocate(capacity: Self.bucketCount)
        bucketHead.initialize(repeating: -1, count: Self.bucketCount)
        entryNode = .allocate(capacity: heapCapacity)
        entryNext = .allocate(capacity: heapCapacity)

        markSource = .allocate(capacity: max(S, 1))
        markSource.initialize(repeating: 0, count: max(S, 1))
        markSink = .allocate(capacity: max(T, 1))
        markSink.initialize(repeating: 0, count: max(T, 1))
        cursorSource = .allocate(capacity: max(S, 1))
        cursorSink = .allocate(capacity: max(T, 1))
        stack = .allocate(capacity: 2 * min(S, T) + 4)
    }

    deinit {
        arcStart.deallocate(); arcSinkOf.deallocate(); arcCostOf.deallocate(); arcOriginal.deallocate()
        inStart.deallocate(); inArc.deallocate(); inSource.deallocate()
        capacity.deallocate(); load.deallocate(); slotStart.deallocate(); slots.deallocate()
        chosen.deallocate(); slotOf.deallocate()
        potentialSource.deallocate(); potentialSink.deallocate(); free.deallocate()
        distSource.deallocate(); distSink.deallocate(); touchedSource.deallocate(); touchedSink.deallocate()
        heapKey.deallocate(); heapNode.deallocate()
        bucketHead.deallocate(); entryNode.deallocate(); entryNext.deallocate()
        markSource.deallocate(); markSink.deallocate(); cursorSource.deallocate(); cursorSink.deallocate()
        stack.deallocate()
    }

    // MARK: - Main loop

    /// Successive shortest paths in phases. `penalty == nil`: until no augmenting path is left;
    /// otherwise until the shortest augmenting path costs at least the penalty.
    func run(penalty: Int64?) {
        while freeCount > 0 {
            if pollStop(work: limits.pollInterval) { break }  // checked at every phase
            let limit = penalty.map { $0 - potentialSuperSink } ?? Self.infinity
            // nil also when a stop came during the Dijkstra: the potentials are then untouched.
            guard let length = shortestAugmentingPath(limit: limit) else { break }
            raisePotentials(by: length)
            var total = 0
            while stopReason == nil {
                let found = augmentRound(length: length)
                total += found
                if found == 0 { break }
            }
            if stopReason != nil { compactFreeList(); break }
            // The Dijkstra found a shortest path, which is admissible after raising the potentials.
            precondition(total > 0, "NetworkSolver internal error: no admissible path after a Dijkstra phase")
            compactFreeList()
        }
    }

    /// Adds `work` units and, every `limits.pollInterval` units, checks the deadline and the stop
    /// request. With no limits it only counts.
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

    /// Empties the queue (buckets and heap).
    func clearQueue() {
        if highestBucket >= 0 { bucketHead.update(repeating: -1, count: highestBucket + 1) }
        highestBucket = -1
        cursor = 0
        entryCount = 0
        heapCount = 0
    }

    /// Adds `node` with label `key` (≥ the label last popped).
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
        while cursor <= highestBucket {
            let e = bucketHead[cursor]
            if e >= 0 {
                bucketHead[cursor] = entryNext[Int(e)]
                key = Int64(cursor)
                node = entryNode[Int(e)]
                return true
            }
            cursor += 1
        }
        if heapCount == 0 { return false }
        key = heapKey[0]
        node = heapNode[0]
        popMinimum()
        return true
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

    /// Removes the heap's minimum; the caller reads heapKey[0]/heapNode[0] first.
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

    @inline(__always) func relaxSink(_ j: Int, _ label: Int64) {
        if label < distSink[j] {
            if distSink[j] == Self.infinity { touchedSink[touchedSinkCount] = Int32(j); touchedSinkCount += 1 }
            distSink[j] = label
            push(label, Int32(sourceCount + j))
        }
    }

    @inline(__always) func relaxSource(_ s: Int, _ label: Int64) {
        if label < distSource[s] {
            if distSource[s] == Self.infinity { touchedSource[touchedSourceCount] = Int32(s); touchedSourceCount += 1 }
            distSource[s] = label
            push(label, Int32(s))
        }
    }

    /// Relaxes the residual arcs out of source `s` (all its arcs except the chosen one).
    @inline(__always) func scanSource(_ s: Int, _ d: Int64, bound: Int64) {
        let ps = potentialSource[s]
        let skip = Int(chosen[s])
        for k in Int(arcStart[s])..<Int(arcStart[s + 1]) where k != skip {
            let j = Int(arcSinkOf[k])
            let label = d + arcCostOf[k] + ps - potentialSink[j]
            if label < bound { relaxSink(j, label) }
        }
    }

    /// Relaxes the residual arcs `j → s` for the sources assigned to sink `j`.
    @inline(__always) func scanSink(_ j: Int, _ d: Int64, bound: Int64) {
        let pj = potentialSink[j]
        let start = Int(slotStart[j])
        for p in start..<(start + Int(load[j])) {
            let s = Int(slots[p])
            let label = d + pj - arcCostOf[Int(chosen[s])] - potentialSource[s]
            if label < bound { relaxSource(s, label) }
        }
    }

    /// Dijkstra (reduced costs) on the reversed residual graph from the super-sink: roots are the
    /// sinks with a free seat, at label φ_j − φ_t. Returns the distance D of the nearest unassigned
    /// source if D < limit — the reduced length of a shortest augmenting path. The labels of the
    /// nodes at distance ≤ D stay in distSource/distSink (listed in touched*) for `raisePotentials`
    /// and for restricting the search for augmenting paths.
    func shortestAugmentingPath(limit: Int64) -> Int64? {
        resetDistances()
        clearQueue()
        if limit <= 0 { return nil }
        for j in 0..<sinkCount where load[j] < capacity[j] {
            let label = potentialSink[j] - potentialSuperSink
            if label < limit { relaxSink(j, label) }
        }
        var best = limit  // once an unassigned source is reached: its distance + 1
        var found: Int64? = nil
        var d: Int64 = 0, node: Int32 = 0
        while pop(&d, &node) {
            let v = Int(node)
            if d >= best { break }
            if pollStop() { return nil }
            if v < sourceCount {
                if d != distSource[v] { continue }
                let k = Int(chosen[v])
                if k < 0 {
                    // The nearest unassigned source; settle everything else at the same distance.
                    if found == nil { found = d; best = d + 1 }
                    continue
                }
                // Residual arc j → v (the chosen arc, reversed).
                let j = Int(arcSinkOf[k])
                let label = d + potentialSink[j] - arcCostOf[k] - potentialSource[v]
                if label < best { relaxSink(j, label) }
            } else {
                let j = v - sourceCount
                if d != distSink[j] { continue }
                // Residual arcs s → j: every arc into j that is not s's chosen arc.
                let pj = potentialSink[j]
                for q in Int(inStart[j])..<Int(inStart[j + 1]) {
                    let k = Int(inArc[q]), s = Int(inSource[q])
                    if Int(chosen[s]) == k { continue }
                    let label = d + arcCostOf[k] + potentialSource[s] - pj
                    if label < best { relaxSource(s, label) }
                }
            }
        }
        return found
    }

    /// φ_v += D − min(dist_v, D) for every node, φ_t += D (only nodes closer than D change).
    func raisePotentials(by length: Int64) {
        for i in 0..<touchedSourceCount {
            let s = Int(touchedSource[i])
            let d = distSource[s]
            if d < length { potentialSource[s] += length - d }
        }
        for i in 0..<touchedSinkCount {
            let j = Int(touchedSink[i])
            let d = distSink[j]
            if d < length { potentialSink[j] += length - d }
        }
        potentialSuperSink += length
    }

    func resetDistances() {
        for i in 0..<touchedSourceCount { distSource[Int(touchedSource[i])] = Self.infinity }
        for i in 0..<touchedSinkCount { distSink[Int(touchedSink[i])] = Self.infinity }
        touchedSourceCount = 0
        touchedSinkCount = 0
    }

    // MARK: - Augmentation on the admissible (zero reduced cost) subgraph

    /// One round: a depth-first search from every unassigned source at distance exactly D, in index
    /// order, through nodes at distance ≤ D only, each node entered at most once per round (sinks
    /// with a free admissible seat end a path whenever they are reached). Returns the number of
    /// augmentations.
    func augmentRound(length: Int64) -> Int {
        stamp &+= 1
        if stamp == 0 {  // wrapped: clear the marks
            markSource.update(repeating: 0, count: max(sourceCount, 1))
            markSink.update(repeating: 0, count: max(sinkCount, 1))
            stamp = 1
        }
        bound = length
        var augmented = 0
        for i in 0..<freeCount {
            if pollStop() { break }
            let s = Int(free[i])
            if chosen[s] < 0 && distSource[s] == length && markSource[s] != stamp && augment(from: s) {
                augmented += 1
            }
        }
        return augmented
    }

    func compactFreeList() {
        var kept = 0
        for i in 0..<freeCount where chosen[Int(free[i])] < 0 {
            free[kept] = free[i]
            kept += 1
        }
        freeCount = kept
    }

    /// Iterative DFS from the unassigned source `root` for a path of admissible arcs ending at a
    /// sink with an admissible free seat (`load < capacity` and φ_j = φ_t); augments it if found.
    func augment(from root: Int) -> Bool {
        var depth = 0  // stack[0...depth]; even positions are sources, odd positions sinks
        stack[0] = Int32(root)
        markSource[root] = stamp
        cursorSource[root] = arcStart[root]
        while depth >= 0 {
            if depth & 1 == 0 {
                let s = Int(stack[depth])
                let ps = potentialSource[s]
                let skip = Int(chosen[s])
                var k = Int(cursorSource[s])
                let end = Int(arcStart[s + 1])
                var descended = false
                while k < end {
                    if k != skip {
                        let j = Int(arcSinkOf[k])
                        let pj = potentialSink[j]
                        if arcCostOf[k] + ps == pj {
                            if pj == potentialSuperSink && load[j] < capacity[j] {
                                cursorSource[s] = Int32(k)
                                applyPath(depth: depth, lastArc: k)
                                return true
                            }
                            if markSink[j] != stamp && distSink[j] <= bound {
                                markSink[j] = stamp
                                cursorSink[j] = slotStart[j]
                                cursorSource[s] = Int32(k)
                                depth += 1
                                stack[depth] = Int32(j)
                                descended = true
                                break
                            }
                        }
                    }
                    k += 1
                }
                if !descended {
                    cursorSource[s] = Int32(end)
                    depth -= 1  // dead end; the sink below moves on to its next source
                    if depth >= 0 { cursorSink[Int(stack[depth])] += 1 }
                }
            } else {
                let j = Int(stack[depth])
                let pj = potentialSink[j]
                var p = Int(cursorSink[j])
                let end = Int(slotStart[j] + load[j])
                var descended = false
                while p < end {
                    let s = Int(slots[p])
                    if markSource[s] != stamp && distSource[s] <= bound && pj - arcCostOf[Int(chosen[s])] == potentialSource[s] {
                        markSource[s] = stamp
                        cursorSource[s] = arcStart[s]
                        cursorSink[j] = Int32(p)
                        depth += 1
                        stack[depth] = Int32(s)
                        descended = true
                        break
                    }
                    p += 1
                }
                if !descended {
                    cursorSink[j] = Int32(end)
                    depth -= 1  // dead end; the source below moves on to its next arc
                    cursorSource[Int(stack[depth])] += 1
                }
            }
        }
        return false
    }

    /// Applies the path stack[0] → stack[1] → … → stack[depth] (a source) → sink of `lastArc`.
    /// Each source on the path moves to the next sink; the last takes a new seat; the root, which
    /// was unassigned, takes the seat freed by the source after it.
    func applyPath(depth: Int, lastArc: Int) {
        let last = Int(stack[depth])
        let j = Int(arcSinkOf[lastArc])
        var freed = slotOf[last]
        let seat = slotStart[j] + load[j]
        load[j] += 1
        slots[Int(seat)] = Int32(last)
        slotOf[last] = seat
        chosen[last] = Int32(lastArc)
        var i = depth - 2
        while i >= 0 {
            let s = Int(stack[i])
            let previous = slotOf[s]
            slots[Int(freed)] = Int32(s)
            slotOf[s] = freed
            chosen[s] = cursorSource[s]
            freed = previous
            i -= 2
        }
    }

    // MARK: - Prices

    /// Exact marginal values of one more seat per sink (see `NetworkSolution.sinkPrices`): true
    /// shortest distances in the final residual graph from the roots
    /// - `.penalty(P)`: the unassigned sources at 0 and the super-sink at P (an extra seat at j lets
    ///   a path from an unassigned source, or a chain of moves out of a full sink, end at j);
    ///   price = max(0, P − dist(j));
    /// - `.lexicographic`: the super-sink at 0, with the super-source σ as a node (matched s → σ and
    ///   σ → unassigned s, cost 0: swap an assigned student for an unassigned one);
    ///   price = max(0, −dist(j)).
    /// Computed with one Dijkstra on reduced costs, which the final potentials keep ≥ 0.
    func prices(penalty: Int64?) -> [Int64] {
        var prices = [Int64](repeating: 0, count: sinkCount)
        if sinkCount == 0 { return prices }
        resetDistances()
        clearQueue()
        let sigma = Int32(sourceCount + sinkCount)
        var distSigma = Self.infinity
        // Label = true distance − φ_v + C with C = 0 (.penalty) or φ_t (.lexicographic), so that every
        // root's label is ≥ 0 and arcs add their (non-negative) reduced costs. Since all φ ≥ 0, a
        // node with label ≥ limit has price 0 and need not be settled.
        let phiT = potentialSuperSink
        let shift: Int64 = penalty == nil ? phiT : 0
        let rootSuperSink = (penalty ?? 0) - phiT + shift
        let limit: Int64 = penalty ?? phiT
        if penalty != nil {
            for i in 0..<freeCount { relaxSource(Int(free[i]), 0) }
        }
        for j in 0..<sinkCount where load[j] > 0 { relaxSink(j, rootSuperSink + phiT - potentialSink[j]) }
        var d: Int64 = 0, node: Int32 = 0
        while pop(&d, &node) {
            let v = Int(node)
            if d >= limit { break }
            if v < sourceCount {
                if d != distSource[v] { continue }
                scanSource(v, d, bound: limit)
                if penalty == nil && chosen[v] >= 0 {
                    let label = d + potentialSource[v]
                    if label < distSigma && label < limit { distSigma = label; push(label, sigma) }
                }
            } else if v < Int(sigma) {
                let j = v - sourceCount
                if d != distSink[j] { continue }
                scanSink(j, d, bound: limit)
            } else {
                if d != distSigma { continue }
                for i in 0..<freeCount { relaxSource(Int(free[i]), d) }
            }
        }
        for i in 0..<touchedSinkCount {
            let j = Int(touchedSink[i])
            let d = distSink[j]
            if d >= limit { continue }
            let distance = d + potentialSink[j] - shift
            prices[j] = max(0, (penalty ?? 0) - distance)
        }
        return prices
    }

    // MARK: - Result

    /// An upper bound on the number of sources any assignment can place: the cut between the
    /// nodes reachable in the residual graph from the unassigned sources and the rest has capacity
    /// assigned + (free seats of the reachable sinks), and no flow exceeds a cut. At most
    /// assigned + the unassigned sources that have arcs.
    func assignedUpperBound(assigned: Int) -> Int {
        var reached = [Bool](repeating: false, count: sinkCount)
        var seen = [Bool](repeating: false, count: sourceCount)
        var queue: [Int32] = []
        for i in 0..<freeCount {
            let s = Int(free[i])
            if chosen[s] < 0 && !seen[s] { seen[s] = true; queue.append(Int32(s)) }
        }
        let unassigned = queue.count
        var freeSeats = 0
        var head = 0
        while head < queue.count {
            let s = Int(queue[head])
            head += 1
            for k in Int(arcStart[s])..<Int(arcStart[s + 1]) where k != Int(chosen[s]) {
                let j = Int(arcSinkOf[k])
                if reached[j] { continue }
                reached[j] = true
                freeSeats += Int(capacity[j] - load[j])
                let start = Int(slotStart[j])
                for p in start..<(start + Int(load[j])) {
                    let t = Int(slots[p])
                    if !seen[t] { seen[t] = true; queue.append(Int32(t)) }
                }
            }
        }
        return assigned + min(freeSeats, unassigned)
    }

    func solution(_ problem: TransportationProblem, penalty: Int64?) -> NetworkSolution {
        var assignment = [Int32](repeating: -1, count: sourceCount)
        var assigned = 0
        var cost: Int64 = 0
        for s in 0..<sourceCount {
            let k = Int(chosen[s])
            if k >= 0 {
                assignment[s] = arcOriginal[k]
                assigned += 1
                cost += arcCostOf[k]
            }
        }
        if let reason = stopReason {
            let stop = NetworkStop(
                reason: reason, assignedUpperBound: assignedUpperBound(assigned: assigned),
                marginalCostLowerBound: potentialSuperSink)
            return NetworkSolution(assignment: assignment, assigned: assigned, cost: cost, sinkPrices: [], stopped: stop)
        }
        return NetworkSolution(assignment: assignment, assigned: assigned, cost: cost, sinkPrices: prices(penalty: penalty))
    }
}
