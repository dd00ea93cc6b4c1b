import PlacementDomain
import PlacementEngine
import PlacementFormulation
import PlacementGLPK
import PlacementModel
@testable import PlacementSolving
import XCTest

/// The neighbourhood search's parts: the residual model (every column but a few fixed at a
/// point) against brute force, and the search on random schedules against GLPK's optimum.
final class ResidualModelTests: XCTestCase {
    func testResidualOptimumEqualsBruteForceWithTheOtherColumnsFixed() throws {
        var rng = DeterministicRNG(seed: 0x2E51_D0A1)
        var moved = 0
        for seed in 0..<40 as Range<UInt64> {
            var m = StartMeetsBoundTests.model(seed)
            let columns = StartMeetsBoundTests.columns
            // A random feasible point, and an equality row through it (bounds shift both ways).
            var point: [Double] = []
            repeat { point = (0..<columns).map { _ in Double(Int.random(in: 0...1, using: &rng)) } } while m.maximumViolation(at: point) > 1e-9
            let equalityTerms = (0..<columns).filter { _ in Bool.random(using: &rng) }.map { LinearModel.Term($0, 1) }
            let through = equalityTerms.reduce(0) { $0 + point[$1.variable] }
            m.addConstraint(.init(name: "through", terms: equalityTerms, lower: through, upper: through))
            let free = (0..<columns).filter { _ in Bool.random(using: &rng) }
            let residual = try XCTUnwrap(ResidualModel(m, free: free, fixedAt: point))
            XCTAssertEqual(residual.lifted(residual.start), point)
            XCTAssertLessThanOrEqual(residual.model.maximumViolation(at: residual.start), 1e-9, "seed \(seed): the point must meet the residual")
            // Brute force: the whole model with the other columns' bounds at the point.
            var fixed = m
            for j in 0..<columns where !free.contains(j) { fixed.setBounds(of: j, lower: point[j], upper: point[j]) }
            let expected = try XCTUnwrap(StartMeetsBoundTests.bruteForce(fixed), "seed \(seed)")
            let solution = try GLPKSolver().solve(residual.model)
            XCTAssertEqual(solution.status, .optimal, "seed \(seed)")
            let lifted = residual.lifted(solution.values)
            XCTAssertLessThanOrEqual(m.maximumViolation(at: lifted), 1e-9, "seed \(seed)")
            for (k, objective) in m.objectives.enumerated() {
                XCTAssertEqual(solution.stages[k].value, expected[k], accuracy: 1e-6, "seed \(seed): residual stage \(objective.name)")
                XCTAssertEqual(m.value(of: objective, at: lifted), expected[k], accuracy: 1e-6, "seed \(seed): lifted \(objective.name)")
            }
            if lifted != point { moved += 1 }
        }
        XCTAssertGreaterThan(moved, 5, "the residual optimum must move off the point on some models, or the test proves little")
    }

    /// What the neighbourhood search hands to GLPK: the residual read from the rows of its free
    /// columns only, then without the rows no point within the bounds can violate and the rows
    /// another implies. Every point within the bounds must meet the dropped slack rows, and the
    /// smaller model must keep every stage's optimum (brute force over every binary point).
    func testResidualWithoutSlackAndImpliedRowsKeepsEveryOptimum() throws {
        var rng = DeterministicRNG(seed: 0x51AC_0005)
        var slackDropped = 0, kept = 0
        for seed in 0..<40 as Range<UInt64> {
            var m = StartMeetsBoundTests.model(seed)
            let columns = StartMeetsBoundTests.columns
            // Rows a few columns cannot fill whatever they take (slack), and rows they can.
            for k in 0..<3 {
                let terms = (0..<columns).filter { _ in Int.random(in: 0..<3, using: &rng) == 0 }.map { LinearModel.Term($0, 1) }
                guard terms.count > k else { continue }
                m.addConstraint(.init(name: "wide\(k)", terms: terms, upper: Double(terms.count - k)))
            }
            var point: [Double] = []
            repeat { point = (0..<columns).map { _ in Double(Int.random(in: 0...1, using: &rng)) } } while m.maximumViolation(at: point) > 1e-9
            let free = (0..<columns).filter { _ in Bool.random(using: &rng) }
            let whole = try XCTUnwrap(ResidualModel(m, free: free, fixedAt: point))
            let touched = m.constraints.indices.filter { i in m.constraints[i].terms.contains { free.contains($0.variable) } }
            let residual = try XCTUnwrap(ResidualModel(m, free: free, fixedAt: point, rows: touched))
            XCTAssertEqual(residual.model.constraints, whole.model.constraints, "seed \(seed): the rows hint reads the same rows")
            var reduced = residual.model
            let slack = reduced.slackRows()
            reduced.removeConstraints(slack.union(reduced.impliedRows()))
            slackDropped += slack.count
            kept += reduced.constraintCount
            for mask in 0..<(1 << free.count) {
                let x = (0..<free.count).map { Double((mask >> $0) & 1) }
                for i in slack {
                    let row = residual.model.constraints[i]
                    let activity = row.terms.reduce(0) { $0 + $1.coefficient * x[$1.variable] }
                    XCTAssertTrue(activity >= row.lower - 1e-9 && activity <= row.upper + 1e-9, "seed \(seed): slack row \(row.name) broken")
                }
            }
            let expected = try XCTUnwrap(StartMeetsBoundTests.bruteForce(residual.model), "seed \(seed)")
            let solution = try GLPKSolver().solve(reduced)
            XCTAssertEqual(solution.status, .optimal, "seed \(seed)")
            XCTAssertLessThanOrEqual(m.maximumViolation(at: residual.lifted(solution.values)), 1e-9, "seed \(seed): the dropped rows hold")
            for (k, objective) in reduced.objectives.enumerated() {
                XCTAssertEqual(solution.stages[k].value, expected[k], accuracy: 1e-6, "seed \(seed): \(objective.name) without the dropped rows")
            }
        }
        XCTAssertGreaterThan(slackDropped, 20, "slack rows must be dropped on many models, or the test proves little")
        XCTAssertGreaterThan(kept, 20, "rows the free columns can fill must stay")
    }

