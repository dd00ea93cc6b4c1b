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

    // MARK: - Single report

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
                placementRows(order[order.count * k / rowParts ..< order.count * (k + 1) / rowParts], into: &h)
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
        h += "<nav class=\"toc\">" + ([("headline", "Headline"), ("choices", "Choices"), ("rates", "Placement rates"),
                                       ("utilisation", "Utilisation")] + (schedule == nil ? [] : [("schedule", "Schedule")])
                                      + [("map", "Map"), ("rules", "Rules & stability"),
                                         ("unplaced", "Unplaced"), ("placements", "All placements"), ("solver", "Solver")])
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
        unplacedSection(into: &h)
        h += "</section>\n"

        // Changes against an earlier report
        if !o.changes.isEmpty { h += "<section id=\"changes\">\n<h2>Changes from the earlier report</h2>\n" + changesSection() + "</section>\n" }

        // Placements
        h += "<section id=\"placements\">\n<h2>All placements</h2>\n"
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

    // MARK: - Comparison

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
            ("solver status", { htmlEsc($0.outcome.solver.statusText) }),
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
            h += "<p class=\"muted small\">" + universityNames.keys.sorted().map { "<b>\(htmlEsc($0))</b> \(htmlEsc(universityNames[$0]!))" }.joined(separator: " · ") + "</p>\n"
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

    // MARK: - Sections

    /// The solver's status and its evidence, in plain words.
    func evidenceParagraph() -> String {
        let o = report.outcome
        var p = "<p><b>Solver status: \(htmlEsc(o.solver.statusText)).</b> "
        switch o.solver.status {
        case .optimal:
            p += "This placement is <b>proven optimal</b>: for each objective, in order, the solver proved that no placement obeying every rule does better.</p>\n"
        case .feasible:
            p += "Every placement obeys the rules, but it is <b>not proven optimal</b>: the solver stopped before closing the gap"
            if let gap = o.solver.gap { p += " (relative gap \(percent(gap)))" }
            p += ", so a better placement may exist.</p>\n"
        case .infeasible, .unbounded, .noSolution:
            p += "No placement was found.</p>\n"
        }
        if !o.solver.stages.isEmpty {
            p += "<ol class=\"stages\">\n"
            for stage in o.solver.stages {
                let goal = stage.sense == .maximize ? "as high as possible" : "as low as possible"
                p += "<li><b>\(htmlEsc(stageName(stage.name)))</b> (\(goal)): \(htmlEsc(formatNumber(stage.value)))"
                if stage.value == stage.bound {
                    p += " — proven best possible"
                } else {
                    p += " — best possible is at \(stage.sense == .maximize ? "most" : "least") \(htmlEsc(formatNumber(stage.bound)))"
                }
                p += ". <span class=\"muted\">Evidence: \(htmlEsc(stage.evidence)).</span></li>\n"
            }
            p += "</ol>\n"
        }
        if !o.conflicts.isEmpty {
            p += "<p>The rules cannot all hold. In the closest solution these had to give way:</p>\n<ul>\n"
            for c in o.conflicts { p += "<li>\(htmlEsc(c.description))</li>\n" }
            p += "</ul>\n"
        }
        return p
    }

    func utilisationPerBase(palette: CountryPalette) -> String {
        let s = report.scenario, o = report.outcome
        var filled: [Int: [Int: Int]] = [:]
        for p in o.placements.compactMap({ $0 }) { filled[p.base, default: [:]][p.term, default: 0] += 1 }
        var byCountry: [String: [Int]] = [:]
        for (bi, base) in s.bases.enumerated() { byCountry[base.country, default: []].append(bi) }
        var h = "<div class=\"bases\">\n"
        for country in byCountry.keys.sorted() {
            let bases = byCountry[country]!.sorted { s.bases[$0].id < s.bases[$1].id }
            var cells: [String] = []
            var seatsTotal = 0, filledTotal = 0
            for bi in bases {
                let base = s.bases[bi]
                var lines: [String] = []
                for (ti, term) in s.terms.enumerated() {
                    var seats = base.capacity(in: term.id), taken = filled[bi]?[ti] ?? 0
                    if let f = report.statistics.schedule {
                        // Seat-weeks, as in ReportStatistics.
                        seats = f.calendar.weeksByTerm[ti].reduce(0) { $0 + f.calendar.seats[bi][$1] }
                        taken = f.calendar.weeksByTerm[ti].reduce(0) { $0 + f.present[bi][$1].count }
                    }
                    guard seats > 0 || taken > 0 else { continue }
                    seatsTotal += seats
                    filledTotal += taken
                    let width = seats == 0 ? 100 : min(100, Int((Double(taken) / Double(seats) * 100).rounded()))
                    lines.append("<div class=\"mini\"><span class=\"t\">\(htmlEsc(term.id))</span><span class=\"track\"><span class=\"fill\" style=\"width:\(width)%;background:\(palette.colour(country))\"></span></span><span class=\"v\">\(taken)/\(seats)</span></div>")
                }
                guard !lines.isEmpty else { continue }
                cells.append("<div class=\"base\"><div class=\"bn\" title=\"\(htmlEsc(base.name))\"><b>\(htmlEsc(base.id))</b> \(htmlEsc(base.name))</div><div class=\"bc muted\">\(htmlEsc(base.city)) · \(htmlEsc(base.kind.label))</div>\(lines.joined())</div>")
            }
            guard !cells.isEmpty else { continue }
            h += "<div class=\"country\"><h3><span class=\"swatch\" style=\"background:\(palette.colour(country))\"></span>\(htmlEsc(country)) "
            h += "<span class=\"muted\">— \(filledTotal) of \(seatsTotal) seats filled (\(percent(share(filledTotal, seatsTotal)))), \(cells.count) base\(cells.count == 1 ? "" : "s")</span></h3>\n"
            h += "<div class=\"basegrid\">\n" + cells.joined(separator: "\n") + "\n</div></div>\n"
        }
        return h + "</div>\n"
    }

    /// An SVG scatter of the bases over their bounding box (equirectangular), circle area ∝ placed
    /// interns, colour by country; universities with coordinates as small squares.
    func mapView(palette: CountryPalette) -> String {
        let s = report.scenario, o = report.outcome
        var placedAt = [Int](repeating: 0, count: s.bases.count)
        for p in o.placements.compactMap({ $0 }) { placedAt[p.base] += 1 }
        let located = s.bases.indices.filter { s.bases[$0].location != nil }.sorted { s.bases[$0].id < s.bases[$1].id }
        guard !located.isEmpty else { return "<p class=\"muted\">No base has coordinates, so there is no map.</p>\n" }
        let universities = s.universities.filter { $0.location != nil }.sorted { $0.id < $1.id }
        let points = located.map { s.bases[$0].location! } + universities.map { $0.location! }
        var minLat = points.map(\.latitude).min()!, maxLat = points.map(\.latitude).max()!
        var minLon = points.map(\.longitude).min()!, maxLon = points.map(\.longitude).max()!
        if maxLat - minLat < 1 { let m = (maxLat + minLat) / 2; minLat = m - 0.5; maxLat = m + 0.5 }
        if maxLon - minLon < 1 { let m = (maxLon + minLon) / 2; minLon = m - 0.5; maxLon = m + 0.5 }
        // The drawing takes the data's own aspect ratio, within 880 × 640.
        let pad = 48.0
        let midLat = (minLat + maxLat) / 2
        let squeeze = max(0.2, cosDegrees(midLat))  // equirectangular: x = λ·cos φ0, y = φ
        let spanX = (maxLon - minLon) * squeeze, spanY = maxLat - minLat
        let scale = min((880 - 2 * pad) / spanX, (640 - 2 * pad) / spanY)
        let width = max(420, (spanX * scale + 2 * pad).rounded()), height = max(320, (spanY * scale + 2 * pad).rounded())
        let offX = (width - spanX * scale) / 2, offY = (height - spanY * scale) / 2
        func project(_ g: GeoPoint) -> (x: Double, y: Double) {
            (offX + (g.longitude - minLon) * squeeze * scale, offY + (maxLat - g.latitude) * scale)
        }
        let most = max(1, placedAt.max() ?? 0)
        let rMax = 26.0

        var h = "<figure class=\"chart map\"><div class=\"mapwrap\"><svg class=\"map-svg\" viewBox=\"0 0 \(num(width)) \(num(height))\" style=\"max-width:\(num(width))px\" role=\"img\" aria-label=\"Map of bases\">\n"
        h += "<rect class=\"sea\" x=\"0\" y=\"0\" width=\"\(num(width))\" height=\"\(num(height))\"/>\n"
        // Graticule every 1, 2, 5 or 10 degrees.
        let stepDeg = [1.0, 2.0, 5.0, 10.0, 20.0].first { max(maxLat - minLat, maxLon - minLon) / $0 <= 8 } ?? 30
        var g = "<g class=\"grid\">"
        var lon = (minLon / stepDeg).rounded(.down) * stepDeg
        while lon <= maxLon + stepDeg {
            let x = offX + (lon - minLon) * squeeze * scale
            if x >= 0 && x <= width {
                g += "<line x1=\"\(num(x))\" y1=\"0\" x2=\"\(num(x))\" y2=\"\(num(height))\"/><text x=\"\(num(x + 3))\" y=\"\(num(height - 4))\">\(formatNumber(lon))°E</text>"
            }
            lon += stepDeg
        }
        var lat = (minLat / stepDeg).rounded(.down) * stepDeg
        while lat <= maxLat + stepDeg {
            let y = offY + (maxLat - lat) * scale
            if y >= 0 && y <= height {
                g += "<line x1=\"0\" y1=\"\(num(y))\" x2=\"\(num(width))\" y2=\"\(num(y))\"/><text x=\"3\" y=\"\(num(y - 3))\">\(formatNumber(abs(lat)))°\(lat < 0 ? "S" : "N")</text>"
            }
            lat += stepDeg
        }
        h += g + "</g>\n"

        // Bases: biggest first so that small circles stay on top.
        let order = located.sorted { placedAt[$0] != placedAt[$1] ? placedAt[$0] > placedAt[$1] : s.bases[$0].id < s.bases[$1].id }
        h += "<g class=\"bases\">\n"
        for bi in order {
            let base = s.bases[bi], p = project(base.location!)
            let n = placedAt[bi]
            let colour = palette.colour(base.country)
            let tip = "\(base.id) \(base.name) (\(base.city), \(base.country)): \(n) intern\(n == 1 ? "" : "s")"
            if n == 0 {
                h += "<circle class=\"base-dot empty\" cx=\"\(num(p.x))\" cy=\"\(num(p.y))\" r=\"3\" style=\"stroke:\(colour)\"><title>\(htmlEsc(tip))</title></circle>\n"
            } else {
                let r = max(3, rMax * (Double(n) / Double(most)).squareRoot())
                h += "<circle class=\"base-dot\" cx=\"\(num(p.x))\" cy=\"\(num(p.y))\" r=\"\(num(r))\" fill=\"\(colour)\"><title>\(htmlEsc(tip))</title></circle>\n"
            }
        }
        h += "</g>\n"
        // Universities.
        if !universities.isEmpty {
            h += "<g class=\"unis\">\n"
            for u in universities {
                let p = project(u.location!)
                h += "<rect class=\"uni\" x=\"\(num(p.x - 4))\" y=\"\(num(p.y - 4))\" width=\"8\" height=\"8\"><title>\(htmlEsc("\(u.id) \(u.name) (\(u.city), \(u.country))"))</title></rect>"
                h += "<text class=\"uni-label\" x=\"\(num(p.x + 6))\" y=\"\(num(p.y + 11))\">\(htmlEsc(u.id))</text>\n"
            }
            h += "</g>\n"
        }
        // Country labels above the country's busiest base (ties: lowest id).
        var byCountry: [String: [Int]] = [:]
        for bi in located { byCountry[s.bases[bi].country, default: []].append(bi) }
        h += "<g class=\"country-labels\">\n"
        var side = "<table class=\"mapkey\"><thead><tr><th>country</th><th class=\"num\">bases</th><th class=\"num\">interns</th></tr></thead><tbody>\n"
        for country in byCountry.keys.sorted() {
            let bases = byCountry[country]!
            let top = bases.min { placedAt[$0] != placedAt[$1] ? placedAt[$0] > placedAt[$1] : s.bases[$0].id < s.bases[$1].id }!
            let p = project(s.bases[top].location!)
            let r = placedAt[top] == 0 ? 3 : max(3, rMax * (Double(placedAt[top]) / Double(most)).squareRoot())
            let n = bases.reduce(0) { $0 + placedAt[$1] }
            h += "<text class=\"country-label\" x=\"\(num(p.x))\" y=\"\(num(max(16, p.y - r - 5)))\" text-anchor=\"middle\" fill=\"\(palette.colour(country))\">\(htmlEsc(country))</text>\n"
            side += "<tr><td><i class=\"swatch\" style=\"background:\(palette.colour(country))\"></i>\(htmlEsc(country))</td><td class=\"num\">\(bases.count)</td><td class=\"num\">\(n)</td></tr>\n"
        }
        h += "</g>\n</svg>\n"
        h += "<div class=\"mapside\">\n" + side + "</tbody></table>\n"
        let missing = s.bases.count - located.count
        h += "<figcaption>Each circle is a base; its area is proportional to the interns placed there (hollow: none). "
        h += "Colour shows the country. "
        if !universities.isEmpty { h += "Black squares are the home universities. " }
        h += "Equirectangular projection of longitude and latitude, fitted to the points shown."
        if missing > 0 { h += " \(missing) base\(missing == 1 ? " has" : "s have") no coordinates and \(missing == 1 ? "is" : "are") not shown." }
        h += "</figcaption>\n</div></div>\n"
        return h + "</figure>\n"
    }

    func rulesAndStability() -> String {
        let s = report.scenario, o = report.outcome
        var h = ""
        let effects = report.ruleEffects
        if !effects.isEmpty {
            let broken = effects.filter { !$0.holds }.count
            h += "<h2>Alliance rules</h2>\n<p>\(effects.count) rule outcome\(effects.count == 1 ? "" : "s") checked on the placements; "
            h += broken == 0 ? "every one holds.</p>\n" : "<b class=\"bad\">\(broken) do\(broken == 1 ? "es" : "") not hold</b>.</p>\n"
            h += "<div class=\"scroll\"><table class=\"rules\">\n<thead><tr><th>rule</th><th>subject</th><th>outcome</th><th>holds</th></tr></thead>\n<tbody>\n"
            for e in effects {
                h += "<tr><td>\(htmlEsc(e.family))</td><td>\(htmlEsc(e.subject))</td><td>\(htmlEsc(e.figure))</td>"
                h += e.holds ? "<td class=\"ok\">✓ yes</td></tr>\n" : "<td class=\"bad\">✗ no</td></tr>\n"
            }
            h += "</tbody></table></div>\n"
        }
        h += "<h2>Stability</h2>\n"
        let rule = s.policy.stability == .required ? "Stability is required" : "Stability is not required (reported only)"
        if s.schedule != nil {
            h += "<p>Stability is <b>not assessed for scheduled scenarios</b>: blocking pairs are defined for seats per term.</p>\n"
        } else if o.blockingPairs.isEmpty {
            h += "<p>\(rule). <b class=\"ok\">The placement is stable</b>: no student and base-term would both rather be matched to each other.</p>\n"
        } else {
            h += "<p>\(rule). <b>\(o.blockingPairs.count) blocking pair\(o.blockingPairs.count == 1 ? "" : "s")</b>: a student who prefers a base-term to her placement, "
            h += "where the base-term has a free seat or holds someone it ranks below her.</p>\n"
            let shown = o.blockingPairs.prefix(50)
            h += "<p class=\"pairs\">" + shown.map { p in
                "<span class=\"pair\">\(htmlEsc(s.students[p.student].id)) → \(htmlEsc(s.bases[p.base].id))/\(htmlEsc(s.terms[p.term].id))</span>"
            }.joined(separator: " ")
            if o.blockingPairs.count > shown.count { h += " <span class=\"muted\">… first \(shown.count) shown; all are in report.json.</span>" }
            h += "</p>\n"
        }
        return h
    }

    func unplacedSection(into h: inout ReportText) {
        let s = report.scenario, o = report.outcome, st = report.statistics
        let unplaced = report.studentsInIDOrder.filter { o.placements[$0] == nil }
        if unplaced.isEmpty { h += "<p class=\"ok\">Every student was placed.</p>\n"; return }
        h += "<p>\(unplaced.count) student\(unplaced.count == 1 ? " was" : "s were") not placed: "
        h += st.unplacedByReason.map { "\($0.count) — \(htmlEsc(reasonLabel($0.code)))" }.joined(separator: "; ") + ".</p>\n"
        h += "<div class=\"scroll\"><table class=\"unplaced\">\n<thead><tr><th>student</th><th>name</th><th>university</th><th>nationality</th><th>reason</th></tr></thead>\n<tbody>\n"
        for i in unplaced {
            let student = s.students[i]
            h += "<tr><td>"; h.appendHTML(student.id)
            h += "</td><td>"; h.appendHTML(student.name)
            h += "</td><td>"; h.appendHTML(student.university)
            h += "</td><td>"; h.appendHTML(student.nationality)
            h += "</td><td>"; h.appendHTML(report.unplacedText(i))
            h += "</td></tr>\n"
        }
        h += "</tbody></table></div>\n"
    }

    func changesSection() -> String {
        let o = report.outcome
        let changed = o.changes.filter { $0.kind != .kept }
        var h = "<p>\(o.changes.filter { $0.kind == .kept }.count) earlier placements kept; \(changed.count) change\(changed.count == 1 ? "" : "s").</p>\n"
        guard !changed.isEmpty else { return h }
        h += "<div class=\"scroll\"><table>\n<thead><tr><th>student</th><th>change</th><th>before</th><th>after</th><th>why</th></tr></thead>\n<tbody>\n"
        for c in changed {
            h += "<tr><td>\(htmlEsc(c.student))</td><td>\(htmlEsc(c.kind.rawValue.replacingUnderscores()))</td><td>\(htmlEsc(c.before ?? "–"))</td><td>\(htmlEsc(c.after ?? "–"))</td><td>\(htmlEsc(c.reason))</td></tr>\n"
        }
        return h + "</tbody></table></div>\n"
    }

    func placementsTableHead(into h: inout ReportText) {
        h += "<p class=\"filter\" id=\"filter-box\" hidden><label>Filter rows: <input id=\"q\" type=\"search\" placeholder=\"name, id, university, base, country…\" autocomplete=\"off\"></label> <span id=\"q-count\" class=\"muted\"></span></p>\n"
        h += "<div class=\"scroll\"><table id=\"placements-table\" class=\"placements\">\n"
        h += "<thead><tr><th>student</th><th>name</th><th>university</th><th>nationality</th><th>base</th><th>country</th><th>term</th>"
        h += (report.statistics.schedule == nil ? "" : "<th>weeks</th>") + "<th>choice / reason</th></tr></thead>\n<tbody>\n"
    }

    /// The placements table's rows of these students (indices, in student id order).
    func placementRows(_ order: ArraySlice<Int>, into h: inout ReportText) {
        let s = report.scenario, o = report.outcome
        let f = report.statistics.schedule
        let unplacedColumns = "<td colspan=\"\(f == nil ? 3 : 4)\" class=\"muted\">—</td><td class=\"bad\">unplaced: "
        for i in order {
            let student = s.students[i]
            h += o.placements[i] == nil ? "<tr class=\"row-unplaced\"><td class=\"nw\">" : "<tr class=\"row-placed\"><td class=\"nw\">"
            h.appendHTML(student.id)
            h += "</td><td>"; h.appendHTML(student.name)
            h += "</td><td class=\"nw\" title=\""; h.appendHTML(s.universityByID[student.university]?.name ?? student.university)
            h += "\">"; h.appendHTML(student.university)
            h += "</td><td class=\"nw\">"; h.appendHTML(student.nationality)
            h += "</td>"
            if let p = o.placements[i] {
                let base = s.bases[p.base]
                h += "<td><b>"; h.appendHTML(base.id)
                h += "</b> "; h.appendHTML(base.name)
                h += "</td><td class=\"nw\">"; h.appendHTML(base.country)
                h += "</td><td class=\"nw\">"; h.appendHTML(s.terms[p.term].id)
                h += "</td>"
                if let f { h += "<td class=\"nw\">\(weeksCell(f, p))</td>" }
                h += "<td>"
                if let rank = p.rank { h += ordinal(rank); h += " choice" } else { h += "unranked" }
                h += "</td></tr>\n"
            } else {
                h += unplacedColumns; h.appendHTML(report.unplacedText(i))
                h += "</td></tr>\n"
            }
        }
    }

    func solverSection() -> String {
        let s = report.scenario, o = report.outcome
        var h = "<div class=\"scroll\"><table>\n<thead><tr><th>objective (in order)</th><th>sense</th><th class=\"num\">value</th><th class=\"num\">bound</th><th>status</th><th>evidence</th></tr></thead>\n<tbody>\n"
        for stage in o.solver.stages {
            h += "<tr><td>\(htmlEsc(stage.name))</td><td>\(htmlEsc(stage.sense.rawValue))</td><td class=\"num\">\(formatNumber(stage.value))</td><td class=\"num\">\(formatNumber(stage.bound))</td>"
            h += "<td>\(htmlEsc(stage.status.rawValue))</td><td>\(htmlEsc(stage.evidence))</td></tr>\n"
        }
        h += "</tbody></table></div>\n"
        h += "<p class=\"muted\">Model: \(o.solver.rows) rows, \(o.solver.columns) columns, \(o.solver.nonZeros) non-zeros. Solver: \(htmlEsc(o.solver.solver)). "
        h += "Rules: \(o.solver.rules.map(htmlEsc).joined(separator: "; ")).</p>\n"
        if !s.inputs.isEmpty {
            h += "<h3>Input files</h3>\n<div class=\"scroll\"><table class=\"inputs\">\n<thead><tr><th>file</th><th class=\"num\">bytes</th><th>SHA-256</th></tr></thead>\n<tbody>\n"
            for input in s.inputs { h += "<tr><td>\(htmlEsc(input.path))</td><td class=\"num\">\(input.bytes)</td><td><code>\(htmlEsc(input.sha256))</code></td></tr>\n" }
            h += "</tbody></table></div>\n"
        }
        return h
    }

    func objectivesInWords(_ p: Policy) -> String {
        p.objectives.map { o -> String in
            switch o {
            case .maxPlaced: return "place as many students as possible"
            case .minCost: return "lowest total cost (rank cost \(p.rankCost.label)\(p.travelCostPerKilometre > 0 ? " plus travel" : ""))"
            case .minWorstRank: return "the best possible worst rank"
            case .maxMinUniversityRate: return "the highest lowest placement rate across universities"
            case .maxMinNationalityRate: return "the highest lowest placement rate across nationalities"
            case .rankMaximal: return "most 1st choices, then most 2nd choices, …"
            case .balanceMentorLoad: return "the lowest busiest-week load of any academic mentor, then of any industry mentor"
            }
        }.enumerated().map { "\($0.offset == 0 ? "first" : "then") \(htmlEsc($0.element))" }.joined(separator: "; ")
    }

    func stageName(_ name: String) -> String {
        switch name {
        case "placed": return "students placed"
        case "cost": return "total cost"
        case "worst_rank": return "worst rank"
        default:
            if name.hasPrefix("rank"), name.hasSuffix("_count"), let r = Int(name.dropFirst(4).dropLast(6)) { return "students at their \(ordinal(r)) choice" }
            return name.replacingUnderscores()
        }
    }

    func reasonLabel(_ code: String) -> String {
        switch code {
        case "no_eligible_base": return "no eligible base (the rules allow none of her choices)"
        case "eligible_bases_full": return "every eligible base was full"
        case "cost_above_penalty": return "placing her would cost more than the unplaced penalty"
        case "left_out": return "left out by a solution not proven optimal"
        case "not_solved": return "no solution"
        default: return code.replacingUnderscores()
        }
    }
}

