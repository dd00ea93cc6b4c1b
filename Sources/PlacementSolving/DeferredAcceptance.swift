import Foundation
import PlacementDomain
import PlacementFormulation
import PlacementModel

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
    public static func match(
        _ f: Formulation, keys: BaseSideKeys, deadline: ContinuousClock.Instant?,
        shouldStop: (() -> Bool)?, pollInterval: Int = 4096
    ) -> [Int]? {
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

/// `stability: required` without side rules: the student-optimal stable matching, with the
/// policy's objectives evaluated on it. When an objective uses helper variables (worst rank,
/// lowest rate), GLPK sets them with every placement variable fixed at the matching, so each
/// stage's value is the matching's true value.
public struct DeferredAcceptanceMethod: SolveMethod {
    /// The bases' rankings of their applicants.
    public let keys: BaseSideKeys

    public init(keys: BaseSideKeys) { self.keys = keys }

    public var name: String { "placement deferred acceptance" }

    public func solve(_ f: Formulation, budget: Budget) throws(SolverError) -> SolveResult {
        // A matching cut short by the time limit or a stop request is not stable: no solution then.
        guard let assignment = DeferredAcceptance.match(f, keys: keys, deadline: budget.deadline, shouldStop: { Budget.stopRequested }) else {
            return SolveResult(solution: Solution(status: .noSolution, values: [], stages: [], solverName: name), formulation: f)
        }
        var values = [Double](repeating: 0, count: f.model.variableCount)
        for k in assignment where k >= 0 { values[k] = 1 }
        let evidence = "evaluated on the student-optimal stable matching (deferred acceptance), which stability: required fixes"
        if f.model.variableCount > f.candidates.count {
            var fixed = f.model
            for k in 0..<f.candidates.count { fixed.setBounds(of: k, lower: values[k], upper: values[k]) }
            let solved = try GLPKMethod().solve(model: fixed, budget: .unlimited)
            guard solved.status.hasSolution else { throw .glpk(.invalidModel("the stable matching does not satisfy the model")) }
            values = solved.values
        }
        let stages = f.model.objectives.map { o -> StageResult in
            let v = f.model.value(of: o, at: values)
            return StageResult(name: o.name, value: v, bound: v, status: .optimal, evidence: evidence, seconds: 0)
        }
        return SolveResult(solution: Solution(status: .optimal, values: values, stages: stages, solverName: name), formulation: f)
    }
}
