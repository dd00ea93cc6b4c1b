import CGLPK
import Foundation
import GLPKShim
import PlacementModel

/// One lexicographic solve in GLPK, stage by stage: the state the stages share (the problem, the
/// best point so far, the overall status) and one method per step of a stage.
struct StagedSolve {
    let model: LinearModel
    let objectives: [LinearModel.Objective]
    let problem: GLPKProblem
    let limits: GLPKSolver.Limits
    let options: SolveOptions
    let progress: ProgressBox
    let exportStages: GLPKSolver.StageExport?
    let integerColumns: [Int]
    /// Whether `options.start` meets every row and bound of the model (checked once).
    let startIsFeasible: Bool
    /// The search over the model's decisions first (nil without relaxed-first columns, and with
    /// diving: measured on the alliance models only).
    let decisionsFirst: DecisionsFirst?

    private(set) var stages: [StageResult] = []
    /// The best point so far (empty before the first stage found one).
    private var values: [Double] = []
    private var duals: [Double]? = nil
    private var overall: SolveStatus = .optimal
    /// The last stage's final LP basis, the next stage's start (see `StageBasis`).
    private var basis: StageBasis? = nil
    /// Each stage's final LP basis so far (`Solution.stageBases`).
    private var stageBases: [StageBasis] = []
    /// The fallback start once asked for (`feasibleFallback`): nil before, .some(nil) when it has none.
    private var fallback: FallbackStart?? = nil
    /// The current stage's tightest LP optimum so far (its LP, then its search's root), from which
    /// a stage proven optimal fixes columns for the later stages (`StageLPOptimum`).
    private var stageLP: StageLPOptimum? = nil

    init(
        model: LinearModel, objectives: [LinearModel.Objective], problem: GLPKProblem, limits: GLPKSolver.Limits,
        options: SolveOptions, progress: ProgressBox, exportStages: GLPKSolver.StageExport?
    ) {
        self.model = model
        self.objectives = objectives
        self.problem = problem
        self.limits = limits
        self.options = options
        self.progress = progress
        self.exportStages = exportStages
        integerColumns = model.variables.indices.filter { model.variables[$0].isInteger }
        decisionsFirst = options.dive ? nil : DecisionsFirst(model: model, problem: problem, integerColumns: integerColumns)
        problem.captureRootLP(!options.dive && objectives.count > 1)
        startIsFeasible = options.start.map { $0.count == model.variableCount && model.maximumViolation(at: $0) <= 1e-9 } ?? false
    }

    /// How a stage ended.
    enum StageEnd {
        /// Solved (optimal, or cut short within its branch-and-bound): go on with the next stage.
        case solved
        /// A limit or a stop came before the stage had a result: the earlier stages' point stands.
        case cutShort
        /// The solve ends here without a point.
        case ended(SolveStatus)
    }

    /// Gomory rounds before each stage's search of a schedule (`addGomoryRounds`). 50 cuts of up to
    /// 2,000 non-zeros a round rather than 20 of 500: on 500 students (generator seed 31) the placed
    /// stage is then proven (456) and the cost is 3,737 instead of 454 of a 456 bound and 3,799,
    /// in 108 s instead of 71 s of the same work limit (docs/benchmarks.md, "Seventh session").
    static let gomoryRounds = 10
    static let gomoryCutsPerRound = 50
    static let gomoryCutLength = 2_000

