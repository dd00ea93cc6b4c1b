import Foundation
import PlacementDomain
import Yams

/// A scenario file parsed with Yams (JSON is read through the same path: it is YAML 1.2), walked
/// with node and depth budgets, and with each node's line kept for diagnostics.
struct YAMLDocument {
    let file: String
    let root: Node

    static func parse(text: String, file: String, options: LoadOptions) throws(ScenarioError) -> YAMLDocument {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ScenarioError([
                Diagnostic(
                    file: file, line: Self.line(of: error), field: nil, value: nil,
                    expected: "valid YAML or JSON (\(Self.summary(of: error)))")
            ])
        } catch {
            throw ScenarioError([Diagnostic(file: file, line: nil, field: nil, value: nil, expected: "valid YAML or JSON (\(error))")])
        }
        guard let node else {
            throw ScenarioError([Diagnostic(file: file, line: 1, field: nil, value: nil, expected: "a scenario mapping (the file is empty)")])
        }
        var budget = options.maxYAMLNodes
        if let problem = Self.checkBudget(node, depth: 0, maxDepth: options.maxYAMLDepth, budget: &budget) {
            throw ScenarioError([Diagnostic(file: file, line: node.mark?.line, field: nil, value: nil, expected: problem)])
        }
        return YAMLDocument(file: file, root: node)
    }

    /// Walks the tree once, counting every visit (aliases re-expand), and stops at the first excess.
    private static func checkBudget(_ node: Node, depth: Int, maxDepth: Int, budget: inout Int) -> String? {
        budget -= 1
        if budget < 0 {
            return "at most the configured number of YAML nodes (aliases expand to too many nodes; raise --max-yaml-nodes if this is intended)"
        }
        if depth > maxDepth { return "nesting at most \(maxDepth) levels deep" }
        switch node {
        case .scalar, .alias: return nil
        case let .sequence(seq):
            for child in seq { if let p = checkBudget(child, depth: depth + 1, maxDepth: maxDepth, budget: &budget) { return p } }
        case let .mapping(map):
            for (k, v) in map {
                if let p = checkBudget(k, depth: depth + 1, maxDepth: maxDepth, budget: &budget) { return p }
                if let p = checkBudget(v, depth: depth + 1, maxDepth: maxDepth, budget: &budget) { return p }
            }
        }
        return nil
    }

    static func line(of error: YamlError) -> Int? {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _):
            return mark.line
        default:
            return nil
        }
    }

    static func summary(of error: YamlError) -> String {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let ctx = context.map { "\($0.text), " } ?? ""
            return "\(ctx)\(problem) at line \(mark.line), column \(mark.column)"
        default:
            return "\(error)"
        }
    }
}

extension Node {
    /// Scalar text (nil for sequences and mappings).
    var text: String? {
        if case let .scalar(s) = self { return s.string }
        return nil
    }

    var line: Int? { mark?.line }

    /// Mapping entries in file order with their keys as text.
    var entries: [(key: String, keyLine: Int?, value: Node)]? {
        guard case let .mapping(map) = self else { return nil }
        return map.map { (key: $0.key.text ?? "", keyLine: $0.key.line, value: $0.value) }
    }

    var items: [Node]? {
        guard case let .sequence(seq) = self else { return nil }
        return Array(seq)
    }

    var isNull: Bool {
        if case let .scalar(s) = self { return s.tag == Tag(.null) || (s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string)) }
        return false
    }

    var kindName: String {
        switch self {
        case .scalar: return "a single value"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .alias: return "an alias"
        }
    }
}
