import PlacementDomain
import Yams

/// The dates written on one item of `terms:`, as read; checked once it is known whether the
/// scenario has a `schedule:` section (see `ScheduleReader.termDates`).
struct TermDateEntry {
    let term: String
    /// Line of the term's item in the scenario file.
    let line: Int?
    var start: (text: String, line: Int?)?
    var end: (text: String, line: Int?)?
}

/// Reads the `schedule:` mapping (week-level scheduling, docs/scheduling.md). Unknown keys are
/// errors, and so are unknown or missing keys of each item. Checks that need only the section
/// itself are made here (ranges, reversed dates, programme ids); references to bases,
/// universities, students and terms are checked by `ScheduleReferences`.
struct ScheduleReader: MappingItemReader {
    let file: String

    static let keys = [
        "decision_date", "mentor_language_minimum", "default_programme", "programmes", "closures",
        "weekly_seats", "lead_times", "academic_mentors", "industry_mentors"
    ]
    static let academicMentorColumns: Set<String> = ["id", "name", "university", "languages", "max_interns"]
    static let industryMentorColumns: Set<String> = ["id", "name", "base", "languages", "max_interns"]
    /// Longest programme part, gap and lead time, in weeks.
    static let maxWeeks = 52
    /// Longest term, in weeks (a year-long term is 52 or 53; more is most likely a typing error).
    static let maxTermWeeks = 104
    static let maxMentorInterns = 1000
    static let maxSeats = 100_000

    /// What was read, with the mentor rows (for row numbers in later diagnostics).
    struct Result {
        var schedule: Schedule
        var mentorRows: [RosterRow]
    }

