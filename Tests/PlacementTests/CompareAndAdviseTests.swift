import Foundation
import XCTest
@testable import PlacementEngine
import PlacementDomain

/// What-if runs: variants change what they say, comparisons are consistent with solving each
/// alone, and every capacity suggestion's confirmed gain is real.
final class CompareAndAdviseTests: XCTestCase {
    static let root = PackageLayout.root
    static func path(_ p: String) -> String { root.appendingPathComponent(p).path }

    func testVariantsApplyTheirChangesAndNothingElse() throws {
        let engine = PlacementEngine()
        let base = try engine.load(path: Self.path("Scenarios/small-alliance/scenario.yaml"))
        let plus = try engine.load(path: Self.path("Scenarios/small-alliance/variants/huawei-plus-2.yaml"))
        XCTAssertEqual(plus.name, "huawei-plus-2")
        for (a, b) in zip(base.bases, plus.bases) {
            for t in base.terms.map(\.id) {
                XCTAssertEqual(b.capacity(in: t), a.capacity(in: t) + (a.id == "B01" ? 2 : 0))
            }
        }
        XCTAssertEqual(base.students, plus.students)
        let lab = try engine.load(path: Self.path("Scenarios/small-alliance/variants/aviation-lab-opens.yaml"))
        XCTAssertEqual(lab.bases.count, base.bases.count + 1)
        let outcome = try engine.solve(lab)
        let s032 = lab.studentIndexByID["S032"]!
        // S032 studies aviation; she ranked only B01 and B02, so the new lab is still not hers.
        XCTAssertNil(outcome.placements[s032])
    }

    func testComparisonRunsEqualSolvingEachScenarioAlone() throws {
        let engine = PlacementEngine()
        let paths = [
            "Scenarios/small-alliance/scenario.yaml", "Scenarios/small-alliance/variants/huawei-plus-2.yaml",
            "Scenarios/small-alliance/variants/petronas-english-b2.yaml"
        ].map(Self.path)
        let comparison = try engine.compare(paths: paths)
        XCTAssertEqual(comparison.runs.map(\.scenario.name), ["small-alliance", "huawei-plus-2", "petronas-english-b2"])
        for (run, path) in zip(comparison.runs, paths) {
            let alone = try engine.solve(try engine.load(path: path))
            XCTAssertEqual(run.outcome.solver.stages.map(\.value), alone.solver.stages.map(\.value), "\(path)")
        }
        let parent = try TempScenarioFolder.makeDirectory("cmp")
        defer { TempScenarioFolder.remove(parent) }
        let folder = parent.appendingPathComponent("comparison").path
        let written = try engine.writeComparison(comparison, to: folder, settings: ReportSettings(toolVersion: "t", glpkVersion: "g"), force: false)
        XCTAssertTrue(written.contains("comparison.md") && written.contains("comparison.html"))
        let md = try String(contentsOfFile: folder + "/comparison.md", encoding: .utf8)
        XCTAssertTrue(md.contains("| placed | 26 | 30 |"), md)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/huawei-plus-2/report.json"))
    }

    func testEveryConfirmedCapacityGainIsReal() throws {
        let engine = PlacementEngine()
        for path in ["Scenarios/small-alliance/scenario.yaml", "Scenarios/alliance-term/scenario.yaml"] {
            let scenario = try engine.load(path: Self.path(path))
            let advice = try engine.advise(scenario, seats: 3)
            XCTAssertFalse(advice.suggestions.isEmpty)
            // Re-apply the suggestions one by one, independently, and check each stated gain.
            var current = scenario
            var previous = try engine.solve(current)
            for s in advice.suggestions {
                let bases = current.bases.map { b in
                    b.id == s.base ? b.with(capacity: b.capacity.merging([s.term: b.capacity(in: s.term) + 1]) { _, n in n }) : b
                }
                current = current.replacing(bases: bases)
                let next = try engine.solve(current)
                XCTAssertEqual(next.placedCount - previous.placedCount, s.confirmedPlaced, "\(path): \(s.base)/\(s.term)")
                let cost = { (o: PlacementOutcome) in o.placements.compactMap { $0?.cost }.reduce(0, +) }
                XCTAssertEqual(cost(next) - cost(previous), s.confirmedCostChange, accuracy: 1e-9)
                // For transportation models the prediction is exact.
                XCTAssertEqual(s.predictedPlaced, s.confirmedPlaced)
                XCTAssertEqual(s.predictedCostChange, s.confirmedCostChange, accuracy: 1e-9)
                XCTAssertTrue(s.confirmedPlaced > 0 || s.confirmedCostChange < 0, "a suggestion must help")
                previous = next
            }
        }
    }
}
