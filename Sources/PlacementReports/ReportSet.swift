import Foundation
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

/// Every file of a report folder: summary.md, placements.csv, rosters.csv, report.json, manifest.json.
public struct ReportSet: Sendable {
    public static let reportFormat = "placement-report/1"
    public let scenario: Scenario
    public let outcome: PlacementOutcome
    public let settings: ReportSettings
    public let statistics: ReportStatistics

    public init(scenario: Scenario, outcome: PlacementOutcome, settings: ReportSettings) {
        self.scenario = scenario
        self.outcome = outcome
        self.settings = settings
        statistics = ReportStatistics(scenario: scenario, outcome: outcome)
    }

    public func files() -> [ReportFile] {
        var files = [
            ReportFile(name: "summary.md", text: SummaryMarkdown(report: self).render()),
            ReportFile(name: "placements.csv", text: placementsCSV()),
            ReportFile(name: "rosters.csv", text: rostersCSV()),
            ReportFile(name: "report.json", bytes: ReportJSON(report: self).encoded()),
        ]
        if !outcome.changes.isEmpty { files.append(ReportFile(name: "changes.csv", text: changesCSV())) }
        files.append(ReportFile(name: "explanations.csv", text: explanationsCSV()))
        files.append(ReportFile(name: "report.html", text: HTMLReport(report: self).render()))
        files.append(Manifest(report: self, outputs: files).file())
        return files
    }

    func placementsCSV() -> String {
        var csv = CSVWriter(header: ["student_id", "student_name", "university", "nationality", "field", "status",
                                     "base_id", "base_name", "base_country", "term", "rank", "cost", "reason_code", "reason"])
        for (i, student) in scenario.students.enumerated() {
            var cells: [CSVWriter.Cell] = [.text(student.id), .text(student.name), .text(student.university),
                                           .text(student.nationality), .text(student.field)]
            if let p = outcome.placements[i] {
                let base = scenario.bases[p.base]
                cells += [.text("placed"), .text(base.id), .text(base.name), .text(base.country), .text(scenario.terms[p.term].id),
                          p.rank.map { .integer($0) } ?? .text("unranked"), .number(p.cost), .empty, .empty]
            } else {
                let reason = outcome.unplacedReasons[i] ?? .notSolved
                cells += [.text("unplaced"), .empty, .empty, .empty, .empty, .empty, .empty, .text(reason.code), .text(reason.text)]
            }
            csv.row(cells)
        }
        return csv.output
    }

    /// For every student without her first choice: each base she ranked better than her outcome,
    /// and why she is not there (the rules that exclude it, or that it was full in her terms).
    /// `placement explain` adds the cost of forcing her into a full one.
    func explanationsCSV() -> String {
        var csv = CSVWriter(header: ["student_id", "outcome", "better_choice_rank", "base_id", "why"])
        let rules = EligibilityRules(scenario: scenario)
        var filled: [Int: [Int: Int]] = [:]
        for p in outcome.placements.compactMap({ $0 }) { filled[p.base, default: [:]][p.term, default: 0] += 1 }
        for (i, student) in scenario.students.enumerated() {
            let placement = outcome.placements[i]
            if placement?.rank == 1 { continue }
            let limit = placement.map { $0.rank.map { $0 - 1 } ?? student.preferences.count } ?? student.preferences.count
            let outcomeText = placement.map { "\(scenario.bases[$0.base].id)/\(scenario.terms[$0.term].id)" } ?? "unplaced"
            for (r, baseID) in student.preferences.prefix(limit).enumerated() {
                guard let bi = scenario.baseIndexByID[baseID] else { continue }
                let base = scenario.bases[bi]
                let exclusions = rules.exclusions(student: student, base: base)
                var why: String
                if !exclusions.isEmpty {
                    why = "not allowed: " + exclusions.map(\.description).joined(separator: "; ")
                } else if scenario.rules.bans.contains(where: { $0.student == student.id && $0.base == baseID }) {
                    why = "not allowed: banned pair"
                } else {
                    let terms = rules.eligibleTerms(student: student, base: base)
                    let full = terms.allSatisfy { t in
                        let ti = scenario.termIndexByID[t]!
                        return (filled[bi]?[ti] ?? 0) >= base.capacity(in: t)
                    }
                    why = full ? "full in her terms (\(terms.joined(separator: ", "))); placement explain gives the cost of forcing her there"
                               : "seats were free; other rules or higher objectives kept her out (see placement explain)"
                }
                csv.row([.text(student.id), .text(outcomeText), .integer(r + 1), .text(baseID), .text(why)])
            }
        }
        return csv.output
    }

    func changesCSV() -> String {
        var csv = CSVWriter(header: ["student_id", "change", "before", "after", "reason"])
        for c in outcome.changes {
            csv.row([.text(c.student), .text(c.kind.rawValue), c.before.map { .text($0) } ?? .empty, c.after.map { .text($0) } ?? .empty, .text(c.reason)])
        }
        return csv.output
    }

    func rostersCSV() -> String {
        var csv = CSVWriter(header: ["base_id", "base_name", "base_country", "base_city", "term", "student_id", "student_name",
                                    "university", "nationality", "field", "languages", "rank"])
        let placements = outcome.placements.compactMap { $0 }.sorted {
            let a = scenario.bases[$0.base].id, b = scenario.bases[$1.base].id
            if a != b { return a < b }
            if $0.term != $1.term { return $0.term < $1.term }
            return scenario.students[$0.student].id < scenario.students[$1.student].id
        }
        for p in placements {
            let base = scenario.bases[p.base], student = scenario.students[p.student]
            let languages = student.languages.keys.sorted().map { "\($0): \(student.languages[$0]!.written)" }.joined(separator: "; ")
            csv.row([.text(base.id), .text(base.name), .text(base.country), .text(base.city), .text(scenario.terms[p.term].id),
                     .text(student.id), .text(student.name), .text(student.university), .text(student.nationality),
                     .text(student.field), .text(languages), p.rank.map { .integer($0) } ?? .text("unranked")])
        }
        return csv.output
    }
}
