import Foundation
import PlacementDomain

/// (6) SHA-256 of every input and output file; (7) the CSV files agree with report.json.
extension VerificationRun {
    func readManifest() -> [String: Any]? {
        guard let data = FileManager.default.contents(atPath: folderPath("manifest.json")) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    /// (path, sha256, bytes) of a list of file records.
    func fileRecords(_ any: Any?) -> [(path: String, sha256: String, bytes: Int?)]? {
        guard let list = JSONValue.array(any) else { return nil }
        return list.compactMap { item in
            guard let o = JSONValue.object(item), let path = JSONValue.string(o["path"]), let sha = JSONValue.string(o["sha256"]) else { return nil }
            return (path, sha.lowercased(), JSONValue.integer(o["bytes"]))
        }
    }

    mutating func checkInputs() {
        let scenarioFolder = URL(fileURLWithPath: scenarioPath).standardizedFileURL.deletingLastPathComponent()
        guard let inputs = fileRecords(JSONValue.object(report["scenario"])?["inputs"]) else {
            flag("input_missing", "report.json lists no input files (scenario.inputs)")
            return
        }
        for input in inputs {
            let url = input.path.hasPrefix("/") ? URL(fileURLWithPath: input.path) : scenarioFolder.appendingPathComponent(input.path)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                flag("input_missing", "input \(input.path) listed in report.json cannot be read at \(url.path)")
                continue
            }
            let bytes = [UInt8](data)
            let actual = Hex.sha256(bytes)
            if actual != input.sha256 {
                flag(
                    "input_hash_mismatch",
                    "input \(input.path) has changed since the report was made: SHA-256 \(actual) on disk, \(input.sha256) in report.json")
            } else if let n = input.bytes, n != bytes.count {
                flag("input_hash_mismatch", "input \(input.path) is \(bytes.count) bytes on disk, \(n) in report.json")
            }
        }
        // Every file the scenario reads now must be one the report was made from.
        let listed = Set(inputs.map(\.path))
        for file in scenario.inputs where !listed.contains(file.path) {
            flag("input_unlisted", "the scenario reads \(file.path), which report.json does not list among its inputs")
        }
        if let manifest = readManifest(), let manifestInputs = fileRecords(manifest["inputs"]) {
            let a = manifestInputs.map { "\($0.path) \($0.sha256)" }, b = inputs.map { "\($0.path) \($0.sha256)" }
            if a != b { flag("manifest_mismatch", "manifest.json and report.json list different input files or hashes") }
        }
        checked(
            "inputs: SHA-256 of \(inputs.count) input files (relative to \(scenarioFolder.path)) match report.json; the scenario reads no other file")
    }

    mutating func checkOutputs() {
        guard let manifest = readManifest() else {
            flag("manifest_unreadable", "\(folderPath("manifest.json")) cannot be read as JSON")
            return
        }
        guard let outputs = fileRecords(manifest["outputs"]) else {
            flag("manifest_unreadable", "manifest.json lists no output files")
            return
        }
        for output in outputs {
            guard !output.path.contains("/"), !output.path.contains("\\"), output.path != "..", output.path != "." else {
                flag("output_path_invalid", "manifest.json lists output \(output.path), which is not a file name in the report folder")
                continue
            }
            guard let data = FileManager.default.contents(atPath: folderPath(output.path)) else {
                flag("output_missing", "output \(output.path) listed in manifest.json is missing from \(folder)")
                continue
            }
            let actual = Hex.sha256([UInt8](data))
            if actual != output.sha256 {
                flag(
                    "output_hash_mismatch",
                    "output \(output.path) does not match manifest.json: SHA-256 \(actual) on disk, \(output.sha256) in the manifest")
            }
        }
        let listed = Set(outputs.map(\.path))
        let present = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") && $0 != "manifest.json" }
        for name in Set(present).union(["report.json", "placements.csv"]).sorted() where !listed.contains(name) {
            flag("output_unlisted", "\(name) in the report folder is not covered by manifest.json")
        }
        checked("outputs: SHA-256 of \(outputs.count) output files match manifest.json; every file in the folder is listed")
    }

    /// The placements report.json states, per student id: "placed BASE TERM" or "unplaced".
    func statedPlacements() -> [String: [String]] {
        var out: [String: [String]] = [:]
        for item in JSONValue.array(report["placements"]) ?? [] {
            guard let o = JSONValue.object(item), let id = JSONValue.string(o["student"]) else { continue }
            let status = JSONValue.string(o["status"]) ?? ""
            let text = status == "placed" ? "placed at \(JSONValue.string(o["base"]) ?? "?") in \(JSONValue.string(o["term"]) ?? "?")" : status
            out[id, default: []].append(text)
        }
        return out
    }

