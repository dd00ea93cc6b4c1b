#include "glpk_shim.h"

#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gs_problem {
    glp_prob *lp;
    /// Environment generation the problem was created in: after a GLPK error frees the
    /// environment, older problems are dangling and must not be touched.
    unsigned long generation;
    /* gs_set_capture_root: gs_intopt keeps the root node's LP optimum with the tightest bound
       (its column values, reduced costs and statuses), for gs_root_lp. */
    int capture_root;
    int root_captured;
    int root_columns;
    double root_objective;
    double *root_values;
    double *root_reduced_costs;
    int *root_statuses;
    /* The column bounds at the root's first LP: a later cut round is kept only while they hold
       (see capture_root_lp). */
    double *root_lower;
    double *root_upper;
    int root_bounds_known;
    /* gs_set_dual_simplex: the next simplex solves use the dual simplex (after cuts were added). */
    int dual_simplex;
};

static _Thread_local jmp_buf *current_jump;
static _Thread_local char last_error[1024];
static _Thread_local char output_tail[1024];
static _Thread_local gs_output_fn output_fn;
static _Thread_local void *output_context;
static _Thread_local unsigned long environment_generation = 1;
static volatile sig_atomic_t stop_requested;
static _Thread_local int in_simplex;
static _Thread_local int stopped_here;
/* Memory limit in MB for every thread's GLPK environment (0 = none). GLPK keeps the limit in the
   environment, relative to what it has allocated when the limit is set, and a GLPK error frees the
   environment: so it is applied once per environment generation (see apply_memory_limit). */
static volatile int memory_limit_mb;
static _Thread_local unsigned long limit_generation;
static _Thread_local int limit_applied_mb;
/* Whether the last error was GLPK running out of memory (its limit, or malloc failing). */
static _Thread_local int last_error_out_of_memory;

static int term_hook(void *info, const char *s) {
    (void)info;
    if (stop_requested && in_simplex && current_jump) {
        /* The simplex has no callback: leave it from its progress output, as the error hook
           does, after resetting the environment. */
        snprintf(last_error, sizeof(last_error), "stopped on request");
        stopped_here = 1;
        environment_generation++;
        glp_free_env();
        longjmp(*current_jump, 1);
    }
    size_t used = strlen(output_tail);
    size_t room = sizeof(output_tail) - 1;
    if (used + strlen(s) > room) { output_tail[0] = '\0'; used = 0; }
    strncat(output_tail, s, room - used);
    if (output_fn) output_fn(output_context, s);
    return 1; /* we printed it (or chose not to) */
}

static void error_hook(void *info) {
    (void)info;
    snprintf(last_error, sizeof(last_error), "%s", output_tail[0] ? output_tail : "GLPK error");
    size_t n = strlen(last_error);
    while (n > 0 && (last_error[n - 1] == '\n' || last_error[n - 1] == ' ')) last_error[--n] = '\0';
    /* GLPK's allocator: "memory allocation limit exceeded", "no memory available", "too many
       memory blocks allocated". */
    last_error_out_of_memory = strstr(last_error, "memory allocation limit exceeded") != NULL
        || strstr(last_error, "no memory available") != NULL
        || strstr(last_error, "too many memory blocks") != NULL;
    environment_generation++;
    glp_free_env();
    longjmp(*current_jump, 1);
}

/* Sets this thread's environment's memory limit if it is not set yet (inside a guard: the
   environment may be created here). With no limit wanted, a limit set earlier is lifted. */
static void apply_memory_limit(void) {
    int wanted = memory_limit_mb;
    if (limit_generation == environment_generation && limit_applied_mb == wanted) return;
    if (wanted > 0 || (limit_generation == environment_generation && limit_applied_mb > 0))
        glp_mem_limit(wanted > 0 ? wanted : 0x7fffffff);
    limit_generation = environment_generation;
    limit_applied_mb = wanted;
}

/* Every entry point: install the hooks, set the jump target, run the body. */
#define GUARDED(...)                                       \
    do {                                                   \
        jmp_buf jump;                                      \
        jmp_buf *outer = current_jump;                     \
        if (setjmp(jump)) {                                \
            current_jump = outer;                          \
            return last_error_out_of_memory ? GS_OUT_OF_MEMORY : GS_GLPK_ERROR; \
        }                                                  \
        current_jump = &jump;                              \
        output_tail[0] = '\0';                             \
        last_error_out_of_memory = 0;                      \
        glp_term_hook(term_hook, NULL);                    \
        glp_error_hook(error_hook, NULL);                  \
        apply_memory_limit();                              \
        __VA_ARGS__;                                       \
        current_jump = outer;                              \
    } while (0)

#define REQUIRE_LIVE(p)                                                            \
    if (!(p) || !(p)->lp || (p)->generation != environment_generation) {          \
        snprintf(last_error, sizeof(last_error), "GLPK problem no longer exists (an earlier GLPK error freed it)"); \
        return GS_GLPK_ERROR;                                                      \
    }

static int gs_simplex_body(gs_problem *p, int time_limit_ms, int iteration_limit, int *ret, int *status);

const char *gs_last_error(void) { return last_error; }

const char *gs_version(void) {
    static char version[64];
    if (!version[0]) snprintf(version, sizeof(version), "%s", glp_version());
    return version;
}

