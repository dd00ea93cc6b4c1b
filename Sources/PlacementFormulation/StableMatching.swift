import PlacementDomain
import PlacementModel

/// Base-side ranking of every candidate, precomputed so that comparisons are array reads.
/// Larger key = better for the base; equal keys are ties.
public struct BaseSideKeys: Sendable {
    public let priority: [Int32]
    public let score: [Double]

    public init(_ f: Formulation) { self.init(scenario: f.scenario, candidates: f.candidates) }

    /// From the candidates alone, so that the rankings can be computed while the model is built.
    public init(scenario: Scenario, candidates: CandidateSet) {
        let prefs = Preferences(scenario: scenario)
        var priority = [Int32](), score = [Double]()
        priority.reserveCapacity(candidates.count)
        score.reserveCapacity(candidates.count)
        let bases = scenario.bases, students = scenario.students
        for c in candidates.candidates {
            let key = prefs.baseKey(base: bases[Int(c.base)], student: students[Int(c.student)])
            priority.append(Int32(key.priority))
            score.append(key.score)
        }
        self.priority = priority
        self.score = score
    }

    /// True when the base strictly prefers candidate a's student to candidate b's.
    @inline(__always) public func strictlyBetter(_ a: Int, _ b: Int) -> Bool {
        priority[a] != priority[b] ? priority[a] > priority[b] : score[a] > score[b]
    }

    /// As strictlyBetter, with ties broken by roster order (earlier student first): a strict order
    /// for deferred acceptance.
    @inline(__always) func betterWithTieBreak(_ a: Int, _ b: Int, _ cands: [Candidate]) -> Bool {
        if priority[a] != priority[b] { return priority[a] > priority[b] }
        if score[a] != score[b] { return score[a] > score[b] }
        return cands[a].student < cands[b].student
    }
}

/// Student-proposing deferred acceptance for hospitals/residents with (base, term) as hospitals:
/// the student-optimal stable matching (with ties in bases' rankings broken by roster order, so
/// it is weakly stable for the original rankings). Students propose in candidate order (her rank,
/// then term order). O(candidates · log capacity).
public enum DeferredAcceptance {
    /// Returns, per student, the chosen candidate index or -1.
    public static func match(_ f: Formulation, keys: BaseSideKeys) -> [Int] {
        match(f, keys: keys, deadline: nil, shouldStop: nil)!
    }

    /// As `match`, but gives up (nil) once `deadline` has passed or `shouldStop` returns true:
    /// a matching cut short is not stable, so there is nothing partial worth returning. Both are
    /// polled every `pollInterval` proposals and base-terms sorted.
    public static func match(_ f: Formulation, keys: BaseSideKeys, deadline: ContinuousClock.Instant?,
                             shouldStop: (() -> Bool)?, pollInterval: Int = 4096) -> [Int]? {
        var work = 0
        func stopping() -> Bool {
            work += 1
            if work < pollInterval { return false }
            work = 0
            if let shouldStop, shouldStop() { return true }
            if let deadline, ContinuousClock.now >= deadline { return true }
            return false
        }
        work = pollInterval
        if stopping() { return nil }
        let cands = f.candidates.candidates
        // Each base-term's applicants sorted once into a strict order; comparisons are then
        // integer reads (rankInSlot: 0 = the base's favourite).
        var slot = [Int32](repeating: 0, count: cands.count)
        var rankInSlot = [Int32](repeating: 0, count: cands.count)
        var capacity: [Int] = []
        for key in f.candidatesByBaseTerm.keys.sorted() {
            if stopping() { return nil }
            let h = Int32(capacity.count)
            capacity.append(f.scenario.bases[Int(key.base)].capacity(in: f.scenario.terms[Int(key.term)].id))
            let ordered = f.candidatesByBaseTerm[key]!.sorted { keys.betterWithTieBreak($0, $1, cands) }
            for (r, k) in ordered.enumerated() {
                slot[k] = h
                rankInSlot[k] = Int32(r)
            }
        }
        // Per slot, a binary max-heap on rankInSlot: the least preferred held applicant on top.
        var held = [[Int32]](repeating: [], count: capacity.count)
        var next = f.candidates.studentRanges.map(\.lowerBound)
        var assignment = [Int](repeating: -1, count: f.scenario.students.count)
        var free = Array((0..<f.scenario.students.count).reversed())

        while let s = free.popLast() {
            if stopping() { return nil }
            let end = f.candidates.studentRanges[s].upperBound
            guard next[s] < end else { continue }
            let k = next[s]
            next[s] += 1
            let h = Int(slot[k])
            if held[h].count < capacity[h] {
                push(&held[h], Int32(k), rankInSlot)
                assignment[s] = k
            } else if let top = held[h].first, rankInSlot[Int(top)] > rankInSlot[k] {
                replaceTop(&held[h], Int32(k), rankInSlot)
                assignment[s] = k
                let rejected = Int(cands[Int(top)].student)
                assignment[rejected] = -1
                free.append(rejected)
            } else {
                free.append(s)
            }
        }
        return assignment
    }

    private static func push(_ heap: inout [Int32], _ value: Int32, _ rank: [Int32]) {
        heap.append(value)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard rank[Int(heap[i])] > rank[Int(heap[parent])] else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    /// Replaces the top (least preferred) with value and restores the heap.
    private static func replaceTop(_ heap: inout [Int32], _ value: Int32, _ rank: [Int32]) {
        heap[0] = value
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heap.count && rank[Int(heap[l])] > rank[Int(heap[m])] { m = l }
            if r < heap.count && rank[Int(heap[r])] > rank[Int(heap[m])] { m = r }
            if m == i { break }
            heap.swapAt(i, m)
            i = m
        }
    }

    /// Every blocking pair of an assignment (candidate index per student, -1 = unplaced): the
    /// student strictly prefers the base-term to what she has, and the base-term has a free seat
    /// or holds a student it strictly prefers her to. Returned as candidate indices, in order.
    public static func blockingPairs(_ f: Formulation, keys: BaseSideKeys, assignment: [Int]) -> [Int] {
        // Per base-term, indexed base × terms + term: interns, the worst of them, and seats.
        let terms = f.scenario.terms.count
        func slot(_ c: Candidate) -> Int { Int(c.base) * terms + Int(c.term) }
        var count = [Int](repeating: 0, count: f.scenario.bases.count * terms)
        var worst = [Int](repeating: -1, count: count.count)
        var seats = [Int](repeating: 0, count: count.count)
        for (b, base) in f.scenario.bases.enumerated() {
            for (t, term) in f.scenario.terms.enumerated() { seats[b * terms + t] = base.capacity(in: term.id) }
        }
        for k in assignment where k >= 0 {
            let i = slot(f.candidates.candidates[k])
            count[i] += 1
            if worst[i] < 0 || keys.strictlyBetter(worst[i], k) { worst[i] = k }
        }
        var pairs: [Int] = []
        for (s, range) in f.candidates.studentRanges.enumerated() {
            let limit = assignment[s] >= 0 ? assignment[s] : range.upperBound
            for k in range where k < limit {
                let i = slot(f.candidates.candidates[k])
                // Candidates of the same base in a later term are not preferred by rank; only
                // strictly better positions in her order count (her order is strict).
                if count[i] < seats[i] { pairs.append(k); continue }
                if worst[i] >= 0, keys.strictlyBetter(k, worst[i]) { pairs.append(k) }
            }
        }
        return pairs
    }

}
