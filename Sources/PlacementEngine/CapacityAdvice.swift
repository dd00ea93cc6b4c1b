import Foundation
import PlacementConcurrency
import PlacementDomain
import PlacementFormulation
import PlacementModel
import PlacementSolving

/// "If we could add N seats, where?" — each suggestion with its predicted and confirmed gain.
public struct CapacityAdvice: Sendable {
    public struct Suggestion: Sendable {
        public let base: String
        public let term: String
        /// Predicted by the dual price of the capacity row (network models) or by a re-solve.
        public let predictedPlaced: Int
        public let predictedCostChange: Double
        /// Measured by re-solving with the seat added (after the earlier suggestions' seats).
        public let confirmedPlaced: Int
        public let confirmedCostChange: Double
    }

    public let method: String
    public let baselinePlaced: Int
    public let baselineCost: Double
    public let suggestions: [Suggestion]

    public var markdown: String {
        var md = "# Where extra seats help most\n\nMethod: \(method).\n\n"
        md += "Baseline: \(baselinePlaced) placed, total cost \(formatNumber(baselineCost)).\n\n"
        md +=
            "| # | base / term | predicted: more placed | predicted: cost change | confirmed: more placed | confirmed: cost change |\n|---:|---|---:|---:|---:|---:|\n"
        for (i, s) in suggestions.enumerated() {
            md +=
                "| \(i + 1) | \(s.base)/\(s.term) | \(s.predictedPlaced) | \(formatNumber(s.predictedCostChange)) | \(s.confirmedPlaced) | \(formatNumber(s.confirmedCostChange)) |\n"
        }
        if suggestions.isEmpty { md += "\nNo extra seat would place more students or lower the cost.\n" }
        return md
    }
}

extension PlacementEngine {
    /// Suggests up to `seats` extra seats one at a time (greedy): for a transportation model, the
    /// seat with the largest exact dual price of its capacity row in a penalty model equivalent
    /// to the lexicographic policy; otherwise, the best of re-solves over the full base-terms with
    /// waiting eligible applicants. Every suggestion is confirmed by re-solving with the seat added.
    public func advise(
        _ scenario: Scenario, seats: Int, timeLimit: Double? = nil, progress: (@Sendable (String) -> Void)? = nil
    ) throws(EngineError) -> CapacityAdvice {
        var current = scenario
        // The current optimum's LP bases: every trial starts its stages' simplex from them.
        var (outcome, bases) = try solveKeepingBases(current, options: .init(timeLimit: timeLimit))
        let baseline = outcome
        var suggestions: [CapacityAdvice.Suggestion] = []
        let network = NetworkMethod(for: formulate(scenario)) != nil
        for seat in 0..<max(0, seats) {
            progress?(
                "seat \(seat + 1) of \(seats): " + (network ? "dual prices of the seats" : "re-solving with one more seat at each full base-term"))
            let formulation = formulate(current)
            let pick: (base: Int, term: Int, placed: Int, cost: Double)?
            var trial: (outcome: PlacementOutcome, bases: [StageBasis])? = nil
            if network {
                pick = NetworkMethod.bestSeatByDuals(formulation)
            } else {
                let best = try bestSeatByResolving(
                    current, formulation: formulation, outcome: outcome, bases: bases, timeLimit: timeLimit,
                    progress: progress.map { report -> @Sendable (String) -> Void in
                        { line in report("seat \(seat + 1) of \(seats): " + line) }
                    })
                pick = best.map { ($0.base, $0.term, $0.placed, $0.cost) }
                trial = best.map { ($0.outcome, $0.bases) }
            }
            guard let pick else { break }
            let next = current.addingSeat(base: pick.base, term: pick.term)
            // A re-solve with the seat added is the confirmation; the best trial already is one.
            let confirmed: PlacementOutcome
            if let trial {
                confirmed = trial.outcome
                bases = trial.bases
            } else {
                var options = Options(timeLimit: timeLimit)
                options.start = Self.placementIDs(current, outcome)
                confirmed = try solve(next, options: options)
            }
            let placedGain = confirmed.placedCount - outcome.placedCount
            let costChange = Self.cost(confirmed) - Self.cost(outcome)
            suggestions.append(
                .init(
                    base: current.bases[pick.base].id, term: current.terms[pick.term].id,
                    predictedPlaced: pick.placed, predictedCostChange: pick.cost,
                    confirmedPlaced: placedGain, confirmedCostChange: costChange))
            current = next
            outcome = confirmed
        }
        return CapacityAdvice(
            method: network
                ? "exact dual prices of the capacity rows (min-cost flow, lexicographic policy as a penalty model), each confirmed by a re-solve"
                : "re-solving with one more seat at each full base-term that has waiting eligible applicants",
            baselinePlaced: baseline.placedCount, baselineCost: Self.cost(baseline), suggestions: suggestions)
    }

