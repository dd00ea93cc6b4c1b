import PlacementDomain
import PlacementFormulation
import PlacementModel
@testable import PlacementSolving
import XCTest

/// A more detailed mentor round solves the schedule afresh, in less time, and can do worse than
/// the earlier round with the students its failing groups could not serve left unplaced: the
/// better of the two is the answer (`ScheduledRounds.better`).
final class DetailedRoundFallbackTests: XCTestCase {
    private func answer(_ f: Formulation, placed: Double, cost: Double) -> SolveResult {
        let stages = [("placed", placed), ("cost", cost)].map {
            StageResult(name: $0.0, value: $0.1, bound: $0.1, status: .optimal, evidence: "", seconds: 0)
        }
        return SolveResult(solution: Solution(status: .optimal, values: [], stages: stages, solverName: "test"), formulation: f)
    }

    func testTheEarlierRoundWinsOnlyWhenItIsLexicographicallyBetter() throws {
        var rng = DeterministicRNG(seed: 0xFA11_BAC)
        let f = Formulation(
            scenario: RandomScenario.make(&rng, .schedule(students: 6...8, bases: 2...3, weeks: 6...8)), mentorDetail: .pooled)
        XCTAssertEqual(f.model.objectives.map(\.name), ["placed", "cost"], "the scenario's stages")
        func pick(_ later: (Double, Double), _ earlier: (Double, Double)?) -> Double {
            let chosen = ScheduledRounds.better(
                answer(f, placed: later.0, cost: later.1), than: earlier.map { answer(f, placed: $0.0, cost: $0.1) })
            return chosen.solution.stages[1].value
        }
        XCTAssertEqual(pick((5, 10), nil), 10, "no earlier round")
        XCTAssertEqual(pick((5, 10), (6, 99)), 99, "more placed wins, whatever it costs")
        XCTAssertEqual(pick((6, 99), (5, 10)), 99)
        XCTAssertEqual(pick((5, 10), (5, 8)), 8, "as many placed: the cheaper")
        XCTAssertEqual(pick((5, 10), (5, 10)), 10, "a tie keeps the later, more detailed round")
        var none = answer(f, placed: 0, cost: 0)
        none.solution.status = .noSolution
        XCTAssertEqual(ScheduledRounds.better(none, than: answer(f, placed: 3, cost: 7)).solution.stages[1].value, 7)
    }
}
