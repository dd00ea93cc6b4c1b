#!/usr/bin/env python3
"""Benchmark `placement` against peer solvers on the shared bench's instances, side by side, in one command.

    python3 benchmarks/run.py [--suite core,side,stable,schedule]
                              [--sizes 5000,20000,100000] [--peers mcf,highs-nopre,cbc,cpsat-maxlp,glpk-lp]
                              [--side-sizes 5000,20000,100000] [--side-peers cbc,highs]
                              [--stable-sizes 100000] [--stable-peers da]
                              [--schedule-sizes 300,3000,15000] [--schedule-peers cbc,highs] [--schedule-time-limit 600]
                              [--seed 1] [--time-limit 300] [--skip-build] [--no-skip] [--ref REF]
                              [--generate-only] [--doc-only]

Suites (see benchmarks/README.md):
  core      the bench's core model (transportation): placement vs min-cost flow, HiGHS, CBC, CP-SAT, glpsol;
  side      the side model (`placement import --side`: minimum interns, nationality shares) vs the bench's
            side-model peers (CBC, HiGHS), objectives checked equal;
  stable    `stability: required` on the core import vs the bench's deferred acceptance, student by student
            (benchmarks/stable_check.py);
  schedule  week-level schedules (make_schedule_scenario.py): placement under a time limit vs CBC and HiGHS on
            the exported pooled first stage (benchmarks/mps_peer.py), placed / bound / gap for each.
Each suite writes its own region of docs/benchmarks.md (<!-- BEGIN suite:NAME --> ... <!-- END suite:NAME -->),
so suites can be run separately and the hand-written sections are kept; raw data: benchmarks/out/results.json
(one entry per suite). Exit status 1 when a check fails (objectives disagree, matchings differ).

Standard library only (the peers need their packages). The shared bench (gen.py, peers.py) is used where it
stands: ../shared/bench beside the project, or --bench-dir / $PLACEMENT_BENCH_DIR.
"""
import argparse
import datetime
import hashlib
import json
import math
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(HERE, "out")
DOC = os.path.join(ROOT, "docs", "benchmarks.md")
BUILD_DIR = ".build-release"
BIN = os.path.join(ROOT, BUILD_DIR, "release", "placement")
GNU_TIME = "/usr/bin/time"

DEFAULT_SIZES = [5000, 20000, 100000]
DEFAULT_PEERS = ["mcf", "highs-nopre", "cbc", "cpsat-maxlp", "glpk-lp"]
PEER_LABEL = {"mcf": "OR-Tools min-cost flow", "highs": "HiGHS MIP", "highs-nopre": "HiGHS MIP, presolve off",
              "cbc": "CBC via PuLP", "cpsat": "CP-SAT", "cpsat-maxlp": "CP-SAT, max_lp subsolver",
              "glpk-lp": "glpsol --nomip (LP)", "glpk-mip": "glpsol MIP"}
# Same constants as the bench's run_all.py skip rules.
SKIP_ABOVE_S = 120.0
PREDICT_FACTOR = 2.0
# Peers known (from the bench's reference run, results.md) to be hopeless at a size, even when this run
# has no smaller size to extrapolate from: peer -> (smallest N to skip, reason).
KNOWN_SKIP = {
    "glpk-lp": (100000, "known: 114 s at N=20,000 in the bench's reference run, grows ~N^2.3"),
    "glpk-mip": (100000, "known: 111 s at N=20,000 in the bench's reference run, grows ~N^2.2"),
    "highs": (100000, "known: 25 s at N=20,000 in the bench's reference run, grows ~N^2.2"),
}
# Proven core optima from the bench's results.md (seed 1), keyed by instance name, with the sha256 prefix
# of the instance they belong to (only compared when the generated file has that hash).
REFERENCE = {
    "p1000_s1": ("451fe1bbcb72", 141425),
    "p5000_s1": ("f173d12e7dec", 639445),
    "p20000_s1": ("eca1890210bd", 2859183),
    "p100000_s1": ("cbcb731580df", 14266109),
}


def log(msg=""):
    print(msg, flush=True)


def rel(p):
    return os.path.relpath(p, ROOT)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


# ------------------------------------------------------------------------------------------ environment
def find_bench(arg):
    cands = [arg, os.environ.get("PLACEMENT_BENCH_DIR"), os.path.join(ROOT, "..", "shared", "bench"),
             "/work/shared/bench"]
    for c in cands:
        if c and os.path.exists(os.path.join(c, "peers.py")) and os.path.exists(os.path.join(c, "gen.py")):
            return os.path.abspath(c)
    sys.exit("run.py: cannot find the shared bench (gen.py, peers.py); pass --bench-dir")


def git_commit():
    try:
        head = run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT).stdout.strip() or "unknown"
        # docs/benchmarks.md is this script's own output: rewriting it does not make the code dirty
        st = run(["git", "status", "--porcelain", "--", ".", ":(exclude)docs/benchmarks.md"], cwd=ROOT).stdout
        changed = [ln[3:] for ln in st.splitlines() if ln.strip()]
        return head + ("+dirty" if changed else ""), changed
    except OSError:
        return "unknown", []


def machine():
    cpu = "?"
    mem_gib = None
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem_gib = int(line.split()[1]) / 2**20
    except OSError:
        pass
    nproc = run(["nproc"]).stdout.strip() if shutil.which("nproc") else str(os.cpu_count())
    return dict(nproc=nproc, cpu=cpu, mem_gib=round(mem_gib, 1) if mem_gib else None,
                kernel=f"{platform.system()} {platform.release()}", python=platform.python_version())


def first_line(cmd):
    try:
        p = run(cmd, timeout=30)
        out = (p.stdout + p.stderr).strip().splitlines()
        return out[0].strip() if out else "?"
    except (OSError, subprocess.TimeoutExpired):
        return "not found"


def tool_versions():
    v = {}
    code = ("import importlib.metadata as m\n"
            "for p in ('ortools','highspy','pulp','numpy'):\n"
            "    try: print(p, m.version(p))\n"
            "    except Exception: print(p, 'not installed')\n")
    for line in run([sys.executable, "-c", code]).stdout.splitlines():
        k, _, val = line.partition(" ")
        v[k] = val
    cbc = shutil.which("cbc")
    if cbc:
        p = run([cbc, "-quit"], input="", timeout=30)
        m = re.search(r"Version:\s*(\S+)", p.stdout)
        v["cbc"] = m.group(1) if m else "?"
    else:
        v["cbc"] = "not found"
    m = re.search(r"(\d+\.\d+(\.\d+)?)", first_line(["glpsol", "--version"]))
    v["glpsol"] = m.group(1) if m else "not found"
    v["swift"] = first_line(["swift", "--version"])
    return v


