import Foundation
import PlacementDomain
import PlacementEngine
import PlacementScenarioIO

/// The one random scenario generator of the tests: every test that needs random scenarios asks
/// it, with a seeded `DeterministicRNG`, so that each instance is the same on every run.
///
/// In code (no files), `make(&rng, kind, policy:)`:
/// - `.eligibility(shape)`: every eligibility rule (fields, languages, terms, countries, distances), no alliance rule;
/// - `.alliance(shape, families:)`: two terms and the alliance rule families asked for;
/// - `.schedule(students:bases:weeks:)`: week-level scheduling (term dates, closures, weekly seats,
///   windows, lead times, a rotation programme, mentors).
/// As scenario folders (CSV and YAML, loaded like any user's):
/// - `benchmark(students:stability:)` / `writeBenchmark(students:stability:in:)`: the benchmark's shape;
/// - `writePolicyMix(seed:to:)`: a small scenario whose seed also picks the policy and rules.
enum RandomScenario {
    enum Kind {
        case eligibility(Eligibility.Shape)
        case alliance(Alliance.Shape, families: Set<Alliance.Family>)
        case schedule(students: ClosedRange<Int>, bases: ClosedRange<Int>, weeks: ClosedRange<Int>)
    }

    static let origin = SourceLocation(file: "generated", line: nil)
    static func level(_ v: Int) -> LanguageLevel { LanguageLevel(value: v, written: String(v)) }

    /// An alliance scenario with minimum interns (each other rule family with probability 0.6)
    /// under `objectives` (nil: the default policy's).
    static func allianceWithMinimumInterns(
        _ rng: inout DeterministicRNG, _ shape: Alliance.Shape, objectives: [Policy.Objective]?
    ) -> Scenario {
        var families = Set(Alliance.Family.allCases.filter { _ in rng.chance(0.6) })
        families.insert(.lowerQuota)
        var policy = Policy()
        if let objectives { policy.objectives = objectives }
        return make(&rng, .alliance(shape, families: families), policy: policy)
    }

    /// A scenario of `kind` drawn from `rng`. The policy defaults to `Policy()` (for `.schedule`,
    /// `Policy(rankCost: .squared)`).
    static func make(_ rng: inout DeterministicRNG, _ kind: Kind, policy: Policy? = nil) -> Scenario {
        switch kind {
        case .eligibility(let shape):
            return Eligibility.make(&rng, shape: shape, policy: policy ?? Policy())
        case .alliance(let shape, let families):
            return Alliance.make(&rng, shape: shape, families: families, policy: policy ?? Policy())
        case .schedule(let students, let bases, let weeks):
            return Scheduling.make(&rng, students: students, bases: bases, weeks: weeks, policy: policy ?? Policy(rankCost: .squared))
        }
    }

    /// A term-sized scenario (200–400 students, 20–40 bases, two or three terms) whose policy the
    /// seed also draws: distances and travel cost (`geography`), or the penalty model with unranked
    /// placements (`penalty`), or allowed countries.
    static func termSized(seed: UInt64, geography: Bool, penalty: Bool) -> Scenario {
        var rng = DeterministicRNG(seed: 0xFEA5_1B1E &+ seed)
        var policy = Policy()
        if geography {
            policy.maxTravelKilometres = rng.pick([1200, 1800, 2500])
            policy.travelCostPerKilometre = rng.pick([0, 0.002, 0.0137])
        }
        if penalty {
            policy.objectives = [.minCost]
            policy.unplacedPenalty = 20
            policy.allowUnranked = true
            policy.unrankedCost = 30
        } else if rng.chance(0.5) {
            policy.allowedCountries = ["CN", "VN", "TH", "LA", "MY"]
        }
        let shape = Eligibility.Shape(students: 200...400, bases: 20...40, terms: 2...3, capacity: 0...6, geography: geography)
        return make(&rng, .eligibility(shape), policy: policy)
    }

    /// A small random scenario folder in `folder`; returns the path of its scenario.yaml.
    static func writePolicyMix(seed: Int, to folder: URL) throws -> URL {
        try PolicyMix.write(seed: seed, to: folder)
    }

