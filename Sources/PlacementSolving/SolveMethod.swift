import PlacementFormulation
import PlacementGLPK
import PlacementModel

/// One way of solving a formulation: GLPK, the network algorithm, deferred acceptance, the
/// scheduled rounds, the greedy schedule with Lagrangian bounds. Each spends at most its
/// `Budget` and returns one typed result; the engine chooses methods and never sees a backend.
public protocol SolveMethod: Sendable {
    /// The name reports give for the solver.
    var name: String { get }
    func solve(_ formulation: Formulation, budget: Budget) throws(SolverError) -> SolveResult
}

/// What a method found: the solution (status, values, each stage's value, bound and evidence)
/// for the formulation it belongs to. The scheduled rounds may detail the model they were given
/// (mentor groups), so the formulation travels with the solution.
public struct SolveResult: Sendable {
    public var solution: Solution
    public var formulation: Formulation
    /// Mentors chosen after a pooled scheduled solve (nil: read them from the model's columns).
    public var mentors: MentorChoice?

    public init(solution: Solution, formulation: Formulation, mentors: MentorChoice? = nil) {
        self.solution = solution
        self.formulation = formulation
        self.mentors = mentors
    }
}

/// Mentors chosen for a scheduled solution: academic mentor per student, industry mentor per
/// (student, part).
public struct MentorChoice: Sendable {
    public var academic: [Int: Int] = [:]
    public var industry: [MentorAssignment.Stay: Int] = [:]
    public init() {}
}

/// A solve that failed (not one that ended without a placement: that is a status). The message
/// names the real cause; every case means exit code 5 (solver failure).
public enum SolverError: Error, Equatable, CustomStringConvertible {
    /// GLPK failed or refused the model (its message attached; GLPK never aborts the process).
    case glpk(GLPKError)
    /// A method's own consistency check failed (a point that breaks the model it solved).
    case inconsistent(String)

    public var description: String {
        switch self {
        case let .glpk(error): return error.description
        case let .inconsistent(what): return "internal solver check failed: \(what)"
        }
    }
}
