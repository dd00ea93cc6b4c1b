import Foundation
import PlacementConcurrency
import PlacementGLPK
import PlacementModel

/// Large-neighbourhood search on a schedule too large for GLPK as a whole: free a few hundred
/// students who compete for the same full seats (an unplaced student, the students in the seats
/// she could take, the unplaced students who could take theirs, …), fix everyone else, and let
/// GLPK solve that small residual model exactly from the current schedule. The greedy fills seats
/// one student at a time and leaves gaps a joint re-packing closes (3,000 students: the whole
/// model's optimum is at least 2,802 placed against the greedy's 2,761; docs/scheduling.md).
///
/// Each round is bounded by simplex iterations and the neighbourhoods come from a fixed seed, so
/// without a time limit the result is the same on every machine.
struct ScheduleNeighbourhoodSearch {
    let greedy: GreedySchedule
    /// Students freed per round. At 3,000 students, 12 rounds of 200 (3,000 iterations each) gained
    /// 4 placements in 6.7 s; 16 of 300 (5,000) gained 10 in 46 s; 8 of 600 (10,000) took 358 s.
    static let studentsPerRound = 200
    /// GLPK's work per round (all stages), in simplex iterations.
    static let iterationsPerRound = 3_000
    /// An option stays in a freed student's residual when it is hers now, the guide gives it
    /// weight, or it is among her `cheapestOptions` by price (the whole option list would make the
    /// residual as hard as the model).
    static let cheapestOptions = 1

    /// Per model row, the students with an option that uses it (ascending, no repeats).
    private let studentsOfRow: [[Int32]]

    init(_ greedy: GreedySchedule) {
        self.greedy = greedy
        let model = greedy.model
        var studentsOfRow = [[Int32]](repeating: [], count: model.constraintCount)
        for (s, list) in greedy.choices.enumerated() {
            for option in list {
                for j in option.columns {
                    for k in greedy.columnStart[j]..<greedy.columnStart[j + 1] {
                        let r = Int(greedy.rowOf[k])
                        if studentsOfRow[r].last != Int32(s) { studentsOfRow[r].append(Int32(s)) }
                    }
                }
            }
        }
        self.studentsOfRow = studentsOfRow
    }

    /// The best point met (never worse than `start`, which meets the model, lexicographically for
    /// the model's objectives) after `rounds` rounds, or fewer when `deadline` passes; how many
    /// neighbourhoods ran, how many improved it and the simplex iterations they used. `guide` (an
    /// approximate LP optimum) and `prices` (per row) choose which options of a freed student GLPK sees.
    /// `workLimit`: the most simplex iterations in all (nil: `iterationsPerRound` each neighbourhood).
    /// `seed` picks the neighbourhoods (a search continued later takes another).
    ///
    /// Each round draws `lanes` neighbourhoods from the same point, each with the students of those
    /// drawn before it frozen, and GLPK re-packs them side by side on the cores; each re-packing
    /// that still fits beside those taken before it and improves the point is taken, in the order
    /// drawn. The draws and the iteration budgets do not depend on the cores, so without a time
    /// limit the result is the same on every machine.
    func improve(
        _ start: [Double], guide: [Double]?, prices: [Double], rounds: Int, workLimit: Int? = nil, deadline: ContinuousClock.Instant?,
        seed: UInt64 = 0x5EED_0F_1A5, frozen: Set<Int> = []
    ) -> (values: [Double], rounds: Int, improvements: Int, iterations: Int) {
        let model = greedy.model
        var values = start, improvements = 0, ran = 0, used = 0
        var random = SplitMix64(seed: seed)
        let columnPrice = greedy.columnPrices(prices)
        var workLeft = workLimit
        for _ in 0..<rounds {
            if let deadline, ContinuousClock.now >= deadline { break }
            if let left = workLeft, left <= 0 { break }
            if Budget.stopRequested { break }
            var drawn: [[Int]] = []
            var drawnFrozen = frozen
            let state = PointState(greedy, at: values)
            for _ in 0..<Self.lanes {
                let students = neighbourhood(in: state, random: &random, frozen: drawnFrozen)
                if students.isEmpty { break }
                drawn.append(students)
                drawnFrozen.formUnion(students)
            }
            guard !drawn.isEmpty else { break }
            ran += drawn.count
            let seconds = deadline.map { max(0.001, ContinuousClock.now.duration(to: $0) / .seconds(1)) }
            let iterations = max(1, min(Self.iterationsPerRound, (workLeft ?? .max) / drawn.count))
            let point = values
            let repack: @Sendable ([Int]) -> Repacked = { students in
                self.repack(students, at: point, guide: guide, columnPrice: columnPrice, seconds: seconds, iterations: iterations)
            }
            let others = drawn.dropFirst().map { students in
                InBackground(start: true) {
                    let repacked = repack(students)
                    GLPKSolver.releaseThreadEnvironment()
                    return repacked
                }
            }
            let results = [repack(drawn[0])] + others.map(\.value)
            for result in results {
                used += result.iterations
                workLeft = workLeft.map { $0 - max(1, result.iterations) }
                guard let changes = result.changes else { continue }
                var candidate = values
                for (j, value) in zip(changes.free, changes.values) { candidate[j] = value }
                // The point meets the model, so only the changed columns and their rows can break it.
                if model.maximumViolation(at: candidate, columns: changes.free, rows: changes.rows) <= 1e-6,
                    GreedyWithLagrangianBounds.isBetter(candidate, than: values, in: model)
                {
                    values = candidate
                    improvements += 1
                }
            }
            if results.contains(where: \.noResidual) { break }
        }
        return (values, ran, improvements, used)
    }

