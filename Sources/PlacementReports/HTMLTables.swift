import PlacementDomain

/// The tables of report.html: the unplaced students, the changes from an earlier report and
/// every placement.
extension HTMLReport {
    func unplacedSection(into h: inout ReportText) {
        let s = report.scenario, o = report.outcome, st = report.statistics
        let unplaced = report.studentsInIDOrder.filter { o.placements[$0] == nil }
        if unplaced.isEmpty { h += "<p class=\"ok\">Every student was placed.</p>\n"; return }
        h += "<p>\(unplaced.count) student\(unplaced.count == 1 ? " was" : "s were") not placed: "
        h += st.unplacedByReason.map { "\($0.count) — \(htmlEsc(reasonLabel($0.code)))" }.joined(separator: "; ") + ".</p>\n"
        h +=
            "<div class=\"scroll\"><table class=\"unplaced\">\n<thead><tr><th>student</th><th>name</th><th>university</th><th>nationality</th><th>reason</th></tr></thead>\n<tbody>\n"
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

    func reasonLabel(_ code: String) -> String {
        switch code {
        case "no_eligible_base": return "no eligible base (the rules allow none of their choices)"
        case "eligible_bases_full": return "every eligible base was full"
        case "mentors_full": return "seats were free, but no mentor who shares a language with them had room"
        case "cost_above_penalty": return "placing them would cost more than the unplaced penalty"
        case "held_by_rules": return "seats were free, but placing them there alone breaks a rule"
        case "left_out": return "left out by a solution not proven optimal"
        case "not_solved": return "no solution"
        default: return code.replacingUnderscores()
        }
    }

    func changesSection() -> String {
        let o = report.outcome
        let changed = o.changes.filter { $0.kind != .kept }
        var h =
            "<p>\(o.changes.filter { $0.kind == .kept }.count) earlier placements kept; \(changed.count) change\(changed.count == 1 ? "" : "s").</p>\n"
        guard !changed.isEmpty else { return h }
        h +=
            "<div class=\"scroll\"><table>\n<thead><tr><th>student</th><th>change</th><th>before</th><th>after</th><th>why</th></tr></thead>\n<tbody>\n"
        for c in changed {
            h +=
                "<tr><td>\(htmlEsc(c.student))</td><td>\(htmlEsc(c.kind.rawValue.replacingUnderscores()))</td><td>\(htmlEsc(c.before ?? "–"))</td><td>\(htmlEsc(c.after ?? "–"))</td><td>\(htmlEsc(c.reason))</td></tr>\n"
        }
        return h + "</tbody></table></div>\n"
    }

    func placementsTableHead(into h: inout ReportText) {
        h +=
            "<p class=\"filter\" id=\"filter-box\" hidden><label>Filter rows: <input id=\"q\" type=\"search\" placeholder=\"name, id, university, base, country…\" autocomplete=\"off\"></label> <span id=\"q-count\" class=\"muted\"></span></p>\n"
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
}
