import Foundation
import PlacementDomain
import PlacementEngine
import XCTest

/// Week-level scheduling on random scenarios: every rule of docs/scheduling.md holds (checked by
/// restating the rules from dates, not through the formulation), and on tiny scenarios the solver's
/// objective values equal a brute-force search over every schedule.
final class ScheduleOptimalityTests: XCTestCase {
    func testRandomScenariosKeepEveryScheduleRule() throws {
        var rng = DeterministicRNG(seed: 0x5C4E_D01E)
        var placedTotal = 0, rotationsPlaced = 0
        for round in 0..<30 {
            let scenario = RandomScheduleFactory.make(&rng, students: 6...14, bases: 3...5, weeks: 8...12)
            let outcome = try PlacementEngine().solve(scenario)
            XCTAssertEqual(outcome.solver.status, .optimal, "round \(round)")
            let problems = IndependentScheduleCheck(scenario: scenario).violations(outcome)
            XCTAssertEqual(problems, [], "round \(round)")
            placedTotal += outcome.placedCount
            rotationsPlaced += outcome.placements.compactMap { $0?.timing?.second }.count
        }
        // The generator must exercise the rules, or the test proves nothing.
        XCTAssertGreaterThan(placedTotal, 100)
        XCTAssertGreaterThan(rotationsPlaced, 5)
    }

    func testTinyScenariosMatchBruteForce() throws {
        var rng = DeterministicRNG(seed: 0xB0F0_5EED)
        var compared = 0
        for round in 0..<40 {
            var scenario = RandomScheduleFactory.make(&rng, students: 2...4, bases: 2...3, weeks: 4...6)
            if round % 2 == 1 {
                var policy = scenario.policy
                policy.objectives = [.maxPlaced, .minCost, .balanceMentorLoad]
                scenario = scenario.replacing(policy: policy)
            }
            let outcome = try PlacementEngine().solve(scenario)
            let best = BruteForceSchedule(scenario: scenario).best()
            let stages = Dictionary(uniqueKeysWithValues: outcome.solver.stages.map { ($0.name, $0.value) })
            XCTAssertEqual(stages["placed"], Double(best.placed), "round \(round)")
            XCTAssertEqual(stages["cost"] ?? -1, best.cost, accuracy: 1e-6, "round \(round)")
            if round % 2 == 1 {
                XCTAssertEqual(stages["max_academic_mentor_load"], Double(best.academicPeak), "round \(round)")
                XCTAssertEqual(stages["max_industry_mentor_load"], Double(best.industryPeak), "round \(round)")
            }
            XCTAssertEqual(IndependentScheduleCheck(scenario: scenario).violations(outcome), [], "round \(round)")
            if best.placed > 0 { compared += 1 }
        }
        XCTAssertGreaterThan(compared, 25)
    }

