import Foundation
import PlacementDomain
import PlacementEngine
import PlacementScenarioIO
import XCTest

/// explanations.csv names the side rule that kept a student out of a base with free seats, and
/// what it says is true of the report's placements (recounted here from placements.csv).
final class ExplanationRuleTests: XCTestCase {
    func testNamedNationalitySharesAndMinimumsAreTrueOfThePlacements() throws {
        let folder = PackageLayout.root.appendingPathComponent("Reports/alliance-rules")
        let scenario = try PlacementEngine().load(path: PackageLayout.scenarios.appendingPathComponent("alliance-rules/scenario.yaml").path)
        let placements = try CSVTable.parse(Array(try Data(contentsOf: folder.appendingPathComponent("placements.csv"))))
        let explanations = try CSVTable.parse(Array(try Data(contentsOf: folder.appendingPathComponent("explanations.csv"))))
        let col = { (t: CSVTable, name: String) in t.header.firstIndex(of: name)! }
        var placed: [String: [String]] = [:]  // "BASE/TERM" → student ids
        for r in placements.records where r.fields[col(placements, "status")] == "placed" {
            placed["\(r.fields[col(placements, "base_id")])/\(r.fields[col(placements, "term")])", default: []].append(
                r.fields[col(placements, "student_id")])
        }
        let nationality = Dictionary(uniqueKeysWithValues: scenario.students.map { ($0.id, $0.nationality) })
        let share = try NSRegularExpression(pattern: "nationality share: (\\S+) takes at most (\\d+) interns of nationality (\\S+) in (\\S+), and")
        let minimum = try NSRegularExpression(
            pattern: "lower quota: (\\S+) takes either no intern or at least (\\d+) in (\\S+), and is not used then")
        var shares = 0, minimums = 0
        for record in explanations.records {
            let why = record.fields[col(explanations, "why")]
            let range = NSRange(why.startIndex..., in: why)
            for m in share.matches(in: why, range: range) {
                let g = (1...4).map { String(why[Range(m.range(at: $0), in: why)!]) }
                let count = placed["\(g[0])/\(g[3])", default: []].filter { nationality[$0] == g[2] }.count
                XCTAssertEqual(count, Int(g[1]), "\(record.fields[0]): \(why)")
                shares += 1
            }
            for m in minimum.matches(in: why, range: range) {
                let g = (1...3).map { String(why[Range(m.range(at: $0), in: why)!]) }
                XCTAssertEqual(placed["\(g[0])/\(g[2])", default: []].count, 0, "\(record.fields[0]): \(why)")
                XCTAssertEqual(scenario.bases[scenario.baseIndexByID[g[0]]!].minInterns, Int(g[1]))
                minimums += 1
            }
        }
        XCTAssertGreaterThan(shares, 0, "alliance-rules has students kept out by a nationality share")
        XCTAssertGreaterThan(minimums, 0, "alliance-rules has students kept out of unused bases with a minimum")
    }
}
