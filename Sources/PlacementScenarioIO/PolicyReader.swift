import PlacementDomain
import Yams

/// Reads the `policy:` mapping. Unknown keys are errors: a misspelt rule must not be ignored.
struct PolicyReader {
    let file: String

    static let keys = [
        "unranked", "rank_cost", "travel_cost_per_km", "max_travel_km", "allowed_countries",
        "objectives", "unplaced_penalty", "time_limit_seconds", "work_limit_iterations", "stability", "base_ranking"
    ]

    func read(_ node: Node?, startingFrom start: Policy = Policy(), into d: inout [Diagnostic]) -> Policy {
        var policy = start
        guard let node, !node.isNull else { return policy }
        guard let entries = node.entries else {
            d.append(Diagnostic(file: file, line: node.line, field: "policy", value: nil, expected: "a mapping of policy settings"))
            return policy
        }
        for entry in entries {
            let field = "policy.\(entry.key)"
            let value = entry.value
            func bad(_ expected: String) {
                d.append(Diagnostic(file: file, line: value.line ?? entry.keyLine, field: field, value: value.text, expected: expected))
            }
            func number(_ range: ClosedRange<Double>) -> Double? {
                guard let t = value.text, let v = FieldParsing.number(t, range: range) else {
                    bad("a finite number between \(formatNumber(range.lowerBound)) and \(formatNumber(range.upperBound))")
                    return nil
                }
                return v
            }
            switch entry.key {
            case "unranked":
                guard let sub = value.entries else { bad("a mapping {allowed: true|false, cost: NUMBER}"); continue }
                for s in sub {
                    switch s.key {
                    case "allowed":
                        switch s.value.text?.lowercased() {
                        case "true", "yes": policy.allowUnranked = true
                        case "false", "no": policy.allowUnranked = false
                        default:
                            d.append(
                                Diagnostic(
                                    file: file, line: s.value.line, field: "policy.unranked.allowed", value: s.value.text, expected: "true or false"))
                        }
                    case "cost":
                        if let t = s.value.text, let v = FieldParsing.number(t, range: 0...1e9) {
                            policy.unrankedCost = v
                        } else {
                            d.append(
                                Diagnostic(
                                    file: file, line: s.value.line, field: "policy.unranked.cost", value: s.value.text,
                                    expected: "a number from 0 to 1e9"))
                        }
                    default:
                        d.append(Diagnostic(file: file, line: s.keyLine, field: "policy.unranked.\(s.key)", value: nil, expected: "allowed or cost"))
                    }
                }
            case "rank_cost":
                if let t = value.text {
                    switch t.lowercased() {
                    case "linear": policy.rankCost = .linear
                    case "squared", "quadratic": policy.rankCost = .squared
                    default: bad("linear, squared, or a list of costs for ranks 1, 2, 3, …")
                    }
                } else if let items = value.items {
                    let costs = items.compactMap { $0.text.flatMap { FieldParsing.number($0, range: 0...1e9) } }
                    if costs.count == items.count && !costs.isEmpty {
                        policy.rankCost = .table(costs)
                    } else {
                        bad("a non-empty list of numbers from 0 to 1e9")
                    }
                } else {
                    bad("linear, squared, or a list of costs")
                }
            case "travel_cost_per_km":
                if let v = number(0...1e6) { policy.travelCostPerKilometre = v }
            case "max_travel_km":
                if value.isNull { policy.maxTravelKilometres = nil } else if let v = number(0...40_000) { policy.maxTravelKilometres = v }
            case "allowed_countries":
                if value.isNull { policy.allowedCountries = nil; continue }
                guard let items = value.items else { bad("a list of two-letter country codes"); continue }
                var set: Set<String> = []
                for item in items {
                    if let c = item.text.flatMap(FieldParsing.country) {
                        set.insert(c)
                    } else {
                        d.append(Diagnostic(file: file, line: item.line, field: field, value: item.text, expected: "a two-letter country code"))
                    }
                }
                policy.allowedCountries = set
            case "objectives":
                guard let items = value.items, !items.isEmpty else { bad("a non-empty list such as [max_placed, min_cost]"); continue }
                var objectives: [Policy.Objective] = []
                for item in items {
                    if let o = item.text.flatMap(Policy.Objective.init(rawValue:)) {
                        if objectives.contains(o) {
                            d.append(Diagnostic(file: file, line: item.line, field: field, value: item.text, expected: "each objective once"))
                        }
                        objectives.append(o)
                    } else {
                        d.append(
                            Diagnostic(
                                file: file, line: item.line, field: field, value: item.text,
                                expected: "one of \(Policy.Objective.allCases.map(\.rawValue).joined(separator: ", "))"))
                    }
                }
                policy.objectives = objectives
            case "unplaced_penalty":
                if value.isNull { policy.unplacedPenalty = nil } else if let v = number(0...1e9) { policy.unplacedPenalty = v }
            case "time_limit_seconds":
                if value.isNull {
                    policy.timeLimitSeconds = nil
                } else if let t = value.text, let v = FieldParsing.number(t, range: Policy.timeLimitRange) {
                    policy.timeLimitSeconds = v
                } else {
                    bad(Policy.timeLimitRangeText)
                }
            case "work_limit_iterations":
                if value.isNull {
                    policy.workLimitIterations = nil
                } else if let t = value.text, let v = Int(t), Policy.workLimitRange.contains(v) {
                    policy.workLimitIterations = v
                } else {
                    bad(Policy.workLimitRangeText)
                }
            case "stability":
                if let t = value.text, let v = Policy.Stability(rawValue: t) { policy.stability = v } else { bad("required or report") }
            case "base_ranking":
                guard let sub = value.entries else { bad("a mapping {score: grade|language|score, university_priority: [IDS]}"); continue }
                for e in sub {
                    switch e.key {
                    case "score":
                        if let t = e.value.text, let v = Policy.BaseRanking.Score(rawValue: t) {
                            policy.baseRanking.score = v
                        } else {
                            d.append(
                                Diagnostic(
                                    file: file, line: e.value.line, field: "policy.base_ranking.score", value: e.value.text,
                                    expected: "grade, language or score"))
                        }
                    case "university_priority":
                        policy.baseRanking.universityPriority = e.value.items?.compactMap(\.text) ?? []
                    default:
                        d.append(
                            Diagnostic(
                                file: file, line: e.keyLine, field: "policy.base_ranking.\(e.key)", value: nil,
                                expected: "score or university_priority"))
                    }
                }
            default:
                d.append(
                    Diagnostic(
                        file: file, line: entry.keyLine, field: field, value: nil,
                        expected: "a known policy setting (\(Self.keys.joined(separator: ", ")))"))
            }
        }
        return policy
    }
}