    /// Alliance rules apply to first placements of scheduled scenarios: bans, locks, apart pairs,
    /// groups (same base and term) and minimum interns hold together with every schedule rule.
    func testAllianceRulesHoldInScheduledScenarios() throws {
        var rng = DeterministicRNG(seed: 0xA11A_5CED)
        var lockedPlaced = 0
        for round in 0..<20 {
            let plain = RandomScheduleFactory.make(&rng, students: 8...14, bases: 3...5, weeks: 8...12)
            let origin = RandomScheduleFactory.origin
            let ids = plain.students.map(\.id)
            var rules = AllianceRules()
            rules.bans = [.init(student: rng.pick(ids), base: rng.pick(plain.bases).id, origin: origin)]
            rules.apart = [.init(first: ids[0], second: ids[1], origin: origin)]
            rules.groups = [.init(id: "G", students: [ids[2], ids[3]], together: .sameBaseAndTerm, origin: origin)]
            // Lock a student whose first ranked base fits her first part, so the lock is satisfiable often.
            let first = plain.outcomeFreeLockCandidate()
            if let first { rules.locks = [.init(student: first.student, base: first.base, term: nil, origin: origin)] }
            var bases = plain.bases
            bases[0] = Base(id: bases[0].id, name: bases[0].name, kind: bases[0].kind, country: bases[0].country, city: "", location: nil,
                            fields: [], languageRequirement: [], capacity: bases[0].capacity, minInterns: 2, origin: origin)
            let scenario = plain.replacing(bases: bases, rules: rules)
            let outcome = try PlacementEngine().solve(scenario)
            guard outcome.solver.status == .optimal else {
                XCTAssertEqual(outcome.solver.status, .infeasible, "round \(round)")
                continue
            }
            XCTAssertEqual(IndependentScheduleCheck(scenario: scenario).violations(outcome), [], "round \(round)")
            func placement(_ id: String) -> PlacementOutcome.Placement? { outcome.placements[scenario.studentIndexByID[id]!] }
            let ban = rules.bans[0]
            XCTAssertNotEqual(placement(ban.student).map { scenario.bases[$0.base].id }, ban.base, "round \(round)")
            if let a = placement(ids[0]), let b = placement(ids[1]) { XCTAssertNotEqual(a.base, b.base, "round \(round)") }
            let g = (placement(ids[2]), placement(ids[3]))
            XCTAssertEqual(g.0 == nil, g.1 == nil, "round \(round): a group is placed together or not at all")
            if let a = g.0, let b = g.1 { XCTAssertEqual([a.base, a.term], [b.base, b.term], "round \(round)") }
            if let lock = rules.locks.first {
                XCTAssertEqual(placement(lock.student).map { scenario.bases[$0.base].id }, lock.base, "round \(round)")
                lockedPlaced += 1
            }
            for term in scenario.terms.indices {
                let atFirst = outcome.placements.compactMap { $0 }.filter { $0.base == 0 && $0.term == term }.count
                XCTAssertTrue(atFirst == 0 || atFirst >= 2, "round \(round): base 1 takes 0 or at least 2 interns")
            }
        }
        XCTAssertGreaterThan(lockedPlaced, 5)
    }
}

extension Scenario {
    /// A (student, base) pair a lock can name: a non-rotation student and her first ranked base.
    func outcomeFreeLockCandidate() -> (student: String, base: String)? {
        guard let s = students.first(where: { $0.programme != "R" && !$0.preferences.isEmpty }) else { return nil }
        return (s.id, s.preferences[0])
    }
}

/// Random scheduling scenarios built in code: one or two terms, closures by country and by base,
/// weekly seat overrides, windows, lead times, a rotation programme and mentors of both kinds.
enum RandomScheduleFactory {
    static let origin = SourceLocation(file: "generated", line: nil)
    static func level(_ v: Int) -> LanguageLevel { LanguageLevel(value: v, written: String(v)) }

