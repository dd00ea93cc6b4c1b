import PlacementDomain
import PlacementFormulation
import PlacementModel
import PlacementNetwork

/// Minimum interns and nationality shares without leaving the network: branch and bound over the
/// (base, term) slots with a minimum, each node a min-cost flow re-optimised from its neighbour's
/// (`SideConstrainedFlowSolver`, docs/side-model.md). For models whose only rules beyond the core
/// are those two, with the objectives and costs the network method takes. Anytime: stopped at
/// any moment, it has a feasible placement and a proven bound.
public struct SideFlowMethod: SolveMethod {
    public let objective: NetworkObjective

    /// The method for a formulation, or nil when its rules, objectives or costs do not fit.
    public init?(for f: Formulation) {
        let s = f.scenario
        guard s.schedule == nil, s.rules.isEmpty, s.policy.stability != .required,
            s.bases.contains(where: { $0.minInterns > 0 || $0.maxNationalityShare != nil }),
            Set(Formulation.rules(for: s).map(\.id)).isSubset(of: [.onePlacement, .capacity, .minInterns, .nationalityShare]),
            let objective = NetworkMethod.objective(forCosts: f)
        else { return nil }
        // The exact penalty of the lexicographic objective must fit the solver's integer budget.
        let maxCost = f.candidates.candidates.map { Int64(($0.cost * 100).rounded()) }.max() ?? 0
        let nodes = Int64(s.students.count + 2 * f.candidatesByBaseTerm.count + s.bases.count * 4 + 2)
        let penalty: Int64
        switch objective {
        case .lexicographic: penalty = maxCost * Int64(s.students.count) + 1
        case .penalty(let p): penalty = p
        }
        guard maxCost * Int64(s.students.count + 1) <= SideConstrainedProblem.costBudget,
            penalty <= (1 << 60) / max(1, nodes + Int64(f.candidates.count) + 2)
        else { return nil }
        self.objective = objective
    }

    public var name: String { "placement side-constrained flow" }

    public func solve(_ f: Formulation, budget: Budget) -> SolveResult {
        let slots = f.candidatesByBaseTerm.keys.sorted()
        var slotOf: [Formulation.BaseTerm: Int32] = [:]
        for (i, key) in slots.enumerated() { slotOf[key] = Int32(i) }
        var capacities: [Int] = [], minimums: [Int] = []
        var groupSlot: [Int32] = [], groupCapacities: [Int] = []
        let cands = f.candidates.candidates
        var arcGroup = [Int32](repeating: -1, count: cands.count)
        for (j, key) in slots.enumerated() {
            let base = f.scenario.bases[Int(key.base)], term = f.scenario.terms[Int(key.term)].id
            let seats = base.capacity(in: term)
            // A minimum above the seats closes the slot (m·y ≤ Σx ≤ seats·y forces y = 0).
            capacities.append(base.minInterns > seats ? 0 : seats)
            minimums.append(base.minInterns > seats ? 0 : base.minInterns)
            // Nationality rows as NationalityShares writes them: only where they can bind.
            guard let limit = base.nationalityLimit(in: term) else { continue }
            var byNationality: [String: [Int]] = [:]
            for k in f.candidatesByBaseTerm[key]! { byNationality[f.scenario.students[Int(cands[k].student)].nationality, default: []].append(k) }
            for nationality in byNationality.keys.sorted() where byNationality[nationality]!.count > limit {
                for k in byNationality[nationality]! { arcGroup[k] = Int32(groupSlot.count) }
                groupSlot.append(Int32(j))
                groupCapacities.append(limit)
            }
        }
        let problem = SideConstrainedProblem(
            sourceCount: f.scenario.students.count, slotCapacities: capacities, slotMinimums: minimums,
            arcSource: cands.map(\.student), arcSink: cands.map { slotOf[Formulation.BaseTerm(base: $0.base, term: $0.term)]! },
            arcCost: cands.map { Int64(($0.cost * 100).rounded()) }, arcGroup: arcGroup, groupSlot: groupSlot, groupCapacities: groupCapacities)
        let result = SideConstrainedFlowSolver.solve(
            problem, objective: objective,
            limits: NetworkLimits(deadline: budget.deadline, shouldStop: { Budget.stopRequested }))
        var values = [Double](repeating: 0, count: f.model.variableCount)
        var used = Set<Formulation.BaseTerm>()
        for arc in result.assignment where arc >= 0 {
            values[Int(arc)] = 1
            used.insert(Formulation.BaseTerm(base: cands[Int(arc)].base, term: cands[Int(arc)].term))
        }
        for (key, column) in f.usedColumns where used.contains(key) { values[column] = 1 }
        return SolveResult(solution: solution(f, values, result), formulation: f)
    }

