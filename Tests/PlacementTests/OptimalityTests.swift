import Foundation
import PlacementDomain
import PlacementEngine
import XCTest

// MARK: - Shared helpers: deterministic RNG, random scenarios, rules recomputed from their definitions

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny deterministic generator, the same on every platform.
struct DeterministicRNG {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in range (modulo bias is irrelevant for tests).
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    mutating func double(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * (Double(next() >> 11) / Double(1 << 53))
    }

    mutating func chance(_ p: Double) -> Bool { double(0...1) < p }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    mutating func shuffled<T>(_ items: [T]) -> [T] {
        var a = items
        if a.count < 2 { return a }
        for i in stride(from: a.count - 1, to: 0, by: -1) { a.swapAt(i, int(0...i)) }
        return a
    }

    /// A random subset (each item with probability p), in the original order.
    mutating func subset<T>(_ items: [T], p: Double) -> [T] { items.filter { _ in chance(p) } }
}

/// Builds random scenarios in code (no files), covering every eligibility rule.
struct RandomScenarioFactory {
    struct Shape {
        var students: ClosedRange<Int>
        var bases: ClosedRange<Int>
        var terms: ClosedRange<Int>
        var capacity: ClosedRange<Int>
        var geography: Bool
    }

    static let fields = ["software", "logistics", "data_ai", "telecom"]
    static let languages = ["en", "zh", "th", "vi"]
    static let countries = ["CN", "VN", "TH", "LA", "MY", "KH"]

    /// Home cities (lat, lon) of universities and bases, across China and ASEAN.
    static let cities: [(String, Double, Double)] = [
        ("Guilin", 25.2866, 110.2901), ("Nanning", 22.8170, 108.3669), ("Kunming", 25.0389, 102.7183),
        ("Chengdu", 30.6989, 104.0539), ("Hanoi", 21.0050, 105.8431), ("Bangkok", 13.7384, 100.5321),
        ("Vientiane", 17.9757, 102.6331), ("Kuala Lumpur", 3.1209, 101.6538), ("Phnom Penh", 11.5690, 104.8910),
        ("Ho Chi Minh City", 10.7769, 106.7009), ("Singapore", 1.3483, 103.6831), ("Yangon", 16.8820, 96.1170),
    ]

    static func level(_ value: Int) -> LanguageLevel { LanguageLevel(value: value, written: String(value)) }

    static func make(_ rng: inout DeterministicRNG, shape: Shape, policy: Policy) -> Scenario {
        let termCount = rng.int(shape.terms)
        let terms = (1...termCount).map { Term(id: "T\($0)", name: "Term \($0)") }
        let termIDs = terms.map(\.id)
        let origin = SourceLocation(file: "generated", line: nil)

        let universityCount = shape.geography ? 4 : 2
        let universities = (0..<universityCount).map { i -> University in
            let city = cities[i % cities.count]
            return University(id: "U\(i + 1)", name: "University \(i + 1)", country: i % 2 == 0 ? "CN" : "VN", city: city.0,
                              location: shape.geography ? GeoPoint(latitude: city.1, longitude: city.2) : nil, origin: origin)
        }

        let baseCount = rng.int(shape.bases)
        let bases = (0..<baseCount).map { i -> Base in
            let fields: Set<String> = rng.chance(0.3) ? [] : Set([rng.pick(fields)] + rng.subset(fields, p: 0.3))
            let requirement: [LanguageRequirement] = rng.chance(0.35) ? [] :
                (0..<rng.int(1...2)).map { _ in LanguageRequirement(language: rng.pick(languages), minimum: level(rng.int(1...6))) }
            var capacity: [String: Int] = [:]
            for t in termIDs {
                let seats = rng.int(shape.capacity)
                if seats > 0 || rng.chance(0.5) { capacity[t] = seats }  // a missing term means 0 seats
            }
            let city = rng.pick(cities)
            let location = shape.geography && !rng.chance(0.1)
                ? GeoPoint(latitude: city.1 + rng.double(-0.5...0.5), longitude: city.2 + rng.double(-0.5...0.5)) : nil
            return Base(id: "B\(i + 1)", name: "Base \(i + 1)", kind: rng.pick(BaseKind.allCases), country: rng.pick(countries),
                        city: city.0, location: location, fields: fields, languageRequirement: requirement,
                        capacity: capacity, origin: origin)
        }

        let baseIDs = bases.map(\.id)
        let studentCount = rng.int(shape.students)
        let students = (0..<studentCount).map { i -> Student in
            var spoken: [String: LanguageLevel] = [:]
            for l in rng.subset(languages, p: 0.6) { spoken[l] = level(rng.int(1...6)) }
            let available: [String] = rng.chance(0.4) ? [] : {
                let some = rng.subset(termIDs, p: 0.6)
                return some.isEmpty ? [rng.pick(termIDs)] : some
            }()
            let excluded: Set<String> = rng.chance(0.3) ? [rng.pick(countries)] : []
            let ranked = Array(rng.shuffled(baseIDs).prefix(rng.int(0...min(baseIDs.count, 6))))
            return Student(id: "S\(i + 1)", name: "Student \(i + 1)", university: universities[rng.int(0...(universityCount - 1))].id,
                           nationality: rng.pick(countries), field: rng.pick(fields), languages: spoken,
                           gradeAverage: rng.chance(0.8) ? rng.double(2...4) : nil, availableTerms: available,
                           excludedCountries: excluded, preferences: ranked, origin: origin)
        }
        return Scenario(name: "random", terms: terms, universities: universities, students: students, bases: bases,
                        policy: policy, inputs: [])
    }
}

