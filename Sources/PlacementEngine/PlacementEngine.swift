import Foundation
import PlacementConcurrency
import PlacementDomain
import PlacementFormulation
import PlacementModel
import PlacementReports
import PlacementScenarioIO
import PlacementSolving

/// The one facade the CLI and tests use: load, solve, report.
public struct PlacementEngine: Sendable {
    public struct Options: Sendable {
        /// Overrides the policy's time limit (seconds). The limit counts from `runStarted`.
        public var timeLimit: Double?
        /// When the run began (before loading the scenario): the time limit counts from here, so
        /// the solver gets what loading and building the model left of it. Nil: from the call to
        /// `solve`.
        public var runStarted: ContinuousClock.Instant?
        /// Overrides the policy's work limit (GLPK simplex iterations; deterministic).
        public var workLimit: Int?
        /// Receives progress events from the solver.
        public var progress: (@Sendable (ProgressEvent) -> Void)?
        public var solver: SolverChoice
        /// An earlier report to re-allocate from: keep as many of its placements as possible first.
        public var earlier: EarlierReport?
        /// Keep the earlier report's placements only as a last tie-breaking objective (explanations).
        public var keepEarlierLast = false
        /// A known placement close to the optimum (student id → base id and term id): GLPK starts
        /// from it, repaired for the scenario (explain and advise re-solve near a known optimum).
        /// It makes the proof faster; the optimum proven is the same.
        public var start: [String: (base: String, term: String)]?
        /// An earlier solve's final LP bases (`solveKeepingBases`) of a scenario with the same
        /// model shape (advise's trials differ from their baseline by one seat): GLPK starts each
        /// stage's simplex from them. Like `start`, it makes the proof faster, not different.
        var bases: [StageBasis]?
        public init(
            timeLimit: Double? = nil, runStarted: ContinuousClock.Instant? = nil, workLimit: Int? = nil,
            solver: SolverChoice = .auto, earlier: EarlierReport? = nil, progress: (@Sendable (ProgressEvent) -> Void)? = nil
        ) {
            self.timeLimit = timeLimit
            self.runStarted = runStarted
            self.workLimit = workLimit
            self.solver = solver
            self.earlier = earlier
            self.progress = progress
        }
    }

    public init() {}

    public static let toolVersion = "0.1.0"

    /// Asks a running solve to stop (async-signal-safe; for SIGINT/SIGTERM handlers).
    public static func requestStop(signal: Int32) { GLPKMethod.requestStop(signal: signal) }
    /// The signal that asked for a stop, or nil.
    public static var stopSignal: Int32? { GLPKMethod.stopSignal }
    public static var glpkVersion: String { GLPKMethod.version }

    /// The most memory GLPK may allocate (per thread), in MB; nil (the default) for no limit.
    /// Process-wide. A GLPK solve that needs more fails with `EngineError.solver` (out of memory)
    /// instead of being killed by the system.
    public static var glpkMemoryLimitMegabytes: Int? {
        get { GLPKMethod.memoryLimitMegabytes }
        set { GLPKMethod.memoryLimitMegabytes = newValue }
    }

    public func readEarlierReport(path: String) throws(EngineError) -> EarlierReport {
        do { return try EarlierReport(path: path) } catch { throw .unreadableInput(path: path, reason: error.description) }
    }

    /// Loads a scenario, or a variant of one (a file with `variant_of:`).
    public func load(path: String, options: LoadOptions = LoadOptions()) throws(EngineError) -> Scenario {
        do {
            if VariantLoader.isVariant(path: path) { return try VariantLoader(options: options).load(path: path) }
            return try ScenarioLoader(options: options).load(path: path)
        } catch { throw .invalidScenario(error) }
    }

    /// Builds the model for a scenario (with the core rules and the policy's objectives).
    public func formulate(_ scenario: Scenario) -> Formulation {
        Formulation(scenario: scenario)
    }

    /// Solves a scenario to proven optimality (or the best within the time limit, counted from
    /// `options.runStarted`: each method gets what is left; once it has run out, the network
    /// algorithm still places students greedily, GLPK and deferred acceptance give no solution).
    public func solve(_ scenario: Scenario, options: Options = Options()) throws(EngineError) -> PlacementOutcome {
        try solveKeepingBases(scenario, options: options).outcome
    }

