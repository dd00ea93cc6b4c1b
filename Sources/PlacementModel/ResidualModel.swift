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
    /// `free` sorted and without repeats.
    public init?(_ whole: LinearModel, free: [Int], fixedAt point: [Double]) {
        guard whole.objectives.allSatisfy({ $0.maxMinRatio == nil }) else { return nil }
        var newIndex = [Int](repeating: -1, count: whole.variableCount)
        for (i, j) in free.enumerated() { newIndex[j] = i }
        var model = LinearModel()
        for j in free { model.addVariable(whole.variables[j]) }
        for row in whole.constraints {
            var fixedPart = 0.0
            var terms: [LinearModel.Term] = []
            for t in row.terms {
                if newIndex[t.variable] >= 0 {
                    terms.append(.init(newIndex[t.variable], t.coefficient))
                } else {
                    fixedPart += t.coefficient * point[t.variable]
                }
            }
            guard !terms.isEmpty else { continue }
            var kept = row
            kept.terms = terms
            kept.lower = row.lower - fixedPart
            kept.upper = row.upper - fixedPart
            model.addConstraint(kept)
        }
        model.objectives = whole.objectives.map { objective in
            var kept = objective
            kept.terms = []
            for t in objective.terms {
                if newIndex[t.variable] >= 0 {
                    kept.terms.append(.init(newIndex[t.variable], t.coefficient))
                } else {
                    kept.constant += t.coefficient * point[t.variable]
                }
            }
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
