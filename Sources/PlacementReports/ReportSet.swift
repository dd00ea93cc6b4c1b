import Foundation
import PlacementConcurrency
import PlacementDomain

/// What a report records about how it was made. Only settings that change the result go in, so
/// that the same inputs and options give the same bytes wherever the report is written.
public struct ReportSettings: Sendable {
    public var toolVersion: String
    public var glpkVersion: String
    /// Options that affect the result, e.g. ["time_limit_seconds": "60"].
    public var options: [String: String]
    /// Include wall-clock timings (makes reports differ between runs).
    public var includeTimings: Bool

    public init(toolVersion: String, glpkVersion: String, options: [String: String] = [:], includeTimings: Bool = false) {
        self.toolVersion = toolVersion
        self.glpkVersion = glpkVersion
        self.options = options
        self.includeTimings = includeTimings
    }
}

/// Every file of a report folder: summary.md, placements.csv, rosters.csv, report.json, manifest.json,
/// and for scheduled scenarios schedule.csv and mentors.csv.
public struct ReportSet: Sendable {
    public static let reportFormat = "placement-report/1"
    public let scenario: Scenario
    public let outcome: PlacementOutcome
    public let settings: ReportSettings
    public let statistics: ReportStatistics
    /// Each unplaced student's reason in words (every file gives it), by student index.
    let unplacedTexts: [Int: String]
    /// What each alliance rule did (summary, JSON and HTML).
    let ruleEffects: [RuleEffects.Line]
    /// Student indices sorted by student id (the HTML tables' order).
    let studentsInIDOrder: [Int]

    public init(scenario: Scenario, outcome: PlacementOutcome, settings: ReportSettings) {
        self.scenario = scenario
        self.outcome = outcome
        self.settings = settings
        // Independent parts, computed side by side (each walks every student at 100,000).
        let jobs: [@Sendable () -> InitPart] = [
            { .statistics(ReportStatistics(scenario: scenario, outcome: outcome)) },
            {
                var texts: [Int: String] = [:]
                for i in outcome.placements.indices where outcome.placements[i] == nil { texts[i] = (outcome.unplacedReasons[i] ?? .notSolved).text }
                return .unplacedTexts(texts)
            },
            { .ruleEffects(RuleEffects(scenario: scenario, outcome: outcome).lines) },
            { .order(scenario.students.indices.sorted { scenario.students[$0].id < scenario.students[$1].id }) },
        ]
        let parts = parallelMap(count: jobs.count) { jobs[$0]() }
        guard case let .statistics(statistics) = parts[0], case let .unplacedTexts(texts) = parts[1],
              case let .ruleEffects(lines) = parts[2], case let .order(order) = parts[3] else {
            preconditionFailure("parts are returned in the order given")
        }
        self.statistics = statistics
        unplacedTexts = texts
        ruleEffects = lines
        studentsInIDOrder = order
    }

    private enum InitPart: Sendable {
        case statistics(ReportStatistics)
        case unplacedTexts([Int: String])
        case ruleEffects([RuleEffects.Line])
        case order([Int])
    }

    /// Why student `i` (unplaced) was not placed, in words.
    func unplacedText(_ i: Int) -> String { unplacedTexts[i] ?? PlacementOutcome.UnplacedReason.notSolved.text }