// MARK: - Charts (shared by the report and the comparison)

enum HTMLCharts {
    static func headlineCards(_ st: ReportStatistics, solver: PlacementOutcome.SolverSummary) -> String {
        let unplaced = st.students - st.placed
        let cards: [(String, String, String, String)] = [
            ("students", "\(st.students)", "in the scenario", ""),
            ("placed", "\(st.placed)", "\(percent(share(st.placed, st.students))) of students", "good"),
            ("unplaced", "\(unplaced)", "\(percent(share(unplaced, st.students))) of students", unplaced > 0 ? "warn" : ""),
            ("1st choice", "\(firstChoices(st))", "\(percent(st.firstChoiceShare)) of all students", "good"),
            ("mean rank", st.meanRank.map { fixed($0, 2) } ?? "–", "of ranked placements (1 = 1st choice)", ""),
            ("worst rank", st.worstRank.map { ordinal($0) } ?? "–", st.unranked > 0 ? "plus \(st.unranked) unranked" : "choice given to anyone", ""),
            ("solver", htmlEsc(solver.statusText), solver.status == .optimal ? "proven best possible" : solver.status == .feasible ? "not proven best" : "no placement",
             solver.status == .optimal ? "good" : "warn"),
        ]
        var h = "<div class=\"cards\">\n"
        for c in cards {
            h += "<div class=\"card \(c.3)\"><div class=\"k\">\(c.0)</div><div class=\"v\">\(c.1)</div><div class=\"d\">\(c.2)</div></div>\n"
        }
        return h + "</div>\n"
    }

