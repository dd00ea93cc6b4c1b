import PlacementDomain

/// The Schedule section of report.html (scheduled scenarios only): the calendar, a weekly heat
/// table per base (interns against seats, closure weeks hatched) and the busiest mentors' weekly
/// loads. Its styles travel with it, so that unscheduled pages keep their exact bytes.
extension HTMLReport {
    static let scheduleCSS = """
        <style>
        table.heat { width: auto; border-collapse: separate; border-spacing: 1px; font-size: 10px; }
        table.heat th, table.heat td { padding: 0 2px; border: 0; text-align: center; min-width: 16px; height: 16px; }
        table.heat th.row { text-align: left; white-space: nowrap; font-size: 11px; }
        table.heat td.v { text-align: right; white-space: nowrap; font-size: 11px; padding-left: 6px; }
        table.heat thead th { font-weight: 400; color: var(--muted); position: static; background: none; }
        table.heat th.tsep, table.heat td.tsep { border-left: 2px solid var(--ink); }
        .q0 { background: #eef1f5; } .q1 { background: #d6eedd; } .q2 { background: #a8dab5; } .q3 { background: #6cbf84; color: #fff; }
        .q4 { background: #1a7f4b; color: #fff; } .qx { background: repeating-linear-gradient(45deg, #d9dee5 0 3px, #fff 3px 6px); }
        .qn { background: #fff; color: var(--muted); } .qo { background: var(--bad); color: #fff; }
        </style>

        """

    func scheduleSection(_ f: ScheduleFigures) -> String {
        let s = report.scenario, schedule = f.schedule
        var h = Self.scheduleCSS
        let terms = s.terms.indices.filter { !f.calendar.weeksByTerm[$0].isEmpty }.map { t -> String in
            let weeks = f.calendar.weeksByTerm[t]
            return "<b>\(htmlEsc(s.terms[t].id))</b> \(f.firstDay(weeks.first!)) to \(f.lastDay(weeks.last!)) (\(weeks.count) weeks)"
        }
        h += "<p>\(terms.joined(separator: "; ")). Weeks are numbered from each term's start date"
        h += schedule.decisionDate.map { "; lead times count from \($0)" } ?? ""
        let rotations = f.rotations
        h += ".\(rotations.students > 0 ? " Rotation students: \(rotations.placed) of \(rotations.students) placed (both parts)." : "")</p>\n"
        if !schedule.closures.isEmpty {
            h +=
                "<p class=\"small\">Closures (an intern keeps their seat, but it is not a working week): "
                + schedule.closures.map { c in
                    let scope =
                        c.countries.isEmpty && c.bases.isEmpty ? "every base" : (c.countries.sorted() + c.bases.sorted()).joined(separator: ", ")
                    return "<b>\(htmlEsc(c.name))</b> \(c.days.first) to \(c.days.last) (\(htmlEsc(scope)))"
                }.joined(separator: "; ") + ".</p>\n"
        }

        h += "<h3>Interns per base and week</h3>\n"
        h +=
            "<p class=\"small muted\">Each cell: interns that week (darker = closer to the week's seats; red = over); hatched: closure week; blank: no seats. "
        h += "Hover a week for its dates. Every base and week is also in schedule.csv.</p>\n"
        let bases = s.bases.indices.filter { b in f.internWeeks(base: b) > 0 || f.calendar.seats[b].contains { $0 > 0 } }
            .sorted { s.bases[$0].id < s.bases[$1].id }
        h += "<div class=\"scroll\"><table class=\"heat\">\n" + weekHeader(f, first: "base", last: "peak")
        for b in bases {
            let cells = f.calendar.weeks.indices.map { w -> (String, String) in
                let n = f.present[b][w].count, seats = f.calendar.seats[b][w]
                let names = f.calendar.closureNames[b][w]
                let cls =
                    n > seats ? "qo" : f.calendar.closed[b][w] ? "qx" : seats == 0 ? "qn" : "q\(n == 0 ? 0 : min(4, (n * 4 + seats - 1) / seats))"
                let tip = "\(n)/\(seats)" + (names.isEmpty ? "" : " — " + names.joined(separator: ", "))
                return (cls, "<span title=\"\(htmlEsc(tip))\">\(n == 0 ? "" : String(n))</span>")
            }
            let peak = f.peak(base: b).map { "\($0.load)/\(f.calendar.seats[b][$0.week])" } ?? "0"
            h += heatRow(f, label: "<b>\(htmlEsc(s.bases[b].id))</b>", title: s.bases[b].name, cells: cells, value: peak)
        }
        h += "</tbody></table></div>\n"

        for kind in [Schedule.Mentor.Kind.academic, .industry] where !f.mentors(kind).isEmpty {
            h += mentorHeat(f, kind)
        }
        return h
    }

