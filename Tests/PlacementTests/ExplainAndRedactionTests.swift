import Foundation
import XCTest
@testable import PlacementEngine
import PlacementDomain
import PlacementReports

/// `placement explain` must tell the truth, and redacted reports must hide names stably.
final class ExplainAndRedactionTests: XCTestCase {
    static let packageRoot = PackageLayout.root
    static let scenarioPath = packageRoot.appendingPathComponent("Scenarios/small-alliance/scenario.yaml").path

    func temporaryFolder() throws -> URL {
        let url = try TempScenarioFolder.makeDirectory("explain")
        addTeardownBlock { TempScenarioFolder.remove(url) }
        return url
    }

    func testForcedAlternativeCostIsWhatAnIndependentForcedSolveGives() throws {
        let engine = PlacementEngine()
        let scenario = try engine.load(path: Self.scenarioPath)
        let outcome = try engine.solve(scenario)
        let folder = try temporaryFolder().appendingPathComponent("report").path
        _ = try engine.writeReports(scenario, outcome, to: folder, settings: ReportSettings(toolVersion: "t", glpkVersion: "g"), force: false)
        // Every student who did not get her first choice, and has an allowed (full) better choice.
        var checked = 0
        for (i, student) in scenario.students.enumerated() where outcome.placements[i]?.rank != 1 {
            let explanation = try engine.explain(scenario, reportPath: folder, studentID: student.id)
            for alternative in explanation.alternatives {
                guard let forced = alternative.forced else {
                    XCTAssertFalse(alternative.exclusions.isEmpty, "an alternative is either excluded or forced")
                    continue
                }
                // Independent check: lock her there and solve the policy's objectives from scratch.
                var rules = scenario.rules
                rules.locks = [.init(student: student.id, base: alternative.base, term: nil, origin: SourceLocation(file: "test", line: nil))]
                let independent = try engine.solve(scenario.replacing(rules: rules), options: .init(solver: .glpk))
                guard forced.feasible else {
                    XCTAssertEqual(independent.solver.status, .infeasible)
                    continue
                }
                XCTAssertEqual(independent.solver.status, .optimal)
                for (name, before, after) in forced.objectives {
                    let stage = try XCTUnwrap(independent.solver.stages.first { $0.name == name })
                    XCTAssertEqual(after, stage.value, accuracy: 1e-9, "\(student.id) → \(alternative.base): stated \(name) after forcing")
                    let original = try XCTUnwrap(outcome.solver.stages.first { $0.name == name })
                    XCTAssertEqual(before, original.value, accuracy: 1e-9)
                }
                // She really is at that base in the forced solution, and the stated moves are real.
                XCTAssertEqual(forced.placement?.hasPrefix(alternative.base + "/"), true)
                for move in forced.moved {
                    let before =
                        outcome.placements[scenario.studentIndexByID[move.student]!].map {
                            "\(scenario.bases[$0.base].id)/\(scenario.terms[$0.term].id)"
                        } ?? "unplaced"
                    XCTAssertEqual(move.before, before)
                    XCTAssertNotEqual(move.before, move.after)
                }
                // Proven fewest moves: no more than any other optimum with her there, such as the independent one.
                if forced.movesNotProvenFewest == nil {
                    let independentMoves = scenario.students.indices.filter { j in
                        j != i && outcome.placements[j].map { [$0.base, $0.term] } != independent.placements[j].map { [$0.base, $0.term] }
                    }.count
                    XCTAssertLessThanOrEqual(forced.moved.count, independentMoves, "\(student.id) → \(alternative.base)")
                }
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 0, "small-alliance has students whose better choice was full")
    }

    func testExcludedAlternativesNameTheRuleThatExcludesThem() throws {
        let engine = PlacementEngine()
        let scenario = try engine.load(path: Self.scenarioPath)
        let outcome = try engine.solve(scenario)
        let folder = try temporaryFolder().appendingPathComponent("report").path
        _ = try engine.writeReports(scenario, outcome, to: folder, settings: ReportSettings(toolVersion: "t", glpkVersion: "g"), force: false)
        let explanation = try engine.explain(scenario, reportPath: folder, studentID: "S032")
        XCTAssertEqual(explanation.outcome, "unplaced")
        XCTAssertEqual(explanation.alternatives.map(\.base), ["B01", "B02"])
        XCTAssertTrue(explanation.alternatives.allSatisfy { $0.exclusions.contains { $0.contains("field aviation not accepted") } })
    }

    func testRedactedReportsHideNamesAndAgreeForTheSameKey() throws {
        let engine = PlacementEngine()
        let scenario = try engine.load(path: Self.scenarioPath)
        let outcome = try engine.solve(scenario)
        let root = try temporaryFolder()
        let key = Array("a secret of the placement office".utf8)
        func write(_ name: String, _ secret: [UInt8]) throws -> [String: Data] {
            let folder = root.appendingPathComponent(name).path
            _ = try engine.writeReports(
                scenario, outcome, to: folder, settings: ReportSettings(toolVersion: "t", glpkVersion: "g"),
                force: false, redaction: Redaction(secret: secret))
            var files: [String: Data] = [:]
            for file in try FileManager.default.contentsOfDirectory(atPath: folder) {
                files[file] = FileManager.default.contents(atPath: folder + "/" + file)
            }
            return files
        }
        let first = try write("a", key), second = try write("b", key), other = try write("c", Array("another secret, another office".utf8))
        XCTAssertEqual(first, second, "the same key gives the same bytes")
        XCTAssertNotEqual(first["placements.csv"], other["placements.csv"], "another key gives other pseudonyms")
        for (file, data) in first {
            let text = String(decoding: data, as: UTF8.self)
            for student in scenario.students where student.name.count > 3 {
                XCTAssertFalse(text.contains(student.name), "\(file) still shows the name of \(student.id)")
            }
        }
        let pseudonym = Redaction(secret: key).pseudonym(forStudent: "S001")
        XCTAssertTrue(String(decoding: first["placements.csv"]!, as: UTF8.self).contains("S001,\(pseudonym),"))
    }
}