    /// Vertical bars: 1st, 2nd, … (every rank up to the worst given), unranked (when any), unplaced.
    static func rankChart(_ st: ReportStatistics, compact: Bool = false) -> String {
        var bars: [(label: String, value: Int, cls: String, colour: String)] = []
        let ranks = max(0, st.byRank.count - 1)
        for r in 1..<(ranks + 1) {
            bars.append((ordinal(r), st.byRank[r], "bar bar-rank", rankColour(r, of: ranks)))
        }
        if st.unranked > 0 { bars.append(("unranked", st.unranked, "bar bar-unranked", "#8c8c8c")) }
        bars.append(("unplaced", st.students - st.placed, "bar bar-unplaced", "#c0392b"))
        let most = max(1, bars.map(\.value).max() ?? 1)
        let slot = compact ? max(48.0, min(80.0, 420.0 / Double(bars.count))) : max(56.0, min(140.0, 760.0 / Double(bars.count)))
        let left = 44.0, top = 28.0, plot = compact ? 150.0 : 200.0, bottom = 40.0
        let width = left + slot * Double(bars.count) + 16, height = top + plot + bottom
        var h = "<figure class=\"chart\"><svg class=\"rank-chart\" viewBox=\"0 0 \(num(width)) \(num(height))\" style=\"max-width:\(num(width))px\" role=\"img\" aria-label=\"Choices received\">\n"
        // Axis with a few ticks.
        let tick = niceStep(Double(most) / 4)
        var t = 0.0
        while t <= Double(most) + 1e-9 {
            let y = top + plot - t / Double(most) * plot
            h += "<line class=\"gridline\" x1=\"\(num(left))\" y1=\"\(num(y))\" x2=\"\(num(width - 8))\" y2=\"\(num(y))\"/><text class=\"axis\" x=\"\(num(left - 6))\" y=\"\(num(y + 4))\" text-anchor=\"end\">\(formatNumber(t))</text>\n"
            t += tick
        }
        for (i, b) in bars.enumerated() {
            let x = left + slot * Double(i) + slot * 0.15, w = slot * 0.7
            let bh = Double(b.value) / Double(most) * plot, y = top + plot - bh
            h += "<rect class=\"\(b.cls)\" x=\"\(num(x))\" y=\"\(num(y))\" width=\"\(num(w))\" height=\"\(num(bh))\" fill=\"\(b.colour)\"><title>\(b.label): \(b.value) students</title></rect>"
            h += "<text class=\"val\" x=\"\(num(x + w / 2))\" y=\"\(num(y - 6))\" text-anchor=\"middle\">\(b.value)</text>"
            h += "<text class=\"pct\" x=\"\(num(x + w / 2))\" y=\"\(num(top + plot + 16))\" text-anchor=\"middle\">\(b.label)</text>"
            h += "<text class=\"axis\" x=\"\(num(x + w / 2))\" y=\"\(num(top + plot + 31))\" text-anchor=\"middle\">\(percent(share(b.value, st.students)))</text>\n"
        }
        h += "<line class=\"baseline\" x1=\"\(num(left))\" y1=\"\(num(top + plot))\" x2=\"\(num(width - 8))\" y2=\"\(num(top + plot))\"/>\n"
        return h + "</svg></figure>\n"
    }