# ------------------------------------------------------------------------------------------ steps
def export_ref(ref):
    """`git archive REF` into benchmarks/out/src-<sha>/ (kept for incremental rebuilds); returns (dir, sha)."""
    p = run(["git", "rev-parse", "--short", ref + "^{commit}"], cwd=ROOT)
    if p.returncode != 0:
        sys.exit(f"run.py: unknown git ref {ref!r}: {p.stderr.strip()}")
    sha = p.stdout.strip()
    src = os.path.join(OUT, f"src-{sha}")
    if not os.path.exists(os.path.join(src, "Package.swift")):
        log(f"== exporting {ref} ({sha}) into {rel(src)}")
        os.makedirs(src, exist_ok=True)
        arch = subprocess.Popen(["git", "archive", sha], cwd=ROOT, stdout=subprocess.PIPE)
        tar = subprocess.run(["tar", "-x", "-C", src], stdin=arch.stdout)
        arch.stdout.close()
        if arch.wait() != 0 or tar.returncode != 0:
            shutil.rmtree(src, ignore_errors=True)
            sys.exit(f"run.py: git archive {sha} failed")
        # Package.resolved is not tracked: reuse the working tree's pins so the build needs no re-resolve
        if os.path.exists(os.path.join(ROOT, "Package.resolved")) and not os.path.exists(
                os.path.join(src, "Package.resolved")):
            shutil.copy(os.path.join(ROOT, "Package.resolved"), src)
    return src, sha


def build_placement(src):
    log(f"== building placement in {rel(src) if src != ROOT else '.'} (release, --scratch-path {BUILD_DIR}) ...")
    t0 = time.perf_counter()
    p = run(["swift", "build", "-c", "release", "--scratch-path", BUILD_DIR, "--product", "placement"], cwd=src)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        sys.stderr.write(p.stdout[-4000:] + p.stderr[-4000:])
        sys.exit(f"run.py: swift build failed (rc={p.returncode})")
    log(f"   built in {dt:.0f} s: {rel(BIN)}")
    return dt


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def prepare_instance(bench, n, seed, kind="core", references=None, do_import=True):
    """The bench instance (generated once, kept) and its `placement import` for one suite:
    core (the core model), side (`--side`: minimum interns, nationality shares) or stable (the core
    import with `stability: required` added to the policy)."""
    name = f"p{n}_s{seed}"
    inst = os.path.join(OUT, "instances", name + ".json")
    scen = os.path.join(OUT, "scenarios", name if kind == "core" else f"{kind}_{name}")
    os.makedirs(os.path.dirname(inst), exist_ok=True)
    os.makedirs(os.path.dirname(scen), exist_ok=True)
    info = dict(name=name, n_students=n, seed=seed, instance=rel(inst), scenario=rel(scen))
    if not os.path.exists(inst):
        t0 = time.perf_counter()
        p = run([sys.executable, os.path.join(bench, "gen.py"), "--n", str(n), "--seed", str(seed), "--out", inst])
        if p.returncode != 0:
            sys.exit(f"run.py: gen.py failed for N={n}: {p.stderr[-2000:]}")
        info["gen_s"] = round(time.perf_counter() - t0, 2)
        log(f"   generated {rel(inst)} in {info['gen_s']:.1f} s")
    info["sha256"] = sha256(inst)
    info["size_mb"] = round(os.path.getsize(inst) / 2**20, 1)
    ref = (REFERENCE if references is None else references).get(name)
    if ref and info["sha256"].startswith(ref[0]):
        info["reference_optimum"] = ref[1]
    if not do_import:
        return inst, None, info
    # always re-import: the scenario must come from the importer of the binary being measured
    if os.path.isdir(scen):
        shutil.rmtree(scen)
    t0 = time.perf_counter()
    p = run([BIN, "import", inst, "--out", scen] + (["--side"] if kind == "side" else []))
    info["import_s"] = round(time.perf_counter() - t0, 2)
    if p.returncode != 0:
        sys.exit(f"run.py: placement import failed for N={n} (rc={p.returncode}): {(p.stdout + p.stderr)[-2000:]}")
    if kind == "stable":
        # the policy block is the imported YAML's last section; the import carries the bench's
        # score_noise in the grades, so the bases rank applicants as the bench does
        with open(os.path.join(scen, "scenario.yaml"), "a", encoding="utf-8") as f:
            f.write("  stability: required\n")
    log(f"   imported into {rel(scen)} in {info['import_s']:.1f} s")
    return inst, os.path.join(scen, "scenario.yaml"), info


TIME_FORMAT = "%e %M %U %S"


def parse_gnu_time(path):
    """Last line of `/usr/bin/time -f TIME_FORMAT -o path`: wall seconds, peak RSS MB, CPU seconds
    (user + system of the process and the children it waited for, e.g. cbc under peers.py)."""
    try:
        with open(path) as f:
            lines = [ln.split() for ln in f if ln.strip()]
        for parts in reversed(lines):
            if len(parts) == 4:
                try:
                    return float(parts[0]), int(parts[1]) / 1024.0, float(parts[2]) + float(parts[3])
                except ValueError:
                    continue
    except OSError:
        pass
    return None, None, None


def run_placement(scenario, n, tl, tag=None, extra=()):
    rep = os.path.join(OUT, "reports", tag or f"p{n}")
    if os.path.isdir(rep):
        shutil.rmtree(rep)  # a failed solve must not leave last run's report.json to be read
    tf = os.path.join(OUT, "tmp", f"placement_{tag or n}.time")
    os.makedirs(os.path.dirname(tf), exist_ok=True)
    cmd = [GNU_TIME, "-f", TIME_FORMAT, "-o", tf, BIN, "solve", scenario, "--out", rep, "--force", "--timings",
           "--quiet", "--time-limit", str(tl)] + list(extra)
    res = dict(peer="placement", n_students=n, command=" ".join(shlex.quote(rel(c) if c.startswith(ROOT) else c)
                                                               for c in cmd[4:]))
    hard = tl + 300
    t0 = time.perf_counter()
    try:
        p = run(cmd, timeout=hard)
    except subprocess.TimeoutExpired:
        res.update(status=f"killed after {hard:.0f} s wall", wall_s=time.perf_counter() - t0)
        return res
    res["wall_s"] = time.perf_counter() - t0
    res["end_to_end_s"], res["peak_mb"], res["cpu_s"] = parse_gnu_time(tf)
    res["report"] = rel(rep)
    res["returncode"] = p.returncode
    m = re.search(r"time:\s*([\d.]+)\s*s", p.stdout)
    if m:
        res["cli_time_s"] = float(m.group(1))
    res["stdout_tail"] = p.stdout[-1500:]
    if p.returncode != 0:
        res["stderr_tail"] = p.stderr[-1500:]
    rj = os.path.join(rep, "report.json")
    if not os.path.exists(rj):
        err = (p.stderr.strip().splitlines() or ["no output"])[-1]
        res["status"] = f"failed rc={p.returncode}: {err[:120]}"
        return res
    try:
        with open(rj, encoding="utf-8") as f:
            r = json.load(f)
        solver = r.get("solver", {})
        objs = solver.get("objectives") or []
        res["status"] = solver.get("status", "?")
        if objs:
            res["objective_raw"] = objs[0].get("value")
            res["objective"] = int(round(objs[0]["value"])) if objs[0].get("value") is not None else None
            res["bound"] = objs[0].get("bound")
            res["objective_name"] = objs[0].get("name")
        if solver.get("gap") is not None:
            res["gap"] = solver["gap"]
        tm = r.get("timings") or {}
        res["timings"] = tm
        res["build_s"] = tm.get("build")
        res["solve_s"] = tm.get("solve")
        res["engine"] = solver.get("solver")
        res["model"] = solver.get("model")
        res["tool"] = r.get("tool")
        if p.returncode != 0:
            res["status"] += f" (rc={p.returncode})"
    except (OSError, ValueError, KeyError, TypeError) as e:
        res["status"] = f"unreadable report.json: {e}"
    return res


