#!/usr/bin/env bash
# One command: install what is needed and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh
swift build
swift test
