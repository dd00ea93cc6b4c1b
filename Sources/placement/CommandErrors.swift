import ArgumentParser
import PlacementEngine

/// An error a command reports: its description (which names the cause) is printed on standard
/// error, and the process ends with its documented exit code.
protocol ReportedError: Error, CustomStringConvertible {
    var exitCode: ExitCode { get }
}

/// Runs a command's work. A `ReportedError` it throws is printed and becomes its exit code; exit
/// codes and ArgumentParser's own errors pass through.
func runReportingErrors<Result>(_ work: () throws -> Result) throws -> Result {
    do {
        return try work()
    } catch let error as any ReportedError {
        printError(error.description)
        throw error.exitCode
    }
}

extension EngineError: ReportedError {
    var exitCode: ExitCode {
        switch self {
        case .invalidScenario, .unreadableInput: return Exit.invalidInput
        case .solver: return Exit.solver
        case .output: return Exit.output
        case .unsuitableSolver: return Exit.usage
        }
    }
}

/// A limit given on the command line outside the range the scenario's policy accepts for it.
struct LimitOutOfRange: ReportedError {
    let option: String
    let value: String
    let accepted: String

    var description: String { "\(option) \(value) is out of range: expected \(accepted)" }
    var exitCode: ExitCode { Exit.invalidInput }

    /// `--time-limit` takes what the policy's `time_limit_seconds` takes (`Policy.timeLimitRange`).
    static func check(timeLimit: Double?) throws(LimitOutOfRange) {
        guard let timeLimit, !Policy.timeLimitRange.contains(timeLimit) else { return }
        throw LimitOutOfRange(option: "--time-limit", value: "\(timeLimit)", accepted: Policy.timeLimitRangeText)
    }

    /// `--work-limit` takes what the policy's `work_limit_iterations` takes (`Policy.workLimitRange`).
    static func check(workLimit: Int?) throws(LimitOutOfRange) {
        guard let workLimit, !Policy.workLimitRange.contains(workLimit) else { return }
        throw LimitOutOfRange(option: "--work-limit", value: "\(workLimit)", accepted: Policy.workLimitRangeText)
    }
}

/// Checks `--time-limit` and `--work-limit` in a command's `validate()`: a value out of range is
/// reported (exit 2), as the same value in the policy is.
func checkLimits(timeLimit: Double?, workLimit: Int? = nil) throws {
    try runReportingErrors {
        try LimitOutOfRange.check(timeLimit: timeLimit)
        try LimitOutOfRange.check(workLimit: workLimit)
    }
}
