import Foundation
import PlacementConcurrency
import PlacementDomain

/// Row → entity readers. Each reads every field it can and records a diagnostic for each bad one,
/// so a user sees all the problems of a file at once.
enum EntityReaders {
    static let universityColumns: Set<String> = ["id", "name", "country", "city", "latitude", "longitude", "lat", "lon"]
    static let studentColumns: Set<String> = [
        "id", "name", "university", "nationality", "field", "languages",
        "grade", "grade_average", "gpa", "terms", "available_terms",
        "excluded_countries", "preferences", "prefs",
        "programme", "available_from", "available_to"
    ]
    /// Student columns read only when the scenario has a `schedule:` section.
    static let scheduleStudentColumns = ["programme", "available_from", "available_to"]
    static let baseColumns: Set<String> = [
        "id", "name", "kind", "country", "city", "latitude", "longitude", "lat", "lon",
        "fields", "languages", "language_requirement", "capacity",
        "min_interns", "max_nationality_share"
    ]

    /// Warns once per table about columns the tool does not read (a typo would otherwise be silent).
    static func warnUnknownColumns(
        _ rows: [RosterRow], known: Set<String>, table: String, allowPrefix: String? = nil,
        into diagnostics: inout [Diagnostic]
    ) {
        guard let first = rows.first else { return }
        var reported: Set<String> = []
        for row in rows.prefix(first.row == nil ? rows.count : 1) {
            for column in row.cells.keys.sorted() where !known.contains(column) && !reported.contains(column) {
                if let prefix = allowPrefix, column.hasPrefix(prefix) { continue }
                reported.insert(column)
                diagnostics.append(
                    Diagnostic(
                        .warning, file: row.file, line: row.line, field: column, value: nil,
                        expected: "a known \(table) column (\(known.sorted().joined(separator: ", "))); this column is ignored"))
            }
        }
    }

    static func alias(_ row: RosterRow, _ names: String...) -> String {
        names.first { row.cells[$0] != nil } ?? names[0]
    }

    static func location(_ row: RosterRow, into d: inout [Diagnostic]) -> GeoPoint? {
        let latField = alias(row, "latitude", "lat"), lonField = alias(row, "longitude", "lon")
        let lat = row.number(latField, required: false, range: -90...90, into: &d)
        let lon = row.number(lonField, required: false, range: -180...180, into: &d)
        if let lat, let lon { return GeoPoint(latitude: lat, longitude: lon) }
        if (lat == nil) != (lon == nil), row.cells[latField] != nil || row.cells[lonField] != nil,
            (row.raw(latField) ?? "").isEmpty != (row.raw(lonField) ?? "").isEmpty
        {
            d.append(row.diagnostic(lat == nil ? latField : lonField, nil, "both latitude and longitude, or neither"))
        }
        return nil
    }

    static func identifier(_ row: RosterRow, into d: inout [Diagnostic]) -> String? {
        guard let id = row.text("id", required: true, into: &d) else { return nil }
        guard FieldParsing.identifier(id) else {
            d.append(row.diagnostic("id", id, "an identifier of at most 200 characters without control characters"))
            return nil
        }
        return id
    }

    static func country(_ row: RosterRow, _ field: String, into d: inout [Diagnostic]) -> String? {
        guard let text = row.text(field, required: true, into: &d) else { return nil }
        guard let code = FieldParsing.country(text) else {
            d.append(row.diagnostic(field, text, "a two-letter ISO 3166 country code such as CN, VN, TH"))
            return nil
        }
        return code
    }

    static func university(_ row: RosterRow, into d: inout [Diagnostic]) -> University? {
        let before = d.count
        let id = identifier(row, into: &d)
        let name = row.text("name", required: false, into: &d) ?? id ?? ""
        let country = country(row, "country", into: &d)
        let city = row.text("city", required: false, into: &d) ?? ""
        let point = location(row, into: &d)
        guard d.count == before, let id, let country else { return nil }
        return University(id: id, name: name, country: country, city: city, location: point, origin: row.location)
    }

