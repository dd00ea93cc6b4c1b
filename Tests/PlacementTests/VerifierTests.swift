import Foundation
import PlacementEngine
import PlacementVerifier
import XCTest

/// `placement verify`: valid reports verify clean, and every way of breaking one is caught with
/// the right violation kind.
final class VerifierTests: XCTestCase {
    // MARK: Fixtures

    static let root = PackageLayout.root
    static func scenario(_ name: String) -> URL { root.appendingPathComponent("Scenarios/\(name)/scenario.yaml") }
    static func report(_ name: String) -> URL { root.appendingPathComponent("Reports/\(name)") }

    var scratch: URL!

    override func setUpWithError() throws {
        scratch = try TempScenarioFolder.makeDirectory("verifier-tests")
    }

    override func tearDownWithError() throws {
        if let scratch { TempScenarioFolder.remove(scratch) }
    }

    func verify(_ scenario: URL, _ report: URL) throws -> VerificationResult {
        try PlacementEngine().verify(scenarioPath: scenario.path, reportFolder: report.path, options: LoadOptions())
    }

    func assertClean(_ result: VerificationResult, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(
            result.isVerified, "\(what): \(result.violations.prefix(10).map(\.description).joined(separator: "\n"))",
            file: file, line: line)
    }

    /// Copies a report folder into the scratch folder.
    func copyReport(_ from: URL, as name: String = "report") throws -> URL {
        let to = scratch.appendingPathComponent(name)
        try FileManager.default.copyItem(at: from, to: to)
        return to
    }

    // MARK: Editing a report the way a tamperer would

