import Foundation
import PlacementDomain
import PlacementFormulation
import PlacementModel
import PlacementReports
import PlacementScenarioIO
import PlacementSolving

/// A coordinator's hand edit of a report, checked: every rule it breaks, named with its amount,
/// and what it costs against the report it was made from (placed, rank cost, who is worse off).
public struct EditReview: Sendable {
    /// A rule the edited placements break.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// The rule family ("eligibility", "capacity", "minimum interns", "nationality share", …).
        public let rule: String
        public let text: String
        public var description: String { "\(rule): \(text)" }
    }

    /// One student whose placement the edit changes.
    public struct Change: Sendable, Hashable {
        public let student: String
        /// "BASE/TERM" or nil (unplaced).
        public let before: String?
        public let after: String?
        /// The base's rank in her preferences (nil: unranked or unplaced).
        public let rankBefore: Int?
        public let rankAfter: Int?
        /// Her placement got worse: unplaced now, or a base she ranked lower (or not at all).
        public var isWorseOff: Bool {
            guard before != nil else { return false }
            guard after != nil else { return true }
            return (rankAfter ?? Int.max) > (rankBefore ?? Int.max)
        }
    }

    public let problems: [Problem]
    public let changes: [Change]
    public let placedBefore: Int
    public let placedAfter: Int
    public let costBefore: Double
    public let costAfter: Double
    /// The edited placements, student id → (base, term), for locks and a new report.
    public let edited: [String: (base: String, term: String)]

    public var accepted: Bool { problems.isEmpty }
    public var worseOff: [Change] { changes.filter(\.isWorseOff) }
}

/// A student who could take a free seat, with what moving her there changes.
public struct VacancyCandidate: Sendable, Hashable {
    public let student: String
    /// Her placement before the move ("BASE/TERM"), or nil when she was unplaced.
    public let from: String?
    /// The seat's base's rank in her preferences (nil: unranked).
    public let rank: Int?
    public let placedChange: Int
    public let costChange: Double
}

extension PlacementEngine {
    /// Checks edited placements (a table of student, base, term) against every rule of the
    /// scenario, and compares them with the report they were edited from. Students the table
    /// does not list keep the report's placement. Week-level schedules are not supported.
    public func reviewEdit(_ scenario: Scenario, report: EarlierReport, edits: PlacementEdits) throws(EngineError) -> EditReview {
        guard scenario.schedule == nil else {
            throw .unreadableInput(
                path: report.path,
                reason: "checking hand edits of week-level schedules is not supported yet (edit the term placements of an unscheduled scenario)")
        }
        var problems: [EditReview.Problem] = []
        var assignment = Self.assignment(scenario, report.placements)
        var listed = Set<String>()
        for row in edits.rows {
            guard let s = scenario.studentIndexByID[row.student] else {
                problems.append(.init(rule: "unknown student", text: "\(row.location): no student \(row.student) in the scenario"))
                continue
            }
            guard listed.insert(row.student).inserted else {
                problems.append(.init(rule: "one placement per student", text: "\(row.location): \(row.student) is listed twice"))
                continue
            }
            guard let baseID = row.base else { assignment[s] = nil; continue }
            guard let b = scenario.baseIndexByID[baseID] else {
                problems.append(.init(rule: "unknown base", text: "\(row.location): no base \(baseID) in the scenario"))
                continue
            }
            guard let termID = row.term, let t = scenario.termIndexByID[termID] else {
                problems.append(.init(rule: "unknown term", text: "\(row.location): no term \(row.term ?? "(empty)") in the scenario"))
                continue
            }
            assignment[s] = (b, t)
        }
        problems += ruleProblems(scenario, assignment)
        let before = Self.assignment(scenario, report.placements)
        var changes: [EditReview.Change] = []
        var edited: [String: (base: String, term: String)] = [:]
        for (s, student) in scenario.students.enumerated() {
            if let p = assignment[s] { edited[student.id] = (scenario.bases[p.base].id, scenario.terms[p.term].id) }
            guard before[s].map({ [$0.base, $0.term] }) != assignment[s].map({ [$0.base, $0.term] }) else { continue }
            changes.append(
                .init(
                    student: student.id, before: before[s].map { label(scenario, $0) }, after: assignment[s].map { label(scenario, $0) },
                    rankBefore: before[s].flatMap { rank(student, scenario.bases[$0.base].id) },
                    rankAfter: assignment[s].flatMap { rank(student, scenario.bases[$0.base].id) }))
        }
        return EditReview(
            problems: problems, changes: changes, placedBefore: before.compactMap { $0 }.count,
            placedAfter: assignment.compactMap { $0 }.count, costBefore: cost(scenario, before), costAfter: cost(scenario, assignment),
            edited: edited)
    }

