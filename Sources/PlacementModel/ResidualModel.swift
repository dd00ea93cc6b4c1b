/// The model left when every column but a few is fixed at a point: what a neighbourhood search
/// hands to GLPK (the whole schedule model is too large for its simplex; a few hundred students'
/// options are not).
public struct ResidualModel: Sendable {
    /// The model on the free columns: each row's bounds less the fixed columns' part of its
    /// activity, rows without a free column left out (the point meets them, and they cannot
    /// change), each objective's constant grown by its fixed columns' part.
    public let model: LinearModel
    /// Column i of `model` is column `free[i]` of the whole model.
    public let free: [Int]
    /// The point the other columns are fixed at.
    private let point: [Double]

    /// Nil when an objective is a ratio over rows (its rows would move; the search skips such models).
    /// `free` sorted and without repeats. `rows` (ascending), when given, holds every row with a
    /// free column (the others are left out anyway): only those are read, not the whole model.
    public init?(_ whole: LinearModel, free: [Int], fixedAt point: [Double], rows: [Int]? = nil) {
        guard whole.objectives.allSatisfy({ $0.maxMinRatio == nil }) else { return nil }
        var newIndex = [Int](repeating: -1, count: whole.variableCount)
        for (i, j) in free.enumerated() { newIndex[j] = i }
        /// The free columns' terms (renumbered) and the fixed columns' value at the point.
        func split(_ terms: [LinearModel.Term]) -> (free: [LinearModel.Term], fixedPart: Double) {
            var free: [LinearModel.Term] = [], fixedPart = 0.0
            for t in terms {
                if newIndex[t.variable] >= 0 {
                    free.append(.init(newIndex[t.variable], t.coefficient))
                } else {
                    fixedPart += t.coefficient * point[t.variable]
                }
            }
            return (free, fixedPart)
        }
        var model = LinearModel()
        for j in free { model.addVariable(whole.variables[j]) }
        for i in rows ?? Array(whole.constraints.indices) {
            let row = whole.constraints[i]
            let (terms, fixedPart) = split(row.terms)
            guard !terms.isEmpty else { continue }
            var kept = row
            kept.terms = terms
            kept.lower = row.lower - fixedPart
            kept.upper = row.upper - fixedPart
            model.addConstraint(kept)
        }
        model.objectives = whole.objectives.map { objective in
            var kept = objective
            let (terms, fixedPart) = split(objective.terms)
            kept.terms = terms
            kept.constant += fixedPart
            return kept
        }
        model.isNetworkStructured = false
        self.model = model
        self.free = free
        self.point = point
    }

    /// The residual's own point: the free columns' values at the fixing point.
    public var start: [Double] { free.map { point[$0] } }

    /// The whole model's point: the fixed columns as they were, the free ones from `values`.
    public func lifted(_ values: [Double]) -> [Double] {
        var result = point
        for (i, j) in free.enumerated() { result[j] = values[i] }
        return result
    }
}
