import ArgumentParser
import Foundation
import PlacementEngine

struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Solve a scenario and write its report folder (summary.md, placements.csv, rosters.csv, report.json, manifest.json).")

    @Argument(help: "The scenario file (YAML or JSON).") var scenario: String
    @Option(help: "Report folder (default: Reports/<scenario name>).") var out: String?
    @Option(help: "Time limit in seconds for the whole run from its start, loading included (overrides the policy); the solver gets what is left.")
    var timeLimit: Double?
    @Option(help: "Work limit in GLPK simplex iterations (overrides the policy): unlike the time limit, a run stopped by it gives the same report on any machine.")
    var workLimit: Int?
    @Flag(help: "Replace an existing report folder (the old one is kept until the new one is complete).") var force = false
    @Flag(help: "Write wall-clock timings into the report (reports then differ between runs).") var timings = false
    @Flag(help: "No progress display on standard error.") var quiet = false
    @Option(help: "auto (network algorithm for pure transportation models, GLPK otherwise), glpk, or network.")
    var solver: SolverChoice = .auto
    @Option(help: "Re-allocate from an earlier report (folder or report.json): keep as many of its placements as possible, then the policy's objectives; the report lists what changed and why.")
    var from: String?
    @Flag(help: "On SIGINT/SIGTERM during branch-and-bound or the network algorithm, still write the best solution found so far (marked as not proven optimal).")
    var writePartial = false
    @Option(help: "Write names as stable pseudonyms keyed by the secret in this file (reports for auditors outside the university).")
    var redactKeyFile: String?
    @Option(help: "Most memory GLPK may use, in MB (default: no limit); beyond it the solve ends with exit 5 and a clear message instead of being killed.")
    var glpkMemoryLimitMb: Int?
    @OptionGroup var limits: LimitOptions

    func validate() throws {
        if let t = timeLimit, !(t > 0 && t.isFinite) { throw ValidationError("--time-limit must be a positive number of seconds") }
        if let w = workLimit, !(1...2_000_000_000).contains(w) { throw ValidationError("--work-limit must be a whole number of simplex iterations from 1 to 2000000000") }
        if let mb = glpkMemoryLimitMb, !(1...Int(Int32.max)).contains(mb) { throw ValidationError("--glpk-memory-limit-mb must be a whole number of MB from 1") }
    }

    func run() throws {
        let engine = PlacementEngine()
        let started = Date(), runStarted = ContinuousClock.now   // the time limit counts from here
        installStopHandlers()
        PlacementEngine.glpkMemoryLimitMegabytes = glpkMemoryLimitMb
        do {
            let loaded = try engine.load(path: scenario, options: limits.loadOptions)
            let loadSeconds = Date().timeIntervalSince(started)
            let folder = out ?? "Reports/\(loaded.name)"
            let progress = quiet ? nil : ProgressDisplay(started: started).handler
            let earlier = try from.map { path throws(EngineError) in try engine.readEarlierReport(path: path) }
            var outcome = try engine.solve(loaded, options: .init(timeLimit: timeLimit, runStarted: runStarted, workLimit: workLimit,
                                                                  solver: solver, earlier: earlier, progress: progress))
            outcome.timings["load"] = loadSeconds
            var options: [String: String] = [:]
            if let timeLimit { options["time_limit_seconds"] = String(timeLimit) }
            if let workLimit { options["work_limit_iterations"] = String(workLimit) }
            if solver != .auto { options["solver"] = solver.rawValue }
            if let earlier { options["from_report_sha256"] = earlier.sha256 }
            let settings = ReportSettings(toolVersion: PlacementEngine.toolVersion, glpkVersion: PlacementEngine.glpkVersion,
                                          options: options, includeTimings: timings)
            if let signal = PlacementEngine.stopSignal, !(writePartial && outcome.solver.status == .feasible) {
                printError("\(scenario): interrupted by signal \(signal); nothing written")
                throw ExitCode(128 + signal)
            }
            guard outcome.solver.status.hasPlacement else {
                printError("\(scenario): \(outcome.solver.statusText); no report written")
                if !outcome.conflicts.isEmpty {
                    printError("The rules cannot all hold. The closest solution breaks these rules:")
                    for conflict in outcome.conflicts { printError("  - \(conflict.description)") }
                }
                throw Exit.noSolution
            }
            let redaction = try redactKeyFile.map { path throws(EngineError) in try engine.redaction(keyFile: path) }
            if redaction != nil { options["redacted"] = "names" }
            let written = try engine.writeReports(loaded, outcome, to: folder,
                                                  settings: ReportSettings(toolVersion: settings.toolVersion, glpkVersion: settings.glpkVersion,
                                                                           options: options, includeTimings: timings),
                                                  force: force, redaction: redaction)
            let placed = outcome.placedCount
            print("\(loaded.name): \(outcome.solver.statusText); placed \(placed) of \(loaded.students.count) students")
            if !outcome.changes.isEmpty {
                let counts = Dictionary(grouping: outcome.changes, by: \.kind.rawValue).mapValues(\.count)
                print("  changes: " + counts.keys.sorted().map { "\($0) \(counts[$0]!)" }.joined(separator: ", "))
            }
            for stage in outcome.solver.stages { print("  \(stage.sense) \(stage.name) = \(formatNumber(stage.value)) (\(stage.status))") }
            print("  report: \(folder)/ (\(written.joined(separator: ", ")))")
            print("  time: \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
            if let signal = PlacementEngine.stopSignal {
                printError("interrupted by signal \(signal): the report holds the best solution found so far (not proven optimal)")
                throw ExitCode(128 + signal)
            }
            // Done: exit here rather than free the scenario and the outcome object by object,
            // which takes a tenth of a second at 100,000 students.
            withExtendedLifetime((loaded, outcome)) { Foundation.exit(0) }  // exit(3) flushes standard output
        } catch {
            if let signal = PlacementEngine.stopSignal, !(error is ExitCode) {
                printError("\(scenario): interrupted by signal \(signal); nothing written")
                throw ExitCode(128 + signal)
            }
            guard let engineError = error as? EngineError else { throw error }
            printError(engineError.description)
            throw Exit.code(for: engineError)
        }
    }
}

/// Progress on standard error, only for solves that take longer than about 1.5 seconds.
final class ProgressDisplay: @unchecked Sendable {
    let started: Date
    private var lastPrinted = Date.distantPast
    private let lock = NSLock()

    init(started: Date) { self.started = started }

    var handler: @Sendable (ProgressEvent) -> Void {
        { [self] event in self.show(event) }
    }

    func show(_ event: ProgressEvent) {
        let now = Date()
        lock.lock(); defer { lock.unlock() }
        guard now.timeIntervalSince(started) > 1.5, now.timeIntervalSince(lastPrinted) >= 1 else { return }
        lastPrinted = now
        var line = String(format: "[%6.1f s] %@", now.timeIntervalSince(started), event.stage)
        if let incumbent = event.incumbent { line += "  incumbent \(formatNumber(incumbent))" }
        if let bound = event.bound, bound.isFinite { line += "  bound \(formatNumber(bound))" }
        if let gap = event.gap, gap.isFinite { line += String(format: "  gap %.3f%%", gap * 100) }
        printError(line)
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
