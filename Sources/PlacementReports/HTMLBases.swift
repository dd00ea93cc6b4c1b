import Foundation
import PlacementDomain

/// Where report.html shows the bases: utilisation per country and base, and the map.
extension HTMLReport {
    func utilisationPerBase(palette: CountryPalette) -> String {
        let s = report.scenario, o = report.outcome
        var filled: [Int: [Int: Int]] = [:]
        for p in o.placements.compactMap({ $0 }) { filled[p.base, default: [:]][p.term, default: 0] += 1 }
        var byCountry: [String: [Int]] = [:]
        for (bi, base) in s.bases.enumerated() { byCountry[base.country, default: []].append(bi) }
        var h = "<div class=\"bases\">\n"
        for country in byCountry.keys.sorted() {
            let bases = byCountry[country]!.sorted { s.bases[$0].id < s.bases[$1].id }
            var cells: [String] = []
            var seatsTotal = 0, filledTotal = 0
            for bi in bases {
                let base = s.bases[bi]
                var lines: [String] = []
                for (ti, term) in s.terms.enumerated() {
                    var seats = base.capacity(in: term.id), taken = filled[bi]?[ti] ?? 0
                    if let f = report.statistics.schedule {
                        // Seat-weeks, as in ReportStatistics.
                        seats = f.calendar.weeksByTerm[ti].reduce(0) { $0 + f.calendar.seats[bi][$1] }
                        taken = f.calendar.weeksByTerm[ti].reduce(0) { $0 + f.present[bi][$1].count }
                    }
                    guard seats > 0 || taken > 0 else { continue }
                    seatsTotal += seats
                    filledTotal += taken
                    let width = seats == 0 ? 100 : min(100, Int((Double(taken) / Double(seats) * 100).rounded()))
                    lines.append(
                        "<div class=\"mini\"><span class=\"t\">\(htmlEsc(term.id))</span><span class=\"track\"><span class=\"fill\" style=\"width:\(width)%;background:\(palette.colour(country))\"></span></span><span class=\"v\">\(taken)/\(seats)</span></div>"
                    )
                }
                guard !lines.isEmpty else { continue }
                cells.append(
                    "<div class=\"base\"><div class=\"bn\" title=\"\(htmlEsc(base.name))\"><b>\(htmlEsc(base.id))</b> \(htmlEsc(base.name))</div><div class=\"bc muted\">\(htmlEsc(base.city)) · \(htmlEsc(base.kind.label))</div>\(lines.joined())</div>"
                )
            }
            guard !cells.isEmpty else { continue }
            h += "<div class=\"country\"><h3><span class=\"swatch\" style=\"background:\(palette.colour(country))\"></span>\(htmlEsc(country)) "
            h +=
                "<span class=\"muted\">— \(filledTotal) of \(seatsTotal) \(report.statistics.schedule == nil ? "seats" : "seat-weeks") filled (\(percent(share(filledTotal, seatsTotal)))), \(cells.count) base\(cells.count == 1 ? "" : "s")</span></h3>\n"
            h += "<div class=\"basegrid\">\n" + cells.joined(separator: "\n") + "\n</div></div>\n"
        }
        return h + "</div>\n"
    }

