#!/usr/bin/env python3
"""Compare placement's stable placements with the shared bench's deferred acceptance, student by student.

    python3 benchmarks/stable_check.py INSTANCE.json REPORT_DIR/placements.csv [--bench-dir DIR]

INSTANCE is a bench instance (gen.py); the placements come from `placement solve` of its import
(`placement import`, then `stability: required` in the policy). The bench's own code computes its
stable matching (common.py `Eligible`, peers.py `stable_inputs` + `run_da`: the student-optimal
stable matching, unique since the bases' rankings are strict). Prints one JSON line: students,
agreeing, differing (with the first few differences), both matchings' digests in the bench's
format (`match_digest` of `peers.py --model stable`), and whether placement's matching is stable
by the bench's own check. Exit status 1 when a student differs.
"""
import argparse
import csv
import json
import os
import sys
import time


def find_bench(arg):
    here = os.path.dirname(os.path.abspath(__file__))
    for c in [arg, os.environ.get("PLACEMENT_BENCH_DIR"), os.path.join(here, "..", "..", "shared", "bench"),
              "/work/shared/bench"]:
        if c and os.path.exists(os.path.join(c, "peers.py")):
            return os.path.abspath(c)
    sys.exit("stable_check.py: cannot find the shared bench; pass --bench-dir")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("instance")
    ap.add_argument("placements", help="placements.csv of placement's report")
    ap.add_argument("--bench-dir")
    a = ap.parse_args()
    sys.path.insert(0, find_bench(a.bench_dir))
    import common  # noqa: E402  (the bench's modules, used where they stand)
    import peers  # noqa: E402

    t0 = time.perf_counter()
    inst = common.load(a.instance)
    el = common.Eligible(inst)
    s_prefs, h_prefs = peers.stable_inputs(el)
    bench = peers.run_da(el, s_prefs, h_prefs)["match"]
    nt = len(el.terms)
    student_index = {s["id"]: i for i, s in enumerate(inst["students"])}
    base_index = {b["id"]: i for i, b in enumerate(inst["bases"])}
    term_index = {t: i for i, t in enumerate(el.terms)}

    # placement's matching in the bench's encoding: hospital h = base index * terms + term index
    ours = [-1] * el.n_students
    with open(a.placements, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            if row.get("status") == "placed" and row.get("base_id"):
                ours[student_index[row["student_id"]]] = base_index[row["base_id"]] * nt + term_index[row["term"]]

    def label(h):
        return "unplaced" if h < 0 else f"{inst['bases'][h // nt]['id']}/{el.terms[h % nt]}"

    differ = [i for i in range(el.n_students) if ours[i] != bench[i]]
    stable, why = peers.check_stable(el, s_prefs, h_prefs, ours)
    print(json.dumps(dict(
        students=el.n_students, agreeing=el.n_students - len(differ), differing=len(differ),
        placed=sum(1 for h in ours if h >= 0), bench_placed=sum(1 for h in bench if h >= 0),
        examples=[f"{inst['students'][i]['id']}: placement {label(ours[i])}, bench {label(bench[i])}" for i in differ[:5]],
        placement_digest=peers._digest(ours), bench_digest=peers._digest(bench),
        placement_stable_by_bench_check=bool(stable), bench_check_message=why,
        check_s=round(time.perf_counter() - t0, 2)), ensure_ascii=False))
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
