import Foundation
import PlacementDomain

/// A coordinator's edited placements: a table (CSV or a workbook sheet, such as an edited copy of
/// placements.csv or placements.xlsx) with a student column (`student_id` or `student`), a base
/// column (`base_id` or `base`; empty = unplaced) and a term column. Other columns are ignored.
public struct PlacementEdits: Sendable {
    public struct Row: Sendable {
        public let student: String
        /// nil: the student is unplaced in the edit.
        public let base: String?
        public let term: String?
        /// Where the row is (file and sheet, line, data row), for messages.
        public let location: String
    }

    public let rows: [Row]
    public let input: InputFile

    /// Reads the table at `path` (a .csv or an .xlsx; `sheet` picks a workbook's sheet).
    public init(path: String, sheet: String? = nil, options: LoadOptions = LoadOptions()) throws(ScenarioError) {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        var d: [Diagnostic] = []
        var allowing = options
        allowing.allowOutsidePaths = true  // the user names this file directly
        let files = InputFiles(options: allowing, scenarioDirectory: url.deletingLastPathComponent())
        let tables = RosterTables(files: files, scenarioFile: url.lastPathComponent, options: allowing)
        var inputs: [InputFile] = []
        let name = url.lastPathComponent
        let rosterRows = tables.rows(path: name, sheet: sheet, table: "placements", diagnostics: &d, inputs: &inputs)
        var rows: [Row] = []
        for row in rosterRows {
            let studentColumn = row.cells["student_id"] != nil ? "student_id" : "student"
            let baseColumn = row.cells["base_id"] != nil ? "base_id" : "base"
            guard let student = row.text(studentColumn, required: true, into: &d) else { continue }
            let base = row.text(baseColumn, required: false, into: &d)
            let term = row.text("term", required: false, into: &d)
            let place = row.row.map { "\(row.file):\(row.line ?? 0), row \($0)" } ?? row.file
            rows.append(Row(student: student, base: base, term: term, location: place))
        }
        if let first = rosterRows.first, first.cells["term"] == nil {
            d.append(first.diagnostic("term", nil, "a term column (the edited placements need student, base and term)"))
        }
        let errors = d.filter { $0.severity == .error }
        guard errors.isEmpty, let input = inputs.first else { throw ScenarioError(errors.isEmpty ? d : errors) }
        self.rows = rows
        self.input = input
    }
}
