import Foundation
import PlacementDomain

/// report.json: everything in the other files, machine-readable, with a format version.
struct ReportJSON {
    let report: ReportSet

    struct Document: JSONWritable {
        let format: String
        let tool: Tool
        let scenario: ScenarioInfo
        let options: [String: String]
        let solver: Solver
        let summary: Summary
        let placements: [Entry]
        let rules: [RuleLine]
        let stability: Stability
        let timings: [String: Double]?
        /// Scheduled scenarios only (absent otherwise, like every nil field).
        let schedule: ScheduleInfo?
    }
    /// `assessed` is false for scheduled scenarios (absent otherwise): blocking pairs were not computed.
    struct Stability: JSONWritable { let required: Bool; let assessed: Bool?; let blocking_pairs: [Pair] }
    struct Pair: JSONWritable { let student: String; let base: String; let term: String }
    struct RuleLine: JSONWritable { let family: String; let subject: String; let outcome: String; let holds: Bool }
    struct Tool: JSONWritable { let name: String; let version: String; let glpk_version: String }
    struct ScenarioInfo: JSONWritable {
        let name: String
        let students: Int
        let bases: Int
        let terms: [String]
        let inputs: [Input]
        let policy: PolicyInfo
    }
    struct Input: JSONWritable { let path: String; let sha256: String; let bytes: Int }
    struct PolicyInfo: JSONWritable {
        let objectives: [String]
        let rank_cost: String
        let unranked_allowed: Bool
        let unranked_cost: Double
        let travel_cost_per_km: Double
        let max_travel_km: Double?
        let allowed_countries: [String]?
        let unplaced_penalty: Double?
    }
    struct Solver: JSONWritable {
        let status: String
        let status_text: String
        let gap: Double?
        let objectives: [Objective]
        let solver: String
        let model: Model
    }
    struct Objective: JSONWritable {
        let name: String; let sense: String; let value: Double; let bound: Double; let status: String; let evidence: String
    }
    struct Model: JSONWritable { let rows: Int; let columns: Int; let nonzeros: Int; let rules: [String] }
    struct Summary: JSONWritable {
        let students: Int
        let placed: Int
        let unplaced: Int
        let by_rank: [String: Int]
        let total_rank_cost: Double
        let total_cost: Double
        let unplaced_by_reason: [String: Int]
        let per_university: [Rate]
        let per_nationality: [Rate]
        let per_country: [Use]
        let per_base_term: [Use]
    }
    struct Rate: JSONWritable { let id: String; let students: Int; let placed: Int }
    struct Use: JSONWritable { let id: String; let seats: Int; let filled: Int }
    struct Entry: JSONWritable {
        let student: String
        let name: String
        let university: String
        let nationality: String
        let status: String
        let base: String?
        let term: String?
        let rank: Int?
        let cost: Double?
        let reason_code: String?
        let reason: String?
        let programme: String?
        /// Weeks and mentors of a scheduled placement.
        let schedule: Timing?
    }
    struct Timing: JSONWritable {
        let start_date: String
        let end_date: String
        let start_week: String
        let end_week: String
        let working_weeks: Int
        let closure_weeks: Int
        let academic_mentor: String?
        let industry_mentor: String?
        /// The second placement of a rotation (its academic mentor is the same).
        let second: Second?
        /// Both parts' costs (`cost` is the first part's).
        let total_cost: Double
    }
    struct Second: JSONWritable {
        let base: String
        let term: String
        let rank: Int?
        let cost: Double
        let start_date: String
        let end_date: String
        let start_week: String
        let end_week: String
        let working_weeks: Int
        let closure_weeks: Int
        let industry_mentor: String?
    }

