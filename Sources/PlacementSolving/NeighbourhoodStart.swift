import PlacementFormulation
import PlacementModel

/// A feasible point for a formulation built from a known placement (an earlier report's, or the
/// optimum before a seat was added), for GLPK's branch-and-bound to start from
/// (`SolveOptions.start`): with a good incumbent from its first node it prunes at once, and a
/// stage whose LP bound the start already meets needs no search at all.
///
/// The placement rarely fits the changed model as it is (explain locks a student elsewhere), so
/// it is repaired: a row a fixed placement cannot meet (a lock) gets one of its columns set; every
/// other broken row loses placements until it holds (a seat over-full, a group split, a base
/// under its minimum closed). Then single moves that improve the objectives lexicographically
/// (place an unplaced student, move one to a better choice) fill what the repair emptied.
/// Deterministic: rows, students and candidates are visited in index order.
public struct NeighbourhoodStart {
    let formulation: Formulation
    let model: LinearModel
    /// For each column, the rows it appears in with its coefficient.
    private var rowsOf: [[(row: Int, coefficient: Double)]]
    private var activity: [Double]
    private var values: [Double]
    /// Columns set to meet a row that cannot be met by removing placements (never removed again).
    private var protected: Set<Int> = []

    /// Improving passes over the students after the repair (each pass visits every student once).
    static let improvingPasses = 3

    /// Columns other than placements and "base used" flags that only loosen their rows when
    /// raised (the worst-rank column: W ≥ rank of each placement): held at their upper bound while
    /// placements change, then lowered to the least value their rows allow.
    private let slackColumns: [Int]

    /// Nil when the formulation has other columns (mentors, week-level schedules): a start for
    /// those is not built here.
    public init?(_ formulation: Formulation) {
        let model = formulation.model
        guard formulation.scheduling == nil else { return nil }
        var rowsOf = [[(row: Int, coefficient: Double)]](repeating: [], count: model.variableCount)
        for (i, row) in model.constraints.enumerated() {
            for t in row.terms { rowsOf[t.variable].append((i, t.coefficient)) }
        }
        let placementsAndFlags = formulation.candidates.count + formulation.usedColumns.count
        let extra = Array(placementsAndFlags..<model.variableCount)
        // Raising the column only loosens its rows: a negative coefficient in rows with an upper
        // side only, and a finite upper bound to hold it at.
        let loosening = extra.allSatisfy { j in
            model.variables[j].upper.isFinite
                && rowsOf[j].allSatisfy { $0.coefficient < 0 && !model.constraints[$0.row].lower.isFinite }
        }
        guard loosening, Set(formulation.usedColumns.values) == Set(formulation.candidates.count..<placementsAndFlags) else { return nil }
        self.formulation = formulation
        self.model = model
        self.rowsOf = rowsOf
        slackColumns = extra
        activity = Array(repeating: 0, count: model.constraintCount)
        values = Array(repeating: 0, count: model.variableCount)
        for j in extra { set(j, model.variables[j].upper) }
    }

    /// Lowers each slack column to the least value its rows allow (whole for an integer column).
    private mutating func tightenSlackColumns() {
        for j in slackColumns {
            var least = model.variables[j].lower
            for (row, coefficient) in rowsOf[j] {
                // activity − coefficient·v_j + coefficient·w ≤ upper, coefficient < 0.
                let others = activity[row] - coefficient * values[j]
                least = max(least, (model.constraints[row].upper - others) / coefficient)
            }
            if model.variables[j].isInteger { least = (least - 1e-9).rounded(.up) }
            set(j, min(values[j], least))
        }
    }

    /// The repaired and improved point for a placement (student id → base id and term id), or nil
    /// when no repair makes it feasible.
    public mutating func point(from placement: [String: (base: String, term: String)]) -> [Double]? {
        let f = formulation, s = f.scenario
        for (k, c) in f.candidates.candidates.enumerated() {
            guard let p = placement[s.students[Int(c.student)].id], p.base == s.bases[Int(c.base)].id, p.term == s.terms[Int(c.term)].id,
                model.variables[k].upper >= 1
            else { continue }
            set(k, 1)
        }
        for (key, column) in f.usedColumns {
            let placed = f.candidatesByBaseTerm[key]?.contains { values[$0] > 0.5 } ?? false
            if placed { set(column, 1) }
        }
        guard repair() else { return nil }
        if !model.objectives.contains(where: { $0.maxMinRatio != nil }) { improve() }
        tightenSlackColumns()
        return model.maximumViolation(at: values) <= 1e-9 ? values : nil
    }