def run_peer(bench, inst, n, peer, tl, model="core"):
    """One peer in a fresh interpreter (the bench's own way). End-to-end = that process's wall time."""
    work = os.path.join(OUT, "tmp")
    os.makedirs(work, exist_ok=True)
    tf = os.path.join(work, f"peer_{model}_{peer}_{n}.time")
    cmd = [GNU_TIME, "-f", TIME_FORMAT, "-o", tf, sys.executable, os.path.join(bench, "peers.py"), inst,
           "--model", model, "--peer", peer, "--time-limit", str(tl), "--workdir", work]
    hard = tl + 120  # the bench's margin for peers with an internal time limit
    t0 = time.perf_counter()
    try:
        p = run(cmd, timeout=hard, cwd=OUT)
    except subprocess.TimeoutExpired:
        return dict(peer=peer, n_students=n, status=f"killed after {hard:.0f} s wall",
                    end_to_end_s=time.perf_counter() - t0)
    wall = time.perf_counter() - t0
    for line in reversed(p.stdout.splitlines()):
        if line.startswith("{"):
            try:
                r = json.loads(line)
            except ValueError:
                break
            r["end_to_end_s"] = wall
            r["cpu_s"] = parse_gnu_time(tf)[2]
            r["n_students"] = n
            return r
    tail = (p.stderr.strip().splitlines() or ["no output"])[-1]
    return dict(peer=peer, n_students=n, status=f"crashed rc={p.returncode}: {tail[:120]}",
                end_to_end_s=wall, stderr_tail=p.stderr[-2000:])


# ------------------------------------------------------------------------------------------ skip rule
def predicted_s(prev, n):
    """Power law through the last two finished sizes (the last one >= 5 s), exponent at least 1."""
    ok = sorted((r for r in prev if r.get("status") == "optimal" and r.get("total_s")),
                key=lambda r: r["n_students"])
    if len(ok) < 2 or ok[-1]["total_s"] < 5.0:
        return None
    a, b = ok[-2], ok[-1]
    e = math.log(max(b["total_s"], 1e-3) / max(a["total_s"], 1e-3)) / math.log(b["n_students"] / a["n_students"])
    return b["total_s"] * (n / b["n_students"]) ** max(e, 1.0), e


def skip_reason(peer, n, runs, tl, known=None):
    prev = [r for r in runs if r["peer"] == peer and r["n_students"] < n]
    if prev:
        pr = predicted_s(prev, n)
        if pr and pr[0] > PREDICT_FACTOR * tl:
            return f"skipped (predicted ~{pr[0]:,.0f} s: time grows ~N^{pr[1]:.1f})"
        p = max(prev, key=lambda r: r["n_students"])
        st = p.get("status", "")
        if st.startswith("skipped"):
            return f"skipped (skipped at N={p['n_students']:,})"
        if st.startswith("killed") or st.startswith("crashed"):
            return f"skipped ({st.split(':')[0]} at N={p['n_students']:,})"
        if (p.get("total_s") or 0) > SKIP_ABOVE_S:
            return f"skipped (took {p['total_s']:.0f} s at N={p['n_students']:,})"
        if st != "optimal":
            return f"skipped (no proof at N={p['n_students']:,})"
    known = KNOWN_SKIP if known is None else known
    if peer in known and n >= known[peer][0]:
        return f"skipped ({known[peer][1]})"
    return None


# ------------------------------------------------------------------------------------------ checks
def check_agreement(runs, instances):
    """Every proven-optimal objective must equal placement's (and the bench's reference, if known).

    Returns (problems, warnings): problems make the run fail; warnings (no proof) are only reported."""
    problems, warnings = [], []
    for n in sorted({r["n_students"] for r in runs}):
        rs = [r for r in runs if r["n_students"] == n]
        pl = next((r for r in rs if r["peer"] == "placement"), None)
        proven = {r["peer"]: r.get("objective") for r in rs if r.get("status") == "optimal"}
        if pl is None or pl.get("status") != "optimal":
            warnings.append(f"N={n:,}: placement did not prove optimality (status {pl and pl.get('status')})")
        if pl and pl.get("objective") is not None and proven and None not in proven.values() \
                and pl["objective"] < min(proven.values()):
            problems.append(f"N={n:,}: placement reports {pl['objective']} ({pl.get('status')}), below the proven "
                            f"optimum {min(proven.values())}")
        vals = set(proven.values())
        if len(vals) > 1 or None in vals:
            problems.append(f"N={n:,}: proven-optimal objectives disagree: "
                            + ", ".join(f"{k}={v}" for k, v in proven.items()))
        for r in rs:
            if r["peer"] != "placement" and r.get("objective") is not None and r.get("verified") is False:
                problems.append(f"N={n:,}: {r['peer']} solution failed the bench's re-check "
                                f"(reported {r.get('objective')}, recomputed {r.get('verified_objective')})")
        ref = instances.get(n, {}).get("reference_optimum")
        if ref is not None:
            for k, v in proven.items():
                if v != ref:
                    problems.append(f"N={n:,}: {k} proved {v}, the bench's reference optimum is {ref}")
    return problems, warnings


def loglog_slope(points):
    """Least-squares slope of log(time) against log(N); None if fewer than 2 sizes."""
    pts = [(math.log(n), math.log(t)) for n, t in points if t and t > 0]
    if len({x for x, _ in pts}) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sxx


# ------------------------------------------------------------------------------------------ report
def fmt(v, nd=2):
    if v is None:
        return "–"
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, float):
        return f"{v:,.{nd}f}"
    return str(v)


def ratio(a, b):
    if a is None or b is None or b <= 0:
        return "–"
    x = a / b
    return f"{x:,.1f}×" if x >= 10 else f"{x:,.2f}×"


def peer_version(runs, peer):
    for r in runs:
        if r["peer"] == peer and r.get("solver_version"):
            return r["solver_version"]
    return None