void gs_set_output(gs_output_fn fn, void *context) {
    output_fn = fn;
    output_context = context;
}

void gs_set_memory_limit(int megabytes) { memory_limit_mb = megabytes > 0 ? megabytes : 0; }
int gs_memory_limit(void) { return memory_limit_mb; }
int gs_last_error_out_of_memory(void) { return last_error_out_of_memory; }

void gs_request_stop(int signal_number) { stop_requested = signal_number > 0 ? signal_number : 1; }
void gs_clear_stop(void) { stop_requested = 0; }
int gs_stop_signal(void) { return (int)stop_requested; }

static int create_body(gs_problem *p) {
    GUARDED({ p->lp = glp_create_prob(); });
    return GS_OK;
}

gs_problem *gs_create(void) {
    gs_problem *p = calloc(1, sizeof(gs_problem));
    if (!p) return NULL;
    last_error[0] = '\0';
    if (create_body(p) != GS_OK) { free(p); return NULL; }
    p->generation = environment_generation;
    return p;
}

void gs_delete(gs_problem *p) {
    if (!p) return;
    if (p->lp && p->generation == environment_generation) {
        jmp_buf jump;
        jmp_buf *outer = current_jump;
        if (!setjmp(jump)) {
            current_jump = &jump;
            glp_error_hook(error_hook, NULL);
            glp_delete_prob(p->lp);
        }
        current_jump = outer;
    }
    free(p->root_values);
    free(p->root_reduced_costs);
    free(p->root_statuses);
    free(p->root_lower);
    free(p->root_upper);
    free(p);
}

void gs_free_env(void) {
    environment_generation++;
    glp_free_env();
}

int gs_load(gs_problem *p, int minimize, int nrows, int ncols,
            const int *row_type, const double *row_lb, const double *row_ub,
            const int *col_type, const double *col_lb, const double *col_ub,
            const int *col_kind, const double *objective, double objective_constant,
            int nnz, const int *ia, const int *ja, const double *ar) {
    REQUIRE_LIVE(p);
    /* GLPK arrays are 1-based with index 0 unused. */
    int *gia = malloc(sizeof(int) * (size_t)(nnz + 1));
    int *gja = malloc(sizeof(int) * (size_t)(nnz + 1));
    double *gar = malloc(sizeof(double) * (size_t)(nnz + 1));
    if (!gia || !gja || !gar) {
        free(gia); free(gja); free(gar);
        snprintf(last_error, sizeof(last_error), "out of memory loading %d coefficients", nnz);
        last_error_out_of_memory = 1;
        return GS_OUT_OF_MEMORY;
    }
    for (int k = 0; k < nnz; k++) { gia[k + 1] = ia[k] + 1; gja[k + 1] = ja[k] + 1; gar[k + 1] = ar[k]; }
    int failed = 1;
    {
        jmp_buf jump;
        jmp_buf *outer = current_jump;
        if (setjmp(jump)) {
            current_jump = outer;
            goto done;
        }
        current_jump = &jump;
        output_tail[0] = '\0';
        last_error_out_of_memory = 0;
        glp_term_hook(term_hook, NULL);
        glp_error_hook(error_hook, NULL);
        apply_memory_limit();
        glp_prob *lp = p->lp;
        glp_erase_prob(lp);
        glp_set_obj_dir(lp, minimize ? GLP_MIN : GLP_MAX);
        if (nrows > 0) glp_add_rows(lp, nrows);
        if (ncols > 0) glp_add_cols(lp, ncols);
        for (int i = 0; i < nrows; i++) glp_set_row_bnds(lp, i + 1, row_type[i], row_lb[i], row_ub[i]);
        for (int j = 0; j < ncols; j++) {
            glp_set_col_bnds(lp, j + 1, col_type[j], col_lb[j], col_ub[j]);
            glp_set_col_kind(lp, j + 1, col_kind[j]);
            glp_set_obj_coef(lp, j + 1, objective[j]);
        }
        glp_set_obj_coef(lp, 0, objective_constant);
        glp_load_matrix(lp, nnz, gia, gja, gar);
        /* Scale rows and columns (geometric mean, then powers of two), as glpsol does by default.
           Results are unscaled; only the simplex's path changes. On the alliance-rules model the
           share rows (coefficients 0.4 and -0.6) and quota rows (-m, -seats) next to the 0/1
           columns made branch-and-bound 10-25x slower unscaled (docs/benchmarks.md). */
        if (nrows > 0 && ncols > 0) glp_scale_prob(lp, GLP_SF_AUTO);
        current_jump = outer;
        failed = 0;
    }
done:
    free(gia); free(gja); free(gar);
    return failed ? (last_error_out_of_memory ? GS_OUT_OF_MEMORY : GS_GLPK_ERROR) : GS_OK;
}

int gs_set_names(gs_problem *p, const char *const *row_names, const char *const *col_names) {
    REQUIRE_LIVE(p);
    GUARDED({
        glp_create_index(p->lp);
        if (row_names) { int n = glp_get_num_rows(p->lp); for (int i = 0; i < n; i++) glp_set_row_name(p->lp, i + 1, row_names[i]); }
        if (col_names) { int n = glp_get_num_cols(p->lp); for (int j = 0; j < n; j++) glp_set_col_name(p->lp, j + 1, col_names[j]); }
    });
    return GS_OK;
}

