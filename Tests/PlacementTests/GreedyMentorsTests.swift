import PlacementDomain
@testable import PlacementFormulation
import XCTest

/// The mentor assignment made without a solver (`MentorAssignment.GreedyMentors`): it never puts
/// a mentor over her weekly maximum, its values, unserved interns and busiest week agree, it never
/// serves more interns than brute force can, and an intern the first pass cannot serve gets a
/// mentor when one move of another intern makes room.
final class GreedyMentorsTests: XCTestCase {
    typealias Owner = (owner: Int, weeks: [ClosedRange<Int>], mentors: [Int])

    static func mentors(_ maxima: [Int]) -> [Schedule.Mentor] {
        maxima.enumerated().map {
            Schedule.Mentor(
                id: "M\($0.offset)", name: "M\($0.offset)", kind: .academic, home: "U", languages: [:], maxInterns: $0.element,
                origin: SourceLocation(file: "test", line: nil))
        }
    }

    static func make(_ owners: [Owner], _ mentors: [Schedule.Mentor]) -> (MentorAssignment.GreedyMentors, [[Int]]) {
        var columnOf: [[Int]] = [], next = 0
        for o in owners {
            columnOf.append(Array(next..<next + o.mentors.count))
            next += o.mentors.count
        }
        return (MentorAssignment.GreedyMentors(owners: owners, mentors: mentors, columnOf: columnOf, columns: next), columnOf)
    }

    /// Each mentor's load per week under an assignment (owner index → index into its mentors, or nil).
    static func loads(_ owners: [Owner], _ choice: [Int?]) -> [Int: [Int: Int]] {
        var load: [Int: [Int: Int]] = [:]
        for (i, k) in choice.enumerated() {
            guard let k else { continue }
            for span in owners[i].weeks { for w in span { load[owners[i].mentors[k], default: [:]][w, default: 0] += 1 } }
        }
        return load
    }

    /// The most interns any assignment serves (every owner to one of her mentors or none).
    static func bruteForceServed(_ owners: [Owner], _ mentors: [Schedule.Mentor]) -> Int {
        var best = 0, choice = [Int?](repeating: nil, count: owners.count)
        func go(_ i: Int, _ served: Int) {
            if i == owners.count {
                let load = loads(owners, choice)
                if load.allSatisfy({ m, weeks in weeks.values.allSatisfy { $0 <= mentors[m].maxInterns } }) { best = max(best, served) }
                return
            }
            choice[i] = nil
            go(i + 1, served)
            for k in owners[i].mentors.indices {
                choice[i] = k
                go(i + 1, served + 1)
            }
            choice[i] = nil
        }
        go(0, 0)
        return best
    }

    func testOneMoveServesAnInternTheFirstPassCouldNot() {
        // Owner 0 goes first and takes M0 (lightest, first listed); owner 1 can only have M0.
        let owners: [Owner] = [(0, [0...1], [0, 1]), (1, [0...1], [0])]
        let (greedy, columnOf) = Self.make(owners, Self.mentors([1, 1]))
        XCTAssertEqual(greedy.unserved, [])
        XCTAssertEqual(greedy.values[columnOf[0][1]], 1, "owner 0 moved to M1")
        XCTAssertEqual(greedy.values[columnOf[1][0]], 1, "owner 1 has M0")
        XCTAssertEqual(greedy.peak, 1)
    }

    func testRandomGroupsKeepEveryMaximumAndNeverBeatBruteForce() {
        var rng = DeterministicRNG(seed: 0x3E27_0125)
        var repairedFully = 0, fullyPossible = 0
        for round in 0..<300 {
            let mentors = Self.mentors((0..<Int.random(in: 2...3, using: &rng)).map { _ in Int.random(in: 1...2, using: &rng) })
            let owners: [Owner] = (0..<Int.random(in: 3...7, using: &rng)).map { i in
                let start = Int.random(in: 0...5, using: &rng)
                var weeks = [start...start + Int.random(in: 0...3, using: &rng)]
                if rng.chance(0.3) {
                    let later = weeks[0].upperBound + Int.random(in: 1...3, using: &rng)
                    weeks.append(later...later + Int.random(in: 0...2, using: &rng))
                }
                let compatible = mentors.indices.filter { _ in rng.chance(0.7) }
                return (i, weeks, compatible.isEmpty ? [Int.random(in: 0..<mentors.count, using: &rng)] : compatible)
            }
            let (greedy, columnOf) = Self.make(owners, mentors)
            var choice = [Int?](repeating: nil, count: owners.count)
            for i in owners.indices {
                let set = owners[i].mentors.indices.filter { greedy.values[columnOf[i][$0]] > 0.5 }
                XCTAssertLessThanOrEqual(set.count, 1, "round \(round): owner \(i) has two mentors")
                choice[i] = set.first
                XCTAssertEqual(set.isEmpty, greedy.unserved.contains(owners[i].owner), "round \(round): owner \(i) served and unserved")
            }
            let load = Self.loads(owners, choice)
            for (m, weeks) in load {
                for (w, n) in weeks {
                    XCTAssertLessThanOrEqual(n, mentors[m].maxInterns, "round \(round): mentor \(m) over her maximum in week \(w)")
                }
            }
            XCTAssertEqual(greedy.peak, load.values.flatMap(\.values).max() ?? 0, "round \(round): busiest week")
            let served = owners.count - greedy.unserved.count, best = Self.bruteForceServed(owners, mentors)
            XCTAssertLessThanOrEqual(served, best, "round \(round)")
            if best == owners.count {
                fullyPossible += 1
                if served == best { repairedFully += 1 }
            }
        }
        XCTAssertGreaterThan(fullyPossible, 100)
        XCTAssertGreaterThanOrEqual(Double(repairedFully), 0.9 * Double(fullyPossible), "served everyone in \(repairedFully) of \(fullyPossible)")
    }
}
