import Foundation
import PlacementDomain
import Yams

/// Reads a variant file: a small YAML file that names a base scenario and changes it.
///
/// ```yaml
/// format_version: 1
/// variant_of: ../scenario.yaml          # relative to this file
/// name: vientiane-plus-10
/// changes:
///   capacity:
///     - { base: B00012, add: 10 }                      # every term
///     - { base: B00013, term: 2027-S1, seats: 0 }
///   remove_bases: [B00020]
///   add_bases:                                         # rows as in bases.csv
///     - { id: B99001, name: New lab, kind: university_lab, country: LA, fields: software, languages: "en: B1", capacity: 5 }
///   language_requirements:
///     - { base: B00001, languages: "en: B2" }
///   policy: { objectives: [max_placed, min_cost] }     # keys override the base policy
///   rules: { exchange: { min_abroad_share: 0.5 } }     # replaces the base's rules section
/// ```
public struct VariantLoader: Sendable {
    public var options: LoadOptions
    public init(options: LoadOptions = LoadOptions()) { self.options = options }

    static let changeKeys = ["capacity", "remove_bases", "add_bases", "language_requirements", "policy", "rules"]

    public func load(path: String) throws(ScenarioError) -> Scenario {
        var d: [Diagnostic] = []
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let file = url.lastPathComponent
        let files = InputFiles(options: options, scenarioDirectory: url.deletingLastPathComponent())
        guard let (bytes, input) = files.readFile(url: url, displayPath: file, namedIn: path, line: nil, field: nil, diagnostics: &d) else {
            throw ScenarioError(d)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ScenarioError([Diagnostic(file: file, line: nil, field: nil, value: nil, expected: "a UTF-8 text file")])
        }
        let document = try YAMLDocument.parse(text: text, file: file, options: options)
        guard let entries = document.root.entries else {
            throw ScenarioError([Diagnostic(file: file, line: document.root.line, field: nil, value: nil, expected: "a variant mapping")])
        }
        var nodes: [String: Node] = [:]
        for e in entries {
            if ["format_version", "variant_of", "name", "description", "changes"].contains(e.key) {
                nodes[e.key] = e.value
            } else {
                d.append(
                    Diagnostic(
                        file: file, line: e.keyLine, field: e.key, value: nil, expected: "format_version, variant_of, name, description or changes"))
            }
        }
        guard nodes["format_version"]?.text == "1" else {
            throw ScenarioError(
                d + [
                    Diagnostic(
                        file: file, line: nodes["format_version"]?.line, field: "format_version", value: nodes["format_version"]?.text,
                        expected: "format_version: 1")
                ])
        }
        guard let basePath = nodes["variant_of"]?.text else {
            throw ScenarioError(
                d + [
                    Diagnostic(
                        file: file, line: nil, field: "variant_of", value: nil, expected: "the path of the base scenario, relative to this file")
                ])
        }
        let baseURL = URL(fileURLWithPath: basePath, relativeTo: url.deletingLastPathComponent()).standardizedFileURL
        // The base's inputs are named relative to the variant's folder ("../students.csv"), as every
        // input of a report is: `verify` then finds them from the variant.
        let loadedBase = try ScenarioLoader(options: options).load(path: baseURL.path)
        let prefix = Self.relativePath(from: url.deletingLastPathComponent(), to: baseURL.deletingLastPathComponent())
        let base = loadedBase.replacing(inputs: loadedBase.inputs.map { InputFile(path: prefix + $0.path, sha256: $0.sha256, bytes: $0.bytes) })
        let name = nodes["name"]?.text ?? url.deletingPathExtension().lastPathComponent
        var changes = VariantChanges()
        for e in nodes["changes"]?.entries ?? [] {
            let field = "changes.\(e.key)"
            switch e.key {
            case "capacity":
                for item in e.value.items ?? [] {
                    guard let m = item.entries, let baseID = m.first(where: { $0.key == "base" })?.value.text else {
                        d.append(
                            Diagnostic(
                                file: file, line: item.line, field: field, value: item.text, expected: "{base: ID, term: TERM?, seats: N | add: N}"))
                        continue
                    }
                    let term = m.first(where: { $0.key == "term" })?.value.text
                    let seats = m.first(where: { $0.key == "seats" })?.value.text.flatMap { FieldParsing.count($0, maximum: 100_000) }
                    let add = m.first(where: { $0.key == "add" })?.value.text.flatMap { Int($0) }
                    guard (seats == nil) != (add == nil), add.map({ abs($0) <= 100_000 }) ?? true else {
                        d.append(
                            Diagnostic(
                                file: file, line: item.line, field: field, value: nil,
                                expected: "exactly one of seats (0–100000) or add (a whole number)"))
                        continue
                    }
                    if base.baseIndexByID[baseID] == nil {
                        d.append(
                            Diagnostic(file: file, line: item.line, field: field, value: baseID, expected: "the id of a base of the base scenario"))
                    }
                    if let term, base.termIndexByID[term] == nil {
                        d.append(Diagnostic(file: file, line: item.line, field: field, value: term, expected: "a term of the base scenario"))
                    }
                    changes.capacities.append(.init(base: baseID, term: term, seats: seats, add: add))
                }
            case "remove_bases":
                for item in e.value.items ?? [] {
                    guard let id = item.text, base.baseIndexByID[id] != nil else {
                        d.append(
                            Diagnostic(file: file, line: item.line, field: field, value: item.text, expected: "the id of a base of the base scenario")
                        )
                        continue
                    }
                    changes.removeBases.append(id)
                }
            case "add_bases":
                let rows = RosterTables(files: files, scenarioFile: file, options: options)
                var inputs: [InputFile] = []
                for row in rows.rows(for: e.value, table: "add_bases", diagnostics: &d, inputs: &inputs) {
                    if let b = EntityReaders.base(row, terms: base.terms, into: &d) { changes.addBases.append(b) }
                }
            case "language_requirements":
                for item in e.value.items ?? [] {
                    guard let m = item.entries, let baseID = m.first(where: { $0.key == "base" })?.value.text else {
                        d.append(
                            Diagnostic(
                                file: file, line: item.line, field: field, value: nil, expected: "{base: ID, languages: \"en: B2 | zh: HSK4\"}"))
                        continue
                    }
                    let row = RosterRow(
                        file: file, line: item.line, row: nil,
                        cells: ["languages": .text(m.first(where: { $0.key == "languages" })?.value.text ?? "")])
                    let requirement = (EntityReaders.languages(row, "languages", into: &d) ?? []).map {
                        LanguageRequirement(language: $0.0, minimum: $0.1)
                    }
                    changes.languageRequirements.append((baseID, requirement))
                }
            case "policy":
                changes.policy = PolicyReader(file: file).read(e.value, startingFrom: base.policy, into: &d)
            case "rules":
                changes.rules = RulesReader(file: file).read(e.value, into: &d)
            default:
                d.append(
                    Diagnostic(file: file, line: e.keyLine, field: field, value: nil, expected: "one of \(Self.changeKeys.joined(separator: ", "))"))
            }
        }
        let errors = d.filter { $0.severity == .error }
        guard errors.isEmpty else { throw ScenarioError(errors) }
        let scenario = base.applying(changes, name: name, extraInputs: [InputFile(path: file, sha256: input.sha256, bytes: input.bytes)])
        var check: [Diagnostic] = []
        CrossReferences.check(scenario, policyFile: file, into: &check)
        RuleReferences.check(scenario, into: &check)
        let policyNode = nodes["changes"]?.entries?.first { $0.key == "policy" }?.value
        ScheduleReferences.checkPolicy(scenario, ScenarioLoader.policyLines(policyNode, file: file), into: &check)
        let late = check.filter { $0.severity == .error }
        guard late.isEmpty else { throw ScenarioError(late) }
        return scenario
    }

    /// The path from one folder to another, ending in "/" unless empty ("../" from variants/ to its scenario).
    static func relativePath(from: URL, to: URL) -> String {
        let a = from.standardizedFileURL.pathComponents, b = to.standardizedFileURL.pathComponents
        var common = 0
        while common < a.count, common < b.count, a[common] == b[common] { common += 1 }
        let parts = Array(repeating: "..", count: a.count - common) + b[common...]
        return parts.isEmpty ? "" : parts.joined(separator: "/") + "/"
    }

    /// True when the file is a variant (has `variant_of`), so commands can take either kind.
    public static func isVariant(path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path), data.count < 1_000_000,
            let text = String(data: data, encoding: .utf8)
        else { return false }
        return text.split(separator: "\n").contains { $0.hasPrefix("variant_of:") }
    }
}