    func read(
        _ node: Node, termDates: [String: DayRange], tables: RosterTables,
        into d: inout [Diagnostic], inputs: inout [InputFile]
    ) -> Result {
        var schedule = Schedule(termDates: termDates)
        var result = Result(schedule: schedule, mentorRows: [])
        guard let entries = node.entries else {
            if !node.isNull {
                d.append(
                    Diagnostic(
                        file: file, line: node.line, field: "schedule", value: node.text,
                        expected: "a mapping of schedule settings (\(Self.keys.joined(separator: ", ")))"))
            }
            return result
        }
        var defaultProgramme: (id: String, line: Int?)?
        var leadTimesLine: Int?
        var seen: Set<String> = []
        for entry in entries {
            let field = "schedule.\(entry.key)"
            let value = entry.value
            guard Self.keys.contains(entry.key) else {
                d.append(
                    Diagnostic(
                        file: file, line: entry.keyLine, field: field, value: nil,
                        expected: "a known schedule setting (\(Self.keys.joined(separator: ", ")))"))
                continue
            }
            guard seen.insert(entry.key).inserted else {
                d.append(Diagnostic(file: file, line: entry.keyLine, field: field, value: nil, expected: "each key once"))
                continue
            }
            switch entry.key {
            case "decision_date":
                schedule.decisionDate = day(value, field, into: &d)
            case "mentor_language_minimum":
                guard let t = value.text, let level = LanguageLevel.parse(t) else {
                    d.append(
                        Diagnostic(
                            file: file, line: value.line ?? entry.keyLine, field: field, value: value.text, expected: LanguageLevel.expectedForm))
                    continue
                }
                schedule.mentorLanguageMinimum = level
            case "default_programme":
                if value.isNull { continue }
                guard let t = value.text, FieldParsing.identifier(t) else {
                    d.append(
                        Diagnostic(
                            file: file, line: value.line ?? entry.keyLine, field: field, value: value.text,
                            expected: "the id of a programme in schedule.programmes"))
                    continue
                }
                defaultProgramme = (t, value.line ?? entry.keyLine)
            case "programmes":
                schedule.programmes = items(value, field, into: &d).compactMap { programme($0, field, into: &d) }
            case "closures":
                schedule.closures = items(value, field, into: &d).compactMap { closure($0, field, into: &d) }
            case "weekly_seats":
                schedule.weeklySeats = items(value, field, into: &d).compactMap { weeklySeats($0, field, into: &d) }
            case "lead_times":
                leadTimesLine = entry.keyLine
                schedule.leadTimes = items(value, field, into: &d).compactMap { leadTime($0, field, into: &d) }
            case "academic_mentors", "industry_mentors":
                if value.isNull { continue }
                let kind: Schedule.Mentor.Kind = entry.key == "academic_mentors" ? .academic : .industry
                let rows = tables.rows(for: value, table: field, diagnostics: &d, inputs: &inputs)
                EntityReaders.warnUnknownColumns(
                    rows, known: kind == .academic ? Self.academicMentorColumns : Self.industryMentorColumns,
                    table: "\(kind.rawValue) mentor", into: &d)
                if rows.isEmpty && !d.contains(where: { $0.severity == .error && $0.field == field }) {
                    d.append(
                        Diagnostic(
                            .warning, file: file, line: value.line ?? entry.keyLine, field: field, value: nil,
                            expected: "at least one mentor; the table is empty, so no \(kind.rawValue) mentors are assigned"))
                }
                let mentors = rows.compactMap { Self.mentor($0, kind: kind, into: &d) }
                if kind == .academic { schedule.academicMentors = mentors } else { schedule.industryMentors = mentors }
                result.mentorRows += rows
            default:
                break
            }
        }

        // Programme ids are unique, and the default programme is one of them.
        var firstUse: [String: SourceLocation] = [:]
        for p in schedule.programmes {
            if let earlier = firstUse[p.id] {
                d.append(
                    Diagnostic(
                        file: file, line: p.origin.line, field: "schedule.programmes.id", value: p.id,
                        expected: "a unique programme id (already used at \(earlier))"))
            } else {
                firstUse[p.id] = p.origin
            }
        }
        if let (id, line) = defaultProgramme {
            if firstUse[id] == nil {
                d.append(
                    Diagnostic(
                        file: file, line: line, field: "schedule.default_programme", value: id,
                        expected: "the id of a programme in schedule.programmes (\(Self.listed(schedule.programmes.map(\.id))))"))
            }
            schedule.defaultProgramme = id
        }
        if !schedule.leadTimes.isEmpty && schedule.decisionDate == nil && !seen.contains("decision_date") {
            d.append(
                Diagnostic(
                    file: file, line: leadTimesLine, field: "schedule.decision_date", value: nil,
                    expected: "a decision_date (YYYY-MM-DD): lead times count from it"))
        }
        var leadRule: [String: SourceLocation] = [:]
        for rule in schedule.leadTimes {
            let key = "\(rule.nationality ?? "*")→\(rule.country ?? "*")"
            if let earlier = leadRule[key] {
                d.append(
                    Diagnostic(
                        .warning, file: file, line: rule.origin.line, field: "schedule.lead_times", value: key,
                        expected: "each (nationality, country) pair once (also at \(earlier)); the longer lead time is used"))
            } else {
                leadRule[key] = rule.origin
            }
        }
        result.schedule = schedule
        return result
    }

    // MARK: - Term dates

