#!/usr/bin/env python3
"""alliance-rules with one more lock: times `placement solve` on copies of Scenarios/alliance-rules
whose rules lock a random student to one of her top-3 bases (a coordinator's typical edit).

    python3 benchmarks/perturbed_locks.py --seed 3 --count 6 [--bin .build/release/placement]

Prints, per copy, the lock, the wall time and each stage's value and status. Copies whose lock the
rules forbid end infeasible (with the diagnosis), as they should.
"""
import argparse, csv, json, os, shutil, subprocess, tempfile, time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
source = os.path.join(root, "Scenarios", "alliance-rules")
anchor = "    - { student: S000006, base: B00174, term: 2027-S1 }"

ap = argparse.ArgumentParser()
ap.add_argument("--seed", type=int, default=3)
ap.add_argument("--count", type=int, default=6)
ap.add_argument("--bin", default=os.path.join(root, ".build", "release", "placement"))
args = ap.parse_args()

import random
rng = random.Random(args.seed)
students = [r for r in csv.DictReader(open(os.path.join(source, "students.csv"), encoding="utf-8-sig")) if r["preferences"].strip()]
work = tempfile.mkdtemp(prefix="perturbed-locks-")
for trial in range(args.count):
    student = rng.choice(students)
    base = rng.choice([b.strip() for b in student["preferences"].split(">")][:3])
    folder = os.path.join(work, f"lock{trial}")
    shutil.copytree(source, folder)
    path = os.path.join(folder, "scenario.yaml")
    text = open(path, encoding="utf-8").read()
    assert anchor in text, "alliance-rules' lock list changed: update the anchor line"
    open(path, "w", encoding="utf-8").write(text.replace(anchor, anchor + f"\n    - {{ student: {student['id']}, base: {base} }}"))
    started = time.time()
    run = subprocess.run([args.bin, "solve", path, "--out", os.path.join(folder, "out"), "--force", "--quiet"], capture_output=True, text=True)
    seconds = time.time() - started
    try:
        report = json.load(open(os.path.join(folder, "out", "report.json")))
        stages = ", ".join(f"{o['name']} {o['value']} ({o['status']})" for o in report["solver"]["objectives"])
    except (OSError, ValueError):
        stages = "no report: " + run.stderr.strip().splitlines()[-1][:160]
    print(f"{student['id']} at {base}: {seconds:.2f} s wall; {stages}", flush=True)
shutil.rmtree(work)