    /// `solve`, with the final LP basis of each stage (empty for solvers without bases), the
    /// start of a later re-solve of a nearly equal scenario (`Options.bases`).
    func solveKeepingBases(
        _ scenario: Scenario, options: Options = Options()
    ) throws(EngineError) -> (
        outcome: PlacementOutcome, bases: [StageBasis]
    ) {
        let budget = Budget(
            seconds: options.timeLimit ?? scenario.policy.timeLimitSeconds, from: options.runStarted ?? .now,
            workLimit: options.workLimit ?? scenario.policy.workLimitIterations)
        let buildStart = Date()
        // The bases' rankings of their applicants: needed first by deferred acceptance, otherwise
        // only afterwards for the blocking pairs, so then ranked on another core while the model is
        // built and solved.
        let stable = scenario.policy.stability == .required && Formulation.hasOnlyCoreRules(scenario)
        let candidates = scenario.schedule == nil ? CandidateSet(scenario: scenario) : nil
        let keys = candidates.map { candidates in InBackground(start: !stable) { BaseSideKeys(scenario: scenario, candidates: candidates) } }
        // A scheduled scenario starts with pooled mentor groups (see ScheduledRounds).
        let formulation = Formulation(
            scenario: scenario, keep: options.earlier?.placements, keepLast: options.keepEarlierLast,
            mentorDetail: scenario.schedule == nil ? .full : .pooled, candidates: candidates)
        let buildSeconds = Date().timeIntervalSince(buildStart)
        let method = try method(for: formulation, options: options, stableMatchingKeys: stable ? keys : nil)
        let solveStart = Date()
        let result: SolveResult
        do { result = try method.solve(formulation, budget: budget) } catch { throw .solver(error) }
        let solveSeconds = Date().timeIntervalSince(solveStart)
        let analyseStart = Date()
        let solution = result.solution, solved = result.formulation
        var outcome = OutcomeBuilder(formulation: solved, mentors: result.mentors).outcome(
            from: solution,
            timings: ["build": buildSeconds, "solve": solveSeconds])
        if let earlier = options.earlier {
            outcome.changes = ChangeExplainer(formulation: solved, earlier: earlier).changes(outcome)
        }
        if solution.status == .infeasible {
            outcome.conflicts = try diagnoseInfeasibility(solved, budget: budget)
        }
        // Blocking pairs are defined for seats per term; scheduled scenarios are not assessed.
        if solution.status.hasSolution, let keys {
            var assignment = [Int](repeating: -1, count: scenario.students.count)
            for k in solved.chosenCandidates(solution.values) { assignment[Int(solved.candidates.candidates[k].student)] = k }
            outcome.blockingPairs = DeferredAcceptance.blockingPairs(solved, keys: keys.value, assignment: assignment).map {
                let c = solved.candidates.candidates[$0]
                return .init(student: Int(c.student), base: Int(c.base), term: Int(c.term))
            }
        }
        outcome.timings["analyse"] = Date().timeIntervalSince(analyseStart)
        if let keys { outcome.timings["base_rankings"] = keys.seconds }
        if method is DeferredAcceptanceMethod { outcome.timings["matching"] = solveSeconds }
        return (outcome, solution.stageBases)
    }

    /// The method for a formulation: the scheduled rounds for a week-level schedule, deferred
    /// acceptance for a required stable matching without side rules, the network algorithm for a
    /// transportation problem, GLPK otherwise (or always, with `--solver glpk`).
    func method(for f: Formulation, options: Options, stableMatchingKeys keys: InBackground<BaseSideKeys>?) throws(EngineError) -> any SolveMethod {
        let scenario = f.scenario
        if scenario.schedule != nil {
            if options.solver == .network {
                throw .networkUnsuitable(f, reallocating: options.earlier != nil)
            }
            let keep = options.earlier?.placements, keepLast = options.keepEarlierLast
            return ScheduledRounds(
                reformulate: { detail in Formulation(scenario: scenario, keep: keep, keepLast: keepLast, mentorDetail: detail) },
                progress: options.progress)
        }
        if let keys { return DeferredAcceptanceMethod(keys: keys.value) }
        if options.solver != .glpk, options.earlier == nil, let network = NetworkMethod(for: f) { return network }
        if options.solver == .auto, options.earlier == nil, let sideFlow = SideFlowMethod(for: f) { return sideFlow }
        if options.solver == .network {
            throw .networkUnsuitable(f, reallocating: options.earlier != nil)
        }
        return GLPKMethod(start: options.start, bases: options.bases, progress: options.progress)
    }

    /// How many of the rules that gave way are each held in turn to name the rules they conflict with.
    static let conflictPartnersChecked = 5

    /// Solves the elastic version of an infeasible model and names the rules that had to give way.
    /// It gets the run's work limit as well, so that a diagnosis cut short is the same on every machine.
    func diagnoseInfeasibility(_ f: Formulation, budget: Budget) throws(EngineError) -> [PlacementOutcome.Conflict] {
        let elastic = ElasticModel(relaxing: f.model)
        let solution: Solution
        do { solution = try GLPKMethod().solve(model: elastic.model, budget: budget) } catch { throw .solver(error) }
        guard solution.status.hasSolution else { return [] }
        // Every rule in a conflict: for each rule that gave way (the first few), hold it and see
        // which rules give way instead.
        let rows = elastic.violatedRows(at: solution.values)
        var conflicts: [PlacementOutcome.Conflict] = []
        for (i, v) in elastic.violations(at: solution.values, of: f.model).enumerated() {
            var conflict = PlacementOutcome.Conflict(family: v.family, meaning: v.meaning, amount: v.amount)
            if i < Self.conflictPartnersChecked, i < rows.count,
                let held = try? GLPKMethod().solve(model: elastic.holding(rows: [rows[i]]), budget: budget), held.status.hasSolution
            {
                conflict.conflictsWith = elastic.violations(at: held.values, of: f.model)
                    .filter { $0.meaning != v.meaning }.map { "\($0.family): \($0.meaning)" }
            }
            conflicts.append(conflict)
        }
        return conflicts
    }

    /// Writes every report file for an outcome into `folder`, atomically.
    public func writeReports(
        _ scenario: Scenario, _ outcome: PlacementOutcome, to folder: String,
        settings: ReportSettings, force: Bool, redaction: Redaction? = nil
    ) throws(EngineError) -> [String] {
        let shown = redaction?.apply(to: scenario) ?? scenario
        let report = ReportSet(scenario: shown, outcome: outcome, settings: settings)
        var names: [String] = []
        do {
            // Each file goes to disk as soon as it is rendered, while the others are still rendered.
            try AtomicFolderWriter(destination: folder, force: force).write { add in names = report.files(ready: add).map(\.name) }
        } catch {
            throw .output(error)
        }
        return names
    }
}

/// Which algorithm solves a scenario.
public enum SolverChoice: String, Sendable, CaseIterable {
    /// The exact network algorithm when the model is a pure transportation problem, GLPK otherwise.
    case auto
    /// Always GLPK (simplex, and branch-and-bound when the LP optimum is fractional).
    case glpk
    /// The network algorithm; refused when the scenario's rules are not a transportation problem.
    case network
}
