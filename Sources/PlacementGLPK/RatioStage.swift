import CGLPK
import Foundation
import PlacementModel

/// A max-min ratio stage (lowest placement rate across groups). The attainable values are the
/// finitely many ratios p/n_g; the stage finds the largest r for which every group can reach
/// ⌈r·n_g⌉ placements together with the earlier stages' optima. The rows keep those bounds for
/// the later stages.
///
/// The search: the largest r whose LP relaxation is feasible first (LP checks only, each a few
/// warm-started pivots), an upper bound; then full checks (LP, and branch-and-bound when the LP
/// point is fractional) going down from that bound, since the optimum is usually at it or just
/// below, and a check just above the optimum usually ends in its LP; after a few steps down, a
/// binary search between the earlier stages' value and the last failed ratio. Every check starts
/// from the last feasible LP basis.
struct RatioStage {
    let objective: LinearModel.Objective
    let ratio: LinearModel.MaxMinRatio
    let model: LinearModel
    let problem: GLPKProblem
    let integerColumns: [Int]
    let limits: GLPKSolver.Limits
    /// The start of every check: the earlier stage's basis, then the last LP-feasible check's.
    private(set) var basis: StageBasis?
    /// The solve's search over the model's decisions first, for the checks (`StagedSolve.decisionsFirst`).
    private let decisionsFirst: DecisionsFirst?
    private let warmStarts: Bool
    private var checks = 0

    /// The objective of every check: any point meeting the groups' bounds will do.
    private let feasibility = LinearModel.Objective(name: "feasibility", sense: .minimize, terms: [], isIntegral: true)

    /// Full checks going down from the LP bound before the binary search takes over.
    static let stepsDown = 3

    init(
        objective: LinearModel.Objective, ratio: LinearModel.MaxMinRatio, model: LinearModel, problem: GLPKProblem,
        integerColumns: [Int], limits: GLPKSolver.Limits, basis: StageBasis?, warmStarts: Bool, decisionsFirst: DecisionsFirst?
    ) {
        self.objective = objective
        self.ratio = ratio
        self.model = model
        self.problem = problem
        self.integerColumns = integerColumns
        self.decisionsFirst = decisionsFirst
        self.limits = limits
        self.basis = warmStarts ? basis : nil
        self.warmStarts = warmStarts
    }

    enum Check {
        /// An integer point meets every group's bound.
        case feasible([Double])
        /// The LP relaxation is feasible, its point fractional (LP-only checks).
        case feasibleLP
        case infeasible
        case unknown
    }

    /// Returns nil when even the smallest attainable ratio is infeasible.
    mutating func solve(start: [Double], started: Date) throws -> (values: [Double], stage: StageResult)? {
        try problem.setObjective(feasibility)
        var candidates = Set<Double>()
        for n in ratio.denominators where n > 0 { for p in 0...n { candidates.insert(Double(p) / Double(n)) } }
        let sorted = candidates.sorted()
        var lo: Int
        var best: [Double]
        if !start.isEmpty, model.maximumViolation(at: start) <= 1e-9 {
            let current = model.value(of: objective, at: start)
            lo = sorted.lastIndex { $0 <= current + 1e-12 } ?? 0
            best = start
        } else {
            guard case let .feasible(point) = try check(sorted[0]) else { return nil }
            lo = 0
            best = point
        }
        var hi = sorted.count - 1
        var cutShort = false
        // The LP bound: the largest ratio whose LP relaxation is feasible (binary search; an
        // integral LP point is a placement and raises `lo` as well).
        var lpLo = lo
        bound: while lpLo < hi {
            let mid = (lpLo + hi + 1) / 2
            switch try check(sorted[mid], lpOnly: true) {
            case let .feasible(point): lpLo = mid; lo = mid; best = point
            case .feasibleLP: lpLo = mid
            case .infeasible: hi = mid - 1
            case .unknown: cutShort = true; break bound
            }
        }
        // Down from the bound; then a binary search.
        var steps = 0
        search: while !cutShort && lo < hi {
            let mid = steps < Self.stepsDown ? hi : (lo + hi + 1) / 2
            steps += 1
            switch try check(sorted[mid]) {
            case let .feasible(point): lo = mid; best = point
            case .feasibleLP, .infeasible: hi = mid - 1
            case .unknown: cutShort = true; break search
            }
        }
        try bounds(sorted[lo])
        let value = sorted[lo]
        let rounded = model.roundingIntegerColumns(best)
        let stage: StageResult
        if cutShort {
            let bound = sorted[hi]
            stage = StageResult(
                name: objective.name, value: value, bound: bound,
                status: .feasible(bound: bound, gap: SolveStatus.relativeGap(value: value, bound: bound)),
                evidence: "time or work limit during the search over attainable ratios; \(checks) feasibility checks",
                seconds: Date().timeIntervalSince(started))
        } else {
            stage = StageResult(
                name: objective.name, value: value, bound: value, status: .optimal,
                evidence:
                    "largest attainable ratio: every group at ⌈r·size⌉ placements is feasible, the next attainable ratio is not (\(checks) LP/MIP feasibility checks)",
                seconds: Date().timeIntervalSince(started))
        }
        return (rounded, stage)
    }

