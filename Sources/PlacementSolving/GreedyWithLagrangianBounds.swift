import Foundation
import PlacementConcurrency
import PlacementFormulation
import PlacementGLPK
import PlacementModel

/// The answer for a scheduled model whose LP relaxation GLPK cannot finish within the limits:
/// a greedy schedule (`GreedySchedule`), built once without prices and once with the first
/// stage's Lagrangian prices (the better is kept), and for every stage a Lagrangian bound
/// (`LagrangianBound`) given the earlier stages' values, as GLPK fixes them; the first stage's
/// also by column generation (`ColumnGenerationBound`), which reaches the LP bound.
///
/// When the first stage's LP bound comes from column generation, the construction's dive is on
/// that exact LP (`lpDive(on:…)`); otherwise on the averaged points of the subgradient steps.
///
/// Its work is fixed (a number of subgradient steps, of local-search moves and of neighbourhoods,
/// each with an iteration budget), so its answer is the same on every machine. Under a time limit
/// (`deadline`) each phase also stops at its share of the time (`PhaseShares`), the first bound at
/// 35 % of it; the later bounds share the rest. Every phase
/// always runs at least once (the constructions, one bound evaluation), so a time limit always
/// gets a schedule with a bound.
public struct GreedyWithLagrangianBounds: SolveMethod {
    /// Subgradient steps of the Lagrangian bound: for the first stage (its prices also guide the
    /// greedy schedule) and for each later one. Fixed, so the bounds are the same on every machine.
    static let lagrangianSteps = (first: 600, later: 200)
    static let solverName = "greedy schedule with Lagrangian bounds"
    /// Why no LP was used, when GLPK ran and gave up (the words of each stage's evidence).
    public static let glpkGaveUp = "GLPK found no solution within the time or work limit"
    /// Local-search moves per student with options (`GreedySchedule.build(prices:moves:)`), for
    /// each of its two phases (placement, then cost). Fixed, so the schedule is the same on every machine.
    static let movesPerStudent = 30
    /// Rounds of neighbourhoods re-packed by GLPK (`ScheduleNeighbourhoodSearch`, `lanes` a
    /// round). Fixed, like the moves.
    static let neighbourhoodRounds = 24
    /// The most columns the first restricted LP of the column generation (`ColumnGenerationBound`)
    /// may start with. 3,000 students: 15,912, and the LP bound in 6 rounds and 4.5 s; 15,000:
    /// 83,339, and GLPK's simplex did not finish the first restricted LP in 200 s.
    static let largestStartForColumnGeneration = 40_000
    /// Rounds of Gomory cuts on the LP once column generation has it (`ColumnGenerationBound`).
    static let cutRounds = 20

    /// When each phase stops under a time limit, as a share of it: with the LP bound by column
    /// generation (its dive then replaces the one on averaged points, and the neighbourhoods,
    /// which gain most per second there, get longer) and without it.
    struct PhaseShares {
        var columnGeneration: Double
        var dive: Double
        var localSearch: Double
        var neighbourhoods: Double
    }
    static let withLP = PhaseShares(columnGeneration: 0.5, dive: 0.6, localSearch: 0.65, neighbourhoods: 0.85)
    static let withoutLP = PhaseShares(columnGeneration: 0.6, dive: 0.5, localSearch: 0.7, neighbourhoods: 0.75)

    public init() {}

    public var name: String { Self.solverName }

    /// No solution when the greedy finds no point that satisfies the model.
    public func solve(_ f: Formulation, budget: Budget) -> SolveResult {
        solve(f, reason: Self.glpkGaveUp, deadline: budget.deadline)
    }

    /// The same, with the reason no LP was used (it opens each stage's evidence).
    public func solve(
        _ f: Formulation, reason: String, deadline: ContinuousClock.Instant? = nil, searchNeighbourhoods: Bool = false,
        neighbourhoodWorkLimit: Int? = nil
    ) -> SolveResult {
        SolveResult(
            solution: solution(
                f, reason: reason, deadline: deadline, searchNeighbourhoods: searchNeighbourhoods, neighbourhoodWorkLimit: neighbourhoodWorkLimit)
                ?? Solution(status: .noSolution, values: [], stages: [], solverName: name),
            formulation: f)
    }