/// The placement rules recomputed from their written definitions, independently of
/// EligibilityRules and CandidateSet.
struct IndependentRules {
    let scenario: Scenario

    static func haversineKilometres(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        let r = 6371.0088
        let φ1 = lat1 * .pi / 180, φ2 = lat2 * .pi / 180
        let Δφ = (lat2 - lat1) * .pi / 180, Δλ = (lon2 - lon1) * .pi / 180
        let h = pow(sin(Δφ / 2), 2) + cos(φ1) * cos(φ2) * pow(sin(Δλ / 2), 2)
        return 2 * r * atan2(h.squareRoot(), (1 - h).squareRoot())
    }

    func kilometres(student: Student, base: Base) -> Double? {
        guard let home = scenario.universities.first(where: { $0.id == student.university })?.location,
              let there = base.location else { return nil }
        return Self.haversineKilometres(home.latitude, home.longitude, there.latitude, there.longitude)
    }

    /// nil: may not be placed there that term. Otherwise the rank (nil = unranked placement).
    enum Verdict: Equatable { case forbidden, allowed(rank: Int?) }

    func verdict(student s: Student, base b: Base, term: String) -> Verdict {
        let fieldOK = b.fields.isEmpty || b.fields.contains(s.field)
        var languageOK = b.languageRequirement.isEmpty
        for requirement in b.languageRequirement {
            if let has = s.languages[requirement.language], has.value >= requirement.minimum.value { languageOK = true }
        }
        let availableOK = s.availableTerms.isEmpty || s.availableTerms.contains(term)
        let notExcluded = !s.excludedCountries.contains(b.country)
        let programmeOK = scenario.policy.allowedCountries.map { $0.contains(b.country) } ?? true
        var distanceOK = true
        if let maximum = scenario.policy.maxTravelKilometres, let km = kilometres(student: s, base: b) {
            distanceOK = km <= maximum
        }
        let seatsOK = (b.capacity[term] ?? 0) > 0
        guard fieldOK, languageOK, availableOK, notExcluded, programmeOK, distanceOK, seatsOK else { return .forbidden }
        if let position = s.preferences.firstIndex(of: b.id) { return .allowed(rank: position + 1) }
        return scenario.policy.allowUnranked ? .allowed(rank: nil) : .forbidden
    }

    /// Rank cost (or the unranked cost) plus travel cost rounded to cents.
    func cost(student s: Student, base b: Base, rank: Int?) -> Double {
        let policy = scenario.policy
        var cost: Double
        if let rank {
            switch policy.rankCost {
            case .linear: cost = Double(rank)
            case .squared: cost = Double(rank) * Double(rank)
            case let .table(table): cost = table[min(rank, table.count) - 1]
            }
        } else {
            cost = policy.unrankedCost
        }
        if policy.travelCostPerKilometre > 0, let km = kilometres(student: s, base: b) {
            cost += (policy.travelCostPerKilometre * km * 100).rounded() / 100
        }
        return cost
    }

