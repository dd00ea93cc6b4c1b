import PlacementDomain
import PlacementFormulation
@testable import PlacementGLPK
import PlacementModel
import XCTest

/// A stage proven optimal fixes, for the later stages, the integer columns whose reduced cost at
/// an LP optimum of that stage (its own LP, or its search's root after the cut rounds) exceeds the
/// gap between that LP's bound and the stage's value (`StageLPOptimum`). Checked two ways: every
/// optimal point found by brute force keeps each held column where it was held, and lexicographic
/// solves give the same stage values as solving each stage on its own, where no column is fixed.
final class ReducedCostFixingTests: XCTestCase {
    /// All 0/1 points of the model that meet its rows, with the best value of its first objective.
    private static func optima(_ m: LinearModel) -> (value: Double, points: [[Double]])? {
        let objective = m.objectives[0], n = m.variableCount
        var best: Double? = nil, points: [[Double]] = []
        for mask in 0..<(1 << n) {
            let x = (0..<n).map { Double((mask >> $0) & 1) }
            guard m.maximumViolation(at: x) <= 1e-9 else { continue }
            let v = m.value(of: objective, at: x)
            if let b = best, abs(v - b) <= 1e-9 {
                points.append(x)
            } else if best.map({ objective.sense == .maximize ? v > $0 : v < $0 }) ?? true {
                best = v
                points = [x]
            }
        }
        return best.map { ($0, points) }
    }

    private static func assertHeldAtEveryOptimum(
        _ lp: StageLPOptimum, _ m: LinearModel, _ optima: (value: Double, points: [[Double]]), _ context: String
    ) -> Int {
        let held = lp.columnsHeld(model: m, stageValue: optima.value, sense: m.objectives[0].sense, slack: 0)
        for (column, value) in held {
            for point in optima.points { XCTAssertEqual(point[column], value, "\(context): column \(column) held at \(value)") }
        }
        return held.count
    }

    func testHeldColumnsKeepTheirValueAtEveryOptimumOfTheStage() throws {
        var heldByLP = 0, heldByRoot = 0, roots = 0
        for seed in 0..<60 as Range<UInt64> {
            let m = seed % 2 == 0 ? StartMeetsBoundTests.model(seed) : RelaxedFirstSearchTests.model(seed)
            guard let optima = Self.optima(m) else { continue }
            let objective = m.objectives[0]
            let problem = try GLPKProblem()
            try problem.load(m, objective: objective)
            let (code, status) = try problem.simplex(timeLimitMilliseconds: 0)
            guard code == 0, status == GLPKCodes.optimal else { XCTFail("seed \(seed): LP not solved"); continue }
            let (values, value) = try problem.solution(mip: false)
            let lp = StageLPOptimum(objective: value, values: values, reducedCosts: try problem.reducedCosts(), statuses: try problem.basis().columns)
            heldByLP += Self.assertHeldAtEveryOptimum(lp, m, optima, "seed \(seed), stage LP")
            // The root after Gomory's cut rounds, with the relaxed-first columns continuous as in
            // `DecisionsFirst`: its bound lies between the optimum and the LP's.
            for j in m.variables.indices where m.variables[j].isRelaxedFirst { try problem.setColumnKind(j, integer: false) }
            problem.captureRootLP(true)
            _ = try problem.intopt(timeLimitMilliseconds: 0, mipGap: 0, start: nil, gomoryCuts: true, progress: nil, context: nil)
            guard let root = problem.rootLP() else { continue }
            roots += 1
            let maximize = objective.sense == .maximize
            XCTAssertTrue(maximize ? root.objective <= lp.objective + 1e-7 : root.objective >= lp.objective - 1e-7, "seed \(seed)")
            XCTAssertTrue(maximize ? root.objective >= optima.value - 1e-7 : root.objective <= optima.value + 1e-7, "seed \(seed)")
            heldByRoot += Self.assertHeldAtEveryOptimum(root, m, optima, "seed \(seed), root")
        }
        XCTAssertGreaterThan(heldByLP, 20, "the stage LPs held almost no column")
        XCTAssertGreaterThan(roots, 10, "few searches kept a root LP")
        XCTAssertGreaterThan(heldByRoot, 20, "the roots held almost no column")
    }

    /// Each stage solved on its own model (one objective, the earlier stages' values as rows), so
    /// that no stage's reduced costs reach another.
    private static func stageByStage(_ m: LinearModel) throws -> [Double]? {
        var fixed = m
        var values: [Double] = []
        for objective in m.objectives {
            var single = fixed
            single.objectives = [objective]
            let solution = try GLPKSolver().solve(single)
            guard solution.status == .optimal, let stage = solution.stages.first else { return nil }
            values.append(stage.value)
            if let ratio = objective.maxMinRatio {
                for (row, n) in zip(ratio.rows, ratio.denominators) {
                    let c = fixed.constraints[row]
                    fixed.setBounds(ofConstraint: row, lower: max(c.lower, (stage.value * Double(n) - 1e-9).rounded(.up)), upper: c.upper)
                }
            } else {
                let v = objective.isIntegral ? stage.value.rounded() : stage.value
                let slack = objective.isIntegral ? 0 : max(1e-7, abs(v) * 1e-6)
                let rhs = v - objective.constant
                _ = fixed.addConstraint(
                    .init(
                        name: "fix_\(objective.name)", terms: objective.terms,
                        lower: objective.sense == .maximize ? rhs - slack : -.infinity,
                        upper: objective.sense == .minimize ? rhs + slack : .infinity))
            }
        }
        return values
    }

    func testLexicographicSolvesEqualStageByStageSolvesOnRandomAllianceScenarios() throws {
        var rng = DeterministicRNG(seed: 0x5EDC_0057)
        var compared = 0
        for round in 0..<16 {
            let objectives: [Policy.Objective] =
                switch round % 4 {
                case 0: [.maxPlaced, .rankMaximal]
                case 1: [.maxPlaced, .minWorstRank, .minCost]
                case 2: [.maxPlaced, .maxMinNationalityRate, .minCost]
                default: [.maxPlaced, .maxMinUniversityRate, .minCost]
                }
            let scenario = RandomScenario.allianceWithMinimumInterns(&rng, round % 5 == 0 ? .tiny : .medium, objectives: objectives)
            let m = Formulation(scenario: scenario).model
            let solution = try GLPKSolver().solve(m)
            guard solution.status == .optimal, let expected = try Self.stageByStage(m) else { continue }
            XCTAssertEqual(solution.stages.count, expected.count, "round \(round)")
            for (stage, value) in zip(solution.stages, expected) {
                XCTAssertEqual(stage.value, value, accuracy: 1e-6, "round \(round), \(stage.name)")
            }
            XCTAssertLessThanOrEqual(m.maximumViolation(at: solution.values), 1e-9, "round \(round)")
            compared += 1
        }
        XCTAssertGreaterThan(compared, 8, "too few feasible scenarios")
    }
}