    func testNeighbourhoodsRePlaceRemovedStudentsKeepEveryRowAndAreRepeatable() throws {
        var rng = DeterministicRNG(seed: 0x1A5_5EED)
        var improvedRounds = 0
        for round in 0..<8 {
            let scenario = RandomScenario.make(&rng, .schedule(students: 12...18, bases: 2...3, weeks: 6...8))
            let f = PlacementEngine().formulate(scenario)
            let greedy = try XCTUnwrap(GreedySchedule(f), "round \(round)")
            let noPrices = [Double](repeating: 0, count: f.model.constraintCount)
            guard var start = greedy.build(prices: noPrices) else { continue }
            // Half of the placed students taken out again: a poor start the search must mend.
            for (s, list) in greedy.choices.enumerated() where s % 2 == 0 {
                for option in list { for j in option.columns { start[j] = 0 } }
            }
            guard f.model.maximumViolation(at: start) <= 1e-9 else { continue }
            let search = ScheduleNeighbourhoodSearch(greedy)
            let result = search.improve(start, guide: nil, prices: noPrices, rounds: 3, deadline: nil)
            XCTAssertLessThanOrEqual(f.model.maximumViolation(at: result.values), 1e-6, "round \(round)")
            XCTAssertFalse(GreedyWithLagrangianBounds.isBetter(start, than: result.values, in: f.model), "round \(round): worse than the start")
            let exact = try GLPKSolver().solve(f.model)
            XCTAssertLessThanOrEqual(f.model.value(of: f.model.objectives[0], at: result.values), exact.stages[0].value + 1e-9, "round \(round)")
            let again = search.improve(start, guide: nil, prices: noPrices, rounds: 3, deadline: nil)
            XCTAssertEqual(again.values, result.values, "round \(round): the same start must give the same schedule")
            // A work limit is honoured: none at all leaves the start as it was.
            XCTAssertEqual(search.improve(start, guide: nil, prices: noPrices, rounds: 3, workLimit: 0, deadline: nil).values, start)
            if result.improvements > 0 {
                improvedRounds += 1
                XCTAssertGreaterThan(result.iterations, 0, "round \(round): GLPK's work must be counted")
            }
        }
        XCTAssertGreaterThan(improvedRounds, 3, "the search must re-place removed students on most scenarios")
    }

    /// After unserved students are dropped the load stages count the kept assignment again: a
    /// dropped student's weeks no longer count, an academic mentor has every stay of her students.
    func testPeakLoadCountsOnlyTheKeptAssignment() {
        let stays = [
            MentorAssignment.Stay(student: 0, part: 0, base: 0, weeks: 1...4),
            MentorAssignment.Stay(student: 0, part: 1, base: 1, weeks: 5...8),
            MentorAssignment.Stay(student: 1, part: 0, base: 0, weeks: 3...6),
            MentorAssignment.Stay(student: 2, part: 0, base: 0, weeks: 4...4)
        ]
        var choice = MentorChoice()
        choice.academic = [0: 7, 1: 7, 2: 7]
        choice.industry = [stays[0]: 3, stays[2]: 3, stays[3]: 3, stays[1]: 4]
        XCTAssertEqual(ScheduledRounds.peakLoad(.academic, choice, stays), 3, "week 4: students 0, 1 and 2")
        XCTAssertEqual(ScheduledRounds.peakLoad(.industry, choice, stays), 3)
        choice.academic[2] = nil
        choice.industry[stays[3]] = nil
        XCTAssertEqual(ScheduledRounds.peakLoad(.academic, choice, stays), 2, "student 2 dropped")
        XCTAssertEqual(ScheduledRounds.peakLoad(.industry, choice, stays), 2)
        XCTAssertEqual(ScheduledRounds.peakLoad(.industry, MentorChoice(), stays), 0)
    }
}