    /// Horizontal bars of placement rates with labels, counts and %.
    static func rateChart(_ rows: [(ReportStatistics.Rate, String)], kind: String, compact: Bool = false) -> String {
        guard !rows.isEmpty else { return "<p class=\"muted\">No students.</p>\n" }
        let labelWidth = compact ? 80.0 : 360.0, barWidth = compact ? 200.0 : 380.0, valueWidth = compact ? 110.0 : 150.0
        let row = 24.0, top = 6.0
        let width = labelWidth + barWidth + valueWidth, height = top + row * Double(rows.count) + 6
        let maxChars = compact ? 10 : 46
        var h = "<figure class=\"chart\"><svg class=\"rate-chart rate-\(kind)\" viewBox=\"0 0 \(num(width)) \(num(height))\" style=\"max-width:\(num(width))px\" role=\"img\" aria-label=\"Placement rate per \(kind)\">\n"
        for (i, (r, label)) in rows.enumerated() {
            let y = top + row * Double(i)
            let w = r.rate * barWidth
            h += "<text class=\"lbl\" x=\"\(num(labelWidth - 8))\" y=\"\(num(y + 16))\" text-anchor=\"end\">\(htmlEsc(truncate(label, maxChars)))<title>\(htmlEsc(label))</title></text>"
            h += "<rect class=\"track\" x=\"\(num(labelWidth))\" y=\"\(num(y + 4))\" width=\"\(num(barWidth))\" height=\"\(num(row - 8))\"/>"
            h += "<rect class=\"bar bar-\(kind)\" x=\"\(num(labelWidth))\" y=\"\(num(y + 4))\" width=\"\(num(w))\" height=\"\(num(row - 8))\" fill=\"\(rateColour(r.rate))\"><title>\(htmlEsc(label)): \(r.placed) of \(r.students) placed</title></rect>"
            h += "<text class=\"val\" x=\"\(num(labelWidth + barWidth + 8))\" y=\"\(num(y + 16))\">\(percent(r.rate)) <tspan class=\"muted\">(\(r.placed)/\(r.students))</tspan></text>\n"
        }
        return h + "</svg></figure>\n"
    }

