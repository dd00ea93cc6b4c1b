import Foundation
import PlacementConcurrency
import PlacementDomain

/// One allowed placement (student, base, term): every eligibility rule holds for it.
/// Only allowed triples become variables, which keeps the model small.
public struct Candidate: Sendable, Hashable {
    public let student: Int32
    public let base: Int32
    public let term: Int32
    /// 1-based rank of the base in her list; 0 when she did not rank it (unranked placement).
    public let rank: Int16
    public let cost: Double
    /// Scheduling only: the weeks it covers (indices into `WeekCalendar.weeks`; -1 without a
    /// schedule) and its industry mentor (index into `Schedule.industryMentors`; -1 for none).
    public let firstWeek: Int16
    public let lastWeek: Int16
    public let industryMentor: Int32

    public init(
        student: Int32, base: Int32, term: Int32, rank: Int16, cost: Double,
        firstWeek: Int16 = -1, lastWeek: Int16 = -1, industryMentor: Int32 = -1
    ) {
        self.student = student
        self.base = base
        self.term = term
        self.rank = rank
        self.cost = cost
        self.firstWeek = firstWeek
        self.lastWeek = lastWeek
        self.industryMentor = industryMentor
    }

    /// Whether it covers week w (scheduling).
    public func covers(week w: Int) -> Bool { Int(firstWeek) <= w && w <= Int(lastWeek) }
}

/// All allowed placements of a scenario, grouped by student (ranked bases in rank order, then
/// unranked bases in roster order; terms in scenario order within a base).
public struct CandidateSet: Sendable {
    public let candidates: [Candidate]
    /// candidates[studentRanges[s]] are student s's candidates.
    public let studentRanges: [Range<Int>]

    public init(candidates: [Candidate], studentRanges: [Range<Int>]) {
        self.candidates = candidates
        self.studentRanges = studentRanges
    }

    public init(scenario: Scenario) {
        // Students are independent: large rosters are cut into consecutive chunks read on every
        // core, then joined in student order (the same candidates, in the same order).
        let students = scenario.students.count
        let chunkCount = students >= 4096 ? 4 * ProcessInfo.processInfo.activeProcessorCount : 1
        let seats: [[Int]] = scenario.bases.map { b in scenario.terms.map { b.capacity(in: $0.id) } }
        let chunks = parallelMap(count: chunkCount) { c in
            Self.candidates(scenario, seats: seats, students: students * c / chunkCount..<students * (c + 1) / chunkCount)
        }
        var candidates: [Candidate] = []
        var ranges: [Range<Int>] = []
        candidates.reserveCapacity(chunks.reduce(0) { $0 + $1.candidates.count })
        ranges.reserveCapacity(students)
        for part in chunks {
            let offset = candidates.count
            candidates += part.candidates
            ranges += part.counts.map { offset + $0.lowerBound..<offset + $0.upperBound }
        }
        self.candidates = candidates
        self.studentRanges = ranges
    }

    /// The candidates of some students (`seats[b][t]`: seats of base b in term t), and each
    /// student's range within them.
    private static func candidates(_ scenario: Scenario, seats: [[Int]], students: Range<Int>) -> (candidates: [Candidate], counts: [Range<Int>]) {
        let rules = EligibilityRules(scenario: scenario)
        let termCount = scenario.terms.count
        // Read once: the loop below runs for every ranked base of every student.
        let bases = scenario.bases, baseIndexByID = scenario.baseIndexByID, terms = scenario.terms
        let allowUnranked = scenario.policy.allowUnranked
        var candidates: [Candidate] = []
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(students.count)
        candidates.reserveCapacity(students.count * 6)
        for si in students {
            let student = scenario.students[si]
            let start = candidates.count
            let available: [Bool] = terms.map { student.isAvailable(in: $0.id) }
            func add(_ bi: Int, rank: Int16) {
                guard seats[bi].contains(where: { $0 > 0 }), rules.allowsIgnoringTerms(student: student, base: bases[bi]) else { return }
                let cost = rules.cost(student: student, base: bases[bi], rank: rank == 0 ? nil : Int(rank))
                for t in 0..<termCount where available[t] && seats[bi][t] > 0 {
                    candidates.append(Candidate(student: Int32(si), base: Int32(bi), term: Int32(t), rank: rank, cost: cost))
                }
            }
            for (r, baseID) in student.preferences.enumerated() {
                if let bi = baseIndexByID[baseID] { add(bi, rank: Int16(clamping: r + 1)) }
            }
            if allowUnranked {
                let ranked = Set(student.preferences)
                for bi in bases.indices where !ranked.contains(bases[bi].id) { add(bi, rank: 0) }
            }
            ranges.append(start..<candidates.count)
        }
        return (candidates, ranges)
    }

    public var count: Int { candidates.count }
}