    /// A scenario in the benchmark's shape (rank² costs, a penalty for unplaced students, so the
    /// network path solves it), written as CSV files and loaded like any other.
    static func benchmark(students: Int, stability: Bool) throws -> Scenario {
        let parent = try TempScenarioFolder.makeDirectory("generated")
        defer { TempScenarioFolder.remove(parent) }
        let folder = try writeBenchmark(students: students, stability: stability, in: parent)
        return try PlacementEngine().load(path: folder.appendingPathComponent("scenario.yaml").path)
    }

    /// Writes the generated scenario into `parent`/generated and returns that folder.
    static func writeBenchmark(students: Int, stability: Bool, in parent: URL) throws -> URL {
        var g = DeterministicRNG(seed: UInt64(students), seeding: .scaled)
        let bases = students / 8
        var studentRows = "id,name,university,nationality,field,languages,terms,preferences\n"
        for s in 0..<students {
            var prefs: [String] = []
            for _ in 0..<g.int(1...6) {
                let b = "B\(g.int(0...(bases - 1)))"
                if !prefs.contains(b) { prefs.append(b) }
            }
            studentRows += "S\(s),Student \(s),U1,VN,software,en: B2,T1,\(prefs.joined(separator: " > "))\n"
        }
        var baseRows = "id,name,kind,country,fields,languages,capacity:T1\n"
        for b in 0..<bases { baseRows += "B\(b),Base \(b),asean_firm,TH,software,en: B1,\(g.int(0...12))\n" }
        let policy =
            "policy:\n  objectives: [min_cost]\n  rank_cost: squared\n  unplaced_penalty: 1000\n"
            + (stability ? "  stability: required\n" : "")
        let folder = parent.appendingPathComponent("generated")
        try TempScenarioFolder.write(
            [
                "scenario.yaml": TempScenarioFolder.minimalYAML + policy, "universities.csv": "id,name,country\nU1,Uni,CN\n",
                "students.csv": studentRows, "bases.csv": baseRows
            ], into: folder)
        return folder
    }
}

// MARK: - The kinds

extension RandomScenario {
    /// Builds random scenarios in code (no files), covering every eligibility rule.
    enum Eligibility {
        struct Shape {
            var students: ClosedRange<Int>
            var bases: ClosedRange<Int>
            var terms: ClosedRange<Int>
            var capacity: ClosedRange<Int>
            var geography: Bool
        }

        static let fields = ["software", "logistics", "data_ai", "telecom"]
        static let languages = ["en", "zh", "th", "vi"]
        static let countries = ["CN", "VN", "TH", "LA", "MY", "KH"]

        /// Home cities (lat, lon) of universities and bases, across China and ASEAN.
        static let cities: [(String, Double, Double)] = [
            ("Guilin", 25.2866, 110.2901), ("Nanning", 22.8170, 108.3669), ("Kunming", 25.0389, 102.7183),
            ("Chengdu", 30.6989, 104.0539), ("Hanoi", 21.0050, 105.8431), ("Bangkok", 13.7384, 100.5321),
            ("Vientiane", 17.9757, 102.6331), ("Kuala Lumpur", 3.1209, 101.6538), ("Phnom Penh", 11.5690, 104.8910),
            ("Ho Chi Minh City", 10.7769, 106.7009), ("Singapore", 1.3483, 103.6831), ("Yangon", 16.8820, 96.1170)
        ]

