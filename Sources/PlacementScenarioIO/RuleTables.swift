import PlacementDomain

/// Rule families written as tables (a CSV file or a workbook sheet, one rule per row) instead of
/// YAML lists: `locks: locks.csv`, `groups: {file: office.xlsx, sheet: Groups}`. The columns are
/// the keys of the YAML form; list cells (a group's students, a reservation's terms) are separated
/// by `|`, `;` or `,`. Unknown columns are errors: a misspelt column must not drop a rule.
struct RuleTables {
    /// Known and required columns per family.
    static let columns: [String: (known: [String], required: [String])] = [
        "reservations": (["base", "university", "seats", "mode", "terms"], ["base", "university", "seats"]),
        "groups": (["id", "students", "together"], ["id", "students"]),
        "apart": (["first", "second"], ["first", "second"]),
        "locks": (["student", "base", "term"], ["student", "base"]),
        "bans": (["student", "base"], ["student", "base"])
    ]

    /// Reads the rows of one family's table into `rules`.
    static func read(_ family: String, rows: [RosterRow], into rules: inout AllianceRules, diagnostics d: inout [Diagnostic]) {
        guard let (known, required) = columns[family] else { return }
        var reported: Set<String> = []
        for row in rows {
            for column in row.cells.keys.sorted() where !known.contains(column) && reported.insert(column).inserted {
                d.append(row.diagnostic(column, nil, "a column of the \(family) table (\(known.joined(separator: ", ")))"))
            }
        }
        for row in rows {
            let origin = row.location
            var fields: [String: String] = [:]
            var complete = true
            for column in known {
                let value = row.text(column, required: required.contains(column), into: &d)
                if let value { fields[column] = value } else if required.contains(column) { complete = false }
            }
            guard complete else { continue }
            switch family {
            case "reservations":
                guard let seats = FieldParsing.count(fields["seats"]!, maximum: 100_000), seats > 0 else {
                    d.append(row.diagnostic("seats", fields["seats"], "a whole number of seats from 1 to 100000"))
                    continue
                }
                var mode = AllianceRules.Reservation.Mode.exclusive
                if let text = fields["mode"] {
                    guard let parsed = AllianceRules.Reservation.Mode(rawValue: text) else {
                        d.append(row.diagnostic("mode", text, "exclusive or priority"))
                        continue
                    }
                    mode = parsed
                }
                rules.reservations.append(
                    .init(
                        base: fields["base"]!, university: fields["university"]!, seats: seats, mode: mode,
                        terms: row.list("terms"), origin: origin))
            case "groups":
                let members = row.list("students")
                guard members.count >= 2 else {
                    d.append(row.diagnostic("students", fields["students"], "at least two student ids (separated by |)"))
                    continue
                }
                var together = AllianceRules.Group.Together.sameBaseAndTerm
                if let text = fields["together"] {
                    guard let parsed = AllianceRules.Group.Together(rawValue: text) else {
                        d.append(row.diagnostic("together", text, "same_base_and_term or same_city"))
                        continue
                    }
                    together = parsed
                }
                rules.groups.append(.init(id: fields["id"]!, students: members, together: together, origin: origin))
            case "apart":
                guard fields["first"] != fields["second"] else {
                    d.append(row.diagnostic("second", fields["second"], "a student other than the first"))
                    continue
                }
                rules.apart.append(.init(first: fields["first"]!, second: fields["second"]!, origin: origin))
            case "locks":
                rules.locks.append(.init(student: fields["student"]!, base: fields["base"]!, term: fields["term"], origin: origin))
            default:
                rules.bans.append(.init(student: fields["student"]!, base: fields["base"]!, origin: origin))
            }
        }
    }
}