int gs_add_row(gs_problem *p, const char *name, int nnz, const int *cols, const double *vals,
               int type, double lb, double ub) {
    REQUIRE_LIVE(p);
    int *ind = malloc(sizeof(int) * (size_t)(nnz + 1));
    double *val = malloc(sizeof(double) * (size_t)(nnz + 1));
    if (!ind || !val) {
        free(ind); free(val);
        snprintf(last_error, sizeof(last_error), "out of memory");
        last_error_out_of_memory = 1;
        return GS_OUT_OF_MEMORY;
    }
    for (int k = 0; k < nnz; k++) { ind[k + 1] = cols[k] + 1; val[k + 1] = vals[k]; }
    int failed = 1;
    {
        jmp_buf jump;
        jmp_buf *outer = current_jump;
        if (setjmp(jump)) { current_jump = outer; goto done; }
        current_jump = &jump;
        output_tail[0] = '\0';
        last_error_out_of_memory = 0;
        glp_term_hook(term_hook, NULL);
        glp_error_hook(error_hook, NULL);
        apply_memory_limit();
        int i = glp_add_rows(p->lp, 1);
        if (name) glp_set_row_name(p->lp, i, name);
        glp_set_mat_row(p->lp, i, nnz, ind, val);
        glp_set_row_bnds(p->lp, i, type, lb, ub);
        current_jump = outer;
        failed = 0;
    }
done:
    free(ind); free(val);
    return failed ? (last_error_out_of_memory ? GS_OUT_OF_MEMORY : GS_GLPK_ERROR) : GS_OK;
}

int gs_set_objective(gs_problem *p, int minimize, const double *objective, double constant) {
    REQUIRE_LIVE(p);
    GUARDED({
        glp_set_obj_dir(p->lp, minimize ? GLP_MIN : GLP_MAX);
        int n = glp_get_num_cols(p->lp);
        for (int j = 0; j < n; j++) glp_set_obj_coef(p->lp, j + 1, objective[j]);
        glp_set_obj_coef(p->lp, 0, constant);
    });
    return GS_OK;
}

int gs_set_row_bounds(gs_problem *p, int row, int type, double lb, double ub) {
    REQUIRE_LIVE(p);
    GUARDED({ glp_set_row_bnds(p->lp, row + 1, type, lb, ub); });
    return GS_OK;
}

int gs_set_col_bounds(gs_problem *p, int col, int type, double lb, double ub) {
    REQUIRE_LIVE(p);
    GUARDED({ glp_set_col_bnds(p->lp, col + 1, type, lb, ub); });
    return GS_OK;
}

int gs_set_col_kind(gs_problem *p, int col, int integer) {
    REQUIRE_LIVE(p);
    GUARDED({ glp_set_col_kind(p->lp, col + 1, integer ? GLP_IV : GLP_CV); });
    return GS_OK;
}

int gs_simplex(gs_problem *p, int time_limit_ms, int iteration_limit, int *ret, int *status) {
    REQUIRE_LIVE(p);
    stopped_here = 0;
    if (stop_requested) { snprintf(last_error, sizeof(last_error), "stopped on request"); return GS_STOPPED; }
    int code = gs_simplex_body(p, time_limit_ms, iteration_limit, ret, status);
    in_simplex = 0;
    if (code != GS_OK && stopped_here) return GS_STOPPED;
    return code;
}

static int gs_simplex_body(gs_problem *p, int time_limit_ms, int iteration_limit, int *ret, int *status) {
    GUARDED({
        in_simplex = 1;
        glp_smcp parm;
        glp_init_smcp(&parm);
        parm.msg_lev = GLP_MSG_ON;
        parm.out_frq = 2000;
        parm.presolve = GLP_OFF;
        if (p->dual_simplex) parm.meth = GLP_DUALP;
        if (time_limit_ms > 0) parm.tm_lim = time_limit_ms;
        if (iteration_limit > 0) parm.it_lim = iteration_limit;
        if (!glp_bf_exists(p->lp)) glp_adv_basis(p->lp, 0);
        *ret = glp_simplex(p->lp, &parm);
        in_simplex = 0;
        *status = glp_get_status(p->lp);
    });
    return GS_OK;
}

typedef struct {
    const double *start;
    int ncols;
    gs_mip_progress_fn progress;
    void *context;
    double bound;
    int bound_known;
    int iteration_start;
    int iteration_limit;
    int work_stopped;
    /* Soft limits (0 = none): once passed, the search ends as soon as it has an incumbent. */
    double soft_deadline;
    int soft_iteration_limit;
    int soft_stopped;
    /* With soft_needs_better, only an incumbent better than the start counts at the soft limit. */
    int soft_needs_better;
    double start_objective;
    int start_offered;
    gs_problem *owner;
} mip_state;

/* Keeps the root LP optimum just solved when it bounds the problem at least as tightly as the one
   kept before (each cut round re-solves the root). Called where GLPK asks for lazy rows: the
   node's LP is optimal there and has passed the bound test. The first root LP comes before any
   incumbent, so its bounds hold for every feasible point. Once an incumbent exists, GLPK fixes
   columns by reduced cost whenever moving them cannot do better than the incumbent; points as
   good as the incumbent may lie beyond those bounds, so a round after such a fix is not kept. */
