import PlacementDomain

/// The Scheduling section of summary.md: calendar, programmes, closures, a one-line weekly chart
/// per base and the busiest mentors. Kept to a page for ~150 bases and ~300 mentors: beyond
/// `shown` rows it lists the busiest and points to schedule.csv and mentors.csv for the rest.
extension SummaryMarkdown {
    static let shown = 25

    func scheduling(_ f: ScheduleFigures) -> String {
        let s = report.scenario, schedule = f.schedule
        var md = "\n## Scheduling\n\n"
        let terms = s.terms.indices.filter { !f.calendar.weeksByTerm[$0].isEmpty }.map { t -> String in
            let weeks = f.calendar.weeksByTerm[t]
            return "\(escape(s.terms[t].id)) \(f.firstDay(weeks.first!)) to \(f.lastDay(weeks.last!)) (\(weeks.count) weeks)"
        }
        md += "Calendar: \(terms.joined(separator: "; ")). Weeks are numbered from each term's start date"
        md += schedule.decisionDate.map { "; lead times count from \($0)" } ?? ""
        md += ". Mentors share a language with their interns at \(escape(schedule.mentorLanguageMinimum.written)) or better.\n\n"

        // Programmes: how many students each has and how many were placed.
        var students: [String: (all: Int, placed: Int)] = [:]
        for (i, student) in s.students.enumerated() {
            let id = f.programme(of: student)?.id ?? "–"
            students[id, default: (0, 0)].all += 1
            if report.outcome.placements[i] != nil { students[id, default: (0, 0)].placed += 1 }
        }
        md += "| programme | credits | working weeks | students | placed |\n|---|---:|---|---:|---:|\n"
        for p in schedule.programmes {
            let n = students[p.id] ?? (0, 0)
            md += "| \(escape(p.id)) | \(p.credits.map(formatNumber) ?? "–") | \(escape(describe(p))) | \(n.all) | \(n.placed) |\n"
        }
        let rotations = f.rotations
        if rotations.students > 0 {
            md += "\nRotation students: \(rotations.placed) of \(rotations.students) placed (both parts; never one alone).\n"
        }

        md += "\n### Closures\n\n"
        if schedule.closures.isEmpty {
            md += "No closures.\n"
        } else {
            md += "An intern keeps their seat through a closure week, but it is not a working week.\n\n"
            md += "| closure | days | applies to |\n|---|---|---|\n"
            for c in schedule.closures {
                let scope = c.countries.isEmpty && c.bases.isEmpty ? "every base" : (c.countries.sorted() + c.bases.sorted()).joined(separator: ", ")
                md += "| \(escape(c.name)) | \(c.days.first) to \(c.days.last) | \(escape(scope)) |\n"
            }
        }
        if !schedule.weeklySeats.isEmpty {
            md += "\nWeekly seats replacing the term's seats: "
            md += schedule.weeklySeats.prefix(Self.shown).map { "\(escape($0.base)) \($0.days.first) to \($0.days.last): \($0.seats)" }.joined(
                separator: "; ")
            md +=
                schedule.weeklySeats.count > Self.shown
                ? "; and \(schedule.weeklySeats.count - Self.shown) more (schedule.csv has every week's seats).\n" : ".\n"
        }

        md += "\n### Weekly occupancy\n\n"
        md += "One character per week, terms separated by `|`: `▁`–`█` interns against that week's seats, `·` open and empty, "
        md += "`×` closure week, `-` no seats, `!` more interns than seats. Every base and week is in schedule.csv.\n\n"
        let bases = busiest(
            s.bases.indices.filter { f.internWeeks(base: $0) > 0 || f.calendar.seats[$0].contains { $0 > 0 } },
            weight: { f.internWeeks(base: $0) }, id: { s.bases[$0].id })
        let width = bases.shown.map { codeSafe(s.bases[$0].id).count }.max() ?? 0
        md += "```\n"
        for b in bases.shown {
            let id = codeSafe(s.bases[b].id)
            let peak = f.peak(base: b).map { "peak \($0.load)/\(f.calendar.seats[b][$0.week])" } ?? "peak 0"
            md += id + String(repeating: " ", count: width - id.count) + "  " + chart(f, base: b) + "  " + peak + "\n"
        }
        md += "```\n"
        if bases.more > 0 { md += "\nThe \(bases.shown.count) bases with the most intern-weeks are shown; \(bases.more) more are in schedule.csv.\n" }

        for kind in [Schedule.Mentor.Kind.academic, .industry] where !f.mentors(kind).isEmpty {
            md += mentorTable(f, kind)
        }
        return md
    }

