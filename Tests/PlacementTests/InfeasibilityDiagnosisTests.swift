import Foundation
import PlacementDomain
import PlacementEngine
import XCTest

/// Scenarios whose rules contradict each other: the solve says infeasible and the diagnosis names
/// the rule(s) that had to give way, with the ids involved.
final class InfeasibilityDiagnosisTests: XCTestCase {
    func solveBoth(_ s: Scenario, file: StaticString = #filePath, line: UInt = #line) throws -> [PlacementOutcome] {
        try [SolverChoice.auto, .glpk].map { solver in
            let outcome = try PlacementEngine().solve(s, options: .init(solver: solver))
            XCTAssertEqual(outcome.solver.status, .infeasible, "\(solver)", file: file, line: line)
            XCTAssertEqual(outcome.placedCount, 0, file: file, line: line)
            XCTAssertFalse(outcome.conflicts.isEmpty, "\(solver): no conflict named", file: file, line: line)
            return outcome
        }
    }

    /// The diagnosis runs under the run's work limit too (an ample one changes nothing).
    func testDiagnosisUnderAWorkLimitNamesTheSameConflict() throws {
        var rules = AllianceRules()
        rules.locks = [.init(student: "A", base: "X", term: nil, origin: HandScenario.origin)]
        let s = HandScenario.scenario(
            [HandScenario.student("A", prefs: ["X", "Y"]), HandScenario.student("B", prefs: ["Y"])],
            [HandScenario.base("X", seats: 2, fields: ["logistics"]), HandScenario.base("Y", seats: 1)], rules)
        let free = try PlacementEngine().solve(s, options: .init(solver: .glpk))
        let limited = try PlacementEngine().solve(s, options: .init(workLimit: 100_000, solver: .glpk))
        XCTAssertEqual(limited.solver.status, .infeasible)
        XCTAssertEqual(limited.conflicts.map(\.description), free.conflicts.map(\.description))
        XCTAssertEqual(limited.conflicts.map(\.family), ["lock"])
    }

    func testLockOnAPlacementTheRulesForbidIsNamed() throws {
        var rules = AllianceRules()
        rules.locks = [.init(student: "A", base: "X", term: nil, origin: HandScenario.origin)]
        // X takes only logistics students; A studies software.
        let s = HandScenario.scenario(
            [HandScenario.student("A", prefs: ["X", "Y"]), HandScenario.student("B", prefs: ["Y"])],
            [HandScenario.base("X", seats: 2, fields: ["logistics"]), HandScenario.base("Y", seats: 1)], rules)
        for outcome in try solveBoth(s) {
            XCTAssertEqual(outcome.conflicts.map(\.family), ["lock"], "\(outcome.conflicts.map(\.description))")
            let meaning = outcome.conflicts.first?.meaning ?? ""
            XCTAssertTrue(meaning.contains("A") && meaning.contains("X"), meaning)
            XCTAssertTrue(meaning.contains("field"), "the reason the rules forbid it: \(meaning)")
            XCTAssertEqual(outcome.conflicts.first?.amount ?? 0, 1, accuracy: 1e-9)
        }
    }

    func testTwoLocksOnAOneSeatBaseAreNamed() throws {
        var rules = AllianceRules()
        rules.locks = [
            .init(student: "A", base: "X", term: "T1", origin: HandScenario.origin),
            .init(student: "B", base: "X", term: nil, origin: HandScenario.origin)
        ]
        let s = HandScenario.scenario(
            [HandScenario.student("A", prefs: ["X"]), HandScenario.student("B", prefs: ["X", "Y"]), HandScenario.student("C", prefs: ["Y"])],
            [HandScenario.base("X", seats: 1), HandScenario.base("Y", seats: 1)], rules)
        for outcome in try solveBoth(s) {
            let text = outcome.conflicts.map(\.description).joined(separator: "\n")
            XCTAssertEqual(outcome.conflicts.count, 1, text)
            XCTAssertEqual(outcome.conflicts.first?.family, "lock", text)
            let meaning = outcome.conflicts.first?.meaning ?? ""
            XCTAssertTrue(meaning.contains("X") && (meaning.contains("A ") || meaning.contains("B ")), meaning)
        }
    }

    func testPriorityReservationAgainstALockIsNamed() throws {
        // X has one seat; U1 has priority on it, and its applicant A ranks X first; B (U2) is locked to X.
        var rules = AllianceRules()
        rules.reservations = [.init(base: "X", university: "U1", seats: 1, mode: .priority, terms: [], origin: HandScenario.origin)]
        rules.locks = [.init(student: "B", base: "X", term: nil, origin: HandScenario.origin)]
        let s = HandScenario.scenario(
            [HandScenario.student("A", "U1", prefs: ["X", "Y"]), HandScenario.student("B", "U2", prefs: ["Y", "X"])],
            [HandScenario.base("X", seats: 1), HandScenario.base("Y", seats: 1)], rules)
        for outcome in try solveBoth(s) {
            let text = outcome.conflicts.map(\.description).joined(separator: "\n")
            XCTAssertTrue(outcome.conflicts.allSatisfy { ["lock", "reserved seats"].contains($0.family) }, text)
            XCTAssertTrue(
                outcome.conflicts.contains {
                    ($0.family == "lock" && $0.meaning.contains("B") && $0.meaning.contains("X"))
                        || ($0.family == "reserved seats" && $0.meaning.contains("U1") && $0.meaning.contains("X") && $0.meaning.contains("A"))
                }, text)
        }
        // Without the lock the reservation is honoured: A gets X.
        var free = rules
        free.locks = []
        let outcome = try PlacementEngine().solve(s.replacing(rules: free))
        XCTAssertEqual(outcome.solver.status, .optimal)
        XCTAssertEqual(outcome.placements[0]?.base, 0, "A, U1's applicant, gets the priority seat at X")
    }

