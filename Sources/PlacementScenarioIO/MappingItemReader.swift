import PlacementDomain
import Yams

/// Lists of mapping items in the scenario file (`rules:` and `schedule:` entries), read with every
/// problem reported: a value that is not a list, unknown, repeated and missing keys.
protocol MappingItemReader {
    /// The scenario file's name, for diagnostics.
    var file: String { get }
}

extension MappingItemReader {
    func items(_ node: Node, _ field: String, into d: inout [Diagnostic]) -> [Node] {
        if node.isNull { return [] }
        guard let list = node.items else {
            d.append(Diagnostic(file: file, line: node.line, field: field, value: node.text, expected: "a list"))
            return []
        }
        return list
    }

    /// Reads a mapping item's keys, reporting unknown and missing ones (all of them).
    func fields(_ node: Node, _ field: String, known: [String], required: [String], into d: inout [Diagnostic]) -> [String: Node]? {
        guard let entries = node.entries else {
            d.append(
                Diagnostic(
                    file: file, line: node.line, field: field, value: node.text,
                    expected: "a mapping with \(known.joined(separator: ", "))"))
            return nil
        }
        var result: [String: Node] = [:]
        for e in entries {
            if !known.contains(e.key) {
                d.append(
                    Diagnostic(
                        file: file, line: e.keyLine, field: "\(field).\(e.key)", value: nil,
                        expected: "one of \(known.joined(separator: ", "))"))
            } else if result[e.key] != nil {
                d.append(Diagnostic(file: file, line: e.keyLine, field: "\(field).\(e.key)", value: nil, expected: "each key once"))
            } else {
                result[e.key] = e.value
            }
        }
        var complete = true
        for key in required where result[key] == nil || result[key]!.isNull || result[key]!.text == "" {
            d.append(Diagnostic(file: file, line: node.line, field: "\(field).\(key)", value: nil, expected: "a value (required)"))
            complete = false
        }
        return complete ? result : nil
    }
}
