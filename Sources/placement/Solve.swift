import ArgumentParser
import Foundation
import PlacementEngine
import Synchronization

struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Solve a scenario and write its report folder (summary.md, placements.csv, rosters.csv, report.json, manifest.json).")

    @Argument(help: "The scenario file (YAML or JSON).") var scenario: String
    @Option(help: "Report folder (default: Reports/<scenario name>).") var out: String?
    @Option(help: "Time limit in seconds for the whole run from its start, loading included (overrides the policy); the solver gets what is left.")
    var timeLimit: Double?
    @Option(
        help:
            "Work limit in GLPK simplex iterations (overrides the policy): unlike the time limit, a run stopped by it gives the same report on any machine."
    )
    var workLimit: Int?
    @Flag(help: "Replace an existing report folder (the old one is kept until the new one is complete).") var force = false
    @Flag(help: "Write wall-clock timings into the report (reports then differ between runs).") var timings = false
    @Flag(help: "No progress display on standard error.") var quiet = false
    @Option(help: "auto (network algorithm for pure transportation models, GLPK otherwise), glpk, or network.")
    var solver: SolverChoice = .auto
    @Option(
        help:
            "Re-allocate from an earlier report (folder or report.json): keep as many of its placements as possible, then the policy's objectives; the report lists what changed and why."
    )
    var from: String?
    @Option(
        help: "Lock the placements of this table (.csv or .xlsx: student, base, term), e.g. the locks check-edit wrote for an accepted hand edit.")
    var locks: String?
    @Flag(
        help:
            "On SIGINT/SIGTERM during branch-and-bound or the network algorithm, still write the best solution found so far (marked as not proven optimal)."
    )
    var writePartial = false
    @Option(help: "Write names as stable pseudonyms keyed by the secret in this file (reports for auditors outside the university).")
    var redactKeyFile: String?
    @Option(
        help: "Most memory GLPK may use, in MB (default: no limit); beyond it the solve ends with exit 5 and a clear message instead of being killed."
    )
    var glpkMemoryLimitMb: Int?
    @OptionGroup var limits: LimitOptions

    func validate() throws {
        try checkLimits(timeLimit: timeLimit, workLimit: workLimit)
        if let mb = glpkMemoryLimitMb, !(1...Int(Int32.max)).contains(mb) {
            throw ValidationError("--glpk-memory-limit-mb must be a whole number of MB from 1")
        }
    }

    func run() throws {
        let started = Date(), runStarted = ContinuousClock.now  // the time limit counts from here
        installStopHandlers()
        PlacementEngine.glpkMemoryLimitMegabytes = glpkMemoryLimitMb
        try runReportingErrors {
            do {
                let engine = PlacementEngine()
                var loaded = try engine.load(path: scenario, options: limits.loadOptions)
                let lockTable = try locks.map { path throws(EngineError) in try engine.readEdits(path: path, options: limits.loadOptions) }
                if let lockTable { loaded = try engine.addingLocks(to: loaded, from: lockTable) }
                let loadSeconds = Date().timeIntervalSince(started)
                let options = try engineOptions(engine, runStarted: runStarted, started: started)
                var outcome = try engine.solve(loaded, options: options)
                outcome.timings["load"] = loadSeconds
                try SolveEnd.check(outcome, scenario: scenario, writePartial: writePartial)
                let redaction = try redactKeyFile.map { path throws(EngineError) in try engine.redaction(keyFile: path) }
                let folder = out ?? "Reports/\(loaded.name)"
                var settings = reportSettings(earlierSHA256: options.earlier?.sha256, redacted: redaction != nil)
                if let lockTable { settings.options["locks_sha256"] = lockTable.input.sha256 }
                let written = try engine.writeReports(loaded, outcome, to: folder, settings: settings, force: force, redaction: redaction)
                printSummary(loaded, outcome, report: "\(folder)/ (\(written.joined(separator: ", ")))", started: started)
                if let signal = PlacementEngine.stopSignal { throw SolveEnd.interruptedAfterWriting(signal: signal) }
                // Done: exit here rather than free the scenario and the outcome object by object,
                // which takes a tenth of a second at 100,000 students.
                withExtendedLifetime((loaded, outcome)) { Foundation.exit(0) }  // exit(3) flushes standard output
            } catch is EngineError where PlacementEngine.stopSignal != nil {
                throw SolveEnd.interrupted(scenario: scenario, signal: PlacementEngine.stopSignal!)
            }
        }
    }

    /// The engine's options from the command line's (reading the `--from` report).
    private func engineOptions(
        _ engine: PlacementEngine, runStarted: ContinuousClock.Instant, started: Date
    ) throws(EngineError) -> PlacementEngine.Options {
        let earlier = try from.map { path throws(EngineError) in try engine.readEarlierReport(path: path) }
        return .init(
            timeLimit: timeLimit, runStarted: runStarted, workLimit: workLimit, solver: solver, earlier: earlier,
            progress: quiet ? nil : ProgressDisplay(started: started).handler)
    }

    /// What the report records of the run: only the options given.
    private func reportSettings(earlierSHA256: String?, redacted: Bool) -> ReportSettings {
        var options: [String: String] = [:]
        if let timeLimit { options["time_limit_seconds"] = String(timeLimit) }
        if let workLimit { options["work_limit_iterations"] = String(workLimit) }
        if solver != .auto { options["solver"] = solver.rawValue }
        if let earlierSHA256 { options["from_report_sha256"] = earlierSHA256 }
        if redacted { options["redacted"] = "names" }
        return ReportSettings(
            toolVersion: PlacementEngine.toolVersion, glpkVersion: PlacementEngine.glpkVersion,
            options: options, includeTimings: timings)
    }

    /// The summary on standard output once the report is written.
    private func printSummary(_ loaded: Scenario, _ outcome: PlacementOutcome, report: String, started: Date) {
        print("\(loaded.name): \(outcome.solver.statusText); placed \(outcome.placedCount) of \(loaded.students.count) students")
        if !outcome.changes.isEmpty {
            let counts = Dictionary(grouping: outcome.changes, by: \.kind.rawValue).mapValues(\.count)
            print("  changes: " + counts.keys.sorted().map { "\($0) \(counts[$0]!)" }.joined(separator: ", "))
        }
        for stage in outcome.solver.stages { print("  \(stage.sense) \(stage.name) = \(formatNumber(stage.value)) (\(stage.status))") }
        print("  report: \(report)")
        print("  time: \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
    }
}

