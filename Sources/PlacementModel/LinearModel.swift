/// A small solver-neutral mixed-integer linear model: variables with bounds, linear constraints
/// with ranges, and one or more objectives solved in lexicographic order.
///
/// The formulation layer builds it; a backend (GLPK) solves it. Nothing here knows about GLPK.
public struct LinearModel: Sendable {
    public struct Variable: Sendable, Equatable {
        public var name: String
        public var lower: Double
        public var upper: Double
        public var isInteger: Bool
        /// An integer column that branch-and-bound first treats as continuous, branching only on
        /// the model's other integer columns (the minimum interns' `used` decisions): a point
        /// where it is fractional then needs a second search with those decisions fixed (see
        /// `DecisionsFirst` in PlacementGLPK). The alliance models' placements are nearly integral
        /// once the decisions are (0–8 fractional columns in alliance-rules' rank stages), and the
        /// cut rounds work on 61 columns instead of 9,751.
        public var isRelaxedFirst: Bool
        public init(name: String, lower: Double = 0, upper: Double = .infinity, isInteger: Bool = false, isRelaxedFirst: Bool = false) {
            self.name = name
            self.lower = lower
            self.upper = upper
            self.isInteger = isInteger
            self.isRelaxedFirst = isRelaxedFirst
        }
    }

    /// `lower ≤ Σ coefficients·x ≤ upper` (either side may be infinite).
    public struct Constraint: Sendable, Equatable {
        public var name: String
        public var terms: [Term]
        public var lower: Double
        public var upper: Double
        /// The rule family that added the row and what it means in words, for diagnoses of
        /// infeasible scenarios ("base B17 needs at least 3 interns in 2027-spring if used").
        /// Rows without a meaning are structural and are never relaxed.
        public var family: String?
        public var meaning: String?
        public init(
            name: String, terms: [Term], lower: Double = -.infinity, upper: Double = .infinity,
            family: String? = nil, meaning: String? = nil
        ) {
            self.name = name
            self.terms = terms
            self.lower = lower
            self.upper = upper
            self.family = family
            self.meaning = meaning
        }
    }

    public struct Term: Sendable, Equatable {
        public var variable: Int
        public var coefficient: Double
        public init(_ variable: Int, _ coefficient: Double) {
            self.variable = variable
            self.coefficient = coefficient
        }
    }

    public enum Sense: String, Sendable { case minimize, maximize }

    /// One stage of a lexicographic objective. After it is solved, its optimum is fixed (within
    /// `tolerance`) as a constraint before the next stage is solved.
    public struct Objective: Sendable {
        public var name: String
        public var sense: Sense
        /// Sparse coefficients; variables not listed have coefficient 0.
        public var terms: [Term]
        public var constant: Double
        /// Whether every coefficient is integral and every variable it touches is integer, so the
        /// optimum can be fixed exactly (after rounding) rather than within a tolerance.
        public var isIntegral: Bool
        /// When set, the stage maximises min_g (row_g activity) / denominator_g over the given
        /// constraint rows (a fairness objective); `terms` is unused. Solved exactly by a search
        /// over the finitely many attainable ratios (see RatioStage in PlacementGLPK), never with a big-M.
        public var maxMinRatio: MaxMinRatio?
        /// Whether the stage before this one, when proven at an integral optimum, is fixed as an
        /// equality rather than a one-sided bound (the rank counts of rank_maximal: see
        /// `StagedSolve.fix`). Off by default: elsewhere the tighter row was measured slower.
        public var fixesEarlierExactly: Bool
        /// A cap on this stage's search (dive and branch-and-bound) in simplex iterations, for a
        /// tie-break not worth a long proof (explain's "keep the report's placements"): once it is
        /// used and the stage has a point, the stage ends feasible with its bound. Iterations, not
        /// seconds, so that the result is the same on every machine.
        public var searchWorkLimit: Int?
        /// Whether this stage is an exact tie-break among the stage before it's optima, solved in
        /// one stage with it (explain's "keep the report's placements" after the cost): the earlier
        /// objective weighted by one more than this one's range, plus this one. Both integral, the
        /// combined optimum is the lexicographic optimum of the two (see TieBreakFold in
        /// PlacementGLPK); the solution still reports the two stages apart.
        public var isExactTieBreak: Bool
        public init(
            name: String, sense: Sense, terms: [Term], constant: Double = 0, isIntegral: Bool,
            maxMinRatio: MaxMinRatio? = nil, fixesEarlierExactly: Bool = false, searchWorkLimit: Int? = nil,
            isExactTieBreak: Bool = false
        ) {
            self.fixesEarlierExactly = fixesEarlierExactly
            self.searchWorkLimit = searchWorkLimit
            self.isExactTieBreak = isExactTieBreak
            self.name = name
            self.sense = sense
            self.terms = terms
            self.constant = constant
            self.isIntegral = isIntegral
            self.maxMinRatio = maxMinRatio
        }

        /// A stage value as reports show it: an integral objective's value is a whole number, so
        /// the solver's floating-point noise (12706.000000000004) is rounded away; a value that is
        /// not within 1e-6 of a whole number is shown as it is.
        public func reported(value: Double) -> Double {
            guard isIntegral, value.isFinite, abs(value - value.rounded()) <= 1e-6 * max(1, abs(value)) else { return value }
            return value.rounded()
        }

