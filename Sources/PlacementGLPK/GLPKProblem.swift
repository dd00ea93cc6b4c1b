import CGLPK
import GLPKShim
import PlacementModel
#if canImport(Glibc)
    import Glibc
#endif

/// One GLPK problem object, confined to the thread that created it and destroyed with it.
/// Every call goes through the C guard in `GLPKShim`; a GLPK error becomes `GLPKError`.
final class GLPKProblem {
    private(set) var handle: OpaquePointer?
    private(set) var columnCount = 0
    private(set) var rowCount = 0
    /// Rows added as cuts (`addCutRows`): valid for every integer point of the model.
    var cutRowCount = 0

    /// Whether every row beyond the model's `modelRows` is a cut: a point that meets the model then
    /// meets every row of the problem (an earlier stage's fixing row is not checked by the model).
    func hasOnlyCutsBeyond(modelRows: Int) -> Bool { rowCount - cutRowCount == modelRows }

    init() throws {
        guard let created = gs_create() else {
            if gs_last_error_out_of_memory() != 0 { throw Self.outOfMemory("create problem") }
            throw GLPKError.glpkFailure(operation: "create problem", message: Self.lastError())
        }
        handle = created
    }

    deinit { gs_delete(handle) }

    static func lastError() -> String { String(cString: gs_last_error()) }

    static func outOfMemory(_ operation: String) -> GLPKError {
        let limit = Int(gs_memory_limit())
        return .outOfMemory(operation: operation, limitMegabytes: limit > 0 ? limit : nil, message: lastError())
    }

    func check(_ code: Int32, _ operation: String) throws {
        if code == GS_WRITE_FAILED { throw GLPKError.writeFailed(path: operation) }
        if code == GS_STOPPED { throw GLPKError.stopped }
        if code == GS_OUT_OF_MEMORY { throw Self.outOfMemory(operation) }
        if code != GS_OK { throw GLPKError.glpkFailure(operation: operation, message: Self.lastError()) }
    }

    /// GLPK bound type for a range.
    static func boundType(lower: Double, upper: Double) -> Int32 {
        switch (lower.isFinite, upper.isFinite) {
        case (false, false): return GLP_FR
        case (true, false): return GLP_LO
        case (false, true): return GLP_UP
        case (true, true): return lower == upper ? GLP_FX : GLP_DB
        }
    }

    func load(_ model: LinearModel, objective: LinearModel.Objective?) throws {
        let m = model.constraintCount, n = model.variableCount
        var rowType = [Int32](), rowLower = [Double](), rowUpper = [Double]()
        rowType.reserveCapacity(m); rowLower.reserveCapacity(m); rowUpper.reserveCapacity(m)
        var ia = [Int32](), ja = [Int32](), ar = [Double]()
        let nnz = model.nonZeroCount
        ia.reserveCapacity(nnz); ja.reserveCapacity(nnz); ar.reserveCapacity(nnz)
        for (i, c) in model.constraints.enumerated() {
            guard !c.lower.isNaN, !c.upper.isNaN, c.lower <= c.upper else {
                throw GLPKError.invalidModel("constraint \(c.name) has bounds [\(c.lower), \(c.upper)]")
            }
            rowType.append(Self.boundType(lower: c.lower, upper: c.upper))
            rowLower.append(c.lower.isFinite ? c.lower : 0)
            rowUpper.append(c.upper.isFinite ? c.upper : 0)
            for t in c.terms where t.coefficient != 0 {
                guard t.coefficient.isFinite else { throw GLPKError.invalidModel("constraint \(c.name) has a non-finite coefficient") }
                ia.append(Int32(i)); ja.append(Int32(t.variable)); ar.append(t.coefficient)
            }
        }
        var colType = [Int32](), colLower = [Double](), colUpper = [Double](), colKind = [Int32]()
        colType.reserveCapacity(n); colLower.reserveCapacity(n); colUpper.reserveCapacity(n); colKind.reserveCapacity(n)
        for v in model.variables {
            guard !v.lower.isNaN, !v.upper.isNaN, v.lower <= v.upper else {
                throw GLPKError.invalidModel("variable \(v.name) has bounds [\(v.lower), \(v.upper)]")
            }
            colType.append(Self.boundType(lower: v.lower, upper: v.upper))
            colLower.append(v.lower.isFinite ? v.lower : 0)
            colUpper.append(v.upper.isFinite ? v.upper : 0)
            colKind.append(v.isInteger ? GLP_IV : GLP_CV)
        }
        let (dense, constant, minimize) = try Self.denseObjective(objective, columns: n)
        try check(
            gs_load(
                handle, minimize ? 1 : 0, Int32(m), Int32(n), rowType, rowLower, rowUpper,
                colType, colLower, colUpper, colKind, dense, constant,
                Int32(ia.count), ia, ja, ar), "load model")
        rowCount = m
        columnCount = n
        cutRowCount = 0
    }

