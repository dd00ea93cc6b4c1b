import PlacementDomain
import Yams

/// Reads the `rules:` mapping (alliance agreements). Unknown keys are errors.
struct RulesReader: MappingItemReader {
    let file: String
    /// Reads rule families given as a table (a CSV or .xlsx path, or {file, sheet}); nil where
    /// only YAML lists are accepted.
    var tables: RosterTables? = nil

    static let keys = ["reservations", "groups", "apart", "locks", "bans", "exchange"]

    func read(_ node: Node?, into d: inout [Diagnostic]) -> AllianceRules {
        var inputs: [InputFile] = []
        return read(node, into: &d, inputs: &inputs)
    }

    /// As `read(_:into:)`, recording the rule tables read as inputs.
    func read(_ node: Node?, into d: inout [Diagnostic], inputs: inout [InputFile]) -> AllianceRules {
        var rules = AllianceRules()
        guard let node, !node.isNull else { return rules }
        guard let entries = node.entries else {
            d.append(Diagnostic(file: file, line: node.line, field: "rules", value: nil, expected: "a mapping of rule families"))
            return rules
        }
        for entry in entries {
            let field = "rules.\(entry.key)"
            // A list family given as a table: a file path or {file, sheet} instead of a list.
            if RuleTables.columns[entry.key] != nil, let tables, entry.value.text != nil || entry.value.entries != nil {
                let rows = tables.rows(for: entry.value, table: entry.key, diagnostics: &d, inputs: &inputs)
                RuleTables.read(entry.key, rows: rows, into: &rules, diagnostics: &d)
                continue
            }
            switch entry.key {
            case "reservations":
                rules.reservations = items(entry.value, field, into: &d).compactMap { reservation($0, field, into: &d) }
            case "groups":
                rules.groups = items(entry.value, field, into: &d).compactMap { group($0, field, into: &d) }
            case "apart":
                rules.apart = items(entry.value, field, into: &d).compactMap { apart($0, field, into: &d) }
            case "locks":
                rules.locks = items(entry.value, field, into: &d).compactMap { lock($0, field, into: &d) }
            case "bans":
                rules.bans = items(entry.value, field, into: &d).compactMap { ban($0, field, into: &d) }
            case "exchange":
                guard let sub = entry.value.entries else {
                    d.append(Diagnostic(file: file, line: entry.value.line, field: field, value: nil, expected: "{min_abroad_share: NUMBER}"))
                    continue
                }
                for s in sub {
                    if s.key == "min_abroad_share", let t = s.value.text, let v = FieldParsing.number(t, range: 0...1) {
                        rules.minAbroadShare = v
                    } else {
                        d.append(
                            Diagnostic(
                                file: file, line: s.keyLine, field: "\(field).\(s.key)", value: s.value.text,
                                expected: "min_abroad_share: a number from 0 to 1"))
                    }
                }
            default:
                d.append(
                    Diagnostic(
                        file: file, line: entry.keyLine, field: field, value: nil,
                        expected: "a known rule family (\(Self.keys.joined(separator: ", ")))"))
            }
        }
        return rules
    }

    private func stringList(_ node: Node?) -> [String] {
        guard let node else { return [] }
        if let items = node.items { return items.compactMap(\.text) }
        if let t = node.text { return t.split(whereSeparator: { "|;,".contains($0) }).map { String($0).trimmingSpaces() }.filter { !$0.isEmpty } }
        return []
    }

    private func origin(_ node: Node) -> SourceLocation { SourceLocation(file: file, line: node.line) }

    private func reservation(_ node: Node, _ field: String, into d: inout [Diagnostic]) -> AllianceRules.Reservation? {
        guard
            let f = fields(node, field, known: ["base", "university", "seats", "mode", "terms"], required: ["base", "university", "seats"], into: &d)
        else { return nil }
        guard let seatsText = f["seats"]?.text, let seats = FieldParsing.count(seatsText, maximum: 100_000), seats > 0 else {
            d.append(
                Diagnostic(
                    file: file, line: f["seats"]?.line ?? node.line, field: "\(field).seats", value: f["seats"]?.text,
                    expected: "a whole number of seats from 1 to 100000"))
            return nil
        }
        var mode = AllianceRules.Reservation.Mode.exclusive
        if let m = f["mode"]?.text {
            guard let parsed = AllianceRules.Reservation.Mode(rawValue: m) else {
                d.append(Diagnostic(file: file, line: f["mode"]?.line, field: "\(field).mode", value: m, expected: "exclusive or priority"))
                return nil
            }
            mode = parsed
        }
        return .init(
            base: f["base"]!.text!, university: f["university"]!.text!, seats: seats, mode: mode,
            terms: stringList(f["terms"]), origin: origin(node))
    }

    private func group(_ node: Node, _ field: String, into d: inout [Diagnostic]) -> AllianceRules.Group? {
        guard let f = fields(node, field, known: ["id", "students", "together"], required: ["id", "students"], into: &d) else { return nil }
        let members = stringList(f["students"])
        guard members.count >= 2 else {
            d.append(
                Diagnostic(
                    file: file, line: f["students"]?.line ?? node.line, field: "\(field).students", value: members.joined(separator: ", "),
                    expected: "at least two student ids"))
            return nil
        }
        var together = AllianceRules.Group.Together.sameBaseAndTerm
        if let t = f["together"]?.text {
            guard let parsed = AllianceRules.Group.Together(rawValue: t) else {
                d.append(
                    Diagnostic(
                        file: file, line: f["together"]?.line, field: "\(field).together", value: t, expected: "same_base_and_term or same_city"))
                return nil
            }
            together = parsed
        }
        return .init(id: f["id"]!.text!, students: members, together: together, origin: origin(node))
    }

    private func apart(_ node: Node, _ field: String, into d: inout [Diagnostic]) -> AllianceRules.Apart? {
        let pair = node.items?.compactMap(\.text) ?? stringList(node)
        guard pair.count == 2, pair[0] != pair[1] else {
            d.append(
                Diagnostic(
                    file: file, line: node.line, field: field, value: node.text, expected: "a pair of two different student ids, e.g. [S001, S002]"))
            return nil
        }
        return .init(first: pair[0], second: pair[1], origin: origin(node))
    }

    private func lock(_ node: Node, _ field: String, into d: inout [Diagnostic]) -> AllianceRules.Lock? {
        guard let f = fields(node, field, known: ["student", "base", "term"], required: ["student", "base"], into: &d) else { return nil }
        return .init(student: f["student"]!.text!, base: f["base"]!.text!, term: f["term"]?.text, origin: origin(node))
    }

    private func ban(_ node: Node, _ field: String, into d: inout [Diagnostic]) -> AllianceRules.Ban? {
        guard let f = fields(node, field, known: ["student", "base"], required: ["student", "base"], into: &d) else { return nil }
        return .init(student: f["student"]!.text!, base: f["base"]!.text!, origin: origin(node))
    }
}
