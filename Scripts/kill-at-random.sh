#!/usr/bin/env bash
# Kills `placement solve` with SIGKILL at random moments (during load, solve and report writing)
# many times, and checks after every kill that no partial report folder is visible and that the
# earlier report is intact (byte for byte) once the next run has recovered interrupted writes.
# Usage: Scripts/kill-at-random.sh [TRIALS] [SCENARIO]
# PLACEMENT_BIN=path uses that binary (e.g. a release build) instead of building with `swift build`.
set -euo pipefail
cd "$(dirname "$0")/.."
trials="${1:-100}"
scenario="${2:-Scenarios/alliance-term/scenario.yaml}"
if [ -n "${PLACEMENT_BIN:-}" ]; then
  bin="$PLACEMENT_BIN"
else
  swift build --product placement >/dev/null
  bin="$(swift build --show-bin-path)/placement"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
out="$work/report"
"$bin" solve "$scenario" --out "$out" --quiet >/dev/null
( cd "$out" && sha256sum * ) > "$work/reference.sha"
# How long a full run takes, to spread the kills over it.
start=$(date +%s%N); "$bin" solve "$scenario" --out "$work/timing" --quiet >/dev/null; end=$(date +%s%N)
span_ms=$(( (end - start) / 1000000 ))
bad=0
for i in $(seq 1 "$trials"); do
  delay_ms=$(( RANDOM % (span_ms + 50) ))
  "$bin" solve "$scenario" --out "$out" --force --quiet >/dev/null 2>&1 &
  pid=$!
  sleep "$(awk -v ms="$delay_ms" 'BEGIN { printf "%.3f", ms / 1000 }')"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  # What a user sees right after the kill: either the old report or the new complete one.
  if [ -d "$out" ]; then
    if ! ( cd "$out" && sha256sum --quiet -c "$work/reference.sha" >/dev/null 2>&1 ); then
      echo "trial $i (kill after ${delay_ms} ms): report folder differs from a complete report"; bad=$((bad + 1))
    fi
  else
    # Killed between moving the old report aside and renaming the new one in: the next run
    # must put the old one back.
    "$bin" validate "$scenario" >/dev/null
    "$bin" solve "$scenario" --out "$work/other" --force --quiet >/dev/null  # unrelated run
    "$bin" solve "$scenario" --out "$out" --quiet >/dev/null 2>&1 || true
    if ! ( cd "$out" && sha256sum --quiet -c "$work/reference.sha" >/dev/null 2>&1 ); then
      echo "trial $i (kill after ${delay_ms} ms): earlier report not recovered"; bad=$((bad + 1))
    fi
  fi
done
leftovers=$(find "$work" -maxdepth 1 -name '.report.*' | wc -l)
echo "kill-at-random: $trials trials over ~${span_ms} ms runs, $bad bad outcomes, $leftovers hidden leftovers before recovery"
[ "$bad" -eq 0 ]