static void capture_root_lp(glp_tree *tree, gs_problem *p) {
    glp_prob *lp = glp_ios_get_prob(tree);
    if (glp_ios_node_level(tree, glp_ios_curr_node(tree)) != 0 || glp_get_status(lp) != GLP_OPT) return;
    int n = glp_get_num_cols(lp);
    if (p->root_columns != n) {
        free(p->root_values); free(p->root_reduced_costs); free(p->root_statuses); free(p->root_lower); free(p->root_upper);
        p->root_values = malloc(n * sizeof(double));
        p->root_reduced_costs = malloc(n * sizeof(double));
        p->root_statuses = malloc(n * sizeof(int));
        p->root_lower = malloc(n * sizeof(double));
        p->root_upper = malloc(n * sizeof(double));
        p->root_columns = (p->root_values && p->root_reduced_costs && p->root_statuses && p->root_lower && p->root_upper) ? n : 0;
        p->root_bounds_known = 0;
        if (p->root_columns == 0) return;
    }
    if (!p->root_bounds_known) {
        for (int j = 0; j < n; j++) { p->root_lower[j] = glp_get_col_lb(lp, j + 1); p->root_upper[j] = glp_get_col_ub(lp, j + 1); }
        p->root_bounds_known = 1;
    } else {
        for (int j = 0; j < n; j++)
            if (glp_get_col_lb(lp, j + 1) != p->root_lower[j] || glp_get_col_ub(lp, j + 1) != p->root_upper[j]) return;
    }
    double objective = glp_get_obj_val(lp);
    int maximize = glp_get_obj_dir(lp) == GLP_MAX;
    if (p->root_captured && (maximize ? objective > p->root_objective : objective < p->root_objective)) return;
    for (int j = 0; j < n; j++) {
        p->root_values[j] = glp_get_col_prim(lp, j + 1);
        p->root_reduced_costs[j] = glp_get_col_dual(lp, j + 1);
        p->root_statuses[j] = glp_get_col_stat(lp, j + 1);
    }
    p->root_objective = objective;
    p->root_captured = 1;
}

static void mip_callback(glp_tree *tree, void *info) {
    mip_state *state = info;
    int reason = glp_ios_reason(tree);
    if (reason == GLP_IROWGEN && state->owner->capture_root) capture_root_lp(tree, state->owner);
    if (reason == GLP_IHEUR && state->start) {
        /* Offered once; GLPK ignores it if it is worse than the incumbent or infeasible. */
        glp_prob *lp = glp_ios_get_prob(tree);
        double value = glp_get_obj_coef(lp, 0);
        for (int j = 1; j <= state->ncols; j++) value += glp_get_obj_coef(lp, j) * state->start[j - 1];
        state->start_objective = value;
        state->start_offered = 1;
        glp_ios_heur_sol(tree, state->start - 1);
        state->start = NULL;
    }
    if (reason == GLP_IBINGO || reason == GLP_ISELECT || reason == GLP_IPREPRO || reason == GLP_IBRANCH) {
        int best = glp_ios_best_node(tree);
        if (best != 0) { state->bound = glp_ios_node_bound(tree, best); state->bound_known = 1; }
        if (state->progress) {
            glp_prob *lp = glp_ios_get_prob(tree);
            int has = glp_mip_status(lp) == GLP_FEAS || glp_mip_status(lp) == GLP_OPT;
            double incumbent = has ? glp_mip_obj_val(lp) : 0.0;
            double gap = has ? glp_ios_mip_gap(tree) : 1.0 / 0.0;
            if (state->progress(state->context, has, incumbent, state->bound, gap)) glp_ios_terminate(tree);
        }
    }
    if ((state->soft_deadline > 0 || state->soft_iteration_limit > 0) && reason != GLP_IHEUR) {
        glp_prob *lp = glp_ios_get_prob(tree);
        int has = glp_mip_status(lp) == GLP_FEAS || glp_mip_status(lp) == GLP_OPT;
        if (has && state->soft_needs_better && state->start_offered) {
            double value = glp_mip_obj_val(lp), margin = 1e-9 * (1.0 + fabs(state->start_objective));
            has = glp_get_obj_dir(lp) == GLP_MAX ? value > state->start_objective + margin : value < state->start_objective - margin;
        }
        int passed = (state->soft_deadline > 0 && glp_time() >= state->soft_deadline)
            || (state->soft_iteration_limit > 0 && glp_get_it_cnt(lp) - state->iteration_start >= state->soft_iteration_limit);
        if (has && passed) { state->soft_stopped = 1; glp_ios_terminate(tree); }
    }
    if (state->iteration_limit > 0
        && glp_get_it_cnt(glp_ios_get_prob(tree)) - state->iteration_start >= state->iteration_limit) {
        state->work_stopped = 1;
        glp_ios_terminate(tree);
    }
    if (stop_requested) glp_ios_terminate(tree);
}

