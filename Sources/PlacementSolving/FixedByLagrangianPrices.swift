import Foundation
import PlacementFormulation
import PlacementModel

/// GLPK on a scheduled model made small by Lagrangian reduced-cost fixing (docs/scheduling.md,
/// "How it is solved"), stage by stage:
///
/// 1. an incumbent: the greedy schedule with local search (`GreedySchedule`) for the first
///    stage, the previous stage's point for the later ones;
/// 2. a Lagrangian bound L on the stage (`LagrangianBound`, earlier stages fixed at their values)
///    with its prices; if it equals the incumbent's value, the stage is proven optimal;
/// 3. otherwise, for an integral objective, a better point must reach the incumbent's value ± 1:
///    every column that cannot be 1 in such a point (forcing it to 1 drops L below that target)
///    is fixed to 0, a row asks for the target, and GLPK solves that small model. Infeasible:
///    the incumbent is optimal. Optimal: its point is optimal for the whole stage (every better
///    point lies in the small model). A better point found but not proven: fix again from it.
///
/// Every step but GLPK's is a fixed amount of work, and GLPK spends the work limit, so the
/// answer is the same on every machine.
public struct FixedByLagrangianPrices: Sendable {
    /// Subgradient steps per stage (first stage, later stages).
    static let lagrangianSteps = (first: 600, later: 300)
    /// Local-search moves per student with options, for the first incumbent.
    static let movesPerStudent = 10
    /// Rounds of fixing and GLPK per stage (a better point found starts another round).
    static let rounds = 4
    /// Simplex iterations of the first round's GLPK solve; each later round but the last gets twice
    /// the one before, the last all that is left of the work limit.
    static let roundWork = 20_000

    public var progress: (@Sendable (ProgressEvent) -> Void)?

    public init(progress: (@Sendable (ProgressEvent) -> Void)? = nil) {
        self.progress = progress
    }