    /// An SVG scatter of the bases over their bounding box (equirectangular), circle area ∝ placed
    /// interns, colour by country; universities with coordinates as small squares.
    func mapView(palette: CountryPalette) -> String {
        let s = report.scenario, o = report.outcome
        var placedAt = [Int](repeating: 0, count: s.bases.count)
        for p in o.placements.compactMap({ $0 }) { placedAt[p.base] += 1 }
        let located = s.bases.indices.filter { s.bases[$0].location != nil }.sorted { s.bases[$0].id < s.bases[$1].id }
        guard !located.isEmpty else { return "<p class=\"muted\">No base has coordinates, so there is no map.</p>\n" }
        let universities = s.universities.filter { $0.location != nil }.sorted { $0.id < $1.id }
        let points = located.map { s.bases[$0].location! } + universities.map { $0.location! }
        var minLat = points.map(\.latitude).min()!, maxLat = points.map(\.latitude).max()!
        var minLon = points.map(\.longitude).min()!, maxLon = points.map(\.longitude).max()!
        if maxLat - minLat < 1 { let m = (maxLat + minLat) / 2; minLat = m - 0.5; maxLat = m + 0.5 }
        if maxLon - minLon < 1 { let m = (maxLon + minLon) / 2; minLon = m - 0.5; maxLon = m + 0.5 }
        // The drawing takes the data's own aspect ratio, within 880 × 640.
        let pad = 48.0
        let midLat = (minLat + maxLat) / 2
        let squeeze = max(0.2, cosDegrees(midLat))  // equirectangular: x = λ·cos φ0, y = φ
        let spanX = (maxLon - minLon) * squeeze, spanY = maxLat - minLat
        let scale = min((880 - 2 * pad) / spanX, (640 - 2 * pad) / spanY)
        let width = max(420, (spanX * scale + 2 * pad).rounded()), height = max(320, (spanY * scale + 2 * pad).rounded())
        let offX = (width - spanX * scale) / 2, offY = (height - spanY * scale) / 2
        func project(_ g: GeoPoint) -> (x: Double, y: Double) {
            (offX + (g.longitude - minLon) * squeeze * scale, offY + (maxLat - g.latitude) * scale)
        }
        let most = max(1, placedAt.max() ?? 0)
        let rMax = 26.0

        var h =
            "<figure class=\"chart map\"><div class=\"mapwrap\"><svg class=\"map-svg\" viewBox=\"0 0 \(num(width)) \(num(height))\" style=\"max-width:\(num(width))px\" role=\"img\" aria-label=\"Map of bases\">\n"
        h += "<rect class=\"sea\" x=\"0\" y=\"0\" width=\"\(num(width))\" height=\"\(num(height))\"/>\n"
        // Graticule every 1, 2, 5 or 10 degrees.
        let stepDeg = [1.0, 2.0, 5.0, 10.0, 20.0].first { max(maxLat - minLat, maxLon - minLon) / $0 <= 8 } ?? 30
        var g = "<g class=\"grid\">"
        var lon = (minLon / stepDeg).rounded(.down) * stepDeg
        while lon <= maxLon + stepDeg {
            let x = offX + (lon - minLon) * squeeze * scale
            if x >= 0 && x <= width {
                g +=
                    "<line x1=\"\(num(x))\" y1=\"0\" x2=\"\(num(x))\" y2=\"\(num(height))\"/><text x=\"\(num(x + 3))\" y=\"\(num(height - 4))\">\(formatNumber(lon))°E</text>"
            }
            lon += stepDeg
        }
        var lat = (minLat / stepDeg).rounded(.down) * stepDeg
        while lat <= maxLat + stepDeg {
            let y = offY + (maxLat - lat) * scale
            if y >= 0 && y <= height {
                g +=
                    "<line x1=\"0\" y1=\"\(num(y))\" x2=\"\(num(width))\" y2=\"\(num(y))\"/><text x=\"3\" y=\"\(num(y - 3))\">\(formatNumber(abs(lat)))°\(lat < 0 ? "S" : "N")</text>"
            }
            lat += stepDeg
        }
        h += g + "</g>\n"

        // Bases: biggest first so that small circles stay on top.
        let order = located.sorted { placedAt[$0] != placedAt[$1] ? placedAt[$0] > placedAt[$1] : s.bases[$0].id < s.bases[$1].id }
        h += "<g class=\"bases\">\n"
        for bi in order {
            let base = s.bases[bi], p = project(base.location!)
            let n = placedAt[bi]
            let colour = palette.colour(base.country)
            let tip = "\(base.id) \(base.name) (\(base.city), \(base.country)): \(n) intern\(n == 1 ? "" : "s")"
            if n == 0 {
                h +=
                    "<circle class=\"base-dot empty\" cx=\"\(num(p.x))\" cy=\"\(num(p.y))\" r=\"3\" style=\"stroke:\(colour)\"><title>\(htmlEsc(tip))</title></circle>\n"
            } else {
                let r = max(3, rMax * (Double(n) / Double(most)).squareRoot())
                h +=
                    "<circle class=\"base-dot\" cx=\"\(num(p.x))\" cy=\"\(num(p.y))\" r=\"\(num(r))\" fill=\"\(colour)\"><title>\(htmlEsc(tip))</title></circle>\n"
            }
        }
        h += "</g>\n"
        // Universities.
        if !universities.isEmpty {
            h += "<g class=\"unis\">\n"
            for u in universities {
                let p = project(u.location!)
                h +=
                    "<rect class=\"uni\" x=\"\(num(p.x - 4))\" y=\"\(num(p.y - 4))\" width=\"8\" height=\"8\"><title>\(htmlEsc("\(u.id) \(u.name) (\(u.city), \(u.country))"))</title></rect>"
                h += "<text class=\"uni-label\" x=\"\(num(p.x + 6))\" y=\"\(num(p.y + 11))\">\(htmlEsc(u.id))</text>\n"
            }
            h += "</g>\n"
        }
        // Country labels above the country's busiest base (ties: lowest id).
        var byCountry: [String: [Int]] = [:]
        for bi in located { byCountry[s.bases[bi].country, default: []].append(bi) }
        h += "<g class=\"country-labels\">\n"
        var side =
            "<table class=\"mapkey\"><thead><tr><th>country</th><th class=\"num\">bases</th><th class=\"num\">interns</th></tr></thead><tbody>\n"
        for country in byCountry.keys.sorted() {
            let bases = byCountry[country]!
            let top = bases.min { placedAt[$0] != placedAt[$1] ? placedAt[$0] > placedAt[$1] : s.bases[$0].id < s.bases[$1].id }!
            let p = project(s.bases[top].location!)
            let r = placedAt[top] == 0 ? 3 : max(3, rMax * (Double(placedAt[top]) / Double(most)).squareRoot())
            let n = bases.reduce(0) { $0 + placedAt[$1] }
            h +=
                "<text class=\"country-label\" x=\"\(num(p.x))\" y=\"\(num(max(16, p.y - r - 5)))\" text-anchor=\"middle\" fill=\"\(palette.colour(country))\">\(htmlEsc(country))</text>\n"
            side +=
                "<tr><td><i class=\"swatch\" style=\"background:\(palette.colour(country))\"></i>\(htmlEsc(country))</td><td class=\"num\">\(bases.count)</td><td class=\"num\">\(n)</td></tr>\n"
        }
        h += "</g>\n</svg>\n"
        h += "<div class=\"mapside\">\n" + side + "</tbody></table>\n"
        let missing = s.bases.count - located.count
        h += "<figcaption>Each circle is a base; its area is proportional to the interns placed there (hollow: none). "
        h += "Colour shows the country. "
        if !universities.isEmpty { h += "Black squares are the home universities. " }
        h += "Equirectangular projection of longitude and latitude, fitted to the points shown."
        if missing > 0 { h += " \(missing) base\(missing == 1 ? " has" : "s have") no coordinates and \(missing == 1 ? "is" : "are") not shown." }
        h += "</figcaption>\n</div></div>\n"
        return h + "</figure>\n"
    }
}

private func cosDegrees(_ deg: Double) -> Double { cos(deg * Double.pi / 180) }
