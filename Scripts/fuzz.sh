#!/usr/bin/env bash
# Fuzzes scenario loading (YAML, JSON and CSV paths) with libFuzzer + AddressSanitizer.
# Usage: Scripts/fuzz.sh [SECONDS]   (default 300)
# Seeds: Scripts/fuzz-corpus (bundled and invalid scenarios; first byte picks the path, see
# Sources/PlacementFuzz/main.swift). New interesting inputs go to .build-fuzz/corpus; crashes to
# .build-fuzz/crash-*: copy a crash into Scripts/fuzz-corpus and it becomes a regression input
# (`swift run PlacementFuzz Scripts/fuzz-corpus/*` replays them; FuzzCorpusTests runs that).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
swift build -c release --product PlacementFuzz --scratch-path .build-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -D -Xswiftc FUZZING -Xswiftc -parse-as-library
mkdir -p .build-fuzz/corpus
cd .build-fuzz
./release/PlacementFuzz corpus ../Scripts/fuzz-corpus -max_total_time="$seconds" -rss_limit_mb=4096 \
  -max_len=65536 -print_final_stats=1 2>&1 | tee fuzz.log | grep -E "^#[0-9]+.*(DONE|pulse)|stat::|ERROR|SUMMARY" || true
if grep -q "ERROR:" fuzz.log; then
  echo "fuzzing found a problem (crash, leak or timeout): see .build-fuzz/fuzz.log and .build-fuzz/{crash,leak,timeout}-*"
  exit 1
fi
grep -q "DONE" fuzz.log || { echo "libFuzzer did not finish its run"; exit 1; }
echo "no crash, leak or timeout in ${seconds} s: $(grep -o 'number_of_executed_units: [0-9]*' fuzz.log)"
