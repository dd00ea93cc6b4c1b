/// Failures of the GLPK backend. GLPK itself never aborts the process: its errors arrive here.
public enum GLPKError: Error, Equatable, CustomStringConvertible {
    /// GLPK reported an internal error (bad call, out of memory, …); its message is attached.
    /// The thread's GLPK environment was reset; the process keeps working.
    case glpkFailure(operation: String, message: String)
    /// The solver returned a code that means it could not do its job (numerical trouble, …).
    case solverFailure(operation: String, code: Int32, meaning: String)
    /// GLPK could not write an exported model file.
    case writeFailed(path: String)
    /// The model handed in is not one GLPK can take (for example a NaN coefficient).
    case invalidModel(String)
    /// A stop was requested (SIGINT/SIGTERM) while the simplex ran; no solution.
    case stopped
    /// GLPK needed more memory than its limit (`GLPKSolver.memoryLimitMegabytes`, nil when no
    /// limit was set and the system itself ran out). The thread's GLPK environment was reset; the
    /// process keeps working.
    case outOfMemory(operation: String, limitMegabytes: Int?, message: String)

    public var description: String {
        switch self {
        case let .glpkFailure(operation, message):
            return "GLPK failed during \(operation): \(message)"
        case let .solverFailure(operation, code, meaning):
            return "GLPK \(operation) returned code \(code): \(meaning)"
        case let .writeFailed(path):
            return "GLPK could not write the model file \(path)"
        case let .invalidModel(what):
            return "invalid model for GLPK: \(what)"
        case .stopped:
            return "the solve was stopped on request"
        case let .outOfMemory(operation, limit, _):
            let cap = limit.map { "its memory limit of \($0) MB (raise --glpk-memory-limit-mb)" } ?? "the memory available"
            return "GLPK needed more than \(cap) during \(operation); no solution"
        }
    }
}
