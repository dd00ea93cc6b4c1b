import Foundation
import PlacementDomain
import PlacementScenarioIO
import XCTest

/// Levels as users write them all land on the one 1–6 scale; anything else is refused.
final class LanguageLevelTests: XCTestCase {
    func testCEFRLevelsMapToOneThroughSix() {
        let expected = ["A1": 1, "A2": 2, "B1": 3, "B2": 4, "C1": 5, "C2": 6]
        for (text, value) in expected {
            XCTAssertEqual(LanguageLevel.parse(text)?.value, value, text)
            XCTAssertEqual(LanguageLevel.parse(text.lowercased())?.value, value, "lower-case \(text)")
            XCTAssertEqual(LanguageLevel.parse(" \(text) ")?.value, value, "padded \(text)")
        }
    }

    func testHSKLevelsMapToTheirNumberCappedAtSix() {
        for n in 1...6 { XCTAssertEqual(LanguageLevel.parse("HSK\(n)")?.value, n, "HSK\(n)") }
        for n in 7...9 { XCTAssertEqual(LanguageLevel.parse("HSK\(n)")?.value, 6, "HSK\(n) (new 9-band scale) is mastery") }
        XCTAssertEqual(LanguageLevel.parse("HSK 4")?.value, 4)
        XCTAssertEqual(LanguageLevel.parse("hsk-5")?.value, 5)
        XCTAssertEqual(LanguageLevel.parse("hsk_3")?.value, 3)
        XCTAssertEqual(LanguageLevel.parse("HSK 4")?.written, "HSK4", "kept in a normalised written form")
    }

    func testPlainNumbersOneThroughSixAndNative() {
        for n in 1...6 { XCTAssertEqual(LanguageLevel.parse("\(n)")?.value, n) }
        XCTAssertEqual(LanguageLevel.parse("native")?.value, 6)
        XCTAssertEqual(LanguageLevel.parse("Native")?.value, 6)
        XCTAssertEqual(LanguageLevel.parse("NATIVE")?.written, "native")
    }

    func testCrossScaleComparisonHSK4EqualsB2() throws {
        let hsk4 = try XCTUnwrap(LanguageLevel.parse("HSK4"))
        let b2 = try XCTUnwrap(LanguageLevel.parse("B2"))
        let b1 = try XCTUnwrap(LanguageLevel.parse("B1"))
        XCTAssertEqual(hsk4, b2)
        XCTAssertLessThan(b1, hsk4)
    }

    func testRejectsTextThatIsNotALevel() {
        for text in ["B3", "HSK0", "HSK10", "7", "0", "-1", "", "   ", "abc", "A", "C3", "HSK", "HSK-", "4.5", "B2+"] {
            XCTAssertNil(LanguageLevel.parse(text), "'\(text)' must not parse as a level")
        }
    }

    // MARK: - Language pairs, through a loaded scenario

    private func loadStudentLanguages(_ cell: String, baseLanguages: String = "en: B1") throws -> (Scenario?, [Diagnostic]) {
        let folder = try TempScenarioFolder.write([
            "scenario.yaml": TempScenarioFolder.minimalYAML,
            "universities.csv": "id,name,country\nU1,Uni,CN\n",
            "students.csv": "id,name,university,nationality,field,languages,preferences\nS1,An,U1,VN,software,\"\(cell)\",B1\n",
            "bases.csv": "id,name,kind,country,fields,languages,capacity:T1\nB1,Base,asean_firm,TH,software,\"\(baseLanguages)\",1\n"
        ])
        defer { TempScenarioFolder.remove(folder) }
        return ScenarioLoader().check(path: folder.appendingPathComponent("scenario.yaml").path)
    }

    func testLanguagePairsWithColonsAndCommasLoad() throws {
        let (scenario, diagnostics) = try loadStudentLanguages("en: B2, zh: HSK4")
        XCTAssertTrue(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
        let student = try XCTUnwrap(scenario?.students.first)
        XCTAssertEqual(student.languages["en"]?.value, 4)
        XCTAssertEqual(student.languages["zh"]?.value, 4)
        XCTAssertEqual(student.languages.count, 2)
    }

    func testLanguagePairsWithSpacesAndBarsLoad() throws {
        let (scenario, diagnostics) = try loadStudentLanguages("en B2 | zh HSK4")
        XCTAssertTrue(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
        let student = try XCTUnwrap(scenario?.students.first)
        XCTAssertEqual(student.languages["en"]?.value, 4)
        XCTAssertEqual(student.languages["zh"]?.value, 4)
    }

    func testBaseAnyOfRequirementParsesBothAlternatives() throws {
        let (scenario, diagnostics) = try loadStudentLanguages("vi: native", baseLanguages: "zh: HSK4 | en: B2")
        XCTAssertTrue(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
        let base = try XCTUnwrap(scenario?.bases.first)
        XCTAssertEqual(base.languageRequirement.map(\.language), ["zh", "en"])
        XCTAssertEqual(base.languageRequirement.map(\.minimum.value), [4, 4])
        XCTAssertEqual(scenario?.students.first?.languages["vi"]?.value, 6)
    }

    func testBadLevelInALanguageListIsReportedWithRowAndField() throws {
        let (scenario, diagnostics) = try loadStudentLanguages("en: B3, zh: HSK4")
        XCTAssertNil(scenario)
        let error = try XCTUnwrap(diagnostics.first { $0.severity == .error && $0.field == "languages" }, "\(diagnostics)")
        XCTAssertEqual(error.file, "students.csv")
        XCTAssertEqual(error.line, 2)
        XCTAssertEqual(error.row, 1)
        XCTAssertEqual(error.value, "en: B3")
        XCTAssertTrue(error.expected.contains("CEFR"), error.expected)
    }

    /// ASCII cells are split on their bytes (a fast path); the results must be those of the
    /// character-based reading: spaces around separators, several spaces, `=` and a missing level.
    func testASCIILanguageCellsReadAsTheCharacterBasedPath() throws {
        let cases: [(cell: String, levels: [String: Int]?)] = [
            ("en:B2,zh: HSK4", ["en": 4, "zh": 4]),
            ("en   B2 | th 5", ["en": 4, "th": 5]),
            ("en = C1; zh=HSK 6", ["en": 5, "zh": 6]),
            ("  en B1  ", ["en": 3]),
            ("en", nil),
            ("en:", nil)
        ]
        for (cell, levels) in cases {
            let (scenario, diagnostics) = try loadStudentLanguages(cell)
            guard let levels else {
                XCTAssertNil(scenario, cell)
                XCTAssertTrue(diagnostics.contains { $0.severity == .error && $0.field == "languages" }, "\(cell): \(diagnostics)")
                continue
            }
            let student = try XCTUnwrap(scenario?.students.first, "\(cell): \(diagnostics)")
            XCTAssertEqual(student.languages.mapValues(\.value), levels, cell)
        }
    }
}
