// Private shim around GLPK. This module provides no stable Swift API.
//
// GLPK calls glp_error (print, then abort) on any misuse or internal failure. Every function here
// runs its GLPK calls under setjmp with an error hook that frees the thread's GLPK environment and
// longjmps back, so a GLPK failure becomes a return code of GS_GLPK_ERROR instead of an abort.
// Swift must not call glp_* directly: longjmp across Swift frames is undefined behaviour.
#ifndef GLPK_SHIM_H
#define GLPK_SHIM_H

#include <stddef.h>

#define GS_OK 0
/// GLPK raised an error. The thread's GLPK environment, and every problem it held, is gone.
#define GS_GLPK_ERROR (-1)
/// A file could not be written; the GLPK environment is intact.
#define GS_WRITE_FAILED (-2)
/// GLPK ran out of memory: its limit (gs_set_memory_limit) was reached or malloc failed. As for
/// GS_GLPK_ERROR, the thread's GLPK environment, and every problem it held, is gone.
#define GS_OUT_OF_MEMORY (-4)

typedef struct gs_problem gs_problem;

/// Receives every line GLPK would print (the shim silences the terminal itself).
typedef void (*gs_output_fn)(void *context, const char *text);

/// Called from branch-and-bound with the incumbent objective (has_incumbent 0/1), best bound and
/// relative gap. Returns non-zero to ask GLPK to stop (glp_ios_terminate).
typedef int (*gs_mip_progress_fn)(void *context, int has_incumbent, double incumbent, double bound, double gap);

/// The last GLPK error message on this thread (empty if none).
const char *gs_last_error(void);
/// GLPK's version string, e.g. "5.0".
const char *gs_version(void);
/// Sets (or clears with NULL) the receiver of GLPK's terminal output for this thread.
void gs_set_output(gs_output_fn fn, void *context);

/// Creates an empty problem; NULL on GLPK failure.
gs_problem *gs_create(void);
void gs_delete(gs_problem *p);
/// Frees this thread's GLPK environment (call when a thread is done with GLPK).
void gs_free_env(void);

/// Loads a whole model at once. Arrays are 0-based; row_type/col_type use GLPK's GLP_FR..GLP_FX,
/// col_kind GLP_CV/GLP_IV/GLP_BV. Triplets (ia, ja, ar) are 0-based row/column indices.
int gs_load(gs_problem *p, int minimize, int nrows, int ncols,
            const int *row_type, const double *row_lb, const double *row_ub,
            const int *col_type, const double *col_lb, const double *col_ub,
            const int *col_kind, const double *objective, double objective_constant,
            int nnz, const int *ia, const int *ja, const double *ar);

/// Names rows/columns (for exported models). Either array may be NULL.
int gs_set_names(gs_problem *p, const char *const *row_names, const char *const *col_names);

/// Appends one row (0-based column indices); used to fix an earlier objective's optimum.
int gs_add_row(gs_problem *p, const char *name, int nnz, const int *cols, const double *vals,
               int type, double lb, double ub);

/// Replaces the objective (dense, ncols entries) and its direction.
int gs_set_objective(gs_problem *p, int minimize, const double *objective, double constant);

/// Sets a row's bounds (0-based).
int gs_set_row_bounds(gs_problem *p, int row, int type, double lb, double ub);

/// Fixes or relaxes a column's bounds (0-based).
int gs_set_col_bounds(gs_problem *p, int col, int type, double lb, double ub);
int gs_set_col_kind(gs_problem *p, int col, int integer);

/// Primal simplex. *ret receives glp_simplex's return code, *status glp_get_status.
/// iteration_limit > 0 stops it after that many simplex iterations (GLP_EITLIM).
int gs_simplex(gs_problem *p, int time_limit_ms, int iteration_limit, int *ret, int *status);

/// Branch-and-bound (after an optimal LP relaxation is present or with presolve).
/// start (optional, ncols values) is handed to GLPK as a heuristic solution.
/// iteration_limit > 0 ends the search (GLP_ESTOP, *work_stopped = 1) once branch-and-bound has
/// used that many simplex iterations: a deterministic limit, unlike the time limit.
/// fast_nodes != 0 branches on the most fractional column instead of GLPK's default
/// Driebeck-Tomlin rule, whose tableau rows cost seconds per node on large, dense models, and
/// generates no cuts (they halve the nodes searched there without moving the bound), and runs
/// GLPK's feasibility pump (off otherwise).
/// soft_time_limit_ms / soft_iteration_limit > 0: once that much time or work is used, the search
/// ends at the first moment it has an incumbent (GLP_ESTOP, *soft_stopped = 1); without one it
/// goes on to the hard limits. A stage before the last gets half its limits this way, so that it
/// never ends empty-handed at half when the whole limit could still find a point. With
/// soft_needs_better, only an incumbent better than the start counts (a start made by rounding
/// the LP optimum is a fallback, not a result worth stopping for).
int gs_intopt(gs_problem *p, int time_limit_ms, int iteration_limit, double mip_gap, const double *start,
              int fast_nodes, int gomory_cuts, int soft_time_limit_ms, int soft_iteration_limit, int soft_needs_better,
              gs_mip_progress_fn progress, void *context,
              int *ret, int *status, double *bound, int *work_stopped, int *soft_stopped);

