#!/usr/bin/env python3
"""LP bound of an exported stage model with HiGHS's interior point method (then crossover).

For scheduled scenarios too large for GLPK's simplex (docs/scheduling.md, "Large scenarios"):
the bound tells how far the greedy schedule is from optimal. Export the first stage without
solving it, then run this script:

    placement export-model SCENARIO --format mps --out /tmp/x --pooled-mentors --first-stage-only
    python3 benchmarks/lp_bound_highs.py /tmp/x/stage1-placed.mps --max

(pip install highspy). MPS files do not record the objective sense: pass --max for a maximised
stage, as objectives.txt says.
"""
import sys
import time

import highspy
import numpy as np


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        sys.exit(__doc__)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.readModel(args[0])
    lp = h.getLp()
    if "--max" in sys.argv:
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    columns = np.arange(lp.num_col_, dtype=np.int32)
    h.changeColsIntegrality(lp.num_col_, columns, np.array([highspy.HighsVarType.kContinuous] * lp.num_col_))
    h.setOptionValue("solver", "ipm")
    h.setOptionValue("run_crossover", "on")
    h.setOptionValue("threads", 1)
    started = time.time()
    h.run()
    info = h.getInfo()
    print(f"{args[0]}: {lp.num_row_} rows, {lp.num_col_} columns; LP relaxation {info.objective_function_value:.6f} "
          f"({h.modelStatusToString(h.getModelStatus())}, {info.ipm_iteration_count} IPM iterations, {time.time() - started:.1f} s)")


if __name__ == "__main__":
    main()