    static func denseObjective(_ objective: LinearModel.Objective?, columns: Int) throws -> ([Double], Double, Bool) {
        var dense = [Double](repeating: 0, count: columns)
        guard let objective else { return (dense, 0, true) }
        for t in objective.terms {
            guard t.coefficient.isFinite else { throw GLPKError.invalidModel("objective \(objective.name) has a non-finite coefficient") }
            dense[t.variable] += t.coefficient
        }
        return (dense, objective.constant, objective.sense == .minimize)
    }

    func setNames(rows: [String], columns: [String]) throws {
        try withCStrings(glpkSafeNames(rows)) { rowPointers in
            try withCStrings(glpkSafeNames(columns)) { colPointers in
                try check(gs_set_names(handle, rowPointers, colPointers), "name rows and columns")
            }
        }
    }

    func setObjective(_ objective: LinearModel.Objective) throws {
        let (dense, constant, minimize) = try Self.denseObjective(objective, columns: columnCount)
        try check(gs_set_objective(handle, minimize ? 1 : 0, dense, constant), "set objective \(objective.name)")
    }

    func setRowBounds(_ row: Int, lower: Double, upper: Double) throws {
        try check(
            gs_set_row_bounds(
                handle, Int32(row), Self.boundType(lower: lower, upper: upper),
                lower.isFinite ? lower : 0, upper.isFinite ? upper : 0), "set row bounds")
    }

    func setColumnBounds(_ column: Int, lower: Double, upper: Double) throws {
        try check(
            gs_set_col_bounds(
                handle, Int32(column), Self.boundType(lower: lower, upper: upper),
                lower.isFinite ? lower : 0, upper.isFinite ? upper : 0), "set column bounds")
    }

    func setColumnKind(_ column: Int, integer: Bool) throws {
        try check(gs_set_col_kind(handle, Int32(column), integer ? 1 : 0), "set column kind")
    }

    func addRow(name: String, terms: [LinearModel.Term], lower: Double, upper: Double) throws {
        let cols = terms.map { Int32($0.variable) }
        let vals = terms.map(\.coefficient)
        try check(
            gs_add_row(
                handle, name, Int32(terms.count), cols, vals,
                Self.boundType(lower: lower, upper: upper),
                lower.isFinite ? lower : 0, upper.isFinite ? upper : 0), "add row \(name)")
        rowCount += 1
    }

    /// Deletes every row after the first `count`.
    func deleteRows(keepingFirst count: Int) throws {
        try check(gs_delete_rows_from(handle, Int32(count)), "delete rows")
        rowCount = min(rowCount, count)
    }

    /// Returns (glp_simplex return code, glp_get_status). An iteration limit (if any) ends it
    /// with GLP_EITLIM.
    func simplex(timeLimitMilliseconds: Int32, iterationLimit: Int32 = 0) throws -> (Int32, Int32) {
        var ret: Int32 = 0, status: Int32 = 0
        try check(gs_simplex(handle, timeLimitMilliseconds, iterationLimit, &ret, &status), "simplex")
        return (ret, status)
    }

    struct BranchAndBoundResult {
        var code: Int32
        var status: Int32
        var bound: Double
        /// The search ended because it had used its iteration limit.
        var workStopped: Bool
        /// The search ended at its soft limit with an incumbent (see `intopt`).
        var softStopped: Bool = false
    }

