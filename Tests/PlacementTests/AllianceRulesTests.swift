import Foundation
import PlacementDomain
import PlacementEngine
import PlacementReports
import PlacementScenarioIO
import XCTest

// MARK: - Tests

/// Every alliance rule family and fairness objective: the rules hold in every output (checked from
/// their definitions), and on tiny instances the lexicographic optimum equals exhaustive search.
final class AllianceRulesTests: XCTestCase {
    typealias Family = RandomScenario.Alliance.Family

    static let solvers: [SolverChoice] = [.auto, .glpk]

    static func policy(_ rng: inout DeterministicRNG) -> Policy {
        var policy = Policy()
        if rng.chance(0.3) { policy.rankCost = .linear }
        return policy
    }

    // MARK: Property: every rule holds on 30–80-student scenarios

    func testEveryRuleFamilyHoldsInTheOutputOnMediumRandomScenarios() throws {
        let familySets: [(String, Set<Family>)] =
            Family.allCases.map { ($0.rawValue, [$0]) }
            + [("all", Set(Family.allCases)), ("all but locks", Set(Family.allCases).subtracting([.locks]))]
        for (index, (name, families)) in familySets.enumerated() {
            var binding = 0, solved = 0
            for seed in 0..<(name.hasPrefix("all") ? 6 : 3) {
                var rng = DeterministicRNG(seed: 0xA111_0000 &+ UInt64(index * 16 + seed))
                let scenario = RandomScenario.make(&rng, .alliance(.medium, families: families), policy: Self.policy(&rng))
                let checker = AllianceChecker(scenario)
                let label = "family \(name), seed \(seed): \(scenario.students.count) students, \(scenario.bases.count) bases"
                XCTAssertTrue((30...80).contains(scenario.students.count) && (6...12).contains(scenario.bases.count), label)
                var vectors: [[Double]] = []
                for solver in Self.solvers {
                    allianceTrace("solving \(label) \(solver)")
                    let outcome = try PlacementEngine().solve(scenario, options: .init(solver: solver))
                    if outcome.solver.status == .infeasible {
                        // Only combined rules (a lock against a quota, say) may conflict; then the diagnosis names rules.
                        XCTAssertTrue(name.hasPrefix("all"), "\(label), solver \(solver): infeasible\n\(describe(scenario))")
                        XCTAssertFalse(outcome.conflicts.isEmpty, label)
                        allianceTrace("infeasible: \(outcome.conflicts.map(\.description))\n\(describe(scenario))")
                        continue
                    }
                    XCTAssertEqual(outcome.solver.status, .optimal, "\(label), solver \(solver)")
                    XCTAssertEqual(checker.violations(outcome.allianceAssignment), [], "\(label), solver \(solver)")
                    XCTAssertGreaterThan(outcome.placedCount, 0, label)
                    vectors.append(checker.objectiveVector(outcome.allianceAssignment))
                    solved += 1
                }
                if vectors.count == 2 {
                    XCTAssertTrue(AllianceChecker.equalVectors(vectors[0], vectors[1]), "auto \(vectors[0]) vs glpk \(vectors[1]); \(label)")
                }
                // The rule matters: without it the optimum breaks it (on at least one seed).
                let free = try PlacementEngine().solve(RandomScenario.Alliance.withoutAllianceRules(scenario))
                if !checker.holds(free.allianceAssignment) { binding += 1 }
            }
            XCTAssertGreaterThan(binding, 0, "family \(name) never changes the optimum: the test could not fail")
            XCTAssertGreaterThan(solved, name.hasPrefix("all") ? 1 : 5, "family \(name): too few feasible instances")
        }
    }

    static let fairnessPolicies: [[Policy.Objective]] = [
        [.maxPlaced, .minWorstRank, .minCost],
        [.maxMinUniversityRate, .maxPlaced, .minCost],
        [.maxPlaced, .maxMinNationalityRate, .minCost],
        [.rankMaximal, .minCost],
        [.maxMinNationalityRate, .rankMaximal]
    ]