    /// Neighbourhoods re-packed side by side in a round (`improve`). Fixed (not the machine's
    /// cores), so the result is the same on every machine. 3,000 students without a time limit:
    /// 109 s instead of 130 s with one, the same placed and a lower cost (32,081 against 32,220);
    /// at 60 s no gain beyond run-to-run variation (a round waits for its slower re-packing).
    static let lanes = 2

    /// One neighbourhood's re-packing: its free columns' new values and the rows they are in (nil
    /// when GLPK found none), or no residual model at all (the point does not satisfy the fixed rows).
    struct Repacked: Sendable {
        var changes: (free: [Int], values: [Double], rows: [Int])?
        var iterations = 0
        var noResidual = false
    }

    /// GLPK re-packs `students` with everyone else fixed at `point`.
    private func repack(
        _ students: [Int], at point: [Double], guide: [Double]?, columnPrice: [Double], seconds: Double?, iterations: Int
    ) -> Repacked {
        let model = greedy.model
        let free = (students.flatMap { columns(of: $0, at: point, guide: guide, columnPrice: columnPrice) } + greedy.columnsInNoOption).sorted()
        var touched = [Bool](repeating: false, count: model.constraintCount)
        for j in free { for k in greedy.columnStart[j]..<greedy.columnStart[j + 1] { touched[Int(greedy.rowOf[k])] = true } }
        let rows = touched.indices.filter { touched[$0] }
        guard let residual = ResidualModel(model, free: free, fixedAt: point, rows: rows) else {
            return Repacked(noResidual: true)
        }
        // GLPK sees only the rows its free columns can fill (the same optima, a tenth of the rows).
        var reduced = residual.model
        reduced.removeConstraints(reduced.slackRows().union(reduced.impliedRows()))
        let options = SolveOptions(timeLimit: seconds, iterationLimit: iterations, start: residual.start)
        guard let solution = try? GLPKSolver().solve(reduced, options: options) else { return Repacked() }
        guard !solution.values.isEmpty else { return Repacked(iterations: solution.iterations) }
        let values = solution.values.enumerated().map { model.variables[free[$0.offset]].isInteger ? $0.element.rounded() : $0.element }
        return Repacked(changes: (free, values, rows), iterations: solution.iterations)
    }

    /// What a round's neighbourhoods read from its point, worked out once: each row's activity
    /// and each student's option in use (empty when unplaced).
    private struct PointState {
        let activity: [Double]
        let held: [[Int]]

        init(_ greedy: GreedySchedule, at values: [Double]) {
            var activity = [Double](repeating: 0, count: greedy.model.constraintCount)
            for (j, v) in values.enumerated() where v != 0 {
                for k in greedy.columnStart[j]..<greedy.columnStart[j + 1] { activity[Int(greedy.rowOf[k])] += greedy.coefficientOf[k] * v }
            }
            self.activity = activity
            held = greedy.choices.map { list in list.first { $0.columns.allSatisfy { values[$0] > 0.5 } }?.columns ?? [] }
        }
    }