    func document() -> Document {
        let s = report.scenario, o = report.outcome, st = report.statistics
        var byRank: [String: Int] = [:]
        for (r, n) in st.byRank.enumerated() where r > 0 && n > 0 { byRank[String(r)] = n }
        if st.unranked > 0 { byRank["unranked"] = st.unranked }
        let entries = s.students.enumerated().map { i, student -> Entry in
            if let p = o.placements[i] {
                return Entry(
                    student: student.id, name: student.name, university: student.university, nationality: student.nationality,
                    status: "placed", base: s.bases[p.base].id, term: s.terms[p.term].id, rank: p.rank, cost: p.cost,
                    reason_code: nil, reason: nil, programme: programme(student), schedule: timing(p))
            }
            let reason = o.unplacedReasons[i] ?? .notSolved
            return Entry(
                student: student.id, name: student.name, university: student.university, nationality: student.nationality,
                status: "unplaced", base: nil, term: nil, rank: nil, cost: nil, reason_code: reason.code, reason: report.unplacedText(i),
                programme: programme(student), schedule: nil)
        }
        let p = s.policy
        return Document(
            format: ReportSet.reportFormat,
            tool: Tool(name: "placement", version: report.settings.toolVersion, glpk_version: report.settings.glpkVersion),
            scenario: ScenarioInfo(
                name: s.name, students: s.students.count, bases: s.bases.count, terms: s.terms.map(\.id),
                inputs: s.inputs.map { Input(path: $0.path, sha256: $0.sha256, bytes: $0.bytes) },
                policy: PolicyInfo(
                    objectives: p.objectives.map(\.rawValue), rank_cost: p.rankCost.label,
                    unranked_allowed: p.allowUnranked, unranked_cost: p.unrankedCost,
                    travel_cost_per_km: p.travelCostPerKilometre, max_travel_km: p.maxTravelKilometres,
                    allowed_countries: p.allowedCountries?.sorted(), unplaced_penalty: p.unplacedPenalty)),
            options: report.settings.options,
            solver: Solver(
                status: o.solver.status.rawValue, status_text: o.solver.statusText, gap: o.solver.gap,
                objectives: o.solver.stages.map {
                    Objective(
                        name: $0.name, sense: $0.sense.rawValue, value: $0.value, bound: $0.bound,
                        status: $0.status.rawValue, evidence: $0.evidence)
                },
                solver: o.solver.solver,
                model: Model(rows: o.solver.rows, columns: o.solver.columns, nonzeros: o.solver.nonZeros, rules: o.solver.rules.map(\.title))),
            summary: Summary(
                students: st.students, placed: st.placed, unplaced: st.students - st.placed, by_rank: byRank,
                total_rank_cost: st.totalRankCost, total_cost: st.totalCost,
                unplaced_by_reason: Dictionary(uniqueKeysWithValues: st.unplacedByReason.map { ($0.code, $0.count) }),
                per_university: st.perUniversity.map { Rate(id: $0.key, students: $0.students, placed: $0.placed) },
                per_nationality: st.perNationality.map { Rate(id: $0.key, students: $0.students, placed: $0.placed) },
                per_country: st.perCountry.map { Use(id: $0.key, seats: $0.seats, filled: $0.filled) },
                per_base_term: st.perBaseTerm.map { Use(id: $0.key, seats: $0.seats, filled: $0.filled) }),
            placements: entries,
            rules: report.ruleEffects.map { RuleLine(family: $0.family, subject: $0.subject, outcome: $0.figure, holds: $0.holds) },
            stability: Stability(
                required: s.policy.stability == .required, assessed: s.schedule == nil ? nil : false,
                blocking_pairs: o.blockingPairs.map { Pair(student: s.students[$0.student].id, base: s.bases[$0.base].id, term: s.terms[$0.term].id) }
            ),
            timings: report.settings.includeTimings ? o.timings : nil,
            schedule: st.schedule.map(scheduleInfo))
    }

    func encoded() -> [UInt8] {
        JSONWriter.document(document()) + [UInt8(ascii: "\n")]
    }
}

