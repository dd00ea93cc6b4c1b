import PlacementDomain
import PlacementFormulation
import PlacementGLPK
import PlacementModel
@testable import PlacementSolving
import XCTest

/// The dive on the first stage's exact LP (`GreedySchedule.lpDive(on:…)`), from column
/// generation's last restricted LP, on random schedules checked against GLPK's whole model.
final class LPDiveTests: XCTestCase {
    private func scenarios() -> [(name: String, formulation: Formulation)] {
        var rng = DeterministicRNG(seed: 0x1D_D1E)
        var result: [(String, Formulation)] = []
        for round in 0..<12 {
            // Crowded: more students than seats, so the LP is fractional and the dive must choose.
            let scenario = RandomScenario.make(&rng, .schedule(students: 24...36, bases: 2...3, weeks: 6...8))
            result.append(("round \(round)", Formulation(scenario: scenario, mentorDetail: round.isMultiple(of: 2) ? .pooled : .full)))
        }
        return result
    }

    /// The LP of column generation, at its last optimum, as `GreedyWithLagrangianBounds` hands it on,
    /// and its pricing step for a dive that prices.
    private func columnGeneration(
        _ f: Formulation, _ greedy: GreedySchedule, _ start: [Double]
    ) throws -> (result: ColumnGenerationBound.Result, pricing: (RestrictedLP.Optimum) -> [Int]) {
        let model = f.model.presolvedForSchedules()
        let placed = model.objectives[0]
        let generation = ColumnGenerationBound(model: model, objective: placed, relaxation: LagrangianBound(model: model, objective: placed))
        let result = try XCTUnwrap(
            generation.solve(allowing: start.indices.filter { start[$0] > 0.5 }, from: start, iterationLimit: nil, deadline: nil))
        return (result, { generation.price($0, of: result.lp)?.entering ?? [] })
    }

    /// A dive, with or without pricing, on a fresh column generation's LP.
    private func dive(
        _ f: Formulation, _ greedy: GreedySchedule, _ start: [Double], pricing: Bool, iterationLimit: Int? = nil
    ) throws -> (lp: ColumnGenerationBound.Result, dive: GreedySchedule.LPDive?) {
        let generation = try columnGeneration(f, greedy, start)
        return (
            generation.result,
            greedy.lpDive(on: generation.result.lp, iterationLimit: iterationLimit, deadline: nil, pricing: pricing ? generation.pricing : nil)
        )
    }

    func testEveryFixedStudentIsPlacedAndTheScheduleIsFeasibleAndNoBetterThanTheOptimum() throws {
        var fractionalDives = 0, pricedDives = 0
        for (name, f) in scenarios() {
            for pricing in [false, true] {
                let name = "\(name), pricing \(pricing)"
                let placed = f.model.objectives[0]
                let exact = try GLPKSolver().solve(f.model)
                XCTAssertEqual(exact.status, .optimal, name)
                let greedy = try XCTUnwrap(GreedySchedule(f), name)
                let start = try XCTUnwrap(greedy.build(prices: [Double](repeating: 0, count: f.model.constraintCount)), name)
                let (lp, firstDive) = try dive(f, greedy, start, pricing: pricing)
                let lpValue = f.model.value(of: placed, at: lp.point)
                let dive = try XCTUnwrap(firstDive, name)
                if dive.solves > 1, !pricing { fractionalDives += 1 }
                if dive.pricedColumns > 0 { pricedDives += 1 }
                // The fixed options fit together: every row without negative coefficients holds them.
                let fixedPoint = dive.guide.map { $0 == 1 ? 1.0 : 0 }
                for (r, row) in f.model.constraints.enumerated() where row.terms.allSatisfy({ $0.coefficient >= 0 }) {
                    XCTAssertLessThanOrEqual(
                        f.model.activity(of: r, at: fixedPoint), row.upper + 1e-9, "\(name): the fixed options overfill \(row.name)")
                }
                // Fixing options only restricts the LP.
                XCTAssertLessThanOrEqual(dive.lastValue, lpValue + 1e-6, name)
                let schedule = try XCTUnwrap(greedy.build(prices: [Double](repeating: 0, count: f.model.constraintCount), guide: dive.guide), name)
                XCTAssertLessThanOrEqual(f.model.maximumViolation(at: schedule), 1e-9, "\(name): the dive's schedule breaks a row")
                // The fixed options fit together, so the greedy places every fixed student (on hers, or
                // on one as good that its later passes moved her to).
                for (s, options) in greedy.choices.enumerated() where options.contains(where: { $0.columns.allSatisfy { dive.guide[$0] == 1 } }) {
                    XCTAssert(options.contains { $0.columns.allSatisfy { schedule[$0] > 0.5 } }, "\(name): student \(s) was fixed but is not placed")
                }
                XCTAssertGreaterThanOrEqual(f.model.value(of: placed, at: schedule), Double(dive.fixedStudents) - 1e-9, name)
                XCTAssertLessThanOrEqual(f.model.value(of: placed, at: schedule), exact.stages[0].value + 1e-9, name)
                // The same dive again gives the same guide.
                let again = try XCTUnwrap(try self.dive(f, greedy, start, pricing: pricing).dive, name)
                XCTAssertEqual(again.guide, dive.guide, "\(name): the dive is not repeatable")
            }
        }
        XCTAssertGreaterThan(fractionalDives, 2, "the LPs must be fractional somewhere, or the test proves little")
        XCTAssertGreaterThan(pricedDives, 0, "the pricing must allow columns somewhere, or the test proves little")
    }

    func testAnIterationLimitIsKept() throws {
        for (name, f) in scenarios().prefix(6) {
            let greedy = try XCTUnwrap(GreedySchedule(f), name)
            let start = try XCTUnwrap(greedy.build(prices: [Double](repeating: 0, count: f.model.constraintCount)), name)
            for limit in [1, 3, 10] {
                for pricing in [false, true] {
                    guard let dive = try dive(f, greedy, start, pricing: pricing, iterationLimit: limit).dive else { continue }
                    XCTAssertLessThanOrEqual(dive.iterations, limit, "\(name), \(limit) iterations, pricing \(pricing)")
                }
            }
        }
    }
}