    /// Per country: a bar of filled seats against seats offered.
    static func countryChart(_ st: ReportStatistics, palette: CountryPalette, compact: Bool = false) -> String {
        guard !st.perCountry.isEmpty else { return "<p class=\"muted\">No seats offered.</p>\n" }
        let labelWidth = compact ? 50.0 : 70.0, barWidth = compact ? 200.0 : 560.0, valueWidth = compact ? 120.0 : 190.0
        let row = 26.0, top = 6.0
        let most = max(1, st.perCountry.map { max($0.seats, $0.filled) }.max() ?? 1)
        let width = labelWidth + barWidth + valueWidth, height = top + row * Double(st.perCountry.count) + 6
        var h = "<figure class=\"chart\"><svg class=\"country-chart\" viewBox=\"0 0 \(num(width)) \(num(height))\" style=\"max-width:\(num(width))px\" role=\"img\" aria-label=\"Utilisation per country\">\n"
        for (i, u) in st.perCountry.enumerated() {
            let y = top + row * Double(i)
            let seatsW = Double(u.seats) / Double(most) * barWidth, filledW = Double(u.filled) / Double(most) * barWidth
            let colour = palette.colour(u.key)
            h += "<text class=\"lbl\" x=\"\(num(labelWidth - 8))\" y=\"\(num(y + 17))\" text-anchor=\"end\">\(htmlEsc(u.key))</text>"
            h += "<rect class=\"seats\" x=\"\(num(labelWidth))\" y=\"\(num(y + 4))\" width=\"\(num(seatsW))\" height=\"\(num(row - 8))\" stroke=\"\(colour)\"/>"
            h += "<rect class=\"bar bar-country\" x=\"\(num(labelWidth))\" y=\"\(num(y + 4))\" width=\"\(num(filledW))\" height=\"\(num(row - 8))\" fill=\"\(colour)\"><title>\(htmlEsc(u.key)): \(u.filled) of \(u.seats) seats filled</title></rect>"
            h += "<text class=\"val\" x=\"\(num(labelWidth + max(seatsW, filledW) + 8))\" y=\"\(num(y + 17))\">\(u.filled)/\(u.seats) <tspan class=\"muted\">\(percent(u.rate))</tspan></text>\n"
        }
        h += "</svg><figcaption>Filled bar: seats taken; outline: seats offered.</figcaption></figure>\n"
        return h
    }