def render_core(data):
    """The core suite's region of docs/benchmarks.md (lines)."""
    meta = data["meta"]
    runs = data["runs"]
    m = meta["machine"]
    v = meta["versions"]
    L = ["## Core model: `placement` against peer solvers\n",
         "Generated by `benchmarks/run.py --suite core` (see `benchmarks/README.md`); do not edit by hand, re-run it.\n"]
    if data["problems"]:
        L.append("> **OBJECTIVE MISMATCH / CHECK FAILED** — the numbers below are not trustworthy:\n>")
        for p in data["problems"]:
            L.append(f"> * {p}")
        L.append("")
    L.append("### Setup\n")
    L.append(f"* Machine: {m['nproc']} CPUs (`nproc`), {m['cpu']}, {m['mem_gib']} GiB RAM, {m['kernel']}, "
             f"Python {m['python']}")
    L.append(f"* Date: {meta['date']}; harness wall time {meta['wall_s'] / 60:.1f} min; "
             f"load average at start {meta['loadavg_start']}")
    if meta.get("ref"):
        how = f" (`--ref {meta['ref']}`: exported with `git archive`, built in `{os.path.dirname(os.path.dirname(os.path.dirname(meta['binary'])))}/`)"
    elif meta["dirty_paths"]:
        how = f" (working tree, {len(meta['dirty_paths'])} changed path(s); list in results.json)"
    else:
        how = " (working tree, clean)"
    L.append(f"* Commit: `{meta['commit']}`{how}")
    L.append(f"* Command: `{meta['command']}`")
    L.append(f"* placement: {meta.get('placement_tool') or '?'}; {v.get('swift', '?')}")
    pv = [f"{p}: {peer_version(runs, p) or '(did not run)'}" for p in meta["peers"]]
    L.append("* Peers: " + "; ".join(pv))
    L.append(f"* Packages: ortools {v.get('ortools')}, highspy {v.get('highspy')}, pulp {v.get('pulp')}, "
             f"numpy {v.get('numpy')}, cbc {v.get('cbc')}, glpsol {v.get('glpsol')}")
    L.append(f"* Instances: shared bench `gen.py`, seed {meta['seed']}; time limit {meta['time_limit']:.0f} s "
             f"per solve (placement: `--time-limit`; peers: `peers.py --time-limit`, killed at limit + 120 s).")
    L.append("")
    L.append("Model: the bench's **core** model (transportation problem: each student at most one (base, term), "
             "capacity per (base, term); minimise Σ r² + 1000 per unplaced student). `placement import` turns the "
             "bench instance into a scenario whose policy reproduces that objective.\n")
    L.append("Columns: **build** = formulation (placement: report.json `timings.build`; peers: turning the "
             "bench's shared model into the solver's model); **solve** = the solver call, wall "
             "(placement: `timings.solve`; cbc: includes PuLP's MPS write and solution read); "
             "**end-to-end** = wall time of the whole process: for placement `/usr/bin/time` around "
             "`placement solve` (YAML/CSV load, eligibility, build, solve, writing the report folder); for a "
             "peer the `peers.py` process (Python start-up and imports, JSON load, eligibility, shared model, "
             "build, solve, solution re-check); **peak MB** = peak RSS: placement from `/usr/bin/time %M`, "
             "peers as measured by the bench (VmHWM of the Python process + the cbc/glpsol process). "
             "Instance preparation (gen.py, `placement import`) is not counted.\n")
    L.append("The harness runs one process at a time, one after another, in the same run; other work on the "
             "machine is not controlled (see the load averages). Every number is a single run (the bench measured "
             "a 2–5 % spread between repeats, more for sub-second times).\n")
    loads = [float(meta["loadavg_start"].split()[0])] + [float(i["loadavg"].split()[0])
                                                          for i in data["instances"].values() if i.get("loadavg")]
    if max(loads) > 1.0:
        L.append(f"> **Busy machine:** the 1-minute load average reached {max(loads):.1f} on {m['nproc']} CPUs "
                 "before a size started (other builds/solvers running), so times are inflated and only "
                 "roughly comparable with an idle-machine run.\n")

    sizes = sorted({r["n_students"] for r in runs})
    for n in sizes:
        info = data["instances"].get(str(n), {})
        rs = [r for r in runs if r["n_students"] == n]
        pl = next((r for r in rs if r["peer"] == "placement"), {})
        model = pl.get("model") or {}
        L.append(f"### N = {n:,} students\n")
        L.append(f"Instance `{info.get('name')}` (sha256 {info.get('sha256', '')[:12]}, {info.get('size_mb')} MB), "
                 f"{fmt(info.get('n_bases'))} bases; eligible (s,b,t) = {fmt(info.get('n_vars'))}; "
                 f"placement model {fmt(model.get('rows'))} rows × {fmt(model.get('columns'))} columns; "
                 f"`placement import` {fmt(info.get('import_s'))} s; bench reference optimum "
                 f"{fmt(info.get('reference_optimum'))}. Load average before: {info.get('loadavg')}.\n")
        L.append("| peer | build s | solve s | end-to-end s | CPU s | peak MB | objective | status |")
        L.append("|---|---:|---:|---:|---:|---:|---:|---|")
        for r in rs:
            st = r.get("status", "?")
            if r.get("gap") and st != "optimal":
                st += f", gap {100 * r['gap']:.2g}%"
            if r.get("verified") is False and r.get("objective") is not None:
                st += " **(FAILED CHECK)**"
            name = f"**{r['peer']}**" if r["peer"] == "placement" else r["peer"]
            L.append(f"| {name} | {fmt(r.get('build_s'))} | {fmt(r.get('solve_s'))} | {fmt(r.get('end_to_end_s'))} | "
                     f"{fmt(r.get('cpu_s'))} | {fmt(r.get('peak_mb'), 0)} | {fmt(r.get('objective'))} | {st} |")
        L.append("")
        # ratios
        L.append(f"Ratios at N = {n:,} (> 1× means placement is slower):\n")
        L.append("| against | peer solve s | placement solve ÷ peer solve | placement end-to-end ÷ peer solve |")
        L.append("|---|---:|---:|---:|")
        for r in rs:
            if r["peer"] == "placement":
                continue
            ps = r.get("solve_s") if r.get("status") == "optimal" else None
            label = f"{r['peer']} — {PEER_LABEL.get(r['peer'], r['peer'])}"
            if ps is None:
                L.append(f"| {label} | – | – | – ({r.get('status', '?')}) |")
                continue
            L.append(f"| {label} | {fmt(ps)} | {ratio(pl.get('solve_s'), ps)} | {ratio(pl.get('end_to_end_s'), ps)} |")
        L.append("")

    L.append("### Growth (log-log slope of time against N)\n")
    if len(sizes) < 2:
        L.append(f"Only one size ({sizes[0]:,} students) in this run: a slope needs at least two sizes "
                 f"(e.g. `--sizes 5000,20000,100000`).\n" if sizes else "No runs.\n")
    else:
        L.append("Least-squares slope of log(time) on log(N) over the sizes where the run proved optimality "
                 "(1 = linear, 2 = quadratic).\n")
        L.append("| peer | sizes used | slope of solve s | slope of end-to-end s |")
        L.append("|---|---|---:|---:|")
        for peer in ["placement"] + meta["peers"]:
            ok = [r for r in runs if r["peer"] == peer and r.get("status") == "optimal"]
            s1 = loglog_slope([(r["n_students"], r.get("solve_s")) for r in ok])
            s2 = loglog_slope([(r["n_students"], r.get("end_to_end_s")) for r in ok])
            used = ", ".join(f"{r['n_students']:,}" for r in sorted(ok, key=lambda r: r["n_students"])) or "–"
            L.append(f"| {peer} | {used} | {fmt(s1)} | {fmt(s2)} |")
        L.append("")
    L.append("### Checks\n")
    if data["warnings"]:
        L.append("Warnings:\n")
        L += [f"* {p}" for p in data["warnings"]]
        L.append("")
    if data["problems"]:
        L.append("**FAILED:**\n")
        L += [f"* {p}" for p in data["problems"]]
    else:
        L.append("Every solver that proved optimality (placement included) reported the same objective at every "
                 "size; every peer solution passed the bench's re-check (feasible, 0/1, objective recomputed)"
                 + (", and it equals the optimum in the bench's results.md (same instance sha256)."
                    if any(i.get("reference_optimum") is not None for i in data["instances"].values()) else "."))
    L.append("")
    L.append("Raw results: `benchmarks/out/results.json` (not committed).\n")
    return L


# ------------------------------------------------------------------------------------------ suites
# Side-model optima and stable matchings from the bench's results.md (seed 1; sha256 prefix of the instance).
SIDE_REFERENCE = {
    "p1000_s1": ("451fe1bbcb72", 141544),
    "p5000_s1": ("f173d12e7dec", 679503),
    "p20000_s1": ("eca1890210bd", 2971185),
}
STABLE_REFERENCE = {  # placed / cost of the student-optimal stable matching
    "p1000_s1": ("451fe1bbcb72", (741, 265489)),
    "p10000_s1": ("2db0f2266f9f", (7435, 2627114)),
    "p100000_s1": ("cbcb731580df", (73479, 27176349)),
}