    static func cost(_ outcome: PlacementOutcome) -> Double {
        outcome.placements.compactMap { $0?.totalCost }.reduce(0, +)
    }

    /// A placement by ids (student → base and term), as a start for a re-solve.
    static func placementIDs(_ s: Scenario, _ outcome: PlacementOutcome) -> [String: (base: String, term: String)] {
        var ids: [String: (base: String, term: String)] = [:]
        for (j, p) in outcome.placements.enumerated() {
            if let p { ids[s.students[j].id] = (s.bases[p.base].id, s.terms[p.term].id) }
        }
        return ids
    }

    /// Re-solves with one more seat at each full base-term that has a waiting eligible applicant
    /// (at most 20, those with the most waiting applicants), on every core, and returns the best
    /// with its outcome (the first in that order among equals, as one core would find it).
    /// Each trial starts from the current optimum, which the extra seat leaves feasible, and its
    /// stages' LPs from the current optimum's bases (one bound changed: a few pivots away).
    func bestSeatByResolving(
        _ s: Scenario, formulation f: Formulation, outcome: PlacementOutcome, bases: [StageBasis], timeLimit: Double?,
        progress: (@Sendable (String) -> Void)? = nil
    ) throws(EngineError) -> (base: Int, term: Int, placed: Int, cost: Double, outcome: PlacementOutcome, bases: [StageBasis])? {
        var used: [Formulation.BaseTerm: Int] = [:]
        for p in outcome.placements.compactMap({ $0 }) { used[.init(base: Int32(p.base), term: Int32(p.term)), default: 0] += 1 }
        var waiting: [Formulation.BaseTerm: Int] = [:]
        for c in f.candidates.candidates {
            let key = Formulation.BaseTerm(base: c.base, term: c.term)
            let seats = s.bases[Int(c.base)].capacity(in: s.terms[Int(c.term)].id)
            guard used[key, default: 0] >= seats else { continue }
            let current = outcome.placements[Int(c.student)]
            let better = current == nil || (c.rank != 0 && (current!.rank ?? Int.max) > Int(c.rank))
            if better { waiting[key, default: 0] += 1 }
        }
        let candidates = Array(waiting.keys.sorted { (waiting[$0]!, $1) > (waiting[$1]!, $0) }.prefix(20))
        var options = Options(timeLimit: timeLimit)
        options.start = Self.placementIDs(s, outcome)
        options.bases = bases.isEmpty ? nil : bases
        let baseCost = cost(outcome)
        let trials = parallelMap(count: candidates.count) { [options] i in
            defer { GLPKMethod.releaseThreadResources() }
            let key = candidates[i]
            let started = Date()
            let result = Result<(outcome: PlacementOutcome, bases: [StageBasis]), EngineError> { () throws(EngineError) in
                try self.solveKeepingBases(s.addingSeat(base: Int(key.base), term: Int(key.term)), options: options)
            }
            if let progress {
                let what =
                    (try? result.get().outcome).map { t in
                        "\(t.placedCount - outcome.placedCount >= 0 ? "+" : "")\(t.placedCount - outcome.placedCount) placed, cost \(formatNumber(Self.cost(t) - baseCost)), \(t.solver.status)"
                    } ?? "failed"
                progress(
                    "trial \(i + 1) of \(candidates.count), a seat at \(s.bases[Int(key.base)].id)/\(s.terms[Int(key.term)].id): \(what) (\(String(format: "%.1f", Date().timeIntervalSince(started))) s)"
                )
            }
            return result
        }
        var best: (base: Int, term: Int, placed: Int, cost: Double, outcome: PlacementOutcome, bases: [StageBasis])? = nil
        for (key, result) in zip(candidates, trials) {
            let (trial, trialBases) = try result.get()
            let placed = trial.placedCount - outcome.placedCount
            let cost = cost(trial) - cost(outcome)
            if placed > 0 || cost < 0, best == nil || placed > best!.placed || (placed == best!.placed && cost < best!.cost) {
                best = (Int(key.base), Int(key.term), placed, cost, trial, trialBases)
            }
        }
        return best
    }

    private func cost(_ o: PlacementOutcome) -> Double { Self.cost(o) }
}
