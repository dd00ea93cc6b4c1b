import Foundation
import PlacementDomain
import PlacementFormulation
import PlacementModel
import PlacementReports
import XCTest

@testable import PlacementEngine
@testable import PlacementGLPK

/// Explain's forced re-solve keeps the report's placements as an exact tie-break, solved in one
/// stage with the cost (`Objective.isExactTieBreak`, TieBreakFold). What it states must be what a
/// plain lexicographic solve proves: three GLPK stages, placed, then cost, then kept, uncapped.
final class ExactTieBreakTests: XCTestCase {
    static let scenarioPath = PackageLayout.root.appendingPathComponent("Scenarios/small-alliance/scenario.yaml").path

    /// The scenario with a student locked to a base (any term), as explain locks her.
    static func locked(_ scenario: Scenario, student: String, base: String) -> Scenario {
        var rules = scenario.rules
        rules.locks.removeAll { $0.student == student }
        rules.locks.append(.init(student: student, base: base, term: nil, origin: SourceLocation(file: "test", line: nil)))
        return scenario.replacing(rules: rules)
    }

    /// The forced scenario's model with "kept" as a third stage of its own, uncapped, or (with
    /// `weight`) folded by hand into the cost stage as weight·cost − kept.
    static func plainModel(_ scenario: Scenario, report: EarlierReport, weight: Double? = nil) throws -> LinearModel {
        var model = Formulation(scenario: scenario, keep: report.placements, keepLast: true).model
        XCTAssertEqual(model.objectives.map(\.name), ["placed", "cost", "kept"])
        model.objectives[2].isExactTieBreak = false
        model.objectives[2].searchWorkLimit = nil
        if let weight {
            let cost = model.objectives[1], kept = model.objectives[2]
            var combined = cost
            combined.terms = cost.terms.map { .init($0.variable, weight * $0.coefficient) } + kept.terms.map { .init($0.variable, -$0.coefficient) }
            combined.constant = weight * cost.constant
            model.objectives = [model.objectives[0], combined]
        }
        return model
    }

    /// Every allowed better choice of every student of small-alliance, with its squared rank costs
    /// and with linear ones (there a kept placement is closer to a unit of cost: a wrong weight
    /// shows more often).
    func testForcedOutcomeIsThePlainLexicographicOptimum() throws {
        let engine = PlacementEngine()
        let loaded = try engine.load(path: Self.scenarioPath)
        var linear = loaded.policy
        linear.rankCost = .linear
        let folder = try TempScenarioFolder.makeDirectory("tiebreak")
        addTeardownBlock { TempScenarioFolder.remove(folder) }
        var checked = 0, weightOneDiffers = 0
        var scenarios = [loaded, loaded.replacing(policy: linear)]
        for seed in 0..<4 {
            var rng = DeterministicRNG(seed: 0x71EB_0000 &+ UInt64(seed))
            let families = Set(RandomScenario.Alliance.Family.allCases).subtracting([.locks])
            scenarios.append(RandomScenario.make(&rng, .alliance(.medium, families: families), policy: linear))
        }
        for (n, scenario) in scenarios.enumerated() {
            let outcome = try engine.solve(scenario)
            let reportPath = folder.appendingPathComponent("report\(n)").path
            _ = try engine.writeReports(scenario, outcome, to: reportPath, settings: ReportSettings(toolVersion: "t", glpkVersion: "g"), force: false)
            let report = try engine.readEarlierReport(path: reportPath)
            try check(scenario, outcome, report: report, reportPath: reportPath, checked: &checked, weightOneDiffers: &weightOneDiffers)
        }

        XCTAssertGreaterThan(checked, 3, "small-alliance has students whose better choices were full")
        XCTAssertGreaterThan(weightOneDiffers, 0, "no instance where a wrong tie-break weight changes the cost: the test could not fail")
    }