    /// Checks the dates written on the terms. With a schedule every term needs both; a term ends
    /// on or after its start, lasts at most `maxTermWeeks` weeks, and no two terms overlap.
    /// Without a schedule the dates are ignored (a warning). Returns the dates of each term.
    static func termDates(_ entries: [TermDateEntry], scheduled: Bool, file: String, into d: inout [Diagnostic]) -> [String: DayRange] {
        guard scheduled else {
            // One warning, at the first term with dates.
            let dated = entries.filter { $0.start != nil || $0.end != nil }
            if let e = dated.first, let written = e.start ?? e.end {
                let others = dated.count == 1 ? "" : " (and those of \(dated.count - 1) more term\(dated.count == 2 ? "" : "s"))"
                d.append(
                    Diagnostic(
                        .warning, file: file, line: written.line ?? e.line, field: e.start != nil ? "terms.start" : "terms.end",
                        value: written.text, expected: "term dates only with a schedule: section; the dates of term \(e.term)\(others) are ignored"))
            }
            return [:]
        }
        var ranges: [(term: String, range: DayRange, line: Int?)] = []
        var seen: Set<String> = []
        for e in entries where seen.insert(e.term).inserted {
            func date(_ written: (text: String, line: Int?)?, _ key: String) -> Day? {
                guard let written else {
                    d.append(
                        Diagnostic(
                            file: file, line: e.line, field: "terms.\(key)", value: nil,
                            expected:
                                "\(key == "end" ? "an" : "a") \(key) date (YYYY-MM-DD) for term \(e.term): every term needs start and end dates when the scenario has a schedule"
                        ))
                    return nil
                }
                guard let day = Day.parse(written.text.trimmingSpaces()) else {
                    d.append(
                        Diagnostic(
                            file: file, line: written.line ?? e.line, field: "terms.\(key)", value: written.text,
                            expected: "\(Day.expectedForm) (the \(key) of term \(e.term))"))
                    return nil
                }
                return day
            }
            let start = date(e.start, "start"), end = date(e.end, "end")
            guard let start, let end else { continue }
            guard start <= end else {
                d.append(
                    Diagnostic(
                        file: file, line: e.end?.line ?? e.line, field: "terms.end", value: e.end?.text,
                        expected: "an end date on or after the start \(start) of term \(e.term) (reversed dates)"))
                continue
            }
            let weeks = (end - start) / 7 + 1
            guard weeks <= maxTermWeeks else {
                d.append(
                    Diagnostic(
                        file: file, line: e.end?.line ?? e.line, field: "terms.end", value: e.end?.text,
                        expected: "a term of at most \(maxTermWeeks) weeks (term \(e.term) from \(start) has \(weeks))"))
                continue
            }
            ranges.append((e.term, DayRange(first: start, last: end), e.start?.line ?? e.line))
        }
        // Sorted by start, each term is compared with the one reaching furthest among the earlier.
        let sorted = ranges.sorted { ($0.range.first, $0.range.last) < ($1.range.first, $1.range.last) }
        var furthest: (term: String, range: DayRange, line: Int?)? = nil
        for t in sorted {
            if let f = furthest, t.range.first <= f.range.last {
                d.append(
                    Diagnostic(
                        file: file, line: t.line, field: "terms.start", value: t.range.first.description,
                        expected:
                            "terms that do not overlap: term \(t.term) (\(t.range)) overlaps term \(f.term) (\(f.range)\(f.line.map { ", line \($0)" } ?? ""))"
                    ))
            }
            if furthest == nil || t.range.last > furthest!.range.last { furthest = t }
        }
        return Dictionary(ranges.map { ($0.term, $0.range) }, uniquingKeysWith: { a, _ in a })
    }

    // MARK: - Items

    private func text(_ node: Node, _ field: String, into d: inout [Diagnostic]) -> String? {
        guard let t = node.text, FieldParsing.identifier(t) else {
            d.append(
                Diagnostic(
                    file: file, line: node.line, field: field, value: node.text,
                    expected: "a single value of at most 200 characters without control characters"))
            return nil
        }
        return t
    }

    private func day(_ node: Node, _ field: String, into d: inout [Diagnostic]) -> Day? {
        guard let t = node.text, let day = Day.parse(t.trimmingSpaces()) else {
            d.append(Diagnostic(file: file, line: node.line, field: field, value: node.text, expected: Day.expectedForm))
            return nil
        }
        return day
    }

    private func count(_ node: Node, _ field: String, _ range: ClosedRange<Int>, _ unit: String, into d: inout [Diagnostic]) -> Int? {
        guard let t = node.text, let n = FieldParsing.count(t, maximum: range.upperBound), n >= range.lowerBound else {
            d.append(
                Diagnostic(
                    file: file, line: node.line, field: field, value: node.text,
                    expected: "a whole number of \(unit) from \(range.lowerBound) to \(range.upperBound)"))
            return nil
        }
        return n
    }

