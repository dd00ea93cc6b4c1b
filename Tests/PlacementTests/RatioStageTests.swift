import PlacementGLPK
import PlacementModel
import XCTest

/// The max-min ratio stage (LP bound, checks down from it, binary search, warm-started bases)
/// against two independent answers on small random models with minimum-intern rows (so that LP
/// points are fractional and branch-and-bound runs): plain GLPK on the direct formulation (a
/// continuous z with size_g·z ≤ placed_g, maximised) and exhaustive enumeration.
final class RatioStageTests: XCTestCase {
    /// A random model: students in groups, bases with seats and a minimum when used, each student
    /// eligible for some bases at a cost. Objectives: max placed, max-min group rate, min cost.
    struct Instance {
        var students: Int
        var group: [Int]
        var groups: Int
        var seats: [Int]
        var minimum: [Int]
        /// (student, base, cost) per column.
        var columns: [(student: Int, base: Int, cost: Double)]

        static func random(_ rng: inout DeterministicRNG) -> Instance {
            let students = rng.int(5...8), bases = rng.int(2...3), groups = rng.int(2...3)
            var columns: [(Int, Int, Double)] = []
            for s in 0..<students {
                for b in 0..<bases where rng.chance(0.6) { columns.append((s, b, Double(rng.int(1...9)))) }
            }
            return Instance(
                students: students, group: (0..<students).map { _ in rng.int(0...(groups - 1)) }, groups: groups,
                seats: (0..<bases).map { _ in rng.int(2...4) }, minimum: (0..<bases).map { _ in rng.int(0...3) },
                columns: columns.map { (student: $0.0, base: $0.1, cost: $0.2) })
        }

        var baseCount: Int { seats.count }
        func size(_ g: Int) -> Int { group.filter { $0 == g }.count }

        /// The model; with `direct`, the ratio as a continuous column z instead of a ratio stage.
        func model(direct: Bool) -> LinearModel {
            var m = LinearModel()
            for c in columns { _ = m.addVariable(.init(name: "x\(c.student)_\(c.base)", lower: 0, upper: 1, isInteger: true)) }
            let used = (0..<baseCount).map { m.addVariable(.init(name: "used\($0)", lower: 0, upper: 1, isInteger: true)) }
            for s in 0..<students {
                let terms = columns.indices.filter { columns[$0].student == s }.map { LinearModel.Term($0, 1) }
                if !terms.isEmpty { _ = m.addConstraint(.init(name: "one\(s)", terms: terms, upper: 1)) }
            }
            for b in 0..<baseCount {
                let terms = columns.indices.filter { columns[$0].base == b }.map { LinearModel.Term($0, 1) }
                _ = m.addConstraint(.init(name: "seats\(b)", terms: terms + [.init(used[b], -Double(seats[b]))], upper: 0))
                _ = m.addConstraint(.init(name: "min\(b)", terms: terms + [.init(used[b], -Double(minimum[b]))], lower: 0))
            }
            m.isNetworkStructured = false
            let placed = LinearModel.Objective(
                name: "placed", sense: .maximize, terms: columns.indices.map { .init($0, 1) }, isIntegral: true)
            let cost = LinearModel.Objective(
                name: "cost", sense: .minimize, terms: columns.indices.map { .init($0, columns[$0].cost) }, isIntegral: true)
            let present = (0..<groups).filter { size($0) > 0 }
            let groupTerms = present.map { g in columns.indices.filter { group[columns[$0].student] == g }.map { LinearModel.Term($0, 1) } }
            if direct {
                let z = m.addVariable(.init(name: "z", lower: 0, upper: 1))
                for (g, terms) in zip(present, groupTerms) {
                    _ = m.addConstraint(.init(name: "rate\(g)", terms: terms + [.init(z, -Double(size(g)))], lower: 0))
                }
                m.objectives = [placed, .init(name: "rate", sense: .maximize, terms: [.init(z, 1)], isIntegral: false), cost]
            } else {
                let rows = zip(present, groupTerms).map { g, terms in m.addConstraint(.init(name: "rate\(g)", terms: terms)) }
                m.objectives = [
                    placed,
                    .init(
                        name: "rate", sense: .maximize, terms: [], isIntegral: false,
                        maxMinRatio: .init(rows: rows, denominators: present.map(size))),
                    cost
                ]
            }
            return m
        }

        /// The lexicographic optimum (placed, rate, −cost) by enumerating every assignment.
        func bruteForce() -> [Double]? {
            var best: [Double]? = nil
            var choice = [Int](repeating: -1, count: students)  // column index or -1
            let options = (0..<students).map { s in [-1] + columns.indices.filter { columns[$0].student == s } }
            func visit(_ s: Int) {
                if s == students {
                    var load = [Int](repeating: 0, count: baseCount)
                    for c in choice where c >= 0 { load[columns[c].base] += 1 }
                    for b in 0..<baseCount where load[b] > seats[b] || (load[b] > 0 && load[b] < minimum[b]) { return }
                    let placed = choice.filter { $0 >= 0 }
                    var rate = Double.infinity
                    for g in 0..<groups where size(g) > 0 {
                        let p = (0..<students).filter { group[$0] == g && choice[$0] >= 0 }.count
                        rate = min(rate, Double(p) / Double(size(g)))
                    }
                    let v = [Double(placed.count), rate, -placed.map { columns[$0].cost }.reduce(0, +)]
                    if best == nil || zip(v, best!).first(where: { abs($0 - $1) > 1e-9 }).map({ $0 > $1 }) == true { best = v }
                    return
                }
                for c in options[s] {
                    choice[s] = c
                    visit(s + 1)
                }
                choice[s] = -1
            }
            visit(0)
            return best
        }
    }

    func testRatioStageEqualsDirectFormulationAndExhaustiveSearchOnSmallRandomModels() throws {
        var nontrivial = 0
        for seed in 0..<40 {
            var rng = DeterministicRNG(seed: 0x2A71_0000 &+ UInt64(seed))
            let instance = Instance.random(&rng)
            let label = "seed \(seed): \(instance)"
            let staged = try GLPKSolver().solve(instance.model(direct: false))
            let direct = try GLPKSolver().solve(instance.model(direct: true))
            guard let brute = instance.bruteForce() else { continue }
            XCTAssertEqual(staged.status, .optimal, label)
            XCTAssertEqual(direct.status, .optimal, label)
            guard staged.stages.count == 3, direct.stages.count == 3 else {
                XCTFail("stages \(staged.stages.map(\.name)) and \(direct.stages.map(\.name)), \(label)")
                continue
            }
            for k in 0..<3 {
                let sign: Double = k == 2 ? -1 : 1
                XCTAssertEqual(staged.stages[k].value * sign, brute[k], accuracy: 1e-6, "stage \(k), \(label)")
                XCTAssertEqual(direct.stages[k].value * sign, brute[k], accuracy: 1e-6, "direct stage \(k), \(label)")
            }
            if brute[1] > 0 && brute[1] < 1 { nontrivial += 1 }
            // Same inputs, same point.
            XCTAssertEqual(try GLPKSolver().solve(instance.model(direct: false)).values, staged.values, label)
        }
        XCTAssertGreaterThan(nontrivial, 10, "too few instances where the rate is neither 0 nor 1")
    }
}
