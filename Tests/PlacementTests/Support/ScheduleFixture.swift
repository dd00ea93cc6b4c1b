import Foundation
import PlacementDomain
import PlacementEngine
import PlacementReports
import PlacementVerifier
import XCTest

/// A small scheduled scenario with a hand-made correct outcome, for the verifier and report tests.
///
/// One term of 12 weeks from Monday 2027-03-01 (week index 0 = 2027-spring/1). B1 (CN, Belt and
/// Road) is closed in week index 3 (stocktaking), B3 (TH) in week 6 (Songkran); B2 (VN) has 1 seat
/// in week 8. CN students need 10 weeks of lead time to VN (earliest start 2027-03-15, index 2).
/// S3 is on a rotation (2 weeks at a Belt and Road enterprise, a full week's gap, 2 weeks at an
/// ASEAN firm in another country).
enum ScheduleFixture {
    static let origin = SourceLocation(file: "fixture", line: nil)
    static let settings = ReportSettings(toolVersion: "test", glpkVersion: "test")
    static func day(_ text: String) -> Day { Day.parse(text)! }
    static func level(_ text: String) -> LanguageLevel { LanguageLevel.parse(text)! }

    static func scenario() -> Scenario {
        let universities = [University(id: "U1", name: "Guangxi University", country: "CN", city: "Nanning", location: nil, origin: origin)]
        func base(_ id: String, _ kind: BaseKind, _ country: String, _ seats: Int) -> Base {
            Base(
                id: id, name: "Base \(id)", kind: kind, country: country, city: "", location: nil, fields: [], languageRequirement: [],
                capacity: ["2027-spring": seats], origin: origin)
        }
        let bases = [base("B1", .beltAndRoadEnterprise, "CN", 2), base("B2", .aseanFirm, "VN", 2), base("B3", .aseanFirm, "TH", 1)]
        func student(
            _ id: String, _ nationality: String, _ prefs: [String], _ languages: [String: String], programme: String? = nil,
            from: String? = nil, to: String? = nil
        ) -> Student {
            Student(
                id: id, name: "Student \(id)", university: "U1", nationality: nationality, field: "software",
                languages: languages.mapValues(level), gradeAverage: nil, availableTerms: [], excludedCountries: [],
                preferences: prefs, origin: origin, programme: programme, availableFrom: from.map(day), availableTo: to.map(day))
        }
        let students = [
            student("S1", "CN", ["B1", "B2"], ["zh": "native", "en": "B2"]),
            student("S2", "VN", ["B2"], ["en": "B2", "vi": "native"]),
            student("S3", "CN", ["B1", "B3"], ["en": "C1", "zh": "native"], programme: "ROT"),
            student("S4", "CN", ["B2", "B1"], ["en": "B2", "zh": "native"], from: "2027-03-08", to: "2027-05-09"),
            student("S5", "CN", ["B3"], ["en": "B2"])
        ]
        func mentor(_ id: String, _ kind: Schedule.Mentor.Kind, _ home: String, _ languages: [String: String], _ max: Int) -> Schedule.Mentor {
            Schedule.Mentor(
                id: id, name: "Mentor \(id)", kind: kind, home: home, languages: languages.mapValues(level), maxInterns: max, origin: origin)
        }
        let schedule = Schedule(
            decisionDate: day("2027-01-04"),
            termDates: ["2027-spring": DayRange(first: day("2027-03-01"), last: day("2027-05-23"))],
            closures: [
                .init(
                    name: "Stocktaking", days: DayRange(first: day("2027-03-22"), last: day("2027-03-23")), countries: [], bases: ["B1"],
                    origin: origin),
                .init(
                    name: "Songkran", days: DayRange(first: day("2027-04-13"), last: day("2027-04-15")), countries: ["TH"], bases: [], origin: origin)
            ],
            weeklySeats: [.init(base: "B2", days: DayRange(first: day("2027-04-26"), last: day("2027-05-02")), seats: 1, origin: origin)],
            programmes: [
                .init(id: "P4", credits: 4, parts: [.init(weeks: 4, kinds: [])], origin: origin),
                .init(
                    id: "ROT", credits: 6, parts: [.init(weeks: 2, kinds: [.beltAndRoadEnterprise]), .init(weeks: 2, kinds: [.aseanFirm])],
                    gapWeeks: 1, differentCountry: true, origin: origin)
            ],
            defaultProgramme: "P4",
            leadTimes: [
                .init(nationality: "CN", country: "VN", weeks: 10, origin: origin),
                .init(nationality: "CN", country: nil, weeks: 3, origin: origin),
                .init(nationality: nil, country: nil, weeks: 1, origin: origin)
            ],
            academicMentors: [mentor("A1", .academic, "U1", ["en": "C1"], 2), mentor("A2", .academic, "U1", ["zh": "native"], 2)],
            industryMentors: [
                mentor("I1", .industry, "B1", ["zh": "native"], 2), mentor("I2", .industry, "B2", ["en": "B2"], 2),
                mentor("I3", .industry, "B3", ["en": "B2"], 1), mentor("I5", .industry, "B2", ["th": "native"], 2)
            ],
            mentorLanguageMinimum: level("B1"))
        return Scenario(
            name: "schedule-fixture", terms: [Term(id: "2027-spring", name: "Spring 2027")], universities: universities,
            students: students, bases: bases, policy: Policy(rankCost: .squared), schedule: schedule, inputs: [])
    }

