import Foundation
import PlacementDomain
import PlacementEngine
import XCTest

/// A student left out beside free seats by an optimal solution is held out by rules: her reason
/// (`held_by_rules`) lists every free seat she could take, and each seat's rules are exactly the
/// ones an independent check (`AllianceChecker`, from the rules' definitions) finds broken when
/// she alone is added there. With an unplaced penalty and cost first, a student beside a free seat
/// that breaks no rule is `cost_above_penalty`, and every such seat costs at least the penalty.
final class HeldByRulesTests: XCTestCase {
    typealias Family = RandomScenario.Alliance.Family

    func testEveryFreeSeatBesideAnUnplacedStudentIsNamedWithTheRulesItWouldBreak() throws {
        let familySets: [Set<Family>] =
            [[.lowerQuota], [.nationalityShare], [.reservedExclusive], [.groupSameBaseAndTerm], [.groupSameCity], [.apart], [.crossBorder]]
            + [Set(Family.allCases).subtracting([.locks])]
        var penalty = Policy()
        penalty.objectives = [.minCost]
        penalty.unplacedPenalty = 5
        var seatsChecked = 0, pricedOut = 0
        var familiesNamed: Set<RuleFamilyID> = []
        for (index, families) in familySets.enumerated() {
            for seed in 0..<4 {
                var rng = DeterministicRNG(seed: 0x4E1D_0000 &+ UInt64(index * 16 + seed))
                let policy = seed % 2 == 0 ? Policy() : penalty
                let scenario = RandomScenario.make(&rng, .alliance(.medium, families: families), policy: policy)
                let label = "families \(families.map(\.rawValue).sorted()), seed \(seed), penalty \(policy.unplacedPenalty.map { "\($0)" } ?? "none")"
                let outcome = try PlacementEngine().solve(scenario)
                guard outcome.solver.status == .optimal else { continue }
                let checker = AllianceChecker(scenario)
                let assignment = outcome.allianceAssignment
                var count: [AllianceSlot: Int] = [:]
                for slot in assignment.compactMap({ $0 }) { count[slot, default: 0] += 1 }
                for (i, placement) in assignment.enumerated() where placement == nil {
                    let free = checker.options[i].map(\.slot).filter { count[$0, default: 0] < checker.seats($0) }
                    let reason = try XCTUnwrap(outcome.unplacedReasons[i], label)
                    guard !free.isEmpty else { continue }
                    if case let .costAbovePenalty(bases) = reason {
                        // Some free seat breaks no rule, and each such seat costs at least the penalty.
                        let penalty = try XCTUnwrap(scenario.policy.unplacedPenalty, "cost_above_penalty without a penalty; \(label)")
                        XCTAssertEqual(bases, free.map(checker.label), label)
                        let open = checker.options[i].filter { option in
                            free.contains(option.slot) && checker.holds(assignment.enumerated().map { $0.offset == i ? option.slot : $0.element })
                        }
                        XCTAssertFalse(open.isEmpty, "\(scenario.students[i].id): every free seat breaks a rule; \(label)")
                        for option in open { XCTAssertGreaterThanOrEqual(option.cost, penalty - 1e-9, "\(checker.label(option.slot)); \(label)") }
                        pricedOut += 1
                        continue
                    }
                    // The solution is proven: a free seat that breaks no rule would be a better solution.
                    guard case let .heldByRules(seats) = reason else {
                        XCTFail("\(scenario.students[i].id) beside free seats \(free.map(checker.label)) has reason \(reason.code); \(label)")
                        continue
                    }
                    XCTAssertEqual(seats.map(\.seat), free.map(checker.label), "every free seat, in order; \(label)")
                    for (seat, slot) in zip(seats, free) {
                        var added = assignment
                        added[i] = slot
                        let broken = checker.violations(added)
                        let named = Set(seat.rules.map(\.family))
                        let found = Set(RuleFamilyID.allCases.filter { f in broken.contains { $0.hasPrefix(f.diagnosis ?? "-") } })
                        XCTAssertEqual(named, found, "\(scenario.students[i].id) at \(seat.seat): the checker finds \(broken); \(label)")
                        XCTAssertFalse(named.isEmpty, label)
                        familiesNamed.formUnion(named)
                        seatsChecked += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(seatsChecked, 10, "too few free seats beside unplaced students: the test could not fail")
        print("held seats checked: \(seatsChecked); priced out: \(pricedOut); families named: \(familiesNamed.map(\.rawValue).sorted())")
        XCTAssertGreaterThan(pricedOut, 0, "no student was priced out: the penalty case is not exercised")
        XCTAssertTrue(familiesNamed.isSuperset(of: [.minInterns, .nationalityShare, .bans, .exchange, .groups]), "\(familiesNamed)")
    }
}