    /// Max-min rates on 30–80 students may not close their gap quickly (see the test below), so each
    /// solve gets 2 s: whatever the status, every rule holds and every reported stage value is the
    /// value of the placements, within its bound; when both solves are optimal they agree.
    func testFairnessObjectivesKeepEveryRuleOnMediumRandomScenarios() throws {
        for (index, objectives) in Self.fairnessPolicies.enumerated() {
            var rng = DeterministicRNG(seed: 0xFA15_0000 &+ UInt64(index))
            var policy = Self.policy(&rng)
            policy.objectives = objectives
            policy.timeLimitSeconds = 2
            let families: Set<Family> = index % 2 == 0 ? [] : [rng.pick([.nationalityShare, .bans, .apart, .crossBorder])]
            let scenario = RandomScenario.make(&rng, .alliance(.medium, families: families), policy: policy)
            let checker = AllianceChecker(scenario)
            let label = "objectives \(objectives.map(\.rawValue)), rules \(families.map(\.rawValue))"
            var vectors: [[Double]] = []
            for solver in Self.solvers {
                allianceTrace("solving \(label) \(solver)")
                let outcome = try PlacementEngine().solve(scenario, options: .init(solver: solver))
                allianceTrace(
                    "status \(outcome.solver.status) \(outcome.solver.stages.map { "\($0.name)=\($0.value) bound \($0.bound) \($0.status)" })")
                XCTAssertTrue(outcome.solver.status.hasPlacement, "\(label), \(solver): \(outcome.solver.status)")
                XCTAssertEqual(checker.violations(outcome.allianceAssignment), [], "\(label), \(solver)")
                let v = checker.objectiveVector(outcome.allianceAssignment)
                // Stage k's value is the k-th component of the vector (rank_maximal: one per rank).
                for (k, stage) in outcome.solver.stages.enumerated() where k < v.count {
                    let sign: Double = stage.sense == .maximize ? 1 : -1
                    XCTAssertEqual(sign * stage.value, v[k], accuracy: 1e-6, "stage \(stage.name), \(label), \(solver)")
                    XCTAssertGreaterThanOrEqual(sign * stage.bound, sign * stage.value - 1e-6, "bound of \(stage.name), \(label), \(solver)")
                }
                if outcome.solver.status == .optimal {
                    XCTAssertEqual(
                        outcome.solver.stages.count, scenarioStageCount(scenario), "\(label), \(solver): stages \(outcome.solver.stages.map(\.name))")
                    vectors.append(v)
                }
            }
            if vectors.count == 2 {
                XCTAssertTrue(AllianceChecker.equalVectors(vectors[0], vectors[1]), "\(vectors[0]) vs \(vectors[1]); \(label)")
            }
        }
    }

    /// PRODUCT ISSUE (performance): the max-min-rate stage (a continuous z with n_g·z ≤ placed_g)
    /// does not prove optimality on this 30–80-student scenario within 10 s (GLPK stops with a gap:
    /// value 6/13 ≈ 0.4615, bound 17/35 ≈ 0.4857 after 20 s).
    func testMaxMinNationalityRateIsProvenOptimalOnASmallTermWithinTenSeconds() throws {
        var rng = DeterministicRNG(seed: 0xFA15_0000 &+ 2)
        var policy = Self.policy(&rng)
        policy.objectives = Self.fairnessPolicies[2]
        policy.timeLimitSeconds = 10
        let scenario = RandomScenario.make(&rng, .alliance(.medium, families: []), policy: policy)
        let outcome = try PlacementEngine().solve(scenario, options: .init(solver: .glpk))
        XCTAssertEqual(
            outcome.solver.status, .optimal,
            "\(scenario.students.count) students, \(scenario.bases.count) bases: \(outcome.solver.stages.map { "\($0.name) = \($0.value), bound \($0.bound), \($0.status)" })"
        )
        XCTAssertEqual(AllianceChecker(scenario).violations(outcome.allianceAssignment), [])
    }

    /// Stages the policy asks for: one per objective, one per rank for rank_maximal.
    func scenarioStageCount(_ s: Scenario) -> Int {
        let maxRank = AllianceChecker(s).options.flatMap { $0.compactMap(\.rank) }.max() ?? 0
        return s.policy.objectives.reduce(0) { $0 + ($1 == .rankMaximal ? max(1, maxRank) : 1) }
    }

    // MARK: Optimality against exhaustive enumeration

