import PlacementDomain
import PlacementFormulation
import PlacementModel
import PlacementNetwork

/// The exact min-cost-flow method: for models with only the core rules whose objectives are
/// [max_placed, min_cost], [max_placed] or a weighted [min_cost] with an unplaced penalty, and
/// every cost a whole number of cents.
public struct NetworkMethod: SolveMethod {
    public let objective: NetworkObjective
    public static let maximumDistinctCosts = 256

    /// The method for a formulation, or nil when it is not a transportation problem.
    public init?(for formulation: Formulation) {
        guard let objective = Self.objective(for: formulation) else { return nil }
        self.objective = objective
    }

    public var name: String { "placement min-cost flow" }

    /// Costs are scaled to integer cents; nil when the model is not a transportation problem.
    public static func objective(for formulation: Formulation) -> NetworkObjective? {
        guard Formulation.hasOnlyCoreRules(formulation.scenario), formulation.model.isNetworkStructured else { return nil }
        return objective(forCosts: formulation)
    }

    /// The network objective of the policy when every cost is a whole number of cents, not
    /// negative, and there are few distinct costs; nil otherwise (whatever the rules).
    static func objective(forCosts formulation: Formulation) -> NetworkObjective? {
        let s = formulation.scenario
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
    /// its cost in whole cents (or `cost` of the candidate).
    public static func transportationProblem(
        _ f: Formulation, cost: (Candidate) -> Int64 = { Int64(($0.cost * 100).rounded()) }
    ) -> (problem: TransportationProblem, slots: [Formulation.BaseTerm]) {
        let slots = f.candidatesByBaseTerm.keys.sorted()
        var slotOf: [Formulation.BaseTerm: Int32] = [:]
        for (i, key) in slots.enumerated() { slotOf[key] = Int32(i) }
        let cands = f.candidates.candidates
        let problem = TransportationProblem(
            sourceCount: f.scenario.students.count,
            sinkCapacities: slots.map { f.scenario.bases[Int($0.base)].capacity(in: f.scenario.terms[Int($0.term)].id) },
            arcSource: cands.map(\.student), arcSink: cands.map { slotOf[Formulation.BaseTerm(base: $0.base, term: $0.term)]! },
            arcCost: cands.map(cost))
        return (problem, slots)
    }

    /// Solves within the budget's deadline and stops early on a SIGINT / SIGTERM stop request
    /// (the work limit counts simplex iterations: it does not apply). Cut short, the algorithm still holds a feasible placement that costs
    /// least for its number of placed students; the students it has not placed yet are then placed
    /// greedily, and the result is `.feasible` with a proven bound (`.optimal` when the bound
    /// shows it cannot be improved), or `.noSolution` if nobody could be placed.
    public func solve(_ formulation: Formulation, budget: Budget) -> SolveResult {
        SolveResult(solution: solution(formulation, budget: budget), formulation: formulation)
    }

    func solution(_ f: Formulation, budget: Budget) -> Solution {
        let (problem, _) = Self.transportationProblem(f)
        let limits = NetworkLimits(deadline: budget.deadline, shouldStop: { Budget.stopRequested })
        let solution = NetworkSolver.solve(problem, objective: objective, limits: limits)
        var values = [Double](repeating: 0, count: f.model.variableCount)
        for arc in solution.assignment where arc >= 0 { values[Int(arc)] = 1 }
        let evidence =
            objective == .lexicographic
            ? "exact min-cost maximum flow (primal-dual successive shortest paths, integer costs)"
            : "exact min-cost flow with the unplaced penalty (primal-dual successive shortest paths, integer costs)"
        guard let stop = solution.stopped else {
            return Solution(status: .optimal, values: values, stages: Self.stages(f, values, .optimal, evidence), solverName: name)
        }
        // Bounds, from the stopped flow (least cost for its size, with every further placement
        // costing at least φ_t and at most assignedUpperBound placements in all):
        // - placed ≤ assignedUpperBound;
        // - the cost objective changes by at least `marginal` per further placement (its cost
        //   φ_t minus the penalty it saves).
        let extra = Double(stop.assignedUpperBound - solution.assigned)
        let marginal = Double(stop.marginalCostLowerBound) / 100 - (f.scenario.policy.unplacedPenalty ?? 0)
        let costIndex = f.model.objectives.count - 1  // the cost objective is the last stage (or the only one)
        let stoppedCost = f.model.value(of: f.model.objectives[costIndex], at: values)
        // Then a cheap greedy completion for a better placement to report: each unplaced student,
        // in roster order, takes the cheapest free seat among her choices (if it pays for itself).
        let penalty: Int64? = { if case .penalty(let p) = objective { return p } else { return nil } }()
        let placed = Self.completeGreedily(problem, solution.assignment, values: &values, onlyBelow: penalty)
        if placed == 0 && stop.assignedUpperBound > 0 {
            return Solution(status: .noSolution, values: [], stages: [], solverName: name)
        }
        let cause = stop.reason == .timeLimit ? "time limit" : "stop request"
        let how =
            "\(cause) reached with \(solution.assigned) students placed (least cost for that many), \(placed - solution.assigned) more placed greedily; bounds from a residual-graph cut (at most \(stop.assignedUpperBound) placeable) and the last shortest-path cost"
        var stages = Self.stages(f, values, .optimal, how)
        let status: SolveStatus
        switch objective {
        case .lexicographic where placed < stop.assignedUpperBound:
            let bound = stages[0].value + Double(stop.assignedUpperBound - placed)
            status = .feasible(bound: bound, gap: SolveStatus.relativeGap(value: stages[0].value, bound: bound))
            stages = [StageResult(name: stages[0].name, value: stages[0].value, bound: bound, status: status, evidence: how, seconds: 0)]
        case .lexicographic where costIndex == 0:
            status = .optimal  // [max_placed] alone, and the count is proven maximal
        case .lexicographic:
            // The count is proven maximal; the cost of that many placements is at least the
            // stopped flow's plus `marginal` for each one added.
            let bound = stoppedCost + marginal * extra
            status = Self.status(value: stages[costIndex].value, bound: bound)
            stages[costIndex] = StageResult(
                name: stages[costIndex].name, value: stages[costIndex].value, bound: bound,
                status: status, evidence: how, seconds: 0)
        case .penalty:
            // Further placements are optional: they can lower the objective only while marginal < 0.
            let bound = stoppedCost + min(0, marginal) * extra
            status = Self.status(value: stages[costIndex].value, bound: bound)
            stages[costIndex] = StageResult(
                name: stages[costIndex].name, value: stages[costIndex].value, bound: bound,
                status: status, evidence: how, seconds: 0)
        }
        return Solution(status: status, values: values, stages: stages, solverName: name)
    }

    /// Every objective evaluated at `values`, with one status and evidence.
    static func stages(_ f: Formulation, _ values: [Double], _ status: SolveStatus, _ evidence: String) -> [StageResult] {
        f.model.objectives.map { o in
            let v = f.model.value(of: o, at: values)
            return StageResult(name: o.name, value: v, bound: v, status: status, evidence: evidence, seconds: 0)
        }
    }

    /// Optimal when the (minimised) value reaches its lower bound, else feasible with the gap.
    static func status(value: Double, bound: Double) -> SolveStatus {
        value <= bound + 1e-9 * max(1, abs(value)) ? .optimal : .feasible(bound: bound, gap: SolveStatus.relativeGap(value: value, bound: bound))
    }

    /// Places each unassigned source, in index order, on its cheapest arc into a sink with a free
    /// seat (only arcs cheaper than `onlyBelow` when given), setting `values`. Returns the number
    /// of sources assigned in the end.
    static func completeGreedily(_ p: TransportationProblem, _ assignment: [Int32], values: inout [Double], onlyBelow: Int64?) -> Int {
        var load = [Int](repeating: 0, count: p.sinkCount)
        var placed = 0
        for arc in assignment where arc >= 0 { load[Int(p.arcSink[Int(arc)])] += 1; placed += 1 }
        var arcsOf = [Int32](repeating: 0, count: p.sourceCount + 1)  // CSR by source
        for s in p.arcSource { arcsOf[Int(s) + 1] += 1 }
        for s in 0..<p.sourceCount { arcsOf[s + 1] += arcsOf[s] }
        var order = [Int32](repeating: 0, count: p.arcCount)
        var fill = arcsOf
        for k in 0..<p.arcCount { let s = Int(p.arcSource[k]); order[Int(fill[s])] = Int32(k); fill[s] += 1 }
        for s in 0..<p.sourceCount where assignment[s] < 0 {
            var best = -1
            for q in Int(arcsOf[s])..<Int(arcsOf[s + 1]) {
                let k = Int(order[q]), j = Int(p.arcSink[k])
                guard load[j] < p.sinkCapacities[j], onlyBelow.map({ p.arcCost[k] < $0 }) ?? true else { continue }
                if best < 0 || p.arcCost[k] < p.arcCost[best] { best = k }
            }
            if best >= 0 { load[Int(p.arcSink[best])] += 1; values[best] = 1; placed += 1 }
        }
        return placed
    }

    /// For capacity advice: the (base, term) whose one more seat gains most, by the sink with the
    /// largest dual price in a penalty model whose penalty makes one more
    /// placement worth more than any cost change (so it ranks seats as the lexicographic policy does).
    public static func bestSeatByDuals(_ f: Formulation) -> (base: Int, term: Int, placed: Int, cost: Double)? {
        let (problem, slotKeys) = transportationProblem(f)
        let maxCost = problem.arcCost.max() ?? 0
        let penalty = (maxCost + 1) * Int64(2 * f.scenario.students.count + 2) + 1
        let solution = NetworkSolver.solve(problem, objective: .penalty(penalty))
        guard
            let best = solution.sinkPrices.indices.max(by: {
                solution.sinkPrices[$0] < solution.sinkPrices[$1] || (solution.sinkPrices[$0] == solution.sinkPrices[$1] && $0 > $1)
            }),
            solution.sinkPrices[best] > 0
        else { return nil }
        let price = solution.sinkPrices[best]
        // price = penalty·Δplaced − Δcost (in cents): one more placed when it exceeds every cost change.
        let placed = price > penalty / 2 ? 1 : 0
        let costChange = Double(Int64(placed) * penalty - price) / 100
        return (Int(slotKeys[best].base), Int(slotKeys[best].term), placed, costChange)
    }
}
