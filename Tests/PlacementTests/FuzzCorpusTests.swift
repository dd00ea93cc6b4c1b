import Foundation
import XCTest

/// Every input in Scripts/fuzz-corpus (the seeds, and any crash fuzzing ever found) loads without
/// a crash: the fuzz target's corpus replayer runs them all.
final class FuzzCorpusTests: XCTestCase {
    func testEveryFuzzCorpusInputLoadsWithoutACrash() throws {
        // Beside the placement executable the end-to-end tests find (swift build builds both).
        let placement = try XCTUnwrap(PlacementCommand.executable, "the placement executable is not built")
        let replayer = placement.deletingLastPathComponent().appendingPathComponent("PlacementFuzz")
        guard FileManager.default.isExecutableFile(atPath: replayer.path) else {
            throw XCTSkip("PlacementFuzz not built next to the tests (run `swift build` first)")
        }
        let corpus = PackageLayout.root.appendingPathComponent("Scripts/fuzz-corpus")
        let inputs = try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted().map { corpus.appendingPathComponent($0).path }
        XCTAssertGreaterThan(inputs.count, 50)
        let work = try TempScenarioFolder.makeDirectory("fuzz-corpus")
        defer { TempScenarioFolder.remove(work) }
        let run = try PlacementCommand.finish(try PlacementCommand.start(replayer, inputs, in: work))
        let output = run.output
        XCTAssertEqual(run.status, 0, output)
        XCTAssertTrue(output.contains("replayed \(inputs.count) input(s) without a crash"), output)
    }
}
