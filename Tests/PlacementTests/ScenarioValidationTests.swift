import Foundation
import PlacementDomain
import PlacementEngine
import PlacementScenarioIO
import XCTest

// MARK: - Invalid scenarios

/// Every invalid scenario under Scenarios/invalid is refused with a diagnostic that names the
/// file, line (and CSV row), field, the offending value and what was expected; none traps.
final class ScenarioValidationTests: XCTestCase {
    static let invalidFolder = PackageLayout.invalidScenarios

    /// Loads Scenarios/invalid/<name>/scenario.yaml; asserts it is refused, returns the errors.
    private func errors(_ name: String, file: StaticString = #filePath, line: UInt = #line) -> [Diagnostic] {
        invalidScenarioErrors(name, file: file, line: line)
    }

    /// Asserts one of the diagnostics matches (row and value only when given); prints them all otherwise.
    @discardableResult
    private func expect(
        _ diagnostics: [Diagnostic], file name: String, line: Int?, row: Int? = nil, field: String?,
        value: String? = nil, expected: String,
        file: StaticString = #filePath, line testLine: UInt = #line
    ) -> Diagnostic? {
        expectDiagnostic(
            diagnostics, file: name, line: line, row: row, field: field, value: value, exactly: false, expected: [expected],
            file: file, line: testLine)
    }

    func testBadYAMLSyntaxNamesTheScenarioFileAndLine() {
        let e = errors("bad-yaml-syntax")
        XCTAssertEqual(e.count, 1)
        let d = e[0]
        XCTAssertEqual(d.file, "scenario.yaml")
        XCTAssertTrue(d.expected.contains("valid YAML or JSON"), d.expected)
        // The unclosed flow sequence opens on line 3; the parser notices on line 4 at the latest.
        XCTAssertNotNil(d.line)
        XCTAssertTrue((3...4).contains(d.line ?? 0), "line \(String(describing: d.line)): \(d)")
    }

    func testUnknownTopLevelKeyIsNamedWithItsLine() {
        let e = errors("unknown-top-level-key")
        expect(e, file: "scenario.yaml", line: 7, field: "polcy", expected: "a known top-level key")
    }

    func testNewerFormatVersionAsksForANewerTool() {
        let e = errors("newer-format-version")
        XCTAssertEqual(e.count, 1, "nothing else is read from a newer file: \(e)")
        expect(e, file: "scenario.yaml", line: 1, field: "format_version", value: "2", expected: "newer version of placement")
    }

    func testMissingStudentsTableIsReported() {
        let e = errors("missing-students-table")
        expect(e, file: "scenario.yaml", line: nil, field: "students", expected: "a students table")
    }

    func testUnterminatedQuoteInCSVNamesTheLineWhereTheQuoteOpened() {
        let e = errors("csv-unterminated-quote")
        expect(e, file: "students.csv", line: 3, field: nil, expected: "opened on line 3 is never closed")
    }

    func testUnknownUniversityNamesTheStudentRowAndValue() {
        let e = errors("unknown-university")
        expect(e, file: "students.csv", line: 3, field: "university", value: "U9", expected: "the id of a university")
    }

    func testUnknownPreferredBaseNamesTheValue() {
        let e = errors("unknown-preferred-base")
        XCTAssertEqual(e.count, 1, "\(e)")
        expect(e, file: "students.csv", line: 3, field: "preferences", value: "B7", expected: "the id of a base")
    }

    func testDuplicateStudentIDPointsToTheFirstUse() {
        let e = errors("duplicate-student-id")
        expect(e, file: "students.csv", line: 4, field: "id", value: "S1", expected: "already used at students.csv:2")
    }

    func testBadLanguageLevelNamesRowFieldAndTheAcceptedForms() {
        let e = errors("bad-language-level")
        XCTAssertEqual(e.count, 1, "\(e)")
        let d = expect(e, file: "students.csv", line: 3, row: 2, field: "languages", value: "en: B3", expected: "CEFR level (A1–C2)")
        XCTAssertEqual(d?.row, 2)
    }

    func testBadCountryCodeNamesRowAndField() {
        let e = errors("bad-country-code")
        let d = expect(e, file: "students.csv", line: 2, row: 1, field: "nationality", value: "Vietnam", expected: "two-letter ISO 3166")
        XCTAssertEqual(d?.row, 1)
    }

