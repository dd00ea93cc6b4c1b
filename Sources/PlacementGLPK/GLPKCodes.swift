import CGLPK

/// Every GLPK return and status code the backend meets, with the words a user sees. One table.
enum GLPKCodes {
    /// Meanings of the return codes of glp_simplex / glp_intopt.
    static func returnMeaning(_ code: Int32) -> String {
        switch code {
        case 0: return "solved"
        case GLP_EBADB: return "invalid initial basis"
        case GLP_ESING: return "singular basis matrix"
        case GLP_ECOND: return "ill-conditioned basis matrix"
        case GLP_EBOUND: return "inconsistent variable bounds"
        case GLP_EFAIL: return "solver failure"
        case GLP_EOBJLL, GLP_EOBJUL: return "objective limit reached"
        case GLP_EITLIM: return "iteration limit reached"
        case GLP_ETMLIM: return "time limit reached"
        case GLP_ENOPFS: return "no primal feasible solution"
        case GLP_ENODFS: return "no dual feasible solution"
        case GLP_EROOT: return "no optimal LP relaxation to start branch-and-bound"
        case GLP_ESTOP: return "stopped on request"
        case GLP_EMIPGAP: return "relative MIP gap tolerance reached"
        default: return "unknown GLPK code \(code)"
        }
    }

    /// Return codes after which the solver's status is still meaningful (limits and stops).
    static func isLimit(_ code: Int32) -> Bool {
        code == GLP_ETMLIM || code == GLP_EITLIM || code == GLP_ESTOP || code == GLP_EMIPGAP
    }

    /// Return codes that mean "the problem has no feasible solution" rather than a failure.
    static func meansInfeasible(_ code: Int32) -> Bool {
        code == GLP_ENOPFS || code == GLP_EBOUND
    }

    static let optimal = Int32(GLP_OPT)
    static let feasible = Int32(GLP_FEAS)
    static let infeasible = Int32(GLP_INFEAS)
    static let noFeasible = Int32(GLP_NOFEAS)
    static let unbounded = Int32(GLP_UNBND)
    static let undefined = Int32(GLP_UNDEF)
}
