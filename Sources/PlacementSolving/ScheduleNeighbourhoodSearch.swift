import PlacementFormulation
import PlacementModel

/// Large-neighbourhood search on a schedule: frees a few students (an unplaced one and those
/// holding the full rows in her way), fixes everyone else, and solves that small model exactly
/// with GLPK (the first stage, under a work limit, started from the current point). The new point is
/// kept when it is lexicographically better; the local search cannot do such multi-student swaps.
///
/// Rounds draw from a fixed-seed generator and each GLPK call has a work limit, so without a
/// deadline the result is the same on every machine; a deadline only ends the rounds earlier.
struct ScheduleNeighbourhoodSearch {
    private let model: LinearModel
    /// Each student's columns (placements, second parts, academic mentors).
    private let studentColumns: [[Int]]
    /// Each student's placement columns (a student is placed when one is at 1).
    private let placementColumns: [[Int]]
    /// The student owning each column, -1 for none.
    private let owner: [Int32]
    /// Rows of each column: rowOf[columnStart[j]..<columnStart[j + 1]].
    private let columnStart: [Int]
    private let rowOf: [Int32]
    private let coefficientOf: [Double]

    /// Nil for a formulation without a schedule or with a fairness (ratio) stage, which the
    /// sub-models could not carry.
    init?(_ f: Formulation) {
        guard let scheduling = f.scheduling, !f.model.objectives.contains(where: { $0.maxMinRatio != nil }) else { return nil }
        model = f.model
        let students = f.scenario.students.count
        var columns = [[Int]](repeating: [], count: students)
        var placements = [[Int]](repeating: [], count: students)
        for s in 0..<students {
            placements[s] = Array(f.candidates.studentRanges[s])
            columns[s] = placements[s] + scheduling.secondRanges[s].map { scheduling.secondColumnStart + $0 }
        }
        for a in scheduling.academicColumns { columns[Int(a.student)].append(a.column) }
        var owner = [Int32](repeating: -1, count: model.variableCount)
        for (s, list) in columns.enumerated() { for j in list { owner[j] = Int32(s) } }
        var count = [Int](repeating: 0, count: model.variableCount + 1)
        for row in model.constraints { for t in row.terms { count[t.variable + 1] += 1 } }
        for j in 0..<model.variableCount { count[j + 1] += count[j] }
        var fill = count
        var rowOf = [Int32](repeating: 0, count: count[model.variableCount])
        var coefficientOf = [Double](repeating: 0, count: count[model.variableCount])
        for (i, row) in model.constraints.enumerated() {
            for t in row.terms {
                rowOf[fill[t.variable]] = Int32(i)
                coefficientOf[fill[t.variable]] = t.coefficient
                fill[t.variable] += 1
            }
        }
        studentColumns = columns
        placementColumns = placements
        self.owner = owner
        columnStart = count
        self.rowOf = rowOf
        self.coefficientOf = coefficientOf
    }

    /// The outcome of `improve`: the best point, the rounds run and how many of them improved it,
    /// and whether the deadline (not the number of rounds) ended the search.
    struct Outcome {
        var values: [Double]
        var rounds = 0
        var improvements = 0
        var stoppedByDeadline = false
    }

    /// Up to `rounds` rounds, each freeing about `studentsPerRound` students and giving GLPK
    /// `workPerRound` simplex iterations; never returns a point worse than `values`.
    func improve(
        _ values: [Double], rounds: Int, studentsPerRound: Int = 12, workPerRound: Int = 3_000,
        deadline: ContinuousClock.Instant? = nil
    ) -> Outcome {
        var outcome = Outcome(values: values)
        var rng = SplitMix64(seed: 0x1A5E_5EED)
        for _ in 0..<rounds {
            if let deadline, ContinuousClock.now >= deadline {
                outcome.stoppedByDeadline = true
                break
            }
            if Budget.stopRequested { break }
            let current = outcome.values
            let unplaced = placementColumns.indices.filter { s in
                !placementColumns[s].isEmpty && !placementColumns[s].contains { current[$0] > 0.5 }
            }
            guard !unplaced.isEmpty else { break }
            outcome.rounds += 1
            let seed = unplaced[Int(rng.next() % UInt64(unplaced.count))]
            let freed = neighbourhood(of: seed, at: current, size: studentsPerRound, rng: &rng)
            if let better = solve(freeing: freed, at: current, work: workPerRound, deadline: deadline) {
                outcome.values = better
                outcome.improvements += 1
            }
        }
        return outcome
    }