    /// One placement: base, rank, weeks (indices), mentors (indices), and a rotation's second part.
    struct Plan {
        var base: Int
        var rank: Int
        var weeks: ClosedRange<Int>
        var academic: Int?
        var industry: Int?
        var second: PlacementOutcome.SecondPart? = nil
    }

    /// The correct schedule (see the type's comment); edit a copy to break one rule.
    static func plans() -> [String: Plan] {
        [
            "S1": Plan(base: 0, rank: 1, weeks: 0...4, academic: 1, industry: 0),
            "S2": Plan(base: 1, rank: 1, weeks: 0...3, academic: 0, industry: 1),
            "S3": Plan(
                base: 0, rank: 1, weeks: 0...1, academic: 0, industry: 0,
                second: .init(base: 2, term: 0, rank: 2, cost: 4, firstWeek: 3, lastWeek: 4, industryMentor: 2)),
            "S4": Plan(base: 1, rank: 1, weeks: 4...7, academic: 1, industry: 1)
        ]
    }

    /// An outcome from plans, with objective values that match them (placed, then cost).
    static func outcome(_ scenario: Scenario, _ plans: [String: Plan]) -> PlacementOutcome {
        var placements: [PlacementOutcome.Placement?] = Array(repeating: nil, count: scenario.students.count)
        var reasons: [Int: PlacementOutcome.UnplacedReason] = [:]
        for (i, student) in scenario.students.enumerated() {
            guard let plan = plans[student.id] else { reasons[i] = .leftOut(bases: ["B3/2027-spring"]); continue }
            let timing = PlacementOutcome.Timing(
                firstWeek: plan.weeks.lowerBound, lastWeek: plan.weeks.upperBound,
                academicMentor: plan.academic, industryMentor: plan.industry, second: plan.second)
            placements[i] = .init(student: i, base: plan.base, term: 0, rank: plan.rank, cost: Double(plan.rank * plan.rank), timing: timing)
        }
        let placed = placements.compactMap { $0 }
        let cost = placed.reduce(0) { $0 + $1.totalCost }
        let stages = [
            PlacementOutcome.Stage(
                name: "placed", sense: .maximize, value: Double(placed.count), bound: Double(placed.count), status: .optimal, evidence: "hand-made"),
            PlacementOutcome.Stage(name: "cost", sense: .minimize, value: cost, bound: cost, status: .optimal, evidence: "hand-made")
        ]
        let solver = PlacementOutcome.SolverSummary(
            status: .optimal, statusText: "optimal", gap: 0, stages: stages, solver: "hand-made",
            glpkVersion: "test", rows: 12, columns: 34, nonZeros: 56, rules: [.weeklyCapacity])
        return PlacementOutcome(placements: placements, unplacedReasons: reasons, solver: solver, timings: [:])
    }

    /// Writes the report of an outcome into `folder`.
    static func write(_ scenario: Scenario, _ outcome: PlacementOutcome, to folder: URL) throws {
        try AtomicFolderWriter(destination: folder.path, force: true).write(
            ReportSet(scenario: scenario, outcome: outcome, settings: settings).files())
    }
}
