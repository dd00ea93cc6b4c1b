import Foundation
import PlacementConcurrency
import PlacementDomain
import PlacementFormulation
import PlacementGLPK
import PlacementModel
import PlacementReports
import PlacementScenarioIO

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
        public init(timeLimit: Double? = nil, runStarted: ContinuousClock.Instant? = nil, workLimit: Int? = nil,
                    solver: SolverChoice = .auto, earlier: EarlierReport? = nil, progress: (@Sendable (ProgressEvent) -> Void)? = nil) {
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
    public static func requestStop(signal: Int32) { GLPKSolver.requestStop(signal: signal) }
    /// The signal that asked for a stop, or nil.
    public static var stopSignal: Int32? { GLPKSolver.stopSignal }
    public static var glpkVersion: String { GLPKSolver.version }

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
    /// `options.runStarted`: each solver gets what is left; once it has run out, the network
    /// algorithm still places students greedily, GLPK and deferred acceptance give no solution).
    public func solve(_ scenario: Scenario, options: Options = Options()) throws(EngineError) -> PlacementOutcome {
        let deadline = Deadline(seconds: options.timeLimit ?? scenario.policy.timeLimitSeconds, from: options.runStarted ?? .now)
        let buildStart = Date()
        // The bases' rankings of their applicants: needed first by deferred acceptance, otherwise
        // only afterwards for the blocking pairs, so then ranked on another core while the model is
        // built and solved.
        let stable = scenario.policy.stability == .required && Formulation.hasOnlyCoreRules(scenario)
        let candidates = scenario.schedule == nil ? CandidateSet(scenario: scenario) : nil
        let keys = candidates.map { candidates in InBackground(start: !stable) { BaseSideKeys(scenario: scenario, candidates: candidates) } }
        // A scheduled scenario starts with pooled mentor groups (see solveScheduled).
        var formulation = Formulation(scenario: scenario, keep: options.earlier?.placements, keepLast: options.keepEarlierLast,
                                      mentorDetail: scenario.schedule == nil ? .full : .pooled, candidates: candidates)
        let buildSeconds = Date().timeIntervalSince(buildStart)
        let solveStart = Date()
        let solution: Solution
        var mentors: MentorChoice? = nil
        var matchingSeconds: Double? = nil
        if scenario.schedule != nil {
            if options.solver == .network {
                throw .solver(.invalidModel("a scheduled scenario is not a transportation problem; use --solver auto or glpk"))
            }
            var scheduled = options
            scheduled.timeLimit = deadline.remaining
            (formulation, solution, mentors) = try solveScheduled(formulation, options: scheduled)
        } else if let keys, stable {
            let matchingStart = Date()
            solution = try stableSolution(formulation, keys: keys.value, timeLimit: deadline.remaining)
            matchingSeconds = Date().timeIntervalSince(matchingStart)
        } else if options.solver != .glpk, options.earlier == nil, let objective = NetworkPath(formulation: formulation).objective {
            solution = NetworkPath(formulation: formulation).solve(objective, timeLimit: deadline.remaining)
        } else {
            if options.solver == .network {
                throw .solver(.invalidModel("the scenario's rules or objectives are not a transportation problem; use --solver auto or glpk"))
            }
            solution = try glpkSolution(formulation.model, deadline: deadline,
                                        workLimit: options.workLimit ?? scenario.policy.workLimitIterations, progress: options.progress)
        }
        let solveSeconds = Date().timeIntervalSince(solveStart)
        let analyseStart = Date()
        var outcome = OutcomeBuilder(formulation: formulation, mentors: mentors).outcome(from: solution,
                                                                       timings: ["build": buildSeconds, "solve": solveSeconds])
        if let earlier = options.earlier {
            outcome.changes = ChangeExplainer(formulation: formulation, earlier: earlier).changes(outcome)
        }
        if solution.status == .infeasible {
            outcome.conflicts = try diagnoseInfeasibility(formulation, timeLimit: deadline.remaining,
                                                          workLimit: options.workLimit ?? scenario.policy.workLimitIterations)
        }
        // Blocking pairs are defined for seats per term; scheduled scenarios are not assessed.
        if solution.status.hasSolution, let keys {
            var assignment = [Int](repeating: -1, count: scenario.students.count)
            for k in formulation.chosenCandidates(solution.values) { assignment[Int(formulation.candidates.candidates[k].student)] = k }
            outcome.blockingPairs = DeferredAcceptance.blockingPairs(formulation, keys: keys.value, assignment: assignment).map {
                let c = formulation.candidates.candidates[$0]
                return .init(student: Int(c.student), base: Int(c.base), term: Int(c.term))
            }
        }
        outcome.timings["analyse"] = Date().timeIntervalSince(analyseStart)
        if let keys { outcome.timings["base_rankings"] = keys.seconds }
        if let matchingSeconds { outcome.timings["matching"] = matchingSeconds }
        return outcome
    }

    /// GLPK within what is left of the time limit; when nothing is left, GLPK is not started at
    /// all (loading a large model into it takes a while): no solution within the time limit.
    func glpkSolution(_ model: LinearModel, deadline: Deadline, workLimit: Int?,
                      progress: (@Sendable (ProgressEvent) -> Void)?) throws(EngineError) -> Solution {
        if deadline.remaining == 0 { return Solution(status: .noSolution, values: [], stages: [], solverName: "GLPK \(GLPKSolver.version)") }
        do {
            return try GLPKSolver().solve(model, options: SolveOptions(timeLimit: deadline.remaining, iterationLimit: workLimit,
                                                                       mipGap: 0, progress: progress))
        } catch let error as GLPKError {
            throw .solver(error)
        } catch {
            throw .solver(.invalidModel("\(error)"))
        }
    }

    /// Solves the elastic version of an infeasible model and names the rules that had to give way.
    /// It gets the run's work limit as well, so that a diagnosis cut short is the same on every machine.
    func diagnoseInfeasibility(_ f: Formulation, timeLimit: Double?, workLimit: Int? = nil) throws(EngineError) -> [PlacementOutcome.Conflict] {
        let elastic = ElasticModel(relaxing: f.model)
        do {
            let solution = try GLPKSolver().solve(elastic.model, options: SolveOptions(timeLimit: timeLimit, iterationLimit: workLimit))
            guard solution.status.hasSolution else { return [] }
            return elastic.violations(at: solution.values, of: f.model).map { .init(family: $0.family, meaning: $0.meaning, amount: $0.amount) }
        } catch let error as GLPKError {
            throw .solver(error)
        } catch {
            throw .solver(.invalidModel("\(error)"))
        }
    }

    /// The student-optimal stable matching, with the policy's objectives evaluated on it. When an
    /// objective uses helper variables (worst rank, lowest rate), GLPK sets them with every
    /// placement variable fixed at the matching, so each stage's value is the matching's true value.
    func stableSolution(_ f: Formulation, keys: BaseSideKeys, timeLimit: Double? = nil) throws(EngineError) -> Solution {
        // A matching cut short by the time limit or a stop request is not stable: no solution then.
        guard let assignment = DeferredAcceptance.match(f, keys: keys, deadline: timeLimit.map { ContinuousClock.now.advanced(by: .seconds($0)) },
                                                        shouldStop: { GLPKSolver.stopSignal != nil }) else {
            return Solution(status: .noSolution, values: [], stages: [], solverName: "placement deferred acceptance")
        }
        var values = [Double](repeating: 0, count: f.model.variableCount)
        for k in assignment where k >= 0 { values[k] = 1 }
        let evidence = "evaluated on the student-optimal stable matching (deferred acceptance), which stability: required fixes"
        if f.model.variableCount > f.candidates.count {
            var fixed = f.model
            for k in 0..<f.candidates.count { fixed.setBounds(of: k, lower: values[k], upper: values[k]) }
            do {
                let solved = try GLPKSolver().solve(fixed)
                guard solved.status.hasSolution else { throw GLPKError.invalidModel("the stable matching does not satisfy the model") }
                values = solved.values
            } catch let error as GLPKError {
                throw .solver(error)
            } catch {
                throw .solver(.invalidModel("\(error)"))
            }
        }
        let stages = f.model.objectives.map { o -> StageResult in
            let v = f.model.value(of: o, at: values)
            return StageResult(name: o.name, value: v, bound: v, status: .optimal, evidence: evidence, seconds: 0)
        }
        return Solution(status: .optimal, values: values, stages: stages, solverName: "placement deferred acceptance")
    }

    /// Writes every report file for an outcome into `folder`, atomically.
    public func writeReports(_ scenario: Scenario, _ outcome: PlacementOutcome, to folder: String,
                             settings: ReportSettings, force: Bool, redaction: Redaction? = nil) throws(EngineError) -> [String] {
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
