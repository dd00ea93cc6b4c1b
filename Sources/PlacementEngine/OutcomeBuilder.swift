import PlacementDomain
import PlacementFormulation
import PlacementModel
import PlacementSolving

/// Turns a model solution back into placements, and gives every unplaced student a reason.
struct OutcomeBuilder {
    let formulation: Formulation
    /// Mentors assigned after a pooled scheduled solve (nil: read them from the model).
    var mentors: MentorChoice? = nil

    func outcome(from solution: Solution, timings: [String: Double]) -> PlacementOutcome {
        let scenario = formulation.scenario
        let candidates = formulation.candidates
        var placements = [PlacementOutcome.Placement?](repeating: nil, count: scenario.students.count)
        var used: [Formulation.BaseTerm: Int] = [:]
        let reading =
            solution.status.hasSolution
            ? formulation.scheduling.map { ScheduleReading(formulation: formulation, scheduling: $0, values: solution.values, mentors: mentors) }
            : nil
        if solution.status.hasSolution {
            for k in formulation.chosenCandidates(solution.values) {
                let c = candidates.candidates[k]
                placements[Int(c.student)] = .init(
                    student: Int(c.student), base: Int(c.base), term: Int(c.term),
                    rank: c.rank == 0 ? nil : Int(c.rank), cost: c.cost, timing: reading?.timing(firstPart: k))
                used[.init(base: c.base, term: c.term), default: 0] += 1
            }
        }
        var reasons: [Int: PlacementOutcome.UnplacedReason] = [:]
        let rules = EligibilityRules(scenario: scenario)
        let scheduleRules = formulation.scheduling?.rules
        // Students of the model without a schedule left out beside free seats, with those seats.
        var besideFreeSeats: [(student: Int, free: [(label: String, candidate: Int)])] = []
        for (s, placement) in placements.enumerated() where placement == nil {
            guard solution.status.hasSolution else { reasons[s] = .notSolved; continue }
            let range = candidates.studentRanges[s]
            if range.isEmpty {
                let student = scenario.students[s]
                let ranked = student.preferences.compactMap { id -> PlacementOutcome.RankedExclusion? in
                    guard let bi = scenario.baseIndexByID[id] else { return nil }
                    var reasons = rules.exclusions(student: student, base: scenario.bases[bi])
                    if let scheduleRules {
                        reasons += scheduleRules.exclusions(student: student, base: bi)
                        // Nothing wrong with the base alone: only her rotation's pairing ruled it out.
                        if reasons.isEmpty && scheduleRules.programme(of: student)?.isRotation == true { reasons.append(.noRotationPartner) }
                    }
                    return .init(base: id, reasons: reasons)
                }
                reasons[s] = .noEligibleBase(ranked: ranked)
                continue
            }
            if let reading {
                let bases = reading.unplacedBases(student: s)
                if !bases.free.isEmpty {
                    reasons[s] = .leftOut(bases: bases.free)
                } else if !bases.withoutMentor.isEmpty {
                    reasons[s] = .mentorsFull(bases: bases.withoutMentor, kinds: bases.missing)
                } else {
                    reasons[s] = .eligibleBasesFull(bases: bases.full)
                }
                continue
            }
            var full: [String] = [], free: [(label: String, candidate: Int)] = []
            for k in range {
                let c = candidates.candidates[k]
                let base = scenario.bases[Int(c.base)]
                let seats = base.capacity(in: scenario.terms[Int(c.term)].id)
                let label = "\(base.id)/\(scenario.terms[Int(c.term)].id)"
                if used[.init(base: c.base, term: c.term), default: 0] >= seats { full.append(label) } else { free.append((label, k)) }
            }
            if free.isEmpty { reasons[s] = .eligibleBasesFull(bases: full) } else { besideFreeSeats.append((s, free)) }
        }
        // Left out beside free seats: held by the rules when every free seat breaks one with
        // everyone else where they are (whatever the status), else by cost or by the solution.
        let held = HeldSeats(formulation, values: solution.values, candidates: besideFreeSeats.flatMap { $0.free.map(\.candidate) })
        for (s, free) in besideFreeSeats {
            let seats = free.map { PlacementOutcome.HeldSeat(seat: $0.label, rules: held.brokenRules(placing: $0.candidate)) }
            if seats.allSatisfy({ !$0.rules.isEmpty }) {
                reasons[s] = .heldByRules(seats: seats)
            } else if scenario.policy.unplacedPenalty != nil && solution.status == .optimal {
                reasons[s] = .costAbovePenalty(bases: free.map(\.label))
            } else {
                reasons[s] = .leftOut(bases: free.map(\.label))
            }
        }
        return PlacementOutcome(placements: placements, unplacedReasons: reasons, solver: summary(solution), timings: timings)
    }

    func summary(_ solution: Solution) -> PlacementOutcome.SolverSummary {
        let model = formulation.model
        let stages = solution.stages.enumerated().map { i, stage in
            // Stages past the model's own are the mentor-load stages solved after it (minimised).
            let objective = i < model.objectives.count ? model.objectives[i] : nil
            return PlacementOutcome.Stage(
                name: stage.name, sense: objective.map { Self.sense($0.sense) } ?? .minimize,
                value: objective?.reported(value: stage.value) ?? stage.value,
                bound: objective?.reported(bound: stage.bound) ?? stage.bound,
                status: solution.solverName.contains("deferred acceptance") ? .evaluated : StageStatus(Self.code(stage.status)),
                evidence: stage.evidence)
        }
        var gap: Double? = nil
        if case let .feasible(_, g) = solution.status { gap = g } else if solution.status == .optimal { gap = 0 }
        return .init(
            status: Self.code(solution.status), statusText: solution.status.label, gap: gap, stages: stages,
            solver: solution.solverName, glpkVersion: GLPKMethod.version,
            rows: model.constraintCount, columns: model.variableCount, nonZeros: model.nonZeroCount,
            rules: formulation.appliedRules)
    }

    static func code(_ status: SolveStatus) -> OutcomeStatus {
        switch status {
        case .optimal: return .optimal
        case .feasible: return .feasible
        case .infeasible: return .infeasible
        case .unbounded: return .unbounded
        case .noSolution: return .noSolution
        }
    }

    static func sense(_ sense: LinearModel.Sense) -> ObjectiveSense {
        switch sense {
        case .minimize: return .minimize
        case .maximize: return .maximize
        }
    }
}