    /// Solves a tiny scenario with both solvers and compares with the brute force; returns whether
    /// the rules changed the optimum (so the instance could tell a missing rule apart).
    @discardableResult
    func assertMatchesBruteForce(_ scenario: Scenario, _ label: String, file: StaticString = #filePath, line: UInt = #line) throws -> Bool {
        let checker = AllianceChecker(scenario)
        let best = AllianceBruteForce(checker: checker).optimum()
        for solver in Self.solvers {
            allianceTrace("solving \(label) \(solver)\n\(describe(scenario))")
            let outcome = try PlacementEngine().solve(scenario, options: .init(solver: solver))
            let where_ = "\(label), solver \(solver)\n\(describe(scenario))"
            guard let best else {
                XCTAssertEqual(outcome.solver.status, .infeasible, "no assignment satisfies every rule; \(where_)", file: file, line: line)
                XCTAssertFalse(outcome.conflicts.isEmpty, where_, file: file, line: line)
                continue
            }
            XCTAssertEqual(outcome.solver.status, .optimal, where_, file: file, line: line)
            guard outcome.solver.status == .optimal else { continue }
            let got = outcome.allianceAssignment
            XCTAssertEqual(checker.violations(got), [], where_, file: file, line: line)
            let v = checker.objectiveVector(got)
            XCTAssertTrue(
                AllianceChecker.equalVectors(v, best.vector),
                "engine \(v) [\(describe(got, scenario))] vs brute force \(best.vector) [\(describe(best.assignment, scenario))]; \(where_)",
                file: file, line: line)
        }
        guard let best else { return true }
        let unconstrained = AllianceBruteForce(checker: AllianceChecker(RandomScenario.Alliance.withoutAllianceRules(scenario))).optimum()
        return !(unconstrained.map { AllianceChecker.equalVectors($0.vector, best.vector) } ?? false)
    }

    func testEachRuleFamilyReachesTheExhaustiveOptimumOnTinyInstances() throws {
        for (index, family) in Family.allCases.enumerated() {
            var binding = 0
            let instances = 10
            for instance in 0..<instances {
                var rng = DeterministicRNG(seed: 0x71A7_0000 &+ UInt64(index * 100 + instance))
                var policy = Self.policy(&rng)
                if family == .reservedPriority && rng.chance(0.3) { policy.allowUnranked = true; policy.unrankedCost = 20 }
                let scenario = RandomScenario.make(&rng, .alliance(.tiny, families: [family]), policy: policy)
                if try assertMatchesBruteForce(scenario, "family \(family), instance \(instance)") { binding += 1 }
            }
            XCTAssertGreaterThan(binding, 0, "family \(family): the rules never changed the optimum of \(instances) instances")
        }
    }

    func testCombinedRulesReachTheExhaustiveOptimumOnTinyInstances() throws {
        for instance in 0..<12 {
            var rng = DeterministicRNG(seed: 0xC0B1_0000 &+ UInt64(instance))
            let families = Set(rng.subset(Family.allCases, p: 0.4))
            let scenario = RandomScenario.make(&rng, .alliance(.tiny, families: families), policy: Self.policy(&rng))
            try assertMatchesBruteForce(scenario, "families \(families.map(\.rawValue).sorted()), instance \(instance)")
        }
    }

    func testFairnessObjectivesReachTheExhaustiveOptimumOnTinyInstances() throws {
        for (index, objectives) in Self.fairnessPolicies.enumerated() {
            for instance in 0..<8 {
                var rng = DeterministicRNG(seed: 0xFA1E_0000 &+ UInt64(index * 100 + instance))
                var policy = Self.policy(&rng)
                policy.objectives = objectives
                if rng.chance(0.25) { policy.allowUnranked = true; policy.unrankedCost = 30 }
                let families: Set<Family> = instance % 3 == 2 ? [rng.pick(Family.allCases)] : []
                let scenario = RandomScenario.make(&rng, .alliance(.tiny, families: families), policy: policy)
                try assertMatchesBruteForce(
                    scenario, "objectives \(objectives.map(\.rawValue)), rules \(families.map(\.rawValue)), instance \(instance)")
            }
        }
    }
}

// MARK: - Directed cases of the reserved-seat semantics

extension AllianceRulesTests {
    /// Exclusive seats stay empty rather than go to another university; priority seats are released.
    func testExclusiveSeatsStayEmptyAndPrioritySeatsAreReleased() throws {
        let students = [HandScenario.student("A", "U2", prefs: ["X"]), HandScenario.student("B", "U2", prefs: ["X"])]
        for mode in AllianceRules.Reservation.Mode.allCases {
            var rules = AllianceRules()
            rules.reservations = [.init(base: "X", university: "U1", seats: 1, mode: mode, terms: [], origin: RandomScenario.origin)]
            let s = HandScenario.scenario(students, [HandScenario.base("X", seats: 2)], rules)
            for solver in Self.solvers {
                let outcome = try PlacementEngine().solve(s, options: .init(solver: solver))
                XCTAssertEqual(outcome.solver.status, .optimal)
                XCTAssertEqual(outcome.placedCount, mode == .exclusive ? 1 : 2, "\(mode), \(solver)")
            }
        }
    }