    /// Each stage's value at the placement, with bounds from the solver's lower bound on
    /// cost + penalty · unplaced (in cents; the lexicographic penalty exceeds any total cost).
    private func solution(_ f: Formulation, _ values: [Double], _ r: SideConstrainedSolution) -> Solution {
        let proven = r.status == .optimal
        let how =
            proven && r.nodes == 1 && r.regionBound > r.rootBound
            ? "the regional bound met the best placement at the root (regions of bases around those the flow fills below their minimum, each solved exactly with the rest priced by the flow)"
            : proven
                ? "branch and bound over min-cost flows closed the gap (\(r.nodes) nodes; each node an exact flow with some bases closed or held to their minimum)"
                : "\(r.stopped == .stopRequested ? "stop request" : "time limit") after \(r.nodes) nodes of branch and bound over min-cost flows; bound: the larger of the best open node's flow and the regional bound at the root"
        var stages = f.model.objectives.map { o -> StageResult in
            let v = f.model.value(of: o, at: values)
            return StageResult(name: o.name, value: v, bound: v, status: .optimal, evidence: how, seconds: 0)
        }
        guard !proven, !stages.isEmpty else {
            return Solution(status: .optimal, values: values, stages: stages, solverName: name)
        }
        let students = f.scenario.students.count
        var status = SolveStatus.optimal
        switch objective {
        case .lexicographic:
            // bound ≤ P·unplaced + cost for every placement, and cost < P: at least ⌊bound / P⌋ unplaced.
            let penalty = r.effectivePenalty
            let unplacedAtLeast = r.lowerBound / penalty
            let placedBound = Double(students) - Double(unplacedAtLeast)
            let placed = stages[0].value
            if placed < placedBound {
                status = .feasible(bound: placedBound, gap: SolveStatus.relativeGap(value: placed, bound: placedBound))
                stages[0] = StageResult(name: stages[0].name, value: placed, bound: placedBound, status: status, evidence: how, seconds: 0)
                for i in stages.indices.dropFirst() {
                    stages[i] = StageResult(
                        name: stages[i].name, value: stages[i].value, bound: .nan, status: .feasible(bound: .nan, gap: .infinity),
                        evidence: "given the earlier stages' best values found: " + how, seconds: 0)
                }
            } else if stages.count > 1 {
                let costBound = Double(r.lowerBound - unplacedAtLeast * penalty) / 100
                let cost = stages[1].value
                if cost > costBound + 1e-9 * max(1, abs(cost)) {
                    status = .feasible(bound: costBound, gap: SolveStatus.relativeGap(value: cost, bound: costBound))
                    stages[1] = StageResult(name: stages[1].name, value: cost, bound: costBound, status: status, evidence: how, seconds: 0)
                }
            }
        case .penalty:
            let bound = Double(r.lowerBound) / 100
            let last = stages.count - 1, value = stages[last].value
            if value > bound + 1e-9 * max(1, abs(value)) {
                status = .feasible(bound: bound, gap: SolveStatus.relativeGap(value: value, bound: bound))
                stages[last] = StageResult(name: stages[last].name, value: value, bound: bound, status: status, evidence: how, seconds: 0)
            }
        }
        return Solution(status: status, values: values, stages: stages, solverName: name)
    }
}
