import PlacementDomain

/// summary.md: the report a coordinator publishes and an auditor reads first.
struct SummaryMarkdown {
    let report: ReportSet

    func render() -> String {
        let s = report.scenario, o = report.outcome, st = report.statistics
        var md = "# Placement report: \(escape(s.name))\n\n"
        md += "Solver status: **\(o.solver.statusText)**"
        if o.solver.status == .feasible, let gap = o.solver.gap { md += " (relative gap \(percent(gap)))" }
        md += ". Made by placement \(report.settings.toolVersion) with GLPK \(report.settings.glpkVersion).\n\n"

        md += "## Headline\n\n| figure | value |\n|---|---:|\n"
        md += "| students | \(st.students) |\n"
        md += "| placed | \(st.placed) (\(percent(st.students == 0 ? 0 : Double(st.placed) / Double(st.students)))) |\n"
        md += "| unplaced | \(st.students - st.placed) |\n"
        md += "| placed at 1st choice | \(st.byRank.count > 1 ? st.byRank[1] : 0) (\(percent(st.firstChoiceShare)) of all students) |\n"
        md += "| mean rank of ranked placements | \(st.meanRank.map { fixed($0, 2) } ?? "–") |\n"
        md += "| worst rank given | \(st.worstRank.map(String.init) ?? "–") |\n"
        md += "| total rank cost | \(formatNumber(st.totalRankCost)) |\n"
        md += "| total cost (rank + travel) | \(formatNumber(st.totalCost)) |\n\n"

        md += "## Choices received\n\n| choice | students | |\n|---|---:|---|\n"
        let most = max(1, (st.byRank.dropFirst().max() ?? 0), st.unranked, st.students - st.placed)
        for (r, n) in st.byRank.enumerated() where r > 0 {
            md += "| \(ordinal(r)) | \(n) | \(bar(n, most)) |\n"
        }
        if st.unranked > 0 { md += "| unranked base | \(st.unranked) | \(bar(st.unranked, most)) |\n" }
        md += "| unplaced | \(st.students - st.placed) | \(bar(st.students - st.placed, most)) |\n\n"

        md += "## Placement rate per university\n\n| university | students | placed | rate |\n|---|---:|---:|---:|\n"
        for r in st.perUniversity { md += "| \(escape(r.label)) (\(escape(r.key))) | \(r.students) | \(r.placed) | \(percent(r.rate)) |\n" }
        md += "\n## Placement rate per nationality\n\n| nationality | students | placed | rate |\n|---|---:|---:|---:|\n"
        for r in st.perNationality { md += "| \(escape(r.key)) | \(r.students) | \(r.placed) | \(percent(r.rate)) |\n" }
        // Scheduled: a seat hosts interns week by week, so utilisation is in seat-weeks.
        let (seats, filled) = st.schedule == nil ? ("seats", "filled") : ("seat-weeks", "intern-weeks")
        md += "\n## Utilisation per country\n\n| country | \(seats) | \(filled) | utilisation |\n|---|---:|---:|---:|\n"
        for u in st.perCountry { md += "| \(escape(u.key)) | \(u.seats) | \(u.filled) | \(percent(u.rate)) |\n" }
        md += "\n## Utilisation per base and term\n\n| base / term | name | \(seats) | \(filled) | utilisation |\n|---|---|---:|---:|---:|\n"
        for u in st.perBaseTerm { md += "| \(escape(u.key)) | \(escape(u.label)) | \(u.seats) | \(u.filled) | \(percent(u.rate)) |\n" }
        if let figures = st.schedule { md += scheduling(figures) }

        md += "\n## Unplaced students\n\n"
        let unplaced = s.students.indices.filter { o.placements[$0] == nil }
        if unplaced.isEmpty {
            md += "Every student was placed.\n"
        } else {
            md += "| reason | students |\n|---|---:|\n"
            for r in st.unplacedByReason { md += "| \(r.code) | \(r.count) |\n" }
            md += "\n| student | name | university | reason |\n|---|---|---|---|\n"
            for i in unplaced {
                let student = s.students[i]
                md += "| \(escape(student.id)) | \(escape(student.name)) | \(escape(student.university)) | \(escape(report.unplacedText(i))) |\n"
            }
        }

        if !o.changes.isEmpty {
            let changed = o.changes.filter { $0.kind != .kept }
            md += "\n## Changes from the earlier report\n\n"
            md += "\(o.changes.filter { $0.kind == .kept }.count) earlier placements kept; \(changed.count) changes (also in changes.csv).\n\n"
            if !changed.isEmpty {
                md += "| student | change | before | after | why |\n|---|---|---|---|---|\n"
                for c in changed {
                    md +=
                        "| \(escape(c.student)) | \(c.kind.rawValue) | \(escape(c.before ?? "–")) | \(escape(c.after ?? "–")) | \(escape(c.reason)) |\n"
                }
            }
        }

        md += "\n## Stability\n\n"
        let stabilityRule = s.policy.stability == .required ? "required" : "not required (reported only)"
        if s.schedule != nil {
            md += "Stability: not assessed for scheduled scenarios (blocking pairs are defined for seats per term).\n"
        } else if o.blockingPairs.isEmpty {
            md += "Stability \(stabilityRule): the placement is stable — no student and base-term would both rather be matched to each other.\n"
        } else {
            md +=
                "Stability \(stabilityRule): \(o.blockingPairs.count) blocking pair(s) — a student who prefers a base-term to their placement, and the base-term has a free seat or holds someone it ranks below them"
            md += o.blockingPairs.count > 50 ? " (first 50 shown; all are in report.json).\n\n" : ".\n\n"
            md += "| student | base / term |\n|---|---|\n"
            for p in o.blockingPairs.prefix(50) {
                md += "| \(escape(s.students[p.student].id)) | \(escape(s.bases[p.base].id))/\(escape(s.terms[p.term].id)) |\n"
            }
        }

        let effects = report.ruleEffects
        if !effects.isEmpty {
            md += "\n## Alliance rules\n\n| rule | subject | outcome | holds |\n|---|---|---|---|\n"
            for e in effects { md += "| \(e.family) | \(escape(e.subject)) | \(escape(e.figure)) | \(e.holds ? "yes" : "**no**") |\n" }
        }

        md += "\n## Solver\n\n"
        md += "| objective (in order) | sense | value | bound | status | evidence |\n|---|---|---:|---:|---|---|\n"
        for stage in o.solver.stages {
            md +=
                "| \(stage.name) | \(stage.sense) | \(formatNumber(stage.value)) | \(stage.bound.isNaN ? "none" : formatNumber(stage.bound)) | \(stage.status) | \(escape(stage.evidence)) |\n"
        }
        md += "\nModel: \(o.solver.rows) rows, \(o.solver.columns) columns, \(o.solver.nonZeros) non-zeros. "
        md += "Rules: \(o.solver.rules.map(\.title).joined(separator: "; ")). Solver: \(o.solver.solver).\n"

        let p = s.policy
        md += "\n## Policy\n\n"
        md += "- objectives, in lexicographic order: \(p.objectives.map(\.rawValue).joined(separator: ", "))\n"
        md += "- rank cost: \(p.rankCost.label)\n"
        md += "- unranked placements: \(p.allowUnranked ? "allowed at cost \(formatNumber(p.unrankedCost))" : "not allowed")\n"
        if p.travelCostPerKilometre > 0 { md += "- travel cost: \(formatNumber(p.travelCostPerKilometre)) per km from the home university\n" }
        if let km = p.maxTravelKilometres { md += "- maximum travel distance: \(formatNumber(km)) km\n" }
        if let countries = p.allowedCountries { md += "- countries allowed: \(countries.sorted().joined(separator: ", "))\n" }
        if let penalty = p.unplacedPenalty { md += "- unplaced penalty: \(formatNumber(penalty)) per student\n" }
        if !report.settings.options.isEmpty {
            md +=
                "- run options: " + report.settings.options.keys.sorted().map { "\($0) = \(report.settings.options[$0]!)" }.joined(separator: ", ")
                + "\n"
        }

        md += "\n## Inputs\n\n| file | bytes | SHA-256 |\n|---|---:|---|\n"
        for input in s.inputs { md += "| \(escape(input.path)) | \(input.bytes) | `\(input.sha256)` |\n" }
        if report.settings.includeTimings {
            md += "\n## Timings\n\n| phase | seconds |\n|---|---:|\n"
            for key in o.timings.keys.sorted() { md += "| \(key) | \(fixed(o.timings[key]!, 3)) |\n" }
        }
        return md
    }

