import Foundation
import PlacementDomain
import PlacementEngine
import PlacementReports
import XCTest

/// On term-sized random scenarios every placement obeys every rule, every unplaced student has a
/// reason that is true, and solving and reporting twice gives the same bytes.
final class FeasibilityAndDeterminismTests: XCTestCase {
    struct Case {
        let seed: UInt64
        let geography: Bool
        let penalty: Bool
    }

    static let cases: [Case] = [
        Case(seed: 1, geography: false, penalty: false),
        Case(seed: 2, geography: true, penalty: false),
        Case(seed: 3, geography: true, penalty: true),
        Case(seed: 4, geography: false, penalty: true),
        Case(seed: 5, geography: true, penalty: false)
    ]

    static func scenario(for c: Case) -> Scenario {
        RandomScenario.termSized(seed: c.seed, geography: c.geography, penalty: c.penalty)
    }

    func testEveryPlacementObeysEveryRuleAndEveryUnplacedStudentHasATrueReason() throws {
        var sawTooFar = false, sawTravelCost = false
        for c in Self.cases {
            let scenario = Self.scenario(for: c)
            let label = "seed \(c.seed): \(scenario.students.count) students, \(scenario.bases.count) bases, \(scenario.terms.count) terms"
            XCTAssertTrue((200...400).contains(scenario.students.count) && (20...40).contains(scenario.bases.count), label)
            let outcome = try PlacementEngine().solve(scenario)
            XCTAssertEqual(outcome.solver.status, .optimal, label)

            let rules = IndependentRules(scenario: scenario)
            XCTAssertEqual(rules.violations(of: outcome), [], label)
            XCTAssertGreaterThan(outcome.placedCount, 0, label)
            XCTAssertEqual(Set(outcome.unplacedReasons.keys), Set(outcome.placements.indices.filter { outcome.placements[$0] == nil }), label)

            // Seats left per (base, term) after the solve.
            var used: [Int: Int] = [:]
            for p in outcome.placements.compactMap({ $0 }) { used[p.base * 10 + p.term, default: 0] += 1 }
            func free(_ b: Int, _ t: Int) -> Bool {
                used[b * 10 + t, default: 0] < (scenario.bases[b].capacity[scenario.terms[t].id] ?? 0)
            }
            for (i, placement) in outcome.placements.enumerated() where placement == nil {
                let s = scenario.students[i]
                let options = rules.options(student: s)
                let reason = try XCTUnwrap(outcome.unplacedReasons[i], "\(s.id), \(label)")
                switch reason {
                case let .noEligibleBase(ranked):
                    XCTAssertTrue(options.isEmpty, "\(s.id) has allowed options but is said to have none; \(label)")
                    XCTAssertEqual(ranked.map(\.base), s.preferences, "\(s.id): one entry per ranked base")
                    for entry in ranked { XCTAssertFalse(entry.reasons.isEmpty, "\(s.id) at \(entry.base): no rule named") }
                    if ranked.contains(where: { $0.reasons.contains { if case .tooFar = $0 { return true } else { return false } } }) {
                        sawTooFar = true
                    }
                case let .eligibleBasesFull(bases):
                    XCTAssertFalse(options.isEmpty, "\(s.id), \(label)")
                    for o in options { XCTAssertFalse(free(o.base, o.term), "\(s.id): \(scenario.bases[o.base].id) has a free seat; \(label)") }
                    XCTAssertEqual(Set(bases), Set(options.map { "\(scenario.bases[$0.base].id)/\(scenario.terms[$0.term].id)" }), s.id)
                case let .costAbovePenalty(bases):
                    XCTAssertTrue(c.penalty, "only with a penalty; \(label)")
                    let penalty = try XCTUnwrap(scenario.policy.unplacedPenalty)
                    // Any free allowed seat must cost at least the penalty, or the solve was not optimal.
                    for o in options where free(o.base, o.term) {
                        XCTAssertGreaterThanOrEqual(o.cost, penalty - 1e-9, "\(s.id) could go to \(scenario.bases[o.base].id) for less; \(label)")
                    }
                    XCTAssertFalse(bases.isEmpty)
                case .leftOut, .mentorsFull, .notSolved, .heldByRules:
                    XCTFail("\(s.id): reason \(reason.code) after an optimal solve; \(label)")
                }
                if !c.penalty {
                    // max_placed first: no allowed seat is left free for an unplaced student.
                    for o in options { XCTAssertFalse(free(o.base, o.term), "\(s.id) unplaced beside a free seat; \(label)") }
                }
            }
            // GLPK reaches the same optimum (objective values per stage) and also obeys every rule.
            let glpk = try PlacementEngine().solve(scenario, options: .init(solver: .glpk))
            XCTAssertEqual(glpk.solver.status, .optimal, label)
            XCTAssertEqual(rules.violations(of: glpk), [], "GLPK, \(label)")
            XCTAssertEqual(glpk.solver.stages.count, outcome.solver.stages.count, label)
            for (x, y) in zip(glpk.solver.stages, outcome.solver.stages) {
                XCTAssertEqual(x.value, y.value, accuracy: 1e-6 * max(1, abs(x.value)), "stage \(x.name), \(label)")
            }
            if scenario.policy.travelCostPerKilometre > 0, outcome.placements.contains(where: { ($0?.cost ?? 0) != ($0?.cost ?? 0).rounded() }) {
                sawTravelCost = true
            }
        }
        XCTAssertTrue(sawTooFar, "the scenarios must exercise the distance rule")
        XCTAssertTrue(sawTravelCost, "the scenarios must exercise travel costs")
    }

