#!/usr/bin/env bash
# Side model (minimum interns per used base and term + nationality shares), issue #16:
# SideConstrainedFlowSolver (release build of the SideFlowBench target) against the shared
# bench's MIP peers on the same instances.
#
#   benchmarks/side_model.sh                      # N = 5,000 and 20,000, seeds 1 and 2, peers cbc + highs
#   SIZES="100000" SEEDS=1 PEERS="" benchmarks/side_model.sh
#
# Environment: BENCH (the shared bench folder, default ../shared/bench beside the project),
# OUT (instances and peer scratch, default /tmp/side), SIZES, SEEDS, PEERS, TIME_LIMIT (seconds,
# for our solver; the peers use the bench's own 300 s).
# Peers need: pip install pulp highspy; apt-get install -y coinor-cbc.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="${BENCH:-}"
if [ -z "$BENCH" ]; then
  for candidate in "$here/../shared/bench" "$here/../../shared/bench" /work/shared/bench; do
    if [ -f "$candidate/gen.py" ]; then BENCH="$(cd "$candidate" && pwd)"; break; fi
  done
fi
[ -f "$BENCH/gen.py" ] || { echo "shared bench not found; set BENCH" >&2; exit 2; }
OUT="${OUT:-/tmp/side}"
SIZES="${SIZES:-5000 20000}"
SEEDS="${SEEDS:-1 2}"
PEERS="${PEERS-cbc highs}"
TIME_LIMIT="${TIME_LIMIT:-300}"
mkdir -p "$OUT/work"

(cd "$here" && swift build -c release --product SideFlowBench >/dev/null)
bin="$(cd "$here" && swift build -c release --show-bin-path)/SideFlowBench"

for n in $SIZES; do
  for s in $SEEDS; do
    inst="$OUT/p${n}_s${s}.json"
    [ -f "$inst" ] || python3 "$BENCH/gen.py" --n "$n" --seed "$s" --out "$inst"
    echo "== p${n}_s${s}: SideConstrainedFlowSolver"
    "$bin" "$inst" --time-limit "$TIME_LIMIT" | tail -n 3
    for peer in $PEERS; do
      echo "== p${n}_s${s}: $peer"
      python3 "$BENCH/peers.py" "$inst" --model side --peer "$peer" --workdir "$OUT/work" 2>/dev/null | tail -n 1 |
        python3 -c 'import json,sys; r=json.loads(sys.stdin.read()); print("objective", r.get("objective"), "status", r.get("status"), "solve_s %.2f" % r.get("solve_s", 0), "total_s %.2f" % r.get("total_s", 0), "peak_mb %.0f" % r.get("peak_mb", 0))'
    done
  done
done