int gs_intopt(gs_problem *p, int time_limit_ms, int iteration_limit, double mip_gap, const double *start,
              int fast_nodes, int gomory_cuts, int soft_time_limit_ms, int soft_iteration_limit, int soft_needs_better,
              gs_mip_progress_fn progress, void *context,
              int *ret, int *status, double *bound, int *work_stopped, int *soft_stopped) {
    REQUIRE_LIVE(p);
    mip_state state = { start, 0, progress, context, 0.0, 0, 0, iteration_limit, 0, 0.0, soft_iteration_limit, 0,
                        soft_needs_better, 0.0, 0, p };
    p->root_captured = 0;
    p->root_bounds_known = 0;
    *work_stopped = 0;
    *soft_stopped = 0;
    GUARDED({
        state.iteration_start = glp_get_it_cnt(p->lp);
        state.ncols = glp_get_num_cols(p->lp);
        if (soft_time_limit_ms > 0) state.soft_deadline = glp_time() + (double)soft_time_limit_ms;
        glp_iocp parm;
        glp_init_iocp(&parm);
        parm.msg_lev = GLP_MSG_ON;
        parm.out_frq = 2000;
        /* No presolve: branch-and-bound starts from the optimal LP relaxation the caller has just
           found, and a heuristic start is expressed in the original columns (with presolve on,
           GLPK would read it in the presolved problem's columns, unchecked). */
        parm.presolve = GLP_OFF;
        parm.mip_gap = mip_gap;
        /* Gomory's cuts only: they close the root gaps of the alliance models (without them
           rank_maximal ran past 300 s); MIR, cover and clique cuts added work and no speed there
           (CPU with them 1.13 / 2.35 / 1.83 / 7.3 s, without 1.04 / 1.89 / 1.56 / 6.8 s for
           alliance-rules, max_min_university_rate, min_worst_rank, rank_maximal;
           docs/benchmarks.md, 2026-12-05 afternoon). Off when asked: a search with the decisions
           fixed (DecisionsFirst) and diving. */
        parm.gmi_cuts = gomory_cuts ? GLP_ON : GLP_OFF;
        parm.mir_cuts = GLP_OFF;
        parm.cov_cuts = GLP_OFF;
        parm.clq_cuts = GLP_OFF;
        /* The feasibility pump only where diving is asked for (large scheduling models): on the
           alliance models it doubled the time to optimality (docs/benchmarks.md). */
        parm.fp_heur = fast_nodes ? GLP_ON : GLP_OFF;
        if (fast_nodes) parm.br_tech = GLP_BR_MFV;
        if (time_limit_ms > 0) parm.tm_lim = time_limit_ms;
        parm.cb_func = mip_callback;
        parm.cb_info = &state;
        *ret = glp_intopt(p->lp, &parm);
        *status = glp_mip_status(p->lp);
        *bound = state.bound_known ? state.bound : (*status == GLP_OPT ? glp_mip_obj_val(p->lp) : 0.0);
        if (*status == GLP_OPT) *bound = glp_mip_obj_val(p->lp);
        *work_stopped = state.work_stopped;
        *soft_stopped = state.soft_stopped;
    });
    return GS_OK;
}

int gs_get_basis(gs_problem *p, int *row_stat, int *col_stat) {
    REQUIRE_LIVE(p);
    GUARDED({
        int m = glp_get_num_rows(p->lp);
        int n = glp_get_num_cols(p->lp);
        for (int i = 0; i < m; i++) row_stat[i] = glp_get_row_stat(p->lp, i + 1);
        for (int j = 0; j < n; j++) col_stat[j] = glp_get_col_stat(p->lp, j + 1);
    });
    return GS_OK;
}

int gs_set_basis(gs_problem *p, int nrows, const int *row_stat, int ncols, const int *col_stat, int *used) {
    REQUIRE_LIVE(p);
    *used = 0;
    GUARDED({
        int m = glp_get_num_rows(p->lp);
        int n = glp_get_num_cols(p->lp);
        /* A basis of another shape (fewer columns, more rows) cannot be completed: leave it. */
        if (nrows <= m && ncols == n) {
            for (int i = 1; i <= m; i++) glp_set_row_stat(p->lp, i, i <= nrows ? row_stat[i - 1] : GLP_BS);
            for (int j = 1; j <= n; j++) glp_set_col_stat(p->lp, j, col_stat[j - 1]);
            /* gs_simplex starts from a factorized basis as it is, and builds an advanced basis
               when none is (here: the saved one is singular or ill-conditioned). */
            *used = glp_factorize(p->lp) == 0;
        }
    });
    return GS_OK;
}

int gs_iteration_count(gs_problem *p) {
    if (!p || !p->lp || p->generation != environment_generation) return 0;
    return glp_get_it_cnt(p->lp);
}

int gs_get_solution(gs_problem *p, int is_mip, double *out, double *objective) {
    REQUIRE_LIVE(p);
    GUARDED({
        int n = glp_get_num_cols(p->lp);
        for (int j = 0; j < n; j++) out[j] = is_mip ? glp_mip_col_val(p->lp, j + 1) : glp_get_col_prim(p->lp, j + 1);
        *objective = is_mip ? glp_mip_obj_val(p->lp) : glp_get_obj_val(p->lp);
    });
    return GS_OK;
}