    func testSolvingAndReportingTwiceGivesIdenticalBytes() throws {
        let settings = ReportSettings(toolVersion: PlacementEngine.toolVersion, glpkVersion: PlacementEngine.glpkVersion)
        for c in Self.cases.prefix(3) {
            let scenario = Self.scenario(for: c)
            let first = try PlacementEngine().solve(scenario)
            let second = try PlacementEngine().solve(Self.scenario(for: c))
            XCTAssertEqual(first.placements, second.placements, "seed \(c.seed)")
            let a = ReportSet(scenario: scenario, outcome: first, settings: settings).files()
            let b = ReportSet(scenario: scenario, outcome: second, settings: settings).files()
            XCTAssertEqual(a.map(\.name), b.map(\.name))
            XCTAssertEqual(
                Set(a.map(\.name)),
                [
                    "summary.md", "placements.csv", "placements.xlsx", "rosters.csv", "rosters.xlsx", "explanations.csv", "report.json",
                    "report.html", "manifest.json"
                ])
            for (x, y) in zip(a, b) {
                XCTAssertFalse(x.bytes.isEmpty, x.name)
                XCTAssertTrue(x.bytes == y.bytes, "\(x.name) differs between two solves of seed \(c.seed)")
            }
            // Rendering the same outcome again is also byte-identical.
            let again = ReportSet(scenario: scenario, outcome: first, settings: settings).files()
            for (x, y) in zip(a, again) { XCTAssertTrue(x.bytes == y.bytes, "\(x.name) differs between two renderings") }
            // So is rendering in parts, as for large scenarios, and each file is handed over once, complete.
            let handed = HandedFiles()
            let inParts = ReportSet(scenario: scenario, outcome: first, settings: settings).files(ready: handed.add, partsFromStudents: 0)
            XCTAssertEqual(inParts.map(\.name), a.map(\.name))
            for (x, y) in zip(a, inParts) { XCTAssertTrue(x.bytes == y.bytes, "\(x.name) differs when rendered in parts") }
            XCTAssertEqual(handed.files.map(\.name).sorted(), a.map(\.name).sorted())
            for file in handed.files { XCTAssertTrue(a.first { $0.name == file.name }?.bytes == file.bytes, "\(file.name) handed over incomplete") }
        }
    }
}

/// The files a report hands over while it renders (from several threads).
private final class HandedFiles: @unchecked Sendable {
    private(set) var files: [ReportFile] = []
    private let lock = NSLock()
    func add(_ file: ReportFile) { lock.withLock { files.append(file) } }
}
