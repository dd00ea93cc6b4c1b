import PlacementDomain
import PlacementModel

/// The rules a student's placement in a free seat would break, with everyone else where a
/// solution put them: the reason an optimal solution leaves her out beside free seats (a base
/// below its minimum, a nationality share reached, her university's abroad share, her group).
/// Read from the formulation's own rows, so every rule family is covered as the model states it.
public struct HeldSeats {
    let formulation: Formulation
    let values: [Double]
    /// For each column, the rows it appears in with its coefficient (the model transposed).
    private let rowsOf: [[(row: Int, coefficient: Double)]]
    private let activity: [Double]

    /// `values`: a solution of the formulation's model.
    public init(_ formulation: Formulation, values: [Double]) {
        let model = formulation.model
        var rowsOf = [[(row: Int, coefficient: Double)]](repeating: [], count: model.variableCount)
        var activity = [Double](repeating: 0, count: model.constraintCount)
        for (i, row) in model.constraints.enumerated() {
            for t in row.terms {
                rowsOf[t.variable].append((i, t.coefficient))
                activity[i] += t.coefficient * values[t.variable]
            }
        }
        self.formulation = formulation
        self.values = values
        self.rowsOf = rowsOf
        self.activity = activity
    }

    /// The rules broken by setting candidate column `k` to 1 (and its base's "used" flag for the
    /// term, when the base has a minimum and is not used), in row order; empty when it breaks none.
    public func brokenRules(placing k: Int) -> [PlacementOutcome.BrokenRule] {
        var change: [Int: Double] = [:]
        for (row, coefficient) in rowsOf[k] { change[row, default: 0] += coefficient }
        let c = formulation.candidates.candidates[k]
        if let used = formulation.usedColumns[.init(base: c.base, term: c.term)], values[used] < 0.5 {
            for (row, coefficient) in rowsOf[used] { change[row, default: 0] += coefficient }
        }
        var broken: [PlacementOutcome.BrokenRule] = []
        // A ban fixes the pair's columns at 0 (`Bans`): no row says so.
        if formulation.model.variables[k].upper < 1 {
            let scenario = formulation.scenario
            let student = scenario.students[Int(c.student)].id, base = scenario.bases[Int(c.base)].id
            if scenario.rules.bans.contains(where: { $0.student == student && $0.base == base }) {
                broken.append(.init(family: .bans, meaning: "\(student) may not be placed at \(base)"))
            }
        }
        for (row, delta) in change.sorted(by: { $0.key < $1.key }) {
            let constraint = formulation.model.constraints[row], after = activity[row] + delta
            guard after > constraint.upper + 1e-6 || after < constraint.lower - 1e-6 else { continue }
            guard let word = constraint.family, let family = RuleFamilyID(diagnosis: word) else { continue }
            broken.append(.init(family: family, meaning: constraint.meaning ?? constraint.name))
        }
        return broken
    }
}