def loadavg():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def log_run(r):
    log(f"   {r['peer']:12s} {r.get('status', '?')!s:26s} obj={fmt(r.get('objective')):>12s} "
        f"build={fmt(r.get('build_s'))}s solve={fmt(r.get('solve_s'))}s end-to-end={fmt(r.get('end_to_end_s'))}s "
        f"cpu={fmt(r.get('cpu_s'))}s peak={fmt(r.get('peak_mb'), 0)}MB")


def note_tool(meta, r):
    if r.get("tool"):
        meta["placement_tool"] = f"placement {r['tool'].get('version')} (GLPK {r['tool'].get('glpk_version')})"


def run_peers(ctx, meta, inst, n, info, runs, model="core", known=None):
    """Each of the suite's peers on one instance, after placement (appended to `runs`), unless the skip
    rule says a peer would only hit the time limit."""
    a = ctx.args
    for peer in meta["peers"]:
        why = None if a.no_skip else skip_reason(peer, n, runs, a.time_limit, known=known)
        if why:
            r = dict(peer=peer, n_students=n, status=why)
        else:
            r = run_peer(ctx.bench, inst, n, peer, a.time_limit, model=model)
            info.setdefault("n_bases", r.get("n_bases"))
            info.setdefault("n_vars", r.get("n_vars"))
        runs.append(r)
        log_run(r)


def suite_core(ctx):
    """The bench's core model: placement against the core peers (unchanged from the first harness)."""
    a, meta = ctx.args, ctx.meta("core", sizes=ctx.sizes("sizes"), peers=ctx.list("peers"), time_limit=ctx.args.time_limit)
    runs, instances = [], {}
    for n in meta["sizes"]:
        log(f"\n== core, N = {n:,}")
        inst, scen, info = prepare_instance(ctx.bench, n, a.seed)
        info["loadavg"] = loadavg()
        instances[str(n)] = info
        r = run_placement(scen, n, a.time_limit)
        runs.append(r)
        note_tool(meta, r)
        log_run(r)
        run_peers(ctx, meta, inst, n, info, runs)
    problems, warnings = check_agreement(runs, {int(k): v for k, v in instances.items()})
    return ctx.finish(meta, dict(instances=instances, runs=runs, problems=problems, warnings=warnings))


def suite_side(ctx):
    """The bench's side model (minimum interns, nationality shares): `placement import --side`, then the
    bench's MIP peers on the same instance; every proven optimum must agree."""
    a = ctx.args
    meta = ctx.meta("side", sizes=ctx.sizes("side_sizes"), peers=ctx.list("side_peers"), time_limit=a.time_limit)
    runs, instances = [], {}
    for n in meta["sizes"]:
        log(f"\n== side, N = {n:,}")
        inst, scen, info = prepare_instance(ctx.bench, n, a.seed, kind="side", references=SIDE_REFERENCE)
        info["loadavg"] = loadavg()
        instances[str(n)] = info
        r = run_placement(scen, n, a.time_limit, tag=f"side_p{n}")
        runs.append(r)
        note_tool(meta, r)
        log_run(r)
        run_peers(ctx, meta, inst, n, info, runs, model="side", known={})
    problems, warnings = check_agreement(runs, {int(k): v for k, v in instances.items()})
    return ctx.finish(meta, dict(instances=instances, runs=runs, problems=problems, warnings=warnings))


def suite_stable(ctx):
    """The bench's stable model: placement with `stability: required` on the core import, compared student
    by student with the bench's deferred acceptance (benchmarks/stable_check.py); the bench's `da` peer timed."""
    a = ctx.args
    meta = ctx.meta("stable", sizes=ctx.sizes("stable_sizes"), peers=ctx.list("stable_peers"), time_limit=a.time_limit)
    runs, instances, problems = [], {}, []
    for n in meta["sizes"]:
        log(f"\n== stable, N = {n:,}")
        inst, scen, info = prepare_instance(ctx.bench, n, a.seed, kind="stable", references=STABLE_REFERENCE)
        info["loadavg"] = loadavg()
        instances[str(n)] = info
        r = run_placement(scen, n, a.time_limit, tag=f"stable_p{n}")
        note_tool(meta, r)
        tm = r.get("timings") or {}
        r["matching_s"], r["base_rankings_s"] = tm.get("matching"), tm.get("base_rankings")
        placements = os.path.join(OUT, "reports", f"stable_p{n}", "placements.csv")
        if os.path.exists(placements):
            p = run([sys.executable, os.path.join(HERE, "stable_check.py"), inst, placements, "--bench-dir", ctx.bench])
            lines = [ln for ln in p.stdout.splitlines() if ln.startswith("{")]
            r["check"] = json.loads(lines[-1]) if lines else dict(error=(p.stderr.strip().splitlines() or ["?"])[-1])
        else:
            r["check"] = dict(error="no placements.csv")
        runs.append(r)
        log_run(r)
        log(f"   stable_check: {json.dumps(r['check'], ensure_ascii=False)[:300]}")
        c = r["check"]
        if c.get("differing") != 0:
            problems.append(f"N={n:,}: placement's stable matching differs from the bench's deferred acceptance for "
                            f"{c.get('differing', '?')} students ({'; '.join(c.get('examples', [])) or c.get('error')})")
        ref = info.get("reference_optimum")
        if ref and c.get("placed") is not None and (c["placed"], r.get("objective")) != tuple(ref):
            problems.append(f"N={n:,}: placed / cost {c['placed']} / {r.get('objective')}, bench reference {ref[0]} / {ref[1]}")
        for peer in meta["peers"]:
            pr = run_peer(ctx.bench, inst, n, peer, a.time_limit, model="stable")
            runs.append(pr)
            log_run(pr)
            if pr.get("match_digest") and c.get("placement_digest") and pr["match_digest"] != c["placement_digest"]:
                problems.append(f"N={n:,}: {peer}'s matching digest {pr['match_digest']} differs from placement's "
                                f"{c['placement_digest']}")
    return ctx.finish(meta, dict(instances=instances, runs=runs, problems=problems, warnings=[]))


def schedule_scenario(n, seed):
    """benchmarks/make_schedule_scenario.py into benchmarks/out/schedules/ (kept between runs)."""
    folder = os.path.join(OUT, "schedules", f"schedule{n}_s{seed}")
    yaml = os.path.join(folder, "scenario.yaml")
    info = dict(name=os.path.basename(folder), n_students=n, seed=seed, scenario=rel(folder))
    if not os.path.exists(yaml):
        t0 = time.perf_counter()
        p = run([sys.executable, os.path.join(HERE, "make_schedule_scenario.py"), "--students", str(n), "--seed", str(seed),
                 "--out", folder])
        if p.returncode != 0:
            sys.exit(f"run.py: make_schedule_scenario.py failed for N={n}: {(p.stdout + p.stderr)[-2000:]}")
        info["gen_s"] = round(time.perf_counter() - t0, 2)
        log(f"   generated {rel(folder)} in {info['gen_s']:.1f} s")
    return yaml, info


