import Foundation
import PlacementDomain

/// (5) The objective values and summary counts in report.json, recomputed from the placements.
extension VerificationRun {
    /// The placements counted once per student.
    var distinctPlacements: [PlacedEntry] { placementOf.compactMap { $0 } }

    /// Objective-stage names the policy asks for, in order (rank_maximal is `rank1_count`, … and
    /// checked separately).
    func expectedStageName(_ objective: Policy.Objective) -> String? {
        switch objective {
        case .maxPlaced: return "placed"
        case .minCost: return "cost"
        case .minWorstRank: return "worst_rank"
        case .maxMinUniversityRate: return "lowest_university_rate"
        case .maxMinNationalityRate: return "lowest_nationality_rate"
        case .rankMaximal, .balanceMentorLoad: return nil
        }
    }

    /// The stages `balance_mentor_load` adds: one per kind of mentor the schedule lists.
    var mentorLoadStages: [String] {
        guard let schedule = scenario.schedule else { return [] }
        return (schedule.academicMentors.isEmpty ? [] : ["max_academic_mentor_load"])
            + (schedule.industryMentors.isEmpty ? [] : ["max_industry_mentor_load"])
    }

    /// Cost of every rotation's second part (0 without a schedule).
    var secondPartCost: Double {
        stays.filter { $0.part == 1 }.reduce(0) { $0 + book.cost(student: $1.student, base: $1.base) }
    }

    /// The value of a stage recomputed from the placements; nil when the name is not an objective
    /// this verifier can recompute.
    func recomputed(_ name: String) -> Double? {
        let placed = distinctPlacements
        switch name {
        case "placed":
            return Double(placed.count)
        case "cost":
            var total = 0.0
            for p in placed { total += book.cost(student: p.student, base: p.base) }
            total += secondPartCost
            if let penalty = scenario.policy.unplacedPenalty {
                total += penalty * Double(scenario.students.count - placed.count)
            }
            return total
        case "worst_rank":
            // Unranked placements count as rank 99; no placement gives 0.
            return Double(placed.map { book.rankOf[$0.student][baseName($0.base)] ?? 99 }.max() ?? 0)
        case "lowest_university_rate", "lowest_nationality_rate":
            let byUniversity = name == "lowest_university_rate"
            var totals: [String: (students: Int, placed: Int)] = [:]
            for (s, student) in scenario.students.enumerated() {
                let key = byUniversity ? student.university : student.nationality
                totals[key, default: (0, 0)].students += 1
                if placementOf[s] != nil { totals[key, default: (0, 0)].placed += 1 }
            }
            return totals.values.map { Double($0.placed) / Double($0.students) }.min() ?? 0
        case "max_academic_mentor_load" where book.schedule != nil:
            return Double(peakLoad(.academic))
        case "max_industry_mentor_load" where book.schedule != nil:
            return Double(peakLoad(.industry))
        default:
            if name.hasPrefix("rank"), name.hasSuffix("_count"), let r = Int(name.dropFirst(4).dropLast(6)), r >= 1 {
                return Double(placed.filter { book.rankOf[$0.student][baseName($0.base)] == r }.count)
            }
            return nil
        }
    }

    mutating func checkObjectives() {
        guard let solver = JSONValue.object(report["solver"]), let stages = JSONValue.array(solver["objectives"]) else {
            flag("objective_missing", "report.json has no solver.objectives")
            return
        }
        var names: [String] = []
        var values: [String: Double] = [:]
        var lastStatus: StageStatus? = nil
        for item in stages {
            guard let stage = JSONValue.object(item), let name = JSONValue.string(stage["name"]) else {
                flag("malformed_entry", "report.json has an objective without a name")
                continue
            }
            names.append(name)
            lastStatus = JSONValue.string(stage["status"]).flatMap(StageStatus.init(rawValue:))
            guard let value = JSONValue.number(stage["value"]) else {
                flag("objective_mismatch", "objective \(name): report.json gives no value")
                continue
            }
            values[name] = value
            if name == "kept" {
                // Re-allocation from an earlier report: needs that report, which is not an input here.
                checked("objective kept (re-allocation): not recomputed; it needs the earlier report (options.from_report_sha256)")
                continue
            }
            guard let expected = recomputed(name) else {
                flag("objective_unknown", "report.json has objective '\(name)', which this verifier does not know")
                continue
            }
            if !close(value, expected) {
                flag(
                    "objective_mismatch",
                    "objective \(name): report.json says \(formatNumber(value)), recomputed from the placements \(formatNumber(expected))")
            }
        }

        // The stages are the policy's objectives, in order.
        var expected: [String] = []
        var rankStages = false
        for objective in scenario.policy.objectives {
            if objective == .balanceMentorLoad {
                expected += mentorLoadStages
            } else if let n = expectedStageName(objective) {
                expected.append(n)
            } else {
                rankStages = true
                expected.append("rank*_count")
            }
        }
        var actual = names.filter { $0 != "kept" }
        if rankStages {
            // rank_maximal is one stage per rank, rank1_count, rank2_count, … consecutively.
            var collapsed: [String] = []
            var nextRank = 1
            for n in actual {
                if n == "rank\(nextRank)_count" {
                    if nextRank == 1 { collapsed.append("rank*_count") }
                    nextRank += 1
                } else {
                    collapsed.append(n)
                }
            }
            actual = collapsed
        }
        // A solve cut short (time limit, stop request) ends at the stage it could not finish.
        let cutShort =
            lastStatus != nil && lastStatus != .optimal && actual.count < expected.count
            && Array(expected.prefix(actual.count)) == actual
        if actual != expected && !cutShort {
            flag(
                "objective_missing",
                "report.json's objectives are \(names.joined(separator: ", ")); the policy asks for \(expected.joined(separator: ", "))")
        }

        // manifest.json repeats the values.
        if let manifest = readManifest(), let stated = JSONValue.object(manifest["objectives"]) {
            for (name, value) in values.sorted(by: { $0.key < $1.key }) {
                let m = JSONValue.number(stated[name])
                if m == nil || !close(m!, value) {
                    flag(
                        "manifest_mismatch",
                        "manifest.json gives objective \(name) = \(m.map(formatNumber) ?? "nothing"), report.json \(formatNumber(value))")
                }
            }
            for name in stated.keys.sorted() where values[name] == nil {
                flag("manifest_mismatch", "manifest.json gives objective \(name), which report.json does not have")
            }
        }
        checked(
            "objectives: \(names.joined(separator: ", ")) recomputed from the placements (tolerance 1e-6 relative) and in the policy's order; manifest.json agrees"
        )
    }