    /// `LanguageLevel.parse` of the levels rosters use most, written exactly so: looked up once
    /// per cell instead of parsed (100,000 students have several each).
    static let commonLevels: [String: LanguageLevel] = Dictionary(
        uniqueKeysWithValues: (["A1", "A2", "B1", "B2", "C1", "C2", "native"] + (1...9).map { "HSK\($0)" } + (1...6).map(String.init))
            .compactMap { text in LanguageLevel.parse(text).map { (text, $0) } })

    static func languages(_ row: RosterRow, _ field: String, into d: inout [Diagnostic]) -> [(String, LanguageLevel)]? {
        guard let pairs = row.languagePairs(field) else {
            d.append(row.diagnostic(field, row.raw(field), "languages written like 'en: B2, zh: HSK4, th: 5'"))
            return nil
        }
        var result: [(String, LanguageLevel)] = []
        var ok = true
        for (code, level) in pairs {
            guard let language = LanguageCode.normalize(code) else {
                d.append(row.diagnostic(field, code, "a language code of 2–3 letters such as en, zh, th, vi, fil"))
                ok = false
                continue
            }
            guard let parsed = commonLevels[level] ?? LanguageLevel.parse(level) else {
                d.append(row.diagnostic(field, "\(code): \(level)", LanguageLevel.expectedForm))
                ok = false
                continue
            }
            result.append((language, parsed))
        }
        return ok ? result : nil
    }

    /// A date cell (YYYY-MM-DD); nil when empty or bad (recorded).
    static func date(_ row: RosterRow, _ field: String, into d: inout [Diagnostic]) -> Day? {
        guard let t = row.text(field, required: false, into: &d) else { return nil }
        guard let day = Day.parse(t.trimmingSpaces()) else {
            d.append(row.diagnostic(field, t, Day.expectedForm))
            return nil
        }
        return day
    }

    /// Reads a student row. The scheduling columns (programme, available_from, available_to) are
    /// read only when `scheduled`; otherwise the loader warns that they are ignored.
    static func student(
        _ row: RosterRow, scheduled: Bool = false, languageCells: LanguageCells? = nil,
        into d: inout [Diagnostic]
    ) -> Student? {
        let before = d.count
        let id = identifier(row, into: &d)
        let name = row.text("name", required: false, into: &d) ?? id ?? ""
        let university = row.text("university", required: true, into: &d)
        let nationality = country(row, "nationality", into: &d)
        let field = row.text("field", required: true, into: &d)
        let levels: [String: LanguageLevel]
        if case let .text(cell)? = row.cells["languages"], let known = languageCells?.withLock({ $0[cell] }) {
            levels = known
        } else {
            var read: [String: LanguageLevel] = [:]
            let beforeLanguages = d.count
            for (code, level) in languages(row, "languages", into: &d) ?? [] {
                if let earlier = read[code], earlier.value >= level.value { continue }
                read[code] = level
            }
            if d.count == beforeLanguages, case let .text(cell)? = row.cells["languages"] { languageCells?.withLock { $0[cell] = read } }
            levels = read
        }
        let gradeField = alias(row, "grade", "grade_average", "gpa")
        let grade = row.number(gradeField, required: false, range: 0...100, into: &d)
        let terms = row.list(alias(row, "terms", "available_terms"))
        var excluded: Set<String> = []
        for text in row.list("excluded_countries") {
            if let c = FieldParsing.country(text) {
                excluded.insert(c)
            } else {
                d.append(row.diagnostic("excluded_countries", text, "two-letter country codes separated by | or ;"))
            }
        }
        let preferences = row.list(alias(row, "preferences", "prefs"), allowArrow: true)
        var programme: String?, from: Day?, to: Day?
        if scheduled {
            programme = row.text("programme", required: false, into: &d)
            if let p = programme, !FieldParsing.identifier(p) {
                d.append(row.diagnostic("programme", p, "a programme id of at most 200 characters without control characters"))
            }
            from = date(row, "available_from", into: &d)
            to = date(row, "available_to", into: &d)
            if let from, let to, to < from {
                d.append(row.diagnostic("available_to", to.description, "a date on or after available_from \(from) (reversed dates)"))
            }
        }
        guard d.count == before, let id, let university, let nationality, let field else { return nil }
        return Student(
            id: id, name: name, university: university, nationality: nationality, field: field,
            languages: levels, gradeAverage: grade, availableTerms: terms, excludedCountries: excluded,
            preferences: preferences, origin: row.location,
            programme: programme, availableFrom: from, availableTo: to)
    }