    /// Explain's statements for each student who did not get her first choice, against the plain solve.
    func check(
        _ scenario: Scenario, _ outcome: PlacementOutcome, report: EarlierReport, reportPath: String, checked: inout Int, weightOneDiffers: inout Int
    ) throws {
        let engine = PlacementEngine()
        for (i, student) in scenario.students.enumerated() where outcome.placements[i]?.rank != 1 {
            let explanation = try engine.explain(scenario, reportPath: reportPath, studentID: student.id)
            for alternative in explanation.alternatives {
                guard let forced = alternative.forced, forced.feasible else { continue }
                let label = "\(scenario.policy.rankCost) \(student.id) → \(alternative.base)"
                let lockedScenario = Self.locked(scenario, student: student.id, base: alternative.base)
                let plain = try GLPKSolver().solve(try Self.plainModel(lockedScenario, report: report))
                XCTAssertEqual(plain.status, .optimal, label)
                XCTAssertEqual(plain.stages.map(\.name), ["placed", "cost", "kept"], label)
                // What explain states: placed and cost after forcing, and the report's placements it keeps.
                for (name, _, after) in forced.objectives {
                    let stage = try XCTUnwrap(plain.stages.first { $0.name == name }, label)
                    XCTAssertEqual(after, stage.value, accuracy: 1e-6, "\(label): \(name)")
                }
                XCTAssertNil(forced.movesNotProvenFewest, "\(label): the fewest moves are proven")
                let placedBefore = scenario.students.indices.filter { $0 != i && report.placements[scenario.students[$0].id] != nil }.count
                let keptStated = placedBefore - forced.moved.filter { $0.before != "unplaced" }.count
                XCTAssertEqual(Double(keptStated), plain.stages[2].value, accuracy: 1e-6, "\(label): report placements kept")
                // The forced solve's own stages: the same three values, each proven optimal.
                let own = try engine.forcedSolve(
                    scenario, report: report, studentID: student.id, base: alternative.base, timeLimit: nil, progress: nil)
                XCTAssertEqual(own.solver.stages.map(\.name), ["placed", "cost", "kept"], label)
                for (a, b) in zip(own.solver.stages, plain.stages) {
                    XCTAssertEqual(a.value, b.value, accuracy: 1e-6, "\(label): \(a.name)")
                    XCTAssertEqual(a.status, .optimal, "\(label): \(a.name)")
                }
                // The same instance with a wrong weight (1: a kept placement worth a unit of cost)
                // gives up cost for kept placements somewhere: these instances can tell the weights apart.
                let weightOne = try GLPKSolver().solve(try Self.plainModel(lockedScenario, report: report, weight: 1))
                let model = try Self.plainModel(lockedScenario, report: report)
                if abs(model.value(of: model.objectives[1], at: weightOne.values) - plain.stages[1].value) > 1e-6 { weightOneDiffers += 1 }
                checked += 1
            }
        }
    }

    /// A proven combined optimum splits into two proven stages; a combined stage cut short gives
    /// each objective the bound its own stage would have (see `TieBreakFold.split`).
    func testSplitBoundsOfACombinedStageCutShort() throws {
        // Two binaries x0, x1: cost = 3·x0 + 5·x1 (minimised), kept = x0 + x1 (maximised).
        var model = LinearModel()
        model.addVariable(.init(name: "x0", lower: 0, upper: 1, isInteger: true))
        model.addVariable(.init(name: "x1", lower: 0, upper: 1, isInteger: true))
        model.objectives = [
            .init(name: "cost", sense: .minimize, terms: [.init(0, 3), .init(1, 5)], isIntegral: true),
            .init(name: "kept", sense: .maximize, terms: [.init(0, 1), .init(1, 1)], isIntegral: true, isExactTieBreak: true)
        ]
        let (folded, folds) = TieBreakFold.fold(model.objectives, model: model)
        XCTAssertEqual(folded.count, 1)
        XCTAssertEqual(folds.first?.weight, 3, "kept ranges over 0…2: one unit of cost outweighs it")
        XCTAssertEqual(folded[0].terms.map(\.coefficient), [8, 14], "3·(3x0 + 5x1) − (x0 + x1)")
        // At x = (1, 0): cost 3, kept 1, combined 8. A combined bound of 7.5 leaves cost proven
        // (⌈(7.5 − 0)/3⌉ = 3) and kept at most 3·3 − 7.5 = 1.5, i.e. 1: proven too.
        let cut = StageResult(name: "cost, then kept", value: 8, bound: 7.5, status: .feasible(bound: 7.5, gap: 0.06), evidence: "e", seconds: 1)
        let split = folds[0].split(cut, model: model, values: [1, 0])
        XCTAssertEqual(split.map(\.name), ["cost", "kept"])
        XCTAssertEqual(split.map(\.value), [3, 1])
        XCTAssertEqual(split.map(\.status), [.optimal, .optimal])
        // A bound of 2: cost ≥ ⌈(2 − 0)/3⌉ = 1 only, and kept ≤ min(2, 3·3 − 2 = 7) = 2.
        let weak = folds[0].split(
            StageResult(name: "c", value: 8, bound: 2, status: .feasible(bound: 2, gap: 0.75), evidence: "e", seconds: 1), model: model,
            values: [1, 0])
        XCTAssertEqual(weak[0].bound, 2.0 / 3.0, accuracy: 1e-12)
        XCTAssertNotEqual(weak[0].status, .optimal)
        XCTAssertEqual(weak[1].bound, 2)
        XCTAssertEqual(split[1].bound, 1, "a proven stage's bound is its value")
        XCTAssertNotEqual(weak[1].status, .optimal)
    }
}
