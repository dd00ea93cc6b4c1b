import PlacementDomain
import PlacementModel

/// The rules a student's placement in a free seat would break, with everyone else where a
/// solution put them: the reason an optimal solution leaves her out beside free seats (a base
/// below its minimum, a nationality share reached, her university's abroad share, her group).
/// Read from the formulation's own rows, so every rule family is covered as the model states it.
public struct HeldSeats {
    let formulation: Formulation
    let values: [Double]
    /// Per column asked about (and its base's "used" flag): its index into `rowsOf`, or -1.
    private let slot: [Int32]
    /// The rows of each column asked about, with its coefficient.
    private let rowsOf: [[(row: Int, coefficient: Double)]]
    /// The activity at `values` of every row those columns appear in.
    private let activity: [Int: Double]

    /// `values`: a solution of the formulation's model; `candidates`: the placement columns that
    /// will be asked about (one pass over the model reads their rows).
    public init(_ formulation: Formulation, values: [Double], candidates: [Int]) {
        let model = formulation.model
        self.formulation = formulation
        self.values = values
        guard !candidates.isEmpty else {
            // Nothing to ask about (the usual case): no pass over the model.
            (slot, rowsOf, activity) = ([], [], [:])
            return
        }
        var slot = [Int32](repeating: -1, count: model.variableCount), count: Int32 = 0
        func want(_ j: Int) {
            if slot[j] < 0 { slot[j] = count; count += 1 }
        }
        for k in candidates {
            want(k)
            let c = formulation.candidates.candidates[k]
            if let used = formulation.usedColumns[.init(base: c.base, term: c.term)] { want(used) }
        }
        var rowsOf = [[(row: Int, coefficient: Double)]](repeating: [], count: Int(count))
        var activity: [Int: Double] = [:]
        for (i, row) in model.constraints.enumerated() {
            var touched = false
            for t in row.terms where slot[t.variable] >= 0 {
                rowsOf[Int(slot[t.variable])].append((i, t.coefficient))
                touched = true
            }
            if touched { activity[i] = model.activity(of: i, at: values) }
        }
        self.slot = slot
        self.rowsOf = rowsOf
        self.activity = activity
    }

    /// The rules broken by setting candidate column `k` (one of those given at init) to 1, and its
    /// base's "used" flag for the term when the base has a minimum and is not used, in row order;
    /// empty when it breaks none.
    public func brokenRules(placing k: Int) -> [PlacementOutcome.BrokenRule] {
        var change: [Int: Double] = [:]
        for (row, coefficient) in rowsOf[Int(slot[k])] { change[row, default: 0] += coefficient }
        let c = formulation.candidates.candidates[k]
        if let used = formulation.usedColumns[.init(base: c.base, term: c.term)], values[used] < 0.5 {
            for (row, coefficient) in rowsOf[Int(slot[used])] { change[row, default: 0] += coefficient }
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
            let constraint = formulation.model.constraints[row], after = activity[row]! + delta
            guard after > constraint.upper + 1e-6 || after < constraint.lower - 1e-6 else { continue }
            guard let word = constraint.family, let family = RuleFamilyID(diagnosis: word) else { continue }
            broken.append(.init(family: family, meaning: constraint.meaning ?? constraint.name))
        }
        return broken
    }
}