    /// Every file of the report; `ready` is handed each one as soon as it is complete, from the
    /// thread that finished it (the writer puts it on disk while the others are rendered). From
    /// `partsFromStudents` students on, the longest files are rendered in parts (same bytes).
    public func files(ready: (@Sendable (ReportFile) -> Void)? = nil, partsFromStudents: Int = 4096) -> [ReportFile] {
        typealias Part = @Sendable () -> [UInt8]
        // The longest files are cut into parts (ranges of students) so that the cores finish together.
        let students = scenario.students.count, large = students >= partsFromStudents
        var files: [(name: String, parts: [Part])] = [
            ("summary.md", [{ Array(SummaryMarkdown(report: self).render().utf8) }]),
            ("placements.csv", [{ placementsCSV().bytes }]),
            ("rosters.csv", [{ rostersCSV().bytes }]),
            ("report.json", [{ ReportJSON(report: self).encoded() }]),
        ]
        if let figures = statistics.schedule {
            files.append(("schedule.csv", [{ scheduleCSV(figures).bytes }]))
            files.append(("mentors.csv", [{ mentorsCSV(figures).bytes }]))
        }
        if !outcome.changes.isEmpty { files.append(("changes.csv", [{ changesCSV().bytes }])) }
        let explanationParts = large ? 8 : 1, seats = SeatTables(report: self)
        files.append(("explanations.csv", (0..<explanationParts).map { part in
            { explanationsCSV(students: students * part / explanationParts ..< students * (part + 1) / explanationParts, header: part == 0,
                              seats: seats).bytes }
        }))
        files.append(("report.html", HTMLReport(report: self).parts(rowParts: large ? 4 : 1)))
        // The job that renders a file's last part joins its parts, hands the file over and hashes
        // it, while the other cores still render. Jobs start longest first (the whole files, the
        // page's top, then the parts), so that the cores finish together.
        typealias Finished = (file: Int, bytes: [UInt8], digest: String)
        let waiting = Locked(PartsInWaiting(partCounts: files.map(\.parts.count)))
        var jobs: [(file: Int, part: Int, job: @Sendable () -> Finished?)] = []
        for (f, file) in files.enumerated() {
            for (k, part) in file.parts.enumerated() {
                jobs.append((f, k, { [name = file.name] in
                    let rendered = part()
                    guard let parts = waiting.withLock({ $0.add(rendered, file: f, part: k) }) else { return nil }
                    var bytes = parts[0]
                    if parts.count > 1 {
                        bytes.reserveCapacity(parts.reduce(0) { $0 + $1.count })
                        for part in parts.dropFirst() { bytes += part }
                    }
                    ready?(ReportFile(name: name, bytes: bytes))
                    return (f, bytes, SHA256Hex.digest(bytes))
                }))
            }
        }
        func startRank(_ job: (file: Int, part: Int, job: @Sendable () -> Finished?)) -> Int {
            switch (files[job.file].name, job.part) {
            case ("report.json", _): return 0
            case ("rosters.csv", _): return 1
            case ("placements.csv", _): return 2
            case ("summary.md", _): return 3
            case ("report.html", 0): return 4
            case ("explanations.csv", _): return 5
            case ("report.html", _): return 6
            default: return 7
            }
        }
        let ordered = jobs.sorted { a, b in
            let (ra, rb) = (startRank(a), startRank(b))
            return ra != rb ? ra < rb : (a.file, a.part) < (b.file, b.part)
        }
        var finished = [(bytes: [UInt8], digest: String)?](repeating: nil, count: files.count)
        for case let file? in parallelMap(count: ordered.count, { ordered[$0].job() }) { finished[file.file] = (file.bytes, file.digest) }
        var written = files.indices.map { ReportFile(name: files[$0].name, bytes: finished[$0]!.bytes) }
        let manifest = Manifest(report: self, outputs: written, digests: files.indices.map { finished[$0]!.digest }).file()
        ready?(manifest)
        written.append(manifest)
        return written
    }

    func placementsCSV() -> CSVWriter {
        let figures = statistics.schedule
        var csv = CSVWriter(header: ["student_id", "student_name", "university", "nationality", "field", "status",
                                     "base_id", "base_name", "base_country", "term", "rank", "cost", "reason_code", "reason"]
                                + (figures == nil ? [] : Self.scheduleColumns))
        for (i, student) in scenario.students.enumerated() {
            var cells: [CSVWriter.Cell] = [.text(student.id), .text(student.name), .text(student.university),
                                           .text(student.nationality), .text(student.field)]
            if let p = outcome.placements[i] {
                let base = scenario.bases[p.base]
                cells += [.text("placed"), .text(base.id), .text(base.name), .text(base.country), .text(scenario.terms[p.term].id),
                          p.rank.map { .integer($0) } ?? .text("unranked"), .number(p.cost), .empty, .empty]
            } else {
                let reason = outcome.unplacedReasons[i] ?? .notSolved
                cells += [.text("unplaced"), .empty, .empty, .empty, .empty, .empty, .empty, .text(reason.code), .text(unplacedText(i))]
            }
            if let figures { cells += scheduleCells(figures, student: student, placement: outcome.placements[i]) }
            csv.row(cells)
        }
        return csv
    }