    mutating func checkPlacementsCSV() {
        let path = folderPath("placements.csv")
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8),
            let csv = CSVRecords(text: text)
        else {
            flag("placements_csv_mismatch", "\(path) cannot be read as CSV")
            return
        }
        guard let cStudent = csv.column("student_id"), let cStatus = csv.column("status"),
            let cBase = csv.column("base_id"), let cTerm = csv.column("term")
        else {
            flag("placements_csv_mismatch", "placements.csv lacks one of the columns student_id, status, base_id, term")
            return
        }
        // Expected cells, written the way report CSV files write text.
        var expected: [String: [String]] = [:]
        for (id, states) in statedPlacements() { expected[spreadsheetSafe(id)] = states }
        var found: [String: [String]] = [:]
        for row in csv.rows {
            func cell(_ i: Int) -> String { i < row.count ? row[i] : "" }
            let status = cell(cStatus)
            let text = status == "placed" ? "placed at \(cell(cBase)) in \(cell(cTerm))" : status
            found[cell(cStudent), default: []].append(text)
        }
        var differences = 0
        for id in Set(expected.keys).union(found.keys).sorted() {
            let want = (expected[id] ?? []).map { safeCells($0) }
            let got = found[id] ?? []
            if want != got {
                differences += 1
                if differences <= 50 {
                    flag(
                        "placements_csv_mismatch",
                        "student \(id): placements.csv says \(got.isEmpty ? "nothing" : got.joined(separator: "; ")), report.json \(want.isEmpty ? "nothing" : want.joined(separator: "; "))"
                    )
                }
            }
        }
        if differences > 50 { flag("placements_csv_mismatch", "\(differences - 50) more students differ between placements.csv and report.json") }
        checked("placements.csv: \(csv.rows.count) rows agree with report.json (student → status, base, term)")
    }

    /// "placed at B in T" with B and T as CSV cells would show them.
    func safeCells(_ text: String) -> String {
        guard text.hasPrefix("placed at "), let range = text.range(of: " in ", options: .backwards) else { return text }
        let base = String(text[text.index(text.startIndex, offsetBy: 10)..<range.lowerBound])
        let term = String(text[range.upperBound...])
        return "placed at \(spreadsheetSafe(base)) in \(spreadsheetSafe(term))"
    }

    mutating func checkRostersCSV() {
        let path = folderPath("rosters.csv")
        guard FileManager.default.fileExists(atPath: path) else { return }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8),
            let csv = CSVRecords(text: text),
            let cBase = csv.column("base_id"), let cTerm = csv.column("term"), let cStudent = csv.column("student_id")
        else {
            flag("rosters_csv_mismatch", "\(path) cannot be read as a roster CSV (base_id, term, student_id)")
            return
        }
        var got: [String: Int] = [:]
        for row in csv.rows {
            func cell(_ i: Int) -> String { i < row.count ? row[i] : "" }
            got["\(cell(cStudent)) \(cell(cBase)) \(cell(cTerm))", default: 0] += 1
        }
        var want: [String: Int] = [:]
        for p in assignments {
            want[
                "\(spreadsheetSafe(studentName(p.student))) \(spreadsheetSafe(baseName(p.base))) \(spreadsheetSafe(termName(p.term)))", default: 0] +=
                1
        }
        // Scheduled: a base's roster lists the second parts of rotations held there too.
        for stay in stays where stay.part == 1 {
            want[
                "\(spreadsheetSafe(studentName(stay.student))) \(spreadsheetSafe(baseName(stay.base))) \(spreadsheetSafe(termName(stay.term)))",
                default: 0] += 1
        }
        if got != want {
            let missing = want.keys.filter { (got[$0] ?? 0) < want[$0]! }.sorted()
            let extra = got.keys.filter { (want[$0] ?? 0) < got[$0]! }.sorted()
            flag(
                "rosters_csv_mismatch",
                "rosters.csv does not list exactly report.json's placements"
                    + (missing.isEmpty ? "" : "; missing: \(missing.prefix(10).joined(separator: ", "))")
                    + (extra.isEmpty ? "" : "; not in report.json: \(extra.prefix(10).joined(separator: ", "))"))
        }
        checked("rosters.csv: \(csv.rows.count) rows list exactly report.json's placements")
    }
}
