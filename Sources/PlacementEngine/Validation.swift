import Foundation
import PlacementDomain
import PlacementReports
import PlacementScenarioIO

/// What `placement validate` prints.
public struct ValidationReport: Sendable {
    public let diagnostics: [Diagnostic]
    public let scenario: Scenario?
    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
    public var summary: String {
        guard let s = scenario else { return "not loaded" }
        return "\(s.students.count) students, \(s.bases.count) bases, \(s.universities.count) universities, \(s.terms.count) terms"
    }
}

extension PlacementEngine {
    /// Checks a scenario or a variant of one (a file with `variant_of:`), collecting every problem.
    public func validate(path: String, options: LoadOptions = LoadOptions()) -> ValidationReport {
        if VariantLoader.isVariant(path: path) {
            do {
                let scenario = try VariantLoader(options: options).load(path: path)
                return ValidationReport(diagnostics: [], scenario: scenario)
            } catch {
                return ValidationReport(diagnostics: error.diagnostics, scenario: nil)
            }
        }
        let (scenario, diagnostics) = ScenarioLoader(options: options).check(path: path)
        return ValidationReport(diagnostics: diagnostics, scenario: scenario)
    }

    /// Writes the scenario template into a new or empty folder (atomically, like reports): CSV
    /// tables, or with `workbook` one Excel workbook with a sheet per table (rosters and rule
    /// tables), so that a coordinator never edits more of the YAML than the policy.
    public func writeTemplate(to directory: String, workbook: Bool = false) throws(EngineError) -> [String] {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory)
        if exists {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? ["?"]
            guard isDirectory.boolValue, entries.isEmpty else {
                throw .output(.notEmpty(path: directory))
            }
        }
        let files: [ReportFile]
        if workbook {
            let tables = ScenarioTemplate.workbookTables.map { table in
                let csv = try? CSVTable.parse(Array(table.csv.utf8))
                return (name: table.sheet, header: csv?.header ?? [], rows: csv?.records.map(\.fields) ?? [])
            }
            files = [
                ReportFile(name: "scenario.yaml", text: ScenarioTemplate.workbookScenario),
                ReportFile(name: ScenarioTemplate.workbookName, bytes: TextWorkbook.bytes(tables))
            ]
        } else {
            files = ScenarioTemplate.files.map { ReportFile(name: $0.name, text: $0.text) }
        }
        // An existing empty folder is replaced (AtomicFolderWriter replaces only empty folders or reports).
        do { try AtomicFolderWriter(destination: directory, force: exists).write(files) } catch { throw .output(error) }
        return files.map(\.name)
    }
}

extension PlacementEngine {
    /// Converts a benchmark instance into a scenario folder (written atomically).
    public func importBenchInstance(
        path: String, to directory: String, name: String?, lexicographic: Bool, sideRules: Bool = false
    ) throws(EngineError) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadableInput(path: path, reason: "cannot read the file") }
        let scenarioName = name ?? URL(fileURLWithPath: directory).lastPathComponent
        let converted: [(name: String, text: String)]
        do { converted = try BenchInstanceImporter(lexicographic: lexicographic, sideRules: sideRules).convert(json: data, name: scenarioName) } catch
        {
            throw .unreadableInput(path: path, reason: error.description)
        }
        let files = converted.map { ReportFile(name: $0.name, text: $0.text) }
        do { try AtomicFolderWriter(destination: directory, force: false).write(files) } catch { throw .output(error) }
        return files.map(\.name)
    }
}

extension PlacementEngine {
    /// Reads a redaction secret (at least 16 bytes) from a file.
    public func redaction(keyFile path: String) throws(EngineError) -> Redaction {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadableInput(path: path, reason: "cannot read the key file") }
        guard data.count >= 16 else { throw .unreadableInput(path: path, reason: "the key must be at least 16 bytes (got \(data.count))") }
        return Redaction(secret: Array(data))
    }
}