    mutating func solveStage(_ index: Int) throws -> StageEnd {
        let objective = objectives[index]
        let stageStart = Date()
        progress.stage = "stage \(index + 1)/\(objectives.count): \(objective.sense.rawValue) \(objective.name)"
        progress.emit(message: "started")
        if limits.exhausted(problem) {
            // A limit ran out before this stage (loading a large model can take all the time):
            // do not start GLPK at all; earlier stages' solution stands, if there is one (for
            // the first stage, the fallback start's).
            let evidence = "\(limits.which(problem)) reached before this stage was started"
            if values.isEmpty, let end = firstStageWithoutLP(objective, interrupted: nil, evidence: evidence, started: stageStart) { return end }
            return cutShort(objective, bound: .nan, evidence: evidence, seconds: 0)
        }
        if let ratio = objective.maxMinRatio {
            var ratioStage = RatioStage(
                objective: objective, ratio: ratio, model: model, problem: problem, integerColumns: integerColumns,
                limits: limits, basis: givenBasis(index) ?? basis, warmStarts: warmStarts, decisionsFirst: decisionsFirst)
            let result = try ratioStage.solve(start: values, started: stageStart)
            basis = ratioStage.basis
            keepBasis(index)
            guard let result else { return .ended(.infeasible) }
            values = result.values
            duals = nil
            stages.append(result.stage)
            if case .feasible = result.stage.status { overall = result.stage.status; return .cutShort }
            return .solved
        }
        if index > 0 { try problem.setObjective(objective) }
        if let export = exportStages {
            let file = "\(export.directory)/stage\(index + 1)-\(glpkSafeName(objective.name)).\(export.format.rawValue)"
            try problem.write(format: export.format, path: file)
            if export.firstStageOnly { return .ended(.noSolution) }
        }
        // The given basis of this stage (an earlier solve's), else the earlier stage's; a given
        // basis GLPK cannot use (singular) falls back to the earlier stage's. The first stage
        // without either starts at a feasible point known before any LP.
        if warmStarts {
            let started = try givenBasis(index).map { try problem.warmStart(from: $0) } ?? false
            if !started {
                if let basis { try problem.warmStart(from: basis) } else if stages.isEmpty { try startAtKnownPoint(objective) }
            }
        }
        let lpCode: Int32, lpStatus: Int32
        do {
            (lpCode, lpStatus) = try problem.simplex(timeLimitMilliseconds: limits.milliseconds(), iterationLimit: limits.iterationsLeft(problem))
        } catch GLPKError.stopped where !values.isEmpty {
            // Stopped on request in a later stage: the earlier stages' solution stands.
            return cutShort(
                objective, bound: .nan, evidence: "stopped on request before this stage was solved",
                seconds: Date().timeIntervalSince(stageStart))
        }
        if lpCode != 0 && !GLPKCodes.isLimit(lpCode) && !GLPKCodes.meansInfeasible(lpCode) {
            throw GLPKError.solverFailure(operation: "simplex", code: lpCode, meaning: GLPKCodes.returnMeaning(lpCode))
        }
        if lpStatus == GLPKCodes.noFeasible || lpStatus == GLPKCodes.infeasible && lpCode == 0 || GLPKCodes.meansInfeasible(lpCode) {
            return .ended(.infeasible)
        }
        if lpStatus == GLPKCodes.unbounded { return .ended(.unbounded) }
        if lpStatus != GLPKCodes.optimal {
            // Time or work limit inside the LP: no proven relaxation, and an LP point is not a
            // placement; rounded down and repaired, it often is one (the first stage only: later
            // stages have the earlier stages' point, and rows the model cannot check).
            if values.isEmpty, problem.rowCount == model.constraintCount,
                let end = firstStageWithoutLP(
                    objective, interrupted: try problem.solution(mip: false).values,
                    evidence: "\(limits.which(problem)) reached during the LP relaxation", started: stageStart)
            {
                return end
            }
            if values.isEmpty { return .ended(.noSolution) }
            if overall == .optimal { overall = .feasible(bound: stages.last?.bound ?? 0, gap: .infinity) }
            stages.append(
                StageResult(
                    name: objective.name, value: model.value(of: objective, at: values),
                    bound: objective.sense == .minimize ? -.infinity : .infinity,
                    status: .feasible(bound: .nan, gap: .infinity),
                    evidence: "\(limits.which(problem)) reached during the LP relaxation", seconds: Date().timeIntervalSince(stageStart)))
            return .cutShort
        }
        // Schedules: GLPK's own cut rounds leave the bound at ⌊LP⌋ (docs/scheduling.md). A cut holds
        // for every integer point of the model and the rows fixing the earlier stages, which the
        // later stages keep, so the cuts stay.
        var cuts = 0
        if options.gomoryCuts, !limits.exhausted(problem) {
            cuts = try problem.addGomoryRounds(
                rounds: Self.gomoryRounds, maxCuts: Self.gomoryCutsPerRound, maxLength: Self.gomoryCutLength, minimumGain: 1e-4,
                limits: { (limits.milliseconds(), limits.iterationsLeft(problem)) })
        }
        let (lpValues, lpObjective) = try problem.solution(mip: false)
        let lpBasis = warmStarts ? try problem.basis() : nil
        if let lpBasis {
            basis = lpBasis
            keepBasis(index)
        }
        stageLP = nil
        if holdsColumns(after: index), let lpBasis {
            stageLP = StageLPOptimum(objective: lpObjective, values: lpValues, reducedCosts: try problem.reducedCosts(), statuses: lpBasis.columns)
        }
        let integral = integerColumns.allSatisfy { abs(lpValues[$0] - lpValues[$0].rounded()) <= GLPKSolver.integralityTolerance }
        var stage = StageOutcome(value: lpObjective, bound: lpObjective, status: .optimal, evidence: "")
        if integral {
            values = model.roundingIntegerColumns(lpValues)
            duals = try problem.rowDuals()
            stage.evidence =
                model.isNetworkStructured
                ? "LP optimum is integral (network constraint matrix), hence the integer optimum"
                : "LP relaxation optimum happens to be integral, hence the integer optimum"
        } else {
            duals = nil
            // The LP may use all that is left (there is no placement without it); the dive and
            // branch-and-bound of a stage before the last stop at half once they have a point,
            // so that a stage cut short still leaves room for the later objectives. Without a
            // point at half the search goes on to the end of the limits: a placement for the
            // earlier objectives is worth more than room for the later ones.
            var soft = index + 1 < objectives.count ? limits.half(problem) : nil
            if let cap = objective.searchWorkLimit { soft = (soft ?? limits).capped(iterations: cap, problem) }
            let stageLimits = limits
            switch try branchAndBound(objective, lpValues: lpValues, lpObjective: lpObjective, limits: limits, soft: soft) {
            case let .found(point, outcome):
                values = point
                stage = outcome
            case let .ended(status):
                return .ended(status)
            case .nothingBetter:
                return cutShort(
                    objective, bound: lpObjective, evidence: "no better solution within the \(stageLimits.which(problem)); LP relaxation bound",
                    seconds: Date().timeIntervalSince(stageStart))
            }
        }
        if cuts > 0 { stage.evidence += "; LP relaxation tightened by \(cuts) Gomory cuts" }
        if overall != .optimal {
            stage.evidence = "given the earlier stages' best values found: " + stage.evidence
        }
        stages.append(
            StageResult(
                name: objective.name, value: stage.value, bound: stage.bound, status: stage.status,
                evidence: stage.evidence, seconds: Date().timeIntervalSince(stageStart)))
        // The first stage cut short decides the solve's status; the later stages are still
        // solved, with this stage fixed at its best value found.
        if case .feasible = stage.status, overall == .optimal { overall = stage.status }
        if index + 1 < objectives.count {
            try fix(objective, at: stage.value, exactly: stage.status == .optimal && objectives[index + 1].fixesEarlierExactly)
            if stage.status == .optimal { try holdColumns(objective, at: stage.value) }
        }
        return .solved
    }