    static func rankColour(_ r: Int, of n: Int) -> String {
        let colours = ["#1a7f4b", "#4caf50", "#9ccc65", "#d4e157", "#ffca28", "#ffa726", "#ff7043"]
        return colours[min(r - 1, colours.count - 1)]
    }

    static func rateColour(_ rate: Double) -> String {
        rate >= 0.8 ? "#1a7f4b" : rate >= 0.6 ? "#6aa84f" : rate >= 0.4 ? "#e6a23c" : "#c0392b"
    }

    static func niceStep(_ x: Double) -> Double {
        guard x > 0 else { return 1 }
        var step = 1.0
        while step * 10 <= x { step *= 10 }
        for m in [1.0, 2.0, 5.0, 10.0] where step * m >= x { return max(1, step * m) }
        return max(1, step * 10)
    }
}

/// A colour per country, fixed by the sorted order of the scenario's countries.
struct CountryPalette {
    static let colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
                          "#bcbd22", "#7f7f7f", "#393b79", "#637939", "#8c6d31", "#843c39"]
    let index: [String: Int]
    let countries: [String]

    init(scenario s: Scenario) {
        countries = Set(s.bases.map(\.country)).sorted()
        index = Dictionary(uniqueKeysWithValues: countries.enumerated().map { ($1, $0) })
    }

    func colour(_ country: String) -> String { Self.colours[(index[country] ?? 0) % Self.colours.count] }
}