    static func make(_ rng: inout DeterministicRNG, students: ClosedRange<Int>, bases baseRange: ClosedRange<Int>,
                     weeks: ClosedRange<Int>) -> Scenario {
        let start1 = Day.parse("2027-03-01")!
        let weeks1 = rng.int(weeks)
        var terms = [Term(id: "T1", name: "Term 1")]
        var termDates = ["T1": DayRange(first: start1, last: start1 + (7 * weeks1 - 1))]
        if rng.chance(0.3) {
            let start2 = start1 + 7 * (weeks1 + rng.int(0...2)) + rng.int(0...3)
            terms.append(Term(id: "T2", name: "Term 2"))
            termDates["T2"] = DayRange(first: start2, last: start2 + (7 * rng.int(weeks) - 1 - rng.int(0...3)))
        }
        let countries = ["CN", "VN", "TH"]
        let universities = [
            University(id: "U1", name: "U1", country: "CN", city: "Nanning", location: nil, origin: origin),
            University(id: "U2", name: "U2", country: "VN", city: "Hanoi", location: nil, origin: origin),
        ]
        let baseCount = rng.int(baseRange)
        let bases = (0..<baseCount).map { i -> Base in
            var capacity: [String: Int] = [:]
            for t in terms { capacity[t.id] = rng.int(1...2) }
            return Base(id: "B\(i + 1)", name: "Base \(i + 1)", kind: i % 2 == 0 ? .beltAndRoadEnterprise : .aseanFirm,
                        country: countries[i % countries.count], city: "", location: nil, fields: [], languageRequirement: [],
                        capacity: capacity, origin: origin)
        }
        let allDays = DayRange(first: start1, last: termDates.values.map(\.last).max()!)
        func someDays(length: ClosedRange<Int>) -> DayRange {
            let first = allDays.first + rng.int(0...(allDays.last - allDays.first))
            return DayRange(first: first, last: first + rng.int(length) - 1)
        }
        var closures: [Schedule.Closure] = []
        for i in 0..<rng.int(0...3) {
            let byBase = rng.chance(0.3)
            closures.append(.init(name: "C\(i)", days: someDays(length: 1...9), countries: byBase ? [] : [rng.pick(countries)],
                                  bases: byBase ? [rng.pick(bases).id] : [], origin: origin))
        }
        let weeklySeats: [Schedule.WeeklySeats] = rng.chance(0.4)
            ? [.init(base: rng.pick(bases).id, days: someDays(length: 1...14), seats: rng.int(0...2), origin: origin)] : []
        let programmes: [Schedule.Programme] = [
            .init(id: "P2", credits: 2, parts: [.init(weeks: 2, kinds: [])], origin: origin),
            .init(id: "P3", credits: 3, parts: [.init(weeks: 3, kinds: [])], origin: origin),
            .init(id: "R", credits: 4, parts: [.init(weeks: 1, kinds: [.beltAndRoadEnterprise]), .init(weeks: rng.int(1...2), kinds: [.aseanFirm])],
                  gapWeeks: rng.int(0...1), differentCountry: rng.chance(0.5), origin: origin),
        ]
        let leadTimes: [Schedule.LeadTime] = [
            .init(nationality: "CN", country: "VN", weeks: rng.int(1...3), origin: origin),
            .init(nationality: nil, country: "TH", weeks: rng.int(0...2), origin: origin),
            .init(nationality: "VN", country: nil, weeks: rng.int(0...2), origin: origin),
        ]
        let languages = ["en", "zh", "vi"]
        func speaks() -> [String: LanguageLevel] {
            var l: [String: LanguageLevel] = [:]
            for code in languages where rng.chance(0.6) { l[code] = level(rng.int(2...6)) }
            return l.isEmpty ? ["en": level(4)] : l
        }
        var academic: [Schedule.Mentor] = []
        for u in universities {
            for j in 0..<rng.int(1...2) {
                academic.append(.init(id: "A\(u.id)\(j)", name: "", kind: .academic, home: u.id, languages: speaks(), maxInterns: rng.int(1...3), origin: origin))
            }
        }
        var industry: [Schedule.Mentor] = []
        for b in bases {
            for j in 0..<rng.int(1...2) {
                industry.append(.init(id: "I\(b.id)\(j)", name: "", kind: .industry, home: b.id, languages: speaks(), maxInterns: rng.int(1...2), origin: origin))
            }
        }
        let schedule = Schedule(decisionDate: start1 - 7, termDates: termDates, closures: closures, weeklySeats: weeklySeats,
                                programmes: programmes, defaultProgramme: "P2", leadTimes: leadTimes,
                                academicMentors: academic, industryMentors: industry)
        let count = rng.int(students)
        let studentList = (0..<count).map { i -> Student in
            let ranked = Array(rng.shuffled(bases.map(\.id)).prefix(rng.int(1...min(3, bases.count))))
            let programme: String? = rng.chance(0.3) ? "R" : (rng.chance(0.5) ? "P3" : nil)
            var from: Day? = nil, to: Day? = nil
            if rng.chance(0.3) { from = start1 + rng.int(0...14) }
            if rng.chance(0.3) { to = allDays.last - rng.int(0...14) }
            return Student(id: "S\(i + 1)", name: "", university: rng.pick(universities).id, nationality: rng.pick(countries),
                           field: "f", languages: speaks(), gradeAverage: nil, availableTerms: [], excludedCountries: [],
                           preferences: ranked, origin: origin, programme: programme, availableFrom: from, availableTo: to)
        }
        return Scenario(name: "random-schedule", terms: terms, universities: universities, students: studentList, bases: bases,
                        policy: Policy(rankCost: .squared), schedule: schedule, inputs: [])
    }
}

/// The rules of docs/scheduling.md restated from dates, sharing nothing with the formulation: the
/// outcome's week indices are turned into dates once, and everything is recomputed from them.
struct IndependentScheduleCheck {
    let scenario: Scenario
    var schedule: Schedule { scenario.schedule! }