    func testNegativeCapacityIsRefused() {
        let e = errors("negative-capacity")
        let d = expect(e, file: "bases.csv", line: 3, row: 2, field: "capacity:spring", value: "-1", expected: "a whole number from 0 to 100000")
        XCTAssertEqual(d?.row, 2)
    }

    func testFractionalCapacityIsRefused() {
        let e = errors("fractional-capacity")
        expect(e, file: "bases.csv", line: 2, row: 1, field: "capacity:spring", value: "1.5", expected: "a whole number")
    }

    func testHugeCapacityIsRefusedWithoutOverflow() {
        let e = errors("huge-capacity")
        expect(e, file: "bases.csv", line: 2, row: 1, field: "capacity:spring", value: "1000000000000", expected: "a whole number from 0 to 100000")
    }

    func testNaNGradeIsRefused() {
        let e = errors("nan-grade")
        expect(e, file: "students.csv", line: 3, row: 2, field: "grade", value: "NaN", expected: "a finite number between 0 and 100")
    }

    func testUnknownBaseKindListsTheKnownKinds() {
        let e = errors("unknown-base-kind")
        let d = expect(e, file: "bases.csv", line: 2, row: 1, field: "kind", value: "startup", expected: "one of asean_firm")
        for kind in BaseKind.allCases { XCTAssertTrue(d?.expected.contains(kind.rawValue) ?? false, kind.rawValue) }
    }

    func testCapacityColumnForAnUnknownTermIsRefused() {
        let e = errors("unknown-term-in-capacity-column")
        expect(e, file: "bases.csv", line: 2, row: 1, field: "capacity:autumn", expected: "capacity:TERM for a term of the scenario")
    }

    func testUnknownPolicyKeyIsAnErrorNotIgnored() {
        let e = errors("unknown-policy-key")
        let d = expect(e, file: "scenario.yaml", line: 9, field: "policy.max_travel_kms", expected: "a known policy setting")
        XCTAssertTrue(d?.expected.contains("max_travel_km") ?? false)
    }

    func testRosterPathOutsideTheScenarioFolderIsRefused() {
        let e = errors("roster-path-escapes-folder")
        expect(e, file: "scenario.yaml", line: 5, field: "students", value: "../../etc/passwd", expected: "a path inside the scenario's folder")
        XCTAssertFalse(e.contains { $0.file.contains("passwd") }, "the file outside must not be read: \(e)")
    }

    func testDuplicatePreferenceIsRefused() {
        let e = errors("duplicate-preference")
        expect(e, file: "students.csv", line: 2, field: "preferences", value: "B1", expected: "each base at most once")
    }

    func testSeveralErrorsInOneScenarioAreAllReported() {
        let e = errors("several-errors-at-once")
        expect(e, file: "students.csv", line: 3, row: 2, field: "nationality", value: "Thailand", expected: "two-letter")
        expect(e, file: "students.csv", line: 4, row: 3, field: "grade", value: "7000", expected: "a finite number between 0 and 100")
        expect(e, file: "students.csv", line: 5, row: 4, field: "languages", value: "zh: HSK10", expected: "HSK level")
        expect(e, file: "bases.csv", line: 3, row: 2, field: "kind", value: "railway", expected: "one of")
        expect(e, file: "bases.csv", line: 3, row: 2, field: "capacity:spring", value: "-3", expected: "a whole number")
        XCTAssertGreaterThanOrEqual(e.count, 5, e.map(\.description).joined(separator: "\n"))
    }