    /// A feasible point improved by the same single moves (never worse for any objective in
    /// order); nil when the point does not satisfy the model or there is a max-min ratio objective.
    public mutating func improved(_ point: [Double]) -> [Double]? {
        guard point.count == model.variableCount, model.maximumViolation(at: point) <= 1e-9,
            !model.objectives.contains(where: { $0.maxMinRatio != nil })
        else { return nil }
        // Slack columns keep the point's values during the moves, so that no move worsens them
        // (a worst rank); they are lowered afterwards.
        for (column, value) in point.enumerated() { set(column, model.variables[column].isInteger ? value.rounded() : value) }
        improve()
        tightenSlackColumns()
        return model.maximumViolation(at: values) <= 1e-9 ? values : nil
    }

    private mutating func set(_ column: Int, _ value: Double) {
        let change = value - values[column]
        guard change != 0 else { return }
        values[column] = value
        for (row, coefficient) in rowsOf[column] { activity[row] += coefficient * change }
    }

    private func tooHigh(_ row: Int) -> Bool { activity[row] > model.constraints[row].upper + 1e-9 }
    private func tooLow(_ row: Int) -> Bool { activity[row] < model.constraints[row].lower - 1e-9 }

    /// Removes placements (and "used" flags) until every row holds; raises a column only for a row
    /// that nothing removable can meet (a lock). Each step changes one column, and a raised column
    /// is never lowered again, so it ends.
    private mutating func repair() -> Bool {
        var pending = (0..<model.constraintCount).filter { tooHigh($0) || tooLow($0) }
        var queued = Set(pending)
        var steps = 0
        while let row = pending.popLast() {
            queued.remove(row)
            guard tooHigh(row) || tooLow(row) else { continue }
            steps += 1
            if steps > 4 * model.variableCount + model.constraintCount { return false }
            let terms = model.constraints[row].terms
            let high = tooHigh(row)
            // Lower the last removable column that pushes the row the wrong way.
            let lowered = terms.last { t in
                values[t.variable] > 0.5 && !protected.contains(t.variable) && (high ? t.coefficient > 0 : t.coefficient < 0)
            }
            let changed: Int
            if let lowered {
                set(lowered.variable, 0)
                changed = lowered.variable
            } else if !high, let raised = bestRaise(terms) {
                set(raised, 1)
                protected.insert(raised)
                changed = raised
            } else {
                return false
            }
            for (other, _) in rowsOf[changed] where !queued.contains(other) && (tooHigh(other) || tooLow(other)) {
                pending.append(other)
                queued.insert(other)
            }
            if (tooHigh(row) || tooLow(row)) && !queued.contains(row) {
                pending.append(row)
                queued.insert(row)
            }
        }
        return true
    }

    /// For a row that must rise: the column at 0 that breaks the fewest other rows when set
    /// (a free seat first), then the first in the row.
    private mutating func bestRaise(_ terms: [LinearModel.Term]) -> Int? {
        var best: (column: Int, broken: Int)? = nil
        for t in terms where t.coefficient > 0 && values[t.variable] < 0.5 && model.variables[t.variable].upper >= 1 {
            set(t.variable, 1)
            let broken = rowsOf[t.variable].filter { tooHigh($0.row) || tooLow($0.row) }.count
            set(t.variable, 0)
            if best == nil || broken < best!.broken { best = (t.variable, broken) }
        }
        return best?.column
    }

    /// Single moves that keep every row and improve the objectives lexicographically: each
    /// student in turn takes her best such candidate (placing her, or moving her).
    private mutating func improve() {
        let f = formulation
        let coefficients = model.objectives.map { o -> [Int: Double] in
            var c: [Int: Double] = [:]
            for t in o.terms { c[t.variable, default: 0] += t.coefficient }
            return c
        }
        func gain(_ column: Int) -> [Double] {
            zip(model.objectives, coefficients).map { o, c in (o.sense == .maximize ? 1 : -1) * (c[column] ?? 0) }
        }
        func better(_ a: [Double], than b: [Double]) -> Bool {
            for (x, y) in zip(a, b) where abs(x - y) > 1e-9 { return x > y }
            return false
        }
        for _ in 0..<Self.improvingPasses {
            var moved = false
            for range in f.candidates.studentRanges {
                let current = range.first { values[$0] > 0.5 }
                if let current, protected.contains(current) { continue }
                let now = current.map(gain) ?? Array(repeating: 0, count: model.objectives.count)
                // Her improving candidates, best first (the first in candidate order among equals).
                let choices = range.filter { $0 != current && model.variables[$0].upper >= 1 && better(gain($0), than: now) }
                    .sorted { a, b in better(gain(a), than: gain(b)) || (!better(gain(b), than: gain(a)) && a < b) }
                for k in choices {
                    if let current { set(current, 0) }
                    set(k, 1)
                    let rows = rowsOf[k].map(\.row) + (current.map { rowsOf[$0].map(\.row) } ?? [])
                    if rows.allSatisfy({ !tooHigh($0) && !tooLow($0) }) {
                        moved = true
                        break
                    }
                    set(k, 0)
                    if let current { set(current, 1) }
                }
            }
            if !moved { break }
        }
    }
}
