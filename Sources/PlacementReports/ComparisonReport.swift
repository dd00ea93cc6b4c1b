import PlacementDomain

/// The side-by-side report of a base scenario and its variants: one column per scenario.
public struct ComparisonReport: Sendable {
    public let runs: [(scenario: Scenario, outcome: PlacementOutcome)]
    public let settings: ReportSettings

    public init(runs: [(Scenario, PlacementOutcome)], settings: ReportSettings) {
        self.runs = runs.map { (scenario: $0.0, outcome: $0.1) }
        self.settings = settings
    }

    /// Rows of the comparison table: label and one value per scenario.
    public func table() -> [(label: String, values: [String])] {
        let stats = runs.map { ReportStatistics(scenario: $0.scenario, outcome: $0.outcome) }
        func pct(_ x: Double) -> String { formatNumber((x * 1000).rounded() / 10) + " %" }
        var rows: [(String, [String])] = [
            ("solver status", runs.map { $0.outcome.solver.statusText }),
            ("students", stats.map { String($0.students) }),
            ("placed", stats.map { String($0.placed) }),
            ("unplaced", stats.map { String($0.students - $0.placed) }),
            ("share with 1st choice", stats.map { pct($0.firstChoiceShare) }),
            ("mean rank", stats.map { $0.meanRank.map { formatNumber(($0 * 100).rounded() / 100) } ?? "–" }),
            ("worst rank", stats.map { $0.worstRank.map(String.init) ?? "–" }),
            ("total rank cost", stats.map { formatNumber($0.totalRankCost) })
        ]
        let universities = Set(stats.flatMap { $0.perUniversity.map(\.key) }).sorted()
        for u in universities {
            rows.append(("placement rate, university \(u)", stats.map { s in s.perUniversity.first { $0.key == u }.map { pct($0.rate) } ?? "–" }))
        }
        let nationalities = Set(stats.flatMap { $0.perNationality.map(\.key) }).sorted()
        for n in nationalities {
            rows.append(("placement rate, nationality \(n)", stats.map { s in s.perNationality.first { $0.key == n }.map { pct($0.rate) } ?? "–" }))
        }
        let countries = Set(stats.flatMap { $0.perCountry.map(\.key) }).sorted()
        for c in countries {
            rows.append(
                (
                    "utilisation, \(c)",
                    stats.map { s in s.perCountry.first { $0.key == c }.map { "\($0.filled)/\($0.seats) (\(pct($0.rate)))" } ?? "–" }
                ))
        }
        return rows
    }

    /// Students whose outcome differs between the base (first run) and a variant.
    public func changedStudents(variant: Int) -> [(student: String, before: String, after: String)] {
        let base = runs[0], other = runs[variant]
        func outcome(_ run: (scenario: Scenario, outcome: PlacementOutcome), _ id: String) -> String {
            guard let i = run.scenario.studentIndexByID[id] else { return "not in scenario" }
            guard let p = run.outcome.placements[i] else { return "unplaced" }
            return "\(run.scenario.bases[p.base].id)/\(run.scenario.terms[p.term].id)"
        }
        let ids = Set(base.scenario.students.map(\.id)).union(other.scenario.students.map(\.id)).sorted()
        return ids.compactMap { id in
            let before = outcome(base, id), after = outcome(other, id)
            return before == after ? nil : (id, before, after)
        }
    }

    public func files() -> [ReportFile] {
        let rows = table()
        let names = runs.map(\.scenario.name)
        var md = "# Scenario comparison\n\nBase: **\(names[0])**; variants: \(names.dropFirst().joined(separator: ", ")). "
        md += "Made by placement \(settings.toolVersion) with GLPK \(settings.glpkVersion). Each scenario's full report is in its own folder.\n\n"
        md += "| | " + names.joined(separator: " | ") + " |\n|---|" + String(repeating: "---:|", count: names.count) + "\n"
        for row in rows { md += "| \(row.label) | " + row.values.joined(separator: " | ") + " |\n" }
        var csv = CSVWriter(header: ["figure"] + names)
        for row in rows { csv.row([.text(row.label)] + row.values.map { .text($0) }) }
        var files = [ReportFile(name: "comparison.csv", text: csv.output)]
        for v in runs.indices.dropFirst() {
            let changed = changedStudents(variant: v)
            md += "\n## \(names[v]): \(changed.count) students with a different outcome than in \(names[0])\n\n"
            if !changed.isEmpty {
                md += "| student | \(names[0]) | \(names[v]) |\n|---|---|---|\n"
                for c in changed.prefix(100) { md += "| \(c.student) | \(c.before) | \(c.after) |\n" }
                if changed.count > 100 { md += "\n(first 100 shown; all in changed-\(names[v]).csv)\n" }
            }
            var changedCSV = CSVWriter(header: ["student_id", names[0], names[v]])
            for c in changed { changedCSV.row([.text(c.student), .text(c.before), .text(c.after)]) }
            files.append(ReportFile(name: "changed-\(names[v]).csv", text: changedCSV.output))
        }
        files.insert(ReportFile(name: "comparison.md", text: md), at: 0)
        let html = HTMLReport.renderComparison(
            runs.map { (name: $0.scenario.name, report: ReportSet(scenario: $0.scenario, outcome: $0.outcome, settings: settings)) })
        files.append(ReportFile(name: "comparison.html", text: html))
        return files
    }
}