    mutating func checkSummary() {
        guard let summary = JSONValue.object(report["summary"]) else {
            flag("summary_mismatch", "report.json has no summary")
            return
        }
        let placed = distinctPlacements
        func expectInt(_ key: String, _ value: Int) {
            let stated = JSONValue.integer(summary[key])
            if stated != value {
                flag("summary_mismatch", "summary.\(key): report.json says \(stated.map(String.init) ?? "nothing"), recomputed \(value)")
            }
        }
        func expectNumber(_ key: String, _ value: Double) {
            let stated = JSONValue.number(summary[key])
            if stated == nil || !close(stated!, value) {
                flag(
                    "summary_mismatch", "summary.\(key): report.json says \(stated.map(formatNumber) ?? "nothing"), recomputed \(formatNumber(value))"
                )
            }
        }
        expectInt("students", scenario.students.count)
        expectInt("placed", placed.count)
        expectInt("unplaced", scenario.students.count - placed.count)

        var byRank: [String: Int] = [:]
        var rankCost = 0.0, cost = 0.0
        for p in placed {
            if let r = book.rankOf[p.student][baseName(p.base)] { byRank[String(r), default: 0] += 1 } else { byRank["unranked", default: 0] += 1 }
            rankCost += book.rankPart(student: p.student, base: p.base)
            cost += book.cost(student: p.student, base: p.base)
        }
        // A rotation's second part costs its own rank's cost, as in the objective.
        for stay in stays where stay.part == 1 {
            rankCost += book.rankPart(student: stay.student, base: stay.base)
            cost += book.cost(student: stay.student, base: stay.base)
        }
        let statedByRank = (JSONValue.object(summary["by_rank"]) ?? [:]).mapValues { JSONValue.integer($0) ?? -1 }
        if statedByRank != byRank {
            let show: ([String: Int]) -> String = { d in
                d.keys.sorted { (Int($0) ?? Int.max, $0) < (Int($1) ?? Int.max, $1) }.map { "\($0): \(d[$0]!)" }.joined(separator: ", ")
            }
            flag("summary_mismatch", "summary.by_rank: report.json says {\(show(statedByRank))}, recomputed {\(show(byRank))}")
        }
        expectNumber("total_rank_cost", rankCost)
        expectNumber("total_cost", cost)

        if let reasons = JSONValue.object(summary["unplaced_by_reason"]) {
            let total = reasons.values.compactMap(JSONValue.integer).reduce(0, +)
            if total != scenario.students.count - placed.count {
                flag(
                    "summary_mismatch",
                    "summary.unplaced_by_reason adds up to \(total), but \(scenario.students.count - placed.count) students are unplaced")
            }
        }

        // Rates per university and nationality.
        for (key, byUniversity) in [("per_university", true), ("per_nationality", false)] {
            var totals: [String: (students: Int, placed: Int)] = [:]
            for (s, student) in scenario.students.enumerated() {
                let k = byUniversity ? student.university : student.nationality
                totals[k, default: (0, 0)].students += 1
                if placementOf[s] != nil { totals[k, default: (0, 0)].placed += 1 }
            }
            var stated: [String: (students: Int, placed: Int)] = [:]
            for item in JSONValue.array(summary[key]) ?? [] {
                guard let row = JSONValue.object(item), let id = JSONValue.string(row["id"]) else { continue }
                stated[id] = (JSONValue.integer(row["students"]) ?? -1, JSONValue.integer(row["placed"]) ?? -1)
            }
            for id in Set(totals.keys).union(stated.keys).sorted() {
                let want = totals[id] ?? (0, 0), got = stated[id] ?? (-1, -1)
                if want.students != got.students || want.placed != got.placed {
                    flag(
                        "summary_mismatch",
                        "summary.\(key) \(id): report.json says \(got.placed) of \(got.students) placed, recomputed \(want.placed) of \(want.students)"
                    )
                }
            }
        }

        // Seats and interns per base and term (scheduled: intern-weeks, every part counted).
        var filled: [String: Int] = [:]
        if book.schedule != nil {
            for stay in stays { filled["\(baseName(stay.base))/\(termName(stay.term))", default: 0] += stay.weeks.count }
        } else {
            for p in assignments { filled["\(baseName(p.base))/\(termName(p.term))", default: 0] += 1 }
        }
        for item in JSONValue.array(summary["per_base_term"]) ?? [] {
            guard let row = JSONValue.object(item), let id = JSONValue.string(row["id"]) else { continue }
            let n = JSONValue.integer(row["filled"]) ?? -1
            if n != (filled[id] ?? 0) {
                flag("summary_mismatch", "summary.per_base_term \(id): report.json says \(n) filled, recomputed \(filled[id] ?? 0)")
            }
        }
        checked(
            "summary: students, placed, unplaced, by_rank, total_rank_cost, total_cost, unplaced_by_reason total, per university, per nationality, per base and term"
        )
    }
}
