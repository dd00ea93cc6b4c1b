import Foundation
import PlacementDomain
import PlacementFormulation
import PlacementModel

/// The mentors of one pooled schedule (`ScheduledRounds`), group by group: a university's
/// academic mentors, a base's industry mentors. Each group is served by its greedy assignment or,
/// when that leaves interns out (or, without `serveFirst`, busier weeks than its bound), by GLPK
/// within the time left before the run's reserve. A group whose stays are unchanged since an
/// earlier schedule of this round keeps its answer (`cache`).
struct MentorStage {
    let scheduling: Scheduling
    let budget: Budget
    /// Seconds kept at the end of a time limit for the outcome and the report files.
    let reserve: Double
    /// `balance_mentor_load` is among the objectives.
    let balance: Bool
    /// The schedule was made without GLPK's LP: each group gets its own work budget
    /// (`ScheduledRounds.assignmentWork`) and a diving search, not the run's work left.
    let withoutLP: Bool
    var cache = GroupCache()

    /// Mentors for the schedule `stays`, group by group (`cache`: the groups' answers so far in
    /// this round, reused for a group whose interns and weeks are unchanged). `serveFirst`: GLPK
    /// only serves the interns the greedy assignment leaves out, and balances no load (that
    /// comes later, in `balanceLoads`, with the time the placements leave). `workLeft`: the run's
    /// simplex iterations left (nil: no limit); the answer says how many GLPK used of them.
    mutating func assign(
        _ stays: [MentorAssignment.Stay], serveFirst: Bool, workLeft run: Int?
    ) throws(SolverError) -> (
        round: MentorRound, iterations: Int
    ) {
        var used = 0
        func workLeft() -> Int? { run.map { max(0, $0 - used) } }
        let assignment = MentorAssignment(scheduling: scheduling, stays: stays, balance: balance)
        var choice = MentorChoice()
        var failing = MentorDetail()
        var unserved = Set<Int>()  // students no mentor of a failing group could take
        var partial = MentorChoice()  // the failing groups' greedy assignments of the others
        var peaks: [Schedule.Mentor.Kind: (value: Double, bound: Double)] = [:]
        var answers: [GroupAnswer] = []
        let assignStart = Date()
        // Groups whose greedy assignment leaves interns unserved come first: under a time limit
        // they need GLPK to keep their students, the others only to balance a busy week (the
        // groups are independent, so the order changes nothing else).
        let groups = assignment.groups.filter { !$0.greedy.unserved.isEmpty } + assignment.groups.filter { $0.greedy.unserved.isEmpty }
        for group in groups {
            // The greedy assignment first: when it serves every intern and (with load balancing)
            // its busiest week meets the bound, GLPK could do no better. GLPK otherwise, while
            // there is time; the greedy assignment again when GLPK finds none.
            let greedy = group.greedy
            let greedyDone = greedy.unserved.isEmpty && (!balance || serveFirst || greedy.peak <= greedy.peakBound)
            var values: [Double]?
            var value = Double(greedy.peak), bound = Double(greedy.peakBound)
            let left = budget.remainingSeconds.map { $0 - reserve }
            // A group with the same interns in the same weeks as in an earlier assignment of
            // this run has the same model: its answer stands.
            let key = GroupCache.Key(kind: group.kind, name: group.name, stays: group.stays)
            if let known = cache.answers[key] {
                values = known.values
                value = known.value
                bound = known.bound
            } else if !greedyDone, (left ?? 1) > 0, !Budget.stopRequested, withoutLP || workLeft() != 0 {
                // A group with interns to serve gets at most half of the time left, so that one
                // cannot take the others' (15,000 students: one university's 241,683 columns used
                // 300 s and found no assignment, and no later group was balanced).
                let remaining = left.map { max(0.001, greedy.unserved.isEmpty ? $0 : $0 / 2) }
                // Serving first: any assignment that serves every intern ends GLPK's search, first
                // one whose busiest week is no busier than the greedy assignment's (so that the
                // loads need no more work later), then any.
                var result =
                    withoutLP
                    ? try GLPKMethod(dive: true).solve(
                        model: serveFirst ? Self.servingOnly(group.model, peakAtMost: max(greedy.peak, greedy.servedPeakBound)) : group.model,
                        budget: Budget(seconds: remaining.map { serveFirst ? $0 / 2 : $0 }, workLimit: ScheduledRounds.assignmentWork(group.model)))
                    : try GLPKMethod().solve(model: group.model, budget: Budget(seconds: remaining, workLimit: workLeft()))
                if serveFirst, !result.status.hasSolution, !Budget.stopRequested {
                    let left = budget.remainingSeconds.map { max(0.001, ($0 - reserve) / 2) }
                    result = try GLPKMethod(dive: true).solve(
                        model: Self.servingOnly(group.model, peakAtMost: nil),
                        budget: Budget(seconds: left, workLimit: ScheduledRounds.assignmentWork(group.model)))
                }
                used += withoutLP ? 0 : result.iterations
                if serveFirst, result.status.hasSolution {
                    let served = Self.withLeastPeak(group.model, result.values)
                    values = served.values
                    value = served.peak
                    bound = Double(greedy.servedPeakBound)
                } else if result.status.hasSolution, let stage = result.stages.first {
                    values = result.values
                    value = stage.value
                    bound = stage.status == .optimal ? stage.value : stage.bound.rounded(.up)
                    // A search cut short may end above the greedy assignment's busiest week.
                    if greedy.unserved.isEmpty && Double(greedy.peak) < value { values = greedy.values; value = Double(greedy.peak) }
                    bound = max(bound, Double(greedy.peakBound))
                }
            }
            if values == nil, greedy.unserved.isEmpty { values = greedy.values }
            if let values { cache.answers[key] = (values, value, bound) }
            guard let values else {
                if group.kind == .academic { failing.universities.insert(group.name) } else { failing.bases.insert(group.name) }
                let owners = group.kind == .academic ? greedy.unserved : greedy.unserved.map { stays[$0].student }
                unserved.formUnion(owners)
                // The interns the greedy assignment did serve keep it, should there be no more rounds
                // (their busiest week counts then; another round assigns afresh).
                let peak = peaks[group.kind] ?? (0, 0)
                peaks[group.kind] = (max(peak.value, Double(greedy.peak)), peak.bound)
                for (j, item) in group.items.enumerated() where greedy.values[j] > 0.5 {
                    if group.kind == .academic {
                        partial.academic[item.owner] = item.mentor
                    } else {
                        partial.industry[stays[item.owner]] = item.mentor
                    }
                }
                continue
            }
            let peak = peaks[group.kind] ?? (0, 0)
            peaks[group.kind] = (max(peak.value, value), max(peak.bound, bound))
            answers.append(GroupAnswer(key: key, items: group.items, values: values, value: value, bound: bound))
            Self.choose(group.kind, group.items, values, stays, into: &choice)
        }
        return (
            MentorRound(
                choice: choice, failing: failing, unserved: unserved, partial: partial, peaks: peaks, answers: answers, started: assignStart),
            used
        )
    }
    /// With every intern served (`round` of `serveFirst`), GLPK lowers the busiest week of the
    /// groups that set each kind's largest (only they can lower it), from their assignment, in
    /// the time left after the reserve.
    mutating func balanceLoads(_ round: inout MentorRound, _ stays: [MentorAssignment.Stay]) throws(SolverError) {
        guard balance else { return }
        var busiest: [Int] = []
        for kind in [Schedule.Mentor.Kind.academic, .industry] {
            let ofKind = round.answers.indices.filter { round.answers[$0].key.kind == kind }
            let peak = ofKind.map { round.answers[$0].value }.max() ?? 0
            let atPeak = ofKind.filter { round.answers[$0].value >= peak }
            // A group proven at the largest already keeps it there.
            if atPeak.allSatisfy({ round.answers[$0].value > round.answers[$0].bound }) { busiest += atPeak }
        }
        // The groups' models again (not kept meanwhile: at 15,000 students they take hundreds of MB;
        // building them takes seconds there, so not when no time is left).
        let timeLeft = budget.remainingSeconds.map { $0 - reserve > 0 } ?? true
        let groups = busiest.isEmpty || !timeLeft ? [] : MentorAssignment(scheduling: scheduling, stays: stays, balance: balance).groups
        for (n, i) in busiest.enumerated() {
            guard let left = budget.remainingSeconds.map({ $0 - reserve }), left > 0, !Budget.stopRequested else { break }
            let answer = round.answers[i]
            guard let group = groups.first(where: { $0.kind == answer.key.kind && $0.name == answer.key.name }) else { continue }
            let result = try GLPKMethod(dive: true).solve(
                model: group.model,
                budget: Budget(seconds: max(0.001, left / Double(busiest.count - n)), workLimit: ScheduledRounds.assignmentWork(group.model)),
                start: answer.values)
            guard result.status.hasSolution, let stage = result.stages.first else { continue }
            let bound = max(answer.bound, stage.status == .optimal ? stage.value : stage.bound.rounded(.up))
            let better = stage.value < answer.value - 0.5
            round.answers[i] = GroupAnswer(
                key: answer.key, items: answer.items, values: better ? result.values : answer.values,
                value: better ? stage.value : answer.value, bound: bound)
            cache.answers[answer.key] = (round.answers[i].values, round.answers[i].value, bound)
        }
        round.choice = MentorChoice()
        round.peaks = [:]
        for answer in round.answers {
            Self.choose(answer.key.kind, answer.items, answer.values, stays, into: &round.choice)
            let peak = round.peaks[answer.key.kind] ?? (0, 0)
            round.peaks[answer.key.kind] = (max(peak.value, answer.value), max(peak.bound, answer.bound))
        }
    }

