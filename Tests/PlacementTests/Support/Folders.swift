import Foundation

/// The package's root folder, found from this source file's path.
enum PackageLayout {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // PlacementTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
    static let scenarios = root.appendingPathComponent("Scenarios")
    static let reports = root.appendingPathComponent("Reports")
    static let invalidScenarios = scenarios.appendingPathComponent("invalid")
}

/// Writes scenario folders into fresh temporary directories.
enum TempScenarioFolder {
    static let minimalYAML = """
        format_version: 1
        name: tiny
        terms: [T1]
        universities: universities.csv
        students: students.csv
        bases: bases.csv

        """

    static func makeDirectory(_ label: String = "scenario") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("placement-tests-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes each (relative name → text) into a new temporary folder and returns the folder.
    static func write(_ files: [String: String]) throws -> URL {
        let folder = try makeDirectory()
        try write(files, into: folder)
        return folder
    }

    /// Writes each (relative name → text) into `folder`, creating it if needed.
    static func write(_ files: [String: String], into folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
    }

    /// Every file under `folder` (recursively), by relative path.
    static func snapshot(_ folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let fm = FileManager.default
        for name in try fm.subpathsOfDirectory(atPath: folder.path) {
            var isDirectory: ObjCBool = false
            let path = folder.appendingPathComponent(name).path
            if fm.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                result[name] = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        }
        return result
    }

    /// `snapshot(folder)` read as UTF-8 text.
    static func texts(_ folder: URL) throws -> [String: String] {
        try snapshot(folder).mapValues { String(decoding: $0, as: UTF8.self) }
    }

    static func remove(_ folder: URL) { try? FileManager.default.removeItem(at: folder) }
}