    /// Whether a stage proven optimal fixes columns for the stages after `index` (not with diving:
    /// measured on the alliance models only).
    private func holdsColumns(after index: Int) -> Bool { warmStarts && index + 1 < objectives.count }

    /// Fixes, for every later stage, the integer columns that no point at this stage's optimum
    /// moves (`StageLPOptimum`). rank_maximal on alliance-rules: see docs/benchmarks.md,
    /// "Reduced costs carried to the later stages".
    private func holdColumns(_ objective: LinearModel.Objective, at value: Double) throws {
        guard let stageLP else { return }
        let (fixed, slack) = Self.fixing(objective, at: value)
        for (column, bound) in stageLP.columnsHeld(model: model, stageValue: fixed, sense: objective.sense, slack: slack) {
            try problem.setColumnBounds(column, lower: bound, upper: bound)
        }
    }

    /// Later stages start from the earlier stage's final LP basis (alliance-rules with rank_maximal:
    /// the later stages' LPs took 481–1,437 simplex iterations; the first, from GLPK's advanced
    /// basis, 3,947). Not with diving (scheduling models): measured only on the alliance models.
    private var warmStarts: Bool { !options.dive }

    /// Stage `index`'s basis from `SolveOptions.bases`, when it has the shape of this problem now
    /// (the model's columns; its rows and the earlier stages' fixing rows).
    private func givenBasis(_ index: Int) -> StageBasis? {
        guard let bases = options.bases, index < bases.count else { return nil }
        let given = bases[index]
        return given.columns.count == problem.columnCount && given.rows.count == problem.rowCount ? given : nil
    }

