import PlacementDomain

/// A table of a report, written as CSV and as a workbook sheet.
struct ReportTable {
    let header: [String]
    var rows: [[CSVWriter.Cell]] = []

    var csv: CSVWriter {
        var csv = CSVWriter(header: header)
        for row in rows { csv.row(row) }
        return csv
    }
}

/// placements.csv/.xlsx, rosters.csv/.xlsx and changes.csv.
extension ReportSet {
    func placementsCSV() -> CSVWriter { placementsTable().csv }

    /// placements.xlsx: the placements table on one sheet.
    func placementsWorkbook() -> [UInt8] {
        let table = placementsTable()
        return XLSXWriter.workbook([.init(name: "Placements", header: table.header, rows: table.rows)])
    }

    func placementsTable() -> ReportTable {
        let figures = statistics.schedule
        var csv = ReportTable(
            header: [
                "student_id", "student_name", "university", "nationality", "field", "status",
                "base_id", "base_name", "base_country", "term", "rank", "cost", "reason_code", "reason"
            ]
                + (figures == nil ? [] : Self.scheduleColumns))
        for (i, student) in scenario.students.enumerated() {
            var cells: [CSVWriter.Cell] = [
                .text(student.id), .text(student.name), .text(student.university),
                .text(student.nationality), .text(student.field)
            ]
            if let p = outcome.placements[i] {
                let base = scenario.bases[p.base]
                cells += [
                    .text("placed"), .text(base.id), .text(base.name), .text(base.country), .text(scenario.terms[p.term].id),
                    p.rank.map { .integer($0) } ?? .text("unranked"), .number(p.cost), .empty, .empty
                ]
            } else {
                let reason = outcome.unplacedReasons[i] ?? .notSolved
                cells += [.text("unplaced"), .empty, .empty, .empty, .empty, .empty, .empty, .text(reason.code), .text(unplacedText(i))]
            }
            if let figures { cells += scheduleCells(figures, student: student, placement: outcome.placements[i]) }
            csv.rows.append(cells)
        }
        return csv
    }

    func rostersCSV() -> CSVWriter { rostersTable().table.csv }

    /// The most sheets rosters.xlsx gives one base each; with more bases, a sheet per country.
    static let rosterSheetsPerBaseUpTo = 250

    /// rosters.xlsx: a sheet per base (named by its id and name), or with many bases a sheet per
    /// country, for sending each enterprise its interns.
    func rostersWorkbook() -> [UInt8] {
        let (table, bases) = rostersTable()
        var sheets: [XLSXWriter.Sheet] = []
        var sheetOfKey: [String: Int] = [:]
        let perBase = Set(bases).count <= Self.rosterSheetsPerBaseUpTo
        for (row, b) in zip(table.rows, bases) {
            let base = scenario.bases[b]
            let key = perBase ? base.id : base.country
            if sheetOfKey[key] == nil {
                sheetOfKey[key] = sheets.count
                sheets.append(.init(name: perBase ? "\(base.id) \(base.name)" : base.country, header: table.header, rows: []))
            }
            sheets[sheetOfKey[key]!].rows.append(row)
        }
        if !perBase { sheets.sort { $0.name < $1.name } }
        if sheets.isEmpty { sheets = [.init(name: "Rosters", header: table.header, rows: [])] }
        return XLSXWriter.workbook(sheets)
    }

    /// Each base's interns per term (with the base of each row). Scheduled scenarios add the part
    /// (2 = a rotation's second placement, which a base must see on its roster too) and the dates.
    func rostersTable() -> (table: ReportTable, bases: [Int]) {
        let figures = statistics.schedule
        var csv = ReportTable(
            header: [
                "base_id", "base_name", "base_country", "base_city", "term", "student_id", "student_name",
                "university", "nationality", "field", "languages", "rank"
            ]
                + (figures == nil ? [] : ["part", "start_date", "end_date"]))
        var bases: [Int] = []
        struct Row { let student: Int; let base: Int; let term: Int; let rank: Int?; let part: Int; let weeks: ClosedRange<Int>? }
        var rows: [Row] = []
        for p in outcome.placements.compactMap({ $0 }) {
            rows.append(
                Row(student: p.student, base: p.base, term: p.term, rank: p.rank, part: 0, weeks: p.timing.map { $0.firstWeek...$0.lastWeek }))
            if let second = p.timing?.second {
                rows.append(
                    Row(
                        student: p.student, base: second.base, term: second.term, rank: second.rank, part: 1,
                        weeks: second.firstWeek...second.lastWeek))
            }
        }
        // Each base's position in id order, so that rows are sorted on integers (ids are unique).
        var basePosition = [Int](repeating: 0, count: scenario.bases.count)
        for (position, b) in scenario.bases.indices.sorted(by: { scenario.bases[$0].id < scenario.bases[$1].id }).enumerated() {
            basePosition[b] = position
        }
        rows.sort {
            if $0.base != $1.base { return basePosition[$0.base] < basePosition[$1.base] }
            if $0.term != $1.term { return $0.term < $1.term }
            return scenario.students[$0.student].id < scenario.students[$1.student].id
        }
        for p in rows {
            let base = scenario.bases[p.base], student = scenario.students[p.student]
            let languages = student.languages.keys.sorted().map { "\($0): \(student.languages[$0]!.written)" }.joined(separator: "; ")
            var cells: [CSVWriter.Cell] = [
                .text(base.id), .text(base.name), .text(base.country), .text(base.city), .text(scenario.terms[p.term].id),
                .text(student.id), .text(student.name), .text(student.university), .text(student.nationality),
                .text(student.field), .text(languages), p.rank.map { .integer($0) } ?? .text("unranked")
            ]
            if let figures {
                cells.append(.integer(p.part + 1))
                if let weeks = p.weeks {
                    cells += [.text(figures.firstDay(weeks.lowerBound).description), .text(figures.lastDay(weeks.upperBound).description)]
                } else {
                    cells += [.empty, .empty]
                }
            }
            csv.rows.append(cells)
            bases.append(p.base)
        }
        return (csv, bases)
    }

    func changesCSV() -> CSVWriter {
        var csv = CSVWriter(header: ["student_id", "change", "before", "after", "reason"])
        for c in outcome.changes {
            csv.row([
                .text(c.student), .text(c.kind.rawValue), c.before.map { .text($0) } ?? .empty, c.after.map { .text($0) } ?? .empty, .text(c.reason)
            ])
        }
        return csv
    }
}
