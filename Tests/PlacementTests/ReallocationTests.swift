import Foundation
import PlacementDomain
import PlacementEngine
import PlacementReports
import XCTest

/// Re-allocation from an earlier report: the number of kept placements is the largest possible
/// under every rule (exhaustive search), and `changes` lists exactly what happened to each student.
final class ReallocationTests: XCTestCase {
    typealias Family = RandomScenario.Alliance.Family

    enum Edit: CaseIterable { case withdraw, reduceCapacity, addStudent }

    /// Writes the report files of an outcome into a new temporary folder and reads it back.
    static func earlierReport(_ scenario: Scenario, _ outcome: PlacementOutcome) throws -> (EarlierReport, URL) {
        let folder = try TempScenarioFolder.makeDirectory("earlier-report")
        let settings = ReportSettings(toolVersion: PlacementEngine.toolVersion, glpkVersion: PlacementEngine.glpkVersion)
        for file in ReportSet(scenario: scenario, outcome: outcome, settings: settings).files() {
            try Data(file.bytes).write(to: folder.appendingPathComponent(file.name))
        }
        return (try EarlierReport(path: folder.path), folder)
    }

    /// The scenario without one student (and without rules that name her).
    static func withdraw(_ s: Scenario, _ id: String) -> Scenario {
        var rules = s.rules
        rules.groups = rules.groups.compactMap { g in
            let rest = g.students.filter { $0 != id }
            return rest.count >= 2 ? .init(id: g.id, students: rest, together: g.together, origin: g.origin) : nil
        }
        rules.apart.removeAll { $0.first == id || $0.second == id }
        rules.locks.removeAll { $0.student == id }
        rules.bans.removeAll { $0.student == id }
        return s.replacing(students: s.students.filter { $0.id != id }, rules: rules)
    }

    static func reduceCapacity(_ s: Scenario, base: Int, term: String) -> Scenario {
        var bases = s.bases
        let b = bases[base]
        var capacity = b.capacity
        capacity[term] = max(0, (capacity[term] ?? 0) - 1)
        bases[base] = Base(
            id: b.id, name: b.name, kind: b.kind, country: b.country, city: b.city, location: b.location, fields: b.fields,
            languageRequirement: b.languageRequirement, capacity: capacity, minInterns: b.minInterns,
            maxNationalityShare: b.maxNationalityShare, origin: b.origin)
        return s.replacing(bases: bases)
    }

    func testReallocationKeepsTheMostEarlierPlacementsAndExplainsEveryChange() throws {
        var checked = 0, lostSome = 0
        var kinds: Set<String> = []
        for instance in 0..<36 {
            var rng = DeterministicRNG(seed: 0x4EA1_0000 &+ UInt64(instance))
            let families: Set<Family> = instance % 3 == 0 ? [] : [rng.pick(Family.allCases.filter { $0 != .locks })]
            var shape = RandomScenario.Alliance.Shape.tiny
            shape.students = 3...5
            let scenario = RandomScenario.make(&rng, .alliance(shape, families: families), policy: Policy())
            let first = try PlacementEngine().solve(scenario)
            guard first.solver.status == .optimal, first.placedCount > 0 else { continue }
            let (earlier, folder) = try Self.earlierReport(scenario, first)
            defer { TempScenarioFolder.remove(folder) }
            // The report records exactly the placements of the first solve.
            XCTAssertEqual(earlier.students, scenario.students.map(\.id))
            for (i, p) in first.placements.enumerated() {
                let recorded = earlier.placements[scenario.students[i].id]
                XCTAssertEqual(recorded.map { "\($0.base)/\($0.term)" }, p.map { "\(scenario.bases[$0.base].id)/\(scenario.terms[$0.term].id)" })
            }

            let edit = Edit.allCases[instance % Edit.allCases.count]
            var changed: Scenario
            switch edit {
            case .withdraw:
                let placed = first.placements.compactMap { $0 }
                changed = Self.withdraw(scenario, scenario.students[rng.pick(placed).student].id)
            case .reduceCapacity:
                let p = rng.pick(first.placements.compactMap { $0 })
                changed = Self.reduceCapacity(scenario, base: p.base, term: scenario.terms[p.term].id)
            case .addStudent:
                let model = scenario.students[rng.int(0...(scenario.students.count - 1))]
                let newcomer = Student(
                    id: "S99", name: "New", university: model.university, nationality: model.nationality, field: model.field,
                    languages: model.languages, gradeAverage: 3.9, availableTerms: [], excludedCountries: [],
                    preferences: Array(rng.shuffled(scenario.bases.map(\.id)).prefix(2)), origin: model.origin)
                changed = scenario.replacing(students: scenario.students + [newcomer])
            }
            let label = "instance \(instance), \(edit), rules \(families.map(\.rawValue))\n\(describe(scenario))"
            let checker = AllianceChecker(changed)
            var brute = AllianceBruteForce(checker: checker)
            brute.keep = earlier.placements
            let best = brute.optimum()
            let outcome = try PlacementEngine().solve(changed, options: .init(earlier: earlier))
            guard let best else {
                XCTAssertEqual(outcome.solver.status, .infeasible, label)
                continue
            }
            XCTAssertEqual(outcome.solver.status, .optimal, label)
            let got = outcome.allianceAssignment
            XCTAssertEqual(checker.violations(got), [], label)
            let v = checker.objectiveVector(got, keep: earlier.placements)
            XCTAssertEqual(v.first, best.vector.first, "kept earlier placements: engine vs brute-force maximum; \(label)")
            XCTAssertTrue(
                AllianceChecker.equalVectors(v, best.vector),
                "engine \(v) [\(describe(got, changed))] vs brute force \(best.vector) [\(describe(best.assignment, changed))]; \(label)")
            checked += 1
            if Int(best.vector[0]) < earlier.placements.count { lostSome += 1 }

            // Expected changes, recomputed student by student.
            var expected: [String] = []
            for id in Set(earlier.students).union(changed.students.map(\.id)).sorted() {
                let before = earlier.placements[id].map { "\($0.base)/\($0.term)" }
                guard let i = changed.students.firstIndex(where: { $0.id == id }) else {
                    expected.append("\(id) withdrawn \(before ?? "-") -")
                    continue
                }
                let after = got[i].map { "\(changed.bases[$0.base].id)/\(changed.terms[$0.term].id)" }
                let kind: String
                if !earlier.students.contains(id) {
                    kind = "new_student"
                } else if before == after {
                    if before == nil { continue }; kind = "kept"
                } else if before == nil {
                    kind = "newly_placed"
                } else if after == nil {
                    kind = "unplaced"
                } else {
                    kind = "moved"
                }
                expected.append("\(id) \(kind) \(before ?? "-") \(after ?? "-")")
            }
            let reported = outcome.changes.map { "\($0.student) \($0.kind.rawValue) \($0.before ?? "-") \($0.after ?? "-")" }
            XCTAssertEqual(reported, expected, label)
            XCTAssertTrue(outcome.changes.allSatisfy { !$0.reason.isEmpty }, label)
            kinds.formUnion(outcome.changes.map(\.kind.rawValue))
        }
        XCTAssertGreaterThan(checked, 20)
        XCTAssertGreaterThan(lostSome, 3, "some edits force earlier placements to change")
        XCTAssertTrue(kinds.isSuperset(of: ["kept", "withdrawn", "new_student"]), "\(kinds)")
        XCTAssertTrue(kinds.contains("moved") || kinds.contains("unplaced"), "\(kinds)")
    }
}
