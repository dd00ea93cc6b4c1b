import Foundation
import PlacementDomain
import PlacementScenarioIO

/// Checks a report folder against its scenario without trusting the code that made it.
///
/// Everything is recomputed from the rules' definitions (docs/scenario-format.md and the doc
/// comments of the domain's rule types): each placement's eligibility, capacities, every alliance
/// rule the scenario turns on, stability when it is required, the objective values and summary
/// counts, the SHA-256 of every input and output file, and the agreement of the CSV files with
/// report.json; for scheduled scenarios also every placement's weeks and mentors, from its dates
/// (ScheduleBook, ScheduleChecks). It shares no code with the formulation, the solver backends or the engine's
/// outcome building (see docs/audit.md).
public struct ReportVerifier: Sendable {
    public let scenario: Scenario
    /// The scenario file; input paths in report.json are relative to its folder.
    public let scenarioPath: String

    public init(scenario: Scenario, scenarioPath: String) {
        self.scenario = scenario
        self.scenarioPath = scenarioPath
    }

    /// Loads the scenario with the scenario loader (every diagnostic on failure).
    public init(loading scenarioPath: String, options: LoadOptions = LoadOptions()) throws(ScenarioError) {
        self.init(scenario: try ScenarioLoader(options: options).load(path: scenarioPath), scenarioPath: scenarioPath)
    }

    /// Every violation found in the report folder, and what was checked.
    public func verify(reportFolder: String) -> VerificationResult {
        var run = VerificationRun(book: RuleBook(scenario: scenario), scenarioPath: scenarioPath, folder: reportFolder)
        run.execute()
        return VerificationResult(violations: run.violations, checks: run.checks, placements: run.assignments.count)
    }

    /// SHA-256 of some bytes, as 64 lowercase hex digits (as reports and manifests write it).
    public static func sha256Hex(_ bytes: [UInt8]) -> String { Hex.sha256(bytes) }
}

/// One placement read from report.json, resolved against the scenario.
struct PlacedEntry {
    let student: Int
    let base: Int
    let term: Int
    /// Position in report.json's placements list (1-based), for messages.
    let position: Int
    let rank: Any?
    let cost: Any?
}

/// The state of one verification: what report.json says, and what was found.
struct VerificationRun {
    let book: RuleBook
    let scenarioPath: String
    let folder: String
    var violations: [Violation] = []
    var checks: [String] = []

    var report: [String: Any] = [:]
    /// Every valid placed entry, including a student's second one (it takes a seat too).
    var assignments: [PlacedEntry] = []
    /// Each student's first placed entry.
    var placementOf: [PlacedEntry?] = []
    /// How often each student appears in report.json.
    var appearances: [Int] = []
    /// Scheduled scenarios: every internship read from placements.csv (a rotation gives two).
    var stays: [ScheduledStay] = []
    /// Scheduled scenarios: each placed student's academic mentor (index into academic mentors).
    var academicOf: [Int: Int] = [:]

    var scenario: Scenario { book.scenario }

    init(book: RuleBook, scenarioPath: String, folder: String) {
        self.book = book
        self.scenarioPath = scenarioPath
        self.folder = folder
        placementOf = Array(repeating: nil, count: book.scenario.students.count)
        appearances = Array(repeating: 0, count: book.scenario.students.count)
    }

    mutating func flag(_ kind: String, _ message: String) {
        violations.append(Violation(kind: kind, message: message))
    }

    /// A broken rule of a family (the code is listed in the family's registry entry).
    mutating func flag(_ code: RuleCheckCode, _ message: String) { flag(code.rawValue, message) }

    mutating func checked(_ line: String) { checks.append(line) }

    func folderPath(_ name: String) -> String { URL(fileURLWithPath: folder).appendingPathComponent(name).path }

    func studentName(_ s: Int) -> String { scenario.students[s].id }
    func baseName(_ b: Int) -> String { scenario.bases[b].id }
    func termName(_ t: Int) -> String { book.termIDs[t] }

    mutating func execute() {
        guard readReport() else { return }
        readPlacements()
        if book.schedule != nil { readSchedule() }
        checkEligibility()
        checkRanksAndCosts()
        if book.schedule != nil { checkWeeklyCapacity() } else { checkCapacity() }
        checkAllianceRules()
        if book.schedule != nil { checkSchedule() }
        checkStability()
        checkObjectives()
        checkSummary()
        checkInputs()
        checkOutputs()
        checkPlacementsCSV()
        checkRostersCSV()
        if book.schedule != nil { checkScheduleFiles() }
    }

    // MARK: report.json