def export_first_stage(yaml, n, info):
    """The pooled first-stage model (max placed) as MPS with short names; returns (path, maximise) or (None, _)."""
    folder = os.path.join(OUT, "export", f"schedule{n}")
    t0 = time.perf_counter()
    p = run([BIN, "export-model", yaml, "--format", "mps", "--out", folder, "--force", "--pooled-mentors",
             "--first-stage-only"])
    info["export_s"] = round(time.perf_counter() - t0, 2)
    if p.returncode != 0:
        info["export_error"] = (p.stdout + p.stderr)[-500:]
        return None, False
    mps = sorted(f for f in os.listdir(folder) if f.endswith(".mps") and f.startswith("stage1"))
    with open(os.path.join(folder, "objectives.txt"), encoding="utf-8") as f:
        senses = [ln.split("\t") for ln in f if ln[:1].isdigit()]
    maximise = bool(senses) and senses[0][2].startswith("max")
    short = os.path.join(folder, "short.mps")
    p = run([sys.executable, os.path.join(HERE, "mps_short_names.py"), os.path.join(folder, mps[0]), short])
    if p.returncode != 0:
        info["export_error"] = p.stderr[-500:]
        return None, maximise
    info["model_file"] = rel(os.path.join(folder, mps[0]))
    info["mps_mb"] = round(os.path.getsize(short) / 2**20, 1)
    info["objective_sense"] = senses[0][2] if senses else "?"
    os.remove(os.path.join(folder, mps[0]))  # the short copy is the one solved; hundreds of MB at 3,000+
    return short, maximise


def run_mps_peer(path, n, solver, tl, maximise):
    tf = os.path.join(OUT, "tmp", f"mps_{solver}_{n}.time")
    cmd = [GNU_TIME, "-f", TIME_FORMAT, "-o", tf, sys.executable, os.path.join(HERE, "mps_peer.py"), path,
           "--solver", solver, "--time-limit", str(tl)] + (["--max"] if maximise else [])
    hard = tl + 120
    t0 = time.perf_counter()
    try:
        p = run(cmd, timeout=hard)
    except subprocess.TimeoutExpired:
        return dict(peer=solver, n_students=n, status=f"killed after {hard:.0f} s wall", end_to_end_s=time.perf_counter() - t0)
    wall = time.perf_counter() - t0
    r = dict(peer=solver, n_students=n)
    lines = [ln for ln in p.stdout.splitlines() if ln.startswith("{")]
    if lines:
        r.update(json.loads(lines[-1]))
    else:
        r["status"] = f"crashed rc={p.returncode}: {((p.stderr.strip().splitlines()) or ['no output'])[-1][:120]}"
    r["end_to_end_s"], r["peak_mb"], r["cpu_s"] = parse_gnu_time(tf)
    r["end_to_end_s"] = r["end_to_end_s"] or wall
    if isinstance(r.get("objective"), float) and r["objective"].is_integer():
        r["objective"] = int(r["objective"])  # a count of students
    return r


def suite_schedule(ctx):
    """Week-level schedules (make_schedule_scenario.py): placement solve under a time limit; the pooled first
    stage (max placed) exported as MPS and given to CBC and HiGHS with the same wall limit."""
    a = ctx.args
    tl = a.schedule_time_limit
    meta = ctx.meta("schedule", sizes=ctx.sizes("schedule_sizes"), peers=ctx.list("schedule_peers"), time_limit=tl)
    runs, instances, problems, warnings = [], {}, [], []
    for n in meta["sizes"]:
        log(f"\n== schedule, N = {n:,}")
        yaml, info = schedule_scenario(n, a.seed)
        info["loadavg"] = loadavg()
        instances[str(n)] = info
        # no work limit: the time limit is the budget, as for the peers
        r = run_placement(yaml, n, tl, tag=f"schedule{n}", extra=["--work-limit", "2000000000"])
        note_tool(meta, r)
        if r.get("objective") is not None and r.get("bound") is not None:
            # the first stage's gap (report.json's own gap may be another stage's), as for the peers
            r["gap"] = abs(r["bound"] - r["objective"]) / max(1.0, abs(r["objective"]))
        runs.append(r)
        log_run(r)
        mps, maximise = export_first_stage(yaml, n, info)
        log(f"   exported the pooled first stage in {info.get('export_s')} s: {info.get('model_file') or info.get('export_error')}")
        for peer in meta["peers"]:
            if mps is None:
                pr = dict(peer=peer, n_students=n, status="no exported model")
            else:
                pr = run_mps_peer(mps, n, peer, tl, maximise)
            runs.append(pr)
            log_run(pr)
        # a proven optimum of the pooled first stage bounds placement's placed count from above
        proven = [x for x in runs if x["n_students"] == n and x["peer"] != "placement" and x.get("status") == "optimal"]
        if r.get("objective") is not None:
            for x in proven:
                if x.get("objective") is not None and r["objective"] > x["objective"] + 1e-6:
                    problems.append(f"N={n:,}: placement placed {r['objective']}, above {x['peer']}'s proven optimum "
                                    f"{x['objective']} of the pooled first stage")
        if r.get("status") != "optimal":
            warnings.append(f"N={n:,}: placement did not prove optimality (status {r.get('status')})")
    return ctx.finish(meta, dict(instances=instances, runs=runs, problems=problems, warnings=warnings))


SUITES = {"core": suite_core, "side": suite_side, "stable": suite_stable, "schedule": suite_schedule}


# ------------------------------------------------------------------------------------------ report (other suites)
def run_line(meta):
    m = meta["machine"]
    how = " (`--ref`)" if meta.get("ref") else (" (working tree with changes)" if meta.get("dirty_paths") else "")
    return (f"Run: {meta['date']}, commit `{meta['commit']}`{how}, `{meta['command']}`; {m['nproc']} CPUs ({m['cpu']}, "
            f"{m['mem_gib']} GiB); {meta.get('placement_tool') or 'placement ?'}; load average at start "
            f"{meta['loadavg_start']}, at the end {meta.get('loadavg_end', '?')}; suite wall time "
            f"{meta['wall_s'] / 60:.1f} min. CPU s = user + system time of the process and the children it waited "
            f"for (GNU time). Single runs.\n")


def status_text(r):
    st = str(r.get("status", "?"))
    if r.get("gap") and st != "optimal":
        st += f", gap {100 * r['gap']:.2g}%"
    if r.get("verified") is False and r.get("objective") is not None:
        st += " **(FAILED CHECK)**"
    return st


def checks_lines(data, ok_text):
    L = ["Checks: "]
    if data["problems"]:
        L = ["**CHECK FAILED:**\n"] + [f"* {p}" for p in data["problems"]]
    else:
        L[0] += ok_text
    if data["warnings"]:
        L += ["", "Warnings:", ""] + [f"* {w}" for w in data["warnings"]]
    L.append("")
    return L