    /// Keeps the current basis as stage `index`'s final basis (only while every earlier stage has
    /// one, so that the k-th basis is the k-th stage's).
    private mutating func keepBasis(_ index: Int) {
        if let basis, stageBases.count == index { stageBases.append(basis) }
    }

    /// A stage's value, bound, status and evidence.
    struct StageOutcome {
        var value: Double
        var bound: Double
        var status: SolveStatus
        var evidence: String
    }

    /// What branch-and-bound gave for a stage whose LP optimum is fractional.
    enum SearchEnd {
        case found([Double], StageOutcome)
        /// No point better than the earlier stages' within the limits.
        case nothingBetter
        case ended(SolveStatus)
    }

    /// Branch-and-bound from the LP relaxation (after a dive, with `options.dive`), started from
    /// the earlier stage's point when it is feasible. With `soft` limits, the search ends once they
    /// are used up and it has a point (see `GLPKProblem.intopt`); the dive stays within them.
    private mutating func branchAndBound(
        _ objective: LinearModel.Objective, lpValues: [Double], lpObjective: Double,
        limits stageLimits: GLPKSolver.Limits, soft: GLPKSolver.Limits?
    ) throws -> SearchEnd {
        let box = MIPProgressBox(progress)
        let context = Unmanaged.passUnretained(box).toOpaque()
        // GLPK does not check a heuristic solution's rows: only hand in a point that is
        // feasible for the model (the earlier stage's optimum also meets its fixing row).
        var start = !values.isEmpty && model.maximumViolation(at: values) <= 1e-9 ? values : nil
        // A known start (SolveOptions.start) better for this stage than the earlier stages' point.
        let known = knownStart(forStage: stages.count, current: start)
        if let known { start = known }
        // No earlier point: the LP optimum rounded down and repaired, so that branch-and-bound
        // has an incumbent from its first node (and a stage cut short still has a placement).
        var repaired = false
        if start == nil, problem.hasOnlyCutsBeyond(modelRows: model.constraintCount) {
            start = RoundAndRepair(model: model).point(near: lpValues, objective: objective)
            repaired = start != nil
        }
        // The start already meets the LP bound: it is the stage's optimum, no search needed
        // (rank_maximal's last rank: the earlier stage's point has the LP bound's 30). GLPK
        // would return the same point: it keeps its incumbent unless something strictly better.
        if let start, case let value = model.value(of: objective, at: start),
            Self.meetsBound(value, lpBound: lpObjective, objective: objective)
        {
            let which =
                known != nil
                ? "the known placement given as a start" : repaired ? "the LP optimum rounded down and repaired" : "the earlier stages' point"
            return .found(
                start,
                StageOutcome(value: value, bound: value, status: .optimal, evidence: "\(which) meets the LP relaxation bound"))
        }
        // The model's decisions first, the placements continuous (`DecisionsFirst`).
        if let decisionsFirst {
            let outcome = try decisionsFirst.search(
                start: start, objective: objective, limits: soft ?? stageLimits, restoreLimits: stageLimits, progress: mipProgress,
                context: context)
            withExtendedLifetime(box) {}
            switch outcome {
            case let .optimal(point, value, evidence, completedBasis, root):
                if warmStarts, let completedBasis { basis = completedBasis }
                stageLP = StageLPOptimum.tighter(stageLP, root, sense: objective.sense)
                return .found(point, StageOutcome(value: value, bound: value, status: .optimal, evidence: evidence))
            case .infeasible:
                // No point even with the placements continuous: as the full search would end.
                return .ended(.infeasible)
            case .undecided:
                break
            }
        }
        // The first stage dives too when its start falls short of the LP bound: GLPK's own search
        // can take long to find the bound's value (alliance-rules with one more lock, S000488 at
        // B00130: 12.9 s with a repaired start of 1280 against 2.1 s with the dive, both proving
        // 1301; the plain scenario, whose start is good, costs a few hundredths more).
        if options.dive || stages.isEmpty,
            let dived = try GLPKSolver.dive(problem: problem, model: model, from: lpValues, limits: soft ?? stageLimits),
            model.maximumViolation(at: dived) <= 1e-9,
            // A known start better than the dive's point stays the incumbent.
            !(known.map { Self.isBetter(model.value(of: objective, at: $0), than: model.value(of: objective, at: dived), objective) } ?? false)
        {
            start = dived
            repaired = false
        }
        let started =
            stageLimits.exhausted(problem)
            ? nil
            : try problem.intopt(
                timeLimitMilliseconds: stageLimits.milliseconds(), iterationLimit: stageLimits.iterationsLeft(problem), mipGap: options.mipGap,
                start: start, fastNodes: options.dive,
                softTimeLimitMilliseconds: soft?.deadline == nil ? 0 : soft!.milliseconds(),
                softIterationLimit: soft.map { $0.iterationsLeft(problem) } ?? 0, softNeedsBetter: repaired,
                progress: mipProgress, context: context)
        withExtendedLifetime(box) {}
        if started != nil, stageLP != nil { stageLP = StageLPOptimum.tighter(stageLP, problem.rootLP(), sense: objective.sense) }
        // A dive stopped by its (soft) limit inside a simplex leaves no optimal basis, and GLPK
        // then refuses to branch (GLP_EROOT): as if no room was left for the search.
        let search = started?.code == GLP_EROOT ? nil : started
        if let search, search.code != 0 && !GLPKCodes.isLimit(search.code) && search.code != GLP_ENOPFS && search.code != GLP_ENODFS {
            throw GLPKError.solverFailure(operation: "branch-and-bound", code: search.code, meaning: GLPKCodes.returnMeaning(search.code))
        }
        if let search, search.status == GLPKCodes.noFeasible || search.code == GLP_ENOPFS {
            return .ended(.infeasible)
        }
        // Branch-and-bound's best point; when the limits left no room for it (the dive can
        // use them up), the start it would have been given.
        let found: (values: [Double], objective: Double)?
        if let search, search.status == GLPKCodes.optimal || search.status == GLPKCodes.feasible {
            found = try problem.solution(mip: true)
        } else if search == nil, let start {
            found = (start, model.value(of: objective, at: start))
        } else {
            found = nil
        }
        guard let found else {
            guard values.isEmpty else { return .nothingBetter }
            // The first stage with no point at all: the fallback start, if it has one.
            guard let fallback = feasibleFallback() else { return .ended(.noSolution) }
            let value = model.value(of: objective, at: fallback.values)
            let bound = GLPKSolver.tighter(search?.bound ?? lpObjective, lpObjective, sense: objective.sense)
            return .found(
                fallback.values,
                StageOutcome(
                    value: value, bound: bound, status: .feasible(bound: bound, gap: SolveStatus.relativeGap(value: value, bound: bound)),
                    evidence:
                        "branch-and-bound found no point within the \(stageLimits.which(problem)); the core rules' min-cost flow repaired for every rule; best bound \(GLPKSolver.readable(bound))"
                ))
        }
        let point = model.roundingIntegerColumns(found.values)
        if let search, search.status == GLPKCodes.optimal && search.code == 0 {
            return .found(
                point,
                StageOutcome(
                    value: found.objective, bound: found.objective, status: .optimal,
                    evidence: "branch-and-bound closed the gap (GLPK glp_intopt)"))
        }
        let bound = GLPKSolver.tighter(search?.bound ?? lpObjective, lpObjective, sense: objective.sense)
        let gap = SolveStatus.relativeGap(value: found.objective, bound: bound)
        let why =
            search.map {
                $0.softStopped
                    ? "half of the \((soft ?? stageLimits).which(problem)) left used, with a solution; the rest is left for the later objectives"
                    : $0.workStopped ? "work limit reached" : GLPKCodes.returnMeaning($0.code)
            }
            ?? "\(stageLimits.which(problem)) reached before it started"
        return .found(
            point,
            StageOutcome(
                value: found.objective, bound: bound, status: .feasible(bound: bound, gap: gap),
                evidence: "branch-and-bound stopped (\(why)); best bound \(GLPKSolver.readable(bound))"))
    }

