import PlacementModel

/// An infeasible model made always feasible: every rule-family row (a row with a `meaning`) gets
/// penalised slack on the side(s) it bounds, and the single objective minimises the total slack.
/// The rows whose slack is positive at the optimum are the rules that had to give way, and the
/// slack is by how much.
public struct ElasticModel: Sendable {
    public struct Slack: Sendable {
        public let row: Int
        public let variable: Int
    }

    public let model: LinearModel
    public let slacks: [Slack]

    public init(relaxing original: LinearModel) {
        var model = LinearModel()
        for v in original.variables { model.addVariable(v) }
        var slacks: [Slack] = []
        var objective: [LinearModel.Term] = []
        for (i, c) in original.constraints.enumerated() {
            var row = c
            if c.meaning != nil {
                if c.lower.isFinite {
                    let s = model.addVariable(.init(name: "slack_lo[\(c.name)]", lower: 0, upper: .infinity))
                    row.terms.append(.init(s, 1))
                    slacks.append(Slack(row: i, variable: s))
                    objective.append(.init(s, 1))
                }
                if c.upper.isFinite {
                    let s = model.addVariable(.init(name: "slack_up[\(c.name)]", lower: 0, upper: .infinity))
                    row.terms.append(.init(s, -1))
                    slacks.append(Slack(row: i, variable: s))
                    objective.append(.init(s, 1))
                }
            }
            model.addConstraint(row)
        }
        model.objectives = [.init(name: "total_violation", sense: .minimize, terms: objective, isIntegral: false)]
        model.isNetworkStructured = false
        self.model = model
        self.slacks = slacks
    }

    /// The rows (of the original model) whose rule gives way at a solution of the elastic model.
    public func violatedRows(at values: [Double]) -> [Int] {
        Set(slacks.filter { values[$0.variable] > 1e-6 }.map(\.row)).sorted()
    }

    /// The elastic model with these rows' rules held: their slack is fixed at 0, so the other
    /// rules must give way instead (the rules a held rule conflicts with).
    public func holding(rows: Set<Int>) -> LinearModel {
        var held = model
        for s in slacks where rows.contains(s.row) { held.setBounds(of: s.variable, lower: 0, upper: 0) }
        return held
    }

    /// The violated rules at a solution of the elastic model: (family, meaning, amount), in row order.
    public func violations(at values: [Double], of original: LinearModel) -> [(family: String, meaning: String, amount: Double)] {
        var amounts: [Int: Double] = [:]
        for s in slacks where values[s.variable] > 1e-6 { amounts[s.row, default: 0] += values[s.variable] }
        return amounts.keys.sorted().map { row in
            let c = original.constraints[row]
            return (c.family ?? "rule", c.meaning ?? c.name, amounts[row]!)
        }
    }
}