    /// Every group's row at ⌈r·size⌉ placements or more.
    private func bounds(_ r: Double) throws {
        for (row, n) in zip(ratio.rows, ratio.denominators) {
            try problem.setRowBounds(row, lower: (r * Double(n) - 1e-9).rounded(.up), upper: .infinity)
        }
    }

    /// Whether ratio r is attainable: its LP relaxation, then (unless `lpOnly`) branch-and-bound
    /// when the LP point is fractional.
    private mutating func check(_ r: Double, lpOnly: Bool = false) throws -> Check {
        checks += 1
        try bounds(r)
        guard !limits.exhausted(problem) else { return .unknown }
        if let basis { try problem.warmStart(from: basis) }
        let (code, status) = try problem.simplex(timeLimitMilliseconds: limits.milliseconds(), iterationLimit: limits.iterationsLeft(problem))
        if GLPKCodes.meansInfeasible(code) || status == GLPKCodes.noFeasible || (status == GLPKCodes.infeasible && code == 0) {
            return .infeasible
        }
        guard status == GLPKCodes.optimal else { return .unknown }
        if warmStarts { basis = try problem.basis() }
        let (lp, _) = try problem.solution(mip: false)
        if integerColumns.allSatisfy({ abs(lp[$0] - lp[$0].rounded()) <= GLPKSolver.integralityTolerance }) { return .feasible(lp) }
        if lpOnly { return .feasibleLP }
        guard !limits.exhausted(problem) else { return .unknown }
        // The decisions first: a ratio the decisions cannot reach with the placements continuous
        // is proven out without a search over every column (max_min_nationality_rate on
        // alliance-rules: one check ran past 60 s from another LP basis).
        if let decisionsFirst {
            switch try decisionsFirst.search(
                start: nil, objective: feasibility, limits: limits, restoreLimits: limits, progress: nil, context: nil)
            {
            case let .optimal(values, _, _, _, _): return .feasible(values)
            case .infeasible: return .infeasible
            case .undecided: guard !limits.exhausted(problem) else { return .unknown }
            }
        }
        let mip = try problem.intopt(
            timeLimitMilliseconds: limits.milliseconds(), iterationLimit: limits.iterationsLeft(problem),
            mipGap: 0, start: nil, progress: nil, context: nil)
        if mip.status == GLPKCodes.optimal || mip.status == GLPKCodes.feasible { return .feasible(try problem.solution(mip: true).values) }
        if mip.status == GLPKCodes.noFeasible || mip.code == GLP_ENOPFS { return .infeasible }
        return .unknown
    }
}