    static func base(_ row: RosterRow, terms: [Term], into d: inout [Diagnostic]) -> Base? {
        let before = d.count
        let id = identifier(row, into: &d)
        let name = row.text("name", required: false, into: &d) ?? id ?? ""
        var kind: BaseKind?
        if let text = row.text("kind", required: true, into: &d) {
            kind = BaseKind(rawValue: RosterTables.normalizeColumn(text))
            if kind == nil { d.append(row.diagnostic("kind", text, "one of \(BaseKind.allCases.map(\.rawValue).joined(separator: ", "))")) }
        }
        let country = country(row, "country", into: &d)
        let city = row.text("city", required: false, into: &d) ?? ""
        let point = location(row, into: &d)
        let fields = Set(row.list("fields").filter { $0 != "*" })
        let languageField = alias(row, "languages", "language_requirement")
        let requirement = (languages(row, languageField, into: &d) ?? []).map { LanguageRequirement(language: $0.0, minimum: $0.1) }
        let capacity = capacities(row, terms: terms, into: &d)
        let minInterns = row.count("min_interns", required: false, maximum: 100_000, into: &d) ?? 0
        let share = row.number("max_nationality_share", required: false, range: 0.000001...1, into: &d)
        guard d.count == before, let id, let kind, let country else { return nil }
        return Base(
            id: id, name: name, kind: kind, country: country, city: city, location: point, fields: fields,
            languageRequirement: requirement, capacity: capacity, minInterns: minInterns,
            maxNationalityShare: share, origin: row.location)
    }

    /// Seats per term: a `capacity` cell for every term, `capacity:TERM` columns, or an inline
    /// mapping `capacity: {TERM: n}`. Seats are whole numbers from 0 to 100,000.
    static func capacities(_ row: RosterRow, terms: [Term], into d: inout [Diagnostic]) -> [String: Int] {
        let maximum = 100_000
        var result: [String: Int] = [:]
        let termIDs = Set(terms.map(\.id))
        if case let .pairs(pairs)? = row.cells["capacity"] {
            for (term, value) in pairs {
                guard termIDs.contains(term) else { d.append(row.diagnostic("capacity", term, "a term id from the scenario's terms")); continue }
                guard let n = FieldParsing.count(value, maximum: maximum) else {
                    d.append(row.diagnostic("capacity.\(term)", value, "a whole number of seats from 0 to \(maximum)")); continue
                }
                result[term] = n
            }
        } else if row.cells["capacity"] != nil {
            if let n = row.count("capacity", required: true, maximum: maximum, into: &d) {
                for t in terms { result[t.id] = n }
            }
        }
        for column in row.cells.keys.sorted() where column.hasPrefix("capacity:") {
            let term = String(column.dropFirst("capacity:".count))
            guard let termID = terms.first(where: { RosterTables.normalizeColumn($0.id) == term })?.id else {
                d.append(row.diagnostic(column, nil, "a capacity column named capacity:TERM for a term of the scenario"))
                continue
            }
            if let n = row.count(column, required: false, maximum: maximum, into: &d) { result[termID] = n }
        }
        if row.cells["capacity"] == nil && !row.cells.keys.contains(where: { $0.hasPrefix("capacity:") }) {
            d.append(row.diagnostic("capacity", nil, "seats per term: a capacity column, or capacity:TERM columns"))
        }
        return result
    }
}

/// Languages cells already read without a problem, by their text: 100,000 students write a few
/// hundred different cells, each read once. Shared by the threads that read the rows.
typealias LanguageCells = Locked<[String: [String: LanguageLevel]]>