    /// Columns placements.csv adds for scheduled scenarios. `cost` stays the (first) placement's
    /// cost, like `rank`; `total_cost` adds a rotation's second part and is what the objective sums.
    static let scheduleColumns = ["programme", "start_date", "end_date", "start_week", "end_week", "working_weeks", "closure_weeks",
                                  "academic_mentor", "industry_mentor", "second_base", "second_term", "second_rank", "second_cost",
                                  "second_start_date", "second_end_date", "second_industry_mentor", "total_cost"]

    func scheduleCells(_ f: ScheduleFigures, student: Student, placement: PlacementOutcome.Placement?) -> [CSVWriter.Cell] {
        let programme: CSVWriter.Cell = f.programme(of: student).map { .text($0.id) } ?? .empty
        guard let p = placement, let t = p.timing else { return [programme] + Array(repeating: .empty, count: Self.scheduleColumns.count - 1) }
        let first = ScheduleFigures.Stay(student: p.student, base: p.base, term: p.term, part: 0, firstWeek: t.firstWeek, lastWeek: t.lastWeek,
                                         industryMentor: t.industryMentor)
        func mentor(_ m: Int?, _ list: [Schedule.Mentor]) -> CSVWriter.Cell { m.map { .text(list[$0].id) } ?? .empty }
        var cells: [CSVWriter.Cell] = [
            programme, .text(f.firstDay(t.firstWeek).description), .text(f.lastDay(t.lastWeek).description),
            .text(f.weekLabel(t.firstWeek)), .text(f.weekLabel(t.lastWeek)), .integer(f.workingWeeks(first)), .integer(f.closureWeeks(first)),
            mentor(t.academicMentor, f.schedule.academicMentors), mentor(t.industryMentor, f.schedule.industryMentors),
        ]
        if let second = t.second {
            cells += [.text(scenario.bases[second.base].id), .text(scenario.terms[second.term].id),
                      second.rank.map { .integer($0) } ?? .text("unranked"), .number(second.cost),
                      .text(f.firstDay(second.firstWeek).description), .text(f.lastDay(second.lastWeek).description),
                      mentor(second.industryMentor, f.schedule.industryMentors)]
        } else {
            cells += Array(repeating: .empty, count: 7)
        }
        return cells + [.number(p.totalCost)]
    }

    /// One row per base and week of the calendar (bases in roster order, weeks in date order).
    func scheduleCSV(_ f: ScheduleFigures) -> CSVWriter {
        var csv = CSVWriter(header: ["base_id", "term", "week", "week_start", "week_end", "seats", "interns", "closed", "students"])
        for (b, base) in scenario.bases.enumerated() {
            for (w, week) in f.calendar.weeks.enumerated() {
                let here = f.present[b][w]
                csv.row([.text(base.id), .text(scenario.terms[week.term].id), .integer(week.numberInTerm),
                         .text(week.days.first.description), .text(week.days.last.description),
                         .integer(f.calendar.seats[b][w]), .integer(here.count),
                         .text(f.calendar.closureNames[b][w].joined(separator: "|")),
                         .text(here.map { scenario.students[$0].id }.joined(separator: "|"))])
            }
        }
        return csv
    }

    /// One row per mentor and week in which she has interns (academic mentors first, each list in
    /// scenario order); a mentor without interns gets one row with empty week cells, so that every
    /// mentor is listed. `total_interns` and `peak_load` repeat her totals on each of her rows.
    func mentorsCSV(_ f: ScheduleFigures) -> CSVWriter {
        var csv = CSVWriter(header: ["mentor_id", "mentor_name", "kind", "home", "max_interns", "total_interns", "peak_load",
                                     "term", "week", "week_start", "week_end", "load", "interns"])
        for kind in [Schedule.Mentor.Kind.academic, .industry] {
            for (m, mentor) in f.mentors(kind).enumerated() {
                let head: [CSVWriter.Cell] = [.text(mentor.id), .text(mentor.name), .text(kind.rawValue), .text(mentor.home),
                                              .integer(mentor.maxInterns), .integer(f.interns(kind, m)), .integer(f.peak(kind, m)?.load ?? 0)]
                let busy = f.calendar.weeks.indices.filter { !f.load(kind)[m][$0].isEmpty }
                if busy.isEmpty { csv.row(head + [.empty, .empty, .empty, .empty, .integer(0), .empty]) }
                for w in busy {
                    let week = f.calendar.weeks[w], here = f.load(kind)[m][w]
                    csv.row(head + [.text(scenario.terms[week.term].id), .integer(week.numberInTerm), .text(week.days.first.description),
                                    .text(week.days.last.description), .integer(here.count),
                                    .text(here.map { scenario.students[$0].id }.joined(separator: "|"))])
                }
            }
        }
        return csv
    }

