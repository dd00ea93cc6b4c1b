import PlacementDomain
import PlacementEngine
import PlacementFormulation
import XCTest

/// Why a scheduled student is unplaced, checked against loads recounted from the outcome's own
/// placements: a full base, mentors without room (`mentors_full`), or a solution that left her
/// out although a span had seats and mentors (`left_out`).
final class UnplacedReasonsInSchedulesTests: XCTestCase {
    func testEachReasonMatchesTheSeatsAndMentorsLeft() throws {
        var rng = DeterministicRNG(seed: 0x3E_A50E)
        var seen: [String: Int] = [:]
        for round in 0..<10 {
            // Crowded, with one industry mentor of one intern per base (up to two seats): seats and
            // mentors both run out.
            let drawn = RandomScenario.make(&rng, .schedule(students: 24...36, bases: 2...3, weeks: 6...8))
            var schedule = try XCTUnwrap(drawn.schedule)
            schedule.industryMentors = drawn.bases.compactMap { base in
                schedule.industryMentors.first { $0.home == base.id }.map {
                    Schedule.Mentor(
                        id: $0.id, name: $0.name, kind: .industry, home: $0.home, languages: $0.languages, maxInterns: 1, origin: $0.origin)
                }
            }
            let scenario = Scenario(
                name: drawn.name, terms: drawn.terms, universities: drawn.universities, students: drawn.students, bases: drawn.bases,
                policy: drawn.policy, schedule: schedule, inputs: drawn.inputs)
            let outcome = try PlacementEngine().solve(scenario)
            let formulation = PlacementEngine().formulate(scenario)
            let calendar = WeekCalendar(scenario: scenario, schedule: schedule)
            let rules = ScheduleRules(scenario: scenario, schedule: schedule)
            let weeks = calendar.weeks.count
            var seats = Array(repeating: Array(repeating: 0, count: weeks), count: scenario.bases.count)
            var academicLoad = Array(repeating: Array(repeating: 0, count: weeks), count: schedule.academicMentors.count)
            var industryLoad = Array(repeating: Array(repeating: 0, count: weeks), count: schedule.industryMentors.count)
            for p in outcome.placements.compactMap({ $0 }) {
                let t = try XCTUnwrap(p.timing)
                var parts = [(p.base, t.firstWeek...t.lastWeek, t.industryMentor)]
                if let s = t.second { parts.append((s.base, s.firstWeek...s.lastWeek, s.industryMentor)) }
                for (base, span, industry) in parts {
                    for w in span {
                        seats[base][w] += 1
                        if let a = t.academicMentor { academicLoad[a][w] += 1 }
                        if let m = industry { industryLoad[m][w] += 1 }
                    }
                }
            }
            for (s, placement) in outcome.placements.enumerated() where placement == nil {
                let student = scenario.students[s]
                let name = "round \(round), \(student.id)"
                let reason = try XCTUnwrap(outcome.unplacedReasons[s], name)
                seen[reason.code, default: 0] += 1
                // Her spans (first parts) as (label, seats free, academic room, industry room).
                let spans = formulation.candidates.studentRanges[s].map { k in
                    let c = formulation.candidates.candidates[k]
                    let base = Int(c.base), span = Int(c.firstWeek)...Int(c.lastWeek)
                    func room(_ mentors: [Int], _ load: [[Int]], _ all: [Schedule.Mentor]) -> Bool {
                        mentors.contains { m in span.allSatisfy { load[m][$0] < all[m].maxInterns } }
                    }
                    return (
                        label: "\(scenario.bases[base].id)/\(scenario.terms[Int(c.term)].id)",
                        seats: span.allSatisfy { seats[base][$0] < calendar.seats[base][$0] },
                        academic: !rules.usesAcademicMentors || room(rules.academicMentors(for: student), academicLoad, schedule.academicMentors),
                        industry: !rules.usesIndustryMentors
                            || room(rules.industryMentors(for: student, base: scenario.bases[base]), industryLoad, schedule.industryMentors)
                    )
                }
                switch reason {
                case let .eligibleBasesFull(bases):
                    XCTAssertFalse(spans.contains { $0.seats }, "\(name): a span had seats")
                    XCTAssertEqual(Set(bases), Set(spans.map(\.label)), name)
                case let .mentorsFull(bases, kinds):
                    XCTAssertFalse(spans.contains { $0.seats && $0.academic && $0.industry }, "\(name): a span had seats and mentors")
                    XCTAssertEqual(Set(bases), Set(spans.filter(\.seats).map(\.label)), name)
                    XCTAssertFalse(kinds.isEmpty, name)
                    for span in spans where span.seats {
                        XCTAssert(
                            kinds.contains(.academic) && !span.academic || kinds.contains(.industry) && !span.industry,
                            "\(name): at \(span.label) the mentors named had room")
                    }
                    XCTAssertEqual(kinds.contains(.academic), spans.contains { $0.seats && !$0.academic }, name)
                    XCTAssertEqual(kinds.contains(.industry), spans.contains { $0.seats && !$0.industry }, name)
                    XCTAssert(reason.text.contains("mentors"), reason.text)
                case let .leftOut(bases):
                    XCTAssertEqual(Set(bases), Set(spans.filter { $0.seats && $0.academic && $0.industry }.map(\.label)), name)
                    XCTAssertFalse(bases.isEmpty, name)
                case .noEligibleBase:
                    XCTAssert(spans.isEmpty, name)
                case .costAbovePenalty, .notSolved, .heldByRules:
                    XCTFail("\(name): \(reason.code)")
                }
            }
        }
        XCTAssertGreaterThan(seen["mentors_full", default: 0], 0, "the scenarios must leave someone unplaced for want of a mentor: \(seen)")
        XCTAssertGreaterThan(seen["eligible_bases_full", default: 0], 0, "and someone for want of seats: \(seen)")
    }
}