    func testLowerQuotaAgainstALockIsNamed() throws {
        // X needs at least 2 interns when used; only A may go there and she is locked to it.
        var rules = AllianceRules()
        rules.locks = [.init(student: "A", base: "X", term: nil, origin: HandScenario.origin)]
        let s = HandScenario.scenario(
            [HandScenario.student("A", prefs: ["X"]), HandScenario.student("B", field: "logistics", prefs: ["Y"])],
            [HandScenario.base("X", seats: 3, fields: ["software"], minInterns: 2), HandScenario.base("Y", seats: 1)], rules)
        for outcome in try solveBoth(s) {
            let text = outcome.conflicts.map(\.description).joined(separator: "\n")
            XCTAssertTrue(outcome.conflicts.allSatisfy { ["lock", "lower quota"].contains($0.family) }, text)
            XCTAssertTrue(outcome.conflicts.contains { $0.meaning.contains("X") }, text)
        }
    }

    func testGroupAgainstLocksToDifferentBasesIsNamed() throws {
        var rules = AllianceRules()
        rules.groups = [.init(id: "G", students: ["A", "B"], together: .sameBaseAndTerm, origin: HandScenario.origin)]
        rules.locks = [
            .init(student: "A", base: "X", term: nil, origin: HandScenario.origin),
            .init(student: "B", base: "Y", term: nil, origin: HandScenario.origin)
        ]
        let s = HandScenario.scenario(
            [HandScenario.student("A", prefs: ["X", "Y"]), HandScenario.student("B", prefs: ["X", "Y"])],
            [HandScenario.base("X", seats: 2), HandScenario.base("Y", seats: 2)], rules)
        for outcome in try solveBoth(s) {
            let text = outcome.conflicts.map(\.description).joined(separator: "\n")
            XCTAssertTrue(outcome.conflicts.allSatisfy { ["lock", "group"].contains($0.family) }, text)
            XCTAssertTrue(outcome.conflicts.contains { $0.meaning.contains("G") || $0.meaning.contains("locked") }, text)
        }
    }

    func testCrossBorderShareAgainstAHomeLockIsNamed() throws {
        // U1 is in CN; its only student is locked to a base in CN, and every placed student must go abroad.
        var rules = AllianceRules()
        rules.locks = [.init(student: "A", base: "H", term: nil, origin: HandScenario.origin)]
        rules.minAbroadShare = 1
        let s = HandScenario.scenario(
            [HandScenario.student("A", "U1", prefs: ["H", "X"])], [HandScenario.base("H", country: "CN", seats: 1), HandScenario.base("X", seats: 1)],
            rules)
        for outcome in try solveBoth(s) {
            let text = outcome.conflicts.map(\.description).joined(separator: "\n")
            XCTAssertTrue(outcome.conflicts.allSatisfy { ["lock", "cross-border exchange"].contains($0.family) }, text)
            XCTAssertTrue(outcome.conflicts.contains { $0.meaning.contains("U1") || ($0.meaning.contains("A") && $0.meaning.contains("H")) }, text)
        }
    }

    /// A lock against a reserved seat: the diagnosis names the rule that gave way and, holding it,
    /// the rule it conflicts with (both rules of the conflict, with their ids).
    func testALockAgainstAReservationNamesBothRules() throws {
        var rules = AllianceRules()
        // X has one seat, reserved for U2; A (of U1) is locked there.
        rules.locks = [.init(student: "A", base: "X", term: nil, origin: HandScenario.origin)]
        rules.reservations = [.init(base: "X", university: "U2", seats: 1, mode: .exclusive, terms: [], origin: HandScenario.origin)]
        let s = HandScenario.scenario(
            [HandScenario.student("A", "U1", prefs: ["X", "Y"]), HandScenario.student("B", "U2", prefs: ["X"])],
            [HandScenario.base("X", seats: 1), HandScenario.base("Y", seats: 1)], rules)
        for outcome in try solveBoth(s) {
            let text = outcome.conflicts.map(\.description).joined(separator: "\n")
            let families = Set(
                outcome.conflicts.map(\.family) + outcome.conflicts.flatMap { $0.conflictsWith.map { String($0.prefix { $0 != ":" }) } })
            XCTAssertTrue(families.contains("lock"), text)
            XCTAssertTrue(families.contains(RuleFamilyID.reservedSeats.diagnosis!), text)
            XCTAssertTrue(outcome.conflicts.contains { !$0.conflictsWith.isEmpty }, "the partner rule is named: \(text)")
        }
    }
}
