import Foundation
import XCTest

/// The built `placement` command (or another built executable), run as a user runs it: exit
/// status, standard output and error, and a check that it did not crash.
enum PlacementCommand {
    struct Run {
        let status: Int32
        let signalled: Bool
        let stdout: String
        let stderr: String
        var output: String { stdout + stderr }
    }

    /// A started process whose standard output and error go to files.
    struct Started {
        let process: Process
        let out: URL
        let err: URL
    }

    private final class BundleMarker {}

    /// The `placement` executable built beside this test bundle (`swift build`/`swift test` build it).
    static let executable: URL? = {
        let fm = FileManager.default
        var starts: [URL] = [
            Bundle.main.bundleURL, Bundle(for: BundleMarker.self).bundleURL,
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        ]
        starts += [".build-tests/debug", ".build/debug"].map { PackageLayout.root.appendingPathComponent($0) }
        for start in starts {
            var dir = start.standardizedFileURL
            for _ in 0..<3 {
                let candidate = dir.appendingPathComponent("placement")
                var isDirectory: ObjCBool = false
                if fm.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                    fm.isExecutableFile(atPath: candidate.path)
                {
                    return candidate
                }
                dir = dir.deletingLastPathComponent()
            }
        }
        return nil
    }()

    /// Starts `executable arguments` in `directory`, with standard output and error in hidden
    /// `.stdout-…`/`.stderr-…` files under `capture` (by default `directory`).
    static func start(_ executable: URL, _ arguments: [String], in directory: URL, capturingIn capture: URL? = nil) throws -> Started {
        let capture = capture ?? directory
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = capture.appendingPathComponent(".stdout-\(UUID().uuidString)")
        let err = capture.appendingPathComponent(".stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Started(process: process, out: out, err: err)
    }

    /// Waits for a started process and collects what it wrote (the capture files are removed).
    static func finish(_ started: Started) throws -> Run {
        started.process.waitUntilExit()
        try (started.process.standardOutput as? FileHandle)?.close()
        try (started.process.standardError as? FileHandle)?.close()
        defer { try? FileManager.default.removeItem(at: started.out); try? FileManager.default.removeItem(at: started.err) }
        return Run(
            status: started.process.terminationStatus, signalled: started.process.terminationReason == .uncaughtSignal,
            stdout: String(decoding: try Data(contentsOf: started.out), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: started.err), as: UTF8.self))
    }

    /// Runs `placement arguments` in `directory` to the end and checks it did not crash.
    static func run(
        _ arguments: [String], in directory: URL, capturingIn capture: URL? = nil,
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> Run {
        let executable = try XCTUnwrap(executable, "the placement executable was not built (run swift build)", file: file, line: line)
        let run = try finish(try start(executable, arguments, in: directory, capturingIn: capture))
        assertNoCrash(run, arguments, file: file, line: line)
        return run
    }

    static func assertNoCrash(_ run: Run, _ arguments: [String], file: StaticString, line: UInt) {
        let context = "placement \(arguments.joined(separator: " ")) → \(run.status)\n\(run.output)"
        XCTAssertFalse(run.signalled, "killed by a signal: \(context)", file: file, line: line)
        for marker in [
            "Fatal error", "Stack dump", "Current stack trace", "Illegal instruction", "Segmentation fault",
            "💣", "Program crashed", "glp_", "GLPK internal error"
        ] {
            XCTAssertFalse(run.output.contains(marker), "'\(marker)' in output: \(context)", file: file, line: line)
        }
    }
}