    /// Monday-less weeks: the 7-day blocks from each term's start date, in date order.
    var weekStarts: [(term: String, first: Day)] {
        var result: [(String, Day)] = []
        for t in scenario.terms {
            let range = schedule.termDates[t.id]!
            var d = range.first
            while d <= range.last { result.append((t.id, d)); d = d + 7 }
        }
        return result.sorted { $0.1 < $1.1 }
    }

    func closed(_ base: Base, weekStart: Day) -> Bool {
        schedule.closures.contains { c in
            let applies = (c.countries.isEmpty && c.bases.isEmpty) || c.countries.contains(base.country) || c.bases.contains(base.id)
            return applies && c.days.first <= weekStart + 6 && weekStart <= c.days.last
        }
    }

    func seats(_ base: Base, term: String, weekStart: Day) -> Int {
        var n = base.capacity[term] ?? 0
        for o in schedule.weeklySeats where o.base == base.id && o.days.first <= weekStart + 6 && weekStart <= o.days.last { n = o.seats }
        return n
    }

    func lead(_ nationality: String, _ country: String) -> Int {
        let both = schedule.leadTimes.filter { $0.nationality == nationality && $0.country == country }
        let nat = schedule.leadTimes.filter { $0.nationality == nationality && $0.country == nil }
        let cty = schedule.leadTimes.filter { $0.nationality == nil && $0.country == country }
        let any = schedule.leadTimes.filter { $0.nationality == nil && $0.country == nil }
        for group in [both, nat, cty, any] where !group.isEmpty { return group.map(\.weeks).max()! }
        return 0
    }

    func shareLanguage(_ student: Student, _ mentor: Schedule.Mentor) -> Bool {
        let minimum = schedule.mentorLanguageMinimum.value
        return mentor.languages.contains { code, level in level.value >= minimum && (student.languages[code]?.value ?? 0) >= minimum }
    }

    struct Stay { let student: Int; let base: Int; let first: Int; let last: Int; let industry: Int?; let part: Int }