    /// The seed student, then the students holding the full rows her options need (rows in a
    /// random order), then other unplaced students who could use those rows, up to `size`.
    private func neighbourhood(of seed: Int, at values: [Double], size: Int, rng: inout SplitMix64) -> [Int] {
        var activity = [Double](repeating: 0, count: model.constraintCount)
        for j in values.indices where values[j] != 0 {
            for k in columnStart[j]..<columnStart[j + 1] { activity[Int(rowOf[k])] += values[j] * coefficientOf[k] }
        }
        // Full rows of the seed's options (the rows where she does not fit).
        var rows: [Int] = [], seen = Set<Int>()
        for j in placementColumns[seed] {
            for k in columnStart[j]..<columnStart[j + 1] {
                let r = Int(rowOf[k])
                if model.constraints[r].upper.isFinite, activity[r] + 1 > model.constraints[r].upper + 1e-9, seen.insert(r).inserted {
                    rows.append(r)
                }
            }
        }
        for i in rows.indices.reversed() where i > 0 { rows.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        var freed = [seed], chosen: Set<Int> = [seed]
        var waiting: [Int] = []  // unplaced students met in those rows
        for r in rows where freed.count < size {
            for t in model.constraints[r].terms {
                let s = Int(owner[t.variable])
                guard s >= 0, !chosen.contains(s) else { continue }
                if values[t.variable] > 0.5 {
                    chosen.insert(s)
                    freed.append(s)
                    if freed.count >= size { break }
                } else if waiting.count < size, !placementColumns[s].contains(where: { values[$0] > 0.5 }) {
                    waiting.append(s)
                }
            }
        }
        // Half of what is left for other unplaced students: they may fit after the swaps.
        for s in waiting where freed.count < size + size / 2 && !chosen.contains(s) {
            chosen.insert(s)
            freed.append(s)
        }
        return freed
    }

    /// GLPK on the model of the freed students' columns with everyone else fixed; the whole point
    /// when it is feasible and better than `values`, else nil.
    private func solve(freeing students: [Int], at values: [Double], work: Int, deadline: ContinuousClock.Instant?) -> [Double]? {
        let free = students.flatMap { studentColumns[$0] }.sorted()
        var index = [Int: Int]()
        var sub = LinearModel()
        for j in free {
            index[j] = sub.addVariable(model.variables[j])
        }
        var rows = Set<Int>()
        for j in free { for k in columnStart[j]..<columnStart[j + 1] { rows.insert(Int(rowOf[k])) } }
        for r in rows.sorted() {
            let row = model.constraints[r]
            var fixed = 0.0
            var terms: [LinearModel.Term] = []
            for t in row.terms {
                if let i = index[t.variable] { terms.append(.init(i, t.coefficient)) } else { fixed += t.coefficient * values[t.variable] }
            }
            _ = sub.addConstraint(.init(name: row.name, terms: terms, lower: row.lower - fixed, upper: row.upper - fixed))
        }
        // The first stage only: a second stage's warm start and search cost more than the
        // rounds' gain (the cost falls in the local search; a worse cost is refused below).
        sub.objectives = model.objectives.prefix(1).map { objective in
            var o = objective
            o.terms = objective.terms.compactMap { t in index[t.variable].map { .init($0, t.coefficient) } }
            o.constant = 0
            return o
        }
        sub.isNetworkStructured = false
        let start = free.map { values[$0] }
        guard let solution = try? GLPKMethod().solve(model: sub, budget: Budget(deadline: deadline, workLimit: work), start: start),
            solution.status.hasSolution, solution.values.count == free.count
        else { return nil }
        var candidate = values
        for (i, j) in free.enumerated() { candidate[j] = solution.values[i].rounded() }
        guard model.maximumViolation(at: candidate) <= 1e-9, GreedyWithLagrangianBounds.isBetter(candidate, than: values, in: model) else {
            return nil
        }
        return candidate
    }
}
