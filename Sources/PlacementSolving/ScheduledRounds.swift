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
    /// Above this many non-zeros the greedy schedule answers without GLPK (tests lower it to reach
    /// that path on small models).
    var largestModelForGLPKHere = Self.largestModelForGLPK

    public init(reformulate: @escaping @Sendable (MentorDetail) -> Formulation, progress: (@Sendable (ProgressEvent) -> Void)? = nil) {
        self.reformulate = reformulate
        self.progress = progress
    }

    public var name: String { GLPKMethod.solverName }

    public func solve(_ first: Formulation, budget: Budget) throws(SolverError) -> SolveResult {
        let workLimit = budget.workLimit
        var workUsed = 0
        // Under a time limit, the last 5 % of it is kept for the outcome and the report files: GLPK
        // is not asked about mentors then (the greedy assignments stand).
        let reserve = (budget.remainingSeconds ?? 0) * 0.05
        func workLeft() -> Int? { workLimit.map { max(0, $0 - workUsed) } }
        let balance = first.scenario.policy.objectives.contains(.balanceMentorLoad)
        var detail = first.scheduling?.mentorDetail ?? .full
        // Mentors of a schedule made without the LP get a fixed budget per group instead of what
        // is left of the work limit (the LP spent it), and a diving search.
        var withoutLPUsed = false
        var withoutLPReason = GreedyWithLagrangianBounds.glpkGaveUp
        var round = 0
        // The best answer of an earlier round with the students its failing mentor groups could
        // not serve left unplaced.
        var earlier: SolveResult? = nil
        // The greedy schedule's neighbourhood search, to go on with the time its mentors leave.
        var continuation: NeighbourhoodContinuation? = nil
        // Ends at the latest in round 4: round 3 details everything, and a detailed round returns.
        while true {
            round += 1
            let roundStart = ContinuousClock.now
            let formulation = round == 1 ? first : reformulate(detail)
            // A pooled round keeps half of the time and work left for a detailed round, should one be needed.
            let share = detail.everything ? 1.0 : 0.5
            let remaining = budget.remainingSeconds.map { max(0.001, $0 * share) }
            var solution: Solution
            if withoutLPUsed {
                // GLPK's LP did not finish in an earlier round: the detailed rounds are greedy too.
                let greedy = GreedyWithLagrangianBounds().searched(
                    formulation, reason: withoutLPReason, deadline: greedyDeadline(budget), searchNeighbourhoods: true,
                    neighbourhoodWorkLimit: workLeft())
                solution =
                    greedy?.solution ?? Solution(status: .noSolution, values: [], stages: [], solverName: GreedyWithLagrangianBounds.solverName)
                continuation = greedy?.continuation
                workUsed += solution.iterations
            } else if round == 1, formulation.model.nonZeroCount > largestModelForGLPKHere, !Budget.stopRequested,
                case let reason =
                    "the model (\(formulation.model.nonZeroCount) non-zeros) is too large for GLPK (more than \(largestModelForGLPKHere))",
                let searched = GreedyWithLagrangianBounds().searched(
                    formulation, reason: reason, deadline: greedyDeadline(budget), searchNeighbourhoods: true,
                    neighbourhoodWorkLimit: workLeft())
            {
                let withoutLP = searched.solution
                continuation = searched.continuation
                // Too large for GLPK's simplex within minutes (decided by the model's size, so the
                // same on every machine): the greedy schedule with Lagrangian bounds at once.
                workUsed += withoutLP.iterations
                solution = withoutLP
                withoutLPUsed = true
                withoutLPReason = reason
            } else {
                // Implied weekly rows dropped and dominated start weeks fixed at 0 (ImpliedRows.swift):
                // the same optima, a smaller LP; GLPK's point keeps the dropped rows too.
                let presolved = formulation.model.schedulePresolve()
                solution = try GLPKMethod(dive: true, gomoryCuts: true, progress: progress).solve(
                    model: presolved.model,
                    budget: Budget(seconds: remaining, workLimit: workLeft().map { Int(Double($0) * share) }))
                workUsed += solution.iterations
                // When GLPK finds no solution within the limits (its LP relaxation does not finish
                // on large scenarios): a greedy schedule with Lagrangian bounds.
                // Also when GLPK's point is not proven optimal and the greedy schedule is better
                // (a limit that stops GLPK in its LP leaves a rounded-down point, often far worse).
                let reason = solution.status.hasSolution ? Self.glpkWorse : GreedyWithLagrangianBounds.glpkGaveUp
                if solution.status != .optimal, !Budget.stopRequested,
                    let searched = GreedyWithLagrangianBounds().searched(
                        formulation, reason: reason, deadline: greedyDeadline(budget), searchNeighbourhoods: !solution.status.hasSolution,
                        neighbourhoodWorkLimit: workLeft(), presolved: presolved)
                {
                    var withoutLP = searched.solution
                    workUsed += withoutLP.iterations
                    if !solution.status.hasSolution
                        || GreedyWithLagrangianBounds.isBetter(withoutLP.values, than: solution.values, in: formulation.model)
                    {
                        withoutLP.iterations += solution.iterations
                        solution = withoutLP
                        continuation = searched.continuation
                        withoutLPUsed = true
                        withoutLPReason = reason
                    } else if let bound = withoutLP.stages.first?.bound {
                        solution = Self.tightened(solution, firstBound: bound, sense: formulation.model.objectives[0].sense)
                    }
                }
            }
            guard solution.status.hasSolution, !detail.everything, let scheduling = formulation.scheduling else {
                return Self.better(SolveResult(solution: solution, formulation: formulation), than: earlier)
            }
            let stays = scheduling.chosenStays(formulation, solution.values)
            var mentorStage = MentorStage(scheduling: scheduling, budget: budget, reserve: reserve, balance: balance, withoutLP: withoutLPUsed)
            // A greedy schedule under a time limit: mentors first serve every intern, then the
            // time goes to more placements (neighbourhoods), and what is left to the mentors' loads
            // (the objectives' order); otherwise each group is served and balanced in one solve.
            let serveFirst = withoutLPUsed && balance && budget.remainingSeconds != nil
            let (assigned, assignWork) = try mentorStage.assign(stays, serveFirst: serveFirst, workLeft: workLeft())
            workUsed += assignWork
            var choice = assigned.choice
            var peaks = assigned.peaks
            let failing = assigned.failing, unserved = assigned.unserved, partial = assigned.partial
            let assignStart = assigned.started
            // No time (or work) for another round: the students a failing group could not serve are
            // left unplaced (every other placement and mentor stays), when the model allows it.
            // (Another round would take about as long as this one, beyond the reserve.)
            let roundSeconds = Double(roundStart.duration(to: .now).components.seconds)
            let noMoreRounds =
                budget.remainingSeconds.map { $0 <= reserve + roundSeconds } ?? false || Budget.stopRequested
                || (workLeft() == 0 && !withoutLPUsed)
            /// This round's answer with the students the failing groups could not serve left
            /// unplaced (every other placement and mentor stays), when the model allows it.
            func withoutUnserved() -> (solution: Solution, choice: MentorChoice, peaks: [Schedule.Mentor.Kind: (value: Double, bound: Double)])? {
                guard let kept = Self.values(formulation, solution.values, without: unserved) else { return nil }
                var choice = choice
                choice.academic.merge(partial.academic) { a, _ in a }
                choice.industry.merge(partial.industry) { a, _ in a }
                for (stay, _) in choice.industry where unserved.contains(stay.student) { choice.industry[stay] = nil }
                for s in unserved { choice.academic[s] = nil }
                // The dropped students leave other groups' weeks too: each kind's busiest week is
                // counted again, and the groups' bounds (with those students in) no longer hold.
                var peaks = peaks
                for kind in [Schedule.Mentor.Kind.academic, .industry] { peaks[kind] = (Self.peakLoad(kind, choice, stays), 0) }
                return (
                    Self.resolved(
                        solution, formulation.model, at: kept,
                        note: "; students whose mentor group could not be served within the limits left unplaced"), choice, peaks
                )
            }
            /// The answer with the mentor-load stages (after every placement stage; a solve cut
            /// short stops before them).
            func finished(
                _ solution: Solution, _ choice: MentorChoice, _ peaks: [Schedule.Mentor.Kind: (value: Double, bound: Double)], droppedUnserved: Bool
            ) -> SolveResult {
                var solution = solution
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
                            + (droppedUnserved
                                ? "no bound once the interns some groups could not serve were left unplaced"
                                : proven
                                    ? "each group's busiest week proven minimal by GLPK or by the interns per mentor in its busiest week"
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
            // Serving first, the students a group cannot serve are left out at once (when the model
            // allows it), and the time goes on as for a schedule whose groups are all served.
            var served = (solution: solution, mentors: assigned, stays: stays, failing: failing)
            // Students the continuation below leaves as they are: placed, no group could serve them.
            var frozen = Set<Int>()
            // (Not when no time is left: assigning again builds every group's model, seconds at
            // 15,000 students; the unserved are then left out below, as without serving first.)
            if serveFirst, !(failing.universities.isEmpty && failing.bases.isEmpty), budget.remainingSeconds.map({ $0 > reserve }) ?? true,
                let kept = Self.values(formulation, solution.values, without: unserved)
            {
                let keptStays = scheduling.chosenStays(formulation, kept)
                let (again, againWork) = try mentorStage.assign(keptStays, serveFirst: true, workLeft: workLeft())
                workUsed += againWork
                if again.failing.universities.isEmpty && again.failing.bases.isEmpty {
                    let note = "; students whose mentor group could not be served within the limits left unplaced"
                    served = (Self.resolved(solution, formulation.model, at: kept, note: note), again, keptStays, MentorDetail())
                    frozen = unserved
                }
            }
            if served.failing.universities.isEmpty && served.failing.bases.isEmpty {
                // Under a time limit, the time the mentors leave goes to more neighbourhoods of the
                // greedy schedule; a better schedule whose mentor groups can all be served replaces
                // this one (unchanged groups keep their mentors, so only the changed ones are solved).
                var solution = served.solution
                var mentors = served.mentors, stays = served.stays
                var part: UInt64 = 0, rounds = 0, improvements = 0
                while withoutLPUsed, let continuation, let left = budget.remainingSeconds.map({ $0 - reserve }),
                    left >= min(Self.shortestContinuation, reserve), !Budget.stopRequested, workLeft() != 0
                {
                    part += 1
                    // With loads still to balance, the placements get most of the time left.
                    let searched = continuation.improve(
                        solution.values, part: part, workLimit: workLeft(), deadline: .now.advanced(by: .seconds(left * (serveFirst ? 0.7 : 0.6))),
                        frozen: frozen)
                    workUsed += searched.iterations
                    rounds += searched.rounds
                    guard searched.rounds > 0 else { break }
                    guard searched.improvements > 0 else { continue }
                    let newStays = scheduling.chosenStays(formulation, searched.values)
                    let (again, againWork) = try mentorStage.assign(newStays, serveFirst: serveFirst, workLeft: workLeft())
                    workUsed += againWork
                    guard again.failing.universities.isEmpty && again.failing.bases.isEmpty else {
                        frozen.formUnion(again.unserved)
                        continue
                    }
                    improvements += searched.improvements
                    solution = Self.resolved(solution, formulation.model, at: searched.values, note: "")
                    mentors = again
                    stays = newStays
                }
                if improvements > 0 {
                    for i in solution.stages.indices {
                        solution.stages[i].evidence +=
                            "; then improved in \(improvements) of \(rounds) more neighbourhoods searched in the time the mentors left"
                    }
                }
                if serveFirst { try mentorStage.balanceLoads(&mentors, stays) }
                choice = mentors.choice
                peaks = mentors.peaks
                return Self.better(finished(solution, choice, peaks, droppedUnserved: false), than: earlier)
            }
            // Kept in case a later, more detailed round does worse (it is solved afresh, in less time).
            let dropped = withoutUnserved().map { finished($0.solution, $0.choice, $0.peaks, droppedUnserved: true) }
            if let dropped { earlier = Self.better(dropped, than: earlier) }
            // No time (or work) for another round: the answer without the unserved students.
            if noMoreRounds, let earlier { return earlier }
            guard !budget.isTimeUp, workLeft() != 0 || withoutLPUsed else {
                if let earlier { return earlier }
                solution.status = .noSolution
                return SolveResult(solution: solution, formulation: formulation)
            }
            detail.universities.formUnion(failing.universities)
            detail.bases.formUnion(failing.bases)
            if round == 3 { detail = .full }
        }
    }

    /// The most interns one mentor of a kind has in one week under the chosen assignment (an
    /// academic mentor has her students' every stay; 0 when none has interns).
    static func peakLoad(_ kind: Schedule.Mentor.Kind, _ choice: MentorChoice, _ stays: [MentorAssignment.Stay]) -> Double {
        var load: [Int: [Int: Int]] = [:]
        for stay in stays {
            guard let mentor = kind == .academic ? choice.academic[stay.student] : choice.industry[stay] else { continue }
            for week in stay.weeks { load[mentor, default: [:]][week, default: 0] += 1 }
        }
        return Double(load.values.flatMap(\.values).max() ?? 0)
    }

    /// `answer`, unless `earlier` is lexicographically better in the placement stages (those of the
    /// model's objectives, in order; a tie keeps `answer`, the more detailed round's).
    static func better(_ answer: SolveResult, than earlier: SolveResult?) -> SolveResult {
        guard let earlier, earlier.solution.status.hasSolution else { return answer }
        guard answer.solution.status.hasSolution else { return earlier }
        for objective in answer.formulation.model.objectives {
            guard let a = answer.solution.stages.first(where: { $0.name == objective.name }),
                let b = earlier.solution.stages.first(where: { $0.name == objective.name })
            else { break }
            if abs(a.value - b.value) <= 1e-9 * max(1, abs(a.value)) { continue }
            return (objective.sense == .maximize ? b.value > a.value : b.value < a.value) ? earlier : answer
        }
        return answer
    }

    /// Why the greedy schedule answers when GLPK found a point (the words of each stage's evidence).
    static let glpkWorse = "GLPK's best point within the time or work limit was worse"

    /// The deadline of a greedy schedule under a time limit: three quarters of the time left, so
    /// that mentors and reports get the rest.
    func greedyDeadline(_ budget: Budget) -> ContinuousClock.Instant? {
        budget.remainingSeconds.map { ContinuousClock.now.advanced(by: .seconds($0 * 0.75)) }
    }

    /// The schedule without some students (every column of theirs at 0), or nil when that breaks
    /// a row of the model (a minimum number of interns, say).
    static func values(_ f: Formulation, _ values: [Double], without students: Set<Int>) -> [Double]? {
        var kept = values
        for k in 0..<f.candidates.count where students.contains(Int(f.candidates.candidates[k].student)) { kept[k] = 0 }
        if let scheduling = f.scheduling {
            for (i, c) in scheduling.secondParts.enumerated() where students.contains(Int(c.student)) { kept[scheduling.secondColumnStart + i] = 0 }
            for a in scheduling.academicColumns where students.contains(Int(a.student)) { kept[a.column] = 0 }
        }
        return f.model.maximumViolation(at: kept) <= 1e-9 ? kept : nil
    }

    /// A solution moved to other values: each stage's value again, its bound kept (still proven),
    /// feasible with its gap unless value and bound meet.
    /// `note` ends each stage's evidence (why the values moved).
    static func resolved(_ solution: Solution, _ model: LinearModel, at values: [Double], note: String) -> Solution {
        var s = solution
        s.values = values
        var overall = SolveStatus.optimal
        for (i, stage) in s.stages.enumerated() where i < model.objectives.count {
            let value = model.value(of: model.objectives[i], at: values)
            // A later stage's bound was for the earlier stages' old values: never past the new value.
            let maximise = model.objectives[i].sense == .maximize
            let bound = i == 0 ? stage.bound : maximise ? max(stage.bound, value) : min(stage.bound, value)
            let proven = abs(bound - value) <= 1e-9 * max(1, abs(value)) && overall == .optimal
            let status: SolveStatus = proven ? .optimal : .feasible(bound: bound, gap: SolveStatus.relativeGap(value: value, bound: bound))
            if !proven, overall == .optimal { overall = status }
            s.stages[i].value = value
            s.stages[i].bound = bound
            s.stages[i].status = status
            s.stages[i].evidence += note
        }
        s.status = overall
        return s
    }

    /// GLPK's solution with the first stage's bound replaced by the Lagrangian one when that is
    /// tighter (both are proven bounds on the same stage; GLPK's bound from a limit inside its LP
    /// is only one count per packing row).
    static func tightened(_ solution: Solution, firstBound: Double, sense: LinearModel.Sense) -> Solution {
        guard var stage = solution.stages.first else { return solution }
        let tighter = sense == .maximize ? firstBound < stage.bound : firstBound > stage.bound
        guard tighter else { return solution }
        var s = solution
        stage.bound = sense == .maximize ? max(firstBound, stage.value) : min(firstBound, stage.value)
        let proven = abs(stage.bound - stage.value) <= 1e-9 * max(1, abs(stage.value))
        stage.status = proven ? .optimal : .feasible(bound: stage.bound, gap: SolveStatus.relativeGap(value: stage.value, bound: stage.bound))
        stage.evidence += "; bound: Lagrangian (greedy schedule's relaxation, tighter)"
        s.stages[0] = stage
        s.status = s.stages.first { $0.status != .optimal }?.status ?? solution.status
        return s
    }

    /// Above this many non-zeros the pooled model goes to `GreedyWithLagrangianBounds` without
    /// GLPK: its LP relaxation takes about a minute at 309,204 (300 students); at 977,894 (900)
    /// GLPK reached a 1.9 % gap in 600 s without the cost stage, and at 3,299,283 (3,000) the LP
    /// did not finish in 21 minutes (docs/benchmarks.md).
    static let largestModelForGLPK = 600_000

    /// The least time (seconds, after the reserve) worth another stretch of neighbourhoods after
    /// the mentors: a neighbourhood takes 0.1–1 s at 3,000 students, its mentors less (under
    /// a limit shorter than 40 s, the reserve's length instead).
    static let shortestContinuation = 2.0

    /// The simplex iterations a mentor group's model may use after a schedule made without the LP.
    static func assignmentWork(_ model: LinearModel) -> Int { max(20_000, 20 * (model.variableCount + model.constraintCount)) }
}
