import Foundation
import PlacementDomain
import Yams

/// Reads a scenario file (YAML, or JSON) and the roster tables it names, and validates it.
///
/// Every problem is collected, not only the first: `check` returns them all (errors and
/// warnings); `load` throws a `ScenarioError` when any is an error.
public struct ScenarioLoader: Sendable {
    public var options: LoadOptions

    public init(options: LoadOptions = LoadOptions()) { self.options = options }

    static let topLevelKeys = ["format_version", "name", "description", "terms", "universities", "students", "bases", "policy", "rules", "schedule"]

    public func load(path: String) throws(ScenarioError) -> Scenario {
        let (scenario, diagnostics) = check(path: path)
        let errors = diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty, let scenario else { throw ScenarioError(errors) }
        return scenario
    }

    /// Loads and validates; returns the scenario when there are no errors, and every diagnostic.
    public func check(path: String) -> (Scenario?, [Diagnostic]) {
        var d: [Diagnostic] = []
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let file = url.lastPathComponent
        let directory = url.deletingLastPathComponent()
        let files = InputFiles(options: options, scenarioDirectory: directory)
        guard let (bytes, scenarioInput) = files.readFile(url: url, displayPath: file, namedIn: path, line: nil, field: nil, diagnostics: &d) else {
            return (nil, d)
        }
        var inputs = [scenarioInput]
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        guard let text = String(validating: body, as: UTF8.self) else {
            return (nil, [Diagnostic(file: file, line: nil, field: nil, value: nil, expected: "a UTF-8 text file")])
        }
        let document: YAMLDocument
        do { document = try YAMLDocument.parse(text: text, file: file, options: options) } catch { return (nil, error.diagnostics) }
        guard let entries = document.root.entries else {
            return (
                nil,
                [
                    Diagnostic(
                        file: file, line: document.root.line, field: nil, value: nil,
                        expected: "a scenario mapping with format_version, terms, students, bases (found \(document.root.kindName))")
                ]
            )
        }
        var nodes: [String: Node] = [:]
        for entry in entries {
            if nodes[entry.key] != nil {
                d.append(Diagnostic(file: file, line: entry.keyLine, field: entry.key, value: nil, expected: "each key once"))
            } else if !Self.topLevelKeys.contains(entry.key) {
                d.append(
                    Diagnostic(
                        file: file, line: entry.keyLine, field: entry.key, value: nil,
                        expected: "a known top-level key (\(Self.topLevelKeys.joined(separator: ", ")))"))
            }
            nodes[entry.key] = entry.value
        }

        // Format version first: a newer file may mean anything.
        guard let versionNode = nodes["format_version"] else {
            d.append(Diagnostic(file: file, line: 1, field: "format_version", value: nil, expected: "format_version: \(Scenario.formatVersion)"))
            return (nil, d)
        }
        guard let version = versionNode.text.flatMap({ Int($0) }), version >= 1 else {
            d.append(
                Diagnostic(
                    file: file, line: versionNode.line, field: "format_version", value: versionNode.text,
                    expected: "a format version number (this tool reads \(Scenario.formatVersion))"))
            return (nil, d)
        }
        guard version <= Scenario.formatVersion else {
            d.append(
                Diagnostic(
                    file: file, line: versionNode.line, field: "format_version", value: String(version),
                    expected: "format version \(Scenario.formatVersion) or lower; this file needs a newer version of placement"))
            return (nil, d)
        }

        let name = nodes["name"]?.text ?? url.deletingPathExtension().lastPathComponent
        var termDates: [TermDateEntry] = []
        let terms = readTerms(nodes["terms"], file: file, dates: &termDates, into: &d)
        let scheduleNode = nodes["schedule"].flatMap { $0.isNull ? nil : $0 }
        let tables = RosterTables(files: files, scenarioFile: file, options: options)

        func table(_ key: String, required: Bool) -> [RosterRow] {
            guard let node = nodes[key], !node.isNull else {
                if required {
                    d.append(Diagnostic(file: file, line: nil, field: key, value: nil, expected: "a \(key) table (a CSV path or an inline list)"))
                }
                return []
            }
            return tables.rows(for: node, table: key, diagnostics: &d, inputs: &inputs)
        }
        let universityRows = table("universities", required: true)
        let studentRows = table("students", required: true)
        let baseRows = table("bases", required: true)
        EntityReaders.warnUnknownColumns(universityRows, known: EntityReaders.universityColumns, table: "university", into: &d)
        EntityReaders.warnUnknownColumns(studentRows, known: EntityReaders.studentColumns, table: "student", into: &d)
        EntityReaders.warnUnknownColumns(baseRows, known: EntityReaders.baseColumns, table: "base", allowPrefix: "capacity:", into: &d)

        let universities = universityRows.compactMap { EntityReaders.university($0, into: &d) }
        let scheduled = scheduleNode != nil
        let languageCells = LanguageCells([:])
        let students = ParallelRows.map(studentRows, into: &d) {
            EntityReaders.student($0, scheduled: scheduled, languageCells: languageCells, into: &$1)
        }
        if scheduleNode == nil { Self.warnIgnoredScheduleColumns(studentRows, into: &d) }
        let bases = ParallelRows.map(baseRows, into: &d) { EntityReaders.base($0, terms: terms, into: &$1) }
        let policy = PolicyReader(file: file).read(nodes["policy"], into: &d)
        let rules = RulesReader(file: file, tables: tables).read(nodes["rules"], into: &d, inputs: &inputs)
        let dates = ScheduleReader.termDates(termDates, scheduled: scheduleNode != nil, file: file, into: &d)
        var schedule: Schedule?
        var mentorRows: [RosterRow] = []
        if let scheduleNode {
            let read = ScheduleReader(file: file).read(scheduleNode, termDates: dates, tables: tables, into: &d, inputs: &inputs)
            schedule = read.schedule
            mentorRows = read.mentorRows
        }

        let scenario = Scenario(
            name: name, terms: terms, universities: universities, students: students, bases: bases,
            policy: policy, rules: rules, schedule: schedule, inputs: inputs)
        CrossReferences.check(scenario, policyFile: file, into: &d)
        RuleReferences.check(scenario, into: &d)
        var rowNumbers: [SourceLocation: Int] = [:]
        if schedule != nil {
            for r in studentRows + mentorRows { if let n = r.row { rowNumbers[r.location] = n } }
        }
        ScheduleReferences.check(scenario, rows: rowNumbers, policy: Self.policyLines(nodes["policy"], file: file), into: &d)
        let hasErrors = d.contains { $0.severity == .error }
        return (hasErrors ? nil : scenario, d)
    }

