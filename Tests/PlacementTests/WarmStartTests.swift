import Foundation
import PlacementDomain
import PlacementFormulation
import PlacementModel
import PlacementSolving
import XCTest

@testable import PlacementEngine

/// Re-solves from a known placement (`Options.start`, `NeighbourhoodStart`): explain locks a
/// student elsewhere, advise adds a seat. The start may make a proof faster, never change it:
/// with and without it, the same optimal objective values; the repaired start is feasible and the
/// result is never worse than it; advise gives the same bytes every time.
final class WarmStartTests: XCTestCase {
    typealias Family = RandomScenario.Alliance.Family

    /// A random alliance scenario with every rule family but locks (they often conflict with the
    /// others; the tests add one), and its optimum (nil when not optimal).
    static func instance(_ seed: Int) throws -> (Scenario, PlacementOutcome)? {
        var rng = DeterministicRNG(seed: 0x57A2_0000 &+ UInt64(seed))
        let scenario = RandomScenario.make(&rng, .alliance(.medium, families: Set(Family.allCases).subtracting([.locks])))
        let outcome = try PlacementEngine().solve(scenario, options: .init(solver: .glpk))
        return outcome.solver.status == .optimal ? (scenario, outcome) : nil
    }

    /// The scenario with one placed student locked to another base she ranked (as explain does).
    static func lockedElsewhere(_ s: Scenario, _ outcome: PlacementOutcome) -> Scenario? {
        for (j, p) in outcome.placements.enumerated() {
            guard let p, let other = s.students[j].preferences.first(where: { $0 != s.bases[p.base].id }) else { continue }
            var rules = s.rules
            rules.locks.removeAll { $0.student == s.students[j].id }
            rules.locks.append(.init(student: s.students[j].id, base: other, term: nil, origin: SourceLocation(file: "test", line: nil)))
            return s.replacing(rules: rules)
        }
        return nil
    }

    func testTheSameOptimaWithAndWithoutAStart() throws {
        var compared = 0, repaired = 0
        for seed in 0..<8 {
            guard let (scenario, optimum) = try Self.instance(seed) else { continue }
            let start = PlacementEngine.placementIDs(scenario, optimum)
            var changed: [(String, Scenario)] = []
            if let locked = Self.lockedElsewhere(scenario, optimum) { changed.append(("locked elsewhere", locked)) }
            if let p = optimum.placements.compactMap({ $0 }).first {
                changed.append(("one more seat", scenario.addingSeat(base: p.base, term: p.term)))
            }
            for (what, changedScenario) in changed {
                let label = "seed \(seed), \(what)"
                var withStart = PlacementEngine.Options(solver: .glpk)
                withStart.start = start
                let plain = try PlacementEngine().solve(changedScenario, options: .init(solver: .glpk))
                let started = try PlacementEngine().solve(changedScenario, options: withStart)
                XCTAssertEqual(plain.solver.status, started.solver.status, label)
                guard plain.solver.status == .optimal else { continue }
                XCTAssertEqual(plain.solver.stages.count, started.solver.stages.count, label)
                for (a, b) in zip(plain.solver.stages, started.solver.stages) {
                    XCTAssertEqual(a.value, b.value, accuracy: 1e-6, "\(label): \(a.name)")
                }
                compared += 1
                // The repaired start is feasible, and the result is never worse than it.
                let f = Formulation(scenario: changedScenario)
                guard var builder = NeighbourhoodStart(f), let point = builder.point(from: start) else { continue }
                repaired += 1
                XCTAssertLessThanOrEqual(f.model.maximumViolation(at: point), 1e-9, label)
                let startValues = f.model.objectives.map { f.model.value(of: $0, at: point) }
                XCTAssertFalse(
                    Self.lexicographicallyBetter(startValues, than: started.solver.stages.map(\.value), senses: f.model.objectives.map(\.sense)),
                    "\(label): start \(startValues) better than the result")
            }
        }
        XCTAssertGreaterThan(compared, 4, "too few optimal instances to compare")
        XCTAssertGreaterThan(repaired, 2, "the start was rarely repaired: the test could not fail")
    }

