import Foundation
import PlacementDomain

/// report.html: the whole report as one self-contained page for a board meeting — headline
/// figures, SVG charts, a map-like view of the bases, the rule outcomes, the unplaced students and a
/// searchable table of every placement. No network: inline CSS, inline SVG and a few lines of
/// inline JavaScript for the table filter (the page reads fully without it). A print stylesheet
/// keeps it printable.
///
/// Every text that comes from the inputs is HTML-escaped (& < > " '), in HTML, in SVG text and in
/// attributes. The page is deterministic: no dates, no random ids, every list sorted as
/// `ReportStatistics` sorts it (by id), placements by student id.
public struct HTMLReport: Sendable {
    public let report: ReportSet

    public init(report: ReportSet) {
        self.report = report
    }

    public func render() -> String { String(decoding: renderBytes(), as: UTF8.self) }

    /// The page as UTF-8.
    public func renderBytes() -> [UInt8] {
        parts(rowParts: 1).flatMap { $0() }
    }

    /// The page in consecutive parts that can be rendered side by side (joined, they are
    /// `renderBytes()`): the page up to the placements' rows, the rows in `rowParts` ranges of
    /// students, and the rest. At 100,000 students the rows are most of the page.
    func parts(rowParts: Int) -> [@Sendable () -> [UInt8]] {
        let order = report.studentsInIDOrder
        let rows = (0..<rowParts).map { k in
            { [self] in
                var h = ReportText(capacity: 400 * order.count / rowParts)
                placementRows(order[order.count * k / rowParts..<order.count * (k + 1) / rowParts], into: &h)
                return h.bytes
            } as @Sendable () -> [UInt8]
        }
        return [{ [self] in renderTop() }] + rows + [{ [self] in renderBottom() }]
    }

    /// The page up to the first row of the placements table.
    func renderTop() -> [UInt8] {
        let s = report.scenario, o = report.outcome, st = report.statistics
        let palette = CountryPalette(scenario: s)
        var h = ReportText(capacity: 100 * s.students.count)
        h += HTMLPage.head(title: "Placement report: \(s.name)")
        h += "<header>\n<h1>Placement report: \(htmlEsc(s.name))</h1>\n"
        h += "<p class=\"sub\">\(s.students.count) students, \(s.bases.count) bases, \(s.terms.count) term\(s.terms.count == 1 ? "" : "s") ("
        h += s.terms.map { "\(htmlEsc($0.name)) <span class=\"muted\">(\(htmlEsc($0.id)))</span>" }.joined(separator: ", ")
        h += "). Made by placement \(htmlEsc(report.settings.toolVersion)) with GLPK \(htmlEsc(report.settings.glpkVersion)).</p>\n"
        let schedule = st.schedule
        h +=
            "<nav class=\"toc\">"
            + ([
                ("headline", "Headline"), ("choices", "Choices"), ("rates", "Placement rates"),
                ("utilisation", "Utilisation")
            ] + (schedule == nil ? [] : [("schedule", "Schedule")])
            + [
                ("map", "Map"), ("rules", "Rules & stability"),
                ("unplaced", "Unplaced"), ("placements", "All placements"), ("solver", "Solver")
            ])
            .map { "<a href=\"#\($0.0)\">\($0.1)</a>" }.joined(separator: " · ") + "</nav>\n</header>\n<main>\n"

        // Headline
        h += "<section id=\"headline\">\n<h2>Headline</h2>\n"
        h += HTMLCharts.headlineCards(st, solver: o.solver)
        h += "<div class=\"evidence\">\(evidenceParagraph())</div>\n"
        h += "<p class=\"muted\">What “best” means here: \(objectivesInWords(s.policy)).</p>\n"
        h += "</section>\n"

        // Choices
        h += "<section id=\"choices\" class=\"keep\">\n<h2>Choices received</h2>\n"
        h += "<p>How many students got their 1st, 2nd, … choice, a base they did not rank, or no placement.</p>\n"
        h += HTMLCharts.rankChart(st)
        h += "</section>\n"

        // Rates
        h += "<section id=\"rates\">\n<h2>Placement rate per university</h2>\n"
        h += HTMLCharts.rateChart(st.perUniversity.map { ($0, "\($0.label) (\($0.key))") }, kind: "university")
        h += "<h2>Placement rate per nationality</h2>\n"
        h += HTMLCharts.rateChart(st.perNationality.map { ($0, $0.key) }, kind: "nationality")
        h += "</section>\n"

        // Utilisation
        h += "<section id=\"utilisation\">\n<h2>Utilisation per country and base</h2>\n"
        if schedule == nil {
            h += "<p>Seats filled out of seats offered, summed over the terms. Under each country, every base with its seats per term.</p>\n"
        } else {
            h += "<p>Seat-weeks filled out of seat-weeks offered (a base's seats in each week, summed over the weeks of the terms). "
            h += "Under each country, every base with its seat-weeks per term.</p>\n"
        }
        h += HTMLCharts.countryChart(st, palette: palette)
        h += utilisationPerBase(palette: palette)
        h += "</section>\n"

        if let schedule { h += "<section id=\"schedule\">\n<h2>Schedule</h2>\n" + scheduleSection(schedule) + "</section>\n" }

        // Map
        h += "<section id=\"map\" class=\"keep\">\n<h2>Where the interns go</h2>\n"
        h += mapView(palette: palette)
        h += "</section>\n"

        // Rules and stability
        h += "<section id=\"rules\">\n"
        h += rulesAndStability()
        h += "</section>\n"

        // Unplaced
        h += "<section id=\"unplaced\">\n<h2>Unplaced students</h2>\n"
        h += "<p class=\"print-only muted\">Each unplaced student, with the reason, is in placements.csv (left out of the printed page).</p>\n"
        unplacedSection(into: &h)
        h += "</section>\n"

        // Changes against an earlier report
        if !o.changes.isEmpty { h += "<section id=\"changes\">\n<h2>Changes from the earlier report</h2>\n" + changesSection() + "</section>\n" }

        // Placements
        h += "<section id=\"placements\">\n<h2>All placements</h2>\n"
        h +=
            "<p class=\"print-only muted\">Every student's placement is in placements.csv and placements.xlsx, and each base's roster in rosters.xlsx (left out of the printed page).</p>\n"
        placementsTableHead(into: &h)
        return h.bytes
    }

    /// The page after the last row of the placements table.
    func renderBottom() -> [UInt8] {
        var h = ReportText()
        h += "</tbody></table></div>\n"
        h += "</section>\n"

        // Solver
        h += "<section id=\"solver\">\n<h2>Solver and inputs</h2>\n"
        h += solverSection()
        h += "</section>\n</main>\n"
        h += HTMLPage.filterScript
        h += "</body>\n</html>\n"
        return h.bytes
    }
}