def render_side(data):
    meta, runs = data["meta"], data["runs"]
    L = ["## Side model (minimum interns, nationality shares): `placement` against CBC and HiGHS\n",
         "Generated by `benchmarks/run.py --suite side`; do not edit by hand, re-run it.\n", run_line(meta),
         f"`placement import INSTANCE --side`, then `placement solve --time-limit {meta['time_limit']:.0f}`; peers: "
         f"the bench's `peers.py --model side --peer P --time-limit {meta['time_limit']:.0f}` (the shared MIP model). "
         "Columns as in the core tables; **objective** = Σ r² + 1000 per unplaced student.\n",
         "| N | solver | solve s | end-to-end s | CPU s | peak MB | objective | status |",
         "|---:|---|---:|---:|---:|---:|---:|---|"]
    for r in runs:
        name = f"**{r['peer']}**" if r["peer"] == "placement" else r["peer"]
        L.append(f"| {r['n_students']:,} | {name} | {fmt(r.get('solve_s'))} | {fmt(r.get('end_to_end_s'))} | "
                 f"{fmt(r.get('cpu_s'))} | {fmt(r.get('peak_mb'), 0)} | {fmt(r.get('objective'))} | {status_text(r)} |")
    L.append("")
    L.append("| N | placement end-to-end s | fastest proven peer (solve s) | ratio peer ÷ placement |")
    L.append("|---:|---:|---|---:|")
    for n in sorted({r["n_students"] for r in runs}):
        pl = next((r for r in runs if r["n_students"] == n and r["peer"] == "placement"), {})
        peers_ok = [r for r in runs if r["n_students"] == n and r["peer"] != "placement" and r.get("status") == "optimal"]
        best = min(peers_ok, key=lambda r: r.get("solve_s") or 1e99, default=None)
        peer = f"{best['peer']} ({fmt(best.get('solve_s'))})" if best else "– (none proved optimality)"
        L.append(f"| {n:,} | {fmt(pl.get('end_to_end_s'))} | {peer} | "
                 f"{ratio(best.get('solve_s'), pl.get('end_to_end_s')) if best else '–'} |")
    L.append("")
    pts = [(r["n_students"], r.get("end_to_end_s")) for r in runs if r["peer"] == "placement" and r.get("status") == "optimal"]
    slope = loglog_slope(pts)
    if slope is not None:
        L.append(f"Growth of placement's end-to-end time over the proven sizes: N^{slope:.2f}.\n")
    L += checks_lines(data, "every proven optimum agrees (placement's and the peers'), every peer solution passed the "
                      "bench's re-check, and the optimum equals the bench's results.md where it records one.")
    return L


