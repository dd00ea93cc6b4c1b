import Foundation
import PlacementDomain
import PlacementEngine
import XCTest

/// A coordinator's hand edit of a report: checked against every rule (each broken rule named),
/// its cost stated, kept by a re-solve with locks; and who could take a free seat.
final class EditReviewTests: XCTestCase {
    var work: URL!

    override func setUpWithError() throws { work = try TempScenarioFolder.makeDirectory("edit-review") }
    override func tearDown() { if let work { TempScenarioFolder.remove(work) } }

    static let smallAlliance = PackageLayout.scenarios.appendingPathComponent("small-alliance/scenario.yaml").path
    static let allianceRules = PackageLayout.scenarios.appendingPathComponent("alliance-rules/scenario.yaml").path

    /// A fresh report of a scenario, in `work`.
    func report(_ scenario: String, name: String = "report") throws -> (Scenario, PlacementOutcome, EarlierReport) {
        let engine = PlacementEngine()
        let loaded = try engine.load(path: scenario)
        let outcome = try engine.solve(loaded)
        let folder = work.appendingPathComponent(name).path
        _ = try engine.writeReports(loaded, outcome, to: folder, settings: ReportSettings(toolVersion: "test", glpkVersion: "test"), force: false)
        return (loaded, outcome, try engine.readEarlierReport(path: folder))
    }

    /// An edit table (student, base, term); nil base = unplaced.
    func edits(_ rows: [(String, String?, String?)]) throws -> PlacementEdits {
        let file = work.appendingPathComponent("edit-\(UUID().uuidString).csv")
        let text = "student_id,base_id,term\n" + rows.map { "\($0.0),\($0.1 ?? ""),\($0.2 ?? "")" }.joined(separator: "\n") + "\n"
        try text.write(to: file, atomically: true, encoding: .utf8)
        return try PlacementEngine().readEdits(path: file.path)
    }

    func testAnAcceptedEditStatesItsCostAndAReSolveWithLocksKeepsIt() throws {
        let (scenario, outcome, earlier) = try report(Self.smallAlliance)
        // Who could take S006's seat? Then give it to the first candidate who was unplaced.
        let seat = try XCTUnwrap(earlier.placements["S006"])
        let candidates = try PlacementEngine().vacancyCandidates(scenario, report: earlier, base: seat.base, term: seat.term, withdrawn: "S006")
        let newcomer = try XCTUnwrap(candidates.first { $0.from == nil }, "an unplaced student can take the seat")
        XCTAssertEqual(newcomer.placedChange, 1, "counted after S006 has left")
        let review = try PlacementEngine().reviewEdit(
            scenario, report: earlier,
            edits: try edits([("S006", nil, nil), (newcomer.student, seat.base, seat.term)]))
        XCTAssertTrue(review.accepted, review.problems.description)
        XCTAssertEqual(review.placedAfter, outcome.placedCount)
        let leaving = try XCTUnwrap(outcome.placements[try XCTUnwrap(scenario.students.firstIndex { $0.id == "S006" })])
        XCTAssertEqual(review.costAfter - review.costBefore, newcomer.costChange - leaving.cost, accuracy: 1e-9)
        XCTAssertEqual(review.worseOff.map(\.student), ["S006"])
        // Independently: every edited placement is eligible and no base is over its seats.
        let rules = EligibilityRules(scenario: scenario)
        var load: [String: Int] = [:]
        for (student, p) in review.edited {
            let s = try XCTUnwrap(scenario.students.first { $0.id == student })
            let b = scenario.bases[try XCTUnwrap(scenario.baseIndexByID[p.base])]
            XCTAssertTrue(rules.exclusions(student: s, base: b).isEmpty && rules.eligibleTerms(student: s, base: b).contains(p.term), student)
            load["\(p.base)/\(p.term)", default: 0] += 1
        }
        for (key, n) in load {
            let parts = key.split(separator: "/").map(String.init)
            XCTAssertLessThanOrEqual(n, scenario.bases[scenario.baseIndexByID[parts[0]]!].capacity(in: parts[1]), key)
        }
        // The locks of the edit, and a new report from the old one that keeps them.
        let locks = work.appendingPathComponent("locks.csv").path
        try PlacementEngine().writeLocks(review, to: locks)
        let locked = try PlacementEngine().addingLocks(to: scenario, from: try PlacementEngine().readEdits(path: locks))
        var options = PlacementEngine.Options()
        options.earlier = earlier
        let again = try PlacementEngine().solve(locked, options: options)
        let newcomerIndex = try XCTUnwrap(scenario.students.firstIndex { $0.id == newcomer.student })
        let placed = try XCTUnwrap(again.placements[newcomerIndex])
        XCTAssertEqual([scenario.bases[placed.base].id, scenario.terms[placed.term].id], [seat.base, seat.term])
    }