    func violations(_ outcome: PlacementOutcome) -> [String] {
        let weeks = weekStarts
        var problems: [String] = []
        var stays: [Stay] = []
        var academicOf: [Int: Int] = [:]
        for p in outcome.placements.compactMap({ $0 }) {
            let student = scenario.students[p.student]
            guard let timing = p.timing else { problems.append("\(student.id): no timing"); continue }
            let programmeID = student.programme ?? schedule.defaultProgramme!
            let programme = schedule.programmes.first { $0.id == programmeID }!
            stays.append(Stay(student: p.student, base: p.base, first: timing.firstWeek, last: timing.lastWeek, industry: timing.industryMentor, part: 0))
            if let second = timing.second {
                stays.append(Stay(student: p.student, base: second.base, first: second.firstWeek, last: second.lastWeek, industry: second.industryMentor, part: 1))
            }
            if programme.isRotation != (timing.second != nil) { problems.append("\(student.id): rotation parts do not match her programme") }
            if schedule.academicMentors.isEmpty == false {
                if let m = timing.academicMentor {
                    let mentor = schedule.academicMentors[m]
                    academicOf[p.student] = m
                    if mentor.home != student.university { problems.append("\(student.id): academic mentor from another university") }
                    if !shareLanguage(student, mentor) { problems.append("\(student.id): academic mentor without a common language") }
                } else { problems.append("\(student.id): no academic mentor") }
            }
            if let second = timing.second, programme.isRotation {
                let gapDays = weeks[second.firstWeek].first - (weeks[timing.lastWeek].first + 7)
                if gapDays < 7 * programme.gapWeeks { problems.append("\(student.id): second placement starts \(gapDays) days after the first ends") }
                if second.base == p.base { problems.append("\(student.id): both parts at one base") }
                if programme.differentCountry && scenario.bases[second.base].country == scenario.bases[p.base].country {
                    problems.append("\(student.id): both parts in one country")
                }
            }
        }
        for stay in stays {
            let student = scenario.students[stay.student]
            let base = scenario.bases[stay.base]
            let programme = schedule.programmes.first { $0.id == (student.programme ?? schedule.defaultProgramme!) }!
            let part = programme.parts[stay.part]
            if !part.kinds.isEmpty && !part.kinds.contains(base.kind) { problems.append("\(student.id): base kind not in part \(stay.part + 1)") }
            if !student.preferences.contains(base.id) { problems.append("\(student.id): unranked base \(base.id)") }
            let covered = weeks[stay.first...stay.last]
            if Set(covered.map(\.term)).count != 1 { problems.append("\(student.id): internship spans two terms") }
            for (a, b) in zip(covered.dropLast(), covered.dropFirst()) where b.first - a.first != 7 {
                problems.append("\(student.id): covered weeks are not consecutive")
            }
            let working = covered.filter { !closed(base, weekStart: $0.first) }.count
            if working != part.weeks { problems.append("\(student.id): \(working) working weeks, needs \(part.weeks)") }
            if closed(base, weekStart: weeks[stay.first].first) { problems.append("\(student.id): starts in a closure week") }
            if closed(base, weekStart: weeks[stay.last].first) { problems.append("\(student.id): ends in a closure week (a wasted week)") }
            let firstDay = weeks[stay.first].first, lastDay = weeks[stay.last].first + 6
            if let from = student.availableFrom, firstDay < from { problems.append("\(student.id): starts before her window") }
            if let to = student.availableTo, lastDay > to { problems.append("\(student.id): ends after her window") }
            if let decision = schedule.decisionDate, firstDay - decision < 7 * lead(student.nationality, base.country) {
                problems.append("\(student.id): starts before her lead time")
            }
            if !schedule.industryMentors.isEmpty {
                if let m = stay.industry {
                    let mentor = schedule.industryMentors[m]
                    if mentor.home != base.id { problems.append("\(student.id): industry mentor from another base") }
                    if !shareLanguage(student, mentor) { problems.append("\(student.id): industry mentor without a common language") }
                } else { problems.append("\(student.id): no industry mentor") }
            }
        }
        for (w, week) in weeks.enumerated() {
            for (b, base) in scenario.bases.enumerated() {
                let here = stays.filter { $0.base == b && $0.first <= w && w <= $0.last }.count
                if here > seats(base, term: week.term, weekStart: week.first) { problems.append("\(base.id) over its seats in week \(week.first)") }
            }
            for (m, mentor) in schedule.industryMentors.enumerated() {
                let load = stays.filter { $0.industry == m && $0.first <= w && w <= $0.last }.count
                if load > mentor.maxInterns { problems.append("industry mentor \(mentor.id) over capacity in week \(week.first)") }
            }
            for (m, mentor) in schedule.academicMentors.enumerated() {
                let load = stays.filter { academicOf[$0.student] == m && $0.first <= w && w <= $0.last }.count
                if load > mentor.maxInterns { problems.append("academic mentor \(mentor.id) over capacity in week \(week.first)") }
            }
        }
        return problems
    }
}

/// Exhaustive search over every schedule of a tiny scenario: each student takes one of her
/// options (base(s), weeks, mentors) or none; the best by placed, then cost, then peak mentor loads.
struct BruteForceSchedule {
    let scenario: Scenario
    var check: IndependentScheduleCheck { IndependentScheduleCheck(scenario: scenario) }

    struct Part { let base: Int; let first: Int; let last: Int; let industry: Int }
    struct Option { let parts: [Part]; let academic: Int; let cost: Double }
    struct Best { var placed = 0; var cost = 0.0; var academicPeak = 0; var industryPeak = 0 }

    /// Spans for one part at one base, from the written rules.
    func spans(_ s: Student, _ b: Int, weeks needed: Int) -> [(Int, Int)] {
        let base = scenario.bases[b]
        let weeks = check.weekStarts
        var result: [(Int, Int)] = []
        for start in weeks.indices {
            let term = weeks[start].term
            var working = 0, w = start, ok = false
            while w < weeks.count && weeks[w].term == term {
                if check.seats(base, term: term, weekStart: weeks[w].first) <= 0 { break }
                if !check.closed(base, weekStart: weeks[w].first) { working += 1 }
                if working == needed { ok = true; break }
                w += 1
            }
            guard ok, !check.closed(base, weekStart: weeks[start].first) else { continue }
            if let from = s.availableFrom, weeks[start].first < from { continue }
            if let to = s.availableTo, weeks[w].first + 6 > to { continue }
            if let d = scenario.schedule!.decisionDate, weeks[start].first - d < 7 * check.lead(s.nationality, base.country) { continue }
            result.append((start, w))
        }
        return result
    }

