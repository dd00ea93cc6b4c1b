import Foundation
import PlacementDomain
import PlacementEngine
import XCTest

/// Week-level scheduling on random scenarios: every rule of docs/scheduling.md holds (checked by
/// restating the rules from dates, not through the formulation), and on tiny scenarios the solver's
/// objective values equal a brute-force search over every schedule.
final class ScheduleOptimalityTests: XCTestCase {
    func testRandomScenariosKeepEveryScheduleRule() throws {
        var rng = DeterministicRNG(seed: 0x5C4E_D01E)
        var placedTotal = 0, rotationsPlaced = 0
        for round in 0..<30 {
            let scenario = RandomScenario.make(&rng, .schedule(students: 6...14, bases: 3...5, weeks: 8...12))
            let outcome = try PlacementEngine().solve(scenario)
            XCTAssertEqual(outcome.solver.status, .optimal, "round \(round)")
            let problems = IndependentScheduleCheck(scenario: scenario).violations(outcome)
            XCTAssertEqual(problems, [], "round \(round)")
            placedTotal += outcome.placedCount
            rotationsPlaced += outcome.placements.compactMap { $0?.timing?.second }.count
        }
        // The generator must exercise the rules, or the test proves nothing.
        XCTAssertGreaterThan(placedTotal, 100)
        XCTAssertGreaterThan(rotationsPlaced, 5)
    }

    func testTinyScenariosMatchBruteForce() throws {
        var rng = DeterministicRNG(seed: 0xB0F0_5EED)
        var compared = 0
        for round in 0..<40 {
            var scenario = RandomScenario.make(&rng, .schedule(students: 2...4, bases: 2...3, weeks: 4...6))
            if round % 2 == 1 {
                var policy = scenario.policy
                policy.objectives = [.maxPlaced, .minCost, .balanceMentorLoad]
                scenario = scenario.replacing(policy: policy)
            }
            let outcome = try PlacementEngine().solve(scenario)
            let best = BruteForceSchedule(scenario: scenario).best()
            let stages = Dictionary(uniqueKeysWithValues: outcome.solver.stages.map { ($0.name, $0.value) })
            XCTAssertEqual(stages["placed"], Double(best.placed), "round \(round)")
            XCTAssertEqual(stages["cost"] ?? -1, best.cost, accuracy: 1e-6, "round \(round)")
            if round % 2 == 1 {
                XCTAssertEqual(stages["max_academic_mentor_load"], Double(best.academicPeak), "round \(round)")
                XCTAssertEqual(stages["max_industry_mentor_load"], Double(best.industryPeak), "round \(round)")
            }
            XCTAssertEqual(IndependentScheduleCheck(scenario: scenario).violations(outcome), [], "round \(round)")
            if best.placed > 0 { compared += 1 }
        }
        XCTAssertGreaterThan(compared, 25)
    }

    /// Alliance rules apply to first placements of scheduled scenarios: bans, locks, apart pairs,
    /// groups (same base and term) and minimum interns hold together with every schedule rule.
    func testAllianceRulesHoldInScheduledScenarios() throws {
        var rng = DeterministicRNG(seed: 0xA11A_5CED)
        var lockedPlaced = 0
        for round in 0..<20 {
            let plain = RandomScenario.make(&rng, .schedule(students: 8...14, bases: 3...5, weeks: 8...12))
            let origin = RandomScenario.origin
            let ids = plain.students.map(\.id)
            var rules = AllianceRules()
            rules.bans = [.init(student: rng.pick(ids), base: rng.pick(plain.bases).id, origin: origin)]
            rules.apart = [.init(first: ids[0], second: ids[1], origin: origin)]
            rules.groups = [.init(id: "G", students: [ids[2], ids[3]], together: .sameBaseAndTerm, origin: origin)]
            // Lock a student whose first ranked base fits her first part, so the lock is satisfiable often.
            let first = plain.outcomeFreeLockCandidate()
            if let first { rules.locks = [.init(student: first.student, base: first.base, term: nil, origin: origin)] }
            var bases = plain.bases
            bases[0] = Base(
                id: bases[0].id, name: bases[0].name, kind: bases[0].kind, country: bases[0].country, city: "", location: nil,
                fields: [], languageRequirement: [], capacity: bases[0].capacity, minInterns: 2, origin: origin)
            let scenario = plain.replacing(bases: bases, rules: rules)
            let outcome = try PlacementEngine().solve(scenario)
            guard outcome.solver.status == .optimal else {
                XCTAssertEqual(outcome.solver.status, .infeasible, "round \(round)")
                continue
            }
            XCTAssertEqual(IndependentScheduleCheck(scenario: scenario).violations(outcome), [], "round \(round)")
            func placement(_ id: String) -> PlacementOutcome.Placement? { outcome.placements[scenario.studentIndexByID[id]!] }
            let ban = rules.bans[0]
            XCTAssertNotEqual(placement(ban.student).map { scenario.bases[$0.base].id }, ban.base, "round \(round)")
            if let a = placement(ids[0]), let b = placement(ids[1]) { XCTAssertNotEqual(a.base, b.base, "round \(round)") }
            let g = (placement(ids[2]), placement(ids[3]))
            XCTAssertEqual(g.0 == nil, g.1 == nil, "round \(round): a group is placed together or not at all")
            if let a = g.0, let b = g.1 { XCTAssertEqual([a.base, a.term], [b.base, b.term], "round \(round)") }
            if let lock = rules.locks.first {
                XCTAssertEqual(placement(lock.student).map { scenario.bases[$0.base].id }, lock.base, "round \(round)")
                lockedPlaced += 1
            }
            for term in scenario.terms.indices {
                let atFirst = outcome.placements.compactMap { $0 }.filter { $0.base == 0 && $0.term == term }.count
                XCTAssertTrue(atFirst == 0 || atFirst >= 2, "round \(round): base 1 takes 0 or at least 2 interns")
            }
        }
        XCTAssertGreaterThan(lockedPlaced, 5)
    }
}

extension Scenario {
    /// A (student, base) pair a lock can name: a non-rotation student and her first ranked base.
    func outcomeFreeLockCandidate() -> (student: String, base: String)? {
        guard let s = students.first(where: { $0.programme != "R" && !$0.preferences.isEmpty }) else { return nil }
        return (s.id, s.preferences[0])
    }
}