    /// An earlier solve's LP bases (`Options.bases`, as advise's trials get the baseline's) change
    /// how fast a re-solve is proven, never what: the same optimal values with and without them,
    /// and with bases GLPK cannot use (all basic: singular), which it must ignore.
    func testTheSameOptimaWithAndWithoutBases() throws {
        var compared = 0
        for seed in 0..<6 {
            guard let (scenario, optimum) = try Self.instance(seed) else { continue }
            let engine = PlacementEngine()
            let (_, bases) = try engine.solveKeepingBases(scenario, options: .init(solver: .glpk))
            XCTAssertEqual(bases.count, optimum.solver.stages.count, "seed \(seed): one basis per stage")
            guard let basis = bases.first else { continue }
            let singular = StageBasis(
                rows: [Int32](repeating: 1, count: basis.rows.count), columns: [Int32](repeating: 1, count: basis.columns.count))
            var changed: [(String, Scenario)] = [("the same scenario", scenario)]
            if let locked = Self.lockedElsewhere(scenario, optimum) { changed.append(("locked elsewhere", locked)) }
            for p in optimum.placements.compactMap({ $0 }).prefix(2) {
                changed.append(("one more seat", scenario.addingSeat(base: p.base, term: p.term)))
            }
            for (what, changedScenario) in changed {
                let label = "seed \(seed), \(what)"
                let plain = try engine.solve(changedScenario, options: .init(solver: .glpk))
                for (how, given) in [("bases", bases), ("singular bases", Array(repeating: singular, count: bases.count))] {
                    var options = PlacementEngine.Options(solver: .glpk)
                    options.bases = given
                    options.start = PlacementEngine.placementIDs(scenario, optimum)
                    let started = try engine.solveKeepingBases(changedScenario, options: options)
                    XCTAssertEqual(plain.solver.status, started.outcome.solver.status, "\(label), \(how)")
                    guard plain.solver.status == .optimal else { continue }
                    XCTAssertEqual(plain.solver.stages.count, started.outcome.solver.stages.count, "\(label), \(how)")
                    for (a, b) in zip(plain.solver.stages, started.outcome.solver.stages) {
                        XCTAssertEqual(a.value, b.value, accuracy: 1e-6, "\(label), \(how): \(a.name)")
                    }
                    if what == "one more seat" {
                        // Same shape: the given bases were installed, not skipped (the test could fail).
                        XCTAssertEqual(started.bases.first?.rows.count, basis.rows.count, label)
                        XCTAssertEqual(started.bases.first?.columns.count, basis.columns.count, label)
                    }
                    compared += 1
                }
            }
        }
        XCTAssertGreaterThan(compared, 12, "too few optimal instances to compare")
    }

    func testAdviceIsTheSameEveryTimeAndEqualsResolvingWithoutAStart() throws {
        guard let (scenario, _) = try Self.instance(1) else { return XCTFail("instance 1 is not optimal") }
        let engine = PlacementEngine()
        let first = try engine.advise(scenario, seats: 2)
        let second = try engine.advise(scenario, seats: 2)
        XCTAssertEqual(first.markdown, second.markdown)
        XCTAssertFalse(first.suggestions.isEmpty, "no suggestion: the test could not fail")
        // Each confirmed gain, re-solved from scratch (no start).
        var current = scenario
        var before = try engine.solve(current)
        for suggestion in first.suggestions {
            current = current.addingSeat(
                base: current.baseIndexByID[suggestion.base]!, term: current.terms.firstIndex { $0.id == suggestion.term }!)
            let after = try engine.solve(current)
            XCTAssertEqual(after.placedCount - before.placedCount, suggestion.confirmedPlaced, suggestion.base)
            XCTAssertEqual(PlacementEngine.cost(after) - PlacementEngine.cost(before), suggestion.confirmedCostChange, accuracy: 1e-6)
            before = after
        }
    }

    static func lexicographicallyBetter(_ a: [Double], than b: [Double], senses: [LinearModel.Sense]) -> Bool {
        for (i, (x, y)) in zip(a, b).enumerated() where abs(x - y) > 1e-6 {
            return senses[i] == .maximize ? x > y : x < y
        }
        return false
    }
}
