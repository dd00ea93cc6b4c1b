import Foundation
import PlacementDomain
import Yams

/// Turns a roster reference in the scenario (a CSV path, `{file: path}`, or an inline list) into rows.
struct RosterTables {
    let files: InputFiles
    let scenarioFile: String
    let options: LoadOptions

    /// Column names are compared lower-cased, with spaces and dashes as underscores.
    static func normalizeColumn(_ name: String) -> String {
        String(name.trimmingSpaces().lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }

    func rows(for node: Node, table: String, diagnostics: inout [Diagnostic], inputs: inout [InputFile]) -> [RosterRow] {
        if let path = node.text {
            return csvRows(path: path, line: node.line, table: table, diagnostics: &diagnostics, inputs: &inputs)
        }
        if let entries = node.entries {
            guard entries.count == 1, entries[0].key == "file", let path = entries[0].value.text else {
                diagnostics.append(Diagnostic(file: scenarioFile, line: node.line, field: table, value: nil,
                                              expected: "a CSV file path, {file: PATH}, or a list of rows"))
                return []
            }
            return csvRows(path: path, line: node.line, table: table, diagnostics: &diagnostics, inputs: &inputs)
        }
        guard let items = node.items else { return [] }
        var rows: [RosterRow] = []
        for item in items {
            guard let entries = item.entries else {
                diagnostics.append(Diagnostic(file: scenarioFile, line: item.line, field: table, value: item.text,
                                              expected: "each row of \(table) to be a mapping of field: value"))
                continue
            }
            var cells: [String: RosterRow.Cell] = [:]
            for entry in entries {
                let column = Self.normalizeColumn(entry.key)
                if let t = entry.value.text { cells[column] = .text(entry.value.isNull ? "" : t.trimmingSpaces()) }
                else if let list = entry.value.items { cells[column] = .list(list.map { $0.text ?? "" }) }
                else if let pairs = entry.value.entries { cells[column] = .pairs(pairs.map { ($0.key, $0.value.text ?? "") }) }
            }
            rows.append(RosterRow(file: scenarioFile, line: item.line, row: nil, cells: cells))
        }
        return rows
    }

    private func csvRows(path: String, line: Int?, table: String, diagnostics: inout [Diagnostic], inputs: inout [InputFile]) -> [RosterRow] {
        guard let (bytes, input) = files.read(relativePath: path, namedIn: scenarioFile, line: line, field: table, diagnostics: &diagnostics) else {
            return []
        }
        inputs.append(input)
        let csv: CSVTable
        do {
            csv = try CSVTable.parse(bytes, maxRecords: options.maxRows, maxFieldBytes: options.maxFieldBytes)
        } catch let error as CSVTable.ParseError {
            let errorLine: Int?
            switch error {
            case let .unterminatedQuote(l), let .textAfterClosingQuote(l), let .invalidUTF8(l): errorLine = l
            case .empty: errorLine = 1
            }
            diagnostics.append(Diagnostic(file: path, line: errorLine, field: nil, value: nil, expected: "well-formed CSV: \(error)"))
            return []
        } catch {
            diagnostics.append(Diagnostic(file: path, line: nil, field: nil, value: nil, expected: "well-formed CSV: \(error)"))
            return []
        }
        if csv.records.count > options.maxRows {
            diagnostics.append(Diagnostic(file: path, line: nil, field: nil, value: nil,
                                          expected: "at most \(options.maxRows) rows (raise --max-rows)"))
            return []
        }
        let header = csv.header.map(Self.normalizeColumn)
        var seen: Set<String> = []
        for (i, column) in header.enumerated() where !column.isEmpty {
            if !seen.insert(column).inserted {
                diagnostics.append(Diagnostic(file: path, line: csv.headerLine, field: csv.header[i], value: nil,
                                              expected: "each column once (this column appears twice)"))
            }
        }
        let maxFieldBytes = options.maxFieldBytes
        return ParallelRows.map(Array(csv.records.enumerated()), into: &diagnostics) { item, diagnostics in
            let (index, record) = item
            var cells = [String: RosterRow.Cell](minimumCapacity: header.count)
            if record.fields.count > header.count, record.fields[header.count...].contains(where: { !$0.isEmpty }) {
                diagnostics.append(Diagnostic(file: path, line: record.line, row: index + 1, field: nil, value: nil,
                                              expected: "at most \(header.count) fields as in the header (found \(record.fields.count); an unquoted separator inside a field?)"))
            }
            for (i, column) in header.enumerated() where !column.isEmpty {
                let value = i < record.fields.count ? record.fields[i] : ""
                if value.utf8.count > maxFieldBytes {
                    diagnostics.append(Diagnostic(file: path, line: record.line, row: index + 1, field: column, value: String(value.prefix(40)),
                                                  expected: "at most \(maxFieldBytes) bytes (raise --max-field-bytes)"))
                    continue
                }
                cells[column] = .text(value)
            }
            return RosterRow(file: path, line: record.line, row: index + 1, cells: cells)
        }
    }
}