// MARK: - Page frame

enum HTMLPage {
    static func head(title: String) -> String {
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + "<title>\(htmlEsc(title))</title>\n<style>\n\(css)</style>\n</head>\n<body>\n"
    }

    static let css = """
    :root { --ink: #1d2733; --muted: #667085; --line: #d9dee5; --bg: #f5f7fa; --good: #1a7f4b; --bad: #c0392b; --warn: #b26a00; }
    * { box-sizing: border-box; }
    body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", "Noto Sans Thai", "Noto Sans Lao", "Noto Sans Khmer", Arial, sans-serif; }
    header { background: #14324f; color: #fff; padding: 22px 32px 14px; }
    header h1 { margin: 0 0 4px; font-size: 26px; }
    header .sub { margin: 0 0 8px; color: #d6e2ee; }
    header .muted { color: #9fb6cc; }
    nav.toc a { color: #cfe3f7; text-decoration: none; font-size: 13px; }
    main { max-width: 1180px; margin: 0 auto; padding: 8px 32px 40px; }
    section { margin: 26px 0; }
    h2 { font-size: 20px; border-bottom: 2px solid var(--line); padding-bottom: 4px; margin: 22px 0 10px; }
    h3 { font-size: 16px; margin: 16px 0 6px; }
    .muted { color: var(--muted); }
    .small { font-size: 12px; }
    .ok { color: var(--good); } .bad { color: var(--bad); }
    .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; }
    .card { background: var(--bg); border: 1px solid var(--line); border-left: 5px solid #8aa4bf; border-radius: 6px; padding: 10px 12px; }
    .card.good { border-left-color: var(--good); } .card.warn { border-left-color: var(--warn); }
    .card .k { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
    .card .v { font-size: 28px; font-weight: 700; line-height: 1.2; }
    .card .d { font-size: 12px; color: var(--muted); }
    .evidence { background: #eef6f0; border: 1px solid #cfe5d6; border-radius: 6px; padding: 4px 14px; margin-top: 12px; }
    .evidence ol { margin: 4px 0 10px; padding-left: 22px; }
    figure.chart { margin: 8px 0; }
    figure.chart svg { width: 100%; height: auto; display: block; }
    figcaption { font-size: 12px; color: var(--muted); margin-top: 4px; }
    svg text { font-size: 12px; fill: var(--ink); }
    svg .axis { fill: var(--muted); font-size: 11px; }
    svg .val { font-weight: 600; }
    svg .pct { font-weight: 600; }
    svg tspan.muted { fill: var(--muted); font-weight: 400; }
    svg .gridline { stroke: #e6e9ee; } svg .baseline { stroke: #98a2b3; }
    svg .track { fill: #eceff3; }
    svg .seats { fill: #fff; stroke-width: 1.5; }
    svg .sea { fill: #f1f6fb; }
    svg .grid line { stroke: #dde6ef; } svg .grid text { fill: #9aa9b8; font-size: 10px; }
    svg .base-dot { fill-opacity: .6; stroke: #fff; stroke-width: 1; }
    svg .base-dot.empty { fill: #fff; fill-opacity: 1; stroke-width: 1.5; }
    .mapwrap { display: flex; gap: 18px; align-items: flex-start; flex-wrap: wrap; }
    .mapwrap svg { flex: 1 1 420px; }
    .mapside { flex: 0 1 240px; min-width: 200px; }
    table.mapkey { width: auto; margin-bottom: 8px; }
    svg .uni { fill: #1d2733; stroke: #fff; stroke-width: 1; }
    svg .uni-label { font-size: 10px; fill: #1d2733; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
    svg .country-label { font-size: 15px; font-weight: 700; paint-order: stroke; stroke: #fff; stroke-width: 4px; }
    .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
    .country h3 { margin-top: 18px; }
    .basegrid { display: grid; grid-template-columns: repeat(auto-fill, minmax(270px, 1fr)); gap: 6px 14px; }
    .base { border-top: 1px solid var(--line); padding: 4px 0; font-size: 13px; min-width: 0; }
    .base .bn { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .base .bc { font-size: 11px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .mini { display: flex; align-items: center; gap: 6px; font-size: 11px; }
    .mini .t { width: 88px; color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .mini .track { flex: 1; height: 8px; background: #eceff3; border-radius: 4px; overflow: hidden; }
    .mini .fill { display: block; height: 100%; }
    .mini .v { width: 44px; text-align: right; font-variant-numeric: tabular-nums; }
    .scroll { overflow-x: auto; }
    table { border-collapse: collapse; width: 100%; font-size: 13px; }
    th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
    thead th { background: var(--bg); position: sticky; top: 0; }
    .num { text-align: right; font-variant-numeric: tabular-nums; }
    table.placements tr.row-unplaced { background: #fdf3f2; }
    td.nw { white-space: nowrap; }
    .pairs .pair { display: inline-block; background: var(--bg); border: 1px solid var(--line); border-radius: 4px; padding: 0 6px; margin: 2px 0; font-size: 12px; }
    .filter input { font: inherit; padding: 4px 8px; width: 320px; max-width: 100%; }
    code { font-size: 11px; word-break: break-all; }
    .cols { display: grid; gap: 16px; overflow-x: auto; }
    .col { min-width: 0; border: 1px solid var(--line); border-radius: 6px; padding: 4px 12px; }
    table.compare th { white-space: nowrap; }
    @media print {
      @page { size: A4; margin: 14mm; }
      body { font-size: 10.5pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
      header { background: none; color: var(--ink); padding: 0 0 8px; border-bottom: 2px solid var(--ink); }
      header .sub, header .muted { color: var(--muted); }
      nav.toc, .filter { display: none !important; }
      main { max-width: none; padding: 0; }
      section.keep, figure, .card, .base, tr { break-inside: avoid; }
      h2, h3 { break-after: avoid; }
      thead th { position: static; }
      .scroll { overflow: visible; }
      table.placements tr { display: table-row !important; }
    }

    """

