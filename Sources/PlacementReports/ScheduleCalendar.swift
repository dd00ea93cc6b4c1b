import PlacementDomain

/// schedule.ics: every placement of a week-level schedule as an all-day event from its first to
/// its last day, grouped by base (the event's location and category are the base), so that a
/// coordinator or an enterprise can load the weeks into a calendar. RFC 5545; deterministic (the
/// stamp is the first day of the calendar, not the time of writing).
extension ReportSet {
    func scheduleICS(_ f: ScheduleFigures) -> [UInt8] {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//placement//\(settings.toolVersion)//EN", "CALSCALE:GREGORIAN",
            "X-WR-CALNAME:\(Self.icsText("Internships: \(scenario.name)"))"
        ]
        let stamp = f.calendar.weeks.isEmpty ? "19700101T000000Z" : Self.icsDate(f.firstDay(0)) + "T000000Z"
        struct Event { let base: Int; let student: Int; let part: Int; let first: Day; let last: Day }
        var events: [Event] = []
        for p in outcome.placements.compactMap({ $0 }) {
            guard let t = p.timing else { continue }
            events.append(Event(base: p.base, student: p.student, part: 1, first: f.firstDay(t.firstWeek), last: f.lastDay(t.lastWeek)))
            if let second = t.second {
                events.append(
                    Event(base: second.base, student: p.student, part: 2, first: f.firstDay(second.firstWeek), last: f.lastDay(second.lastWeek)))
            }
        }
        events.sort {
            (scenario.bases[$0.base].id, $0.first, scenario.students[$0.student].id, $0.part)
                < (scenario.bases[$1.base].id, $1.first, scenario.students[$1.student].id, $1.part)
        }
        for e in events {
            let base = scenario.bases[e.base], student = scenario.students[e.student]
            lines += [
                "BEGIN:VEVENT",
                "UID:\(Self.icsText("\(student.id)-\(base.id)-part\(e.part)"))@placement",
                "DTSTAMP:\(stamp)",
                "DTSTART;VALUE=DATE:\(Self.icsDate(e.first))",
                "DTEND;VALUE=DATE:\(Self.icsDate(e.last + 1))",
                "SUMMARY:\(Self.icsText("\(student.name) (\(student.id)) at \(base.name)"))",
                "LOCATION:\(Self.icsText([base.name, base.city, base.country].filter { !$0.isEmpty }.joined(separator: ", ")))",
                "CATEGORIES:\(Self.icsText(base.id))",
                "DESCRIPTION:\(Self.icsText("\(student.university), \(student.field)" + (e.part == 2 ? "; second part of a rotation" : "")))",
                "END:VEVENT"
            ]
        }
        lines.append("END:VCALENDAR")
        var out: [UInt8] = []
        for line in lines { out += Self.folded(line) }
        return out
    }

    static func icsDate(_ day: Day) -> String { day.description.replacingOccurrences(of: "-", with: "") }

    /// TEXT values: backslash, semicolon, comma and line breaks escaped.
    static func icsText(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n", "\r": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }

    /// A content line folded at 75 octets (never inside a UTF-8 character), CRLF-terminated.
    static func folded(_ line: String) -> [UInt8] {
        var out: [UInt8] = [], width = 0
        for scalar in line.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if width + bytes.count > 75 {
                out += [0x0D, 0x0A, 0x20]
                width = 1
            }
            out += bytes
            width += bytes.count
        }
        return out + [0x0D, 0x0A]
    }
}