    /// The first stage stopped by a limit before its LP optimum: the better of the point where the
    /// LP stopped (rounded down and repaired) and the fallback start, with a bound that needs no
    /// LP. Nil when neither gives a feasible point.
    private mutating func firstStageWithoutLP(
        _ objective: LinearModel.Objective, interrupted: [Double]?, evidence: String, started: Date
    ) -> StageEnd? {
        guard objective.maxMinRatio == nil else { return nil }  // the packing bound is for linear objectives
        let repaired = interrupted.flatMap { RoundAndRepair(model: model).point(near: $0, objective: objective) }
        let given = feasibleFallback()
        let fallback = given?.values
        let maximize = objective.sense == .maximize
        let candidates: [(point: [Double], how: String)] = [
            knownStart(forStage: 0, current: nil).map { ($0, "the known placement given as a start") },
            repaired.map { ($0, "the point where it stopped, rounded down and repaired") },
            fallback.map { ($0, "the core rules' min-cost flow repaired for every rule") }
        ].compactMap { $0 }
        // The best for this stage; on a tie the first listed (the known start, then the LP's point).
        guard
            let best = candidates.max(by: { a, b in
                let x = model.value(of: objective, at: a.point), y = model.value(of: objective, at: b.point)
                return maximize ? x < y : x > y
            })
        else { return nil }
        values = best.point
        let value = model.value(of: objective, at: values)
        // The tighter of two bounds without LP: one count per packing row, and the fallback's own.
        let packing = RoundAndRepair.packingBound(model, objective)
        let own = given?.firstStageBound.flatMap { maximize ? ($0 < packing ? $0 : nil) : ($0 > packing ? $0 : nil) }
        let bound = own ?? packing
        let status = value == bound ? SolveStatus.optimal : .feasible(bound: bound, gap: SolveStatus.relativeGap(value: value, bound: bound))
        // Proven or not, the later stages are not solved (the limit is used up).
        if status != .optimal {
            overall = status
        } else if objectives.count > 1 {
            overall = .feasible(bound: .nan, gap: .infinity)
        }
        let bounded = own != nil ? "bound: the core rules' maximum flow" : "bound without LP (one count per packing row)"
        stages.append(
            StageResult(
                name: objective.name, value: value, bound: bound, status: status,
                evidence: "\(evidence); \(best.how); \(bounded)",
                seconds: Date().timeIntervalSince(started)))
        return .cutShort
    }