    /// Shows the filter box and filters the placements table; without JavaScript the box stays
    /// hidden and every row shows.
    static let filterScript = """
    <script>
    (function () {
      var box = document.getElementById("filter-box"), q = document.getElementById("q"), out = document.getElementById("q-count");
      if (!box || !q) return;
      var rows = document.querySelectorAll("#placements-table tbody tr");
      box.hidden = false;
      q.addEventListener("input", function () {
        var words = q.value.toLowerCase().split(/\\s+/).filter(Boolean), shown = 0;
        for (var i = 0; i < rows.length; i++) {
          var text = rows[i].textContent.toLowerCase();
          var hit = words.every(function (w) { return text.indexOf(w) >= 0; });
          rows[i].hidden = !hit; if (hit) shown++;
        }
        out.textContent = words.length ? shown + " of " + rows.length + " rows" : "";
      });
    })();
    </script>

    """
}

// MARK: - Text helpers

/// HTML-escapes text for element content and quoted attributes (also inside SVG).
func htmlEsc(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for ch in text.unicodeScalars {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.unicodeScalars.append(ch)
        }
    }
    return out
}

private func truncate(_ text: String, _ limit: Int) -> String {
    text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
}

private func share(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }

private func firstChoices(_ st: ReportStatistics) -> Int { st.byRank.count > 1 ? st.byRank[1] : 0 }

private func percent(_ x: Double) -> String { fixed(x * 100, 1) + " %" }

/// SVG coordinates: one decimal, no locale.
private func num(_ x: Double) -> String { formatNumber((x * 10).rounded() / 10) }

private func fixed(_ x: Double, _ decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    var text = formatNumber((x * scale).rounded() / scale)
    if decimals > 0 {
        if !text.contains(".") { text += "." }
        let have = text.split(separator: ".", omittingEmptySubsequences: false).last!.count
        text += String(repeating: "0", count: max(0, decimals - have))
    }
    return text
}

/// "1st", "2nd", "3rd", "11th", … (shared by the Markdown and HTML reports).
func ordinal(_ n: Int) -> String {
    let suffix: String
    switch (n % 10, n % 100) {
    case (1, let t) where t != 11: suffix = "st"
    case (2, let t) where t != 12: suffix = "nd"
    case (3, let t) where t != 13: suffix = "rd"
    default: suffix = "th"
    }
    return "\(n)\(suffix)"
}

private func cosDegrees(_ deg: Double) -> Double { cos(deg * Double.pi / 180) }

private extension String {
    func replacingUnderscores() -> String { String(map { $0 == "_" ? " " : $0 }) }
}