    /// Nil when the greedy finds no point that satisfies the model (alliance rules with lower
    /// bounds, say). `searchNeighbourhoods`: improve the schedule with GLPK on neighbourhoods
    /// (`ScheduleNeighbourhoodSearch`), for when it is the answer rather than a check on GLPK's
    /// (the bundled 300-student schedule: 2 minutes more, and GLPK's point still better), within
    /// `neighbourhoodWorkLimit` simplex iterations (what is left of the run's work limit).
    /// `presolved`: `f.model.schedulePresolve()` when the caller has it (GLPK's round did).
    public func solution(
        _ f: Formulation, reason: String = Self.glpkGaveUp, deadline: ContinuousClock.Instant? = nil, searchNeighbourhoods: Bool = false,
        neighbourhoodWorkLimit: Int? = nil, presolved: SchedulePresolve? = nil
    ) -> Solution? {
        searched(
            f, reason: reason, deadline: deadline, searchNeighbourhoods: searchNeighbourhoods, neighbourhoodWorkLimit: neighbourhoodWorkLimit,
            presolved: presolved)?.solution
    }

    /// `solution(…)` with its neighbourhood search, to go on from a later point (nil when
    /// `searchNeighbourhoods` is off).
    func searched(
        _ f: Formulation, reason: String = Self.glpkGaveUp, deadline: ContinuousClock.Instant? = nil, searchNeighbourhoods: Bool = false,
        neighbourhoodWorkLimit: Int? = nil, presolved: SchedulePresolve? = nil
    ) -> (solution: Solution, continuation: NeighbourhoodContinuation?)? {
        let objectives = f.model.objectives
        guard let first = objectives.first, first.maxMinRatio == nil else { return nil }
        let started = Date()
        let clockStart = ContinuousClock.now
        /// The instant a share of the time limit (counted from here) has passed.
        func at(_ share: Double) -> ContinuousClock.Instant? {
            deadline.map { clockStart.advanced(by: clockStart.duration(to: $0) * share) }
        }
        let noPrices = [Double](repeating: 0, count: f.model.constraintCount)
        guard let greedy = GreedySchedule(f) else { return nil }
        let constructionStart = ContinuousClock.now
        guard var values = greedy.build(prices: noPrices) else { return nil }
        // A construction is not interruptible: another one (priced, guided, dived, or before the
        // local search) starts only while at least as long as this first one took is left before
        // the deadline (15,000 students: 6.6 s each; four more overran a 28 s limit by 48 s).
        let construction = constructionStart.duration(to: .now)
        func roomForConstruction() -> Bool { deadline.map { ContinuousClock.now.advanced(by: construction) < $0 } ?? true }
        // The bounds are taken on the model with implied rows dropped and dominated starts fixed
        // (the same optima): fewer multipliers, and steps that end closer to the LP bound (3,000
        // students: 7,831 rows relaxed instead of 34,227, 2,816 instead of 2,821 after 600 steps).
        let presolve = presolved ?? f.model.schedulePresolve()
        let firstRelaxation = LagrangianBound(model: presolve.model, objective: first)
        let relaxedRows = firstRelaxation.relaxedRows.map { presolve.originalRows[$0] }  // as rows of f.model
        let firstTarget = f.model.value(of: first, at: values)
        // L(0) as well: when a time limit stops the steps early, the starting prices' bound can be
        // weaker than no prices at all (without a time limit the steps end far below L(0)).
        let firstResult = [
            firstRelaxation.solve(
                steps: Self.lagrangianSteps.first, target: firstTarget,
                start: Self.startingPrices(firstRelaxation, presolve.model, first, at: values), deadline: at(0.35)),
            firstRelaxation.solve(steps: 0, target: firstTarget)
        ].compactMap { $0 }.min { first.sense == .maximize ? $0.bound < $1.bound : $0.bound > $1.bound }
        // The first stage's prices per model row (zero on the rows kept).
        var firstPrices = noPrices
        if let firstResult { for (row, price) in zip(relaxedRows, firstResult.prices) { firstPrices[row] = price } }
        var chosenPrices = noPrices
        var chosenGuide: [Double]? = nil
        if let firstResult, roomForConstruction() {
            let prices = firstPrices
            if let priced = greedy.build(prices: prices), Self.isBetter(priced, than: values, in: f.model) {
                values = priced
                chosenPrices = prices
            }
            // Guided by the averaged inner points (an approximate LP optimum), prices breaking ties.
            if roomForConstruction(), let guided = greedy.build(prices: prices, guide: firstResult.averagePoint),
                Self.isBetter(guided, than: values, in: f.model)
            {
                values = guided
                chosenPrices = prices
                chosenGuide = firstResult.averagePoint
            }
        }
        // The first stage's LP bound by column generation (the subgradient steps only approach
        // it), on the model with implied rows dropped and dominated starts fixed (the same optima,
        // a smaller LP), from the best construction; only when this schedule is the answer, and
        // when the first restricted LP is small enough for GLPK (decided by its size, so the same
        // on every machine).
        var lpBound: ColumnGenerationBound.Result? = nil
        let columnGeneration = ColumnGenerationBound(model: presolve.model, objective: first, relaxation: firstRelaxation)
        var workLeft = neighbourhoodWorkLimit
        if searchNeighbourhoods, let firstResult,
            case let columns = firstResult.averagePoint.indices.filter({ firstResult.averagePoint[$0] > 1e-3 || values[$0] > 0.5 }),
            columns.count <= Self.largestStartForColumnGeneration
        {
            lpBound = columnGeneration.solve(allowing: columns, from: values, iterationLimit: workLeft, deadline: at(Self.withLP.columnGeneration))
            workLeft = workLeft.map { $0 - (lpBound?.iterations ?? 0) }
        }
        // The LP with Gomory cuts, on the other core while the schedule is built and improved: a
        // second restricted LP over the columns column generation allowed, from this schedule. Its
        // rounds are fixed, so without a time limit the bound is the same on every machine.
        var cutBound: InBackground<CutBound?>? = nil
        if let lp = lpBound, lp.complete {
            let allowed = (0..<presolve.model.variableCount).filter { lp.lp.isAllowed($0) }
            // From the LP's optimal basis (the dive changes the LP on this thread next): from the
            // schedule, GLPK's simplex took 8.9 s of the other core to reach it again (3,000 students).
            let start = values, basis = try? lp.lp.basis(), deadline = at(Self.withLP.neighbourhoods)
            cutBound = InBackground(start: true) {
                let found = columnGeneration.solve(
                    allowing: allowed, from: start, basis: basis, iterationLimit: nil, deadline: deadline, cutRounds: Self.cutRounds
                )
                .map { CutBound(bound: $0.bound, cuts: $0.cuts, complete: $0.complete, rounds: $0.rounds, columns: $0.columns) }
                GLPKSolver.releaseThreadEnvironment()
                return found
            }
        }
        let shares = lpBound == nil ? Self.withoutLP : Self.withLP
        var lpDiveIterations: Int? = nil
        if let lp = lpBound {
            // Dive on the exact LP: fix the integral students and the most certain fractional ones,
            // price the columns the fixings make worth having, solve again, and so on (3,000
            // students: 2,768 placed against 2,753 for the dive on the averaged points, in 7 s
            // against 10 s; 2,770 with the pricing, whose dive ends at an LP of 2,765 instead of 2,749).
            let dive = greedy.lpDive(
                on: lp.lp, iterationLimit: workLeft, deadline: at(shares.dive), pricing: { lp.pricing.price($0, of: lp.lp)?.entering ?? [] })
            if let dive {
                workLeft = workLeft.map { $0 - dive.iterations }
                lpDiveIterations = dive.iterations
                if roomForConstruction(), let dived = greedy.build(prices: firstPrices, guide: dive.guide),
                    Self.isBetter(dived, than: values, in: f.model)
                {
                    values = dived
                    chosenPrices = firstPrices
                    chosenGuide = dive.guide
                }
            }
        } else if let firstResult, roomForConstruction() {
            // Fix the most certain options, re-average on the rest, and so on.
            let dive = greedy.dive(
                objective: first, start: firstResult, relaxedRows: relaxedRows,
                target: f.model.value(of: first, at: values), deadline: at(shares.dive))
            if roomForConstruction(), let dived = greedy.build(prices: dive.prices, guide: dive.guide),
                Self.isBetter(dived, than: values, in: f.model)
            {
                values = dived
                chosenPrices = dive.prices
                chosenGuide = dive.guide
            }
        }
        // Local search from the best construction (it keeps the best point it meets).
        let moves = Self.movesPerStudent * greedy.studentsWithOptions
        if moves > 0, roomForConstruction(),
            let improved = greedy.build(prices: chosenPrices, guide: chosenGuide, moves: moves, deadline: at(shares.localSearch)),
            Self.isBetter(improved, than: values, in: f.model)
        {
            values = improved
        }
        // Re-pack a couple of hundred competing students at a time with GLPK (never worse).
        var schedule = "greedy schedule"
        var continuation: NeighbourhoodContinuation? = nil
        var iterations = (lpBound?.iterations ?? 0) + (lpDiveIterations ?? 0)  // GLPK's, in the LP bound, its dive and the neighbourhoods
        if searchNeighbourhoods {
            var guide = firstResult?.averagePoint
            if let chosen = chosenGuide, let average = guide { guide = zip(average, chosen).map { max($0, $1) } }
            // Without a time limit a fixed number of rounds (the same schedule on every machine);
            // with one, rounds until its share of the time.
            let search = ScheduleNeighbourhoodSearch(greedy)
            continuation = NeighbourhoodContinuation(search: search, guide: guide, prices: firstPrices)
            let searched = search.improve(
                values, guide: guide, prices: firstPrices, rounds: deadline == nil ? Self.neighbourhoodRounds : .max,
                workLimit: workLeft, deadline: at(shares.neighbourhoods))
            values = searched.values
            iterations += searched.iterations
            if searched.improvements > 0 {
                schedule = "greedy schedule re-packed by GLPK in \(searched.improvements) of \(searched.rounds) neighbourhoods"
            }
        }
        var model = presolve.model
        var stages: [StageResult] = []
        var overall = SolveStatus.optimal
        for (index, objective) in objectives.enumerated() {
            let stageStart = Date()
            // The later stages share the time left equally (this one up to its share).
            let stageDeadline = deadline.map { d in
                ContinuousClock.now.advanced(by: ContinuousClock.now.duration(to: d) / max(1, objectives.count - index))
            }
            let value = model.value(of: objective, at: values)
            let maximise = objective.sense == .maximize
            var bound = maximise ? Double.infinity : -.infinity
            var steps = 0
            if objective.maxMinRatio == nil {
                // Later stages: from the filled rows' prices and from zero (neither start is
                // better on every scenario); both bounds are proven, so the tighter one stands.
                let relaxation = LagrangianBound(model: model, objective: objective)
                let result =
                    index == 0
                    ? firstResult
                    : [
                        relaxation.solve(
                            steps: Self.lagrangianSteps.later, target: value, start: Self.startingPrices(relaxation, model, objective, at: values),
                            deadline: stageDeadline),
                        relaxation.solve(steps: Self.lagrangianSteps.later, target: value, deadline: stageDeadline)
                    ].compactMap { $0 }.min { maximise ? $0.bound < $1.bound : $0.bound > $1.bound }
                if let result {
                    // A bound is never on the wrong side of a value found (rounding).
                    bound = maximise ? max(result.bound, value) : min(result.bound, value)
                    steps = result.steps
                }
            }
            // The first stage's LP bound, when it is tighter than the subgradient steps'.
            var byLP: CutBound? = nil
            if index == 0, let lp = lpBound, maximise ? lp.bound < bound : lp.bound > bound {
                bound = maximise ? max(lp.bound, value) : min(lp.bound, value)
                byLP = CutBound(bound: lp.bound, cuts: 0, complete: lp.complete, rounds: lp.rounds, columns: lp.columns)
            }
            if index == 0, let cut = cutBound?.value, cut.cuts > 0, maximise ? cut.bound < bound : cut.bound > bound {
                bound = maximise ? max(cut.bound, value) : min(cut.bound, value)
                byLP = cut
            }
            let how =
                byLP.map {
                    ($0.complete ? "LP bound" : "Lagrangian bound from the LP duals")
                        + ($0.cuts > 0 ? " with \($0.cuts) Gomory cuts" : "")
                        + " by column generation (\($0.rounds) rounds of GLPK's simplex, \($0.columns) of \(model.variableCount) columns)"
                } ?? "Lagrangian bound after \(steps) subgradient steps"
            let proven = abs(bound - value) <= 1e-9 * max(1, abs(value))
            let status: SolveStatus = proven ? .optimal : .feasible(bound: bound, gap: SolveStatus.relativeGap(value: value, bound: bound))
            var evidence = proven ? "\(reason): \(schedule), proven optimal by its \(how)" : "\(reason): \(schedule); \(how)"
            if overall != .optimal { evidence = "given the earlier stages' best values found: " + evidence }
            if !proven, overall == .optimal { overall = status }
            stages.append(
                StageResult(
                    name: objective.name, value: value, bound: bound, status: status, evidence: evidence,
                    seconds: index == 0 ? Date().timeIntervalSince(started) : Date().timeIntervalSince(stageStart)))
            // Fix this stage's value for the next stage's bound, as GLPK does.
            let fixed = (objective.isIntegral ? value.rounded() : value) - objective.constant
            let slack = objective.isIntegral ? 0 : max(1e-7, abs(fixed) * 1e-6)
            model.addConstraint(
                .init(
                    name: "fix_\(objective.name)", terms: objective.terms,
                    lower: maximise ? fixed - slack : -.infinity, upper: maximise ? .infinity : fixed + slack))
        }
        var solution = Solution(status: overall, values: values, stages: stages, solverName: Self.solverName)
        solution.iterations = iterations
        return (solution, continuation)
    }