/// Copies the current basis: row_stat (nrows values) and col_stat (ncols values) receive
/// glp_get_row_stat / glp_get_col_stat (GLP_BS, GLP_NL, GLP_NU, GLP_NF, GLP_NS).
int gs_get_basis(gs_problem *p, int *row_stat, int *col_stat);

/// Installs a basis saved by gs_get_basis, for a warm start of the next gs_simplex. Rows beyond
/// the nrows saved (rows added since, e.g. one fixing an earlier objective) are basic. Non-basic
/// statuses that no longer fit a row's or column's bounds are corrected by GLPK. The basis is
/// factorized here; *used receives 1 when it is in place, 0 when it is singular or ill-conditioned
/// (gs_simplex then builds GLPK's advanced basis, as without a saved one).
int gs_set_basis(gs_problem *p, int nrows, const int *row_stat, int ncols, const int *col_stat, int *used);

/// Simplex iterations made on this problem so far (glp_get_it_cnt).
int gs_iteration_count(gs_problem *p);

/// Copies the LP (is_mip 0) or MIP (is_mip 1) column values into out (ncols values) and returns the objective.
int gs_get_solution(gs_problem *p, int is_mip, double *out, double *objective);
/// Copies row duals of the last LP solve into out (nrows values).
int gs_get_row_duals(gs_problem *p, double *out);

/// Copies the columns' reduced costs of the last LP solve into out (ncols values).
int gs_get_col_duals(gs_problem *p, double *out);
/// A column's current bounds (col counts from 0; -DBL_MAX / +DBL_MAX when it has none).
int gs_get_col_bounds(gs_problem *p, int col, double *lb, double *ub);

/// With on != 0, each gs_intopt keeps the root node's LP optimum that bounds the problem most
/// tightly over its cut rounds, among the rounds whose column bounds are still those of the root's
/// first LP (before any incumbent; GLPK's own reduced-cost fixing may cut points as good as the
/// incumbent): its objective, column values, reduced costs and statuses.
void gs_set_capture_root(gs_problem *p, int on);
/// Copies the root LP kept by the latest gs_intopt (ncols values each). Returns 1 when there is
/// one, 0 when not (capture off, or the search never solved its root).
int gs_root_lp(gs_problem *p, double *objective, double *values, double *reduced_costs, int *statuses);

int gs_num_rows(gs_problem *p);
int gs_num_cols(gs_problem *p);

/// Writes the model in CPLEX LP (format 0) or free MPS (format 1) form.
int gs_write(gs_problem *p, int format, const char *path);

/// A deliberately invalid call (column index out of range), for tests of the guard.
int gs_provoke_error(gs_problem *p);

/// A stop was requested (gs_request_stop) and GLPK was interrupted; the thread's environment was reset.
#define GS_STOPPED (-3)

/// Requests that running GLPK solves stop (signal-safe: only stores `signal_number`).
/// Branch-and-bound stops at its next callback with its best solution; the simplex stops at its
/// next progress line (GS_STOPPED).
void gs_request_stop(int signal_number);
void gs_clear_stop(void);
/// The signal number passed to gs_request_stop, or 0.
int gs_stop_signal(void);

/// Caps the memory GLPK may allocate in each thread's environment, in MB (0 = no limit; the
/// default). Applied at each thread's next GLPK call (GLPK counts it on top of what that
/// environment holds at that moment, normally nothing between solves). Exceeding it fails that
/// call with GS_OUT_OF_MEMORY instead of aborting; gs_create then returns NULL.
void gs_set_memory_limit(int megabytes);
/// The limit set by gs_set_memory_limit (0 = none).
int gs_memory_limit(void);
/// 1 if the last GLPK error on this thread was running out of memory.
int gs_last_error_out_of_memory(void);


/// Cuts in compressed rows: cut c is Σ values[k]·x[columns[k]] ≥ lower[c] for k in
/// start[c]..<start[c + 1] (0-based columns). Free with gs_free_cuts.
typedef struct {
    int count;
    int *start;
    int *columns;
    double *values;
    double *lower;
} gs_cuts;

/// Gomory mixed-integer cuts from the current optimal basis: one per basic integer column whose
/// value is fractional (the most fractional first, at most max_cuts, from at most max_tries
/// such columns tried), from its simplex tableau row, kept when it has at most max_length
/// non-zeros, is well scaled and cuts the current LP point off. A nonbasic column fixed at 0 is
/// taken as at its lower bound 0, so the cuts hold for every integer point of the model whatever
/// upper bound such a column really has. No cuts (and GS_OK) when the LP is not optimal.
int gs_gomory_cuts(gs_problem *p, int max_cuts, int max_tries, int max_length, gs_cuts *out);
void gs_free_cuts(gs_cuts *cuts);
/// With on != 0 the next gs_simplex calls use the dual simplex (a basis that cuts made primal
/// infeasible stays dual feasible).
void gs_set_dual_simplex(gs_problem *p, int on);
/// Deletes the rows after the first `first` (cuts of a round that did not solve).
int gs_delete_rows_from(gs_problem *p, int first);

#endif