    /// The students who could take a free seat at `base` in `term` (after `withdrawn`, if given,
    /// leaves it), best first: each moved there from the report's placements (freeing her own
    /// seat), confirmed against every rule, with the change in placed students and cost.
    public func vacancyCandidates(
        _ scenario: Scenario, report: EarlierReport, base baseID: String, term termID: String,
        withdrawn: String? = nil, limit: Int = 10
    ) throws(EngineError) -> [VacancyCandidate] {
        guard scenario.schedule == nil else {
            throw .unreadableInput(path: report.path, reason: "vacancies in week-level schedules are not supported yet")
        }
        guard let b = scenario.baseIndexByID[baseID], let t = scenario.termIndexByID[termID] else {
            throw .unreadableInput(path: report.path, reason: "no base \(baseID) with a term \(termID) in the scenario")
        }
        var start = Self.assignment(scenario, report.placements)
        if let withdrawn {
            guard let w = scenario.studentIndexByID[withdrawn] else {
                throw .unreadableInput(path: report.path, reason: "no student \(withdrawn) in the scenario")
            }
            start[w] = nil
        }
        let taken = start.filter { $0?.base == b && $0?.term == t }.count, seats = scenario.bases[b].capacity(in: termID)
        guard taken < seats else {
            throw .unreadableInput(
                path: report.path,
                reason: "\(baseID)/\(termID) has no free seat in the report (\(taken) interns for \(seats) seats); name the student who withdraws")
        }
        let formulation = formulate(scenario)
        let baseline = (placed: start.compactMap { $0 }.count, cost: cost(scenario, start))
        var found: [VacancyCandidate] = []
        for k in formulation.candidatesByBaseTerm[.init(base: Int32(b), term: Int32(t))] ?? [] {
            let c = formulation.candidates.candidates[k]
            let s = Int(c.student)
            guard scenario.students[s].id != withdrawn, start[s].map({ $0.base != b || $0.term != t }) ?? true else { continue }
            var moved = start
            moved[s] = (b, t)
            guard ruleProblems(scenario, moved, formulation: formulation).isEmpty else { continue }
            found.append(
                .init(
                    student: scenario.students[s].id, from: start[s].map { label(scenario, $0) }, rank: c.rank == 0 ? nil : Int(c.rank),
                    placedChange: moved.compactMap { $0 }.count - baseline.placed, costChange: cost(scenario, moved) - baseline.cost))
        }
        found.sort { ($1.placedChange, $0.costChange, $0.student) < ($0.placedChange, $1.costChange, $1.student) }
        return Array(found.prefix(max(0, limit)))
    }

    /// Every rule an assignment breaks: eligibility and seats directly, the other rule families
    /// by fixing the placements in the model and, when that is infeasible, naming the rules the
    /// elastic model has to relax, with their amounts.
    func ruleProblems(_ scenario: Scenario, _ assignment: [(base: Int, term: Int)?], formulation given: Formulation? = nil) -> [EditReview.Problem] {
        let f = given ?? formulate(scenario)
        let rules = EligibilityRules(scenario: scenario)
        var problems: [EditReview.Problem] = []
        var values = [Double](repeating: 0, count: f.candidates.count)
        var interns: [Formulation.BaseTerm: [String]] = [:]
        for (s, placement) in assignment.enumerated() {
            guard let p = placement else { continue }
            let student = scenario.students[s], base = scenario.bases[p.base], term = scenario.terms[p.term]
            interns[.init(base: Int32(p.base), term: Int32(p.term)), default: []].append(student.id)
            guard
                let k = f.candidates.studentRanges[s].first(where: {
                    f.candidates.candidates[$0].base == Int32(p.base) && f.candidates.candidates[$0].term == Int32(p.term)
                })
            else {
                var why = rules.exclusions(student: student, base: base).map(\.description)
                if why.isEmpty && !rules.eligibleTerms(student: student, base: base).contains(term.id) {
                    why.append("not available in \(term.id), or no seats there that term")
                }
                if why.isEmpty { why.append("not among their candidates (ranked bases only, see the policy)") }
                problems.append(.init(rule: "eligibility", text: "\(student.id) at \(base.id) in \(term.id): \(why.joined(separator: "; "))"))
                continue
            }
            values[k] = 1
        }
        for key in interns.keys.sorted() {
            let base = scenario.bases[Int(key.base)], term = scenario.terms[Int(key.term)]
            let seats = base.capacity(in: term.id), names = interns[key]!
            if names.count > seats {
                problems.append(
                    .init(
                        rule: RuleFamilyID.capacity.title,
                        text: "\(base.id) in \(term.id) has \(names.count) interns for \(seats) seats (\(names.sorted().joined(separator: ", ")))"))
            }
        }
        guard problems.isEmpty else { return problems }
        // The other rules: with every placement column fixed, the model's remaining columns (a
        // base used or not, helper variables) must be able to satisfy every row.
        var fixed = f.model
        for k in 0..<f.candidates.count { fixed.setBounds(of: k, lower: values[k], upper: values[k]) }
        fixed.objectives = []
        let elastic = ElasticModel(relaxing: fixed)
        let relaxed: Solution
        do {
            guard try !GLPKMethod().solve(model: fixed, budget: .unlimited).status.hasSolution else { return [] }
            relaxed = try GLPKMethod().solve(model: elastic.model, budget: .unlimited)
        } catch {
            return [.init(rule: "rules", text: "the other rules could not be checked: \(error)")]
        }
        guard relaxed.status.hasSolution else {
            return [.init(rule: "rules", text: "the edited placements break a rule that cannot be named (the model has no solution with them)")]
        }
        return elastic.violations(at: relaxed.values, of: fixed).map {
            .init(rule: $0.family, text: "\($0.meaning) — broken by \(formatNumber($0.amount))")
        }
    }

