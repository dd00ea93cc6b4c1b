import PlacementFormulation
import PlacementModel
import PlacementNetwork

/// A placement for an alliance formulation in milliseconds, without an LP: the maximum flow of
/// least total rank over its core rules alone (seats per base and term), repaired for every other
/// rule by `NeighbourhoodStart` (over-full rows emptied, bases under their minimum closed, groups
/// kept whole), then single improving moves. GLPK reports it when a time or work limit stops the
/// first stage before its LP relaxation is solved and it beats the interrupted LP point rounded
/// and repaired (docs/benchmarks.md, "Anytime on alliance-rules").
enum CoreFlowStart {
    /// Nil for formulations `NeighbourhoodStart` does not handle (schedules, mentors) or when the
    /// repair fails.
    static func point(_ f: Formulation) -> FallbackStart? {
        guard var builder = NeighbourhoodStart(f) else { return nil }
        // Costs by rank (a few distinct values: the primal-dual algorithm runs one phase per
        // distinct path length); an unranked candidate after every ranked one.
        let worst = Int64(f.candidates.candidates.map(\.rank).max() ?? 0) + 1
        let (transport, slots) = NetworkMethod.transportationProblem(f) { $0.rank > 0 ? Int64($0.rank) : worst }
        let flow = NetworkSolver.solve(transport, objective: .lexicographic)
        let s = f.scenario
        var placement: [String: (base: String, term: String)] = [:]
        for arc in flow.assignment where arc >= 0 {
            let c = f.candidates.candidates[Int(arc)], slot = slots[Int(transport.arcSink[Int(arc)])]
            placement[s.students[Int(c.student)].id] = (s.bases[Int(slot.base)].id, s.terms[Int(slot.term)].id)
        }
        guard let values = builder.point(from: placement) else { return nil }
        return FallbackStart(values: values, firstStageBound: countsPlacements(f.model.objectives.first, f) ? Double(flow.assigned) : nil)
    }

    /// Whether an objective is the number of students placed (maximised: one per candidate
    /// column). Its optimum is then at most the flow's: every point of the model meets the
    /// one-placement and seat rows the flow keeps, so the flow's maximum is a proven bound.
    static func countsPlacements(_ objective: LinearModel.Objective?, _ f: Formulation) -> Bool {
        guard let objective, objective.sense == .maximize, objective.maxMinRatio == nil, objective.constant == 0 else { return false }
        let candidates = f.candidates.count
        return objective.terms.count == candidates
            && Set(objective.terms.map(\.variable)) == Set(0..<candidates) && objective.terms.allSatisfy { $0.coefficient == 1 }
    }
}
