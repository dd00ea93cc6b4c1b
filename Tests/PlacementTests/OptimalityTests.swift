import Foundation
import PlacementDomain
import PlacementEngine
import XCTest

/// The exact optimum of a small scenario by exhaustive search (memoised over remaining seats).
struct ExhaustivePlacementSearch {
    struct Value { var placed: Int; var cost: Double }

    let scenario: Scenario
    let options: [[(base: Int, term: Int, cost: Double)]]
    let terms: Int
    let penalty: Double?
    private var memo: [Int: Value] = [:]

    init(scenario: Scenario) {
        self.scenario = scenario
        let rules = IndependentRules(scenario: scenario)
        options = scenario.students.map { rules.options(student: $0) }
        terms = scenario.terms.count
        penalty = scenario.policy.objectives == [.minCost] ? scenario.policy.unplacedPenalty : nil
        precondition(scenario.policy.objectives == [.minCost] ? penalty != nil : scenario.policy.objectives == [.maxPlaced, .minCost])
    }

    /// Is a better than b under the policy's objective?
    func better(_ a: Value, _ b: Value) -> Bool {
        if let penalty {
            let n = Double(scenario.students.count)
            return a.cost + penalty * (n - Double(a.placed)) < b.cost + penalty * (n - Double(b.placed)) - 1e-9
        }
        return a.placed > b.placed || (a.placed == b.placed && a.cost < b.cost - 1e-9)
    }

    func objective(_ v: Value) -> Double {
        penalty.map { v.cost + $0 * Double(scenario.students.count - v.placed) } ?? v.cost
    }

    mutating func optimum() -> Value {
        let seats = scenario.bases.flatMap { b in scenario.terms.map { min(3, b.capacity[$0.id] ?? 0) } }
        precondition(scenario.bases.allSatisfy { b in scenario.terms.allSatisfy { (b.capacity[$0.id] ?? 0) <= 3 } })
        return best(from: 0, seats: seats)
    }

    private mutating func best(from student: Int, seats: [Int]) -> Value {
        if student == options.count { return Value(placed: 0, cost: 0) }
        var key = student
        for s in seats { key = key * 4 + s }
        if let known = memo[key] { return known }
        var result = best(from: student + 1, seats: seats)  // she stays unplaced
        for option in options[student] {
            let slot = option.base * terms + option.term
            guard seats[slot] > 0 else { continue }
            var rest = seats
            rest[slot] -= 1
            var candidate = best(from: student + 1, seats: rest)
            candidate.placed += 1
            candidate.cost += option.cost
            if better(candidate, result) { result = candidate }
        }
        memo[key] = result
        return result
    }
}

// MARK: - Optimality against exhaustive search

/// On ≥ 200 small random scenarios the engine's optimum equals the exhaustive optimum.
final class OptimalityTests: XCTestCase {
    enum Variant: CaseIterable { case lexicographic, lexicographicUnranked, penalty, penaltyUnranked }

    static func policy(_ variant: Variant, _ rng: inout DeterministicRNG) -> Policy {
        var policy = Policy()  // [max_placed, min_cost], squared rank cost
        if rng.chance(0.2) { policy.rankCost = rng.chance(0.5) ? .linear : .table([1, 2.5, 7, 20]) }
        if rng.chance(0.2) {
            policy.allowedCountries = Set(rng.subset(RandomScenario.Eligibility.countries, p: 0.6))
        }
        switch variant {
        case .lexicographic: break
        case .lexicographicUnranked:
            policy.allowUnranked = true
            policy.unrankedCost = rng.pick([50, 100, 12.5])
        case .penalty, .penaltyUnranked:
            policy.objectives = [.minCost]
            policy.unplacedPenalty = rng.pick([3, 5, 8.5, 10, 30, 1000])
            if variant == .penaltyUnranked {
                policy.allowUnranked = true
                policy.unrankedCost = rng.pick([6, 20, 100])
            }
        }
        return policy
    }

