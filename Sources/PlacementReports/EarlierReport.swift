import Foundation
import PlacementDomain

/// The placements of an earlier report (its report.json), for re-allocation with minimal disruption.
public struct EarlierReport: Sendable {
    public let path: String
    /// Student id → (base id, term id) for every student placed in the earlier report.
    public let placements: [String: (base: String, term: String)]
    /// Every student id the earlier report listed.
    public let students: [String]
    /// SHA-256 of the report.json read (recorded in the new report's options).
    public let sha256: String

    public enum ReadError: Error, CustomStringConvertible {
        case unreadable(path: String, reason: String)
        public var description: String {
            switch self {
            case let .unreadable(path, reason): return "\(path): not a placement report.json (\(reason))"
            }
        }
    }

    /// Objective values the earlier report states, by name.
    public let objectives: [String: Double]

    private struct Document: Decodable {
        let format: String
        let placements: [Entry]
        let solver: Solver
        struct Solver: Decodable { let objectives: [Objective] }
        struct Objective: Decodable { let name: String; let value: Double }
        struct Entry: Decodable { let student: String; let status: String; let base: String?; let term: String? }
    }

    /// Reads `path`, which may be a report folder or its report.json.
    public init(path: String) throws(ReadError) {
        var file = path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue { file = path + "/report.json" }
        guard let data = FileManager.default.contents(atPath: file) else { throw .unreadable(path: file, reason: "cannot read the file") }
        let document: Document
        do { document = try JSONDecoder().decode(Document.self, from: data) } catch { throw .unreadable(path: file, reason: "\(error)") }
        guard document.format == ReportSet.reportFormat else {
            throw .unreadable(path: file, reason: "format \(document.format), expected \(ReportSet.reportFormat)")
        }
        var placements: [String: (base: String, term: String)] = [:]
        for e in document.placements where e.status == "placed" {
            if let b = e.base, let t = e.term { placements[e.student] = (b, t) }
        }
        self.path = file
        self.placements = placements
        self.students = document.placements.map(\.student)
        self.objectives = Dictionary(document.solver.objectives.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        self.sha256 = SHA256Hex.digest(Array(data))
    }
}
