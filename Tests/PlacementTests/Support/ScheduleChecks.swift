import Foundation
import PlacementDomain
import PlacementEngine
import XCTest

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
            stays.append(
                Stay(student: p.student, base: p.base, first: timing.firstWeek, last: timing.lastWeek, industry: timing.industryMentor, part: 0))
            if let second = timing.second {
                stays.append(
                    Stay(
                        student: p.student, base: second.base, first: second.firstWeek, last: second.lastWeek, industry: second.industryMentor,
                        part: 1))
            }
            if programme.isRotation != (timing.second != nil) { problems.append("\(student.id): rotation parts do not match her programme") }
            if schedule.academicMentors.isEmpty == false {
                if let m = timing.academicMentor {
                    let mentor = schedule.academicMentors[m]
                    academicOf[p.student] = m
                    if mentor.home != student.university { problems.append("\(student.id): academic mentor from another university") }
                    if !shareLanguage(student, mentor) { problems.append("\(student.id): academic mentor without a common language") }
                } else {
                    problems.append("\(student.id): no academic mentor")
                }
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
                } else {
                    problems.append("\(student.id): no industry mentor")
                }
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
        let academic = schedule.academicMentors.indices.filter {
            schedule.academicMentors[$0].home == s.university && check.shareLanguage(s, schedule.academicMentors[$0])
        }
        func partOptions(_ part: Schedule.Programme.Part) -> [(Part, Double)] {
            var result: [(Part, Double)] = []
            for (r, id) in s.preferences.enumerated() {
                let b = scenario.bases.firstIndex { $0.id == id }!
                guard part.kinds.isEmpty || part.kinds.contains(scenario.bases[b].kind) else { continue }
                let mentors = schedule.industryMentors.indices.filter {
                    schedule.industryMentors[$0].home == id && check.shareLanguage(s, schedule.industryMentors[$0])
                }
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
                            || academicLoad[option.academic][w] + 1 > schedule.academicMentors[option.academic].maxInterns
                        {
                            fits = false
                        }
                    }
                }
                // Parts of one option never overlap in time (gap ≥ 0), so adding them one by one is exact.
                guard fits else { continue }
                for part in option.parts {
                    for w in part.first...part.last {
                        baseLoad[part.base][w] += 1; industryLoad[part.industry][w] += 1; academicLoad[option.academic][w] += 1
                    }
                }
                var next = current
                next.placed += 1
                next.cost += option.cost
                visit(i + 1, next)
                for part in option.parts {
                    for w in part.first...part.last {
                        baseLoad[part.base][w] -= 1; industryLoad[part.industry][w] -= 1; academicLoad[option.academic][w] -= 1
                    }
                }
            }
        }
        visit(0, Best())
        return best!
    }
}