    func testEngineOptimumEqualsExhaustiveOptimumOnRandomSmallScenarios() throws {
        var rng = DeterministicRNG(seed: 0x5EED_2027)
        let shape = RandomScenario.Eligibility.Shape(students: 1...8, bases: 1...4, terms: 2...2, capacity: 0...3, geography: false)
        let instances = 240
        var checked = 0, withPlacements = 0, withUnplaced = 0
        var countByVariant: [String: Int] = [:]
        for instance in 0..<instances {
            let variant = Variant.allCases[instance % Variant.allCases.count]
            let policy = Self.policy(variant, &rng)
            let scenario = RandomScenario.make(&rng, .eligibility(shape), policy: policy)
            var brute = ExhaustivePlacementSearch(scenario: scenario)
            let best = brute.optimum()

            // The default solver (auto: exact network algorithm where it applies) and GLPK both.
            var placedBySolver: [Int] = []
            for solver in [SolverChoice.auto, .glpk] {
                let outcome = try PlacementEngine().solve(scenario, options: .init(solver: solver))
                let label =
                    "instance \(instance) (\(variant), solver \(solver), \(outcome.solver.solver)): "
                    + "\(scenario.students.count) students, \(scenario.bases.count) bases"
                XCTAssertEqual(outcome.solver.status, .optimal, label)
                if solver == .glpk { XCTAssertTrue(outcome.solver.solver.hasPrefix("GLPK"), label) }
                let violations = IndependentRules(scenario: scenario).violations(of: outcome)
                XCTAssertEqual(violations, [], label)

                let placed = outcome.placedCount
                let cost = outcome.placements.compactMap { $0?.cost }.reduce(0, +)
                let engine = ExhaustivePlacementSearch.Value(placed: placed, cost: cost)
                switch variant {
                case .lexicographic, .lexicographicUnranked:
                    XCTAssertEqual(placed, best.placed, "placed, \(label)")
                    XCTAssertEqual(cost, best.cost, accuracy: 1e-6, "cost, \(label)")
                    if outcome.solver.stages.count == 2 {
                        XCTAssertEqual(outcome.solver.stages[0].value, Double(best.placed), accuracy: 1e-9, label)
                        XCTAssertEqual(outcome.solver.stages[1].value, best.cost, accuracy: 1e-6, label)
                    } else {
                        XCTFail("two objective stages expected, \(label)")
                    }
                case .penalty, .penaltyUnranked:
                    // Ties between different (placed, cost) pairs are possible; the weighted value is the optimum.
                    XCTAssertEqual(brute.objective(engine), brute.objective(best), accuracy: 1e-6, "cost + penalty·unplaced, \(label)")
                    XCTAssertFalse(brute.better(engine, best) || brute.better(best, engine), label)
                    XCTAssertEqual(outcome.solver.stages.first?.value ?? .nan, brute.objective(best), accuracy: 1e-6, "stage value, \(label)")
                }
                placedBySolver.append(placed)
            }
            let placed = placedBySolver[0]
            checked += 1
            countByVariant["\(variant)", default: 0] += 1
            if placed > 0 { withPlacements += 1 }
            if placed < scenario.students.count { withUnplaced += 1 }
        }
        XCTAssertEqual(checked, instances)
        XCTAssertGreaterThanOrEqual(checked, 200)
        XCTAssertTrue(countByVariant.values.allSatisfy { $0 >= 50 }, "\(countByVariant)")
        // The instances are not degenerate: most place someone and many leave someone out.
        XCTAssertGreaterThan(withPlacements, instances / 2, "\(withPlacements) of \(instances) place someone")
        XCTAssertGreaterThan(withUnplaced, instances / 4, "\(withUnplaced) of \(instances) leave someone out")
    }

    /// A hand-checked case: max_placed first sends A to her 2nd choice (cost 4) so both are placed;
    /// with a weighted objective and a penalty of 3, leaving A out is cheaper.
    func testLexicographicPlacesMoreStudentsBeforeMinimisingCost() throws {
        let origin = SourceLocation(file: "hand", line: nil)
        let u = University(id: "U", name: "U", country: "CN", city: "", location: nil, origin: origin)
        func base(_ id: String, _ seats: Int) -> Base {
            Base(
                id: id, name: id, kind: .aseanFirm, country: "TH", city: "", location: nil, fields: [], languageRequirement: [],
                capacity: ["T": seats], origin: origin)
        }
        func student(_ id: String, _ prefs: [String]) -> Student {
            Student(
                id: id, name: id, university: "U", nationality: "VN", field: "f", languages: [:], gradeAverage: nil,
                availableTerms: [], excludedCountries: [], preferences: prefs, origin: origin)
        }
        let scenario = Scenario(
            name: "hand", terms: [Term(id: "T", name: "T")], universities: [u],
            students: [student("A", ["Y", "Z"]), student("B", ["X"])],
            bases: [base("X", 1), base("Y", 0), base("Z", 1)], policy: Policy(), inputs: [])
        let outcome = try PlacementEngine().solve(scenario)
        XCTAssertEqual(outcome.placedCount, 2)
        XCTAssertEqual(outcome.placements[0]?.base, 2, "A goes to her second choice Z")
        XCTAssertEqual(outcome.placements[0]?.rank, 2)
        XCTAssertEqual(outcome.placements[0]?.cost, 4)
        XCTAssertEqual(outcome.placements[1]?.base, 0, "B gets X")

        var penalty = Policy()
        penalty.objectives = [.minCost]
        penalty.unplacedPenalty = 3
        let weighted = try PlacementEngine().solve(scenario.replacing(policy: penalty))
        XCTAssertEqual(weighted.placedCount, 1, "a 2nd choice (4) costs more than the penalty (3)")
        XCTAssertNil(weighted.placements[0])
        XCTAssertEqual(weighted.placements[1]?.base, 0)
        XCTAssertEqual(weighted.unplacedReasons[0]?.code, "cost_above_penalty")
        XCTAssertEqual(weighted.solver.stages.first?.value ?? -1, 1 + 3, accuracy: 1e-9)
    }
}
