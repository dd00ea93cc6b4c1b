#!/usr/bin/env bash
# One command: install what is needed, build placement, solve the bundled small scenario and
# print the head of its report.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh
swift build -c release --product placement
out="${1:-out/small-alliance}"
.build/release/placement solve Scenarios/small-alliance/scenario.yaml --out "$out" --force
echo
head -n 20 "$out/summary.md"
