import Foundation
import PlacementDomain
import Yams

/// Turns a roster reference in the scenario (a CSV or .xlsx path, `{file: path, sheet: name}`, or
/// an inline list) into rows.
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
            return fileRows(path: path, sheet: nil, line: node.line, table: table, diagnostics: &diagnostics, inputs: &inputs)
        }
        if let entries = node.entries {
            let path = entries.first { $0.key == "file" }?.value.text
            let sheet = entries.first { $0.key == "sheet" }?.value.text
            guard let path, entries.allSatisfy({ $0.key == "file" || $0.key == "sheet" }) else {
                diagnostics.append(
                    Diagnostic(
                        file: scenarioFile, line: node.line, field: table, value: nil,
                        expected: "a CSV or .xlsx file path, {file: PATH, sheet: NAME}, or a list of rows"))
                return []
            }
            return fileRows(path: path, sheet: sheet, line: node.line, table: table, diagnostics: &diagnostics, inputs: &inputs)
        }
        guard let items = node.items else { return [] }
        var rows: [RosterRow] = []
        for item in items {
            guard let entries = item.entries else {
                diagnostics.append(
                    Diagnostic(
                        file: scenarioFile, line: item.line, field: table, value: item.text,
                        expected: "each row of \(table) to be a mapping of field: value"))
                continue
            }
            var cells: [String: RosterRow.Cell] = [:]
            for entry in entries {
                let column = Self.normalizeColumn(entry.key)
                if let t = entry.value.text {
                    cells[column] = .text(entry.value.isNull ? "" : t.trimmingSpaces())
                } else if let list = entry.value.items {
                    cells[column] = .list(list.map { $0.text ?? "" })
                } else if let pairs = entry.value.entries {
                    cells[column] = .pairs(pairs.map { ($0.key, $0.value.text ?? "") })
                }
            }
            rows.append(RosterRow(file: scenarioFile, line: item.line, row: nil, cells: cells))
        }
        return rows
    }

    /// The rows of a table file named directly (not through a scenario's YAML node).
    func rows(path: String, sheet: String?, table: String, diagnostics: inout [Diagnostic], inputs: inout [InputFile]) -> [RosterRow] {
        fileRows(path: path, sheet: sheet, line: nil, table: table, diagnostics: &diagnostics, inputs: &inputs)
    }

    /// Whether a path names an Excel workbook.
    static func isWorkbook(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm")
    }

    private func fileRows(
        path: String, sheet: String?, line: Int?, table: String, diagnostics: inout [Diagnostic],
        inputs: inout [InputFile]
    ) -> [RosterRow] {
        guard Self.isWorkbook(path) || sheet == nil else {
            diagnostics.append(
                Diagnostic(
                    file: scenarioFile, line: line, field: "\(table).sheet", value: sheet,
                    expected: "no sheet for a CSV file (sheets belong to .xlsx workbooks)"))
            return []
        }
        guard let (bytes, input) = files.read(relativePath: path, namedIn: scenarioFile, line: line, field: table, diagnostics: &diagnostics) else {
            return []
        }
        inputs.append(input)
        if Self.isWorkbook(path) {
            return sheetRows(bytes, path: path, sheet: sheet, table: table, diagnostics: &diagnostics)
        }
        return csvRows(bytes, path: path, diagnostics: &diagnostics)
    }

    /// The rows of one sheet of a workbook: the requested one, else the one named like the table,
    /// else the only one. Diagnostics name the file and sheet, the spreadsheet's row number as the
    /// line, the data row, and the column letter with the field.
    private func sheetRows(
        _ bytes: [UInt8], path: String, sheet requested: String?, table: String,
        diagnostics: inout [Diagnostic]
    ) -> [RosterRow] {
        let sheet: Workbook.Sheet
        do {
            let workbook = try Workbook(bytes: bytes, maxPartBytes: options.maxFileBytes)
            sheet = try workbook.sheet(named: workbook.sheetName(requested: requested, table: table))
        } catch {
            diagnostics.append(Diagnostic(file: path, line: nil, field: nil, value: nil, expected: error.description))
            return []
        }
        let label = "\(path) (sheet \(sheet.name))"
        let records = sheet.records.map { CSVTable.Record(line: $0.line, fields: $0.fields) }
        return tableRows(
            header: sheet.header, headerLine: sheet.headerLine, records: records, file: label,
            columnLetters: sheet.columnLetters, diagnostics: &diagnostics)
    }

    private func csvRows(_ file: [UInt8], path: String, diagnostics: inout [Diagnostic]) -> [RosterRow] {
        let bytes: [UInt8]
        do {
            bytes = try TextEncoding.utf8(file)
        } catch {
            guard case let .invalidUTF16(line) = error else { return [] }
            diagnostics.append(
                Diagnostic(
                    file: path, line: line, field: nil, value: nil,
                    expected: "valid UTF-16 text (the file has a UTF-16 byte-order mark but a broken character here)"))
            return []
        }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            diagnostics.append(
                Diagnostic(
                    file: path, line: nil, field: nil, value: nil,
                    expected: "a CSV text file (this is an Excel workbook or another ZIP file: name it .xlsx to read it as a workbook)"))
            return []
        }
        let csv: CSVTable
        do {
            csv = try CSVTable.parse(bytes, maxRecords: options.maxRows, maxFieldBytes: options.maxFieldBytes)
        } catch CSVTable.ParseError.invalidUTF8(let line) {
            diagnostics.append(
                Diagnostic(
                    file: path, line: line, field: nil, value: nil,
                    expected:
                        "UTF-8 text: line \(line) is not valid UTF-8; the file looks like \(TextEncoding.guessedEncoding(file)). Save it from the spreadsheet program as \"CSV UTF-8 (comma delimited)\" or as \"Unicode text\""
                ))
            return []
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
        return tableRows(
            header: csv.header, headerLine: csv.headerLine, records: csv.records, file: path, columnLetters: nil,
            diagnostics: &diagnostics)
    }

    /// Rows of a table read from a file (CSV or sheet), with the header's columns normalised.
    private func tableRows(
        header rawHeader: [String], headerLine: Int, records: [CSVTable.Record], file path: String,
        columnLetters: [String]?, diagnostics: inout [Diagnostic]
    ) -> [RosterRow] {
        if records.count > options.maxRows {
            diagnostics.append(
                Diagnostic(
                    file: path, line: nil, field: nil, value: nil,
                    expected: "at most \(options.maxRows) rows (raise --max-rows)"))
            return []
        }
        let header = rawHeader.map(Self.normalizeColumn)
        var lettersOfColumns: [String: String] = [:]
        if let columnLetters {
            for (i, column) in header.enumerated() where !column.isEmpty && i < columnLetters.count { lettersOfColumns[column] = columnLetters[i] }
        }
        let letters = lettersOfColumns
        // Sheets give every row the header's width; CSV rows carry what the file has.
        let isCSV = columnLetters == nil
        var seen: Set<String> = []
        for (i, column) in header.enumerated() where !column.isEmpty {
            if !seen.insert(column).inserted {
                diagnostics.append(
                    Diagnostic(
                        file: path, line: headerLine, field: rawHeader[i], value: nil,
                        expected: "each column once (this column appears twice)"))
            }
        }
        let maxFieldBytes = options.maxFieldBytes
        return ParallelRows.map(Array(records.enumerated()), into: &diagnostics) { item, diagnostics in
            let (index, record) = item
            var cells = [String: RosterRow.Cell](minimumCapacity: header.count)
            if record.fields.count > header.count, record.fields[header.count...].contains(where: { !$0.isEmpty }) {
                diagnostics.append(
                    Diagnostic(
                        file: path, line: record.line, row: index + 1, field: nil, value: nil,
                        expected:
                            "at most \(header.count) fields as in the header (found \(record.fields.count); an unquoted separator inside a field?)"))
            }
            // A short row would leave its last cells silently empty (a student's preferences lost).
            if isCSV, record.fields.count < header.count {
                let missing = header[record.fields.count...].filter { !$0.isEmpty }
                diagnostics.append(
                    Diagnostic(
                        file: path, line: record.line, row: index + 1, field: missing.first, value: nil,
                        expected:
                            "\(header.count) fields as in the header (found \(record.fields.count); missing: \(missing.joined(separator: ", ")); an empty cell still needs its separator)"
                    ))
            }
            for (i, column) in header.enumerated() where !column.isEmpty {
                let value = i < record.fields.count ? record.fields[i] : ""
                if value.utf8.count > maxFieldBytes {
                    diagnostics.append(
                        Diagnostic(
                            file: path, line: record.line, row: index + 1, field: column, value: String(value.prefix(40)),
                            expected: "at most \(maxFieldBytes) bytes (raise --max-field-bytes)"))
                    continue
                }
                cells[column] = .text(value)
            }
            return RosterRow(file: path, line: record.line, row: index + 1, cells: cells, columnLetters: letters)
        }
    }
}