    /// Seats and interns per base and term, indexed [base][term], for explanations.csv: it asks
    /// for them for every preference a student did not get (200,000 rows at 100,000 students).
    struct SeatTables: Sendable {
        let seats: [[Int]]
        let filled: [[Int]]

        init(report: ReportSet) {
            let terms = report.scenario.terms
            seats = report.scenario.bases.map { base in terms.map { base.capacity(in: $0.id) } }
            var filled = [[Int]](repeating: [Int](repeating: 0, count: terms.count), count: report.scenario.bases.count)
            for case let p? in report.outcome.placements { filled[p.base][p.term] += 1 }
            self.filled = filled
        }
    }

    /// For every student without her first choice: each base she ranked better than her outcome,
    /// and why she is not there (the rules that exclude it, or that it was full in her terms).
    /// `placement explain` adds the cost of forcing her into a full one.
    func explanationsCSV(students: Range<Int>? = nil, header: Bool = true, seats tables: SeatTables? = nil) -> CSVWriter {
        var csv = header ? CSVWriter(header: ["student_id", "outcome", "better_choice_rank", "base_id", "why"]) : CSVWriter()
        let rules = EligibilityRules(scenario: scenario)
        let scheduleRules = scenario.schedule.map { ScheduleRules(scenario: scenario, schedule: $0) }
        let terms = scenario.terms, bases = scenario.bases, baseIndexByID = scenario.baseIndexByID, placements = outcome.placements
        let tables = tables ?? SeatTables(report: self)
        let seats = tables.seats, filled = tables.filled
        let bans = Set(scenario.rules.bans.map { [$0.student, $0.base] })
        // The reason for an allowed pair depends only on her eligible terms and whether all are full.
        var allowedTexts: [[Int]: (full: String, free: String)] = [:]
        func allowedText(eligible: [Int], full: Bool) -> String {
            if let texts = allowedTexts[eligible] { return full ? texts.full : texts.free }
            let texts = (full: "full in her terms (\(eligible.map { terms[$0].id }.joined(separator: ", "))); placement explain gives the cost of forcing her there",
                         free: "seats were free; other rules or higher objectives kept her out (see placement explain)")
            allowedTexts[eligible] = texts
            return full ? texts.full : texts.free
        }
        var eligible: [Int] = []
        eligible.reserveCapacity(terms.count)
        for i in students ?? scenario.students.indices {
            let student = scenario.students[i], placement = placements[i]
            if placement?.rank == 1 { continue }
            let limit = placement.map { $0.rank.map { $0 - 1 } ?? student.preferences.count } ?? student.preferences.count
            let outcomeText = placement.map { "\(bases[$0.base].id)/\(terms[$0.term].id)" } ?? "unplaced"
            let available = terms.map { student.isAvailable(in: $0.id) }
            for (r, baseID) in student.preferences.prefix(limit).enumerated() {
                guard let bi = baseIndexByID[baseID] else { continue }
                let base = bases[bi]
                eligible.removeAll(keepingCapacity: true)
                for t in terms.indices where available[t] && seats[bi][t] > 0 { eligible.append(t) }
                // The list of exclusions is built only when some rule may exclude the pair.
                let mayBeExcluded = scheduleRules != nil || eligible.isEmpty || !rules.allowsIgnoringTerms(student: student, base: base)
                let exclusions = mayBeExcluded ? rules.exclusions(student: student, base: base) + (scheduleRules?.exclusions(student: student, base: bi) ?? []) : []
                let why: String
                if !exclusions.isEmpty {
                    why = "not allowed: " + exclusions.map(\.description).joined(separator: "; ")
                } else if !bans.isEmpty && bans.contains([student.id, baseID]) {
                    why = "not allowed: banned pair"
                } else if let scheduleRules, let f = statistics.schedule, let programme = scheduleRules.programme(of: student) {
                    // Scheduled: full when every span she could take there has a week without a free seat.
                    let spans = programme.parts.filter { scheduleRules.kindFits(base, part: $0) }
                        .flatMap { scheduleRules.spans(student: student, base: bi, working: $0.weeks) }
                    let full = spans.allSatisfy { span in span.contains { f.present[bi][$0].count >= f.calendar.seats[bi][$0] } }
                    why = full ? "full in some week of every span she could take there; placement explain gives the cost of forcing her there"
                               : "seats were free for some span she could take; other rules (mentors, rotation parts) or higher objectives kept her out (see placement explain)"
                } else {
                    let full = eligible.allSatisfy { filled[bi][$0] >= seats[bi][$0] }
                    why = allowedText(eligible: eligible, full: full)
                }
                csv.row([.text(student.id), .text(outcomeText), .integer(r + 1), .text(baseID), .text(why)])
            }
        }
        return csv
    }