    /// Where the subgradient steps start: a price on every upper-bounded row the schedule fills
    /// (seats, mentor pools), a fifth of the objective's mean coefficient, none elsewhere. From
    /// zero the bound of 3,000 students stayed 5.7 % above the LP's after 600 plain steps (2,974
    /// against 2,814.95); from here it ended at 2,821 (2,816 with the deflected steps on the
    /// presolved model), and at 300 students at ⌊LP⌋ (docs/benchmarks.md).
    static func startingPrices(
        _ relaxation: LagrangianBound, _ model: LinearModel, _ objective: LinearModel.Objective,
        at values: [Double]
    ) -> [Double] {
        let coefficients = objective.terms.map { abs($0.coefficient) }.filter { $0 > 0 }
        let price = 0.2 * (coefficients.isEmpty ? 1 : coefficients.reduce(0, +) / Double(coefficients.count))
        return relaxation.relaxedRows.map { r in
            let row = model.constraints[r]
            let filled = row.upper.isFinite && !row.lower.isFinite && abs(model.activity(of: r, at: values) - row.upper) <= 1e-9
            return filled ? price : 0
        }
    }

    /// Whether a point is lexicographically better than another for the model's objectives.
    static func isBetter(_ a: [Double], than b: [Double], in model: LinearModel) -> Bool {
        for objective in model.objectives {
            let x = model.value(of: objective, at: a), y = model.value(of: objective, at: b)
            if abs(x - y) <= 1e-9 * max(1, abs(y)) { continue }
            return objective.sense == .maximize ? x > y : x < y
        }
        return false
    }
}

/// A first-stage bound by column generation: the LP's (with `cuts` Gomory cuts added to it), or
/// (not `complete`) a Lagrangian bound from the duals of a restricted LP that did not reach it.
struct CutBound: Sendable {
    var bound: Double
    var cuts: Int
    var complete: Bool
    var rounds: Int
    var columns: Int
}
