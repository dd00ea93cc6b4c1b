import PlacementDomain
import PlacementFormulation
import PlacementModel
import PlacementNetwork

/// Which algorithm solves a scenario.
public enum SolverChoice: String, Sendable, CaseIterable {
    /// The exact network algorithm when the model is a pure transportation problem, GLPK otherwise.
    case auto
    /// Always GLPK (simplex, and branch-and-bound when the LP optimum is fractional).
    case glpk
    /// The network algorithm; refused when the scenario's rules are not a transportation problem.
    case network
}

/// The exact min-cost-flow path: used when the model has only the core rules and the objectives
/// are [max_placed, min_cost], [max_placed] or a weighted [min_cost] with an unplaced penalty,
/// and every cost is a whole number of cents.
struct NetworkPath {
    let formulation: Formulation
    static let maximumDistinctCosts = 256

    /// Costs are scaled to integer cents; nil when the model is not a transportation problem.
    var objective: NetworkObjective? {
        let s = formulation.scenario
        guard Formulation.hasOnlyCoreRules(s), formulation.model.isNetworkStructured else { return nil }
        guard formulation.candidates.candidates.allSatisfy({ ($0.cost * 100).rounded() == $0.cost * 100 && $0.cost >= 0 }) else { return nil }
        // The primal-dual algorithm runs one phase per distinct shortest-path length: fast for
        // rank costs (a few distinct values), far too slow for finely varied costs such as
        // per-kilometre travel costs, which go to GLPK instead.
        var distinct: Set<Double> = []
        for c in formulation.candidates.candidates {
            distinct.insert(c.cost)
            if distinct.count > Self.maximumDistinctCosts { return nil }
        }
        switch s.policy.objectives {
        case [.maxPlaced, .minCost], [.maxPlaced]:
            return .lexicographic
        case [.minCost]:
            guard let penalty = s.policy.unplacedPenalty, (penalty * 100).rounded() == penalty * 100 else { return nil }
            return .penalty(Int64((penalty * 100).rounded()))
        default:
            return nil
        }
    }

    /// The formulation as a transportation problem: sources = students, sinks = the (base, term)
    /// pairs that have candidates (in sorted order, returned as `slots`), arc k = candidate k with
    /// its cost in whole cents.
    static func transportationProblem(_ f: Formulation) -> (problem: TransportationProblem, slots: [Formulation.BaseTerm]) {
        let slots = f.candidatesByBaseTerm.keys.sorted()
        var slotOf: [Formulation.BaseTerm: Int32] = [:]
        for (i, key) in slots.enumerated() { slotOf[key] = Int32(i) }
        let cands = f.candidates.candidates
        let problem = TransportationProblem(
            sourceCount: f.scenario.students.count,
            sinkCapacities: slots.map { f.scenario.bases[Int($0.base)].capacity(in: f.scenario.terms[Int($0.term)].id) },
            arcSource: cands.map(\.student), arcSink: cands.map { slotOf[Formulation.BaseTerm(base: $0.base, term: $0.term)]! },
            arcCost: cands.map { Int64(($0.cost * 100).rounded()) })
        return (problem, slots)
    }

    /// Solves and returns the column values of the formulation's model, the stage results, and the
    /// duals of the capacity rows (price of one more seat, in cost units).
    func solve(_ objective: NetworkObjective) -> (values: [Double], stages: [StageResult]) {
        let f = formulation
        let (problem, _) = Self.transportationProblem(f)
        let solution = NetworkSolver.solve(problem, objective: objective)
        var values = [Double](repeating: 0, count: f.model.variableCount)
        for arc in solution.assignment where arc >= 0 { values[Int(arc)] = 1 }
        let evidence = objective == .lexicographic
            ? "exact min-cost maximum flow (primal-dual successive shortest paths, integer costs)"
            : "exact min-cost flow with the unplaced penalty (primal-dual successive shortest paths, integer costs)"
        let stages = f.model.objectives.map { o -> StageResult in
            let v = f.model.value(of: o, at: values)
            return StageResult(name: o.name, value: v, bound: v, status: .optimal, evidence: evidence, seconds: 0)
        }
        return (values, stages)
    }
}