    /// Every allowed (base index, term index, cost) for a student.
    func options(student s: Student) -> [(base: Int, term: Int, cost: Double)] {
        var result: [(Int, Int, Double)] = []
        for (bi, b) in scenario.bases.enumerated() {
            for (ti, t) in scenario.terms.enumerated() {
                if case let .allowed(rank) = verdict(student: s, base: b, term: t.id) {
                    result.append((bi, ti, cost(student: s, base: b, rank: rank)))
                }
            }
        }
        return result
    }

    /// Checks an outcome against every rule; returns the violations (empty when all hold).
    func violations(of outcome: PlacementOutcome) -> [String] {
        var problems: [String] = []
        guard outcome.placements.count == scenario.students.count else {
            return ["\(outcome.placements.count) placement slots for \(scenario.students.count) students"]
        }
        var used: [String: Int] = [:]
        for (i, placement) in outcome.placements.enumerated() {
            let s = scenario.students[i]
            guard let p = placement else {
                if outcome.unplacedReasons[i] == nil { problems.append("\(s.id) unplaced without a reason") }
                continue
            }
            if p.student != i { problems.append("\(s.id): placement records student \(p.student)") }
            guard scenario.bases.indices.contains(p.base), scenario.terms.indices.contains(p.term) else {
                problems.append("\(s.id): base \(p.base) / term \(p.term) out of range"); continue
            }
            let b = scenario.bases[p.base], t = scenario.terms[p.term].id
            if outcome.unplacedReasons[i] != nil { problems.append("\(s.id) is placed and also has an unplaced reason") }
            switch verdict(student: s, base: b, term: t) {
            case .forbidden:
                // Tolerate only a distance within a micrometre of the maximum (floating-point order of operations).
                if let maximum = scenario.policy.maxTravelKilometres, let km = kilometres(student: s, base: b), abs(km - maximum) < 1e-6 { break }
                problems.append("\(s.id) placed at \(b.id) in \(t), which the rules forbid")
            case let .allowed(rank):
                if p.rank != rank { problems.append("\(s.id) at \(b.id): rank \(String(describing: p.rank)), expected \(String(describing: rank))") }
                let expectedCost = cost(student: s, base: b, rank: rank)
                if abs(p.cost - expectedCost) > 1e-9 { problems.append("\(s.id) at \(b.id): cost \(p.cost), expected \(expectedCost)") }
            }
            used["\(b.id)/\(t)", default: 0] += 1
        }
        for b in scenario.bases {
            for t in scenario.terms where used["\(b.id)/\(t.id)", default: 0] > (b.capacity[t.id] ?? 0) {
                problems.append("\(b.id)/\(t.id) holds \(used["\(b.id)/\(t.id)"]!) interns for \(b.capacity[t.id] ?? 0) seats")
            }
        }
        return problems
    }
}

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
            policy.allowedCountries = Set(rng.subset(RandomScenarioFactory.countries, p: 0.6))
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
        let shape = RandomScenarioFactory.Shape(students: 1...8, bases: 1...4, terms: 2...2, capacity: 0...3, geography: false)
        let instances = 240
        var checked = 0, withPlacements = 0, withUnplaced = 0
        var countByVariant: [String: Int] = [:]
        for instance in 0..<instances {
            let variant = Variant.allCases[instance % Variant.allCases.count]
            let policy = Self.policy(variant, &rng)
            let scenario = RandomScenarioFactory.make(&rng, shape: shape, policy: policy)
            var brute = ExhaustivePlacementSearch(scenario: scenario)
            let best = brute.optimum()

            // The default solver (auto: exact network algorithm where it applies) and GLPK both.
            var placedBySolver: [Int] = []
            for solver in [SolverChoice.auto, .glpk] {
                let outcome = try PlacementEngine().solve(scenario, options: .init(solver: solver))
                let label = "instance \(instance) (\(variant), solver \(solver), \(outcome.solver.solver)): "
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
            Base(id: id, name: id, kind: .aseanFirm, country: "TH", city: "", location: nil, fields: [], languageRequirement: [],
                 capacity: ["T": seats], origin: origin)
        }
        func student(_ id: String, _ prefs: [String]) -> Student {
            Student(id: id, name: id, university: "U", nationality: "VN", field: "f", languages: [:], gradeAverage: nil,
                    availableTerms: [], excludedCountries: [], preferences: prefs, origin: origin)
        }
        let scenario = Scenario(name: "hand", terms: [Term(id: "T", name: "T")], universities: [u],
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
