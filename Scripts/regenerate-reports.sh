#!/usr/bin/env bash
# Regenerates Reports/<name>/ for every bundled scenario Scenarios/<name>/scenario.yaml, and
# Reports/<name>-comparison/ for every scenario with a variants/ folder.
# The test suite (ReportsAreCurrentTests) fails when a committed report is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product placement
bin="$(swift build --show-bin-path)/placement"
for scenario in Scenarios/*/scenario.yaml; do
  name="$(basename "$(dirname "$scenario")")"
  case "$name" in invalid|valid-dialects) continue ;; esac
  "$bin" solve "$scenario" --out "Reports/$name" --force --quiet
  if [ -d "Scenarios/$name/variants" ]; then
    "$bin" compare "$scenario" Scenarios/"$name"/variants/*.yaml --out "Reports/$name-comparison" --force
  fi
done