    /// The fallback start (`SolveOptions.fallbackStart`), when it satisfies the model (computed once).
    private mutating func feasibleFallback() -> FallbackStart? {
        if let fallback { return fallback }
        let made = options.fallbackStart?().flatMap {
            $0.values.count == model.variableCount && model.maximumViolation(at: $0.values) <= 1e-9 ? $0 : nil
        }
        fallback = .some(made)
        return made
    }

    /// Starts the first stage's simplex at the vertex of the better of the known start and the
    /// fallback start for the stage (`StageBasis.vertex`); GLPK's advanced basis when neither is
    /// such a vertex.
    private mutating func startAtKnownPoint(_ objective: LinearModel.Objective) throws {
        let known = knownStart(forStage: 0, current: nil), made = feasibleFallback()?.values
        var point = known ?? made
        if let known, let made, Self.isBetter(model.value(of: objective, at: made), than: model.value(of: objective, at: known), objective) {
            point = made
        }
        guard let point, let vertex = StageBasis.vertex(at: point, of: model, rowCount: problem.rowCount) else { return }
        try problem.warmStart(from: vertex)
    }

    /// A stage with no result of its own: the earlier stages' point stands (no point at all: no solution).
    private mutating func cutShort(_ objective: LinearModel.Objective, bound: Double, evidence: String, seconds: Double) -> StageEnd {
        if values.isEmpty { return .ended(.noSolution) }
        if overall == .optimal { overall = .feasible(bound: bound, gap: .infinity) }
        stages.append(
            StageResult(
                name: objective.name, value: model.value(of: objective, at: values), bound: bound,
                status: .feasible(bound: bound, gap: .infinity), evidence: evidence, seconds: seconds))
        return .cutShort
    }