int gs_get_row_duals(gs_problem *p, double *out) {
    REQUIRE_LIVE(p);
    GUARDED({
        int m = glp_get_num_rows(p->lp);
        for (int i = 0; i < m; i++) out[i] = glp_get_row_dual(p->lp, i + 1);
    });
    return GS_OK;
}

int gs_get_col_duals(gs_problem *p, double *out) {
    REQUIRE_LIVE(p);
    GUARDED({
        int n = glp_get_num_cols(p->lp);
        for (int j = 0; j < n; j++) out[j] = glp_get_col_dual(p->lp, j + 1);
    });
    return GS_OK;
}

int gs_get_col_bounds(gs_problem *p, int col, double *lb, double *ub) {
    REQUIRE_LIVE(p);
    GUARDED({
        *lb = glp_get_col_lb(p->lp, col + 1);
        *ub = glp_get_col_ub(p->lp, col + 1);
    });
    return GS_OK;
}

void gs_set_capture_root(gs_problem *p, int on) {
    if (p) p->capture_root = on;
}

int gs_root_lp(gs_problem *p, double *objective, double *values, double *reduced_costs, int *statuses) {
    if (!p || !p->root_captured || !p->lp || p->generation != environment_generation) return 0;
    if (p->root_columns != glp_get_num_cols(p->lp)) return 0;
    size_t n = (size_t)p->root_columns;
    *objective = p->root_objective;
    memcpy(values, p->root_values, n * sizeof(double));
    memcpy(reduced_costs, p->root_reduced_costs, n * sizeof(double));
    memcpy(statuses, p->root_statuses, n * sizeof(int));
    return 1;
}

int gs_num_rows(gs_problem *p) {
    if (!p || !p->lp || p->generation != environment_generation) return 0;
    return glp_get_num_rows(p->lp);
}

int gs_num_cols(gs_problem *p) {
    if (!p || !p->lp || p->generation != environment_generation) return 0;
    return glp_get_num_cols(p->lp);
}

int gs_write(gs_problem *p, int format, const char *path) {
    REQUIRE_LIVE(p);
    int rc = 0;
    GUARDED({ rc = format == 0 ? glp_write_lp(p->lp, NULL, path) : glp_write_mps(p->lp, GLP_MPS_FILE, NULL, path); });
    if (rc != 0) {
        snprintf(last_error, sizeof(last_error), "GLPK could not write %s", path);
        return GS_WRITE_FAILED;
    }
    return GS_OK;
}

int gs_provoke_error(gs_problem *p) {
    REQUIRE_LIVE(p);
    GUARDED({ glp_set_col_bnds(p->lp, glp_get_num_cols(p->lp) + 7, GLP_LO, 0.0, 0.0); });
    return GS_OK;
}

/* The constraint matrix row by row or column by column, in the order glp_get_mat_row and
   glp_get_mat_col give it, kept for one call of gs_gomory_cuts. */
typedef struct {
    int *start; /* row (column) i's entries are start[i-1] .. start[i]-1, from 1 */
    int *index;
    double *value;
} matrix_copy;

/* Copies the count rows (or columns) that get (glp_get_mat_row or glp_get_mat_col) gives, in its
   order; ind and val are scratch arrays long enough for any one of them. */
static void copy_matrix(glp_prob *lp, int count, int (*get)(glp_prob *, int, int[], double[]), matrix_copy *copy, int *ind, double *val) {
    copy->start[0] = 0;
    for (int i = 1; i <= count; i++) {
        int len = get(lp, i, ind, val);
        for (int q = 1; q <= len; q++) { copy->index[copy->start[i - 1] + q - 1] = ind[q]; copy->value[copy->start[i - 1] + q - 1] = val[q]; }
        copy->start[i] = copy->start[i - 1] + len;
    }
}

/* Row k of the simplex tableau exactly as glp_eval_tab_row computes it (the same sums in the same
   order, so the same cuts), but from a column-wise copy of the matrix: glp_eval_tab_row reads
   every nonbasic column through glp_get_mat_col (3,000 students: 40 ms a row over 121,194
   columns, most of a cut round). */
static int tableau_row(glp_prob *lp, int m, int n, int k, const matrix_copy *columns, double *rho, int *ind, double *val) {
    int i = k <= m ? glp_get_row_bind(lp, k) : glp_get_col_bind(lp, k - m);
    for (int t = 1; t <= m; t++) rho[t] = 0.0;
    rho[i] = 1.0;
    glp_btran(lp, rho);
    int len = 0;
    for (int r = 1; r <= m; r++) {
        if (glp_get_row_stat(lp, r) == GLP_BS) continue;
        double alpha = -rho[r];
        if (alpha != 0.0) { len++; ind[len] = r; val[len] = alpha; }
    }
    for (int j = 1; j <= n; j++) {
        if (glp_get_col_stat(lp, j) == GLP_BS) continue;
        double alpha = 0.0;
        for (int q = columns->start[j - 1]; q < columns->start[j]; q++) alpha += rho[columns->index[q]] * columns->value[q];
        if (alpha != 0.0) { len++; ind[len] = m + j; val[len] = alpha; }
    }
    return len;
}

/* Gomory mixed-integer cuts from the current optimal basis (see glpk_shim.h). A nonbasic column
   fixed at 0 counts as at its lower bound 0: the restricted LP of column generation holds the
   columns it has not allowed there, and a cut must hold for them too. */
