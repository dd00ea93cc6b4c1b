#!/usr/bin/env python3
"""Benchmark `placement` against peer solvers on the bench's core model, side by side, in one command.

    python3 benchmarks/run.py [--sizes 5000,20000,100000]
                              [--peers mcf,highs-nopre,cbc,cpsat-maxlp,glpk-lp]
                              [--seed 1] [--time-limit 300] [--skip-build] [--no-skip]

Steps (see benchmarks/README.md):
  1. build `placement` in release mode into .build-release/ (unless --skip-build); record the git commit;
  2. generate each instance with the shared bench's gen.py into benchmarks/out/instances/ and convert it
     with `placement import` into benchmarks/out/scenarios/;
  3. per size: `placement solve` under GNU time (end-to-end wall, peak RSS; build/solve phases from
     report.json), then every peer one after another via the bench's peers.py (fresh process each);
  4. check that every proven-optimal objective agrees with placement's (loud message, exit code 1 if not);
  5. write docs/benchmarks.md and benchmarks/out/results.json.

Standard library only. The shared bench (gen.py, peers.py) is used where it stands: ../shared/bench beside
the project, or --bench-dir / $PLACEMENT_BENCH_DIR. Its peers write only to --workdir (benchmarks/out/tmp).
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


def prepare_instance(bench, n, seed):
    name = f"p{n}_s{seed}"
    inst = os.path.join(OUT, "instances", name + ".json")
    scen = os.path.join(OUT, "scenarios", name)
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
    ref = REFERENCE.get(name)
    if ref and info["sha256"].startswith(ref[0]):
        info["reference_optimum"] = ref[1]
    # always re-import: the scenario must come from the importer of the binary being measured
    if os.path.isdir(scen):
        shutil.rmtree(scen)
    t0 = time.perf_counter()
    p = run([BIN, "import", inst, "--out", scen])
    info["import_s"] = round(time.perf_counter() - t0, 2)
    if p.returncode != 0:
        sys.exit(f"run.py: placement import failed for N={n} (rc={p.returncode}): {(p.stdout + p.stderr)[-2000:]}")
    log(f"   imported into {rel(scen)} in {info['import_s']:.1f} s")
    return inst, os.path.join(scen, "scenario.yaml"), info


def parse_gnu_time(path):
    """Last line of `/usr/bin/time -f '%e %M' -o path`: wall seconds, peak RSS KB."""
    try:
        with open(path) as f:
            lines = [ln.split() for ln in f if ln.strip()]
        for parts in reversed(lines):
            if len(parts) == 2:
                try:
                    return float(parts[0]), int(parts[1]) / 1024.0
                except ValueError:
                    continue
    except OSError:
        pass
    return None, None


def run_placement(scenario, n, tl):
    rep = os.path.join(OUT, "reports", f"p{n}")
    if os.path.isdir(rep):
        shutil.rmtree(rep)  # a failed solve must not leave last run's report.json to be read
    tf = os.path.join(OUT, "tmp", f"placement_{n}.time")
    os.makedirs(os.path.dirname(tf), exist_ok=True)
    cmd = [GNU_TIME, "-f", "%e %M", "-o", tf, BIN, "solve", scenario, "--out", rep, "--force", "--timings",
           "--quiet", "--time-limit", str(tl)]
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
    res["end_to_end_s"], res["peak_mb"] = parse_gnu_time(tf)
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


def run_peer(bench, inst, n, peer, tl):
    """One peer in a fresh interpreter (the bench's own way). End-to-end = that process's wall time."""
    work = os.path.join(OUT, "tmp")
    os.makedirs(work, exist_ok=True)
    cmd = [sys.executable, os.path.join(bench, "peers.py"), inst, "--model", "core", "--peer", peer,
           "--time-limit", str(tl), "--workdir", work]
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


def skip_reason(peer, n, runs, tl):
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
    if peer in KNOWN_SKIP and n >= KNOWN_SKIP[peer][0]:
        return f"skipped ({KNOWN_SKIP[peer][1]})"
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


def write_markdown(data, path):
    meta = data["meta"]
    runs = data["runs"]
    m = meta["machine"]
    v = meta["versions"]
    L = ["# Benchmarks: `placement` against peer solvers\n",
         "Generated by `benchmarks/run.py` (see `benchmarks/README.md`); do not edit by hand, re-run it.\n"]
    if data["problems"]:
        L.append("> **OBJECTIVE MISMATCH / CHECK FAILED** — the numbers below are not trustworthy:\n>")
        for p in data["problems"]:
            L.append(f"> * {p}")
        L.append("")
    L.append("## Setup\n")
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
        L.append(f"## N = {n:,} students\n")
        L.append(f"Instance `{info.get('name')}` (sha256 {info.get('sha256', '')[:12]}, {info.get('size_mb')} MB), "
                 f"{fmt(info.get('n_bases'))} bases; eligible (s,b,t) = {fmt(info.get('n_vars'))}; "
                 f"placement model {fmt(model.get('rows'))} rows × {fmt(model.get('columns'))} columns; "
                 f"`placement import` {fmt(info.get('import_s'))} s; bench reference optimum "
                 f"{fmt(info.get('reference_optimum'))}. Load average before: {info.get('loadavg')}.\n")
        L.append("| peer | build s | solve s | end-to-end s | peak MB | objective | status |")
        L.append("|---|---:|---:|---:|---:|---:|---|")
        for r in rs:
            st = r.get("status", "?")
            if r.get("gap") and st != "optimal":
                st += f", gap {100 * r['gap']:.2g}%"
            if r.get("verified") is False and r.get("objective") is not None:
                st += " **(FAILED CHECK)**"
            name = f"**{r['peer']}**" if r["peer"] == "placement" else r["peer"]
            L.append(f"| {name} | {fmt(r.get('build_s'))} | {fmt(r.get('solve_s'))} | {fmt(r.get('end_to_end_s'))} | "
                     f"{fmt(r.get('peak_mb'), 0)} | {fmt(r.get('objective'))} | {st} |")
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

    L.append("## Growth (log-log slope of time against N)\n")
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
    L.append("## Checks\n")
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
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(L))


# ------------------------------------------------------------------------------------------ main
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="student counts, comma separated")
    ap.add_argument("--peers", default=",".join(DEFAULT_PEERS), help="bench peers (core model), comma separated")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--time-limit", type=float, default=300, help="seconds per solve (default 300, as the bench)")
    ap.add_argument("--skip-build", action="store_true", help="use the existing .build-release binary")
    ap.add_argument("--no-skip", action="store_true", help="run every peer at every size (no skip rule)")
    ap.add_argument("--ref", help="measure this git commit (exported with git archive into benchmarks/out/src-<sha>/"
                    " and built there) instead of the working tree, e.g. --ref HEAD while the tree is mid-edit")
    ap.add_argument("--bench-dir", help="the shared bench folder (default ../shared/bench beside the project)")
    a = ap.parse_args()
    sizes = sorted({int(s.replace("_", "")) for s in a.sizes.split(",") if s.strip()})
    peers = [p.strip() for p in a.peers.split(",") if p.strip()]
    bench = find_bench(a.bench_dir)
    started = time.perf_counter()
    if not os.path.exists(GNU_TIME):
        sys.exit("run.py: GNU time not found at /usr/bin/time (apt-get install time)")

    command = "python3 " + " ".join(shlex.quote(x) for x in [rel(os.path.abspath(sys.argv[0]))] + sys.argv[1:])
    log(f"== {command}")
    log(f"   bench: {bench}; sizes {sizes}; peers {peers}; seed {a.seed}; time limit {a.time_limit:.0f} s")
    os.makedirs(OUT, exist_ok=True)
    global BIN
    build_s = None
    src = ROOT
    if a.ref:
        src, sha = export_ref(a.ref)
        BIN = os.path.join(src, BUILD_DIR, "release", "placement")
    if not a.skip_build:
        build_s = build_placement(src)
    if not os.path.exists(BIN):
        sys.exit(f"run.py: {rel(BIN)} does not exist (run without --skip-build)")
    if a.ref:
        commit, dirty = sha, []  # an exact export of a commit: never dirty
    else:
        commit, dirty = git_commit()
    versions = tool_versions()
    meta = dict(date=datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"), command=command,
                commit=commit, dirty_paths=dirty, machine=machine(), versions=versions, seed=a.seed,
                sizes=sizes, peers=peers, time_limit=a.time_limit, bench_dir=bench, build_s=build_s,
                ref=a.ref, binary=rel(BIN),
                loadavg_start=" ".join(f"{x:.2f}" for x in os.getloadavg()))
    log(f"   commit {commit}; machine {meta['machine']['nproc']} CPUs, {meta['machine']['cpu']}")
    runs, instances = [], {}
    for n in sizes:
        log(f"\n== N = {n:,}")
        inst, scen, info = prepare_instance(bench, n, a.seed)
        info["loadavg"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
        instances[str(n)] = info
        log("   placement solve ...")
        r = run_placement(scen, n, a.time_limit)
        runs.append(r)
        if r.get("model"):
            info["placement_rows"], info["placement_columns"] = r["model"].get("rows"), r["model"].get("columns")
        if r.get("tool"):
            meta["placement_tool"] = f"placement {r['tool'].get('version')} (GLPK {r['tool'].get('glpk_version')})"
        log(f"   {'placement':12s} {r.get('status', '?')!s:26s} obj={fmt(r.get('objective')):>12s} "
            f"build={fmt(r.get('build_s'))}s solve={fmt(r.get('solve_s'))}s "
            f"end-to-end={fmt(r.get('end_to_end_s'))}s peak={fmt(r.get('peak_mb'), 0)}MB")
        for peer in peers:
            why = None if a.no_skip else skip_reason(peer, n, runs, a.time_limit)
            if why:
                r = dict(peer=peer, n_students=n, status=why)
            else:
                log(f"   {peer} ...")
                r = run_peer(bench, inst, n, peer, a.time_limit)
                info.setdefault("n_bases", r.get("n_bases"))
                info.setdefault("n_vars", r.get("n_vars"))
            runs.append(r)
            log(f"   {peer:12s} {r.get('status', '?')!s:26s} obj={fmt(r.get('objective')):>12s} "
                f"build={fmt(r.get('build_s'))}s solve={fmt(r.get('solve_s'))}s "
                f"end-to-end={fmt(r.get('end_to_end_s'))}s peak={fmt(r.get('peak_mb'), 0)}MB")
        problems, warnings = check_agreement(runs, {int(k): v for k, v in instances.items()})
        for p in problems + warnings:
            if f"N={n:,}:" in p:
                log(f"   !!!!!!!! {p}")
    problems, warnings = check_agreement(runs, {int(k): v for k, v in instances.items()})
    meta["wall_s"] = time.perf_counter() - started
    data = dict(meta=meta, instances=instances, runs=runs, problems=problems, warnings=warnings)
    with open(os.path.join(OUT, "results.json"), "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, ensure_ascii=False)
    os.makedirs(os.path.dirname(DOC), exist_ok=True)
    write_markdown(data, DOC)
    log(f"\n== wrote {rel(DOC)} and {rel(os.path.join(OUT, 'results.json'))} "
        f"({meta['wall_s'] / 60:.1f} min)")
    if problems:
        bar = "!" * 78
        log(f"\n{bar}\n!! OBJECTIVE MISMATCH / CHECK FAILED:")
        for p in problems:
            log(f"!!   {p}")
        log(bar)
        sys.exit(1)
    log("   all proven-optimal objectives agree with placement's")


if __name__ == "__main__":
    main()