    func readJSON(_ url: URL) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    func writeJSON(_ object: [String: Any], to url: URL) throws {
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]).write(to: url)
    }

    /// Edits report.json, then rewrites placements.csv and rosters.csv to agree with it and
    /// re-hashes manifest.json, so that only the edit itself is wrong.
    func mutate(_ folder: URL, _ edit: (inout [String: Any]) throws -> Void) throws {
        let url = folder.appendingPathComponent("report.json")
        var report = try readJSON(url)
        try edit(&report)
        try writeJSON(report, to: url)
        var placements = "student_id,status,base_id,term\n"
        var rosters = "base_id,term,student_id\n"
        for case let entry as [String: Any] in report["placements"] as? [Any] ?? [] {
            let id = entry["student"] as? String ?? "", status = entry["status"] as? String ?? ""
            let base = entry["base"] as? String ?? "", term = entry["term"] as? String ?? ""
            placements += "\(id),\(status),\(base),\(term)\n"
            if status == "placed" { rosters += "\(base),\(term),\(id)\n" }
        }
        try placements.write(to: folder.appendingPathComponent("placements.csv"), atomically: true, encoding: .utf8)
        try rosters.write(to: folder.appendingPathComponent("rosters.csv"), atomically: true, encoding: .utf8)
        try ReportTampering.rehashManifest(folder, objectives: true)
    }

    /// Index of a student's entry in report.json's placements.
    func entryIndex(_ report: [String: Any], _ student: String) throws -> Int {
        let list = try XCTUnwrap(report["placements"] as? [Any])
        return try XCTUnwrap(list.firstIndex { ($0 as? [String: Any])?["student"] as? String == student }, "no entry for \(student)")
    }

    /// Puts a student at (base, term) in report.json.
    func move(_ report: inout [String: Any], _ student: String, to base: String, _ term: String) throws {
        var list = try XCTUnwrap(report["placements"] as? [Any])
        let i = try entryIndex(report, student)
        var entry = try XCTUnwrap(list[i] as? [String: Any])
        entry["status"] = "placed"
        entry["base"] = base
        entry["term"] = term
        entry["reason"] = NSNull()
        entry["reason_code"] = NSNull()
        if entry["rank"] == nil || entry["rank"] is NSNull { entry["rank"] = 1 }
        if entry["cost"] == nil || entry["cost"] is NSNull { entry["cost"] = 1 }
        list[i] = entry
        report["placements"] = list
    }

    func unplace(_ report: inout [String: Any], _ student: String) throws {
        var list = try XCTUnwrap(report["placements"] as? [Any])
        let i = try entryIndex(report, student)
        var entry = try XCTUnwrap(list[i] as? [String: Any])
        entry["status"] = "unplaced"
        for key in ["base", "term", "rank", "cost"] { entry[key] = NSNull() }
        entry["reason_code"] = "left_out"
        list[i] = entry
        report["placements"] = list
    }

    /// The placed entries of a report: student → (base, term).
    func placed(_ report: [String: Any]) -> [(student: String, base: String, term: String)] {
        (report["placements"] as? [Any] ?? []).compactMap { item in
            guard let e = item as? [String: Any], e["status"] as? String == "placed" else { return nil }
            return (e["student"] as! String, e["base"] as! String, e["term"] as! String)
        }
    }

    /// Verifies a mutated copy and checks the expected kind is among the violations.
    func assertCaught(_ kind: String, scenario: URL, report: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try verify(scenario, report)
        print("mutation expecting \(kind): found \(result.kinds.joined(separator: ", "))")
        XCTAssertTrue(
            result.violations.contains { $0.kind == kind },
            "expected a \(kind) violation; got \(result.kinds.joined(separator: ", "))", file: file, line: line)
        for v in result.violations where v.kind == kind {
            XCTAssertFalse(v.message.isEmpty, file: file, line: line)
        }
    }

    // MARK: Valid reports verify clean

    func testCommittedReportsVerifyClean() throws {
        for name in ["small-alliance", "alliance-term", "alliance-rules"] {
            let result = try verify(Self.scenario(name), Self.report(name))
            assertClean(result, name)
            XCTAssertGreaterThan(result.placements, 0)
            XCTAssertTrue(result.verdict.hasPrefix("verified: \(result.placements) placements, \(result.checks.count) checks, no violation"))
        }
    }

    func testRandomSolvedScenariosVerifyClean() throws {
        var verified = 0
        for seed in 1...8 {
            let folder = scratch.appendingPathComponent("random-\(seed)")
            let path = try RandomScenario.writePolicyMix(seed: seed, to: folder)
            let engine = PlacementEngine()
            let scenario = try engine.load(path: path.path)
            let outcome = try engine.solve(scenario)
            guard outcome.solver.status == .optimal || outcome.solver.status == .feasible else { continue }
            let reports = scratch.appendingPathComponent("random-\(seed)-report")
            _ = try engine.writeReports(
                scenario, outcome, to: reports.path,
                settings: ReportSettings(toolVersion: PlacementEngine.toolVersion, glpkVersion: PlacementEngine.glpkVersion),
                force: false)
            assertClean(try verify(path, reports), "random scenario \(seed)")
            verified += 1
        }
        XCTAssertGreaterThanOrEqual(verified, 6, "most random scenarios should be feasible")
    }

    // MARK: Mutations of small-alliance's report

    /// A placed student of small-alliance and a base she may not go to by one rule.
    func smallAlliance() throws -> (scenario: Scenario, report: [String: Any]) {
        let scenario = try PlacementEngine().load(path: Self.scenario("small-alliance").path)
        return (scenario, try readJSON(Self.report("small-alliance").appendingPathComponent("report.json")))
    }

    func testIneligibleFieldIsCaught() throws {
        let (scenario, report) = try smallAlliance()
        let p = try XCTUnwrap(placed(report).first)
        let student = try XCTUnwrap(scenario.students.first { $0.id == p.student })
        let base = try XCTUnwrap(scenario.bases.first { !$0.fields.isEmpty && !$0.fields.contains(student.field) })
        let folder = try copyReport(Self.report("small-alliance"))
        try mutate(folder) { try move(&$0, p.student, to: base.id, p.term) }
        try assertCaught("ineligible_field", scenario: Self.scenario("small-alliance"), report: folder)
    }

    func testUnmetLanguageIsCaught() throws {
        let (scenario, report) = try smallAlliance()
        var choice: (String, String, String)?
        for p in placed(report) {
            let s = scenario.students.first { $0.id == p.student }!
            if let b = scenario.bases.first(where: { b in
                !b.languageRequirement.isEmpty && !b.languageRequirement.contains { (s.languages[$0.language]?.value ?? 0) >= $0.minimum.value }
            }) {
                choice = (p.student, b.id, p.term); break
            }
        }
        let (student, base, term) = try XCTUnwrap(choice)
        let folder = try copyReport(Self.report("small-alliance"))
        try mutate(folder) { try move(&$0, student, to: base, term) }
        try assertCaught("ineligible_language", scenario: Self.scenario("small-alliance"), report: folder)
    }

    func testExcludedCountryIsCaught() throws {
        let (scenario, _) = try smallAlliance()
        let student = try XCTUnwrap(scenario.students.first { !$0.excludedCountries.isEmpty })
        let base = try XCTUnwrap(scenario.bases.first { student.excludedCountries.contains($0.country) })
        let folder = try copyReport(Self.report("small-alliance"))
        try mutate(folder) { try move(&$0, student.id, to: base.id, scenario.terms[0].id) }
        try assertCaught("country_excluded", scenario: Self.scenario("small-alliance"), report: folder)
    }

    func testUnavailableTermIsCaught() throws {
        let (scenario, report) = try smallAlliance()
        let p = try XCTUnwrap(placed(report).first { p in scenario.students.first { $0.id == p.student }!.availableTerms.count == 1 })
        let other = try XCTUnwrap(scenario.terms.map(\.id).first { $0 != p.term })
        let folder = try copyReport(Self.report("small-alliance"))
        try mutate(folder) { try move(&$0, p.student, to: p.base, other) }
        try assertCaught("unavailable_term", scenario: Self.scenario("small-alliance"), report: folder)
    }

    func testExceededCapacityIsCaught() throws {
        let (scenario, report) = try smallAlliance()
        // Everyone placed in the first base-term with seats is joined by three more placed students.
        let target = try XCTUnwrap(placed(report).first)
        let seats = try XCTUnwrap(scenario.bases.first { $0.id == target.base }?.capacity[target.term])
        let movers = placed(report).filter { $0.base != target.base }.prefix(seats + 1)
        let folder = try copyReport(Self.report("small-alliance"))
        try mutate(folder) { r in for m in movers { try move(&r, m.student, to: target.base, target.term) } }
        try assertCaught("capacity_exceeded", scenario: Self.scenario("small-alliance"), report: folder)
    }

    func testStudentPlacedTwiceIsCaught() throws {
        let (_, report) = try smallAlliance()
        let p = try XCTUnwrap(placed(report).first)
        let other = try XCTUnwrap(placed(report).first { $0.base != p.base })
        let folder = try copyReport(Self.report("small-alliance"))
        try mutate(folder) { r in
            var list = r["placements"] as! [Any]
            var copy = list[try entryIndex(r, p.student)] as! [String: Any]
            copy["base"] = other.base
            copy["term"] = other.term
            list.append(copy)
            r["placements"] = list
        }
        try assertCaught("duplicate_student", scenario: Self.scenario("small-alliance"), report: folder)
    }

    func testDroppedStudentIsCaught() throws {
        let folder = try copyReport(Self.report("small-alliance"))
        try mutate(folder) { r in
            var list = r["placements"] as! [Any]
            list.removeLast()
            r["placements"] = list
        }
        try assertCaught("missing_student", scenario: Self.scenario("small-alliance"), report: folder)
    }

    func testAlteredObjectiveIsCaught() throws {
        let folder = try copyReport(Self.report("small-alliance"))
        try mutate(folder) { r in
            var solver = r["solver"] as! [String: Any]
            var stages = solver["objectives"] as! [[String: Any]]
            let i = try XCTUnwrap(stages.firstIndex { $0["name"] as? String == "cost" })
            stages[i]["value"] = (stages[i]["value"] as! Double) - 1
            solver["objectives"] = stages
            r["solver"] = solver
        }
        try assertCaught("objective_mismatch", scenario: Self.scenario("small-alliance"), report: folder)
    }

    func testAlteredSummaryCountIsCaught() throws {
        let folder = try copyReport(Self.report("small-alliance"))
        try mutate(folder) { r in
            var summary = r["summary"] as! [String: Any]
            summary["placed"] = (summary["placed"] as! Int) + 1
            var byRank = summary["by_rank"] as! [String: Any]
            byRank["1"] = (byRank["1"] as! Int) + 1
            summary["by_rank"] = byRank
            r["summary"] = summary
        }
        try assertCaught("summary_mismatch", scenario: Self.scenario("small-alliance"), report: folder)
    }

    func testEditedInputFileIsCaught() throws {
        let scenarioCopy = scratch.appendingPathComponent("small-alliance")
        try FileManager.default.copyItem(at: Self.scenario("small-alliance").deletingLastPathComponent(), to: scenarioCopy)
        let csv = scenarioCopy.appendingPathComponent("students.csv")
        var text = try String(contentsOf: csv, encoding: .utf8)
        text = text.replacingOccurrences(
            of: "S001,王伟,GUET,CN,electronic_information,\"en: B1, zh: native\",2.51",
            with: "S001,王伟,GUET,CN,electronic_information,\"en: B1, zh: native\",2.52")
        try text.write(to: csv, atomically: true, encoding: .utf8)
        let scenarioFile = scenarioCopy.appendingPathComponent("scenario.yaml")
        try assertCaught("input_hash_mismatch", scenario: scenarioFile, report: Self.report("small-alliance"))
        // The untouched copy itself verifies clean.
        let clean = scratch.appendingPathComponent("small-alliance-clean")
        try FileManager.default.copyItem(at: Self.scenario("small-alliance").deletingLastPathComponent(), to: clean)
        assertClean(try verify(clean.appendingPathComponent("scenario.yaml"), Self.report("small-alliance")), "scenario copy")
    }

    func testEditedOutputFileIsCaught() throws {
        let folder = try copyReport(Self.report("small-alliance"))
        let summary = folder.appendingPathComponent("summary.md")
        try (String(contentsOf: summary, encoding: .utf8) + "\nEdited after the fact.\n").write(to: summary, atomically: true, encoding: .utf8)
        let result = try verify(Self.scenario("small-alliance"), folder)
        XCTAssertEqual(result.kinds, ["output_hash_mismatch"])
        XCTAssertTrue(result.violations[0].message.contains("summary.md"))
    }

    func testPlacementsCSVDisagreeingWithReportIsCaught() throws {
        let (_, report) = try smallAlliance()
        let p = try XCTUnwrap(placed(report).first)
        let other = try XCTUnwrap(placed(report).first { $0.base != p.base })
        let folder = try copyReport(Self.report("small-alliance"))
        let csv = folder.appendingPathComponent("placements.csv")
        var lines = try String(contentsOf: csv, encoding: .utf8).components(separatedBy: "\n")
        let i = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("\(p.student),") })
        lines[i] = lines[i].replacingOccurrences(of: ",\(p.base),", with: ",\(other.base),")
        try lines.joined(separator: "\n").write(to: csv, atomically: true, encoding: .utf8)
        try ReportTampering.rehashManifest(folder, objectives: true)
        let result = try verify(Self.scenario("small-alliance"), folder)
        XCTAssertEqual(result.kinds, ["placements_csv_mismatch"])
    }

    // MARK: Mutations against alliance rules (a small scenario built here)

    /// Six bases, twelve students, every rule family that has a mutation test.
    func rulesScenario() throws -> URL {
        let folder = scratch.appendingPathComponent("rules")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let yaml = """
            format_version: 1
            name: rules-test
            terms: [T1, T2]
            universities: universities.csv
            students: students.csv
            bases: bases.csv
            policy:
              objectives: [max_placed, min_cost]
              rank_cost: linear
            rules:
              groups:
                - { id: pair, students: [S01, S02], together: same_base_and_term }
              locks:
                - { student: S03, base: B3, term: T2 }
              bans:
                - { student: S04, base: B1 }
            """
        let universities = """
            id,name,country,city,latitude,longitude
            U1,One,CN,Guilin,25.28,110.29
            U2,Two,TH,Bangkok,13.75,100.50
            """
        let bases = """
            id,name,kind,country,city,latitude,longitude,fields,languages,capacity:T1,capacity:T2,min_interns,max_nationality_share
            B1,Big,asean_firm,TH,Bangkok,13.75,100.50,software,en: B1,4,4,0,0.5
            B2,Pair,asean_firm,VN,Hanoi,21.02,105.83,software,,3,3,2,
            B3,Lab,university_lab,CN,Guilin,25.28,110.29,software,,2,2,0,
            B4,Small,bri_enterprise,LA,Vientiane,17.97,102.63,software,,1,1,0,
            """
        var students = "id,name,university,nationality,field,languages,grade,terms,excluded_countries,preferences\n"
        let nationalities = ["CN", "CN", "TH", "CN", "CN", "TH", "CN", "CN", "TH", "CN", "CN", "TH"]
        let prefs = ["B2|B1", "B2|B1", "B3|B1", "B1|B2|B3", "B1|B2", "B1|B3", "B1|B2", "B1|B4", "B1|B2", "B1|B3|B4", "B4|B1", "B3|B2"]
        for i in 0..<12 {
            let id = String(format: "S%02d", i + 1)
            students += "\(id),Student \(i + 1),\(i % 3 == 2 ? "U2" : "U1"),\(nationalities[i]),software,\"en: B2\",\(60 + i),,,\(prefs[i])\n"
        }
        try yaml.write(to: folder.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
        try universities.write(to: folder.appendingPathComponent("universities.csv"), atomically: true, encoding: .utf8)
        try bases.write(to: folder.appendingPathComponent("bases.csv"), atomically: true, encoding: .utf8)
        try students.write(to: folder.appendingPathComponent("students.csv"), atomically: true, encoding: .utf8)
        return folder.appendingPathComponent("scenario.yaml")
    }

    /// Solves a scenario and writes its report into the scratch folder.
    func solvedReport(_ scenarioPath: URL, name: String) throws -> URL {
        let engine = PlacementEngine()
        let scenario = try engine.load(path: scenarioPath.path)
        let outcome = try engine.solve(scenario)
        XCTAssertEqual(outcome.solver.status, .optimal)
        let folder = scratch.appendingPathComponent(name)
        _ = try engine.writeReports(
            scenario, outcome, to: folder.path,
            settings: ReportSettings(toolVersion: PlacementEngine.toolVersion, glpkVersion: PlacementEngine.glpkVersion),
            force: false)
        return folder
    }

    func testBrokenAllianceRulesAreCaught() throws {
        let scenarioPath = try rulesScenario()
        let original = try solvedReport(scenarioPath, name: "rules-report")
        assertClean(try verify(scenarioPath, original), "rules scenario as solved")
        let report = try readJSON(original.appendingPathComponent("report.json"))
        let placements = placed(report)
        var n = 0
        func fresh() throws -> URL {
            n += 1
            let to = scratch.appendingPathComponent("rules-mutant-\(n)")
            try FileManager.default.copyItem(at: original, to: to)
            return to
        }

        // min_interns: B2 takes none or at least 2 per term; leave it exactly one intern in T1.
        let atB2 = placements.filter { $0.base == "B2" && $0.term == "T1" }.map(\.student)
        var folder = try fresh()
        if atB2.isEmpty {
            let loner = try XCTUnwrap(placements.first { $0.base != "B2" && !["S01", "S02", "S03"].contains($0.student) })
            try mutate(folder) { try move(&$0, loner.student, to: "B2", "T1") }
        } else {
            XCTAssertGreaterThanOrEqual(atB2.count, 2)
            try mutate(folder) { r in for s in atB2.dropFirst() { try unplace(&r, s) } }
        }
        try assertCaught("min_interns", scenario: scenarioPath, report: folder)

        // Nationality share: B1 takes at most max(1, ⌊0.5 × 4⌋) = 2 of one nationality per term.
        let cn = ["S04", "S05", "S07", "S08", "S10", "S11"].filter { $0 != "S04" }
        folder = try fresh()
        try mutate(folder) { r in for s in cn.prefix(3) { try move(&r, s, to: "B1", "T1") } }
        try assertCaught("nationality_share", scenario: scenarioPath, report: folder)

        // Lock: S03 must be at B3 in T2.
        XCTAssertTrue(placements.contains { $0.student == "S03" && $0.base == "B3" && $0.term == "T2" })
        folder = try fresh()
        try mutate(folder) { try move(&$0, "S03", to: "B3", "T1") }
        try assertCaught("lock_violated", scenario: scenarioPath, report: folder)

        // Ban: S04 must not be at B1.
        folder = try fresh()
        try mutate(folder) { try move(&$0, "S04", to: "B1", "T2") }
        try assertCaught("banned_pair", scenario: scenarioPath, report: folder)

        // Group: S01 and S02 together, or neither placed.
        let s01 = placements.first { $0.student == "S01" }
        folder = try fresh()
        if let s01 {
            try mutate(folder) { try unplace(&$0, s01.student) }
            try assertCaught("group_partly_placed", scenario: scenarioPath, report: folder)
            folder = try fresh()
            try mutate(folder) { try move(&$0, "S01", to: "B1", s01.term == "T1" ? "T2" : "T1") }
            try assertCaught("group_not_together", scenario: scenarioPath, report: folder)
        } else {
            try mutate(folder) { try move(&$0, "S01", to: "B2", "T1") }
            try assertCaught("group_partly_placed", scenario: scenarioPath, report: folder)
        }
    }

    func testBlockingPairIsCaughtWhenStabilityIsRequired() throws {
        let folder = scratch.appendingPathComponent("stable")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let yaml = """
            format_version: 1
            name: stable-test
            terms: [T1]
            universities: [{ id: U1, country: CN }]
            students: students.csv
            bases: bases.csv
            policy:
              objectives: [max_placed, min_cost]
              stability: required
              base_ranking: { score: grade }
            """
        let bases = """
            id,kind,country,fields,capacity
            A,asean_firm,TH,,1
            B,asean_firm,VN,,1
            C,asean_firm,MY,,1
            """
        let students = """
            id,university,nationality,field,grade,preferences
            S1,U1,CN,software,90,A|B|C
            S2,U1,CN,software,80,A|B|C
            S3,U1,CN,software,70,A|B|C
            """
        try yaml.write(to: folder.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
        try bases.write(to: folder.appendingPathComponent("bases.csv"), atomically: true, encoding: .utf8)
        try students.write(to: folder.appendingPathComponent("students.csv"), atomically: true, encoding: .utf8)
        let scenarioPath = folder.appendingPathComponent("scenario.yaml")
        let original = try solvedReport(scenarioPath, name: "stable-report")
        assertClean(try verify(scenarioPath, original), "stable scenario as solved")
        // The stable matching is S1→A, S2→B, S3→C. Swapping S1 and S2 keeps every count and rule
        // but A prefers S1 (grade 90) to S2, and S1 prefers A to B: a blocking pair.
        let mutant = scratch.appendingPathComponent("stable-mutant")
        try FileManager.default.copyItem(at: original, to: mutant)
        try mutate(mutant) { r in
            try move(&r, "S1", to: "B", "T1")
            try move(&r, "S2", to: "A", "T1")
        }
        let result = try verify(scenarioPath, mutant)
        XCTAssertTrue(result.kinds.contains("blocking_pair"), "\(result.kinds)")
        XCTAssertTrue(result.violations.contains { $0.kind == "blocking_pair" && $0.message.contains("S1") && $0.message.contains("A/T1") })
    }

    func testMissingReportFolderIsInvalidInput() throws {
        XCTAssertThrowsError(try verify(Self.scenario("small-alliance"), scratch.appendingPathComponent("nothing-here")))
        XCTAssertThrowsError(try verify(scratch.appendingPathComponent("no-scenario.yaml"), Self.report("small-alliance")))
    }
}