    /// Branch-and-bound. With soft limits (> 0), the search ends once it has used that much time
    /// or work and has an incumbent (with `softNeedsBetter`, one better than `start`); without
    /// one it goes on to the hard limits.
    func intopt(
        timeLimitMilliseconds: Int32, iterationLimit: Int32 = 0, mipGap: Double, start: [Double]?, fastNodes: Bool = false,
        gomoryCuts: Bool? = nil, softTimeLimitMilliseconds: Int32 = 0, softIterationLimit: Int32 = 0, softNeedsBetter: Bool = false,
        progress: gs_mip_progress_fn?, context: UnsafeMutableRawPointer?
    ) throws -> BranchAndBoundResult {
        var ret: Int32 = 0, status: Int32 = 0, bound = 0.0, workStopped: Int32 = 0, softStopped: Int32 = 0
        let cuts: Int32 = (gomoryCuts ?? !fastNodes) ? 1 : 0
        if let start {
            try start.withUnsafeBufferPointer { buffer in
                try check(
                    gs_intopt(
                        handle, timeLimitMilliseconds, iterationLimit, mipGap, buffer.baseAddress, fastNodes ? 1 : 0, cuts,
                        softTimeLimitMilliseconds, softIterationLimit, softNeedsBetter ? 1 : 0, progress, context,
                        &ret, &status, &bound, &workStopped, &softStopped), "branch-and-bound")
            }
        } else {
            try check(
                gs_intopt(
                    handle, timeLimitMilliseconds, iterationLimit, mipGap, nil, fastNodes ? 1 : 0, cuts,
                    softTimeLimitMilliseconds, softIterationLimit, softNeedsBetter ? 1 : 0, progress, context,
                    &ret, &status, &bound, &workStopped, &softStopped), "branch-and-bound")
        }
        return BranchAndBoundResult(code: ret, status: status, bound: bound, workStopped: workStopped != 0, softStopped: softStopped != 0)
    }

    /// Simplex iterations made on this problem so far: the unit of the work limit.
    var iterationCount: Int { Int(gs_iteration_count(handle)) }

    func solution(mip: Bool) throws -> (values: [Double], objective: Double) {
        var values = [Double](repeating: 0, count: columnCount)
        var objective = 0.0
        try check(gs_get_solution(handle, mip ? 1 : 0, &values, &objective), "read solution")
        return (values, objective)
    }

    func rowDuals() throws -> [Double] {
        var duals = [Double](repeating: 0, count: rowCount)
        try check(gs_get_row_duals(handle, &duals), "read duals")
        return duals
    }

    func write(format: ModelFileFormat, path: String) throws {
        let code = gs_write(handle, format == .lp ? 0 : 1, path)
        if code == GS_WRITE_FAILED { throw GLPKError.writeFailed(path: path) }
        try check(code, "write \(path)")
    }

    /// Makes an out-of-range call on purpose (tests of the guard).
    func provokeError() throws {
        try check(gs_provoke_error(handle), "deliberately invalid call")
    }
}

public enum ModelFileFormat: String, Sendable, CaseIterable {
    case lp, mps
}

/// Calls body with a C array of C strings that live for the duration of the call.
private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) throws -> R) throws -> R {
    if strings.isEmpty {
        var none: [UnsafePointer<CChar>?] = [nil]
        return try none.withUnsafeMutableBufferPointer { try body(UnsafePointer($0.baseAddress!)) }
    }
    var pointers = strings.map { UnsafePointer<CChar>(strdup($0)) }
    defer { for p in pointers { free(UnsafeMutablePointer(mutating: p)) } }
    return try pointers.withUnsafeMutableBufferPointer { buffer in
        try body(UnsafePointer(buffer.baseAddress!))
    }
}

/// Names for a model's rows (or columns), safe for GLPK and unique: another solver reading an
/// exported file adds up rows or columns of the same name, so a name that had to be cut short
/// (long pooled mentor sets) or that repeats an earlier one ends in `__` and its position.
func glpkSafeNames(_ names: [String]) -> [String] {
    var used = Set<String>()
    used.reserveCapacity(names.count)
    return names.enumerated().map { index, name in
        var safe = glpkSafeName(name)
        if name.utf8.count > 255 || used.contains(safe) {
            let suffix = "__\(index + 1)"
            safe = String(decoding: safe.utf8.prefix(255 - suffix.utf8.count), as: UTF8.self) + suffix
        }
        used.insert(safe)
        return safe
    }
}

/// GLPK names are at most 255 bytes of printable ASCII without spaces; ids from rosters may hold
/// any script, so other bytes become '_' (names are for people reading exported models).
func glpkSafeName(_ name: String) -> String {
    var bytes = [UInt8]()
    for b in name.utf8.prefix(255) {
        let ok =
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            || b == UInt8(ascii: "_") || b == UInt8(ascii: ".") || b == UInt8(ascii: "[") || b == UInt8(ascii: "]")
            || b == UInt8(ascii: ",") || b == UInt8(ascii: "-")
        bytes.append(ok ? b : UInt8(ascii: "_"))
    }
    return String(decoding: bytes, as: UTF8.self)
}
