#!/usr/bin/env bash
# Prints a report folder's report.html to PDF with headless Chromium, as a coordinator's browser
# would print it (A4, the page's print stylesheet), and prints the number of pages.
#   Scripts/print-pages.sh REPORT_FOLDER [OUT.pdf]
# Needs Debian's `chromium` package (installed with apt-get when missing).
set -euo pipefail
if [ $# -lt 1 ]; then echo "usage: $0 REPORT_FOLDER [OUT.pdf]" >&2; exit 64; fi
html="$1/report.html"; out="${2:-$(mktemp -d)/report.pdf}"
[ -f "$html" ] || { echo "$html not found" >&2; exit 2; }
if ! command -v chromium >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get install -y chromium >&2
fi
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="$out" "file://$(realpath "$html")" >/dev/null 2>&1
# Each page object of the PDF is one "/Type /Page" (not "/Pages").
pages=$(python3 -c 'import re, sys; print(len(re.findall(rb"/Type\s*/Page[^s]", open(sys.argv[1], "rb").read())))' "$out")
echo "$pages pages: $out"