    /// Lines of the policy settings that the schedule checks name.
    static func policyLines(_ node: Node?, file: String) -> ScheduleReferences.PolicyLines {
        var lines = ScheduleReferences.PolicyLines(file: file)
        for e in node?.entries ?? [] {
            if e.key == "objectives" {
                lines.balanceMentorLoad = e.value.items?.first { $0.text == Policy.Objective.balanceMentorLoad.rawValue }?.line ?? e.keyLine
            } else if e.key == "stability" {
                lines.stability = e.value.line ?? e.keyLine
            }
        }
        return lines
    }

    /// Without a schedule the students' scheduling columns are not read: one warning per column
    /// that has a value (at its first row), not one per row.
    static func warnIgnoredScheduleColumns(_ rows: [RosterRow], into d: inout [Diagnostic]) {
        for column in EntityReaders.scheduleStudentColumns {
            var first: RosterRow?
            var count = 0
            for r in rows where !(r.raw(column) ?? "").trimmingSpaces().isEmpty {
                if first == nil { first = r }
                count += 1
            }
            guard let first else { continue }
            d.append(
                first.diagnostic(
                    column, first.raw(column),
                    "a schedule: section for this column to be read; without one it is ignored (\(count == 1 ? "1 row has" : "\(count) rows have") a value)",
                    .warning))
        }
    }

    private func readTerms(_ node: Node?, file: String, dates: inout [TermDateEntry], into d: inout [Diagnostic]) -> [Term] {
        guard let node, let items = node.items, !items.isEmpty else {
            d.append(Diagnostic(file: file, line: node?.line, field: "terms", value: nil, expected: "a non-empty list of terms (id and name)"))
            return []
        }
        var terms: [Term] = []
        for item in items {
            if let id = item.text, FieldParsing.identifier(id) {
                terms.append(Term(id: id, name: id))
                dates.append(TermDateEntry(term: id, line: item.line))
            } else if let entries = item.entries, let id = entries.first(where: { $0.key == "id" })?.value.text, FieldParsing.identifier(id) {
                let name = entries.first(where: { $0.key == "name" })?.value.text ?? id
                var entry = TermDateEntry(term: id, line: item.line)
                for e in entries where e.key != "id" && e.key != "name" {
                    if e.key == "start" || e.key == "end" {
                        let written = (text: e.value.text ?? "", line: e.value.line ?? e.keyLine)
                        if e.key == "start" { entry.start = written } else { entry.end = written }
                    } else {
                        d.append(Diagnostic(file: file, line: e.keyLine, field: "terms.\(e.key)", value: nil, expected: "id, name, start or end"))
                    }
                }
                terms.append(Term(id: id, name: name))
                dates.append(entry)
            } else {
                d.append(
                    Diagnostic(
                        file: file, line: item.line, field: "terms", value: item.text,
                        expected: "a term id, or {id: ID, name: NAME, start: DATE, end: DATE}"))
            }
        }
        var seen: Set<String> = []
        for t in terms where !seen.insert(t.id).inserted {
            d.append(Diagnostic(file: file, line: node.line, field: "terms", value: t.id, expected: "each term id once"))
        }
        return terms
    }
}
