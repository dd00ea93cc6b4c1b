import PlacementGLPK
import PlacementModel

/// The LP bound of a stage whose whole LP GLPK's simplex cannot finish (a schedule of thousands
/// of students), by column generation: GLPK solves the LP over a few columns per student (those
/// an approximate LP optimum uses, and the schedule's), the restricted LP's row duals price every
/// other column, the columns that would improve it are allowed, and GLPK goes on from its last
/// basis. Every round's duals are multipliers of the Lagrangian relaxation (`LagrangianBound`),
/// so each gives a proven bound, whether or not the rounds finish; when no column prices out the
/// restricted optimum is the LP's and the bound is ⌊LP⌋ for an integral objective. The
/// subgradient steps only approach it (3,000 students: 2,821 after 600 steps, LP 2,814.95).
struct ColumnGenerationBound: Sendable {
    let model: LinearModel
    let objective: LinearModel.Objective
    let relaxation: LagrangianBound
    /// Columns allowed per kept row (student) in one pricing round, the best first.
    static let enteringPerRow = 3

    struct Result {
        /// The best proven bound of the rounds (in the objective's sense, rounded inwards when integral).
        var bound: Double
        /// The last restricted LP optimum (every column of the model).
        var point: [Double]
        /// Whether no column priced out: the restricted LP's optimum is the whole LP's.
        var complete: Bool
        var rounds: Int
        /// Columns allowed at the end.
        var columns: Int
        var iterations: Int
        /// The restricted LP at its last optimum (its columns allowed), for a dive from there.
        var lp: RestrictedLP
        /// Gomory cuts added to the LP (rows after the model's).
        var cuts: Int
        /// The pricing of `lp`'s columns, over the model with the cuts.
        var pricing: ColumnGenerationBound
    }

    /// Rounds of Gomory cuts once no column prices out (`solve(cutRounds:)`), and each round's size.
    static let cutsPerRound = 60
    static let cutLength = 1_000
    /// A round of cuts that moves the LP by at most this share of it ends the rounds.
    static let stalledGain = 1e-6

    /// Starts with the `columns` allowed and from `point` (a feasible schedule) or `basis`, within
    /// `iterationLimit` simplex iterations in all and until `deadline`. Nil when GLPK gives no
    /// optimum of the first restricted LP within them or fails.
    /// With `cutRounds`, each time no column prices out (the LP optimum over every column), Gomory
    /// cuts of that optimum are added (`RestrictedLP.addGomoryCuts`) and the rounds go on over the
    /// model with them, which lowers the bound below the LP's; at most that many times.
    func solve(
        allowing columns: [Int], from point: [Double]?, basis: StageBasis? = nil, iterationLimit: Int?, deadline: ContinuousClock.Instant?,
        cutRounds: Int = 0
    ) -> Result? {
        guard let lp = try? RestrictedLP(model, objective: objective, allowing: columns, start: point, basis: basis) else { return nil }
        let maximise = objective.sense == .maximize
        var result: Result? = nil
        var pricing = self, cuts = 0, cutRoundsDone = 0
        var lastCutLP: Double? = nil  // the LP optimum when the last cuts were added
        while true {
            let seconds = deadline.map { ContinuousClock.now.duration(to: $0) / .seconds(1) }
            if let seconds, seconds <= 0 { break }
            if Budget.stopRequested { break }
            guard let optimum = try? lp.solve(timeLimitSeconds: seconds, iterationLimit: iterationLimit.map { $0 - lp.iterations }) else { break }
            guard let priced = pricing.price(optimum, of: lp) else { break }
            var next =
                result
                ?? Result(
                    bound: priced.bound, point: [], complete: false, rounds: 0, columns: 0, iterations: 0, lp: lp, cuts: 0, pricing: self)
            if maximise ? priced.bound < next.bound : priced.bound > next.bound { next.bound = priced.bound }
            next.point = optimum.values
            next.rounds += 1
            next.iterations = lp.iterations
            next.columns = lp.allowedCount
            next.complete = priced.entering.isEmpty
            next.cuts = cuts
            next.pricing = pricing
            result = next
            if priced.entering.isEmpty {
                // The rounds stall (the LP moves by nothing once Gomory cuts of cuts add little).
                let stalled = lastCutLP.map { abs($0 - optimum.objective) <= Self.stalledGain * max(1, abs(optimum.objective)) } ?? false
                lastCutLP = optimum.objective
                guard cutRoundsDone < cutRounds, !stalled,
                    let added = try? lp.addGomoryCuts(maxCuts: Self.cutsPerRound, maxLength: Self.cutLength), !added.isEmpty
                else { break }
                cutRoundsDone += 1
                cuts += added.count
                var withCuts = pricing.model
                for cut in added { withCuts.addConstraint(cut) }
                pricing = ColumnGenerationBound(
                    model: withCuts, objective: objective, relaxation: LagrangianBound(model: withCuts, objective: objective))
                continue
            }
            guard (try? lp.allow(priced.entering)) != nil else { break }
        }
        return result
    }

    /// The pricing step at a restricted LP optimum: a proven bound from its duals, and the columns
    /// not yet allowed that would improve it (`LagrangianBound.price`). Nil when the bound is infinite.
    func price(_ optimum: RestrictedLP.Optimum, of lp: RestrictedLP) -> (bound: Double, entering: [Int])? {
        // The duals of the relaxed rows, turned into admissible multipliers (maximise form).
        let sign = objective.sense == .maximize ? 1.0 : -1.0
        let prices = relaxation.relaxedRows.map { r in
            let row = model.constraints[r]
            var p = sign * optimum.rowDuals[r]
            if !row.upper.isFinite { p = min(p, 0) }
            if !row.lower.isFinite { p = max(p, 0) }
            return p
        }
        return relaxation.price(prices, rowDual: { optimum.rowDuals[$0] }, allowed: { lp.isAllowed($0) }, perRow: Self.enteringPerRow)
    }
}