    /// Fixes a stage's optimum (or best value found) as a row before the next stage. `exactly`
    /// (a proven optimum, and the next stage asks for it): a proven integral optimum as an equality.
    /// No integer point of the model does better, so the row removes none of them, only LP points
    /// (alliance-rules with rank_maximal: the last rank's LP bound falls from 32 to its optimum 30,
    /// and that stage needs no branch-and-bound; for min_worst_rank before min_cost the equality
    /// made the cost stage 3× slower, hence only where asked).
    private func fix(_ objective: LinearModel.Objective, at value: Double, exactly: Bool) throws {
        let (fixed, slack) = Self.fixing(objective, at: value)
        let rhs = fixed - objective.constant
        if exactly && objective.isIntegral {
            try problem.addRow(name: "fix_\(objective.name)", terms: objective.terms, lower: rhs, upper: rhs)
        } else if objective.sense == .minimize {
            try problem.addRow(name: "fix_\(objective.name)", terms: objective.terms, lower: -.infinity, upper: rhs + slack)
        } else {
            try problem.addRow(name: "fix_\(objective.name)", terms: objective.terms, lower: rhs - slack, upper: .infinity)
        }
    }

    /// The value a stage is held at by its fixing row, and the slack the row allows.
    private static func fixing(_ objective: LinearModel.Objective, at value: Double) -> (value: Double, slack: Double) {
        let fixed = objective.isIntegral ? value.rounded() : value
        return (fixed, objective.isIntegral ? 0 : max(1e-7, abs(fixed) * 1e-6))
    }

    /// The solution after the last stage run. A later stage may have improved a stage that was
    /// cut short (its row only holds the value found): that stage is reported at the final point.
    mutating func finish() throws -> Solution {
        var firstCutShort = true
        for i in stages.indices where objectives[i].maxMinRatio == nil && !values.isEmpty {
            guard case .feasible = stages[i].status, stages[i].bound.isFinite else { continue }
            let value = model.value(of: objectives[i], at: values)
            stages[i].value = value
            stages[i].status = .feasible(bound: stages[i].bound, gap: SolveStatus.relativeGap(value: value, bound: stages[i].bound))
            if firstCutShort { overall = stages[i].status; firstCutShort = false }
        }
        if !values.isEmpty, model.maximumViolation(at: values) > 1e-6 {
            throw GLPKError.solverFailure(
                operation: "solution check", code: 0,
                meaning: "GLPK returned a point that violates the model by \(model.maximumViolation(at: values))")
        }
        let modelDuals = duals.map { Array($0.prefix(model.constraintCount)) }
        var solution = Solution(status: overall, values: values, stages: stages, rowDuals: modelDuals, solverName: "GLPK \(GLPKSolver.version)")
        solution.stageBases = stageBases
        return limits.stamp(solution, problem)
    }
}
