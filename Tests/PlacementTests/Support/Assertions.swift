import Foundation
import PlacementDomain
import PlacementEngine
import PlacementModel
import PlacementVerifier
import XCTest

/// Two solves of one model end with the same status and the same value at every stage.
func assertSameStageValues(_ a: Solution, _ b: Solution, _ context: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.status, b.status, context, file: file, line: line)
    XCTAssertEqual(a.stages.count, b.stages.count, context, file: file, line: line)
    for (x, y) in zip(a.stages, b.stages) { XCTAssertEqual(x.value, y.value, accuracy: 1e-6, "\(context), \(x.name)", file: file, line: line) }
}

/// No base holds more interns in a term than it has seats.
func assertCapacitiesHold(_ scenario: Scenario, _ outcome: PlacementOutcome, file: StaticString = #filePath, line: UInt = #line) {
    var used: [String: Int] = [:]
    for p in outcome.placements.compactMap({ $0 }) {
        let base = scenario.bases[p.base], term = scenario.terms[p.term].id
        let key = "\(base.id)/\(term)"
        used[key, default: 0] += 1
        XCTAssertLessThanOrEqual(used[key]!, base.capacity(in: term), key, file: file, line: line)
    }
}

/// A value shared with another thread under a lock.
final class LockedBox<T>: @unchecked Sendable {
    private var value: T
    private let lock = NSLock()
    init(_ value: T) { self.value = value }
    func get() -> T { lock.lock(); defer { lock.unlock() }; return value }
    func set(_ v: T) { lock.lock(); value = v; lock.unlock() }
}

/// Editing a written report the way a tamperer would.
enum ReportTampering {
    /// Re-hashes manifest.json's outputs after an edit (a tamperer who forges the manifest too);
    /// with `objectives`, also takes its objective values from report.json.
    static func rehashManifest(_ folder: URL, objectives: Bool = false) throws {
        let url = folder.appendingPathComponent("manifest.json")
        var manifest = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var outputs: [[String: Any]] = []
        for case let output as [String: Any] in manifest["outputs"] as? [Any] ?? [] {
            let path = output["path"] as! String
            let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(path)))
            outputs.append(["path": path, "sha256": ReportVerifier.sha256Hex(bytes), "bytes": bytes.count])
        }
        manifest["outputs"] = outputs
        if objectives {
            let report = try XCTUnwrap(
                JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("report.json"))) as? [String: Any])
            var values: [String: Any] = [:]
            for case let stage as [String: Any] in (report["solver"] as? [String: Any])?["objectives"] as? [Any] ?? [] {
                values[stage["name"] as! String] = stage["value"]
            }
            manifest["objectives"] = values
        }
        try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys]).write(to: url)
    }
}