        fileprivate static func make(_ rng: inout DeterministicRNG, shape: Shape, policy: Policy) -> Scenario {
            let termCount = rng.int(shape.terms)
            let terms = (1...termCount).map { Term(id: "T\($0)", name: "Term \($0)") }
            let termIDs = terms.map(\.id)

            let universityCount = shape.geography ? 4 : 2
            let universities = (0..<universityCount).map { i -> University in
                let city = cities[i % cities.count]
                return University(
                    id: "U\(i + 1)", name: "University \(i + 1)", country: i % 2 == 0 ? "CN" : "VN", city: city.0,
                    location: shape.geography ? GeoPoint(latitude: city.1, longitude: city.2) : nil, origin: origin)
            }

            let baseCount = rng.int(shape.bases)
            let bases = (0..<baseCount).map { i -> Base in
                let fields: Set<String> = rng.chance(0.3) ? [] : Set([rng.pick(fields)] + rng.subset(fields, p: 0.3))
                let requirement: [LanguageRequirement] =
                    rng.chance(0.35)
                    ? [] : (0..<rng.int(1...2)).map { _ in LanguageRequirement(language: rng.pick(languages), minimum: level(rng.int(1...6))) }
                var capacity: [String: Int] = [:]
                for t in termIDs {
                    let seats = rng.int(shape.capacity)
                    if seats > 0 || rng.chance(0.5) { capacity[t] = seats }  // a missing term means 0 seats
                }
                let city = rng.pick(cities)
                let location =
                    shape.geography && !rng.chance(0.1)
                    ? GeoPoint(latitude: city.1 + rng.double(-0.5...0.5), longitude: city.2 + rng.double(-0.5...0.5)) : nil
                return Base(
                    id: "B\(i + 1)", name: "Base \(i + 1)", kind: rng.pick(BaseKind.allCases), country: rng.pick(countries),
                    city: city.0, location: location, fields: fields, languageRequirement: requirement,
                    capacity: capacity, origin: origin)
            }

            let baseIDs = bases.map(\.id)
            let studentCount = rng.int(shape.students)
            let students = (0..<studentCount).map { i -> Student in
                var spoken: [String: LanguageLevel] = [:]
                for l in rng.subset(languages, p: 0.6) { spoken[l] = level(rng.int(1...6)) }
                let available: [String] =
                    rng.chance(0.4)
                    ? []
                    : {
                        let some = rng.subset(termIDs, p: 0.6)
                        return some.isEmpty ? [rng.pick(termIDs)] : some
                    }()
                let excluded: Set<String> = rng.chance(0.3) ? [rng.pick(countries)] : []
                let ranked = Array(rng.shuffled(baseIDs).prefix(rng.int(0...min(baseIDs.count, 6))))
                return Student(
                    id: "S\(i + 1)", name: "Student \(i + 1)", university: universities[rng.int(0...(universityCount - 1))].id,
                    nationality: rng.pick(countries), field: rng.pick(fields), languages: spoken,
                    gradeAverage: rng.chance(0.8) ? rng.double(2...4) : nil, availableTerms: available,
                    excludedCountries: excluded, preferences: ranked, origin: origin)
            }
            return Scenario(
                name: "random", terms: terms, universities: universities, students: students, bases: bases,
                policy: policy, inputs: [])
        }
    }

    /// Random scenarios with alliance rules, built in code.
    enum Alliance {
        enum Family: String, CaseIterable {
            case lowerQuota, nationalityShare, reservedExclusive, reservedPriority, groupSameBaseAndTerm, groupSameCity
            case apart, locks, bans, crossBorder
        }

        struct Shape {
            var students: ClosedRange<Int>
            var bases: ClosedRange<Int>
            var capacity: ClosedRange<Int>
            var maxPreferences: Int
            var tiny: Bool

            static let tiny = Shape(students: 3...6, bases: 2...3, capacity: 0...2, maxPreferences: 3, tiny: true)
            static let medium = Shape(students: 30...80, bases: 6...12, capacity: 0...6, maxPreferences: 5, tiny: false)
        }

        /// (country, city) of bases; Hanoi appears twice so that several bases share a city.
        static let places: [(String, String)] = [
            ("VN", "Hanoi"), ("TH", "Bangkok"), ("CN", "Nanning"), ("VN", "Hanoi"),
            ("CN", "Kunming"), ("LA", "Vientiane")
        ]
        static let nationalities = ["CN", "VN", "TH", "LA"]

        static let universities = [
            University(id: "U1", name: "Guangxi U", country: "CN", city: "Nanning", location: nil, origin: origin),
            University(id: "U2", name: "Hanoi U", country: "VN", city: "Hanoi", location: nil, origin: origin),
            University(id: "U3", name: "Chula", country: "TH", city: "Bangkok", location: nil, origin: origin)
        ]

        struct Draft {
            var id: String
            var university: String
            var nationality: String
            var field: String
            var languages: [String: LanguageLevel]
            var grade: Double?
            var terms: [String]
            var preferences: [String]
        }

        static func student(_ d: Draft) -> Student {
            Student(
                id: d.id, name: d.id, university: d.university, nationality: d.nationality, field: d.field, languages: d.languages,
                gradeAverage: d.grade, availableTerms: d.terms, excludedCountries: [], preferences: d.preferences, origin: origin)
        }