    private func bool(_ node: Node, _ field: String, into d: inout [Diagnostic]) -> Bool? {
        switch node.text?.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            d.append(Diagnostic(file: file, line: node.line, field: field, value: node.text, expected: "true or false"))
            return nil
        }
    }

    /// A list written as a YAML sequence or as text separated by `|`, `;` or `,`, with lines.
    private func list(_ node: Node) -> [(text: String, line: Int?)] {
        if let items = node.items { return items.map { (($0.text ?? "").trimmingSpaces(), $0.line ?? node.line) }.filter { !$0.text.isEmpty } }
        if node.isNull { return [] }
        if let t = node.text { return t.splitItems(on: [0x7C, 0x3B, 0x2C]).map { ($0, node.line) } }
        return [("", node.line)]
    }

    private func origin(_ node: Node) -> SourceLocation { SourceLocation(file: file, line: node.line) }

    /// A range of dates `from`–`to` of an item, both required; reversed dates are an error.
    private func dates(_ f: [String: Node], _ field: String, what: String, into d: inout [Diagnostic]) -> DayRange? {
        let from = day(f["from"]!, "\(field).from", into: &d), to = day(f["to"]!, "\(field).to", into: &d)
        guard let from, let to else { return nil }
        guard from <= to else {
            d.append(
                Diagnostic(
                    file: file, line: f["to"]!.line, field: "\(field).to", value: to.description,
                    expected: "a date on or after from (\(from)) of \(what) (reversed dates)"))
            return nil
        }
        return DayRange(first: from, last: to)
    }

    private func programme(_ node: Node, _ field: String, into d: inout [Diagnostic]) -> Schedule.Programme? {
        guard let f = fields(node, field, known: ["id", "credits", "weeks", "rotation"], required: ["id"], into: &d) else { return nil }
        let before = d.count
        let id = text(f["id"]!, "\(field).id", into: &d)
        var credits: Double?
        if let c = f["credits"], !c.isNull {
            if let t = c.text, let v = FieldParsing.number(t, range: 0...1_000_000) {
                credits = v
            } else {
                d.append(
                    Diagnostic(file: file, line: c.line, field: "\(field).credits", value: c.text, expected: "a number of credits from 0 to 1000000"))
            }
        }
        var parts: [Schedule.Programme.Part] = []
        var gap = 0, differentCountry = false
        switch (f["weeks"], f["rotation"]) {
        case let (weeks?, nil):
            if let n = count(weeks, "\(field).weeks", 1...Self.maxWeeks, "working weeks", into: &d) { parts = [.init(weeks: n, kinds: [])] }
        case let (nil, rotation?):
            let r = "\(field).rotation"
            guard let g = fields(rotation, r, known: ["gap_weeks", "different_country", "parts"], required: ["parts"], into: &d) else { break }
            if let n = g["gap_weeks"] { gap = count(n, "\(r).gap_weeks", 0...Self.maxWeeks, "weeks", into: &d) ?? 0 }
            if let b = g["different_country"] { differentCountry = bool(b, "\(r).different_country", into: &d) ?? false }
            let partNodes = items(g["parts"]!, "\(r).parts", into: &d)
            guard partNodes.count == 2 else {
                d.append(
                    Diagnostic(
                        file: file, line: g["parts"]!.line, field: "\(r).parts", value: "\(partNodes.count) parts",
                        expected: "exactly two parts, in order, each {weeks: N, kinds: [KIND, …]}"))
                break
            }
            for partNode in partNodes {
                let p = "\(r).parts"
                guard let pf = fields(partNode, p, known: ["weeks", "kinds"], required: ["weeks"], into: &d) else { continue }
                let weeks = count(pf["weeks"]!, "\(p).weeks", 1...Self.maxWeeks, "working weeks", into: &d)
                var kinds: Set<BaseKind> = []
                for item in pf["kinds"].map({ list($0) }) ?? [] {
                    if let k = BaseKind(rawValue: RosterTables.normalizeColumn(item.text)) {
                        kinds.insert(k)
                    } else {
                        d.append(
                            Diagnostic(
                                file: file, line: item.line, field: "\(p).kinds", value: item.text,
                                expected: "one of \(BaseKind.allCases.map(\.rawValue).joined(separator: ", "))"))
                    }
                }
                if let weeks { parts.append(.init(weeks: weeks, kinds: kinds)) }
            }
        default:
            d.append(
                Diagnostic(
                    file: file, line: node.line, field: "\(field).weeks", value: id,
                    expected: "exactly one of weeks (working weeks, 1–\(Self.maxWeeks)) or rotation (two parts)"))
        }
        guard d.count == before, let id, !parts.isEmpty else { return nil }
        return .init(id: id, credits: credits, parts: parts, gapWeeks: gap, differentCountry: differentCountry, origin: origin(node))
    }

    private func closure(_ node: Node, _ field: String, into d: inout [Diagnostic]) -> Schedule.Closure? {
        guard let f = fields(node, field, known: ["name", "from", "to", "countries", "bases"], required: ["name", "from", "to"], into: &d) else {
            return nil
        }
        let before = d.count
        let name = text(f["name"]!, "\(field).name", into: &d)
        let days = dates(f, field, what: "closure '\(f["name"]!.text ?? "")'", into: &d)
        var countries: Set<String> = []
        for item in f["countries"].map({ list($0) }) ?? [] {
            if let c = FieldParsing.country(item.text) {
                countries.insert(c)
            } else {
                d.append(
                    Diagnostic(
                        file: file, line: item.line, field: "\(field).countries", value: item.text,
                        expected: "a two-letter ISO 3166 country code such as CN, VN, TH"))
            }
        }
        let bases = Set((f["bases"].map({ list($0) }) ?? []).map(\.text))
        guard d.count == before, let name, let days else { return nil }
        return .init(name: name, days: days, countries: countries, bases: bases, origin: origin(node))
    }

    private func weeklySeats(_ node: Node, _ field: String, into d: inout [Diagnostic]) -> Schedule.WeeklySeats? {
        guard let f = fields(node, field, known: ["base", "from", "to", "seats"], required: ["base", "from", "to", "seats"], into: &d) else {
            return nil
        }
        let before = d.count
        let base = text(f["base"]!, "\(field).base", into: &d)
        let days = dates(f, field, what: "weekly seats of base \(f["base"]!.text ?? "")", into: &d)
        let seats = count(f["seats"]!, "\(field).seats", 0...Self.maxSeats, "seats", into: &d)
        guard d.count == before, let base, let days, let seats else { return nil }
        return .init(base: base, days: days, seats: seats, origin: origin(node))
    }

    private func leadTime(_ node: Node, _ field: String, into d: inout [Diagnostic]) -> Schedule.LeadTime? {
        guard let f = fields(node, field, known: ["nationality", "country", "weeks"], required: ["weeks"], into: &d) else { return nil }
        let before = d.count
        func code(_ key: String) -> String? {
            guard let n = f[key], !n.isNull else { return nil }
            guard let t = n.text, let c = FieldParsing.country(t) else {
                d.append(
                    Diagnostic(
                        file: file, line: n.line, field: "\(field).\(key)", value: n.text,
                        expected: "a two-letter ISO 3166 country code such as CN, VN, TH"))
                return nil
            }
            return c
        }
        let nationality = code("nationality"), country = code("country")
        let weeks = count(f["weeks"]!, "\(field).weeks", 0...Self.maxWeeks, "weeks", into: &d)
        guard d.count == before, let weeks else { return nil }
        return .init(nationality: nationality, country: country, weeks: weeks, origin: origin(node))
    }

    // MARK: - Mentors

    static func mentor(_ row: RosterRow, kind: Schedule.Mentor.Kind, into d: inout [Diagnostic]) -> Schedule.Mentor? {
        let before = d.count
        let id = EntityReaders.identifier(row, into: &d)
        let name = row.text("name", required: false, into: &d) ?? id ?? ""
        let home = row.text(kind == .academic ? "university" : "base", required: true, into: &d)
        var levels: [String: LanguageLevel] = [:]
        for (code, level) in EntityReaders.languages(row, "languages", into: &d) ?? [] {
            if let earlier = levels[code], earlier.value >= level.value { continue }
            levels[code] = level
        }
        var maxInterns: Int?
        if let t = row.text("max_interns", required: true, into: &d) {
            if let n = FieldParsing.count(t, maximum: maxMentorInterns), n >= 1 {
                maxInterns = n
            } else {
                d.append(
                    row.diagnostic("max_interns", t, "a whole number of interns from 1 to \(maxMentorInterns) (the most she mentors in any one week)")
                )
            }
        }
        guard !d[before...].contains(where: { $0.severity == .error }), let id, let home, let maxInterns else { return nil }
        if levels.isEmpty {
            d.append(
                row.diagnostic(
                    "languages", nil,
                    "at least one language: a mentor is compatible with an intern through a shared language, so this one mentors nobody", .warning))
        }
        return .init(id: id, name: name, kind: kind, home: home, languages: levels, maxInterns: maxInterns, origin: row.location)
    }

    /// Up to ten ids, for messages.
    static func listed(_ ids: [String]) -> String {
        ids.isEmpty ? "none are listed" : ids.prefix(10).joined(separator: ", ") + (ids.count > 10 ? ", …" : "")
    }
}
