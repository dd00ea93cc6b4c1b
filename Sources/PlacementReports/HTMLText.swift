import PlacementDomain

// Escaping and number formats of the HTML pages (report.html and the comparison).

/// HTML-escapes text for element content and quoted attributes (also inside SVG).
func htmlEsc(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for ch in text.unicodeScalars {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.unicodeScalars.append(ch)
        }
    }
    return out
}

func share(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }

func firstChoices(_ st: ReportStatistics) -> Int { st.byRank.count > 1 ? st.byRank[1] : 0 }

func percent(_ x: Double) -> String { fixed(x * 100, 1) + " %" }

/// SVG coordinates: one decimal, no locale.
func num(_ x: Double) -> String { formatNumber((x * 10).rounded() / 10) }

func fixed(_ x: Double, _ decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    var text = formatNumber((x * scale).rounded() / scale)
    if decimals > 0 {
        if !text.contains(".") { text += "." }
        let have = text.split(separator: ".", omittingEmptySubsequences: false).last!.count
        text += String(repeating: "0", count: max(0, decimals - have))
    }
    return text
}

/// "1st", "2nd", "3rd", "11th", … (shared by the Markdown and HTML reports).
func ordinal(_ n: Int) -> String {
    let suffix: String
    switch (n % 10, n % 100) {
    case (1, let t) where t != 11: suffix = "st"
    case (2, let t) where t != 12: suffix = "nd"
    case (3, let t) where t != 13: suffix = "rd"
    default: suffix = "th"
    }
    return "\(n)\(suffix)"
}

extension String {
    func replacingUnderscores() -> String { String(map { $0 == "_" ? " " : $0 }) }
}
