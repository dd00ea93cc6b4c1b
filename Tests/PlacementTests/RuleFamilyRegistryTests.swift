import Foundation
import PlacementDomain
import PlacementEngine
import PlacementFormulation
@testable import PlacementScenarioIO
import XCTest

/// The rule-family registry (`RuleFamilyID`, Sources/PlacementDomain/RuleFamilies.swift), the
/// documentation (docs/scenario-format.md, "Rule families", and docs/scenario.schema.json), the
/// scenario readers and the bundled scenarios and reports say the same thing about every family.
final class RuleFamilyRegistryTests: XCTestCase {
    static let docsFolder = PackageLayout.root.appendingPathComponent("docs")

    // MARK: - Reading the documentation

    /// One row of the "Rule families" table of docs/scenario-format.md.
    struct DocumentedFamily: Equatable {
        var id: String
        var keys: [String]
        var anchor: String
        var title: String
        var diagnosis: String?
        var checks: [String]
    }

    static func formatText() throws -> String {
        try String(contentsOf: docsFolder.appendingPathComponent("scenario-format.md"), encoding: .utf8)
    }

    /// The backquoted words of a table cell, in order (`—` or text without backquotes gives none).
    static func quoted(_ cell: String) -> [String] {
        cell.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    static func documentedFamilies(in text: String) throws -> [DocumentedFamily] {
        let lines = text.components(separatedBy: "\n")
        let start = try XCTUnwrap(lines.firstIndex(of: "## Rule families"), "docs/scenario-format.md has no \"## Rule families\" section")
        var rows: [DocumentedFamily] = []
        for line in lines[(start + 1)...] {
            if line.hasPrefix("#") { break }
            guard line.hasPrefix("| `") else { continue }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
            XCTAssertEqual(cells.count, 6, "a row of the rule-family table has 6 cells: \(line)")
            guard cells.count == 6 else { continue }
            let anchor = cells[2].range(of: "(#").map { String(cells[2][$0.upperBound...].prefix { $0 != ")" }) } ?? ""
            rows.append(
                DocumentedFamily(
                    id: quoted(cells[0]).first ?? cells[0], keys: quoted(cells[1]), anchor: anchor,
                    title: cells[3], diagnosis: cells[4] == "—" ? nil : cells[4], checks: quoted(cells[5])))
        }
        return rows
    }

    /// GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens.
    static func anchor(ofHeading heading: String) -> String {
        String(
            heading.lowercased().compactMap { c -> Character? in
                if c == " " { return "-" }
                return c.isLetter || c.isNumber || c == "-" || c == "_" ? c : nil
            })
    }

    /// The text of each section of the document by its anchor: from its heading to the next
    /// heading of the same or a higher level.
    static func sections(of text: String) -> [String: String] {
        let lines = text.components(separatedBy: "\n")
        var sections: [String: String] = [:]
        for (i, line) in lines.enumerated() where line.hasPrefix("#") {
            let level = line.prefix { $0 == "#" }.count
            let heading = line.dropFirst(level).trimmingCharacters(in: .whitespaces)
            let end = lines[(i + 1)...].firstIndex { $0.hasPrefix("#") && $0.prefix { $0 == "#" }.count <= level } ?? lines.count
            sections[anchor(ofHeading: heading)] = lines[i..<end].joined(separator: "\n")
        }
        return sections
    }

    static func schema() throws -> [String: Any] {
        let data = try Data(contentsOf: docsFolder.appendingPathComponent("scenario.schema.json"))
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The properties the schema allows in a section of the scenario.
    static func schemaProperties(_ schema: [String: Any], _ section: RuleFamilyID.ScenarioKey.Section) -> Set<String> {
        let definition: String
        switch section {
        case .bases: definition = "row"
        case .policy: definition = "policy"
        case .rules: definition = "rules"
        case .schedule: definition = "schedule"
        case .programme: definition = "programme"
        }
        let defs = schema["$defs"] as? [String: Any]
        let properties = (defs?[definition] as? [String: Any])?["properties"] as? [String: Any]
        return Set(properties?.keys.map { $0 } ?? [])
    }

    /// The keys a reader of ScenarioIO accepts in a section.
    static func readerKeys(_ section: RuleFamilyID.ScenarioKey.Section) -> Set<String> {
        switch section {
        case .bases: return EntityReaders.baseColumns
        case .policy: return Set(PolicyReader.keys)
        case .rules: return Set(RulesReader.keys)
        case .schedule: return Set(ScheduleReader.keys)
        case .programme: return ["id", "credits", "weeks", "rotation"]
        }
    }

    // MARK: - Drift between the registry and the documentation

    func testTheDocumentedTableIsTheRegistry() throws {
        let documented = try Self.documentedFamilies(in: Self.formatText())
        let registry = RuleFamilyID.allCases.map { id in
            DocumentedFamily(
                id: id.rawValue, keys: id.scenarioKeys.map(\.description), anchor: id.declaration.anchor, title: id.title,
                diagnosis: id.diagnosis, checks: id.declaration.checks.map(\.rawValue))
        }
        XCTAssertEqual(
            documented.map(\.id), registry.map(\.id),
            "docs/scenario-format.md \"Rule families\" lists other families (or another order) than RuleFamilyID")
        for family in registry {
            guard let row = documented.first(where: { $0.id == family.id }) else { continue }
            XCTAssertEqual(row, family, "docs/scenario-format.md row of \(family.id) differs from the registry")
        }
    }

    func testEveryScenarioKeyIsDocumentedInTheSchemaAndRead() throws {
        let schema = try Self.schema()
        let sections = Self.sections(of: try Self.formatText())
        for id in RuleFamilyID.allCases {
            let anchor = id.declaration.anchor
            let section = try XCTUnwrap(sections[anchor], "\(id): docs/scenario-format.md has no heading with anchor #\(anchor)")
            for key in id.scenarioKeys {
                XCTAssertTrue(
                    Self.schemaProperties(schema, key.section).contains(key.name),
                    "\(id): docs/scenario.schema.json does not allow \(key) (\(key.section) properties)")
                XCTAssertTrue(section.contains(key.name), "\(id): the section #\(anchor) of docs/scenario-format.md does not mention \(key.name)")
                XCTAssertTrue(Self.readerKeys(key.section).contains(key.name), "\(id): the scenario readers do not read \(key)")
            }
        }
    }

    func testEveryDocumentedRuleKeyIsInTheRegistry() throws {
        let registered = Set(RuleFamilyID.allCases.flatMap(\.scenarioKeys).filter { $0.section == .rules }.map(\.name))
        // The schema's `rules:` properties.
        let inSchema = Self.schemaProperties(try Self.schema(), .rules)
        XCTAssertFalse(inSchema.isEmpty, "docs/scenario.schema.json has no $defs/rules properties")
        XCTAssertEqual(inSchema.subtracting(registered).sorted(), [], "rule keys of docs/scenario.schema.json that no family declares")
        // The keys of the `rules:` example of the "Alliance rules" section.
        let section = try XCTUnwrap(Self.sections(of: try Self.formatText())["alliance-rules-rules"])
        let example = section.components(separatedBy: "```")
        XCTAssertGreaterThanOrEqual(example.count, 3, "the Alliance rules section has no YAML example")
        let exampleKeys = Set(
            example[1].components(separatedBy: "\n").compactMap { line -> String? in
                guard line.hasPrefix("  "), !line.hasPrefix("   "), let colon = line.firstIndex(of: ":") else { return nil }
                return line[..<colon].trimmingCharacters(in: .whitespaces)
            })
        XCTAssertEqual(exampleKeys, registered, "the rules: example of docs/scenario-format.md and the registry name other keys")
        // What the reader accepts under `rules:`.
        XCTAssertEqual(Set(RulesReader.keys), registered, "RulesReader.keys and the registry's rules keys differ")
    }

    func testEveryCheckCodeBelongsToOneFamilyAndIsInTheAudit() throws {
        let audit = try String(contentsOf: Self.docsFolder.appendingPathComponent("audit.md"), encoding: .utf8)
        for code in RuleCheckCode.allCases {
            let owners = RuleFamilyID.allCases.filter { $0.declaration.checks.contains(code) }
            XCTAssertEqual(owners.count, 1, "\(code.rawValue) belongs to \(owners.count) families")
            XCTAssertTrue(audit.contains("`\(code.rawValue)`"), "docs/audit.md does not list \(code.rawValue)")
        }
        XCTAssertEqual(Set(RuleFamilyID.allCases.map(\.title)).count, RuleFamilyID.allCases.count, "two families share a title")
        let words = RuleFamilyID.allCases.compactMap(\.diagnosis)
        XCTAssertEqual(Set(words).count, words.count, "two families share a diagnosis word")
    }

    // MARK: - The bundled scenarios and reports

    func testEveryFamilyAppliedToTheBundledScenariosIsInTheRegistry() throws {
        let fm = FileManager.default
        let names = try fm.contentsOfDirectory(atPath: PackageLayout.scenarios.path).sorted().filter { name in
            name != "invalid" && !name.hasPrefix(".")
                && fm.fileExists(atPath: PackageLayout.scenarios.appendingPathComponent(name).appendingPathComponent("scenario.yaml").path)
        }
        XCTAssertFalse(names.isEmpty, "no bundled scenario")
        let words = Set(RuleFamilyID.allCases.compactMap(\.diagnosis))
        var seen: Set<RuleFamilyID> = []
        for name in names {
            let scenario = try PlacementEngine().load(
                path: PackageLayout.scenarios.appendingPathComponent(name).appendingPathComponent("scenario.yaml").path)
            let formulation = Formulation(scenario: scenario)
            let applied = formulation.appliedRules
            XCTAssertEqual(applied, RuleFamilyID.allCases.filter { $0.isOn(in: scenario) }, "\(name): families applied out of registry order")
            seen.formUnion(applied)
            // Every row a diagnosis may name carries a registry word (mentor rows: "academic …", "industry …").
            for row in formulation.model.constraints {
                guard let family = row.family else { continue }
                let word =
                    family.hasPrefix("academic ") || family.hasPrefix("industry ") ? String(family.split(separator: " ", maxSplits: 1)[1]) : family
                XCTAssertTrue(words.contains(word), "\(name): row \(row.name) has family \"\(family)\", not in the registry")
            }
            // The committed report names exactly these families, by their registry titles.
            let reportURL = PackageLayout.reports.appendingPathComponent(name).appendingPathComponent("report.json")
            guard let data = fm.contents(atPath: reportURL.path) else { continue }
            let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let solver = json["solver"] as? [String: Any]
            let titles = try XCTUnwrap((solver?["model"] as? [String: Any])?["rules"] as? [String], "\(name): report.json has no solver.model.rules")
            XCTAssertEqual(
                titles.map { RuleFamilyID(title: $0) }, applied.map { Optional($0) },
                "\(name): report.json model.rules \(titles) are not the registry titles of the applied families")
        }
        XCTAssertTrue(
            seen.isSuperset(of: [.onePlacement, .capacity, .minInterns, .reservedSeats, .weeklyCapacity, .mentors]),
            "the bundled scenarios no longer exercise the families this test relies on: \(seen.sorted())")
    }
}
