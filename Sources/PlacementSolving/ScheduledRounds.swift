import Foundation
import PlacementDomain
import PlacementFormulation
import PlacementModel

/// Solves a scheduled scenario in rounds. Mentor groups are first pooled (a relaxation: far
/// fewer rows and columns); with the weeks of the solution fixed, mentors are then assigned group
/// by group. If every group can be served, the pooled optimum is optimal for the full model too;
/// groups that cannot be served are detailed mentor by mentor and the model is solved again.
/// `balance_mentor_load` stages are solved in the assignment, for the schedule the earlier
/// stages chose. When GLPK's LP relaxation does not finish, `GreedyWithLagrangianBounds` answers.
public struct ScheduledRounds: SolveMethod {
    /// Builds the formulation again with more mentor groups detailed (same rules and objectives).
    public let reformulate: @Sendable (MentorDetail) -> Formulation
    public var progress: (@Sendable (ProgressEvent) -> Void)?

    public init(reformulate: @escaping @Sendable (MentorDetail) -> Formulation, progress: (@Sendable (ProgressEvent) -> Void)? = nil) {
        self.reformulate = reformulate
        self.progress = progress
    }

    public var name: String { GLPKMethod.solverName }

    public func solve(_ first: Formulation, budget: Budget) throws(SolverError) -> SolveResult {
        let workLimit = budget.workLimit
        var workUsed = 0
        func workLeft() -> Int? { workLimit.map { max(0, $0 - workUsed) } }
        let balance = first.scenario.policy.objectives.contains(.balanceMentorLoad)
        var detail = first.scheduling?.mentorDetail ?? .full
        // Mentors of a schedule made without the LP get a fixed budget per group instead of what
        // is left of the work limit (the LP spent it), and a diving search.
        var withoutLPUsed = false
        var withoutLPReason = GreedyWithLagrangianBounds.glpkGaveUp
        var round = 0
        // Ends at the latest in round 4: round 3 details everything, and a detailed round returns.
        while true {
            round += 1
            let formulation = round == 1 ? first : reformulate(detail)
            // A pooled round keeps half of the time and work left for a detailed round, should one be needed.
            let share = detail.everything ? 1.0 : 0.5
            let remaining = budget.remainingSeconds.map { max(0.001, $0 * share) }
            var solution: Solution
            if withoutLPUsed {
                // GLPK's LP did not finish in an earlier round: the detailed rounds are greedy too.
                solution = GreedyWithLagrangianBounds().solve(formulation, reason: withoutLPReason).solution
            } else if round == 1, formulation.model.nonZeroCount > Self.largestModelForGLPK, !Budget.stopRequested,
                case let reason =
                    "the model (\(formulation.model.nonZeroCount) non-zeros) is too large for GLPK (more than \(Self.largestModelForGLPK))",
                var withoutLP = GreedyWithLagrangianBounds().solution(formulation, reason: reason)
            {
                // Too large for GLPK's simplex within minutes (decided by the model's size, so the
                // same on every machine): the greedy schedule with Lagrangian bounds at once.
                withoutLP.iterations = 0
                solution = withoutLP
                withoutLPUsed = true
                withoutLPReason = reason
            } else {
                solution = try GLPKMethod(dive: true, progress: progress).solve(
                    model: formulation.model, budget: Budget(seconds: remaining, workLimit: workLeft().map { Int(Double($0) * share) }))
                workUsed += solution.iterations
                // When GLPK finds no solution within the limits (its LP relaxation does not finish
                // on large scenarios): a greedy schedule with Lagrangian bounds.
                if solution.status == .noSolution, !Budget.stopRequested, var withoutLP = GreedyWithLagrangianBounds().solution(formulation) {
                    withoutLP.iterations = solution.iterations
                    solution = withoutLP
                    withoutLPUsed = true
                }
            }
            guard solution.status.hasSolution, !detail.everything, let scheduling = formulation.scheduling else {
                return SolveResult(solution: solution, formulation: formulation)
            }
            let stays = scheduling.chosenStays(formulation, solution.values)
            let assignment = MentorAssignment(scheduling: scheduling, stays: stays, balance: balance)
            var choice = MentorChoice()
            var failing = MentorDetail()
            var peaks: [Schedule.Mentor.Kind: (value: Double, bound: Double)] = [:]
            let assignStart = Date()
            for group in assignment.groups {
                let remaining = budget.remainingSeconds.map { max(0.001, $0) }
                let result =
                    withoutLPUsed
                    ? try GLPKMethod(dive: true).solve(
                        model: group.model, budget: Budget(seconds: remaining, workLimit: Self.assignmentWork(group.model)))
                    : try GLPKMethod().solve(model: group.model, budget: Budget(seconds: remaining, workLimit: workLeft()))
                workUsed += withoutLPUsed ? 0 : result.iterations
                guard result.status.hasSolution, let stage = result.stages.first else {
                    if group.kind == .academic { failing.universities.insert(group.name) } else { failing.bases.insert(group.name) }
                    continue
                }
                let peak = peaks[group.kind] ?? (0, 0)
                peaks[group.kind] = (max(peak.value, stage.value), max(peak.bound, stage.status == .optimal ? stage.value : stage.bound.rounded(.up)))
                for (j, item) in group.items.enumerated() where result.values[j] > 0.5 {
                    if group.kind == .academic { choice.academic[item.owner] = item.mentor } else { choice.industry[stays[item.owner]] = item.mentor }
                }
            }
            if failing.universities.isEmpty && failing.bases.isEmpty {
                // The load stages come after every placement stage; a solve cut short stops before them.
                if balance && solution.stages.count == formulation.model.objectives.count {
                    for (kind, used) in [
                        (Schedule.Mentor.Kind.academic, scheduling.rules.usesAcademicMentors), (.industry, scheduling.rules.usesIndustryMentors)
                    ] where used {
                        let peak = peaks[kind] ?? (0, 0)
                        let proven = peak.bound >= peak.value
                        let status: SolveStatus =
                            proven ? .optimal : .feasible(bound: peak.bound, gap: SolveStatus.relativeGap(value: peak.value, bound: peak.bound))
                        var evidence =
                            "mentors assigned per university and per base with every placement's weeks fixed by the earlier stages; "
                            + (proven
                                ? "each group's busiest week proven minimal by GLPK"
                                : "some groups' search stopped at its work budget; bound is the largest group bound")
                        if solution.status != .optimal { evidence = "given the earlier stages' best values found: " + evidence }
                        if !proven, solution.status == .optimal { solution.status = status }
                        solution.stages.append(
                            StageResult(
                                name: "max_\(kind.rawValue)_mentor_load", value: peak.value, bound: proven ? peak.value : peak.bound,
                                status: status, evidence: evidence, seconds: Date().timeIntervalSince(assignStart)))
                    }
                }
                return SolveResult(solution: solution, formulation: formulation, mentors: choice)
            }
            guard !budget.isTimeUp, workLeft() != 0 || withoutLPUsed else {
                solution.status = .noSolution
                return SolveResult(solution: solution, formulation: formulation)
            }
            detail.universities.formUnion(failing.universities)
            detail.bases.formUnion(failing.bases)
            if round == 3 { detail = .full }
        }
    }

    /// Above this many non-zeros the pooled model goes to `GreedyWithLagrangianBounds` without
    /// GLPK: its LP relaxation takes about a minute at 309,204 (300 students); at 977,894 (900)
    /// GLPK reached a 1.9 % gap in 600 s without the cost stage, and at 3,299,283 (3,000) the LP
    /// did not finish in 21 minutes (docs/benchmarks.md).
    static let largestModelForGLPK = 600_000

    /// The simplex iterations a mentor group's model may use after a schedule made without the LP.
    static func assignmentWork(_ model: LinearModel) -> Int { max(20_000, 20 * (model.variableCount + model.constraintCount)) }
}
