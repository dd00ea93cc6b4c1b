import Foundation
import PlacementConcurrency
import PlacementDomain
import PlacementReports
import PlacementSolving

/// "Why did she get this?" for one student of a report.
public struct StudentExplanation: Sendable {
    public struct Alternative: Sendable {
        public let base: String
        public let rank: Int
        /// Rules that exclude the base for her (empty when it was allowed but full).
        public let exclusions: [String]
        /// For an allowed base: what forcing her there would do (nil when excluded).
        public let forced: Forced?
        /// For an allowed base with free seats: the side rules that kept her out, with amounts.
        public var binding: [String] = []
    }

    public struct Forced: Sendable {
        /// False when no solution places her there (other rules forbid it).
        public let feasible: Bool
        /// Objective name → (value in the report, value with her forced there).
        public let objectives: [(name: String, before: Double, after: Double)]
        /// Other students whose placement would change: (id, before, after) as BASE/TERM or "unplaced".
        public let moved: [(student: String, before: String, after: String)]
        /// Where she would go (BASE/TERM).
        public let placement: String?
        /// When the search for the fewest moves stopped at its work cap: how many more of the
        /// report's placements might still be kept (its bound minus the placements kept).
        public var movesNotProvenFewest: Int? = nil
    }

    public let student: String
    public let name: String
    /// BASE/TERM (rank r), or "unplaced: reason".
    public let outcome: String
    /// Every base she ranked better than her placement (all ranked bases when unplaced).
    public let alternatives: [Alternative]

    public var text: String {
        var lines = ["\(student) (\(name)): \(outcome)"]
        if alternatives.isEmpty { lines.append("  they got their first choice; nothing better was possible.") }
        for a in alternatives {
            if !a.exclusions.isEmpty {
                lines.append("  choice \(a.rank) \(a.base): not allowed for them — \(a.exclusions.joined(separator: "; "))")
            } else if let f = a.forced {
                guard f.feasible else {
                    lines.append("  choice \(a.rank) \(a.base): allowed, but no solution can place them there without breaking another rule")
                    continue
                }
                let deltas = f.objectives.map { "\($0.name) \(formatNumber($0.before)) → \(formatNumber($0.after))" }.joined(separator: ", ")
                let why = a.binding.isEmpty ? "allowed but full" : "allowed, but " + a.binding.joined(separator: "; ")
                lines.append("  choice \(a.rank) \(a.base): \(why); placing them there (\(f.placement ?? "?")) would change \(deltas)")
                if f.moved.isEmpty {
                    lines.append("    and move nobody else")
                } else {
                    for m in f.moved { lines.append("    \(m.student): \(m.before) → \(m.after)") }
                }
                if let more = f.movesNotProvenFewest {
                    lines.append("    (the fewest moves found within the search limit; up to \(more) of them might be avoidable)")
                }
            }
        }
        return lines.joined(separator: "\n")
    }
}