    /// Up to `studentsPerRound` students grown from a random unplaced one (any student when all
    /// are placed) across full rows: a freed student's options meet rows with no room left, and
    /// the students holding those rows, or unplaced and able to use them, are freed next.
    /// `frozen`: students never freed (they keep their current values).
    private func neighbourhood(in state: PointState, random: inout SplitMix64, frozen: Set<Int>) -> [Int] {
        let model = greedy.model
        let choices = greedy.choices
        let withOptions = choices.indices.filter { !choices[$0].isEmpty && !frozen.contains($0) }
        guard !withOptions.isEmpty else { return [] }
        let unplaced = withOptions.filter { state.held[$0].isEmpty }
        let pool = unplaced.isEmpty ? withOptions : unplaced
        let seed = pool[Int(random.next() % UInt64(pool.count))]
        func isFull(_ r: Int) -> Bool { model.constraints[r].upper - state.activity[r] < 1 - 1e-9 }
        func rows(of columns: [Int]) -> Set<Int> {
            Set(columns.flatMap { j in (greedy.columnStart[j]..<greedy.columnStart[j + 1]).map { Int(greedy.rowOf[$0]) } })
        }
        /// Whether one of the columns is in row r.
        func meets(_ columns: [Int], _ r: Int) -> Bool {
            columns.contains { j in (greedy.columnStart[j]..<greedy.columnStart[j + 1]).contains { Int(greedy.rowOf[$0]) == r } }
        }
        var picked: [Int] = [], isPicked = [Bool](repeating: false, count: choices.count)
        var seenRow = [Bool](repeating: false, count: model.constraintCount)
        var queue = [seed], head = 0
        isPicked[seed] = true
        while head < queue.count, picked.count < Self.studentsPerRound {
            let s = queue[head]
            head += 1
            picked.append(s)
            for r in rows(of: choices[s].flatMap(\.columns)).sorted() where !seenRow[r] && isFull(r) {
                seenRow[r] = true
                for k in studentsOfRow[r].map(Int.init) where !isPicked[k] && !frozen.contains(k) {
                    let held = state.held[k]
                    if held.isEmpty || meets(held, r) {
                        isPicked[k] = true
                        queue.append(k)
                    }
                }
            }
        }
        return picked.sorted()
    }

    /// A freed student's columns in the residual: her current option's, those of options the
    /// guide weights, and those of her cheapest options by price.
    private func columns(of s: Int, at values: [Double], guide: [Double]?, columnPrice: [Double]) -> [Int] {
        let list = greedy.choices[s]
        let price = list.map { $0.columns.reduce(0) { $0 + columnPrice[$1] } }
        let byPrice = list.indices.sorted { (price[$0], list[$0].cost, $0) < (price[$1], list[$1].cost, $1) }
        var kept = Set<Int>()
        for (rank, index) in byPrice.enumerated() {
            let columns = list[index].columns
            let used = columns.allSatisfy { values[$0] > 0.5 }
            let guided = guide.map { g in columns.allSatisfy { g[$0] > 1e-3 } } ?? false
            if rank < Self.cheapestOptions || used || guided { kept.formUnion(columns) }
        }
        return kept.sorted()
    }
}

/// The neighbourhood search of a greedy schedule, kept to go on from a later point: under a time
/// limit the mentors are assigned after the search, and the time they leave goes to more
/// neighbourhoods (`ScheduledRounds`).
struct NeighbourhoodContinuation: Sendable {
    let search: ScheduleNeighbourhoodSearch
    let guide: [Double]?
    let prices: [Double]

    /// The best point met from `start` until `deadline` (never worse, lexicographically), with
    /// the neighbourhoods of the `part`-th continuation (each part draws other neighbourhoods);
    /// `frozen` students keep their values (those no mentor could serve where they would go).
    func improve(
        _ start: [Double], part: UInt64, workLimit: Int?, deadline: ContinuousClock.Instant, frozen: Set<Int>
    ) -> (
        values: [Double], rounds: Int, improvements: Int, iterations: Int
    ) {
        search.improve(
            start, guide: guide, prices: prices, rounds: .max, workLimit: workLimit, deadline: deadline,
            seed: 0x5EED_0F_1A5 &+ part &* 0xA24B_AED4_963E_E407, frozen: frozen)
    }
}