    /// ReservedSeats.swift: the priority covers "every applicant s of U who ranked b". A student of U
    /// who did not rank X (placed there only as an unranked placement) is not such an applicant, so
    /// B (who ranked X first) may take the seat and A stays unplaced (cost 1 instead of 100).
    func testPriorityCoversOnlyApplicantsWhoRankedTheBase() throws {
        var rules = AllianceRules()
        rules.reservations = [.init(base: "X", university: "U1", seats: 1, mode: .priority, terms: [], origin: RandomScenario.origin)]
        var policy = Policy()
        policy.allowUnranked = true
        policy.unrankedCost = 100
        let s = HandScenario.scenario(
            [HandScenario.student("A", "U1", prefs: []), HandScenario.student("B", "U2", prefs: ["X"])],
            [HandScenario.base("X", seats: 1)], rules, policy: policy)
        let best = try XCTUnwrap(AllianceBruteForce(checker: AllianceChecker(s)).optimum())
        XCTAssertEqual(describe(best.assignment, s), "A→- B→X/T1")
        for solver in Self.solvers {
            let outcome = try PlacementEngine().solve(s, options: .init(solver: solver))
            XCTAssertEqual(describe(outcome.allianceAssignment, s), "A→- B→X/T1", "\(solver)")
        }
    }
}

// MARK: - Loading the rules section, the base columns and the stability settings

extension AllianceRulesTests {
    static let rulesYAML = """
        format_version: 1
        name: rules
        terms: [T1, T2]
        universities: universities.csv
        students: students.csv
        bases: bases.csv
        policy:
          stability: required
          base_ranking: { score: grade, university_priority: [U2, U1] }
        rules:
          reservations:
            - { base: B1, university: U1, seats: 2, mode: priority, terms: [T1] }
            - { base: B2, university: U2, seats: 1 }
          groups:
            - { id: G1, students: [S1, S2], together: same_city }
            - { id: G2, students: [S3, S4] }
          apart:
            - [S1, S3]
          locks:
            - { student: S5, base: B2, term: T2 }
            - { student: S6, base: B1 }
          bans:
            - { student: S1, base: B2 }
          exchange:
            min_abroad_share: 0.5

        """

    static let rulesFiles: [String: String] = [
        "universities.csv": "id,name,country\nU1,Uni One,CN\nU2,Uni Two,VN\n",
        "students.csv": "id,name,university,nationality,field,languages,preferences\n"
            + (1...6).map { "S\($0),Student \($0),U\($0 % 2 + 1),VN,software,en: B2,B1 > B2\n" }.joined(),
        "bases.csv": "id,name,kind,country,city,fields,languages,capacity:T1,capacity:T2,min_interns,max_nationality_share\n"
            + "B1,Base One,asean_firm,TH,Bangkok,software,en: B1,3,2,2,0.5\n"
            + "B2,Base Two,asean_firm,VN,Hanoi,software,en: B1,2,2,,\n"
    ]

