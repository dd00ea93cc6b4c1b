import Foundation
import PlacementEngine
import PlacementReports
import XCTest

/// The committed example reports are exactly what the current code produces from the committed
/// scenarios (with the CLI's default settings).
final class ReportsAreCurrentTests: XCTestCase {
    /// (name, scenario.yaml path, report folder) for every Scenarios/<name>/ with a Reports/<name>/.
    static func pairs() throws -> [(name: String, scenario: URL, reports: URL)] {
        let fm = FileManager.default
        guard fm.fileExists(atPath: PackageLayout.scenarios.path) else { return [] }
        return try fm.contentsOfDirectory(atPath: PackageLayout.scenarios.path).sorted().compactMap { name in
            guard name != "invalid", !name.hasPrefix(".") else { return nil }
            let scenario = PackageLayout.scenarios.appendingPathComponent(name).appendingPathComponent("scenario.yaml")
            let reports = PackageLayout.reports.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: scenario.path),
                fm.fileExists(atPath: reports.path, isDirectory: &isDirectory), isDirectory.boolValue
            else { return nil }
            return (name, scenario, reports)
        }
    }

    func testCommittedReportsMatchTheCurrentOutputByteForByte() throws {
        let pairs = try Self.pairs()
        guard !pairs.isEmpty else {
            throw XCTSkip("no Scenarios/<name>/scenario.yaml with a matching Reports/<name>/ folder yet")
        }
        let fix = "run Scripts/regenerate-reports.sh and review the diff"
        let settings = ReportSettings(toolVersion: PlacementEngine.toolVersion, glpkVersion: PlacementEngine.glpkVersion)
        for (name, scenarioURL, reportsURL) in pairs {
            let engine = PlacementEngine()
            let scenario = try engine.load(path: scenarioURL.path)
            let outcome = try engine.solve(scenario)
            let files = ReportSet(scenario: scenario, outcome: outcome, settings: settings).files()

            let committed = try FileManager.default.contentsOfDirectory(atPath: reportsURL.path).filter { !$0.hasPrefix(".") }.sorted()
            XCTAssertEqual(
                committed, files.map(\.name).sorted(),
                "Reports/\(name)/ does not hold the files the current code writes; \(fix)")
            for file in files {
                let path = reportsURL.appendingPathComponent(file.name).path
                guard let data = FileManager.default.contents(atPath: path) else {
                    XCTFail("Reports/\(name)/\(file.name) is missing; \(fix)")
                    continue
                }
                let old = [UInt8](data)
                if old != file.bytes {
                    let firstDifference = Array(zip(old, file.bytes)).firstIndex { $0 != $1 } ?? min(old.count, file.bytes.count)
                    let lineNumber = old.prefix(firstDifference).filter { $0 == UInt8(ascii: "\n") }.count + 1
                    XCTFail(
                        "Reports/\(name)/\(file.name) is out of date (first difference on line \(lineNumber), "
                            + "\(old.count) bytes committed vs \(file.bytes.count) now); \(fix)")
                }
            }
        }
    }
}
