import PlacementDomain

func formatReportNumber(_ x: Double) -> String { formatNumber(x) }

/// Figures shared by every report format, computed once from the scenario and the outcome.
/// Every list is sorted by id so that reports are byte-for-byte deterministic.
public struct ReportStatistics: Sendable {
    public struct Rate: Sendable, Hashable {
        public let key: String
        public let label: String
        public let students: Int
        public let placed: Int
        public var rate: Double { students == 0 ? 0 : Double(placed) / Double(students) }
    }

    public struct Utilisation: Sendable, Hashable {
        public let key: String
        public let label: String
        public let seats: Int
        public let filled: Int
        public var rate: Double { seats == 0 ? 0 : Double(filled) / Double(seats) }
    }

    public let students: Int
    public let placed: Int
    /// Count per rank (1-based), index 0 unused; `unranked` separately.
    public let byRank: [Int]
    public let unranked: Int
    public let totalRankCost: Double
    public let totalCost: Double
    public let perUniversity: [Rate]
    public let perNationality: [Rate]
    public let perCountry: [Utilisation]
    public let perBaseTerm: [Utilisation]
    public let unplacedByReason: [(code: String, count: Int)]
    /// Scheduled scenarios: the weekly figures. Utilisation is then in seat-weeks (seats of each
    /// week summed over the term) against intern-weeks, since a seat can host several interns a term.
    let schedule: ScheduleFigures?

    public init(scenario s: Scenario, outcome o: PlacementOutcome) {
        schedule = s.schedule.map { ScheduleFigures(scenario: s, schedule: $0, outcome: o) }
        students = s.students.count
        let placements = o.placements.compactMap { $0 }
        placed = placements.count
        let maxRank = placements.compactMap(\.rank).max() ?? 0
        var ranks = [Int](repeating: 0, count: maxRank + 1)
        var unranked = 0
        var rankCost = 0.0, cost = 0.0
        for p in placements {
            if let r = p.rank { ranks[r] += 1; rankCost += s.policy.rankCost.cost(rank: r) } else { unranked += 1; rankCost += s.policy.unrankedCost }
            // A rotation's second part costs its own rank's cost, as in the objective.
            if let second = p.timing?.second {
                rankCost += second.rank.map { s.policy.rankCost.cost(rank: $0) } ?? s.policy.unrankedCost
            }
            cost += p.totalCost
        }
        byRank = ranks
        self.unranked = unranked
        totalRankCost = rankCost
        totalCost = cost

        var uniTotals: [String: (Int, Int)] = [:], natTotals: [String: (Int, Int)] = [:]
        for (i, student) in s.students.enumerated() {
            let isPlaced = o.placements[i] != nil ? 1 : 0
            uniTotals[student.university, default: (0, 0)].0 += 1
            uniTotals[student.university, default: (0, 0)].1 += isPlaced
            natTotals[student.nationality, default: (0, 0)].0 += 1
            natTotals[student.nationality, default: (0, 0)].1 += isPlaced
        }
        perUniversity = uniTotals.keys.sorted().map { id in
            Rate(key: id, label: s.universityByID[id]?.name ?? id, students: uniTotals[id]!.0, placed: uniTotals[id]!.1)
        }
        perNationality = natTotals.keys.sorted().map { Rate(key: $0, label: $0, students: natTotals[$0]!.0, placed: natTotals[$0]!.1) }

        var filled: [Int: [Int: Int]] = [:]
        for p in placements { filled[p.base, default: [:]][p.term, default: 0] += 1 }
        var baseTerms: [Utilisation] = []
        var countries: [String: (Int, Int)] = [:]
        for (bi, base) in s.bases.enumerated().sorted(by: { $0.element.id < $1.element.id }) {
            for (ti, term) in s.terms.enumerated() {
                var seats = base.capacity(in: term.id)
                var taken = filled[bi]?[ti] ?? 0
                if let figures = schedule {
                    let weeks = figures.calendar.weeksByTerm[ti]
                    seats = weeks.reduce(0) { $0 + figures.calendar.seats[bi][$1] }
                    taken = weeks.reduce(0) { $0 + figures.present[bi][$1].count }
                }
                guard seats > 0 || taken > 0 else { continue }
                baseTerms.append(Utilisation(key: "\(base.id)/\(term.id)", label: base.name, seats: seats, filled: taken))
                countries[base.country, default: (0, 0)].0 += seats
                countries[base.country, default: (0, 0)].1 += taken
            }
        }
        perBaseTerm = baseTerms
        perCountry = countries.keys.sorted().map { Utilisation(key: $0, label: $0, seats: countries[$0]!.0, filled: countries[$0]!.1) }
        var reasons: [String: Int] = [:]
        for reason in o.unplacedReasons.values { reasons[reason.code, default: 0] += 1 }
        unplacedByReason = reasons.keys.sorted().map { ($0, reasons[$0]!) }
    }

    /// Share of all students placed at their first choice.
    public var firstChoiceShare: Double { students == 0 ? 0 : Double(byRank.count > 1 ? byRank[1] : 0) / Double(students) }
    public var meanRank: Double? {
        let ranked = byRank.enumerated().dropFirst().reduce((0, 0)) { ($0.0 + $1.offset * $1.element, $0.1 + $1.element) }
        return ranked.1 == 0 ? nil : Double(ranked.0) / Double(ranked.1)
    }
    public var worstRank: Int? { byRank.lastIndex(where: { $0 > 0 }).flatMap { $0 == 0 ? nil : $0 } }
}
