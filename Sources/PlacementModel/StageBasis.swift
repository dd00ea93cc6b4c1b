/// The final LP basis of one lexicographic stage (the status of every row and column, in the
/// backend's codes), handed back by a solve and accepted as the start of a later solve of a model
/// with the same rows and columns (`SolveOptions.bases`). A re-solve that differs by a bound (one
/// more seat) is then a few pivots from its optimum instead of thousands. A basis of another
/// shape, or one the backend finds singular, is ignored: it changes how fast an LP is solved,
/// never what is proven.
public struct StageBasis: Sendable, Equatable {
    public let rows: [Int32]
    public let columns: [Int32]
    public init(rows: [Int32], columns: [Int32]) {
        self.rows = rows
        self.columns = columns
    }
}
