import Foundation
import XCTest

/// Every input in Scripts/fuzz-corpus (the seeds, and any crash fuzzing ever found) loads without
/// a crash: the fuzz target's corpus replayer runs them all.
final class FuzzCorpusTests: XCTestCase {
    func testEveryFuzzCorpusInputLoadsWithoutACrash() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        // Beside the placement executable the end-to-end tests find (swift build builds both).
        let placement = try XCTUnwrap(EndToEndTests.executable, "the placement executable is not built")
        let replayer = placement.deletingLastPathComponent().appendingPathComponent("PlacementFuzz")
        guard FileManager.default.isExecutableFile(atPath: replayer.path) else {
            throw XCTSkip("PlacementFuzz not built next to the tests (run `swift build` first)")
        }
        let corpus = root.appendingPathComponent("Scripts/fuzz-corpus")
        let inputs = try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted().map { corpus.appendingPathComponent($0).path }
        XCTAssertGreaterThan(inputs.count, 50)
        let process = Process()
        process.executableURL = replayer
        process.arguments = inputs
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, output)
        XCTAssertTrue(output.contains("replayed \(inputs.count) input(s) without a crash"), output)
    }
}