    /// Nil when the method does not apply (no schedule, a max-min objective, no greedy point);
    /// the caller then runs GLPK on the whole model.
    public func solve(_ f: Formulation, budget: Budget) throws(SolverError) -> Solution? {
        let objectives = f.model.objectives
        guard !objectives.isEmpty, objectives.allSatisfy({ $0.maxMinRatio == nil }), let greedy = GreedySchedule(f) else { return nil }
        let started = Date()
        let zero = [Double](repeating: 0, count: f.model.constraintCount)
        let moves = Self.movesPerStudent * greedy.studentsWithOptions
        guard var incumbent = greedy.build(prices: zero, moves: moves) else { return nil }
        // The first stage's prices steer a second construction; the better point stands.
        let first = LagrangianBound(model: f.model, objective: objectives[0])
        if let result = first.solve(steps: Self.lagrangianSteps.first, target: f.model.value(of: objectives[0], at: incumbent),
                                    start: GreedyWithLagrangianBounds.startingPrices(first, f.model, objectives[0], at: incumbent)) {
            var prices = zero
            for (row, price) in zip(first.relaxedRows, result.prices) { prices[row] = price }
            if let priced = greedy.build(prices: prices, moves: moves), GreedyWithLagrangianBounds.isBetter(priced, than: incumbent, in: f.model) {
                incumbent = priced
            }
        }
        debugLog("incumbent \(f.model.value(of: objectives[0], at: incumbent)) at \(Date().timeIntervalSince(started))")
        var model = f.model
        var stages: [StageResult] = []
        var overall = SolveStatus.optimal
        var iterations = 0
        for (index, objective) in objectives.enumerated() {
            let stageStart = Date()
            let maximise = objective.sense == .maximize
            func better(_ a: Double, than b: Double) -> Bool { maximise ? a > b + 1e-9 : a < b - 1e-9 }
            var value = model.value(of: objective, at: incumbent)
            let relaxation = LagrangianBound(model: model, objective: objective)
            let steps = index == 0 ? Self.lagrangianSteps.first : Self.lagrangianSteps.later
            let starts = [GreedyWithLagrangianBounds.startingPrices(relaxation, model, objective, at: incumbent), nil]
            let results = starts.compactMap { relaxation.solve(steps: steps, target: value, start: $0) }
            guard var lagrangian = results.min(by: { maximise ? $0.bound < $1.bound : $0.bound > $1.bound }) else { return nil }
            var bound = maximise ? max(lagrangian.bound, value) : min(lagrangian.bound, value)
            var evidence = "Lagrangian bound (\(lagrangian.steps) subgradient steps) equals the greedy schedule's value"
            var proven = abs(bound - value) <= 1e-9 * max(1, abs(value))
            var round = 0
            while !proven, objective.isIntegral, round < Self.rounds, !budget.isTimeUp, budget.workLimit.map({ iterations < $0 }) ?? true {
                round += 1
                let target = maximise ? value + 1 : value - 1
                if round > 1 {
                    // A better incumbent: more steps towards it from the best prices so far
                    // (the step length depends on the gap, so a closer target steps finer).
                    if let more = relaxation.solve(steps: Self.lagrangianSteps.later, target: value, start: lagrangian.prices),
                       maximise ? more.bound <= lagrangian.bound : more.bound >= lagrangian.bound {
                        let steps = lagrangian.steps + more.steps
                        lagrangian = more
                        lagrangian.steps = steps
                        bound = maximise ? min(bound, max(more.bound, value)) : max(bound, min(more.bound, value))
                        if abs(bound - value) <= 1e-9 * max(1, abs(value)) {
                            proven = true
                            evidence = "Lagrangian bound (\(steps) subgradient steps) equals the value found"
                            break
                        }
                    }
                }
                guard let excluded = relaxation.excludedColumns(prices: lagrangian.prices, reaching: target) else { break }
                var small = model
                var kept = 0
                for j in excluded.indices {
                    if excluded[j] { small.setBounds(of: j, lower: small.variables[j].lower, upper: 0) } else if small.variables[j].upper > 0 { kept += 1 }
                }
                small.objectives = [objective]
                debugLog("stage \(objective.name): value \(value) L \(lagrangian.bound) kept \(kept) of \(model.variableCount)")
                // Early rounds get a little work (a better point found shrinks the next round's
                // model), the last one all that is left.
                let left = budget.workLimit.map { max(1, $0 - iterations) }
                let share = round < Self.rounds ? Self.roundWork * (1 << (round - 1)) : nil
                let work = [left, share].compactMap { $0 }.min()
                let solution = try GLPKMethod(dive: true, progress: progress).solve(model: small, budget: budget.withWorkLimit(work))
                iterations += solution.iterations
                debugLog("  GLPK: \(solution.status) iterations \(solution.iterations)")
                let fixing = "Lagrangian reduced-cost fixing (\(lagrangian.steps) subgradient steps) left \(kept) of \(model.variableCount) columns"
                switch solution.status {
                case .infeasible:
                    proven = true
                    bound = value
                    evidence = fixing + "; GLPK proved that no point does better than the schedule found"
                case .optimal:
                    // Every better point lies in the small model: its optimum, or the incumbent if
                    // that is no better, is optimal for the stage.
                    if better(model.value(of: objective, at: solution.values), than: value) {
                        incumbent = solution.values
                        value = model.value(of: objective, at: incumbent)
                    }
                    proven = true
                    bound = value
                    evidence = fixing + "; GLPK's optimum on them proves the stage optimal"
                case let .feasible(bound: found, gap: _):
                    // Better points than the incumbent all lie in the small model: GLPK's bound holds for the stage.
                    let candidate = solution.values
                    if better(model.value(of: objective, at: candidate), than: value) {
                        incumbent = candidate
                        value = model.value(of: objective, at: incumbent)
                    }
                    let stageBound = maximise ? max(value, found.rounded(.down)) : min(value, found.rounded(.up))
                    bound = maximise ? min(bound, stageBound) : max(bound, stageBound)
                    proven = abs(bound - value) <= 1e-9 * max(1, abs(value))
                    evidence = fixing + "; GLPK stopped at its limit" + (proven ? " with the gap closed" : "")
                case .noSolution, .unbounded:
                    evidence = fixing + "; GLPK found no better point within the limits; bound is the Lagrangian one"
                    round = Self.rounds
                }
            }
            let status: SolveStatus = proven ? .optimal : .feasible(bound: bound, gap: SolveStatus.relativeGap(value: value, bound: bound))
            if overall != .optimal { evidence = "given the earlier stages' best values found: " + evidence }
            if !proven, overall == .optimal { overall = status }
            stages.append(StageResult(name: objective.name, value: value, bound: proven ? value : bound, status: status, evidence: evidence,
                                      seconds: index == 0 ? Date().timeIntervalSince(started) : Date().timeIntervalSince(stageStart)))
            // Fix this stage's value for the next stages, as GLPK does.
            let fixed = (objective.isIntegral ? value.rounded() : value) - objective.constant
            let slack = objective.isIntegral ? 0 : max(1e-7, abs(fixed) * 1e-6)
            model.addConstraint(.init(name: "fix_\(objective.name)", terms: objective.terms,
                                      lower: maximise ? fixed - slack : -.infinity, upper: maximise ? .infinity : fixed + slack))
        }
        guard f.model.maximumViolation(at: incumbent) <= 1e-6 else {
            throw .inconsistent("the schedule found with reduced-cost fixing breaks a row of the model")
        }
        var solution = Solution(status: overall, values: incumbent, stages: stages, solverName: GLPKMethod.solverName)
        solution.iterations = iterations
        return solution
    }
}
