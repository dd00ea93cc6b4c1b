import CGLPK
import GLPKShim
import PlacementModel

/// An LP basis (`StageBasis`, the status of every row and column) saved after one stage's
/// simplex, so that a later stage or feasibility check on the same problem starts from it instead
/// of from GLPK's advanced basis: a later stage differs from the earlier one by its objective and
/// one row fixing the earlier optimum, so the earlier optimal basis is a few pivots from the new
/// optimum. The same bases go out with the solution, the start of a later solve of a nearly equal
/// model (`SolveOptions.bases`).

extension GLPKProblem {
    /// The current basis (after a simplex).
    func basis() throws -> StageBasis {
        var rows = [Int32](repeating: 0, count: rowCount)
        var columns = [Int32](repeating: 0, count: columnCount)
        try check(gs_get_basis(handle, &rows, &columns), "read basis")
        return StageBasis(rows: rows, columns: columns)
    }

    /// Installs a saved basis for the next simplex; rows added since it was saved are basic.
    /// Returns false when GLPK found it singular (the simplex then starts from its advanced basis).
    @discardableResult
    func warmStart(from saved: StageBasis) throws -> Bool {
        var used: Int32 = 0
        try check(
            gs_set_basis(handle, Int32(saved.rows.count), saved.rows, Int32(saved.columns.count), saved.columns, &used),
            "set basis")
        return used != 0
    }
}

extension StageBasis {
    /// The basis of a feasible point at which every column sits at one of its bounds: every row
    /// basic (its activity is the point's), every column non-basic at the bound it takes. It is
    /// primal feasible, so the first stage's primal simplex starts from the point's value instead
    /// of from zero (alliance-rules: 1,767 iterations from the core rules' flow against 3,947 from
    /// GLPK's advanced basis; docs/benchmarks.md, "A first basis from the core rules' flow").
    /// Nil when a column lies strictly inside its bounds (the point is then no such vertex).
    static func vertex(at point: [Double], of model: LinearModel, rowCount: Int) -> StageBasis? {
        guard point.count == model.variableCount else { return nil }
        var columns = [Int32](repeating: Int32(GLP_NL), count: point.count)
        for (j, variable) in model.variables.enumerated() {
            if abs(point[j] - variable.lower) <= 1e-9 {
                columns[j] = Int32(variable.lower == variable.upper ? GLP_NS : GLP_NL)
            } else if abs(point[j] - variable.upper) <= 1e-9 {
                columns[j] = Int32(GLP_NU)
            } else {
                return nil
            }
        }
        return StageBasis(rows: [Int32](repeating: Int32(GLP_BS), count: rowCount), columns: columns)
    }
}
