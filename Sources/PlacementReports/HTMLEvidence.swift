import PlacementDomain

/// What report.html says the solver proved: the headline evidence and objectives, the rules
/// and stability, and the solver and inputs.
extension HTMLReport {
    /// The solver's status and its evidence, in plain words.
    func evidenceParagraph() -> String {
        let o = report.outcome
        var p = "<p><b>Solver status: \(htmlEsc(o.solver.statusText)).</b> "
        switch o.solver.status {
        case .optimal:
            p +=
                "This placement is <b>proven optimal</b>: for each objective, in order, the solver proved that no placement obeying every rule does better.</p>\n"
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
            if name.hasPrefix("rank"), name.hasSuffix("_count"), let r = Int(name.dropFirst(4).dropLast(6)) {
                return "students at their \(ordinal(r)) choice"
            }
            return name.replacingUnderscores()
        }
    }

    func rulesAndStability() -> String {
        let s = report.scenario, o = report.outcome
        var h = ""
        let effects = report.ruleEffects
        if !effects.isEmpty {
            let broken = effects.filter { !$0.holds }.count
            h += "<h2>Alliance rules</h2>\n<p>\(effects.count) rule outcome\(effects.count == 1 ? "" : "s") checked on the placements; "
            h += broken == 0 ? "every one holds.</p>\n" : "<b class=\"bad\">\(broken) do\(broken == 1 ? "es" : "") not hold</b>.</p>\n"
            h +=
                "<div class=\"scroll\"><table class=\"rules\">\n<thead><tr><th>rule</th><th>subject</th><th>outcome</th><th>holds</th></tr></thead>\n<tbody>\n"
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
            h +=
                "<p>\(rule). <b>\(o.blockingPairs.count) blocking pair\(o.blockingPairs.count == 1 ? "" : "s")</b>: a student who prefers a base-term to their placement, "
            h += "where the base-term has a free seat or holds someone it ranks below them.</p>\n"
            let shown = o.blockingPairs.prefix(50)
            h +=
                "<p class=\"pairs\">"
                + shown.map { p in
                    "<span class=\"pair\">\(htmlEsc(s.students[p.student].id)) → \(htmlEsc(s.bases[p.base].id))/\(htmlEsc(s.terms[p.term].id))</span>"
                }.joined(separator: " ")
            if o.blockingPairs.count > shown.count { h += " <span class=\"muted\">… first \(shown.count) shown; all are in report.json.</span>" }
            h += "</p>\n"
        }
        return h
    }

    func solverSection() -> String {
        let s = report.scenario, o = report.outcome
        var h =
            "<div class=\"scroll\"><table>\n<thead><tr><th>objective (in order)</th><th>sense</th><th class=\"num\">value</th><th class=\"num\">bound</th><th>status</th><th>evidence</th></tr></thead>\n<tbody>\n"
        for stage in o.solver.stages {
            h +=
                "<tr><td>\(htmlEsc(stage.name))</td><td>\(htmlEsc(stage.sense.rawValue))</td><td class=\"num\">\(formatNumber(stage.value))</td><td class=\"num\">\(stage.bound.isNaN ? "none" : formatNumber(stage.bound))</td>"
            h += "<td>\(htmlEsc(stage.status.rawValue))</td><td>\(htmlEsc(stage.evidence))</td></tr>\n"
        }
        h += "</tbody></table></div>\n"
        h +=
            "<p class=\"muted\">Model: \(o.solver.rows) rows, \(o.solver.columns) columns, \(o.solver.nonZeros) non-zeros. Solver: \(htmlEsc(o.solver.solver)). "
        h += "Rules: \(o.solver.rules.map(\.title).map(htmlEsc).joined(separator: "; ")).</p>\n"
        if !s.inputs.isEmpty {
            h +=
                "<h3>Input files</h3>\n<div class=\"scroll\"><table class=\"inputs\">\n<thead><tr><th>file</th><th class=\"num\">bytes</th><th>SHA-256</th></tr></thead>\n<tbody>\n"
            for input in s.inputs {
                h += "<tr><td>\(htmlEsc(input.path))</td><td class=\"num\">\(input.bytes)</td><td><code>\(htmlEsc(input.sha256))</code></td></tr>\n"
            }
            h += "</tbody></table></div>\n"
        }
        return h
    }
}
