#!/usr/bin/env bash
# Writes the workbook fixtures the tests read (Tests/Fixtures/workbooks), from the bundled
# small-alliance CSVs, with real spreadsheet software: LibreOffice (headless, Debian's
# libreoffice-calc-nogui) and openpyxl (pip). The fixtures are committed; CI does not run this.
#   by-libreoffice/{students,bases,universities}.xlsx  one workbook per table, CSV imported by LibreOffice
#   office-openpyxl.xlsx         one workbook, a sheet per table, typed cells, a merged cell, a formula
#                                without a cached value (openpyxl does not calculate)
#   office-libreoffice.xlsx      the same workbook opened and saved by LibreOffice (formula calculated)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v soffice >/dev/null || { echo "needs LibreOffice: apt-get install -y libreoffice-calc-nogui" >&2; exit 1; }
python3 -c "import openpyxl" 2>/dev/null || { echo "needs openpyxl: pip install openpyxl" >&2; exit 1; }
out=Tests/Fixtures/workbooks
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$out/by-libreoffice"
for table in students bases universities; do
  cp "Scenarios/small-alliance/$table.csv" "$scratch/$table.csv"
  # CSV filter options: comma (44), quote (34), UTF-8 (76), from line 1.
  soffice --headless --infilter="CSV:44,34,76,1" --convert-to xlsx --outdir "$scratch/lo" "$scratch/$table.csv" >/dev/null
  cp "$scratch/lo/$table.xlsx" "$out/by-libreoffice/$table.xlsx"
done
python3 - "$scratch/office-openpyxl.xlsx" <<'PY'
import csv, sys
from openpyxl import Workbook
wb = Workbook()
wb.remove(wb.active)
def typed(column, value):
    # As a coordinator's workbook holds them: numbers as numbers, the rest as text.
    if column in ("grade", "latitude", "longitude") and value != "":
        return float(value)
    if column.startswith("capacity:") and value != "":
        return int(value)
    return value
for table, title in (("students", "Students"), ("bases", "Bases"), ("universities", "Universities")):
    ws = wb.create_sheet(title)
    with open(f"Scenarios/small-alliance/{table}.csv", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    ws.append(header)
    for row in rows[1:]:
        ws.append([typed(c, v) for c, v in zip(header, row)])
    if table == "bases":
        # B01's spring capacity as a formula (its value is 2), and an empty trailing column.
        column = header.index("capacity:2027-spring") + 1
        ws.cell(row=2, column=column).value = "=1+1"
wb.save(sys.argv[1])
PY
cp "$scratch/office-openpyxl.xlsx" "$out/office-openpyxl.xlsx"
soffice --headless --convert-to xlsx --outdir "$scratch/resaved" "$scratch/office-openpyxl.xlsx" >/dev/null
cp "$scratch/resaved/office-openpyxl.xlsx" "$out/office-libreoffice.xlsx"
ls -l "$out" "$out/by-libreoffice"