    func load(
        yaml: String = AllianceRulesTests.rulesYAML, replacing edits: [(String, String)] = [], bases: String? = nil
    ) throws -> (Scenario?, [Diagnostic]) {
        var text = yaml
        for (old, new) in edits {
            XCTAssertTrue(text.contains(old), "fixture lacks \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        var files = Self.rulesFiles
        files["scenario.yaml"] = text
        if let bases { files["bases.csv"] = bases }
        let folder = try TempScenarioFolder.write(files)
        defer { TempScenarioFolder.remove(folder) }
        return ScenarioLoader().check(path: folder.appendingPathComponent("scenario.yaml").path)
    }

    func testRulesSectionBaseColumnsAndStabilitySettingsLoadWithTheRightValues() throws {
        let (loaded, diagnostics) = try load()
        XCTAssertEqual(diagnostics.filter { $0.severity == .error }.map(\.description), [])
        let s = try XCTUnwrap(loaded)
        let r = s.rules
        XCTAssertEqual(
            r.reservations.map { "\($0.base) \($0.university) \($0.seats) \($0.mode.rawValue) \($0.terms)" },
            ["B1 U1 2 priority [\"T1\"]", "B2 U2 1 exclusive []"])
        XCTAssertEqual(
            r.groups.map { "\($0.id) \($0.students) \($0.together.rawValue)" },
            ["G1 [\"S1\", \"S2\"] same_city", "G2 [\"S3\", \"S4\"] same_base_and_term"])
        XCTAssertEqual(r.apart.map { "\($0.first)-\($0.second)" }, ["S1-S3"])
        XCTAssertEqual(r.locks.map { "\($0.student)->\($0.base)/\($0.term ?? "*")" }, ["S5->B2/T2", "S6->B1/*"])
        XCTAssertEqual(r.bans.map { "\($0.student)x\($0.base)" }, ["S1xB2"])
        XCTAssertEqual(r.minAbroadShare, 0.5)
        XCTAssertEqual(s.bases.map(\.minInterns), [2, 0])
        XCTAssertEqual(s.bases.map(\.maxNationalityShare), [0.5, nil])
        XCTAssertEqual(s.bases[0].nationalityLimit(in: "T1"), 1, "max(1, ⌊0.5 × 3⌋)")
        XCTAssertEqual(s.policy.stability, .required)
        XCTAssertEqual(s.policy.baseRanking.score, .grade)
        XCTAssertEqual(s.policy.baseRanking.universityPriority, ["U2", "U1"])
        // Defaults when the keys are absent.
        let (plain, _) = try load(replacing: [
            ("  stability: required\n  base_ranking: { score: grade, university_priority: [U2, U1] }\n", "  rank_cost: squared\n")
        ])
        XCTAssertEqual(plain?.policy.stability, .report)
        XCTAssertEqual(plain?.policy.baseRanking.score, .score)
        XCTAssertEqual(plain?.policy.baseRanking.universityPriority, [])
    }

    /// Asserts the scenario is refused with an error naming `field` (and the value, when given).
    func expectError(_ result: (Scenario?, [Diagnostic]), field: String, value: String? = nil, file: StaticString = #filePath, line: UInt = #line) {
        let errors = result.1.filter { $0.severity == .error }
        XCTAssertNil(result.0, "must not load", file: file, line: line)
        XCTAssertTrue(
            errors.contains { $0.field == field && (value == nil || $0.value == value) },
            "no error for field \(field) value \(value ?? "-"); got:\n\(errors.map(\.description).joined(separator: "\n"))", file: file, line: line)
    }

    func testBadRuleValuesGiveDiagnosticsNamingTheField() throws {
        expectError(try load(replacing: [("  exchange:", "  quotas: []\n  exchange:")]), field: "rules.quotas")
        expectError(try load(replacing: [("seats: 2, mode: priority", "seats: 0, mode: priority")]), field: "rules.reservations.seats", value: "0")
        expectError(try load(replacing: [("mode: priority", "mode: first_come")]), field: "rules.reservations.mode", value: "first_come")
        expectError(try load(replacing: [("students: [S3, S4]", "students: [S3]")]), field: "rules.groups.students")
        expectError(try load(replacing: [("student: S6, base: B1", "student: S77, base: B1")]), field: "rules.locks.student", value: "S77")
        expectError(try load(replacing: [("students: [S3, S4]", "students: [S3, S1]")]), field: "rules.groups.students", value: "S1")
        expectError(try load(replacing: [("min_abroad_share: 0.5", "min_abroad_share: 1.5")]), field: "rules.exchange.min_abroad_share", value: "1.5")
        expectError(try load(replacing: [("together: same_city", "together: same_country")]), field: "rules.groups.together", value: "same_country")
        expectError(try load(replacing: [("stability: required", "stability: maybe")]), field: "policy.stability", value: "maybe")
        expectError(try load(replacing: [("score: grade", "score: charm")]), field: "policy.base_ranking.score", value: "charm")
        let header = "id,name,kind,country,city,fields,languages,capacity:T1,capacity:T2,min_interns,max_nationality_share\n"
        for share in ["0", "1.5", "-0.2"] {
            expectError(
                try load(
                    bases: header
                        + "B1,Base One,asean_firm,TH,Bangkok,software,en: B1,3,2,2,\(share)\nB2,Base Two,asean_firm,VN,Hanoi,software,en: B1,2,2,,\n"),
                field: "max_nationality_share", value: share)
        }
        expectError(
            try load(
                bases: header
                    + "B1,Base One,asean_firm,TH,Bangkok,software,en: B1,3,2,-1,0.5\nB2,Base Two,asean_firm,VN,Hanoi,software,en: B1,2,2,,\n"),
            field: "min_interns", value: "-1")
    }
}