static int gomory_cut_from_row(glp_prob *lp, int m, int n, int k, const int *row_integral, const matrix_copy *rows,
                               const matrix_copy *columns, double *rho, int *ind, double *val, double *dense, int *touched,
                               int *touched_count, double *rhs) {
    int len = tableau_row(lp, m, n, k, columns, rho, ind, val);
    double beta = k <= m ? glp_get_row_prim(lp, k) : glp_get_col_prim(lp, k - m);
    double f0 = beta - floor(beta);
    if (f0 < 0.01 || f0 > 0.99) return 0;
    double right = 1.0;
    double check = 0.0;
    *touched_count = 0;
    for (int t = 1; t <= len; t++) {
        int v = ind[t];
        double alpha = val[t];
        if (fabs(alpha) < 1e-11) continue;
        int stat, integral;
        double lb, ub, value;
        if (v <= m) {
            stat = glp_get_row_stat(lp, v); lb = glp_get_row_lb(lp, v); ub = glp_get_row_ub(lp, v); value = glp_get_row_prim(lp, v);
            integral = row_integral[v];
        } else {
            int j = v - m;
            stat = glp_get_col_stat(lp, j); lb = glp_get_col_lb(lp, j); ub = glp_get_col_ub(lp, j); value = glp_get_col_prim(lp, j);
            integral = glp_get_col_kind(lp, j) != GLP_CV;
        }
        check += alpha * value;
        double bound, sign; /* t = sign·(x − bound) ≥ 0 */
        if (stat == GLP_NL) { bound = lb; sign = 1; }
        else if (stat == GLP_NU) { bound = ub; sign = -1; }
        else if (stat == GLP_NS) {
            if (v <= m) continue; /* an equality row's slack is 0 at every point */
            if (value != 0.0 || lb != 0.0) return 0;
            bound = 0; sign = 1;
        } else return 0; /* a free nonbasic variable */
        if (integral && bound != floor(bound)) integral = 0;
        double a = -sign * alpha; /* x_k + Σ a·t = β */
        double g;
        if (integral) {
            double f = a - floor(a);
            if (f < 1e-9 || f > 1 - 1e-9) continue;
            g = f <= f0 ? f / f0 : (1 - f) / (1 - f0);
        } else {
            g = a >= 0 ? a / f0 : -a / (1 - f0);
        }
        if (g == 0) continue;
        /* g·t = g·sign·x − g·sign·bound */
        double c = g * sign;
        right += c * bound;
        if (v <= m) {
            for (int q = rows->start[v - 1]; q < rows->start[v]; q++) {
                int j = rows->index[q];
                if (dense[j] == 0) touched[(*touched_count)++] = j;
                dense[j] += c * rows->value[q];
                if (dense[j] == 0) dense[j] = 1e-300;
            }
        } else {
            int j = v - m;
            if (dense[j] == 0) touched[(*touched_count)++] = j;
            dense[j] += c;
            if (dense[j] == 0) dense[j] = 1e-300;
        }
    }
    if (fabs(check - beta) > 1e-6 * (1 + fabs(beta))) return 0;
    *rhs = right;
    return 1;
}