    /// Mentors of one kind with interns, busiest first (peak week against her maximum), at most 25.
    func mentorHeat(_ f: ScheduleFigures, _ kind: Schedule.Mentor.Kind) -> String {
        let mentors = f.mentors(kind)
        let busy = mentors.indices.filter { f.interns(kind, $0) > 0 }.sorted { a, b in
            let pa = f.peak(kind, a)!.load, pb = f.peak(kind, b)!.load
            let ra = pa * mentors[b].maxInterns, rb = pb * mentors[a].maxInterns
            if ra != rb { return ra > rb }
            if pa != pb { return pa > pb }
            return mentors[a].id < mentors[b].id
        }
        let shown = busy.prefix(25)
        var h = "<h3>\(kind == .academic ? "Academic" : "Industry") mentors</h3>\n"
        h += "<p class=\"small muted\">\(mentors.count) mentors, \(busy.count) with interns"
        h += busy.count > shown.count ? "; the \(shown.count) busiest shown (all in mentors.csv)" : ""
        h += ". Each cell: the mentor's interns that week against the mentor's maximum.</p>\n"
        guard !shown.isEmpty else { return h }
        h += "<div class=\"scroll\"><table class=\"heat\">\n" + weekHeader(f, first: "mentor", last: "interns · peak")
        for m in shown {
            let mentor = mentors[m]
            let cells = f.calendar.weeks.indices.map { w -> (String, String) in
                let n = f.load(kind)[m][w].count
                let cls = n > mentor.maxInterns ? "qo" : n == 0 ? "q0" : "q\(min(4, (n * 4 + mentor.maxInterns - 1) / max(1, mentor.maxInterns)))"
                return (cls, n == 0 ? "" : String(n))
            }
            let peak = f.peak(kind, m)!
            h += heatRow(
                f, label: "<b>\(htmlEsc(mentor.id))</b> <span class=\"muted\">\(htmlEsc(mentor.home))</span>", title: mentor.name, cells: cells,
                value: "\(f.interns(kind, m)) · \(peak.load)/\(mentor.maxInterns)")
        }
        return h + "</tbody></table></div>\n"
    }

    /// Header of a heat table: week numbers (dates on hover), a thick line where a term starts.
    func weekHeader(_ f: ScheduleFigures, first: String, last: String) -> String {
        var h = "<thead><tr><th class=\"row\">\(first)</th>"
        for (w, week) in f.calendar.weeks.enumerated() {
            let sep = w > 0 && f.calendar.weeks[w - 1].term != week.term ? " class=\"tsep\"" : ""
            h += "<th\(sep) title=\"\(htmlEsc(f.weekLabel(w))): \(week.days.first) to \(week.days.last)\">\(week.numberInTerm)</th>"
        }
        return h + "<th class=\"row\">\(last)</th></tr></thead>\n<tbody>\n"
    }

    func heatRow(_ f: ScheduleFigures, label: String, title: String, cells: [(cls: String, text: String)], value: String) -> String {
        var h = "<tr><th class=\"row\" title=\"\(htmlEsc(title))\">\(label)</th>"
        for (w, cell) in cells.enumerated() {
            let sep = w > 0 && f.calendar.weeks[w - 1].term != f.calendar.weeks[w].term ? " tsep" : ""
            h += "<td class=\"\(cell.cls)\(sep)\">\(cell.text)</td>"
        }
        return h + "<td class=\"v\">\(htmlEsc(value))</td></tr>\n"
    }

    /// "2027-03-01 – 2027-04-25", and the second part of a rotation on a second line.
    func weeksCell(_ f: ScheduleFigures, _ p: PlacementOutcome.Placement) -> String {
        guard let t = p.timing else { return "" }
        var text = "\(f.firstDay(t.firstWeek)) – \(f.lastDay(t.lastWeek))"
        if let second = t.second {
            text +=
                "<br>then <b>\(htmlEsc(report.scenario.bases[second.base].id))</b> \(f.firstDay(second.firstWeek)) – \(f.lastDay(second.lastWeek))"
        }
        return text
    }
}
