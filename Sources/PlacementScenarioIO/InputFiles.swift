import Crypto
import Foundation
import PlacementDomain

/// Reads input files under the size limit and the path rule, and fingerprints them.
struct InputFiles {
    let options: LoadOptions
    let scenarioDirectory: URL

    /// Reads a file named in the scenario (relative to the scenario's folder).
    /// Returns nil after recording a diagnostic.
    func read(
        relativePath: String, namedIn file: String, line: Int?, field: String,
        diagnostics: inout [Diagnostic]
    ) -> (bytes: [UInt8], input: InputFile)? {
        let url = URL(fileURLWithPath: relativePath, relativeTo: scenarioDirectory).standardizedFileURL
        if !options.allowOutsidePaths {
            let base = scenarioDirectory.standardizedFileURL.resolvingSymlinksInPath().path
            let resolved = url.resolvingSymlinksInPath().path
            if relativePath.hasPrefix("/") || !(resolved == base || resolved.hasPrefix(base + "/")) {
                diagnostics.append(
                    Diagnostic(
                        file: file, line: line, field: field, value: relativePath,
                        expected: "a path inside the scenario's folder (use --allow-outside-paths to read files elsewhere)"))
                return nil
            }
        }
        return readFile(url: url, displayPath: relativePath, namedIn: file, line: line, field: field, diagnostics: &diagnostics)
    }

    func readFile(
        url: URL, displayPath: String, namedIn file: String, line: Int?, field: String?,
        diagnostics: inout [Diagnostic]
    ) -> (bytes: [UInt8], input: InputFile)? {
        let path = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            diagnostics.append(Diagnostic(file: file, line: line, field: field, value: displayPath, expected: "an existing file (not found)"))
            return nil
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path)
        guard !isDirectory.boolValue, (attributes?[.type] as? FileAttributeType) == .typeRegular else {
            diagnostics.append(Diagnostic(file: file, line: line, field: field, value: displayPath, expected: "a regular file"))
            return nil
        }
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        guard size <= options.maxFileBytes else {
            diagnostics.append(
                Diagnostic(
                    file: file, line: line, field: field, value: displayPath,
                    expected: "a file of at most \(options.maxFileBytes) bytes (it has \(size); raise --max-file-bytes)"))
            return nil
        }
        // An empty file is read without Foundation (whose read of a 0-byte file leaks a 4 KiB
        // buffer: found by fuzzing with LeakSanitizer).
        guard let data = size == 0 ? Data() : FileManager.default.contents(atPath: path) else {
            diagnostics.append(Diagnostic(file: file, line: line, field: field, value: displayPath, expected: "a readable file (permission denied?)"))
            return nil
        }
        let bytes = [UInt8](data)
        return (bytes, InputFile(path: displayPath, sha256: Self.sha256(bytes), bytes: bytes.count))
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}
