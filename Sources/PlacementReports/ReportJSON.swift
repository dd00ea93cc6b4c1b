import Foundation
import PlacementDomain

/// report.json: everything in the other files, machine-readable, with a format version.
struct ReportJSON {
    let report: ReportSet

    struct Document: Encodable {
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
    struct Stability: Encodable { let required: Bool; let assessed: Bool?; let blocking_pairs: [Pair] }
    struct Pair: Encodable { let student: String; let base: String; let term: String }
    struct RuleLine: Encodable { let family: String; let subject: String; let outcome: String; let holds: Bool }
    struct Tool: Encodable { let name: String; let version: String; let glpk_version: String }
    struct ScenarioInfo: Encodable {
        let name: String
        let students: Int
        let bases: Int
        let terms: [String]
        let inputs: [Input]
        let policy: PolicyInfo
    }
    struct Input: Encodable { let path: String; let sha256: String; let bytes: Int }
    struct PolicyInfo: Encodable {
        let objectives: [String]
        let rank_cost: String
        let unranked_allowed: Bool
        let unranked_cost: Double
        let travel_cost_per_km: Double
        let max_travel_km: Double?
        let allowed_countries: [String]?
        let unplaced_penalty: Double?
    }
    struct Solver: Encodable {
        let status: String
        let status_text: String
        let gap: Double?
        let objectives: [Objective]
        let solver: String
        let model: Model
    }
    struct Objective: Encodable { let name: String; let sense: String; let value: Double; let bound: Double; let status: String; let evidence: String }
    struct Model: Encodable { let rows: Int; let columns: Int; let nonzeros: Int; let rules: [String] }
    struct Summary: Encodable {
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
    struct Rate: Encodable { let id: String; let students: Int; let placed: Int }
    struct Use: Encodable { let id: String; let seats: Int; let filled: Int }
    struct Entry: Encodable {
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
    struct Timing: Encodable {
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
    struct Second: Encodable {
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
                return Entry(student: student.id, name: student.name, university: student.university, nationality: student.nationality,
                             status: "placed", base: s.bases[p.base].id, term: s.terms[p.term].id, rank: p.rank, cost: p.cost,
                             reason_code: nil, reason: nil, programme: programme(student), schedule: timing(p))
            }
            let reason = o.unplacedReasons[i] ?? .notSolved
            return Entry(student: student.id, name: student.name, university: student.university, nationality: student.nationality,
                         status: "unplaced", base: nil, term: nil, rank: nil, cost: nil, reason_code: reason.code, reason: reason.text,
                         programme: programme(student), schedule: nil)
        }
        let p = s.policy
        return Document(
            format: ReportSet.reportFormat,
            tool: Tool(name: "placement", version: report.settings.toolVersion, glpk_version: report.settings.glpkVersion),
            scenario: ScenarioInfo(name: s.name, students: s.students.count, bases: s.bases.count, terms: s.terms.map(\.id),
                                   inputs: s.inputs.map { Input(path: $0.path, sha256: $0.sha256, bytes: $0.bytes) },
                                   policy: PolicyInfo(objectives: p.objectives.map(\.rawValue), rank_cost: p.rankCost.label,
                                                      unranked_allowed: p.allowUnranked, unranked_cost: p.unrankedCost,
                                                      travel_cost_per_km: p.travelCostPerKilometre, max_travel_km: p.maxTravelKilometres,
                                                      allowed_countries: p.allowedCountries?.sorted(), unplaced_penalty: p.unplacedPenalty)),
            options: report.settings.options,
            solver: Solver(status: o.solver.status, status_text: o.solver.statusText, gap: o.solver.gap,
                           objectives: o.solver.stages.map { Objective(name: $0.name, sense: $0.sense, value: $0.value, bound: $0.bound,
                                                                      status: $0.status, evidence: $0.evidence) },
                           solver: o.solver.solver,
                           model: Model(rows: o.solver.rows, columns: o.solver.columns, nonzeros: o.solver.nonZeros, rules: o.solver.rules)),
            summary: Summary(students: st.students, placed: st.placed, unplaced: st.students - st.placed, by_rank: byRank,
                             total_rank_cost: st.totalRankCost, total_cost: st.totalCost,
                             unplaced_by_reason: Dictionary(uniqueKeysWithValues: st.unplacedByReason.map { ($0.code, $0.count) }),
                             per_university: st.perUniversity.map { Rate(id: $0.key, students: $0.students, placed: $0.placed) },
                             per_nationality: st.perNationality.map { Rate(id: $0.key, students: $0.students, placed: $0.placed) },
                             per_country: st.perCountry.map { Use(id: $0.key, seats: $0.seats, filled: $0.filled) },
                             per_base_term: st.perBaseTerm.map { Use(id: $0.key, seats: $0.seats, filled: $0.filled) }),
            placements: entries,
            rules: RuleEffects(scenario: s, outcome: o).lines.map { RuleLine(family: $0.family, subject: $0.subject, outcome: $0.figure, holds: $0.holds) },
            stability: Stability(required: s.policy.stability == .required, assessed: s.schedule == nil ? nil : false,
                                 blocking_pairs: o.blockingPairs.map { Pair(student: s.students[$0.student].id, base: s.bases[$0.base].id, term: s.terms[$0.term].id) }),
            timings: report.settings.includeTimings ? o.timings : nil,
            schedule: st.schedule.map(scheduleInfo))
    }

    func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Non-finite bounds (a stage cut short) are written as strings rather than failing.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data = (try? encoder.encode(document())) ?? Data("{}".utf8)
        return Array(data) + [UInt8(ascii: "\n")]
    }
}

/// manifest.json: how to reproduce the report, and the SHA-256 of every input and output file.
struct Manifest {
    let report: ReportSet
    let outputs: [ReportFile]

    struct Document: Encodable {
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
        let doc = Document(format: "placement-manifest/1", tool: "placement", tool_version: report.settings.toolVersion,
                           glpk_version: report.settings.glpkVersion, scenario: report.scenario.name, options: report.settings.options,
                           status: o.solver.status,
                           objectives: Dictionary(o.solver.stages.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }),
                           inputs: report.scenario.inputs.map { .init(path: $0.path, sha256: $0.sha256, bytes: $0.bytes) },
                           outputs: outputs.map { .init(path: $0.name, sha256: SHA256Hex.digest($0.bytes), bytes: $0.bytes.count) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(doc)) ?? Data("{}".utf8)
        return ReportFile(name: "manifest.json", bytes: Array(data) + [UInt8(ascii: "\n")])
    }
}