        /// A bound as reports show it: for an integral objective the optimum is a whole number, so
        /// a bound may be rounded towards it (up when minimising, down when maximising) and stays valid.
        public func reported(bound: Double) -> Double {
            guard isIntegral, bound.isFinite else { return bound }
            if abs(bound - bound.rounded()) <= 1e-6 * max(1, abs(bound)) { return bound.rounded() }
            return sense == .minimize ? bound.rounded(.up) : bound.rounded(.down)
        }
    }

    /// Rows whose activities are whole numbers (placements per group) and their group sizes.
    public struct MaxMinRatio: Sendable {
        public var rows: [Int]
        public var denominators: [Int]
        public init(rows: [Int], denominators: [Int]) {
            self.rows = rows
            self.denominators = denominators
        }
    }

    public private(set) var variables: [Variable] = []
    public private(set) var constraints: [Constraint] = []
    public var objectives: [Objective] = []
    /// True when every constraint keeps the constraint matrix a network (totally unimodular) so the
    /// LP relaxation has an integral optimum; rule families that break the structure clear it.
    public var isNetworkStructured: Bool = true
    /// Names columns whose `name` is empty (large formulations name their placement columns
    /// lazily: the names are only needed when a model is exported).
    public var columnNamer: (@Sendable (Int) -> String)?

    public init() {}

    /// The column's name for people and exported files.
    public func name(ofVariable j: Int) -> String {
        let stored = variables[j].name
        if stored.isEmpty, let namer = columnNamer { return namer(j) }
        return stored
    }

    public var variableCount: Int { variables.count }
    public var constraintCount: Int { constraints.count }
    public var nonZeroCount: Int { constraints.reduce(0) { $0 + $1.terms.count } }
    public var hasIntegerVariables: Bool { variables.contains { $0.isInteger } }

    @discardableResult
    public mutating func addVariable(_ variable: Variable) -> Int {
        variables.append(variable)
        return variables.count - 1
    }

    /// Narrows a variable's bounds (a ban fixes a placement variable at 0).
    public mutating func setBounds(of variable: Int, lower: Double, upper: Double) {
        variables[variable].lower = lower
        variables[variable].upper = upper
    }

    /// The point with every integer column rounded to the nearest integer (a solver's point within
    /// its integrality tolerance, made exact).
    public func roundingIntegerColumns(_ values: [Double]) -> [Double] {
        values.enumerated().map { variables[$0.offset].isInteger ? $0.element.rounded() : $0.element }
    }

    /// Marks an integer variable as relaxed in branch-and-bound's first search (`Variable.isRelaxedFirst`).
    public mutating func relaxFirst(_ variable: Int) {
        variables[variable].isRelaxedFirst = variables[variable].isInteger
    }

    /// Replaces a constraint's bounds.
    public mutating func setBounds(ofConstraint row: Int, lower: Double, upper: Double) {
        constraints[row].lower = lower
        constraints[row].upper = upper
    }

    @discardableResult
    public mutating func addConstraint(_ constraint: Constraint) -> Int {
        precondition(
            constraint.terms.allSatisfy { $0.variable >= 0 && $0.variable < variables.count },
            "constraint \(constraint.name) refers to a variable that does not exist")
        constraints.append(constraint)
        return constraints.count - 1
    }

    /// Removes rows (objectives that name rows by index, `maxMinRatio`, must name none of them:
    /// the rows after a removed one move up).
    public mutating func removeConstraints(_ rows: Set<Int>) {
        guard !rows.isEmpty else { return }
        constraints = constraints.enumerated().filter { !rows.contains($0.offset) }.map(\.element)
    }

    /// Sums the coefficients of repeated variables (GLPK refuses a row naming a column twice) and
    /// drops zero coefficients; keeps first-appearance order.
    public static func merged(_ terms: [Term]) -> [Term] {
        var position: [Int: Int] = [:]
        var result: [Term] = []
        for t in terms {
            if let p = position[t.variable] {
                result[p].coefficient += t.coefficient
            } else {
                position[t.variable] = result.count
                result.append(t)
            }
        }
        return result.filter { $0.coefficient != 0 }
    }

    /// Evaluates an objective at a point.
    public func value(of objective: Objective, at values: [Double]) -> Double {
        if let ratio = objective.maxMinRatio {
            return zip(ratio.rows, ratio.denominators).map { row, n in activity(of: row, at: values) / Double(n) }.min() ?? 0
        }
        return objective.terms.reduce(objective.constant) { $0 + $1.coefficient * values[$1.variable] }
    }

    /// Σ coefficient·value over a constraint row.
    public func activity(of row: Int, at values: [Double]) -> Double {
        constraints[row].terms.reduce(0.0) { $0 + $1.coefficient * values[$1.variable] }
    }

    /// The largest violation of any bound or constraint at a point (0 when feasible).
    public func maximumViolation(at values: [Double]) -> Double {
        maximumViolation(at: values, columns: variables.indices, rows: constraints.indices)
    }

    /// The same over some columns' bounds and some rows only: enough for a point that differs
    /// from one meeting the model only in `columns`, when `rows` holds every row they are in.
    public func maximumViolation(at values: [Double], columns: some Sequence<Int>, rows: some Sequence<Int>) -> Double {
        var worst = 0.0
        for j in columns {
            let v = variables[j]
            worst = max(worst, v.lower - values[j], values[j] - v.upper)
            if v.isInteger { worst = max(worst, abs(values[j] - values[j].rounded())) }
        }
        for i in rows {
            let c = constraints[i]
            let lhs = c.terms.reduce(0.0) { $0 + $1.coefficient * values[$1.variable] }
            worst = max(worst, c.lower - lhs, lhs - c.upper)
        }
        return worst
    }
}