/// How a solve ends other than with a report: stopped by a signal, or without a placement.
enum SolveEnd: ReportedError {
    /// SIGINT or SIGTERM before the report was written: nothing written.
    case interrupted(scenario: String, signal: Int32)
    /// SIGINT or SIGTERM with `--write-partial`: the report holds the best solution so far.
    case interruptedAfterWriting(signal: Int32)
    /// Infeasible, or nothing found within the limits; the rules the closest solution breaks.
    case noSolution(scenario: String, status: String, conflicts: [String])

    /// Throws unless the outcome is to be written: no stop request (or `--write-partial` with a
    /// feasible solution), and a placement.
    static func check(_ outcome: PlacementOutcome, scenario: String, writePartial: Bool) throws(SolveEnd) {
        if let signal = PlacementEngine.stopSignal, !(writePartial && outcome.solver.status == .feasible) {
            throw .interrupted(scenario: scenario, signal: signal)
        }
        guard outcome.solver.status.hasPlacement else {
            throw .noSolution(scenario: scenario, status: outcome.solver.statusText, conflicts: outcome.conflicts.map(\.description))
        }
    }

    var description: String {
        switch self {
        case let .interrupted(scenario, signal):
            return "\(scenario): interrupted by signal \(signal); nothing written"
        case let .interruptedAfterWriting(signal):
            return "interrupted by signal \(signal): the report holds the best solution found so far (not proven optimal)"
        case let .noSolution(scenario, status, conflicts):
            let lines =
                ["\(scenario): \(status); no report written"]
                + (conflicts.isEmpty ? [] : ["The rules cannot all hold. The closest solution breaks these rules:"] + conflicts.map { "  - \($0)" })
            return lines.joined(separator: "\n")
        }
    }

    var exitCode: ExitCode {
        switch self {
        case let .interrupted(_, signal), let .interruptedAfterWriting(signal): return Exit.interrupted(signal: signal)
        case .noSolution: return Exit.noSolution
        }
    }
}

/// Progress on standard error, only for solves that take longer than about 1.5 seconds.
final class ProgressDisplay: Sendable {
    let started: Date
    /// When the last line was printed (held while printing, so lines do not interleave).
    private let lastPrinted = Mutex(Date.distantPast)

    init(started: Date) { self.started = started }

    var handler: @Sendable (ProgressEvent) -> Void {
        { [self] event in self.show(event) }
    }

    func show(_ event: ProgressEvent) {
        let now = Date()
        lastPrinted.withLock { lastPrinted in
            guard now.timeIntervalSince(started) > 1.5, now.timeIntervalSince(lastPrinted) >= 1 else { return }
            lastPrinted = now
            var line = String(format: "[%6.1f s] %@", now.timeIntervalSince(started), event.stage)
            if let incumbent = event.incumbent { line += "  incumbent \(formatNumber(incumbent))" }
            if let bound = event.bound, bound.isFinite { line += "  bound \(formatNumber(bound))" }
            if let gap = event.gap, gap.isFinite { line += String(format: "  gap %.3f%%", gap * 100) }
            printError(line)
        }
    }
}

extension SolverChoice: ExpressibleByArgument {}

/// SIGINT and SIGTERM ask the solve to stop; a second one ends the process at once.
func installStopHandlers() {
    for sig in [SIGINT, SIGTERM] {
        signal(sig) { received in
            PlacementEngine.requestStop(signal: received)
            signal(received, SIG_DFL)
        }
    }
}