    func testABrokenEditNamesEligibilityAndSeats() throws {
        let (scenario, _, earlier) = try report(Self.smallAlliance)
        // S001 studies electronic_information; B02 takes data_ai and software, and is full in spring.
        let review = try PlacementEngine().reviewEdit(scenario, report: earlier, edits: try edits([("S001", "B02", "2027-spring")]))
        XCTAssertFalse(review.accepted)
        XCTAssertTrue(
            review.problems.contains { $0.rule == "eligibility" && $0.text.contains("S001 at B02 in 2027-spring: field electronic_information") },
            review.problems.description)
        XCTAssertTrue(
            review.problems.contains { $0.rule == RuleFamilyID.capacity.title && $0.text.contains("B02 in 2027-spring has") },
            review.problems.description)
    }

    func testUnknownIdsAndDuplicatesAreNamedWithTheirRow() throws {
        let (scenario, _, earlier) = try report(Self.smallAlliance)
        let review = try PlacementEngine().reviewEdit(
            scenario, report: earlier,
            edits: try edits([
                ("S999", "B02", "2027-spring"), ("S001", "B77", "2027-spring"),
                ("S002", "B02", "2027-winter"), ("S003", nil, nil), ("S003", nil, nil)
            ]))
        let text = review.problems.map(\.description).joined(separator: "\n")
        XCTAssertTrue(text.contains("row 1: no student S999"), text)
        XCTAssertTrue(text.contains("row 2: no base B77"), text)
        XCTAssertTrue(text.contains("row 3: no term 2027-winter"), text)
        XCTAssertTrue(text.contains("row 5: S003 is listed twice"), text)
    }

    func testASideRuleBrokenByAnEditIsNamedWithItsAmount() throws {
        // alliance-rules: move one student alone into a (base, term) with a minimum of interns
        // that the report leaves empty.
        let engine = PlacementEngine()
        let scenario = try engine.load(path: Self.allianceRules)
        let earlier = try engine.readEarlierReport(path: PackageLayout.root.appendingPathComponent("Reports/alliance-rules").path)
        let used = Set(earlier.placements.values.map { "\($0.base)/\($0.term)" })
        let f = engine.formulate(scenario)
        let move = try XCTUnwrap(
            f.candidates.candidates.first { c in
                let base = scenario.bases[Int(c.base)]
                return base.minInterns >= 2 && !used.contains("\(base.id)/\(scenario.terms[Int(c.term)].id)")
            }, "alliance-rules has an empty base with a minimum")
        let student = scenario.students[Int(move.student)].id, base = scenario.bases[Int(move.base)]
        let review = try engine.reviewEdit(scenario, report: earlier, edits: try edits([(student, base.id, scenario.terms[Int(move.term)].id)]))
        XCTAssertFalse(review.accepted)
        let quota = try XCTUnwrap(review.problems.first { $0.rule == RuleFamilyID.minInterns.diagnosis }, review.problems.description)
        XCTAssertTrue(quota.text.contains("base \(base.id) needs at least \(base.minInterns) interns"), quota.text)
        XCTAssertTrue(quota.text.contains("broken by \(base.minInterns - 1)"), quota.text)
    }

    func testRandomEditsAgreeWithAnIndependentCheckOfEligibilityAndSeats() throws {
        // small-alliance has only the core rules: an edit is fine exactly when every placement is
        // eligible (by EligibilityRules, not the formulation) and no base exceeds its seats.
        let (scenario, _, earlier) = try report(Self.smallAlliance)
        let rules = EligibilityRules(scenario: scenario)
        var rng = DeterministicRNG(seed: 7)
        for round in 0..<40 {
            var rows: [(String, String?, String?)] = []
            var students = Set<String>()
            for _ in 0..<(1 + Int(rng.next() % 3)) {
                let s = scenario.students[Int(rng.next() % UInt64(scenario.students.count))]
                guard students.insert(s.id).inserted else { continue }
                let b = scenario.bases[Int(rng.next() % UInt64(scenario.bases.count))]
                let t = scenario.terms[Int(rng.next() % UInt64(scenario.terms.count))]
                rows.append(rng.next() % 5 == 0 ? (s.id, nil, nil) : (s.id, b.id, t.id))
            }
            let review = try PlacementEngine().reviewEdit(scenario, report: earlier, edits: try edits(rows))
            var expectedOK = true
            var load: [String: Int] = [:]
            for (student, p) in review.edited {
                let s = scenario.students.first { $0.id == student }!, b = scenario.bases[scenario.baseIndexByID[p.base]!]
                let eligible =
                    rules.exclusions(student: s, base: b).isEmpty && rules.eligibleTerms(student: s, base: b).contains(p.term)
                    && (s.preferences.contains(b.id) || scenario.policy.allowUnranked)
                if !eligible { expectedOK = false }
                load["\(p.base)|\(p.term)", default: 0] += 1
            }
            for (key, n) in load {
                let parts = key.split(separator: "|").map(String.init)
                if n > scenario.bases[scenario.baseIndexByID[parts[0]]!].capacity(in: parts[1]) { expectedOK = false }
            }
            XCTAssertEqual(review.accepted, expectedOK, "round \(round): \(rows) → \(review.problems)")
        }
    }
}
