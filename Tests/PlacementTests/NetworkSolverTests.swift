import PlacementGLPK
import PlacementModel
import PlacementNetwork
import XCTest

/// The network solver against brute force (tiny instances) and GLPK (medium instances), with
/// independent checks of feasibility, determinism and the sink prices.
final class NetworkSolverTests: XCTestCase {

    // MARK: - Instances

    /// Small deterministic generator (SplitMix64), so failures reproduce.
    struct Generator {
        var state: UInt64
        init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1 }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
        }
    }

    /// Random instance: each source ranks up to `maxArcs` sinks (parallel arcs allowed when
    /// `parallel`), cost rank² (or random in 0...costMax when `costMax` is given).
    static func randomProblem(_ g: inout Generator, sources: Int, sinks: Int, maxArcs: Int,
                              maxCapacity: Int, costMax: Int64? = nil, parallel: Bool = false) -> TransportationProblem {
        let capacities = (0..<sinks).map { _ in g.int(0...maxCapacity) }
        var src: [Int32] = [], snk: [Int32] = [], cst: [Int64] = []
        for s in 0..<sources {
            let count = g.int(0...maxArcs)
            var used = Set<Int>()
            for r in 0..<count {
                var j = g.int(0...(sinks - 1))
                if !parallel {
                    var tries = 0
                    while used.contains(j) && tries < 10 { j = g.int(0...(sinks - 1)); tries += 1 }
                    if used.contains(j) { continue }
                }
                used.insert(j)
                src.append(Int32(s))
                snk.append(Int32(j))
                if let costMax { cst.append(Int64(g.int(0...Int(costMax)))) } else { cst.append(Int64((r + 1) * (r + 1))) }
            }
        }
        return TransportationProblem(sourceCount: sources, sinkCapacities: capacities, arcSource: src, arcSink: snk, arcCost: cst)
    }

    static func withCapacity(_ p: TransportationProblem, sink: Int, plus delta: Int) -> TransportationProblem {
        var caps = p.sinkCapacities
        caps[sink] += delta
        return TransportationProblem(sourceCount: p.sourceCount, sinkCapacities: caps, arcSource: p.arcSource,
                                     arcSink: p.arcSink, arcCost: p.arcCost)
    }

    // MARK: - Independent checks

    /// Feasibility, and that `assigned`/`cost` match the assignment. Returns nothing; fails the test.
    func assertFeasible(_ p: TransportationProblem, _ x: NetworkSolution, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(x.assignment.count, p.sourceCount, "one entry per source", file: file, line: line)
        XCTAssertEqual(x.sinkPrices.count, p.sinkCount, "one price per sink", file: file, line: line)
        var load = [Int](repeating: 0, count: p.sinkCount)
        var assigned = 0
        var cost: Int64 = 0
        for (s, a) in x.assignment.enumerated() where a >= 0 {
            XCTAssertLessThan(Int(a), p.arcCount, "arc index in range", file: file, line: line)
            guard Int(a) < p.arcCount else { return }
            XCTAssertEqual(Int(p.arcSource[Int(a)]), s, "source \(s) uses an arc of another source", file: file, line: line)
            load[Int(p.arcSink[Int(a)])] += 1
            assigned += 1
            cost += p.arcCost[Int(a)]
        }
        for j in 0..<p.sinkCount {
            XCTAssertLessThanOrEqual(load[j], p.sinkCapacities[j], "sink \(j) over capacity", file: file, line: line)
        }
        XCTAssertEqual(assigned, x.assigned, file: file, line: line)
        XCTAssertEqual(cost, x.cost, file: file, line: line)
        for price in x.sinkPrices { XCTAssertGreaterThanOrEqual(price, 0, file: file, line: line) }
    }

    func penaltyObjective(_ p: TransportationProblem, _ x: NetworkSolution, _ penalty: Int64) -> Int64 {
        x.cost + penalty * Int64(p.sourceCount - x.assigned)
    }

    /// Penalty mode duals: with π_s = max(0, max over s's arcs of P − c − price(j)) the pair is
    /// dual feasible for max Σ (P − c)x s.t. rows ≤ 1 / ≤ cap; check complementary slackness and
    /// strong duality against the returned assignment.
    func assertPenaltyDuals(_ p: TransportationProblem, _ x: NetworkSolution, _ penalty: Int64,
                            file: StaticString = #filePath, line: UInt = #line) {
        let price = x.sinkPrices
        var pi = [Int64](repeating: 0, count: p.sourceCount)
        for k in 0..<p.arcCount {
            let s = Int(p.arcSource[k]), j = Int(p.arcSink[k])
            pi[s] = max(pi[s], penalty - p.arcCost[k] - price[j])
        }
        var load = [Int](repeating: 0, count: p.sinkCount)
        var primal: Int64 = 0
        for (s, a) in x.assignment.enumerated() {
            if a >= 0 {
                let k = Int(a), j = Int(p.arcSink[k])
                load[j] += 1
                primal += penalty - p.arcCost[k]
                XCTAssertEqual(pi[s] + price[j], penalty - p.arcCost[k], "chosen arc \(k) not tight", file: file, line: line)
            } else {
                XCTAssertEqual(pi[s], 0, "unassigned source \(s) has a positive price", file: file, line: line)
            }
        }
        var dual: Int64 = 0
        for s in 0..<p.sourceCount { dual += pi[s] }
        for j in 0..<p.sinkCount {
            if price[j] > 0 { XCTAssertEqual(load[j], p.sinkCapacities[j], "sink \(j) priced but not full", file: file, line: line) }
            dual += Int64(p.sinkCapacities[j]) * price[j]
        }
        XCTAssertEqual(primal, dual, "strong duality", file: file, line: line)
    }

    // MARK: - Brute force

    struct BruteForce {
        /// Best penalty objective.
        var penalty: Int64 = .max
        /// Best (assigned, cost) lexicographically: max assigned, then min cost.
        var lexAssigned = -1
        var lexCost: Int64 = .max
        /// Minimum cost for each exact number assigned (index = number).
        var minCostByCount: [Int64] = []
    }

    static func bruteForce(_ p: TransportationProblem, penalty: Int64) -> BruteForce {
        var arcsOf = [[Int]](repeating: [], count: p.sourceCount)
        for k in 0..<p.arcCount { arcsOf[Int(p.arcSource[k])].append(k) }
        var result = BruteForce()
        result.minCostByCount = [Int64](repeating: .max, count: p.sourceCount + 1)
        var load = [Int](repeating: 0, count: p.sinkCount)
        func visit(_ s: Int, _ assigned: Int, _ cost: Int64) {
            if s == p.sourceCount {
                result.minCostByCount[assigned] = min(result.minCostByCount[assigned], cost)
                result.penalty = min(result.penalty, cost + penalty * Int64(p.sourceCount - assigned))
                if assigned > result.lexAssigned || assigned == result.lexAssigned && cost < result.lexCost {
                    result.lexAssigned = assigned
                    result.lexCost = cost
                }
                return
            }
            visit(s + 1, assigned, cost)
            for k in arcsOf[s] {
                let j = Int(p.arcSink[k])
                if load[j] < p.sinkCapacities[j] {
                    load[j] += 1
                    visit(s + 1, assigned + 1, cost + p.arcCost[k])
                    load[j] -= 1
                }
            }
        }
        visit(0, 0, 0)
        return result
    }

    // MARK: - Tests: brute force

    func testTinyInstancesAgainstBruteForce() {
        var g = Generator(seed: 11)
        for trial in 0..<300 {
            let sources = g.int(0...7), sinks = g.int(1...4)
            let costMax: Int64? = trial % 3 == 0 ? 12 : nil   // random costs with ties and zeros
            let p = Self.randomProblem(&g, sources: sources, sinks: sinks, maxArcs: 3, maxCapacity: 3,
                                       costMax: costMax, parallel: trial % 4 == 1)
            let penalty = Int64([0, 1, 5, 10, 30, 1000][trial % 6])
            let brute = Self.bruteForce(p, penalty: penalty)

            let byPenalty = NetworkSolver.solve(p, objective: .penalty(penalty))
            assertFeasible(p, byPenalty)
            XCTAssertEqual(penaltyObjective(p, byPenalty, penalty), brute.penalty, "trial \(trial) penalty \(penalty)")
            assertPenaltyDuals(p, byPenalty, penalty)

            let byLex = NetworkSolver.solve(p, objective: .lexicographic)
            assertFeasible(p, byLex)
            XCTAssertEqual(byLex.assigned, brute.lexAssigned, "trial \(trial) lexicographic count")
            XCTAssertEqual(byLex.cost, brute.lexCost, "trial \(trial) lexicographic cost")

            // One more seat at each sink: the prices are the exact gains.
            for j in 0..<p.sinkCount {
                let bigger = Self.withCapacity(p, sink: j, plus: 1)
                let bruteBigger = Self.bruteForce(bigger, penalty: penalty)
                XCTAssertEqual(brute.penalty - bruteBigger.penalty, byPenalty.sinkPrices[j],
                               "trial \(trial): penalty-mode price of sink \(j)")
                // Lexicographic: cost at the same (maximum) number assigned.
                let sameCount = bruteBigger.minCostByCount[brute.lexAssigned]
                XCTAssertEqual(brute.lexCost - sameCount, byLex.sinkPrices[j], "trial \(trial): lexicographic price of sink \(j)")
            }
        }
    }

    // MARK: - Tests: GLPK

    /// x binary per arc, ≤ 1 per source, ≤ capacity per sink.
    static func linearModel(_ p: TransportationProblem, objective: NetworkObjective) -> LinearModel {
        var model = LinearModel()
        for k in 0..<p.arcCount { model.addVariable(.init(name: "x\(k)", lower: 0, upper: 1, isInteger: true)) }
        var bySource = [[LinearModel.Term]](repeating: [], count: p.sourceCount)
        var bySink = [[LinearModel.Term]](repeating: [], count: p.sinkCount)
        for k in 0..<p.arcCount {
            bySource[Int(p.arcSource[k])].append(.init(k, 1))
            bySink[Int(p.arcSink[k])].append(.init(k, 1))
        }
        for (s, terms) in bySource.enumerated() where !terms.isEmpty {
            model.addConstraint(.init(name: "one[\(s)]", terms: terms, upper: 1))
        }
        for (j, terms) in bySink.enumerated() where !terms.isEmpty {
            model.addConstraint(.init(name: "cap[\(j)]", terms: terms, upper: Double(p.sinkCapacities[j])))
        }
        switch objective {
        case .lexicographic:
            model.objectives = [
                .init(name: "assigned", sense: .maximize, terms: (0..<p.arcCount).map { .init($0, 1) }, isIntegral: true),
                .init(name: "cost", sense: .minimize, terms: (0..<p.arcCount).map { .init($0, Double(p.arcCost[$0])) }, isIntegral: true),
            ]
        case .penalty(let penalty):
            model.objectives = [
                .init(name: "penalised cost", sense: .minimize,
                      terms: (0..<p.arcCount).map { .init($0, Double(p.arcCost[$0] - penalty)) },
                      constant: Double(penalty) * Double(p.sourceCount), isIntegral: true),
            ]
        }
        return model
    }

    func testMediumInstancesAgainstGLPK() throws {
        var g = Generator(seed: 2027)
        let shapes: [(sources: Int, sinks: Int, maxArcs: Int, maxCapacity: Int, costMax: Int64?)] = [
            (300, 40, 6, 8, nil), (800, 120, 8, 6, nil), (2000, 300, 8, 7, nil),
            (1200, 200, 5, 6, 10_000_000), (600, 50, 6, 12, 3),
        ]
        for (index, shape) in shapes.enumerated() {
            let p = Self.randomProblem(&g, sources: shape.sources, sinks: shape.sinks, maxArcs: shape.maxArcs,
                                       maxCapacity: shape.maxCapacity, costMax: shape.costMax, parallel: index == 4)
            let penalty: Int64 = shape.costMax == 10_000_000 ? 8_000_000 : 1000
            for objective in [NetworkObjective.penalty(penalty), .lexicographic] {
                let ours = NetworkSolver.solve(p, objective: objective)
                assertFeasible(p, ours)
                let glpk = try GLPKSolver().solve(Self.linearModel(p, objective: objective))
                XCTAssertEqual(glpk.status, .optimal)
                switch objective {
                case .penalty:
                    XCTAssertEqual(Double(penaltyObjective(p, ours, penalty)), glpk.stages[0].value, accuracy: 0.5,
                                   "shape \(index) penalty")
                    assertPenaltyDuals(p, ours, penalty)
                case .lexicographic:
                    XCTAssertEqual(Double(ours.assigned), glpk.stages[0].value, accuracy: 0.5, "shape \(index) assigned")
                    XCTAssertEqual(Double(ours.cost), glpk.stages[1].value, accuracy: 0.5, "shape \(index) cost")
                }
            }
        }
    }

    /// Extra seat at the sinks with the largest prices: the optimum improves by exactly the price
    /// (and never by more, which any valid dual guarantees).
    func testExtraSeatGainsTheSinkPrice() {
        var g = Generator(seed: 99)
        for trial in 0..<6 {
            let p = Self.randomProblem(&g, sources: 400, sinks: 60, maxArcs: 6, maxCapacity: 6,
                                       costMax: trial % 2 == 0 ? nil : 40)
            let penalty: Int64 = trial % 3 == 2 ? 25 : 1000
            let base = NetworkSolver.solve(p, objective: .penalty(penalty))
            let baseValue = penaltyObjective(p, base, penalty)
            let ranked = (0..<p.sinkCount).sorted { (base.sinkPrices[$0], -$0) > (base.sinkPrices[$1], -$1) }
            for j in ranked.prefix(3) + ranked.suffix(2) {
                let bigger = Self.withCapacity(p, sink: j, plus: 1)
                let improved = NetworkSolver.solve(bigger, objective: .penalty(penalty))
                assertFeasible(bigger, improved)
                let gain = baseValue - penaltyObjective(bigger, improved, penalty)
                XCTAssertLessThanOrEqual(gain, base.sinkPrices[j], "trial \(trial) sink \(j)")
                XCTAssertEqual(gain, base.sinkPrices[j], "trial \(trial) sink \(j)")
            }
            let lex = NetworkSolver.solve(p, objective: .lexicographic)
            for j in 0..<min(p.sinkCount, 8) {
                let bigger = NetworkSolver.solve(Self.withCapacity(p, sink: j, plus: 1), objective: .lexicographic)
                if bigger.assigned == lex.assigned {
                    XCTAssertEqual(lex.cost - bigger.cost, lex.sinkPrices[j], "trial \(trial) lexicographic sink \(j)")
                }
            }
        }
    }

    // MARK: - Tests: determinism and edge cases

    func testDeterministic() {
        var g = Generator(seed: 5)
        // Many ties: costs in 0...2, capacities small, parallel arcs.
        let p = Self.randomProblem(&g, sources: 1500, sinks: 150, maxArcs: 6, maxCapacity: 5, costMax: 2, parallel: true)
        for objective in [NetworkObjective.penalty(3), .penalty(1000), .lexicographic] {
            let a = NetworkSolver.solve(p, objective: objective)
            let b = NetworkSolver.solve(p, objective: objective)
            let copy = TransportationProblem(sourceCount: p.sourceCount, sinkCapacities: p.sinkCapacities,
                                             arcSource: p.arcSource, arcSink: p.arcSink, arcCost: p.arcCost)
            let c = NetworkSolver.solve(copy, objective: objective)
            XCTAssertEqual(a.assignment, b.assignment)
            XCTAssertEqual(a.assignment, c.assignment)
            XCTAssertEqual(a.sinkPrices, b.sinkPrices)
            XCTAssertEqual(a.cost, c.cost)
        }
    }

    func testEdgeCases() {
        // Empty problem.
        let empty = TransportationProblem(sourceCount: 0, sinkCapacities: [], arcSource: [], arcSink: [], arcCost: [])
        for objective in [NetworkObjective.penalty(1000), .lexicographic] {
            let x = NetworkSolver.solve(empty, objective: objective)
            XCTAssertEqual(x.assignment, [])
            XCTAssertEqual(x.assigned, 0)
            XCTAssertEqual(x.cost, 0)
            XCTAssertEqual(x.sinkPrices, [])
        }
        // Sources without arcs, sinks without capacity.
        let lonely = TransportationProblem(sourceCount: 3, sinkCapacities: [0, 2], arcSource: [1, 1], arcSink: [0, 0], arcCost: [1, 2])
        for objective in [NetworkObjective.penalty(1000), .lexicographic] {
            let x = NetworkSolver.solve(lonely, objective: objective)
            assertFeasible(lonely, x)
            XCTAssertEqual(x.assignment, [-1, -1, -1])
            // A first seat at sink 0 would place source 1 at cost 1 (the count stays 0 under
            // .lexicographic, so its price there is 0).
            XCTAssertEqual(x.sinkPrices, objective == .lexicographic ? [0, 0] : [999, 0])
        }
        // Parallel arcs: the cheaper one is chosen. A second seat at the sink would place source 1
        // at cost 3, so the seat is worth 1000 − 3.
        let parallel = TransportationProblem(sourceCount: 2, sinkCapacities: [1], arcSource: [0, 0, 1], arcSink: [0, 0, 0],
                                             arcCost: [5, 2, 3])
        let x = NetworkSolver.solve(parallel, objective: .penalty(1000))
        assertFeasible(parallel, x)
        XCTAssertEqual(x.assigned, 1)
        XCTAssertEqual(x.cost, 2)
        XCTAssertEqual(x.assignment, [1, -1])
        XCTAssertEqual(x.sinkPrices, [997])
        assertPenaltyDuals(parallel, x, 1000)
        // Penalty below every cost: nobody is placed; equal to the cost: not placed either.
        let pricey = TransportationProblem(sourceCount: 2, sinkCapacities: [2], arcSource: [0, 1], arcSink: [0, 0], arcCost: [7, 9])
        XCTAssertEqual(NetworkSolver.solve(pricey, objective: .penalty(7)).assigned, 0)
        XCTAssertEqual(NetworkSolver.solve(pricey, objective: .penalty(8)).assignment, [0, -1])
        XCTAssertEqual(NetworkSolver.solve(pricey, objective: .penalty(0)).assigned, 0)
        XCTAssertEqual(NetworkSolver.solve(pricey, objective: .lexicographic).assigned, 2)
        // Lexicographic prefers more placements over cheaper ones.
        let chain = TransportationProblem(sourceCount: 2, sinkCapacities: [1, 1], arcSource: [0, 0, 1], arcSink: [0, 1, 0],
                                          arcCost: [0, 50, 0])
        let lex = NetworkSolver.solve(chain, objective: .lexicographic)
        XCTAssertEqual(lex.assigned, 2)
        XCTAssertEqual(lex.cost, 50)
        XCTAssertEqual(lex.sinkPrices, [50, 0])   // a second seat at sink 0 saves source 0's detour
        let cheap = NetworkSolver.solve(chain, objective: .penalty(40))
        XCTAssertEqual(cheap.assigned, 1)
        XCTAssertEqual(cheap.cost, 0)
        // Large cents-scaled costs stay exact.
        let cents = TransportationProblem(sourceCount: 3, sinkCapacities: [1, 1], arcSource: [0, 0, 1, 2], arcSink: [0, 1, 0, 1],
                                          arcCost: [10_000_000, 6_400_000, 100, 9_999_999])
        let big = NetworkSolver.solve(cents, objective: .penalty(100_000_000))
        assertFeasible(cents, big)
        XCTAssertEqual(big.assigned, 2)
        XCTAssertEqual(big.cost, 6_400_100)
        assertPenaltyDuals(cents, big, 100_000_000)
    }
}
