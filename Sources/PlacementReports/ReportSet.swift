import Foundation
import PlacementConcurrency
import PlacementDomain

/// What a report records about how it was made. Only settings that change the result go in, so
/// that the same inputs and options give the same bytes wherever the report is written.
public struct ReportSettings: Sendable {
    public var toolVersion: String
    public var glpkVersion: String
    /// Options that affect the result, e.g. ["time_limit_seconds": "60"].
    public var options: [String: String]
    /// Include wall-clock timings (makes reports differ between runs).
    public var includeTimings: Bool

    public init(toolVersion: String, glpkVersion: String, options: [String: String] = [:], includeTimings: Bool = false) {
        self.toolVersion = toolVersion
        self.glpkVersion = glpkVersion
        self.options = options
        self.includeTimings = includeTimings
    }
}

/// Every file of a report folder: summary.md, placements.csv, rosters.csv, report.json, manifest.json,
/// and for scheduled scenarios schedule.csv and mentors.csv.
public struct ReportSet: Sendable {
    public static let reportFormat = "placement-report/1"
    public let scenario: Scenario
    public let outcome: PlacementOutcome
    public let settings: ReportSettings
    public let statistics: ReportStatistics
    /// Each unplaced student's reason in words (every file gives it), by student index.
    let unplacedTexts: [Int: String]
    /// What each alliance rule did (summary, JSON and HTML).
    let ruleEffects: [RuleEffects.Line]
    /// Student indices sorted by student id (the HTML tables' order).
    let studentsInIDOrder: [Int]

    public init(scenario: Scenario, outcome: PlacementOutcome, settings: ReportSettings) {
        self.scenario = scenario
        self.outcome = outcome
        self.settings = settings
        // Independent parts, computed side by side (each walks every student at 100,000).
        let jobs: [@Sendable () -> InitPart] = [
            { .statistics(ReportStatistics(scenario: scenario, outcome: outcome)) },
            {
                var texts: [Int: String] = [:]
                for i in outcome.placements.indices where outcome.placements[i] == nil { texts[i] = (outcome.unplacedReasons[i] ?? .notSolved).text }
                return .unplacedTexts(texts)
            },
            { .ruleEffects(RuleEffects(scenario: scenario, outcome: outcome).lines) },
            { .order(scenario.students.indices.sorted { scenario.students[$0].id < scenario.students[$1].id }) }
        ]
        let parts = parallelMap(count: jobs.count) { jobs[$0]() }
        guard case let .statistics(statistics) = parts[0], case let .unplacedTexts(texts) = parts[1],
            case let .ruleEffects(lines) = parts[2], case let .order(order) = parts[3]
        else {
            preconditionFailure("parts are returned in the order given")
        }
        self.statistics = statistics
        unplacedTexts = texts
        ruleEffects = lines
        studentsInIDOrder = order
    }

    private enum InitPart: Sendable {
        case statistics(ReportStatistics)
        case unplacedTexts([Int: String])
        case ruleEffects([RuleEffects.Line])
        case order([Int])
    }

    /// Why student `i` (unplaced) was not placed, in words.
    func unplacedText(_ i: Int) -> String { unplacedTexts[i] ?? PlacementOutcome.UnplacedReason.notSolved.text }
}