    /// Student index → (base, term) index of placements given by ids.
    static func assignment(_ scenario: Scenario, _ placements: [String: (base: String, term: String)]) -> [(base: Int, term: Int)?] {
        scenario.students.map { student in
            guard let p = placements[student.id], let b = scenario.baseIndexByID[p.base], let t = scenario.termIndexByID[p.term] else { return nil }
            return (b, t)
        }
    }

    private func label(_ scenario: Scenario, _ p: (base: Int, term: Int)) -> String { "\(scenario.bases[p.base].id)/\(scenario.terms[p.term].id)" }

    private func rank(_ student: Student, _ base: String) -> Int? { student.preferences.firstIndex(of: base).map { $0 + 1 } }

    /// The policy's cost of an assignment (rank cost, travel), as the objective counts it.
    private func cost(_ scenario: Scenario, _ assignment: [(base: Int, term: Int)?]) -> Double {
        let rules = EligibilityRules(scenario: scenario)
        var total = 0.0
        for (s, placement) in assignment.enumerated() {
            guard let p = placement else { continue }
            let student = scenario.students[s], base = scenario.bases[p.base]
            total += rules.cost(student: student, base: base, rank: rank(student, base.id))
        }
        return total
    }
}

extension PlacementEngine {
    /// Reads a table of edited placements (CSV or workbook sheet: student, base, term).
    public func readEdits(path: String, sheet: String? = nil, options: LoadOptions = LoadOptions()) throws(EngineError) -> PlacementEdits {
        do { return try PlacementEdits(path: path, sheet: sheet, options: options) } catch { throw .invalidScenario(error) }
    }

    /// The scenario with every placement of a table locked (`solve --locks`): a coordinator's
    /// accepted edit, kept while the rest is solved again (with `--from`, as close to the earlier
    /// report as the rules allow). Rows without a base lock nothing.
    public func addingLocks(to scenario: Scenario, from edits: PlacementEdits) throws(EngineError) -> Scenario {
        var rules = scenario.rules
        var problems: [Diagnostic] = []
        for row in edits.rows {
            guard let base = row.base else { continue }
            let known =
                scenario.studentIndexByID[row.student] != nil && scenario.baseIndexByID[base] != nil
                && (row.term.map { scenario.termIndexByID[$0] != nil } ?? true)
            guard known else {
                problems.append(
                    Diagnostic(
                        file: edits.input.path, line: nil, field: "student, base, term",
                        value: "\(row.student), \(base), \(row.term ?? "")", expected: "\(row.location): a student, base and term of the scenario"))
                continue
            }
            rules.locks.removeAll { $0.student == row.student }
            rules.locks.append(.init(student: row.student, base: base, term: row.term, origin: SourceLocation(file: edits.input.path, line: nil)))
        }
        guard problems.isEmpty else { throw .invalidScenario(ScenarioError(problems)) }
        return scenario.replacing(rules: rules)
    }

    /// The changed placements of a review as a locks table (student, base, term), for
    /// `solve SCENARIO --from REPORT --locks FILE`. Written whole or not at all.
    public func writeLocks(_ review: EditReview, to path: String) throws(EngineError) {
        var csv = CSVWriter(header: ["student", "base", "term"])
        for change in review.changes {
            guard let placement = review.edited[change.student] else { continue }
            csv.row([.text(change.student), .text(placement.base), .text(placement.term)])
        }
        do { try Data(csv.bytes).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw .unreadableInput(path: path, reason: "cannot write the locks table (\(error.localizedDescription))")
        }
    }
}
