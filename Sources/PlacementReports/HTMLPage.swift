/// The frame of every HTML page: the head with its inline styles, and the table filter script.
enum HTMLPage {
    static func head(title: String) -> String {
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + "<title>\(htmlEsc(title))</title>\n<style>\n\(css)</style>\n</head>\n<body>\n"
    }

    static let css = """
        :root { --ink: #1d2733; --muted: #667085; --line: #d9dee5; --bg: #f5f7fa; --good: #1a7f4b; --bad: #c0392b; --warn: #b26a00; }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", "Noto Sans Thai", "Leelawadee UI", "Thonburi", "Noto Sans Khmer", "Khmer UI", "Noto Sans Lao", "Lao UI", "Noto Sans Myanmar", "Myanmar Text", "Padauk", Arial, sans-serif; }
        .print-only { display: none; }
        header { background: #14324f; color: #fff; padding: 22px 32px 14px; }
        header h1 { margin: 0 0 4px; font-size: 26px; }
        header .sub { margin: 0 0 8px; color: #d6e2ee; }
        header .muted { color: #9fb6cc; }
        nav.toc a { color: #cfe3f7; text-decoration: none; font-size: 13px; }
        main { max-width: 1180px; margin: 0 auto; padding: 8px 32px 40px; }
        section { margin: 26px 0; }
        h2 { font-size: 20px; border-bottom: 2px solid var(--line); padding-bottom: 4px; margin: 22px 0 10px; }
        h3 { font-size: 16px; margin: 16px 0 6px; }
        .muted { color: var(--muted); }
        .small { font-size: 12px; }
        .ok { color: var(--good); } .bad { color: var(--bad); }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; }
        .card { background: var(--bg); border: 1px solid var(--line); border-left: 5px solid #8aa4bf; border-radius: 6px; padding: 10px 12px; }
        .card.good { border-left-color: var(--good); } .card.warn { border-left-color: var(--warn); }
        .card .k { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
        .card .v { font-size: 28px; font-weight: 700; line-height: 1.2; }
        .card .d { font-size: 12px; color: var(--muted); }
        .evidence { background: #eef6f0; border: 1px solid #cfe5d6; border-radius: 6px; padding: 4px 14px; margin-top: 12px; }
        .evidence ol { margin: 4px 0 10px; padding-left: 22px; }
        figure.chart { margin: 8px 0; }
        figure.chart svg { width: 100%; height: auto; display: block; }
        figcaption { font-size: 12px; color: var(--muted); margin-top: 4px; }
        svg text { font-size: 12px; fill: var(--ink); }
        svg .axis { fill: var(--muted); font-size: 11px; }
        svg .val { font-weight: 600; }
        svg .pct { font-weight: 600; }
        svg tspan.muted { fill: var(--muted); font-weight: 400; }
        svg .gridline { stroke: #e6e9ee; } svg .baseline { stroke: #98a2b3; }
        svg .track { fill: #eceff3; }
        svg .seats { fill: #fff; stroke-width: 1.5; }
        svg .sea { fill: #f1f6fb; }
        svg .grid line { stroke: #dde6ef; } svg .grid text { fill: #9aa9b8; font-size: 10px; }
        svg .base-dot { fill-opacity: .6; stroke: #fff; stroke-width: 1; }
        svg .base-dot.empty { fill: #fff; fill-opacity: 1; stroke-width: 1.5; }
        .mapwrap { display: flex; gap: 18px; align-items: flex-start; flex-wrap: wrap; }
        .mapwrap svg { flex: 1 1 420px; }
        .mapside { flex: 0 1 240px; min-width: 200px; }
        table.mapkey { width: auto; margin-bottom: 8px; }
        svg .uni { fill: #1d2733; stroke: #fff; stroke-width: 1; }
        svg .uni-label { font-size: 10px; fill: #1d2733; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
        svg .country-label { font-size: 15px; font-weight: 700; paint-order: stroke; stroke: #fff; stroke-width: 4px; }
        .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
        .country h3 { margin-top: 18px; }
        .basegrid { display: grid; grid-template-columns: repeat(auto-fill, minmax(270px, 1fr)); gap: 6px 14px; }
        .base { border-top: 1px solid var(--line); padding: 4px 0; font-size: 13px; min-width: 0; }
        .base .bn { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
        .base .bc { font-size: 11px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
        .mini { display: flex; align-items: center; gap: 6px; font-size: 11px; }
        .mini .t { width: 88px; color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
        .mini .track { flex: 1; height: 8px; background: #eceff3; border-radius: 4px; overflow: hidden; }
        .mini .fill { display: block; height: 100%; }
        .mini .v { width: 44px; text-align: right; font-variant-numeric: tabular-nums; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; font-size: 13px; }
        th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        thead th { background: var(--bg); position: sticky; top: 0; }
        .num { text-align: right; font-variant-numeric: tabular-nums; }
        table.placements tr.row-unplaced { background: #fdf3f2; }
        td.nw { white-space: nowrap; }
        .pairs .pair { display: inline-block; background: var(--bg); border: 1px solid var(--line); border-radius: 4px; padding: 0 6px; margin: 2px 0; font-size: 12px; }
        .filter input { font: inherit; padding: 4px 8px; width: 320px; max-width: 100%; }
        code { font-size: 11px; word-break: break-all; }
        .cols { display: grid; gap: 16px; overflow-x: auto; }
        .col { min-width: 0; border: 1px solid var(--line); border-radius: 6px; padding: 4px 12px; }
        table.compare th { white-space: nowrap; }
        @media print {
          @page { size: A4; margin: 14mm; }
          body { font-size: 10.5pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          header { background: none; color: var(--ink); padding: 0 0 8px; border-bottom: 2px solid var(--ink); }
          header .sub, header .muted { color: var(--muted); }
          nav.toc, .filter { display: none !important; }
          main { max-width: none; padding: 0; }
          section.keep, figure, .card, .base, tr { break-inside: avoid; }
          h2, h3 { break-after: avoid; }
          thead th { position: static; }
          .scroll { overflow: visible; }
          /* A few pages: headline, charts and the tables per university and country. The per-student
             tables and per-base grids are in placements.csv / placements.xlsx / rosters.xlsx. */
          #placements .scroll, #placements table, #unplaced table, .basegrid, #schedule table.heat { display: none !important; }
          .print-only { display: block; }
        }

        """

    /// Shows the filter box and filters the placements table; without JavaScript the box stays
    /// hidden and every row shows.
    static let filterScript = """
        <script>
        (function () {
          var box = document.getElementById("filter-box"), q = document.getElementById("q"), out = document.getElementById("q-count");
          if (!box || !q) return;
          var rows = document.querySelectorAll("#placements-table tbody tr");
          box.hidden = false;
          q.addEventListener("input", function () {
            var words = q.value.toLowerCase().split(/\\s+/).filter(Boolean), shown = 0;
            for (var i = 0; i < rows.length; i++) {
              var text = rows[i].textContent.toLowerCase();
              var hit = words.every(function (w) { return text.indexOf(w) >= 0; });
              rows[i].hidden = !hit; if (hit) shown++;
            }
            out.textContent = words.length ? shown + " of " + rows.length + " rows" : "";
          });
        })();
        </script>

        """
}