    /// "8", or "6 (bri_enterprise) + 6 (asean_firm), gap 1 week, different countries".
    func describe(_ p: Schedule.Programme) -> String {
        let parts = p.parts.map { part in
            "\(part.weeks)" + (part.kinds.isEmpty ? "" : " (\(part.kinds.map(\.rawValue).sorted().joined(separator: ", ")))")
        }
        var text = parts.joined(separator: " + ")
        if p.isRotation {
            text += ", gap \(p.gapWeeks) week\(p.gapWeeks == 1 ? "" : "s")"
            if p.differentCountry { text += ", different countries" }
        }
        return text
    }

    /// One character per week of the calendar, a `|` between terms.
    func chart(_ f: ScheduleFigures, base b: Int) -> String {
        let levels = Array("▁▂▃▄▅▆▇█")
        var out = ""
        for (t, weeks) in f.calendar.weeksByTerm.enumerated() where !weeks.isEmpty {
            if t > 0 && !out.isEmpty { out += "|" }
            for w in weeks {
                let n = f.present[b][w].count, seats = f.calendar.seats[b][w]
                if n > seats {
                    out.append("!")
                } else if f.calendar.closed[b][w] {
                    out.append("×")
                } else if seats == 0 {
                    out.append("-")
                } else if n == 0 {
                    out.append("·")
                } else {
                    out.append(levels[min(7, max(0, (n * 8 + seats - 1) / seats - 1))])
                }
            }
        }
        return out
    }

    /// Mentors of one kind, busiest first (peak week against her maximum).
    func mentorTable(_ f: ScheduleFigures, _ kind: Schedule.Mentor.Kind) -> String {
        let mentors = f.mentors(kind)
        let withInterns = mentors.indices.filter { f.interns(kind, $0) > 0 }
        let atMaximum = withInterns.filter { (f.peak(kind, $0)?.load ?? 0) >= mentors[$0].maxInterns }
        var md = "\n### \(kind == .academic ? "Academic" : "Industry") mentors\n\n"
        md += "\(mentors.count) mentors, \(withInterns.count) with interns, \(atMaximum.count) at their maximum in some week.\n\n"
        guard !withInterns.isEmpty else { return md }
        let ordered = withInterns.sorted { a, b in
            let pa = f.peak(kind, a)!.load, pb = f.peak(kind, b)!.load
            let ra = pa * mentors[b].maxInterns, rb = pb * mentors[a].maxInterns  // pa/max_a vs pb/max_b without division
            if ra != rb { return ra > rb }
            if pa != pb { return pa > pb }
            return mentors[a].id < mentors[b].id
        }
        md += "| mentor | \(kind == .academic ? "university" : "base") | interns | busiest week | load / max |\n|---|---|---:|---|---:|\n"
        for m in ordered.prefix(Self.shown) {
            let peak = f.peak(kind, m)!
            md +=
                "| \(escape(mentors[m].id)) | \(escape(mentors[m].home)) | \(f.interns(kind, m)) | \(escape(f.weekLabel(peak.week))) | \(peak.load)/\(mentors[m].maxInterns) |\n"
        }
        if ordered.count > Self.shown {
            md += "\nThe \(Self.shown) busiest are shown; \(ordered.count - Self.shown) more with interns are in mentors.csv.\n"
        }
        return md
    }

    /// All items in id order when few; otherwise the `shown` heaviest (ties by id) and how many more.
    func busiest(_ items: [Int], weight: (Int) -> Int, id: (Int) -> String) -> (shown: [Int], more: Int) {
        if items.count <= Self.shown { return (items.sorted { id($0) < id($1) }, 0) }
        let top = items.sorted { weight($0) != weight($1) ? weight($0) > weight($1) : id($0) < id($1) }.prefix(Self.shown)
        return (Array(top), items.count - Self.shown)
    }

    /// Text inside a code block: a backtick could end it early.
    func codeSafe(_ text: String) -> String { String(text.map { $0 == "`" || $0 == "\n" || $0 == "\r" ? "'" : $0 }) }
}