    func changesCSV() -> CSVWriter {
        var csv = CSVWriter(header: ["student_id", "change", "before", "after", "reason"])
        for c in outcome.changes {
            csv.row([.text(c.student), .text(c.kind.rawValue), c.before.map { .text($0) } ?? .empty, c.after.map { .text($0) } ?? .empty, .text(c.reason)])
        }
        return csv
    }

    /// Each base's interns per term. Scheduled scenarios add the part (2 = a rotation's second
    /// placement, which a base must see on its roster too) and the dates.
    func rostersCSV() -> CSVWriter {
        let figures = statistics.schedule
        var csv = CSVWriter(header: ["base_id", "base_name", "base_country", "base_city", "term", "student_id", "student_name",
                                    "university", "nationality", "field", "languages", "rank"]
                                + (figures == nil ? [] : ["part", "start_date", "end_date"]))
        struct Row { let student: Int; let base: Int; let term: Int; let rank: Int?; let part: Int; let weeks: ClosedRange<Int>? }
        var rows: [Row] = []
        for p in outcome.placements.compactMap({ $0 }) {
            rows.append(Row(student: p.student, base: p.base, term: p.term, rank: p.rank, part: 0, weeks: p.timing.map { $0.firstWeek...$0.lastWeek }))
            if let second = p.timing?.second {
                rows.append(Row(student: p.student, base: second.base, term: second.term, rank: second.rank, part: 1,
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
            var cells: [CSVWriter.Cell] = [.text(base.id), .text(base.name), .text(base.country), .text(base.city), .text(scenario.terms[p.term].id),
                                           .text(student.id), .text(student.name), .text(student.university), .text(student.nationality),
                                           .text(student.field), .text(languages), p.rank.map { .integer($0) } ?? .text("unranked")]
            if let figures {
                cells.append(.integer(p.part + 1))
                if let weeks = p.weeks {
                    cells += [.text(figures.firstDay(weeks.lowerBound).description), .text(figures.lastDay(weeks.upperBound).description)]
                } else {
                    cells += [.empty, .empty]
                }
            }
            csv.row(cells)
        }
        return csv
    }
}

/// The rendered parts of each report file, until the last of its parts is there.
private struct PartsInWaiting: Sendable {
    private var parts: [[[UInt8]?]]
    private var missing: [Int]

    init(partCounts: [Int]) {
        parts = partCounts.map { Array(repeating: nil, count: $0) }
        missing = partCounts
    }

    /// Keeps a part; returns all of the file's parts, in order, when this was the last one.
    mutating func add(_ bytes: [UInt8], file: Int, part: Int) -> [[UInt8]]? {
        parts[file][part] = bytes
        missing[file] -= 1
        guard missing[file] == 0 else { return nil }
        defer { parts[file] = [] }
        return parts[file].map { $0! }
    }
}
