#!/usr/bin/env bash
# Renders a report folder's report.html to a PNG with headless Chromium (for a visual check).
#   Scripts/render-html.sh REPORT_FOLDER OUT.png [WIDTHxHEIGHT]   (default 1280x2400)
# Needs Debian's `chromium` package (installed here with apt-get when missing). Chromium is run
# without network access to anything: report.html is self-contained.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 REPORT_FOLDER OUT.png [WIDTHxHEIGHT]" >&2
  exit 64
fi
folder="$1"; out="$2"; size="${3:-1280x2400}"
html="$folder/report.html"
if [ ! -f "$html" ]; then
  echo "$html not found (solve the scenario first: placement solve SCENARIO --out $folder)" >&2
  exit 2
fi
if ! command -v chromium >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get install -y chromium >&2
fi
abs_html="$(cd "$(dirname "$html")" && pwd)/$(basename "$html")"
mkdir -p "$(dirname "$out")"
abs_out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
rm -f "$abs_out"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
# A fresh profile each time; no first-run UI, no network fetches, no crash reporter.
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --user-data-dir="$profile" --no-first-run --disable-extensions --disable-background-networking \
  --force-device-scale-factor=1 --window-size="${size/x/,}" \
  --screenshot="$abs_out" "file://$abs_html" >/dev/null 2>&1 || true
if [ ! -s "$abs_out" ]; then
  echo "chromium wrote no screenshot to $abs_out" >&2
  exit 1
fi
echo "$abs_out"
