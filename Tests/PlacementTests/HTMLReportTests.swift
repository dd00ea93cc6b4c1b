import Foundation
import PlacementDomain
import PlacementEngine
import PlacementReports
import XCTest

/// report.html is self-contained (no external resources), carries its SVG charts and one table row
/// per student, escapes every text from the inputs, and is deterministic.
final class HTMLReportTests: XCTestCase {
    static let origin = SourceLocation(file: "generated", line: nil)
    static let settings = ReportSettings(toolVersion: PlacementEngine.toolVersion, glpkVersion: PlacementEngine.glpkVersion)

    /// A hand-made scenario: 3 universities (two with coordinates), 4 bases in 3 countries, 11
    /// students; S01 surely gets her only choice, S11 her 3rd, S09 (no choices) and others stay unplaced.
    static func handScenario(studentName: String = "Lan", baseName: String = "Viettel", universityName: String = "Hanoi University") -> Scenario {
        let universities = [
            University(
                id: "U1", name: universityName, country: "VN", city: "Hà Nội", location: GeoPoint(latitude: 21.0, longitude: 105.8), origin: origin),
            University(
                id: "U2", name: "Guangxi University", country: "CN", city: "Nanning", location: GeoPoint(latitude: 22.8, longitude: 108.4),
                origin: origin),
            University(id: "U3", name: "Chulalongkorn University", country: "TH", city: "Bangkok", location: nil, origin: origin)
        ]
        func base(_ id: String, _ name: String, _ country: String, _ lat: Double, _ lon: Double, _ seats: Int) -> Base {
            Base(
                id: id, name: name, kind: .aseanFirm, country: country, city: "City \(id)", location: GeoPoint(latitude: lat, longitude: lon),
                fields: [], languageRequirement: [], capacity: ["T1": seats, "T2": seats], origin: origin)
        }
        let bases = [
            base("B1", baseName, "VN", 21.03, 105.83, 1),
            base("B2", "Huawei Bangkok", "TH", 13.75, 100.5, 1),
            base("B3", "Laos–China Railway", "LA", 17.97, 102.63, 1),
            base("B4", "Unwanted Lab", "TH", 18.8, 98.98, 1)
        ]
        func student(
            _ id: String, _ name: String, _ university: String, _ nationality: String, _ prefs: [String], terms: [String] = ["T1"]
        ) -> Student {
            Student(
                id: id, name: name, university: university, nationality: nationality, field: "software", languages: [:], gradeAverage: nil,
                availableTerms: terms, excludedCountries: [], preferences: prefs, origin: origin)
        }
        let students = [
            student("S01", studentName, "U1", "VN", ["B2"]),
            student("S02", "Wei", "U2", "CN", ["B1", "B2", "B3"]),
            student("S03", "Somchai", "U3", "TH", ["B3"]),
            student("S04", "Mai", "U1", "VN", ["B1"]),
            student("S05", "Li", "U2", "CN", ["B2"], terms: ["T2"]),
            student("S06", "Niran", "U3", "TH", ["B3"], terms: ["T2"]),
            student("S07", "Hoa", "U1", "VN", ["B1"], terms: ["T2"]),
            student("S08", "Jun", "U2", "CN", ["B1"], terms: ["T2"]),
            student("S09", "Kham", "U3", "LA", []),
            student("S10", "Dara", "U1", "KH", ["B2", "B1"], terms: ["T2"]),
            student("S11", "Minh", "U1", "VN", ["B1", "B2", "B4"], terms: ["T2"])
        ]
        return Scenario(
            name: "html-hand", terms: [Term(id: "T1", name: "Spring"), Term(id: "T2", name: "Autumn")],
            universities: universities, students: students, bases: bases, policy: Policy(), inputs: [])
    }

    static func html(_ scenario: Scenario) throws -> (String, ReportSet) {
        let outcome = try PlacementEngine().solve(scenario)
        let report = ReportSet(scenario: scenario, outcome: outcome, settings: settings)
        return (HTMLReport(report: report).render(), report)
    }