    /// Input text cannot break the table or inject markup.
    func escape(_ text: String) -> String {
        var special = false, ascii = true, crlf = false, previous: UInt8 = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "|"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\r"),
                UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "["), UInt8(ascii: "]"):
                special = true
            case UInt8(ascii: "\n"):
                special = true
                crlf = crlf || previous == UInt8(ascii: "\r")
            default:
                ascii = ascii && byte < 0x80
            }
            previous = byte
        }
        // Most texts need no escaping. In ASCII text without CRLF every character is one byte.
        guard special else { return text }
        if ascii && !crlf {
            var out: [UInt8] = []
            out.reserveCapacity(text.utf8.count + 8)
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "|"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "["), UInt8(ascii: "]"):
                    out += [UInt8(ascii: "\\"), byte]
                case UInt8(ascii: "<"): out += Array("&lt;".utf8)
                case UInt8(ascii: ">"): out += Array("&gt;".utf8)
                case UInt8(ascii: "\n"), UInt8(ascii: "\r"): out.append(UInt8(ascii: " "))
                default: out.append(byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        // Character by character: a character is escaped only when it is exactly one of these.
        var out = ""
        for ch in text {
            switch ch {
            case "|": out += "\\|"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\n", "\r": out += " "
            case "*", "_", "`", "[", "]": out += "\\\(ch)"
            default: out.append(ch)
            }
        }
        return out
    }

    func percent(_ x: Double) -> String { fixed(x * 100, 1) + " %" }

    func fixed(_ x: Double, _ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let v = (x * scale).rounded() / scale
        var text = formatNumber(v)
        if decimals > 0 {
            if !text.contains(".") { text += "." }
            let have = text.split(separator: ".", omittingEmptySubsequences: false).last!.count
            text += String(repeating: "0", count: max(0, decimals - have))
        }
        return text
    }

    func bar(_ n: Int, _ most: Int) -> String { String(repeating: "█", count: Int((Double(n) / Double(most) * 30).rounded())) }
}
