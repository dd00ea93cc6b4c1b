#!/usr/bin/env python3
"""Rewrite a free-format MPS file with short row and column names (R1, R2, ..., C1, C2, ...).

    python3 benchmarks/mps_short_names.py IN.mps OUT.mps

`placement export-model` writes readable names, some of them hundreds of bytes long (a pooled
mentor row lists every mentor of a university); CBC 2.10 crashed (segmentation fault) reading
them. The model is otherwise unchanged: same rows, columns, coefficients, bounds and integer
markers, in the same order. Standard library only; streams the file (models of hundreds of MB).
"""
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    rows, cols = {}, {}
    section = None
    with open(sys.argv[1], encoding="utf-8", errors="surrogateescape") as src, \
            open(sys.argv[2], "w", encoding="utf-8", errors="surrogateescape") as out:
        for line in src:
            if not line.strip() or line.startswith("*"):
                continue
            if not line[0].isspace():  # a section header: NAME, ROWS, COLUMNS, RHS, RANGES, BOUNDS, ENDATA
                section = line.split()[0]
                out.write("NAME short FREE\n" if section == "NAME" else line)
                continue
            t = line.split()
            if section == "ROWS":  # type name
                rows[t[1]] = f"R{len(rows) + 1}"
                out.write(f" {t[0]} {rows[t[1]]}\n")
            elif section == "COLUMNS":
                if len(t) >= 3 and t[1] == "'MARKER'":
                    out.write(line)
                    continue
                c = cols.setdefault(t[0], f"C{len(cols) + 1}")
                pairs = " ".join(f"{rows[t[i]]} {t[i + 1]}" for i in range(1, len(t) - 1, 2))
                out.write(f" {c} {pairs}\n")
            elif section in ("RHS", "RANGES"):  # set (row value)+
                pairs = " ".join(f"{rows[t[i]]} {t[i + 1]}" for i in range(1, len(t) - 1, 2))
                out.write(f" {t[0]} {pairs}\n")
            elif section == "BOUNDS":  # type set column [value]
                out.write(" " + " ".join([t[0], t[1], cols[t[2]]] + t[3:]) + "\n")
            else:
                out.write(line)
    print(f"{sys.argv[2]}: {len(rows)} rows, {len(cols)} columns renamed")


if __name__ == "__main__":
    main()