    func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    func testPageIsSelfContainedWithChartsAndOneRowPerStudent() throws {
        let random = RandomScenario.termSized(seed: 2, geography: true, penalty: false)
        for scenario in [Self.handScenario(), random] {
            let (page, report) = try Self.html(scenario)
            let st = report.statistics
            let label = scenario.name
            XCTAssertTrue(page.hasPrefix("<!DOCTYPE html>"), label)
            XCTAssertTrue(page.hasSuffix("</html>\n"), label)

            // No external resources of any kind.
            for forbidden in ["http://", "https://", "src=", "//cdn", "url(", "@import", "<link", "<img", "<iframe", "<object", "<embed"] {
                XCTAssertEqual(count(forbidden, in: page), 0, "\(label): found \(forbidden)")
            }
            for piece in page.components(separatedBy: "href=\"").dropFirst() {
                XCTAssertTrue(piece.hasPrefix("#"), "\(label): a link points outside the page: \(piece.prefix(40))")
            }
            XCTAssertEqual(count("<script", in: page), 1, "\(label): only the inline table filter")
            XCTAssertTrue(page.contains("@media print"), label)

            // Charts: one bar per rank up to the worst given, one per university, per nationality, per country.
            XCTAssertGreaterThanOrEqual(count("<svg", in: page), 5, label)
            XCTAssertEqual(count("class=\"bar bar-rank\"", in: page), st.byRank.count - 1, label)
            XCTAssertEqual(count("class=\"bar bar-unplaced\"", in: page), 1, label)
            XCTAssertEqual(count("class=\"bar bar-university\"", in: page), st.perUniversity.count, label)
            XCTAssertEqual(count("class=\"bar bar-nationality\"", in: page), st.perNationality.count, label)
            XCTAssertEqual(count("class=\"bar bar-country\"", in: page), st.perCountry.count, label)
            XCTAssertEqual(count("<circle class=\"base-dot", in: page), scenario.bases.filter { $0.location != nil }.count, label)

            // The placements table: one row per student, unplaced ones with their reason.
            XCTAssertEqual(count("<tr class=\"row-placed\">", in: page), st.placed, label)
            XCTAssertEqual(count("<tr class=\"row-unplaced\">", in: page), st.students - st.placed, label)
            XCTAssertTrue(page.contains("id=\"placements-table\""), label)
            // Registered in the report folder and listed by the manifest.
            let files = report.files()
            XCTAssertEqual(files.filter { $0.name == "report.html" }.map(\.bytes), [Array(page.utf8)], label)
            let manifest = try XCTUnwrap(files.last)
            XCTAssertEqual(manifest.name, "manifest.json")
            XCTAssertTrue(String(decoding: manifest.bytes, as: UTF8.self).contains("report.html"), label)
        }

        // The hand scenario reaches a 3rd choice and has unplaced students and universities on the map.
        let (page, report) = try Self.html(Self.handScenario())
        XCTAssertEqual(report.statistics.worstRank, 3)
        XCTAssertGreaterThan(report.statistics.students - report.statistics.placed, 0)
        XCTAssertEqual(count("<rect class=\"uni\"", in: page), 2, "only universities with coordinates")
        XCTAssertTrue(page.contains("proven optimal"))
    }

    func testInputTextIsEscapedEverywhere() throws {
        let student = "<script>alert(1)</script>"
        let base = "\"><img src=x onerror=alert(1)>"
        let university = "O'Brien & <Sons>"
        let (page, report) = try Self.html(Self.handScenario(studentName: student, baseName: base, universityName: university))
        XCTAssertNotNil(report.outcome.placements[0], "the student is placed")
        XCTAssertTrue(report.outcome.placements.contains { $0?.base == 0 }, "someone is placed at the base, so its name shows in the table too")

        XCTAssertFalse(page.contains(student))
        XCTAssertFalse(page.contains(base))
        XCTAssertFalse(page.contains(university))
        XCTAssertFalse(page.contains("<img"))
        XCTAssertEqual(count("<script", in: page), 1)
        XCTAssertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        XCTAssertTrue(page.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        XCTAssertTrue(page.contains("O&#39;Brien &amp; &lt;Sons&gt;"))
        // Escaped inside SVG too: the map's tooltip and the university chart's label.
        XCTAssertTrue(page.contains("<title>B1 &quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        XCTAssertTrue(page.contains("<title>O&#39;Brien &amp; &lt;Sons&gt; (U1)"))
        // And in attributes.
        XCTAssertTrue(page.contains("title=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\""))

        let comparison = HTMLReport.renderComparison([(name: "<b>mine</b>", report: report)])
        XCTAssertFalse(comparison.contains("<b>mine</b>"))
        XCTAssertFalse(comparison.contains(university))
        XCTAssertTrue(comparison.contains("&lt;b&gt;mine&lt;/b&gt;"))
    }

    func testSameInputsGiveTheSameBytes() throws {
        for scenario in [Self.handScenario(), RandomScenario.termSized(seed: 3, geography: true, penalty: true)] {
            let (first, report) = try Self.html(scenario)
            let (second, _) = try Self.html(scenario)
            XCTAssertEqual(first, second, scenario.name)
            XCTAssertEqual(HTMLReport(report: report).render(), first, scenario.name)
            let a = HTMLReport.renderComparison([(name: "a", report: report), (name: "b", report: report)])
            XCTAssertEqual(a, HTMLReport(report: report).renderComparison([(name: "a", report: report), (name: "b", report: report)]))
        }
    }

    func testComparisonShowsOneColumnPerScenario() throws {
        let (_, a) = try Self.html(Self.handScenario())
        let (_, b) = try Self.html(RandomScenario.termSized(seed: 1, geography: false, penalty: false))
        let page = HTMLReport.renderComparison([(name: "hand", report: a), (name: "random", report: b)])
        XCTAssertEqual(count("<svg class=\"rank-chart\"", in: page), 2)
        XCTAssertEqual(count("<svg class=\"rate-chart rate-university\"", in: page), 2)
        XCTAssertEqual(count("<svg class=\"country-chart\"", in: page), 2)
        XCTAssertEqual(count("class=\"bar bar-rank\"", in: page), (a.statistics.byRank.count - 1) + (b.statistics.byRank.count - 1))
        XCTAssertTrue(page.contains("<th class=\"num\">hand</th><th class=\"num\">random</th>"))
        XCTAssertFalse(page.contains("http"))
    }
}