    /// Every case folder is covered by a test above and described in the README.
    func testEveryInvalidCaseIsListedInTheReadme() throws {
        let readme = try String(contentsOf: Self.invalidFolder.appendingPathComponent("README.md"), encoding: .utf8)
        let cases = try FileManager.default.contentsOfDirectory(atPath: Self.invalidFolder.path).filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: Self.invalidFolder.appendingPathComponent($0).path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }
        XCTAssertGreaterThanOrEqual(cases.count, 20)
        for name in cases {
            XCTAssertTrue(readme.contains("`\(name)`"), "README.md does not describe \(name)")
            let path = Self.invalidFolder.appendingPathComponent(name).appendingPathComponent("scenario.yaml").path
            let (scenario, diagnostics) = ScenarioLoader().check(path: path)
            XCTAssertNil(scenario, name)
            XCTAssertTrue(diagnostics.contains { $0.severity == .error }, name)
        }
    }

    /// An over-long field is reported as too long (with the option that raises the limit),
    /// whether or not it is quoted.
    func testOverlongFieldIsReportedAsTooLongQuotedOrNot() throws {
        let long = String(repeating: "x", count: 12_000)
        for cell in [long, "\"\(long)\""] {
            let folder = try TempScenarioFolder.write([
                "scenario.yaml": TempScenarioFolder.minimalYAML,
                "universities.csv": "id,name,country\nU1,Uni,CN\n",
                "students.csv": "id,name,university,nationality,field,languages,preferences\nS1,\(cell),U1,VN,software,en: B2,B1\n",
                "bases.csv": "id,name,kind,country,fields,languages,capacity:T1\nB1,Base,asean_firm,TH,software,en: B1,1\n"
            ])
            defer { TempScenarioFolder.remove(folder) }
            let (scenario, diagnostics) = ScenarioLoader().check(path: folder.appendingPathComponent("scenario.yaml").path)
            XCTAssertNil(scenario)
            let quoted = cell.hasPrefix("\"") ? "quoted" : "unquoted"
            // PRODUCT BUG (quoted case): CSVTable.parse stops reading a quoted field at maxFieldBytes
            // and then reports "text after a closing quote on line 2" instead of the length limit.
            expect(
                diagnostics, file: "students.csv", line: 2, row: 1, field: "name",
                expected: "at most 10000 bytes (raise --max-field-bytes)")
            XCTAssertFalse(
                diagnostics.contains { $0.expected.contains("closing quote") },
                "\(quoted): \(diagnostics.map(\.description).joined(separator: "\n"))")
        }
    }

    // MARK: - Spreadsheet dialects that must load

    func testSemicolonBOMCRLFScenarioLoadsWithTheRightValues() throws {
        let path = PackageLayout.scenarios.appendingPathComponent("valid-dialects/scenario.yaml").path
        // The fixture really is the dialect it claims to be.
        let raw = try XCTUnwrap(
            FileManager.default.contents(atPath: PackageLayout.scenarios.appendingPathComponent("valid-dialects/students.csv").path))
        XCTAssertEqual(Array(raw.prefix(3)), [0xEF, 0xBB, 0xBF])
        XCTAssertTrue(String(decoding: raw, as: UTF8.self).contains("\r\n"))

        let (loaded, diagnostics) = ScenarioLoader().check(path: path)
        XCTAssertTrue(diagnostics.filter { $0.severity == .error }.isEmpty, diagnostics.map(\.description).joined(separator: "\n"))
        XCTAssertTrue(diagnostics.isEmpty, "no warnings either: \(diagnostics.map(\.description).joined(separator: "\n"))")
        let scenario = try XCTUnwrap(loaded)
        XCTAssertEqual(scenario.terms.map(\.id), ["2027-spring", "2027-autumn"])
        XCTAssertEqual(scenario.universities.map(\.id), ["GUET", "CU"])
        XCTAssertEqual(scenario.universities[1].name, "จุฬาลงกรณ์มหาวิทยาลัย, Bangkok")
        XCTAssertEqual(scenario.universities[0].location?.latitude, 25.2866)

        XCTAssertEqual(scenario.students.map(\.id), ["S001", "S002", "S003"])
        let s1 = scenario.students[0], s2 = scenario.students[1], s3 = scenario.students[2]
        XCTAssertEqual(s1.name, "Nguyễn, Thị Hương")
        XCTAssertEqual(s1.languages.mapValues(\.value), ["en": 4, "zh": 4, "vi": 6])
        XCTAssertEqual(s1.gradeAverage, 3.4)
        XCTAssertEqual(s1.availableTerms, ["2027-spring"])
        XCTAssertEqual(s1.preferences, ["B01", "B02"])
        XCTAssertEqual(s1.origin.line, 2)
        XCTAssertEqual(s2.name, "สมชาย, ใจดี")
        XCTAssertEqual(s2.languages.mapValues(\.value), ["en": 3, "th": 6])
        XCTAssertEqual(s2.availableTerms, [])
        XCTAssertEqual(s2.excludedCountries, ["LA"])
        XCTAssertEqual(s2.preferences, ["B02"])
        XCTAssertEqual(s3.name, "王芳, Wang \"Fang\"")
        XCTAssertEqual(s3.languages.mapValues(\.value), ["zh": 6, "en": 5])
        XCTAssertEqual(s3.availableTerms, ["2027-spring", "2027-autumn"])
        XCTAssertEqual(s3.origin.line, 4)

        XCTAssertEqual(scenario.bases.map(\.id), ["B01", "B02"])
        let b1 = scenario.bases[0], b2 = scenario.bases[1]
        XCTAssertEqual(b1.name, "Siam Software Co., Ltd.")
        XCTAssertEqual(b1.kind, .aseanFirm)
        XCTAssertEqual(b1.fields, ["software", "data_ai"])
        XCTAssertEqual(b1.capacity, ["2027-spring": 2, "2027-autumn": 1])
        XCTAssertEqual(b2.name, "老挝-中国铁路公司, Vientiane")
        XCTAssertEqual(b2.kind, .beltAndRoadEnterprise)
        XCTAssertEqual(b2.languageRequirement.map(\.description), ["zh HSK4", "en B2"])
        XCTAssertEqual(b2.capacity, ["2027-spring": 1, "2027-autumn": 0])

        // And it solves: S001 and S003 both want spring seats; S002 may not go to Laos.
        let outcome = try PlacementEngine().solve(scenario)
        XCTAssertEqual(outcome.solver.status, .optimal)
        XCTAssertEqual(outcome.placedCount, 2)
        XCTAssertNil(outcome.placements[1])
        XCTAssertEqual(outcome.unplacedReasons[1]?.code, "no_eligible_base")
    }

    func testCRLFBOMSemicolonAndLFCommaVersionsLoadTheSameScenario() throws {
        let comma = try TempScenarioFolder.write([
            "scenario.yaml": TempScenarioFolder.minimalYAML,
            "universities.csv": "id,name,country\nU1,\"Uni, Main\",CN\n",
            "students.csv": "id,name,university,nationality,field,languages,preferences\nS1,\"Lê, An\",U1,VN,software,\"en: B2, zh: HSK4\",B1\n",
            "bases.csv": "id,name,kind,country,fields,languages,capacity:T1\nB1,\"Base, Ltd\",asean_firm,TH,software,en: B1,1\n"
        ])
        defer { TempScenarioFolder.remove(comma) }
        func dialect(_ text: String) -> String {
            "\u{FEFF}"
                + text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                    // Replace separators outside quotes only.
                    var out = "", quoted = false
                    for ch in line { if ch == "\"" { quoted.toggle() }; out.append(!quoted && ch == "," ? ";" : ch) }
                    return out
                }.joined(separator: "\r\n")
        }
        let semicolon = try TempScenarioFolder.write([
            "scenario.yaml": TempScenarioFolder.minimalYAML,
            "universities.csv": dialect("id,name,country\nU1,\"Uni, Main\",CN\n"),
            "students.csv": dialect(
                "id,name,university,nationality,field,languages,preferences\nS1,\"Lê, An\",U1,VN,software,\"en: B2, zh: HSK4\",B1\n"),
            "bases.csv": dialect("id,name,kind,country,fields,languages,capacity:T1\nB1,\"Base, Ltd\",asean_firm,TH,software,en: B1,1\n")
        ])
        defer { TempScenarioFolder.remove(semicolon) }
        let a = try ScenarioLoader().load(path: comma.appendingPathComponent("scenario.yaml").path)
        let b = try ScenarioLoader().load(path: semicolon.appendingPathComponent("scenario.yaml").path)
        XCTAssertEqual(a.students, b.students)
        XCTAssertEqual(a.bases, b.bases)
        XCTAssertEqual(a.universities, b.universities)
        XCTAssertEqual(b.students[0].name, "Lê, An")
        XCTAssertEqual(b.bases[0].name, "Base, Ltd")
    }
}
