#!/usr/bin/env python3
"""Solve an exported MPS model with CBC or HiGHS under a wall-clock limit; one JSON line out.

    python3 benchmarks/mps_peer.py MODEL.mps --solver cbc|highs --time-limit SECONDS [--max]

For the schedule suite of benchmarks/run.py: the model is stage 1 of `placement export-model
--format mps --pooled-mentors --first-stage-only` (maximise placed students), with short names
(benchmarks/mps_short_names.py). MPS does not record the objective sense: pass --max for a
maximised stage (objectives.txt says which). Output: status (optimal / time limit / ...),
objective (best integer point, null if none), bound (the solver's dual bound), gap
(|bound - objective| / max(1, |objective|)), solve_s (wall of the solver call), solver_version.
CBC: the `cbc` program (coinor-cbc), `-timeMode elapsed -sec` limit (wall clock). HiGHS: highspy, `time_limit`.
"""
import argparse
import json
import re
import subprocess
import sys
import time


def gap(objective, bound):
    if objective is None or bound is None:
        return None
    return abs(bound - objective) / max(1.0, abs(objective))


def run_cbc(path, tl, maximise):
    # -sec counts CPU seconds unless -timeMode elapsed: a wall limit, like the other solvers'
    cmd = ["cbc", path] + (["-max"] if maximise else []) + ["-timeMode", "elapsed", "-sec", str(tl), "-solve", "-quit"]
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    out = p.stdout
    res = dict(solver="cbc", solve_s=wall, returncode=p.returncode)
    m = re.search(r"Version:\s*(\S+)", out)
    res["solver_version"] = f"CBC {m.group(1)}" if m else "CBC ?"
    m = re.search(r"^Result - (.*)$", out, re.M)
    result = m.group(1).strip() if m else None
    if p.returncode != 0 or result is None:
        res.update(status=f"crashed rc={p.returncode}", log_tail=(out + p.stderr)[-800:])
        return res
    res["status"] = "optimal" if result.startswith("Optimal") else (
        "time limit" if "time" in result.lower() else result.lower())
    m = re.search(r"^Objective value:\s*(\S+)", out, re.M)
    objective = float(m.group(1)) if m and "No feasible" not in result else None
    if result.startswith("Stopped") and "No feasible solution" in out:
        objective = None
    # CBC minimises internally and prints its bound for the minimisation: for -max the sign flips
    m = re.search(r"^(?:Lower|Upper) bound:\s*(\S+)", out, re.M)
    bound = float(m.group(1)) if m else None
    if res["status"] == "optimal":
        bound = objective
    elif bound is not None and maximise and objective is not None and bound < 0 < objective:
        bound = -bound
    res.update(objective=objective, bound=bound, gap=gap(objective, bound), nodes=_int(r"Enumerated nodes:\s*(\d+)", out))
    return res


def _int(pattern, text):
    m = re.search(pattern, text)
    return int(m.group(1)) if m else None


def run_highs(path, tl, maximise):
    import highspy
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    t0 = time.perf_counter()
    h.readModel(path)
    if maximise:
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    h.setOptionValue("time_limit", float(tl))
    h.setOptionValue("mip_rel_gap", 0.0)
    h.run()
    wall = time.perf_counter() - t0
    status = h.modelStatusToString(h.getModelStatus())
    info = h.getInfo()
    has_point = info.primal_solution_status == 2  # kSolutionStatusFeasible
    objective = info.objective_function_value if has_point else None
    bound = info.mip_dual_bound if abs(info.mip_dual_bound) < 1e30 else None
    st = "optimal" if status == "Optimal" else ("time limit" if "Time limit" in status else status.lower())
    if st == "optimal":
        bound = objective
    return dict(solver="highs", solve_s=wall, status=st, objective=objective, bound=bound, gap=gap(objective, bound),
                nodes=int(info.mip_node_count), solver_version=f"HiGHS {h.version()}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model")
    ap.add_argument("--solver", choices=["cbc", "highs"], required=True)
    ap.add_argument("--time-limit", type=float, required=True)
    ap.add_argument("--max", action="store_true", help="maximise (MPS has no objective sense)")
    a = ap.parse_args()
    fn = run_cbc if a.solver == "cbc" else run_highs
    print(json.dumps(fn(a.model, a.time_limit, a.max)))


if __name__ == "__main__":
    sys.exit(main())