    /// Mentor groups' answers within one run, by group and its interns' stays.
    struct GroupCache {
        struct Key: Hashable {
            let kind: Schedule.Mentor.Kind
            let name: String
            let stays: [MentorAssignment.Stay]
        }
        var answers: [Key: (values: [Double], value: Double, bound: Double)] = [:]
    }

    /// Mentors assigned to one schedule: the groups served (`choice`) and those that could not be
    /// (`failing`, the students they left unserved, their greedy assignment of the others).
    struct MentorRound {
        var choice: MentorChoice
        var failing: MentorDetail
        var unserved: Set<Int>
        var partial: MentorChoice
        var peaks: [Schedule.Mentor.Kind: (value: Double, bound: Double)]
        /// The groups served, with their assignment, busiest week and its bound.
        var answers: [GroupAnswer]
        var started: Date
    }

    struct GroupAnswer {
        let key: GroupCache.Key
        let items: [(owner: Int, mentor: Int)]
        let values: [Double]
        let value: Double
        let bound: Double
    }

    /// A group's assignment `values` entered in `choice`.
    static func choose(
        _ kind: Schedule.Mentor.Kind, _ items: [(owner: Int, mentor: Int)], _ values: [Double], _ stays: [MentorAssignment.Stay],
        into choice: inout MentorChoice
    ) {
        for (j, item) in items.enumerated() where values[j] > 0.5 {
            if kind == .academic { choice.academic[item.owner] = item.mentor } else { choice.industry[stays[item.owner]] = item.mentor }
        }
    }

    /// A group's model with no objective: the first assignment that serves every intern is optimal
    /// (its busiest week at most `peakAtMost`, when the group has that column).
    static func servingOnly(_ model: LinearModel, peakAtMost: Int?) -> LinearModel {
        var model = model
        if let peakAtMost, let peak = model.objectives.first?.terms.first?.variable { model.setBounds(of: peak, lower: 0, upper: Double(peakAtMost)) }
        model.objectives = model.objectives.map { .init(name: $0.name, sense: $0.sense, terms: [], isIntegral: true) }
        return model
    }

    /// An assignment with its busiest-week column (when the group has one: with load balancing) at
    /// the least its rows allow, and that busiest week.
    static func withLeastPeak(_ model: LinearModel, _ values: [Double]) -> (values: [Double], peak: Double) {
        var values = values
        guard let peak = model.objectives.first?.terms.first?.variable else { return (values, 0) }
        var least = 0.0
        for row in model.constraints where row.terms.contains(where: { $0.variable == peak }) {
            least = max(least, row.terms.reduce(0) { $1.variable == peak ? $0 : $0 + $1.coefficient * values[$1.variable] })
        }
        values[peak] = least.rounded()
        return (values, least.rounded())
    }
}