        fileprivate static func make(_ rng: inout DeterministicRNG, shape: Shape, families: Set<Family>, policy: Policy) -> Scenario {
            let terms = [Term(id: "T1", name: "Term 1"), Term(id: "T2", name: "Term 2")]
            let baseCount = rng.int(shape.bases)
            let placeChoices = shape.tiny ? Array(places.prefix(3)) : places
            var bases: [Base] = []
            for i in 0..<baseCount {
                let place = rng.pick(placeChoices)
                let fields: Set<String> = rng.chance(0.2) ? ["software"] : []
                let requirement = rng.chance(0.25) ? [LanguageRequirement(language: "en", minimum: level(rng.int(2...4)))] : []
                let capacity = ["T1": rng.int(shape.capacity), "T2": rng.int(shape.capacity)]
                let minInterns = families.contains(.lowerQuota) && rng.chance(0.7) ? rng.int(2...3) : 0
                let share: Double? = families.contains(.nationalityShare) && rng.chance(0.8) ? rng.pick([0.2, 0.34, 0.5, 0.67, 1.0]) : nil
                bases.append(
                    Base(
                        id: "B\(i + 1)", name: "Base \(i + 1)", kind: .aseanFirm, country: place.0, city: place.1, location: nil,
                        fields: fields, languageRequirement: requirement, capacity: capacity, minInterns: minInterns,
                        maxNationalityShare: share, origin: origin))
            }
            let baseIDs = bases.map(\.id)
            let studentCount = rng.int(shape.students)
            var drafts: [Draft] = (0..<studentCount).map { i in
                let u = rng.int(0...2)
                let home = universities[u].country
                return Draft(
                    id: "S\(i + 1)", university: universities[u].id,
                    nationality: rng.chance(0.6) ? home : rng.pick(nationalities),
                    field: rng.chance(0.85) ? "software" : "logistics",
                    languages: rng.chance(0.85) ? ["en": level(rng.int(1...6))] : [:],
                    grade: rng.chance(0.9) ? rng.pick([2.0, 2.5, 3.0, 3.5]) : nil,
                    terms: rng.chance(0.25) ? [rng.pick(["T1", "T2"])] : [],
                    preferences: Array(rng.shuffled(baseIDs).prefix(rng.int(1...min(baseIDs.count, shape.maxPreferences)))))
            }
            var rules = AllianceRules()
            var used: Set<Int> = []
            func freshStudent() -> Int? {
                let free = (0..<studentCount).filter { !used.contains($0) }
                guard !free.isEmpty else { return nil }
                let s = rng.pick(free)
                used.insert(s)
                return s
            }
            for together in [AllianceRules.Group.Together.sameBaseAndTerm, .sameCity] {
                let family: Family = together == .sameBaseAndTerm ? .groupSameBaseAndTerm : .groupSameCity
                guard families.contains(family) else { continue }
                for g in 0..<(shape.tiny ? 1 : rng.int(1...3)) {
                    let size = shape.tiny ? 2 : rng.int(2...3)
                    var members: [Int] = []
                    for _ in 0..<size { if let s = freshStudent() { members.append(s) } }
                    guard members.count >= 2 else { continue }
                    if rng.chance(0.7) {
                        // Members who want the same things, so that placing them together is possible.
                        for m in members.dropFirst() {
                            drafts[m].field = drafts[members[0]].field
                            drafts[m].terms = drafts[members[0]].terms
                            drafts[m].preferences =
                                together == .sameCity ? rng.shuffled(drafts[members[0]].preferences) : drafts[members[0]].preferences
                        }
                    }
                    rules.groups.append(
                        .init(
                            id: "G\(together == .sameCity ? "C" : "B")\(g + 1)", students: members.map { drafts[$0].id },
                            together: together, origin: origin))
                }
            }
            if families.contains(.apart) {
                for _ in 0..<(shape.tiny ? rng.int(1...2) : rng.int(4...10)) {
                    let a = rng.int(0...(studentCount - 1)), b = rng.int(0...(studentCount - 1))
                    guard a != b else { continue }
                    if rng.chance(shape.tiny ? 0.6 : 0.8) { drafts[b].preferences = drafts[a].preferences; drafts[b].terms = drafts[a].terms }
                    rules.apart.append(.init(first: drafts[a].id, second: drafts[b].id, origin: origin))
                }
            }
            let students = drafts.map(student)
            let plain = Scenario(
                name: "alliance", terms: terms, universities: universities, students: students, bases: bases,
                policy: policy, inputs: [])
            let eligibility = IndependentRules(scenario: plain)
            if families.contains(.locks) {
                var lockedBases: Set<Int> = []
                for _ in 0..<(shape.tiny ? 1 : rng.int(1...3)) {
                    guard let s = freshStudent() else { continue }
                    let options = eligibility.options(student: students[s]).filter { !lockedBases.contains($0.base) }
                    if options.isEmpty || (shape.tiny && rng.chance(0.15)) {
                        guard shape.tiny else { continue }
                        // Sometimes a lock that may be impossible: the brute force decides.
                        rules.locks.append(
                            .init(student: students[s].id, base: rng.pick(baseIDs), term: rng.chance(0.5) ? "T1" : nil, origin: origin))
                        continue
                    }
                    let o = rng.pick(options)
                    lockedBases.insert(o.base)
                    rules.locks.append(
                        .init(student: students[s].id, base: baseIDs[o.base], term: rng.chance(0.5) ? terms[o.term].id : nil, origin: origin))
                }
            }
            if families.contains(.bans) {
                for _ in 0..<(shape.tiny ? rng.int(1...2) : rng.int(2...6)) {
                    let s = rng.int(0...(studentCount - 1))
                    let base = students[s].preferences.isEmpty || rng.chance(0.15) ? rng.pick(baseIDs) : rng.pick(students[s].preferences)
                    rules.bans.append(.init(student: students[s].id, base: base, origin: origin))
                }
            }
            let exclusive = families.contains(.reservedExclusive), priority = families.contains(.reservedPriority)
            if exclusive || priority {
                for _ in 0..<(shape.tiny ? 1 : rng.int(1...3)) {
                    let mode: AllianceRules.Reservation.Mode =
                        exclusive && priority ? rng.pick([.exclusive, .priority]) : (exclusive ? .exclusive : .priority)
                    rules.reservations.append(
                        .init(
                            base: rng.pick(baseIDs), university: rng.pick(universities).id, seats: rng.int(1...(shape.tiny ? 2 : 3)),
                            mode: mode, terms: rng.chance(0.3) ? ["T1"] : [], origin: origin))
                }
            }
            if families.contains(.crossBorder) {
                rules.minAbroadShare = rng.pick([0.34, 0.5, 0.75, 1.0])
            }
            return plain.replacing(rules: rules)
        }