def render_stable(data):
    meta, runs = data["meta"], data["runs"]
    L = ["## Stable model: `placement` against the bench's deferred acceptance\n",
         "Generated by `benchmarks/run.py --suite stable`; do not edit by hand, re-run it.\n", run_line(meta),
         "`placement import INSTANCE` (grades = the bench's gpa + score_noise) with `stability: required` added to the "
         "policy, then `placement solve`; **matching** and **rankings** are report.json's `timings.matching` and "
         "`timings.base_rankings`. `benchmarks/stable_check.py` recomputes the bench's deferred acceptance with the "
         "bench's own code and compares every student's (base, term); the bench's `da` peer (`peers.py --model stable "
         "--peer da`) is timed separately.\n",
         "| N | solver | matching s | rankings s | solve s | end-to-end s | CPU s | peak MB | placed | cost | students differing from the bench |",
         "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in runs:
        c = r.get("check") or {}
        if r["peer"] == "placement":
            diff = (f"{c['differing']:,} of {c['students']:,} (digest {c.get('placement_digest')})"
                    if "differing" in c else c.get("error", "–"))
            L.append(f"| {r['n_students']:,} | **placement** | {fmt(r.get('matching_s'))} | {fmt(r.get('base_rankings_s'))} | "
                     f"{fmt(r.get('solve_s'))} | {fmt(r.get('end_to_end_s'))} | {fmt(r.get('cpu_s'))} | "
                     f"{fmt(r.get('peak_mb'), 0)} | {fmt(c.get('placed'))} | {fmt(r.get('objective'))} | {diff} |")
        else:
            L.append(f"| {r['n_students']:,} | {r['peer']} | {fmt(r.get('solve_s'))} | {fmt(r.get('build_s'))} | "
                     f"{fmt((r.get('solve_s') or 0) + (r.get('build_s') or 0))} | {fmt(r.get('end_to_end_s'))} | "
                     f"{fmt(r.get('cpu_s'))} | {fmt(r.get('peak_mb'), 0)} | {fmt(r.get('placed'))} | "
                     f"{fmt(r.get('objective'))} | digest {r.get('match_digest')} ({r.get('status')}) |")
    L.append("")
    L += checks_lines(data, "placement's stable matching is the bench's, student by student, at every size (and the "
                      "bench's placed / cost where results.md records them).")
    return L


def render_schedule(data):
    meta, runs = data["meta"], data["runs"]
    tl = meta["time_limit"]
    L = ["## Week-level schedules: `placement` against CBC and HiGHS on the exported model\n",
         "Generated by `benchmarks/run.py --suite schedule`; do not edit by hand, re-run it.\n", run_line(meta),
         f"Scenarios from `benchmarks/make_schedule_scenario.py --students N --seed {meta.get('seed', 1)}`. placement: "
         f"`placement solve --time-limit {tl:.0f} --work-limit 2000000000` (the whole problem: every stage, mentors "
         "detailed); **placed** and **bound** are its first objective (students placed) and that stage's bound. "
         "Peers: the pooled first stage (max placed) from `placement export-model --format mps --pooled-mentors "
         "--first-stage-only`, names shortened by `benchmarks/mps_short_names.py`, solved by "
         f"`benchmarks/mps_peer.py` (the `cbc` program with `-timeMode elapsed -sec {tl:.0f}`; highspy with `time_limit {tl:.0f}`, mip_rel_gap 0; otherwise defaults). "
         "A peer's proven optimum is an upper bound on placement's placed count (pooling relaxes the mentors).\n",
         "| N | solver | wall s | CPU s | peak MB | placed | bound | gap | status |",
         "|---:|---|---:|---:|---:|---:|---:|---:|---|"]
    for r in runs:
        gap = r.get("gap")
        if r["peer"] == "placement":
            name = "**placement**"
        else:
            name = r["peer"]
        L.append(f"| {r['n_students']:,} | {name} | {fmt(r.get('end_to_end_s'))} | {fmt(r.get('cpu_s'))} | "
                 f"{fmt(r.get('peak_mb'), 0)} | {fmt(r.get('objective'))} | {fmt(r.get('bound'))} | "
                 f"{'–' if gap is None else f'{100 * gap:.2f} %'} | {r.get('status', '?')} |")
    L.append("")
    L.append("Models: " + "; ".join(
        f"N = {int(k):,}: {i.get('objective_sense', '?')} stage exported in {fmt(i.get('export_s'))} s, "
        f"{fmt(i.get('mps_mb'), 1)} MB MPS" + (f" (export failed: {i['export_error'][:80]})" if i.get("export_error") else "")
        for k, i in sorted(data["instances"].items(), key=lambda kv: int(kv[0]))) + ".\n")
    L += checks_lines(data, "no placement count above a peer's proven optimum of the pooled first stage.")
    return L


RENDER = {"core": render_core, "side": render_side, "stable": render_stable, "schedule": render_schedule}


def begin(suite):
    return f"<!-- BEGIN suite:{suite} -->"


def end(suite):
    return f"<!-- END suite:{suite} -->"


def write_doc(results, suites):
    """Rewrite the marker regions of docs/benchmarks.md of the given suites; everything else is kept.
    A region not yet in the file goes after the last region there (or at the end)."""
    text = open(DOC, encoding="utf-8").read() if os.path.exists(DOC) else "# Benchmarks\n"
    for suite in suites:
        if suite not in results:
            continue
        block = f"{begin(suite)}\n" + "\n".join(RENDER[suite](results[suite])).rstrip() + f"\n{end(suite)}"
        b, e = text.find(begin(suite)), text.find(end(suite))
        if b >= 0 and e > b:
            text = text[:b] + block + text[e + len(end(suite)):]
            continue
        last = max((text.find(end(s)) + len(end(s)) for s in SUITES if text.find(end(s)) >= 0), default=-1)
        text = (text[:last] + "\n\n" + block + text[last:]) if last >= 0 else (text.rstrip() + "\n\n" + block + "\n")
    os.makedirs(os.path.dirname(DOC), exist_ok=True)
    with open(DOC, "w", encoding="utf-8") as f:
        f.write(text)


RESULTS = os.path.join(OUT, "results.json")


def load_results():
    """results.json: one entry per suite. The first harness wrote the core suite's data at the top level."""
    if not os.path.exists(RESULTS):
        return {}
    with open(RESULTS, encoding="utf-8") as f:
        data = json.load(f)
    return {"core": data} if "meta" in data else data


# ------------------------------------------------------------------------------------------ main
class Context:
    """What every suite shares: the arguments, the bench, and the run's common metadata."""

    def __init__(self, args, bench, common):
        self.args, self.bench, self.common = args, bench, common

    def sizes(self, attr):
        return sorted({int(x.replace("_", "")) for x in getattr(self.args, attr).split(",") if x.strip()})

    def list(self, attr):
        return [x.strip() for x in getattr(self.args, attr).split(",") if x.strip()]

    def meta(self, suite, **kw):
        m = dict(self.common, suite=suite, seed=self.args.seed, loadavg_start=loadavg(), started=time.perf_counter(),
                 date=datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"), **kw)
        log(f"\n==== suite {suite}: sizes {m['sizes']}, peers {m['peers']}, time limit {m['time_limit']:.0f} s, "
            f"load {m['loadavg_start']}")
        return m

    def finish(self, meta, data):
        meta["wall_s"] = time.perf_counter() - meta.pop("started")
        meta["loadavg_end"] = loadavg()
        for p in data["problems"] + data["warnings"]:
            log(f"   !!!!!!!! {p}")
        return dict(meta=meta, **data)


def generate_only(a, bench):
    """Instances and scenarios only (nothing solved): the bench instances of every suite's sizes, their
    imports when the placement binary exists, and the schedule scenarios."""
    suites = [s.strip() for s in a.suite.split(",")]
    have_bin = os.path.exists(BIN)
    for suite, attr in (("core", "sizes"), ("side", "side_sizes"), ("stable", "stable_sizes")):
        if suite in suites:
            for n in sorted({int(x) for x in getattr(a, attr).split(",") if x.strip()}):
                prepare_instance(bench, n, a.seed, kind=suite, do_import=have_bin)
    if "schedule" in suites:
        for n in sorted({int(x) for x in a.schedule_sizes.split(",") if x.strip()}):
            schedule_scenario(n, a.seed)
    log("   instances ready" + ("" if have_bin else " (no placement binary: nothing imported)"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--suite", default="core,side,stable,schedule", help="suites to run, comma separated")
    ap.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="core suite: student counts")
    ap.add_argument("--peers", default=",".join(DEFAULT_PEERS), help="core suite: bench peers (core model)")
    ap.add_argument("--side-sizes", default="5000,20000,100000", help="side suite: student counts")
    ap.add_argument("--side-peers", default="cbc,highs", help="side suite: bench peers (side model)")
    ap.add_argument("--stable-sizes", default="100000", help="stable suite: student counts")
    ap.add_argument("--stable-peers", default="da", help="stable suite: bench peers (stable model)")
    ap.add_argument("--schedule-sizes", default="300,3000,15000", help="schedule suite: student counts")
    ap.add_argument("--schedule-peers", default="cbc,highs", help="schedule suite: solvers of the exported model")
    ap.add_argument("--schedule-time-limit", type=float, default=600, help="schedule suite: seconds per solve (default 600)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--time-limit", type=float, default=300, help="core, side, stable: seconds per solve (default 300)")
    ap.add_argument("--skip-build", action="store_true", help="use the existing .build-release binary")
    ap.add_argument("--no-skip", action="store_true", help="run every peer at every size (no skip rule)")
    ap.add_argument("--ref", help="measure this git commit (exported with git archive into benchmarks/out/src-<sha>/"
                    " and built there) instead of the working tree, e.g. --ref HEAD while the tree is mid-edit")
    ap.add_argument("--bench-dir", help="the shared bench folder (default ../shared/bench beside the project)")
    ap.add_argument("--generate-only", action="store_true", help="write the instances and scenarios, solve nothing")
    ap.add_argument("--doc-only", action="store_true", help="rewrite docs/benchmarks.md from benchmarks/out/results.json")
    a = ap.parse_args()
    suites = [s.strip() for s in a.suite.split(",") if s.strip()]
    unknown = [s for s in suites if s not in SUITES]
    if unknown:
        sys.exit(f"run.py: unknown suite(s) {unknown}; choose from {list(SUITES)}")
    if a.doc_only:
        results = load_results()
        write_doc(results, [s for s in suites if s in results])
        log(f"== rewrote {rel(DOC)} from {rel(RESULTS)}: suites {[s for s in suites if s in results]}")
        return
    bench = find_bench(a.bench_dir)
    if not os.path.exists(GNU_TIME):
        sys.exit("run.py: GNU time not found at /usr/bin/time (apt-get install time)")
    command = "python3 " + " ".join(shlex.quote(x) for x in [rel(os.path.abspath(sys.argv[0]))] + sys.argv[1:])
    log(f"== {command}")
    log(f"   bench: {bench}; suites {suites}; seed {a.seed}")
    os.makedirs(OUT, exist_ok=True)
    global BIN
    build_s = None
    src = ROOT
    if a.ref:
        src, sha = export_ref(a.ref)
        BIN = os.path.join(src, BUILD_DIR, "release", "placement")
    if a.generate_only:
        generate_only(a, bench)
        return
    if not a.skip_build:
        build_s = build_placement(src)
    if not os.path.exists(BIN):
        sys.exit(f"run.py: {rel(BIN)} does not exist (run without --skip-build)")
    commit, dirty = (sha, []) if a.ref else git_commit()
    common = dict(command=command, commit=commit, dirty_paths=dirty, machine=machine(), versions=tool_versions(),
                  bench_dir=bench, build_s=build_s, ref=a.ref, binary=rel(BIN))
    log(f"   commit {commit}; machine {common['machine']['nproc']} CPUs, {common['machine']['cpu']}")
    ctx = Context(a, bench, common)
    results = load_results()
    problems = []
    for suite in suites:
        results[suite] = SUITES[suite](ctx)
        problems += [f"{suite}: {p}" for p in results[suite]["problems"]]
        with open(RESULTS, "w", encoding="utf-8") as f:  # after each suite: a later crash keeps the earlier ones
            json.dump(results, f, indent=1, ensure_ascii=False)
        write_doc(results, [suite])
        log(f"== {suite}: wrote its region of {rel(DOC)} and {rel(RESULTS)}")
    if problems:
        bar = "!" * 78
        log(f"\n{bar}\n!! OBJECTIVE MISMATCH / CHECK FAILED:")
        for p in problems:
            log(f"!!   {p}")
        log(bar)
        sys.exit(1)
    log("   all checks passed")


if __name__ == "__main__":
    main()
