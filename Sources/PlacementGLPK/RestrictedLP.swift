import PlacementModel

/// The LP relaxation of a model with only some of its columns allowed, the others held at 0: the
/// restricted master of column generation, for a model whose LP GLPK's simplex cannot finish as a
/// whole but whose optimum uses few of its columns (a schedule of thousands of students). The
/// model stays loaded in one GLPK problem, so allowing more columns and solving again starts from
/// the last optimal basis (the new columns enter non-basic at 0, which keeps it primal feasible).
/// Confined to the thread that created it.
public final class RestrictedLP {
    /// An optimum of the restricted LP.
    public struct Optimum: Sendable {
        /// The objective's value (with its constant).
        public let objective: Double
        /// Every column of the model (those held are 0).
        public let values: [Double]
        /// Every row's dual value, in the objective's own sense (GLPK's convention).
        public let rowDuals: [Double]
    }

    private let problem: GLPKProblem
    private let variables: [LinearModel.Variable]
    private var allowed: [Bool]
    /// The simplex iterations of every solve so far.
    public var iterations: Int { problem.iterationCount }

    /// Columns outside `allowing` are held at 0 when 0 lies within their bounds (those that cannot
    /// be 0 are always allowed). `start`, a feasible point whose columns all sit at a bound (a
    /// schedule), is the first simplex's starting vertex (its non-zero columns are allowed).
    /// `basis` (`basis()` of an equal restricted LP, on another thread) is the start instead.
    public init(
        _ model: LinearModel, objective: LinearModel.Objective, allowing columns: [Int], start: [Double]? = nil, basis: StageBasis? = nil
    ) throws {
        problem = try GLPKProblem()
        variables = model.variables
        var allowed = model.variables.map { !($0.lower <= 0 && $0.upper >= 0) }
        for j in columns { allowed[j] = true }
        if let start { for j in start.indices where start[j] != 0 && model.variables[j].upper != 0 { allowed[j] = true } }
        self.allowed = allowed
        var restricted = model
        for j in restricted.variables.indices where !allowed[j] { restricted.setBounds(of: j, lower: 0, upper: 0) }
        try problem.load(restricted, objective: objective)
        if let basis, try problem.warmStart(from: basis) {
            return
        }
        // A start column the model holds at 0 (a presolve fixed it: an equal column stands in for
        // it) is taken at its bound; the simplex then repairs the rows it leaves short.
        let clamped = start.map { point in point.indices.map { min(max(point[$0], restricted.variables[$0].lower), restricted.variables[$0].upper) } }
        if let clamped, let vertex = StageBasis.vertex(at: clamped, of: restricted, rowCount: model.constraintCount) {
            try problem.warmStart(from: vertex)
        }
    }

    public func isAllowed(_ column: Int) -> Bool { allowed[column] }

    /// The current basis, to start an equal restricted LP from (GLPK problems stay on their thread).
    public func basis() throws -> StageBasis { try problem.basis() }

    /// Whether cuts were added since the last solve (it then uses the dual simplex: the last
    /// basis stays dual feasible). Not after a dive's fixings: GLPK's dual simplex took longer
    /// there than its primal (3,000 students: 8 re-solves in 11 s instead of 17).
    private var cutsPending = false

    /// Adds Gomory mixed-integer cuts of the current optimum (`GLPKProblem.gomoryCuts`) as rows and
    /// returns them. They hold for every integer point of the model, the held columns included
    /// (at any value of their real bounds), so column generation may go on with them: a column
    /// allowed later has its coefficients in them already. The next solve starts from the last
    /// basis with the dual simplex.
    public func addGomoryCuts(maxCuts: Int, maxLength: Int) throws -> [LinearModel.Constraint] {
        // At most twice as many columns tried as cuts wanted: once the rounds stall most give no
        // cut worth keeping, and trying all (2,000 at 3,000 students) took 7 s.
        let cuts = try problem.gomoryCuts(maxCuts: maxCuts, maxTries: 2 * maxCuts, maxLength: maxLength)
        guard !cuts.isEmpty else { return [] }
        _ = try problem.addCutRows(cuts)
        cutsPending = true
        return cuts
    }

    /// How many columns are allowed.
    public var allowedCount: Int { allowed.reduce(0) { $0 + ($1 ? 1 : 0) } }

    /// Gives columns back their bounds; returns how many were held before.
    @discardableResult
    public func allow(_ columns: some Sequence<Int>) throws -> Int {
        var count = 0
        for j in columns where !allowed[j] {
            allowed[j] = true
            count += 1
            try problem.setColumnBounds(j, lower: variables[j].lower, upper: variables[j].upper)
        }
        return count
    }

    /// Holds a column at or above `lower` (a dive fixing an option at 1; a held column is allowed
    /// first); the next solve repairs the basis from there.
    public func raiseLowerBound(of column: Int, to lower: Double) throws {
        allowed[column] = true
        try problem.setColumnBounds(column, lower: lower, upper: max(lower, variables[column].upper))
    }

    /// Solves the restricted LP from the last basis; nil when a limit (seconds, simplex iterations)
    /// stopped the simplex first or the LP has no optimum.
    public func solve(timeLimitSeconds: Double?, iterationLimit: Int?) throws -> Optimum? {
        let milliseconds = timeLimitSeconds.map { Int32(clamping: max(1, Int(($0 * 1000).rounded(.up)))) } ?? 0
        if let iterationLimit, iterationLimit <= 0 { return nil }
        problem.useDualSimplex(cutsPending)
        defer { problem.useDualSimplex(false) }
        cutsPending = false
        let (code, status) = try problem.simplex(timeLimitMilliseconds: milliseconds, iterationLimit: Int32(clamping: iterationLimit ?? 0))
        guard code == 0, status == GLPKCodes.optimal else { return nil }
        let (values, objective) = try problem.solution(mip: false)
        return Optimum(objective: objective, values: values, rowDuals: try problem.rowDuals())
    }
}
