import Foundation
import PlacementDomain
import PlacementEngine
import XCTest

/// A student left out beside free seats by an optimal solution is held out by rules: her reason
/// (`held_by_rules`) lists every free seat she could take, and each seat's rules are exactly the
/// ones an independent check (`AllianceChecker`, from the rules' definitions) finds broken when
/// she alone is added there.
final class HeldByRulesTests: XCTestCase {
    typealias Family = RandomScenario.Alliance.Family

    func testEveryFreeSeatBesideAnUnplacedStudentIsNamedWithTheRulesItWouldBreak() throws {
        let familySets: [Set<Family>] =
            [[.lowerQuota], [.nationalityShare], [.reservedExclusive], [.groupSameBaseAndTerm], [.groupSameCity], [.apart], [.crossBorder]]
            + [Set(Family.allCases).subtracting([.locks])]
        var seatsChecked = 0
        var familiesNamed: Set<RuleFamilyID> = []
        for (index, families) in familySets.enumerated() {
            for seed in 0..<4 {
                var rng = DeterministicRNG(seed: 0x4E1D_0000 &+ UInt64(index * 16 + seed))
                let scenario = RandomScenario.make(&rng, .alliance(.medium, families: families), policy: Policy())
                let label = "families \(families.map(\.rawValue).sorted()), seed \(seed)"
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
                    // max_placed comes first and the solution is proven: no free seat is open to her.
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
        print("held seats checked: \(seatsChecked); families named: \(familiesNamed.map(\.rawValue).sorted())")
        XCTAssertTrue(familiesNamed.isSuperset(of: [.minInterns, .nationalityShare, .bans, .exchange, .groups]), "\(familiesNamed)")
    }
}