// Each type writes its fields in sorted key order, as JSONEncoder's .sortedKeys did.
extension ReportJSON.Document {
    func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("format", format); w.field("options", options); w.field("placements", placements); w.field("rules", rules)
            w.field("scenario", scenario); w.field("schedule", schedule); w.field("solver", solver); w.field("stability", stability)
            w.field("summary", summary); w.field("timings", timings); w.field("tool", tool)
        }
    }
}
extension ReportJSON.Stability {
    func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("assessed", assessed); w.field("blocking_pairs", blocking_pairs); w.field("required", required)
        }
    }
}
extension ReportJSON.Pair {
    func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("base", base); w.field("student", student); w.field("term", term)
        }
    }
}
extension ReportJSON.RuleLine {
    func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("family", family); w.field("holds", holds); w.field("outcome", outcome); w.field("subject", subject)
        }
    }
}
extension ReportJSON.Tool {
    func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("glpk_version", glpk_version); w.field("name", name); w.field("version", version)
        }
    }
}
extension ReportJSON.ScenarioInfo {
    func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("bases", bases); w.field("inputs", inputs); w.field("name", name); w.field("policy", policy)
            w.field("students", students); w.field("terms", terms)
        }
    }
}
extension ReportJSON.Input {
    func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("bytes", bytes); w.field("path", path); w.field("sha256", sha256)
        }
    }
}
extension ReportJSON.PolicyInfo {
    func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("allowed_countries", allowed_countries); w.field("max_travel_km", max_travel_km); w.field("objectives", objectives)
            w.field("rank_cost", rank_cost); w.field("travel_cost_per_km", travel_cost_per_km); w.field("unplaced_penalty", unplaced_penalty)
            w.field("unranked_allowed", unranked_allowed); w.field("unranked_cost", unranked_cost)
        }
    }
}
extension ReportJSON.Solver {
    func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("gap", gap); w.field("model", model); w.field("objectives", objectives); w.field("solver", solver)
            w.field("status", status); w.field("status_text", status_text)
        }
    }
}
extension ReportJSON.Objective {
    func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("bound", bound); w.field("evidence", evidence); w.field("name", name); w.field("sense", sense)
            w.field("status", status); w.field("value", value)
        }
    }
}
extension ReportJSON.Model {
    func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("columns", columns); w.field("nonzeros", nonzeros); w.field("rows", rows); w.field("rules", rules)
        }
    }
}
extension ReportJSON.Summary {
    func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("by_rank", by_rank); w.field("per_base_term", per_base_term); w.field("per_country", per_country)
            w.field("per_nationality", per_nationality); w.field("per_university", per_university); w.field("placed", placed)
            w.field("students", students); w.field("total_cost", total_cost); w.field("total_rank_cost", total_rank_cost)
            w.field("unplaced", unplaced); w.field("unplaced_by_reason", unplaced_by_reason)
        }
    }
}
extension ReportJSON.Rate {
    func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("id", id); w.field("placed", placed); w.field("students", students)
        }
    }
}
extension ReportJSON.Use {
    func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("filled", filled); w.field("id", id); w.field("seats", seats)
        }
    }
}
extension ReportJSON.Entry {
    func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("base", base); w.field("cost", cost); w.field("name", name); w.field("nationality", nationality)
            w.field("programme", programme); w.field("rank", rank); w.field("reason", reason); w.field("reason_code", reason_code)
            w.field("schedule", schedule); w.field("status", status); w.field("student", student); w.field("term", term)
            w.field("university", university)
        }
    }
}
extension ReportJSON.Timing {
    func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("academic_mentor", academic_mentor); w.field("closure_weeks", closure_weeks); w.field("end_date", end_date)
            w.field("end_week", end_week); w.field("industry_mentor", industry_mentor); w.field("second", second)
            w.field("start_date", start_date); w.field("start_week", start_week); w.field("total_cost", total_cost)
            w.field("working_weeks", working_weeks)
        }
    }
}
extension ReportJSON.Second {
    func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("base", base); w.field("closure_weeks", closure_weeks); w.field("cost", cost); w.field("end_date", end_date)
            w.field("end_week", end_week); w.field("industry_mentor", industry_mentor); w.field("rank", rank)
            w.field("start_date", start_date); w.field("start_week", start_week); w.field("term", term)
            w.field("working_weeks", working_weeks)
        }
    }
}

/// manifest.json: how to reproduce the report, and the SHA-256 of every input and output file.
struct Manifest {
    let report: ReportSet
    let outputs: [ReportFile]
    /// SHA-256 of each output, in hex.
    let digests: [String]

    struct Document: JSONWritable {
        let format: String
        let tool: String
        let tool_version: String
        let glpk_version: String
        let scenario: String
        let options: [String: String]
        let status: String
        let objectives: [String: Double]
        let inputs: [ReportJSON.Input]
        let outputs: [ReportJSON.Input]
    }

    func file() -> ReportFile {
        let o = report.outcome
        let doc = Document(
            format: "placement-manifest/1", tool: "placement", tool_version: report.settings.toolVersion,
            glpk_version: report.settings.glpkVersion, scenario: report.scenario.name, options: report.settings.options,
            status: o.solver.status.rawValue,
            objectives: Dictionary(o.solver.stages.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }),
            inputs: report.scenario.inputs.map { .init(path: $0.path, sha256: $0.sha256, bytes: $0.bytes) },
            outputs: zip(outputs, digests).map { .init(path: $0.name, sha256: $1, bytes: $0.bytes.count) })
        return ReportFile(name: "manifest.json", bytes: JSONWriter.document(doc) + [UInt8(ascii: "\n")])
    }
}

extension Manifest.Document {
    func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("format", format); w.field("glpk_version", glpk_version); w.field("inputs", inputs); w.field("objectives", objectives)
            w.field("options", options); w.field("outputs", outputs); w.field("scenario", scenario); w.field("status", status)
            w.field("tool", tool); w.field("tool_version", tool_version)
        }
    }
}