int gs_gomory_cuts(gs_problem *p, int max_cuts, int max_tries, int max_length, gs_cuts *out) {
    REQUIRE_LIVE(p);
    memset(out, 0, sizeof(*out));
    glp_prob *lp = p->lp;
    int m = glp_get_num_rows(lp), n = glp_get_num_cols(lp);
    int *row_integral = calloc((size_t)m + 1, sizeof(int));
    int *ind = malloc(sizeof(int) * (size_t)(2 * (m + n) + 2));
    double *val = malloc(sizeof(double) * (size_t)(2 * (m + n) + 2));
    double *dense = calloc((size_t)n + 1, sizeof(double));
    int *touched = malloc(sizeof(int) * (size_t)(n + 1));
    int *candidates = malloc(sizeof(int) * (size_t)(n + 1));
    double *fractions = malloc(sizeof(double) * (size_t)(n + 1));
    double *rho = malloc(sizeof(double) * (size_t)(m + 1));
    int nonzeros = glp_get_num_nz(lp);
    matrix_copy rows = {malloc(sizeof(int) * (size_t)(m + 1)), malloc(sizeof(int) * (size_t)(nonzeros + 1)),
                        malloc(sizeof(double) * (size_t)(nonzeros + 1))};
    matrix_copy columns = {malloc(sizeof(int) * (size_t)(n + 1)), malloc(sizeof(int) * (size_t)(nonzeros + 1)),
                           malloc(sizeof(double) * (size_t)(nonzeros + 1))};
    size_t capacity = 1024, used = 0;
    out->start = malloc(sizeof(int) * (size_t)(max_cuts + 1));
    out->lower = malloc(sizeof(double) * (size_t)(max_cuts + 1));
    out->columns = malloc(sizeof(int) * capacity);
    out->values = malloc(sizeof(double) * capacity);
    if (!row_integral || !ind || !val || !dense || !touched || !candidates || !fractions || !rho || !rows.start || !rows.index ||
        !rows.value || !columns.start || !columns.index || !columns.value || !out->start || !out->lower || !out->columns || !out->values) {
        free(row_integral); free(ind); free(val); free(dense); free(touched); free(candidates); free(fractions);
        free(rho); free(rows.start); free(rows.index); free(rows.value); free(columns.start); free(columns.index); free(columns.value);
        gs_free_cuts(out);
        snprintf(last_error, sizeof(last_error), "out of memory generating cuts");
        last_error_out_of_memory = 1;
        return GS_OUT_OF_MEMORY;
    }
    int failed = 1;
    GUARDED({
        if (glp_get_status(lp) != GLP_OPT) { failed = 0; goto finish; }
        if (!glp_bf_exists(lp) && glp_factorize(lp) != 0) { failed = 0; goto finish; }
        /* The row-wise copy; a row's slack is integral when its coefficients, columns and bounds are. */
        copy_matrix(lp, m, glp_get_mat_row, &rows, ind, val);
        copy_matrix(lp, n, glp_get_mat_col, &columns, ind, val);
        for (int i = 1; i <= m; i++) {
            int ok = 1;
            for (int q = rows.start[i - 1]; q < rows.start[i] && ok; q++)
                ok = rows.value[q] == floor(rows.value[q]) && glp_get_col_kind(lp, rows.index[q]) != GLP_CV;
            double lb = glp_get_row_lb(lp, i), ub = glp_get_row_ub(lp, i);
            row_integral[i] = ok && lb == floor(lb) && ub == floor(ub);
        }
        /* Basic integer columns by fractionality, the most fractional first. */
        int count = 0;
        for (int j = 1; j <= n; j++) {
            if (glp_get_col_kind(lp, j) == GLP_CV || glp_get_col_stat(lp, j) != GLP_BS) continue;
            double x = glp_get_col_prim(lp, j), f = x - floor(x);
            if (f < 0.01 || f > 0.99) continue;
            candidates[count] = j;
            fractions[j] = fabs(f - 0.5);
            count++;
        }
        for (int a = 1; a < count; a++) { /* insertion sort by distance from one half, then index */
            int c = candidates[a], b = a - 1;
            while (b >= 0 && (fractions[candidates[b]] > fractions[c] || (fractions[candidates[b]] == fractions[c] && candidates[b] > c))) {
                candidates[b + 1] = candidates[b]; b--;
            }
            candidates[b + 1] = c;
        }
        out->start[0] = 0;
        for (int a = 0; a < count && a < max_tries && out->count < max_cuts; a++) {
            int touched_count = 0;
            double rhs = 0;
            int ok = gomory_cut_from_row(lp, m, n, m + candidates[a], row_integral, &rows, &columns, rho, ind, val, dense, touched, &touched_count, &rhs);
            /* Keep it when it is short enough, well scaled and cuts the LP point off. */
            double largest = 0, smallest = INFINITY, activity = 0;
            int length = 0;
            if (ok) {
                for (int q = 0; q < touched_count; q++) {
                    int j = touched[q];
                    double c = dense[j];
                    if (fabs(c) < 1e-200) continue;
                    length++;
                    largest = fmax(largest, fabs(c)); smallest = fmin(smallest, fabs(c));
                    activity += c * glp_get_col_prim(lp, j);
                }
            }
            int keep = ok && length > 0 && length <= max_length && largest <= 1e6 * smallest && activity < rhs - 1e-6 * fmax(1.0, fabs(rhs));
            if (keep && used + (size_t)length > capacity) {
                while (used + (size_t)length > capacity) capacity *= 2;
                int *columns = realloc(out->columns, sizeof(int) * capacity);
                if (columns) out->columns = columns;
                double *values = realloc(out->values, sizeof(double) * capacity);
                if (values) out->values = values;
                if (!columns || !values) keep = 0;
            }
            for (int q = 0; q < touched_count; q++) {
                int j = touched[q];
                if (keep && fabs(dense[j]) >= 1e-200) { out->columns[used] = j - 1; out->values[used] = dense[j]; used++; }
                dense[j] = 0;
            }
            if (keep) {
                out->lower[out->count] = rhs;
                out->count++;
                out->start[out->count] = (int)used;
            }
        }
        failed = 0;
    finish:;
    });
    free(row_integral); free(ind); free(val); free(dense); free(touched); free(candidates); free(fractions);
    free(rho); free(rows.start); free(rows.index); free(rows.value); free(columns.start); free(columns.index); free(columns.value);
    if (failed) { gs_free_cuts(out); return GS_GLPK_ERROR; }
    return GS_OK;
}

void gs_free_cuts(gs_cuts *cuts) {
    free(cuts->start); free(cuts->columns); free(cuts->values); free(cuts->lower);
    memset(cuts, 0, sizeof(*cuts));
}

void gs_set_dual_simplex(gs_problem *p, int on) {
    if (p) p->dual_simplex = on;
}

int gs_delete_rows_from(gs_problem *p, int first) {
    REQUIRE_LIVE(p);
    GUARDED({
        int m = glp_get_num_rows(p->lp);
        int count = m - first;
        if (count > 0) {
            int *rows = malloc(sizeof(int) * (size_t)(count + 1));
            if (rows) {
                for (int k = 1; k <= count; k++) rows[k] = first + k;
                glp_del_rows(p->lp, count, rows);
                free(rows);
            }
        }
    });
    return GS_OK;
}
