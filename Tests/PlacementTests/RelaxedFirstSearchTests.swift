import PlacementDomain
import PlacementFormulation
import PlacementGLPK
import PlacementModel
import XCTest

/// Branch-and-bound first searches over the decision columns with the relaxed-first columns
/// continuous (`Variable.isRelaxedFirst`), then completes the placements with those decisions
/// fixed, and falls back on the full search when that falls below the bound. It changes how a
/// stage is proven, never its value: brute force on tiny 0/1 models, and the same optima as the
/// search over every column on random alliance scenarios with minimum interns (ratio stages'
/// feasibility checks included).
final class RelaxedFirstSearchTests: XCTestCase {
    static let decisions = 3
    static let columns = 11

    /// Three 0/1 decisions, eight relaxed-first columns each tied to a decision (x ≤ y), knapsack
    /// rows over all of them, and three lexicographic objectives.
    static func model(_ seed: UInt64) -> LinearModel {
        var rng = DeterministicRNG(seed: 0x4E1A_0000 &+ seed)
        var m = LinearModel()
        for j in 0..<decisions { m.addVariable(.init(name: "y\(j)", lower: 0, upper: 1, isInteger: true)) }
        for j in decisions..<columns {
            let x = m.addVariable(.init(name: "x\(j)", lower: 0, upper: 1, isInteger: true))
            m.relaxFirst(x)
            m.addConstraint(.init(name: "link\(j)", terms: [.init(x, 1), .init(Int.random(in: 0..<decisions, using: &rng), -1)], upper: 0))
        }
        StartMeetsBoundTests.addKnapsacksAndObjectives(to: &m, rows: 3, weights: 0...7, objectives: [0...3, 0...4, 0...5], using: &rng)
        return m
    }

    /// The same model with every column searched as an integer from the start.
    static func withoutRelaxedFirst(_ m: LinearModel) -> LinearModel {
        var plain = LinearModel()
        for var variable in m.variables {
            variable.isRelaxedFirst = false
            plain.addVariable(variable)
        }
        for constraint in m.constraints { plain.addConstraint(constraint) }
        plain.objectives = m.objectives
        plain.isNetworkStructured = m.isNetworkStructured
        return plain
    }

    func testStageValuesEqualBruteForceAndEachWayOfProvingIsTaken() throws {
        var integralAtOnce = 0, completed = 0, fullSearch = 0
        for seed in 0..<80 as Range<UInt64> {
            guard let solution = try StartMeetsBoundTests.solvedAndCheckedAgainstBruteForce(Self.model(seed), seed: seed) else { continue }
            for stage in solution.stages {
                if stage.evidence.contains("every placement integral at its optimum") {
                    integralAtOnce += 1
                } else if stage.evidence.contains("with those decisions fixed reach the bound") {
                    completed += 1
                } else if stage.evidence.contains("branch-and-bound closed the gap (GLPK glp_intopt)") {
                    fullSearch += 1
                }
            }
        }
        XCTAssertGreaterThan(integralAtOnce, 0, "no stage was proven by the search over the decisions alone")
        XCTAssertGreaterThan(completed, 0, "no stage needed the placements completed with the decisions fixed")
        XCTAssertGreaterThan(fullSearch, 0, "no stage fell back on the full search")
    }

    func testTheSameOptimaAsTheFullSearchOnRandomAllianceScenarios() throws {
        var rng = DeterministicRNG(seed: 0x4E1A_A111)
        var compared = 0
        for round in 0..<20 {
            let objectives: [Policy.Objective]? =
                switch round % 5 {
                case 1: [.maxPlaced, .minWorstRank, .minCost]
                case 2: [.maxPlaced, .rankMaximal]
                case 3: [.maxPlaced, .maxMinUniversityRate, .minCost]
                case 4: [.maxPlaced, .maxMinNationalityRate, .minCost]
                default: nil
                }
            let scenario = RandomScenario.allianceWithMinimumInterns(&rng, round % 4 == 0 ? .tiny : .medium, objectives: objectives)
            let f = Formulation(scenario: scenario)
            guard f.model.variables.contains(where: \.isRelaxedFirst) else { continue }
            let relaxedFirst = try GLPKSolver().solve(f.model)
            let plain = try GLPKSolver().solve(Self.withoutRelaxedFirst(f.model))
            assertSameStageValues(relaxedFirst, plain, "round \(round)")
            if !relaxedFirst.values.isEmpty {
                XCTAssertLessThanOrEqual(f.model.maximumViolation(at: relaxedFirst.values), 1e-9, "round \(round)")
                for j in f.model.variables.indices where f.model.variables[j].isInteger {
                    XCTAssertEqual(relaxedFirst.values[j], relaxedFirst.values[j].rounded(), "round \(round), column \(j)")
                }
            }
            compared += 1
        }
        XCTAssertGreaterThan(compared, 10, "too few scenarios with minimum interns")
    }
}
