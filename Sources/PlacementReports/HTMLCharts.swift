import PlacementDomain

/// The SVG charts, shared by report.html and the comparison page.
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
            (
                "solver", htmlEsc(solver.statusText),
                solver.status == .optimal ? "proven best possible" : solver.status == .feasible ? "not proven best" : "no placement",
                solver.status == .optimal ? "good" : "warn"
            )
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
        var h =
            "<figure class=\"chart\"><svg class=\"rank-chart\" viewBox=\"0 0 \(num(width)) \(num(height))\" style=\"max-width:\(num(width))px\" role=\"img\" aria-label=\"Choices received\">\n"
        // Axis with a few ticks.
        let tick = niceStep(Double(most) / 4)
        var t = 0.0
        while t <= Double(most) + 1e-9 {
            let y = top + plot - t / Double(most) * plot
            h +=
                "<line class=\"gridline\" x1=\"\(num(left))\" y1=\"\(num(y))\" x2=\"\(num(width - 8))\" y2=\"\(num(y))\"/><text class=\"axis\" x=\"\(num(left - 6))\" y=\"\(num(y + 4))\" text-anchor=\"end\">\(formatNumber(t))</text>\n"
            t += tick
        }
        for (i, b) in bars.enumerated() {
            let x = left + slot * Double(i) + slot * 0.15, w = slot * 0.7
            let bh = Double(b.value) / Double(most) * plot, y = top + plot - bh
            h +=
                "<rect class=\"\(b.cls)\" x=\"\(num(x))\" y=\"\(num(y))\" width=\"\(num(w))\" height=\"\(num(bh))\" fill=\"\(b.colour)\"><title>\(b.label): \(b.value) students</title></rect>"
            h += "<text class=\"val\" x=\"\(num(x + w / 2))\" y=\"\(num(y - 6))\" text-anchor=\"middle\">\(b.value)</text>"
            h += "<text class=\"pct\" x=\"\(num(x + w / 2))\" y=\"\(num(top + plot + 16))\" text-anchor=\"middle\">\(b.label)</text>"
            h +=
                "<text class=\"axis\" x=\"\(num(x + w / 2))\" y=\"\(num(top + plot + 31))\" text-anchor=\"middle\">\(percent(share(b.value, st.students)))</text>\n"
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
        var h =
            "<figure class=\"chart\"><svg class=\"rate-chart rate-\(kind)\" viewBox=\"0 0 \(num(width)) \(num(height))\" style=\"max-width:\(num(width))px\" role=\"img\" aria-label=\"Placement rate per \(kind)\">\n"
        for (i, (r, label)) in rows.enumerated() {
            let y = top + row * Double(i)
            let w = r.rate * barWidth
            h +=
                "<text class=\"lbl\" x=\"\(num(labelWidth - 8))\" y=\"\(num(y + 16))\" text-anchor=\"end\">\(htmlEsc(truncate(label, maxChars)))<title>\(htmlEsc(label))</title></text>"
            h += "<rect class=\"track\" x=\"\(num(labelWidth))\" y=\"\(num(y + 4))\" width=\"\(num(barWidth))\" height=\"\(num(row - 8))\"/>"
            h +=
                "<rect class=\"bar bar-\(kind)\" x=\"\(num(labelWidth))\" y=\"\(num(y + 4))\" width=\"\(num(w))\" height=\"\(num(row - 8))\" fill=\"\(rateColour(r.rate))\"><title>\(htmlEsc(label)): \(r.placed) of \(r.students) placed</title></rect>"
            h +=
                "<text class=\"val\" x=\"\(num(labelWidth + barWidth + 8))\" y=\"\(num(y + 16))\">\(percent(r.rate)) <tspan class=\"muted\">(\(r.placed)/\(r.students))</tspan></text>\n"
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
        var h =
            "<figure class=\"chart\"><svg class=\"country-chart\" viewBox=\"0 0 \(num(width)) \(num(height))\" style=\"max-width:\(num(width))px\" role=\"img\" aria-label=\"Utilisation per country\">\n"
        for (i, u) in st.perCountry.enumerated() {
            let y = top + row * Double(i)
            let seatsW = Double(u.seats) / Double(most) * barWidth, filledW = Double(u.filled) / Double(most) * barWidth
            let colour = palette.colour(u.key)
            h += "<text class=\"lbl\" x=\"\(num(labelWidth - 8))\" y=\"\(num(y + 17))\" text-anchor=\"end\">\(htmlEsc(u.key))</text>"
            h +=
                "<rect class=\"seats\" x=\"\(num(labelWidth))\" y=\"\(num(y + 4))\" width=\"\(num(seatsW))\" height=\"\(num(row - 8))\" stroke=\"\(colour)\"/>"
            h +=
                "<rect class=\"bar bar-country\" x=\"\(num(labelWidth))\" y=\"\(num(y + 4))\" width=\"\(num(filledW))\" height=\"\(num(row - 8))\" fill=\"\(colour)\"><title>\(htmlEsc(u.key)): \(u.filled) of \(u.seats) seats filled</title></rect>"
            h +=
                "<text class=\"val\" x=\"\(num(labelWidth + max(seatsW, filledW) + 8))\" y=\"\(num(y + 17))\">\(u.filled)/\(u.seats) <tspan class=\"muted\">\(percent(u.rate))</tspan></text>\n"
        }
        let unit = st.schedule == nil ? "seats" : "seat-weeks"
        h += "</svg><figcaption>Filled bar: \(unit) taken; outline: \(unit) offered.</figcaption></figure>\n"
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
    static let colours = [
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
        "#bcbd22", "#7f7f7f", "#393b79", "#637939", "#8c6d31", "#843c39"
    ]
    let index: [String: Int]
    let countries: [String]

    init(scenario s: Scenario) {
        countries = Set(s.bases.map(\.country)).sorted()
        index = Dictionary(uniqueKeysWithValues: countries.enumerated().map { ($1, $0) })
    }

    func colour(_ country: String) -> String { Self.colours[(index[country] ?? 0) % Self.colours.count] }
}

private func truncate(_ text: String, _ limit: Int) -> String {
    text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
}