        /// The same scenario with every alliance rule switched off (no rules, no minima, no shares).
        static func withoutAllianceRules(_ s: Scenario) -> Scenario {
            let bases = s.bases.map {
                Base(
                    id: $0.id, name: $0.name, kind: $0.kind, country: $0.country, city: $0.city, location: $0.location, fields: $0.fields,
                    languageRequirement: $0.languageRequirement, capacity: $0.capacity, origin: $0.origin)
            }
            return s.replacing(bases: bases, rules: AllianceRules())
        }
    }

    /// Random scheduling scenarios built in code: one or two terms, closures by country and by base,
    /// weekly seat overrides, windows, lead times, a rotation programme and mentors of both kinds.
    enum Scheduling {
        fileprivate static func make(
            _ rng: inout DeterministicRNG, students: ClosedRange<Int>, bases baseRange: ClosedRange<Int>,
            weeks: ClosedRange<Int>, policy: Policy
        ) -> Scenario {
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
                University(id: "U2", name: "U2", country: "VN", city: "Hanoi", location: nil, origin: origin)
            ]
            let baseCount = rng.int(baseRange)
            let bases = (0..<baseCount).map { i -> Base in
                var capacity: [String: Int] = [:]
                for t in terms { capacity[t.id] = rng.int(1...2) }
                return Base(
                    id: "B\(i + 1)", name: "Base \(i + 1)", kind: i % 2 == 0 ? .beltAndRoadEnterprise : .aseanFirm,
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
                closures.append(
                    .init(
                        name: "C\(i)", days: someDays(length: 1...9), countries: byBase ? [] : [rng.pick(countries)],
                        bases: byBase ? [rng.pick(bases).id] : [], origin: origin))
            }
            let weeklySeats: [Schedule.WeeklySeats] =
                rng.chance(0.4)
                ? [.init(base: rng.pick(bases).id, days: someDays(length: 1...14), seats: rng.int(0...2), origin: origin)] : []
            let programmes: [Schedule.Programme] = [
                .init(id: "P2", credits: 2, parts: [.init(weeks: 2, kinds: [])], origin: origin),
                .init(id: "P3", credits: 3, parts: [.init(weeks: 3, kinds: [])], origin: origin),
                .init(
                    id: "R", credits: 4, parts: [.init(weeks: 1, kinds: [.beltAndRoadEnterprise]), .init(weeks: rng.int(1...2), kinds: [.aseanFirm])],
                    gapWeeks: rng.int(0...1), differentCountry: rng.chance(0.5), origin: origin)
            ]
            let leadTimes: [Schedule.LeadTime] = [
                .init(nationality: "CN", country: "VN", weeks: rng.int(1...3), origin: origin),
                .init(nationality: nil, country: "TH", weeks: rng.int(0...2), origin: origin),
                .init(nationality: "VN", country: nil, weeks: rng.int(0...2), origin: origin)
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
                    academic.append(
                        .init(
                            id: "A\(u.id)\(j)", name: "", kind: .academic, home: u.id, languages: speaks(), maxInterns: rng.int(1...3), origin: origin
                        ))
                }
            }
            var industry: [Schedule.Mentor] = []
            for b in bases {
                for j in 0..<rng.int(1...2) {
                    industry.append(
                        .init(
                            id: "I\(b.id)\(j)", name: "", kind: .industry, home: b.id, languages: speaks(), maxInterns: rng.int(1...2), origin: origin
                        ))
                }
            }
            let schedule = Schedule(
                decisionDate: start1 - 7, termDates: termDates, closures: closures, weeklySeats: weeklySeats,
                programmes: programmes, defaultProgramme: "P2", leadTimes: leadTimes,
                academicMentors: academic, industryMentors: industry)
            let count = rng.int(students)
            let studentList = (0..<count).map { i -> Student in
                let ranked = Array(rng.shuffled(bases.map(\.id)).prefix(rng.int(1...min(3, bases.count))))
                let programme: String? = rng.chance(0.3) ? "R" : (rng.chance(0.5) ? "P3" : nil)
                var from: Day? = nil, to: Day? = nil
                if rng.chance(0.3) { from = start1 + rng.int(0...14) }
                if rng.chance(0.3) { to = allDays.last - rng.int(0...14) }
                return Student(
                    id: "S\(i + 1)", name: "", university: rng.pick(universities).id, nationality: rng.pick(countries),
                    field: "f", languages: speaks(), gradeAverage: nil, availableTerms: [], excludedCountries: [],
                    preferences: ranked, origin: origin, programme: programme, availableFrom: from, availableTo: to)
            }
            return Scenario(
                name: "random-schedule", terms: terms, universities: universities, students: studentList, bases: bases,
                policy: policy, schedule: schedule, inputs: [])
        }
    }

    /// A small random scenario; the seed also picks the policy and rules, so that eight seeds cover
    /// rank costs, unranked placements, travel cost and distance, allowed countries, the weighted
    /// penalty model, worst rank, lowest rates, rank-maximal, stability and the alliance rules.
    enum PolicyMix {
        fileprivate static func write(seed: Int, to folder: URL) throws -> URL {
            var rng = DeterministicRNG(seed: UInt64(seed), seeding: .offset)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let countries = ["CN", "TH", "VN", "LA", "MY"]
            let cities: [(String, Double, Double)] = [
                ("Guilin", 25.28, 110.29), ("Bangkok", 13.75, 100.50), ("Hanoi", 21.02, 105.83),
                ("Vientiane", 17.97, 102.63), ("Kuala Lumpur", 3.14, 101.69)
            ]
            let fields = ["software", "telecom", "railways"]
            let levels = ["A2", "B1", "B2", "C1", "HSK3", "HSK5", "native"]
            let studentCount = 14 + Int.random(in: 0...8, using: &rng)
            let baseCount = 5 + Int.random(in: 0...2, using: &rng)

            var universities = "id,name,country,city,latitude,longitude\n"
            for u in 0..<3 { let c = cities[u]; universities += "U\(u),Uni \(u),\(countries[u]),\(c.0),\(c.1),\(c.2)\n" }

            var bases = "id,name,kind,country,city,latitude,longitude,fields,languages,capacity:T1,capacity:T2"
            let sideRules = seed % 4 == 3
            bases += sideRules ? ",min_interns,max_nationality_share\n" : "\n"
            for b in 0..<baseCount {
                let c = Int.random(in: 0..<countries.count, using: &rng)
                let f = Bool.random(using: &rng) ? "" : fields.shuffled(using: &rng).prefix(2).joined(separator: "|")
                let lang =
                    Bool.random(using: &rng) ? "" : "en: \(levels[Int.random(in: 0...3, using: &rng)]) | zh: HSK\(Int.random(in: 3...5, using: &rng))"
                bases +=
                    "B\(b),Base \(b),asean_firm,\(countries[c]),\(cities[c].0),\(cities[c].1),\(cities[c].2),\(f),\(lang),"
                    + "\(Int.random(in: 0...3, using: &rng)),\(Int.random(in: 1...3, using: &rng))"
                if sideRules { bases += b % 2 == 0 ? ",2,0.5" : ",0," }
                bases += "\n"
            }

            var students = "id,name,university,nationality,field,languages,grade,terms,excluded_countries,preferences\n"
            for s in 0..<studentCount {
                let u = Int.random(in: 0..<3, using: &rng)
                let langs = "en: \(levels[Int.random(in: 0...3, using: &rng)]), zh: \(levels[Int.random(in: 4...6, using: &rng)])"
                let terms = ["", "T1", "T2"][Int.random(in: 0...2, using: &rng)]
                let excluded = Int.random(in: 0...5, using: &rng) == 0 ? countries[Int.random(in: 1..<countries.count, using: &rng)] : ""
                let prefs = (0..<baseCount).shuffled(using: &rng).prefix(Int.random(in: 1...4, using: &rng)).map { "B\($0)" }.joined(separator: "|")
                students +=
                    "S\(s),Student \(s),U\(u),\(countries[u]),\(fields[Int.random(in: 0..<fields.count, using: &rng)]),\"\(langs)\","
                    + "\(Int.random(in: 50...100, using: &rng)),\(terms),\(excluded),\(prefs)\n"
            }

            var policy: [String] = []
            switch seed % 8 {
            case 0: policy += ["objectives: [max_placed, min_cost]", "rank_cost: [1, 4, 20]", "travel_cost_per_km: 0.013"]
            case 1: policy += ["objectives: [max_placed, min_worst_rank, min_cost]", "unranked: { allowed: true, cost: 40 }"]
            case 2: policy += ["objectives: [min_cost]", "unplaced_penalty: 30", "rank_cost: linear", "max_travel_km: 3000"]
            case 3: policy += ["objectives: [max_placed, max_min_university_rate, min_cost]"]
            case 4: policy += ["objectives: [rank_maximal]", "allowed_countries: [CN, TH, VN, LA]"]
            case 5:
                policy += ["objectives: [max_placed, min_cost]", "stability: required", "base_ranking: { score: score, university_priority: [U2] }"]
            case 6:
                policy += [
                    "objectives: [max_placed, max_min_nationality_rate, min_cost]", "stability: required",
                    "unranked: { allowed: true, cost: 30 }", "base_ranking: { score: language }"
                ]
            default: policy += ["objectives: [max_placed, min_cost]", "travel_cost_per_km: 0.005"]
            }
            var rules: [String] = []
            if seed % 4 == 3 || seed == 6 {
                rules += [
                    "rules:",
                    "  reservations:",
                    "    - { base: B0, university: U1, seats: 1, mode: exclusive }",
                    "    - { base: B1, university: U2, seats: 1, mode: priority }",
                    "  groups:",
                    "    - { id: g, students: [S0, S1], together: same_city }",
                    "  apart:",
                    "    - [S2, S3]",
                    "  bans:",
                    "    - { student: S4, base: B0 }",
                    "  exchange:",
                    "    min_abroad_share: 0.3"
                ]
            }
            let yaml =
                ([
                    "format_version: 1", "name: random-\(seed)", "terms: [T1, T2]", "universities: universities.csv",
                    "students: students.csv", "bases: bases.csv", "policy:"
                ] + policy.map { "  " + $0 } + rules).joined(separator: "\n") + "\n"
            try yaml.write(to: folder.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
            try universities.write(to: folder.appendingPathComponent("universities.csv"), atomically: true, encoding: .utf8)
            try bases.write(to: folder.appendingPathComponent("bases.csv"), atomically: true, encoding: .utf8)
            try students.write(to: folder.appendingPathComponent("students.csv"), atomically: true, encoding: .utf8)
            return folder.appendingPathComponent("scenario.yaml")
        }
    }
}