    mutating func readReport() -> Bool {
        let path = folderPath("report.json")
        guard let data = FileManager.default.contents(atPath: path) else {
            flag("report_unreadable", "\(path) cannot be read")
            return false
        }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            flag("report_unreadable", "\(path) is not a JSON object")
            return false
        }
        report = object
        let format = JSONValue.string(object["format"]) ?? "none"
        if format != "placement-report/1" {
            flag("report_format", "report.json has format '\(format)'; this verifier reads placement-report/1")
        }
        let info = JSONValue.object(object["scenario"])
        if let name = JSONValue.string(info?["name"]), name != scenario.name {
            flag("scenario_mismatch", "report.json is for scenario '\(name)', not '\(scenario.name)'")
        }
        if let terms = JSONValue.array(info?["terms"])?.compactMap(JSONValue.string), terms != book.termIDs {
            flag(
                "scenario_mismatch",
                "report.json lists terms \(terms.joined(separator: ", ")); the scenario has \(book.termIDs.joined(separator: ", "))")
        }
        checked("report.json: readable, format placement-report/1, for scenario \(scenario.name)")
        return true
    }

    /// (2) every student at most once, every roster student exactly once, ids that exist.
    mutating func readPlacements() {
        guard let list = JSONValue.array(report["placements"]) else {
            flag("report_unreadable", "report.json has no placements list")
            return
        }
        for (i, item) in list.enumerated() {
            let position = i + 1
            guard let entry = JSONValue.object(item), let id = JSONValue.string(entry["student"]) else {
                flag("malformed_entry", "report.json placement #\(position) has no student id")
                continue
            }
            guard let s = book.studentIndex[id] else {
                flag("unknown_student", "report.json placement #\(position) names student \(id), who is not in the scenario's roster")
                continue
            }
            appearances[s] += 1
            if appearances[s] == 2 {
                flag(.duplicateStudent, "student \(id) appears more than once in report.json (placement #\(position) again)")
            }
            let status = JSONValue.string(entry["status"]) ?? ""
            switch status {
            case "placed":
                guard let baseID = JSONValue.string(entry["base"]), let termID = JSONValue.string(entry["term"]) else {
                    flag("malformed_entry", "student \(id) is 'placed' in report.json without a base and term")
                    continue
                }
                guard let b = book.baseIndex[baseID] else {
                    flag("unknown_base", "student \(id) is placed at base \(baseID), which is not in the scenario")
                    continue
                }
                guard let t = book.termIndex[termID] else {
                    flag("unknown_term", "student \(id) is placed in term \(termID), which is not in the scenario")
                    continue
                }
                let placed = PlacedEntry(student: s, base: b, term: t, position: position, rank: entry["rank"], cost: entry["cost"])
                assignments.append(placed)
                if placementOf[s] == nil { placementOf[s] = placed }
            case "unplaced":
                if !JSONValue.isNull(entry["base"]) || !JSONValue.isNull(entry["term"]) {
                    flag("malformed_entry", "student \(id) is 'unplaced' in report.json but has a base or term")
                }
            default:
                flag("malformed_entry", "student \(id) has status '\(status)' in report.json (expected placed or unplaced)")
            }
        }
        for (s, n) in appearances.enumerated() where n == 0 {
            flag("missing_student", "student \(studentName(s)) of the roster does not appear in report.json")
        }
        checked("students: each of the \(scenario.students.count) roster students appears exactly once in report.json, and only they")
    }

    // MARK: (1) placements allowed

    mutating func checkEligibility() {
        for p in assignments {
            for breach in book.breaches(student: p.student, base: p.base, term: p.term) {
                flag(breach.kind, "\(studentName(p.student)) placed at \(baseName(p.base)) in \(termName(p.term)): \(breach.text)")
            }
        }
        var families = [
            "field accepted", "a language requirement met", "available that term",
            book.schedule == nil ? "seats that term" : "seats checked week by week", "country not excluded for her"
        ]
        if scenario.policy.allowedCountries != nil { families.append("programme's allowed countries") }
        if scenario.policy.maxTravelKilometres != nil { families.append("max_travel_km (haversine, R = 6371.0088 km)") }
        if !scenario.policy.allowUnranked { families.append("ranked base only") }
        if !scenario.rules.bans.isEmpty { families.append("not a banned pair") }
        checked("eligibility of \(assignments.count) placements: \(families.joined(separator: ", "))")
    }

    /// Each placement's rank and cost as report.json states them, against the scenario.
    mutating func checkRanksAndCosts() {
        for p in assignments {
            let expectedRank = book.rankOf[p.student][baseName(p.base)]
            let statedRank = JSONValue.integer(p.rank)
            if statedRank != expectedRank || (expectedRank == nil && !JSONValue.isNull(p.rank)) {
                flag(
                    "rank_mismatch",
                    "\(studentName(p.student)) at \(baseName(p.base)): report.json says rank \(statedRank.map(String.init) ?? "unranked"), "
                        + "her preferences give \(expectedRank.map(String.init) ?? "unranked")")
            }
            let expectedCost = book.cost(student: p.student, base: p.base)
            if let stated = JSONValue.number(p.cost) {
                if !close(stated, expectedCost) {
                    flag(
                        "cost_mismatch",
                        "\(studentName(p.student)) at \(baseName(p.base)): report.json says cost \(formatNumber(stated)), recomputed \(formatNumber(expectedCost))"
                    )
                }
            } else {
                flag(
                    "cost_mismatch",
                    "\(studentName(p.student)) at \(baseName(p.base)): report.json gives no cost (recomputed \(formatNumber(expectedCost)))")
            }
        }
        checked(
            "rank and cost of each placement: rank from her preference list, cost = rank cost (\(scenario.policy.rankCost.label)) or unranked cost + travel cost rounded to cents"
        )
    }

    // MARK: (3) capacity

    /// Students placed per (base, term), counting every placed entry.
    func occupancy() -> [Int: [Int]] {
        var map: [Int: [Int]] = [:]
        for p in assignments { map[p.base * book.termIDs.count + p.term, default: []].append(p.student) }
        return map
    }

    mutating func checkCapacity() {
        let terms = book.termIDs.count
        for (key, students) in occupancy().sorted(by: { $0.key < $1.key }) {
            let b = key / terms, t = key % terms
            let seats = book.seats(base: b, term: t)
            if students.count > seats {
                flag(.capacityExceeded, "\(baseName(b)) takes \(students.count) interns in \(termName(t)) but has \(seats) seats")
            }
        }
        checked("capacity: no base takes more interns in a term than its seats")
    }
}

/// Equal within 1e-6, relative to the larger magnitude (absolute near zero).
func close(_ a: Double, _ b: Double) -> Bool {
    if a == b { return true }
    guard a.isFinite, b.isFinite else { return false }
    return abs(a - b) <= 1e-6 * Swift.max(1, abs(a), abs(b))
}
