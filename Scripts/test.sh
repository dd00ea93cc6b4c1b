#!/usr/bin/env bash
# One command: install what is needed and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh
# The code is formatted with the toolchain's swift-format and .swift-format (layout only).
swift format lint --strict --configuration .swift-format --recursive Sources Tests
swift build
swift test