    func options(_ si: Int) -> [Option] {
        let s = scenario.students[si]
        let schedule = scenario.schedule!
        let programme = schedule.programmes.first { $0.id == (s.programme ?? schedule.defaultProgramme!) }!
        let academic = schedule.academicMentors.indices.filter { schedule.academicMentors[$0].home == s.university && check.shareLanguage(s, schedule.academicMentors[$0]) }
        func partOptions(_ part: Schedule.Programme.Part) -> [(Part, Double)] {
            var result: [(Part, Double)] = []
            for (r, id) in s.preferences.enumerated() {
                let b = scenario.bases.firstIndex { $0.id == id }!
                guard part.kinds.isEmpty || part.kinds.contains(scenario.bases[b].kind) else { continue }
                let mentors = schedule.industryMentors.indices.filter { schedule.industryMentors[$0].home == id && check.shareLanguage(s, schedule.industryMentors[$0]) }
                for (first, last) in spans(s, b, weeks: part.weeks) {
                    for m in mentors { result.append((Part(base: b, first: first, last: last, industry: m), Double((r + 1) * (r + 1)))) }
                }
            }
            return result
        }
        var result: [Option] = []
        let firsts = partOptions(programme.parts[0])
        let weeks = check.weekStarts
        for a in academic {
            if programme.isRotation {
                for (p1, c1) in firsts {
                    for (p2, c2) in partOptions(programme.parts[1]) {
                        guard p2.base != p1.base, weeks[p2.first].first - (weeks[p1.last].first + 7) >= 7 * programme.gapWeeks else { continue }
                        if programme.differentCountry && scenario.bases[p1.base].country == scenario.bases[p2.base].country { continue }
                        result.append(Option(parts: [p1, p2], academic: a, cost: c1 + c2))
                    }
                }
            } else {
                for (p, c) in firsts { result.append(Option(parts: [p], academic: a, cost: c)) }
            }
        }
        return result
    }

    func best() -> Best {
        let schedule = scenario.schedule!
        let weekCount = check.weekStarts.count
        let weeks = check.weekStarts
        let all = scenario.students.indices.map(options)
        var baseLoad = Array(repeating: Array(repeating: 0, count: weekCount), count: scenario.bases.count)
        var academicLoad = Array(repeating: Array(repeating: 0, count: weekCount), count: schedule.academicMentors.count)
        var industryLoad = Array(repeating: Array(repeating: 0, count: weekCount), count: schedule.industryMentors.count)
        var best: Best? = nil
        func better(_ a: Best, than b: Best?) -> Bool {
            guard let b else { return true }
            if a.placed != b.placed { return a.placed > b.placed }
            if abs(a.cost - b.cost) > 1e-9 { return a.cost < b.cost }
            if a.academicPeak != b.academicPeak { return a.academicPeak < b.academicPeak }
            return a.industryPeak < b.industryPeak
        }
        func visit(_ i: Int, _ current: Best) {
            if i == all.count {
                var done = current
                done.academicPeak = academicLoad.flatMap { $0 }.max() ?? 0
                done.industryPeak = industryLoad.flatMap { $0 }.max() ?? 0
                if better(done, than: best) { best = done }
                return
            }
            visit(i + 1, current)
            for option in all[i] {
                var fits = true
                for part in option.parts {
                    for w in part.first...part.last {
                        let base = scenario.bases[part.base]
                        if baseLoad[part.base][w] + 1 > check.seats(base, term: weeks[w].term, weekStart: weeks[w].first)
                            || industryLoad[part.industry][w] + 1 > schedule.industryMentors[part.industry].maxInterns
                            || academicLoad[option.academic][w] + 1 > schedule.academicMentors[option.academic].maxInterns { fits = false }
                    }
                }
                // Parts of one option never overlap in time (gap ≥ 0), so adding them one by one is exact.
                guard fits else { continue }
                for part in option.parts {
                    for w in part.first...part.last { baseLoad[part.base][w] += 1; industryLoad[part.industry][w] += 1; academicLoad[option.academic][w] += 1 }
                }
                var next = current
                next.placed += 1
                next.cost += option.cost
                visit(i + 1, next)
                for part in option.parts {
                    for w in part.first...part.last { baseLoad[part.base][w] -= 1; industryLoad[part.industry][w] -= 1; academicLoad[option.academic][w] -= 1 }
                }
            }
        }
        visit(0, Best())
        return best!
    }
}