extension PlacementEngine {
    /// Explains one student's outcome in a report: the rules that exclude each base she ranked
    /// better, and, for each allowed one, the true cost of forcing her there (a re-solve with that
    /// placement locked, the report's placements kept where possible as the last objective).
    /// Each re-solve starts from the report's placement, repaired for the lock (a known
    /// incumbent from the first node). `progress` gets a line per re-solve and per stage.
    public func explain(
        _ scenario: Scenario, reportPath: String, studentID: String, timeLimit: Double? = nil,
        progress: (@Sendable (String) -> Void)? = nil
    ) throws(EngineError) -> StudentExplanation {
        let report = try readEarlierReport(path: reportPath)
        guard let si = scenario.studentIndexByID[studentID] else {
            throw .unreadableInput(path: reportPath, reason: "no student \(studentID) in the scenario")
        }
        let student = scenario.students[si]
        let current = report.placements[studentID]
        let currentRank = current.flatMap { p in student.preferences.firstIndex(of: p.base).map { $0 + 1 } }
        let outcome = current.map { "\($0.base)/\($0.term)" + (currentRank.map { " (choice \($0))" } ?? " (unranked)") } ?? "unplaced"
        let better = current == nil ? student.preferences : Array(student.preferences.prefix((currentRank ?? student.preferences.count + 1) - 1))
        let rules = EligibilityRules(scenario: scenario)
        // Bases she ranked better: the rules that exclude each, and for the allowed ones the
        // re-solve with her locked there, on every core (results in rank order).
        let ranked = better.enumerated().compactMap { i, baseID in scenario.baseIndexByID[baseID].map { (rank: i + 1, id: baseID, index: $0) } }
        let exclusions = ranked.map { base in
            rules.exclusions(student: student, base: scenario.bases[base.index]).map(\.description)
                + scenario.rules.bans.filter { $0.student == studentID && $0.base == base.id }.map { _ in "banned pair" }
        }
        let allowed = ranked.indices.filter { exclusions[$0].isEmpty }
        let forcedOutcomes = parallelMap(count: allowed.count) { n in
            defer { GLPKMethod.releaseThreadResources() }
            let base = ranked[allowed[n]]
            return Result<PlacementOutcome, EngineError> { () throws(EngineError) in
                try forcedSolve(
                    scenario, report: report, studentID: studentID, base: base.id, timeLimit: timeLimit,
                    progress: progress.map { report -> @Sendable (String) -> Void in { line in report("choice \(base.rank) \(base.id): " + line) } })
            }
        }
        var forcedByBase: [Int: PlacementOutcome] = [:]
        for (n, result) in zip(allowed, forcedOutcomes) { forcedByBase[n] = try result.get() }
        var alternatives: [StudentExplanation.Alternative] = []
        for (n, base) in ranked.enumerated() {
            guard let forced = forcedByBase[n] else {
                alternatives.append(.init(base: base.id, rank: base.rank, exclusions: exclusions[n], forced: nil))
                continue
            }
            guard forced.solver.status.hasPlacement else {
                alternatives.append(
                    .init(base: base.id, rank: base.rank, exclusions: [], forced: .init(feasible: false, objectives: [], moved: [], placement: nil)))
                continue
            }
            let objectives = forced.solver.stages.filter { $0.name != "kept" }.map { ($0.name, report.objectives[$0.name] ?? .nan, $0.value) }
            var moved: [(String, String, String)] = []
            for (j, other) in scenario.students.enumerated() where j != si {
                let before = report.placements[other.id].map { "\($0.base)/\($0.term)" } ?? "unplaced"
                let after = forced.placements[j].map { "\(scenario.bases[$0.base].id)/\(scenario.terms[$0.term].id)" } ?? "unplaced"
                if before != after { moved.append((other.id, before, after)) }
            }
            let placement = forced.placements[si].map { "\(scenario.bases[$0.base].id)/\(scenario.terms[$0.term].id)" }
            var result = StudentExplanation.Forced(feasible: true, objectives: objectives, moved: moved, placement: placement)
            if let kept = forced.solver.stages.last, kept.name == "kept", kept.status != .optimal, kept.bound.isFinite {
                result.movesNotProvenFewest = max(0, Int((kept.bound - kept.value).rounded(.down)))
            }
            var alternative = StudentExplanation.Alternative(base: base.id, rank: base.rank, exclusions: [], forced: result)
            alternative.binding = Self.bindingRules(scenario, report: report, student: student, base: base.index)
            alternatives.append(alternative)
        }
        return StudentExplanation(student: studentID, name: student.name, outcome: outcome, alternatives: alternatives)
    }

    /// The re-solve with a student locked to a base (any term), the report's placements kept
    /// where possible as the last objective, started from the report's placement.
    func forcedSolve(
        _ scenario: Scenario, report: EarlierReport, studentID: String, base: String, timeLimit: Double?,
        progress: (@Sendable (String) -> Void)?
    ) throws(EngineError) -> PlacementOutcome {
        var rulesWithLock = scenario.rules
        rulesWithLock.locks.removeAll { $0.student == studentID }
        rulesWithLock.locks.append(.init(student: studentID, base: base, term: nil, origin: SourceLocation(file: "explain", line: nil)))
        var options = Options(timeLimit: timeLimit, solver: .glpk, earlier: report, progress: progress.map(Self.stageLines))
        options.keepEarlierLast = true
        options.start = report.placements
        progress?("re-solving with \(studentID) locked there, from the report's placement")
        let started = Date()
        let forced = try solve(scenario.replacing(rules: rulesWithLock), options: options)
        progress?("\(forced.solver.status) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        return forced
    }

    /// Progress events reduced to one line per stage started (GLPK's own log is left out).
    static func stageLines(_ progress: @escaping @Sendable (String) -> Void) -> @Sendable (ProgressEvent) -> Void {
        { event in
            if event.message == "started" { progress("  \(event.stage) (at \(String(format: "%.1f", event.elapsed)) s)") }
        }
    }

    /// The side rules that kept a student out of a base in the terms it had free seats in the
    /// report (empty when it was full in every term she could take, or no such rule binds).
    static func bindingRules(_ scenario: Scenario, report: EarlierReport, student: Student, base b: Int) -> [String] {
        let base = scenario.bases[b]
        var reasons: [String] = []
        for term in scenario.terms where student.isAvailable(in: term.id) && base.capacity(in: term.id) > 0 {
            var nationalities: [String: Int] = [:], universities: [String: Int] = [:], placed = 0
            for (id, p) in report.placements where p.base == base.id && p.term == term.id {
                guard let s = scenario.studentIndexByID[id] else { continue }
                nationalities[scenario.students[s].nationality, default: 0] += 1
                universities[scenario.students[s].university, default: 0] += 1
                placed += 1
            }
            guard placed < base.capacity(in: term.id) else { continue }
            guard
                let reason = SideRuleBinding(nationalities: nationalities, universities: universities, placed: placed)
                    .reason(student: student, base: base, term: term.id, rules: scenario.rules)
            else { return [] }
            reasons.append(reason)
        }
        return reasons
    }
}
