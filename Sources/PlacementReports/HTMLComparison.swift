import PlacementDomain

/// comparison.html: the headline figures and charts of several what-if runs side by side.
extension HTMLReport {
    /// The same headline figures and charts for several reports, one column per scenario.
    public func renderComparison(_ reports: [(name: String, report: ReportSet)]) -> String {
        HTMLReport.renderComparison(reports)
    }

    /// The same headline figures and charts for several reports, one column per scenario.
    public static func renderComparison(_ reports: [(name: String, report: ReportSet)]) -> String {
        var h = HTMLPage.head(title: "Placement comparison: " + reports.map(\.name).joined(separator: " / "))
        h += "<header>\n<h1>Placement comparison</h1>\n<p class=\"sub\">"
        h += reports.map { "<b>\(htmlEsc($0.name))</b> (scenario \(htmlEsc($0.report.scenario.name)))" }.joined(separator: " · ")
        h += "</p>\n</header>\n<main>\n"

        // Headline figures, one column per scenario.
        h += "<section id=\"headline\">\n<h2>Headline figures</h2>\n<div class=\"scroll\"><table class=\"compare\">\n<thead><tr><th>figure</th>"
        h += reports.map { "<th class=\"num\">\(htmlEsc($0.name))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        let rows: [(String, (ReportSet) -> String)] = [
            ("students", { "\($0.statistics.students)" }),
            ("placed", { "\($0.statistics.placed) (\(percent(share($0.statistics.placed, $0.statistics.students))))" }),
            ("unplaced", { "\($0.statistics.students - $0.statistics.placed)" }),
            ("placed at 1st choice", { "\(firstChoices($0.statistics)) (\(percent($0.statistics.firstChoiceShare)))" }),
            ("mean rank", { $0.statistics.meanRank.map { fixed($0, 2) } ?? "–" }),
            ("worst rank", { $0.statistics.worstRank.map { ordinal($0) } ?? "–" }),
            ("unranked placements", { "\($0.statistics.unranked)" }),
            ("total cost", { formatNumber($0.statistics.totalCost) }),
            ("blocking pairs", { "\($0.outcome.blockingPairs.count)" }),
            ("solver status", { htmlEsc($0.outcome.solver.statusText) })
        ]
        for (label, value) in rows {
            h += "<tr><th>\(label)</th>" + reports.map { "<td class=\"num\">\(value($0.report))</td>" }.joined() + "</tr>\n"
        }
        h += "</tbody></table></div>\n</section>\n"

        // Charts side by side.
        let columns = max(1, reports.count)
        func grid(_ id: String, _ title: String, _ chart: (ReportSet) -> String) -> String {
            var g = "<section id=\"\(id)\" class=\"keep\">\n<h2>\(title)</h2>\n"
            g += "<div class=\"cols\" style=\"grid-template-columns: repeat(\(columns), minmax(260px, 1fr))\">\n"
            for r in reports { g += "<div class=\"col\"><h3>\(htmlEsc(r.name))</h3>\n\(chart(r.report))</div>\n" }
            return g + "</div>\n</section>\n"
        }
        h += grid("choices", "Choices received") { HTMLCharts.rankChart($0.statistics, compact: true) }
        h += grid("universities", "Placement rate per university") {
            HTMLCharts.rateChart($0.statistics.perUniversity.map { ($0, $0.key) }, kind: "university", compact: true)
        }
        var universityNames: [String: String] = [:]
        for r in reports { for u in r.report.scenario.universities where universityNames[u.id] == nil { universityNames[u.id] = u.name } }
        if !universityNames.isEmpty {
            h +=
                "<p class=\"muted small\">"
                + universityNames.keys.sorted().map { "<b>\(htmlEsc($0))</b> \(htmlEsc(universityNames[$0]!))" }.joined(separator: " · ") + "</p>\n"
        }
        h += grid("nationalities", "Placement rate per nationality") {
            HTMLCharts.rateChart($0.statistics.perNationality.map { ($0, $0.key) }, kind: "nationality", compact: true)
        }
        h += grid("countries", "Utilisation per country") {
            HTMLCharts.countryChart($0.statistics, palette: CountryPalette(scenario: $0.scenario), compact: true)
        }
        h += grid("solver", "Optimality") { "<div class=\"evidence\">\(HTMLReport(report: $0).evidenceParagraph())</div>" }
        h += "</main>\n</body>\n</html>\n"
        return h
    }
}
