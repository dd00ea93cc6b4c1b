import PlacementGLPK
import PlacementModel
import PlacementNetwork
import XCTest

/// The network solver against brute force (tiny instances) and GLPK (medium instances), with
/// independent checks of feasibility, determinism and the sink prices.
final class NetworkSolverTests: XCTestCase {

    // MARK: - Independent checks (instances, brute force and assertFeasible: Support/TransportationProblems.swift)

    func penaltyObjective(_ p: TransportationProblem, _ x: NetworkSolution, _ penalty: Int64) -> Int64 {
        x.cost + penalty * Int64(p.sourceCount - x.assigned)
    }

    /// Penalty mode duals: with π_s = max(0, max over s's arcs of P − c − price(j)) the pair is
    /// dual feasible for max Σ (P − c)x s.t. rows ≤ 1 / ≤ cap; check complementary slackness and
    /// strong duality against the returned assignment.
    func assertPenaltyDuals(
        _ p: TransportationProblem, _ x: NetworkSolution, _ penalty: Int64,
        file: StaticString = #filePath, line: UInt = #line
    ) {
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

    // MARK: - Tests: brute force

    func testTinyInstancesAgainstBruteForce() {
        var g = DeterministicRNG(seed: 11, seeding: .scaled)
        for trial in 0..<300 {
            let sources = g.int(0...7), sinks = g.int(1...4)
            let costMax: Int64? = trial % 3 == 0 ? 12 : nil  // random costs with ties and zeros
            let p = TransportationProblems.random(
                &g, sources: sources, sinks: sinks, maxArcs: 3, maxCapacity: 3,
                costMax: costMax, parallel: trial % 4 == 1)
            let penalty = Int64([0, 1, 5, 10, 30, 1000][trial % 6])
            let brute = TransportationProblems.bruteForce(p, penalty: penalty)

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
                let bigger = TransportationProblems.withCapacity(p, sink: j, plus: 1)
                let bruteBigger = TransportationProblems.bruteForce(bigger, penalty: penalty)
                XCTAssertEqual(
                    brute.penalty - bruteBigger.penalty, byPenalty.sinkPrices[j],
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
                .init(name: "cost", sense: .minimize, terms: (0..<p.arcCount).map { .init($0, Double(p.arcCost[$0])) }, isIntegral: true)
            ]
        case .penalty(let penalty):
            model.objectives = [
                .init(
                    name: "penalised cost", sense: .minimize,
                    terms: (0..<p.arcCount).map { .init($0, Double(p.arcCost[$0] - penalty)) },
                    constant: Double(penalty) * Double(p.sourceCount), isIntegral: true)
            ]
        }
        return model
    }

    func testMediumInstancesAgainstGLPK() throws {
        var g = DeterministicRNG(seed: 2027, seeding: .scaled)
        let shapes: [(sources: Int, sinks: Int, maxArcs: Int, maxCapacity: Int, costMax: Int64?)] = [
            (300, 40, 6, 8, nil), (800, 120, 8, 6, nil), (2000, 300, 8, 7, nil),
            (1200, 200, 5, 6, 10_000_000), (600, 50, 6, 12, 3)
        ]
        for (index, shape) in shapes.enumerated() {
            let p = TransportationProblems.random(
                &g, sources: shape.sources, sinks: shape.sinks, maxArcs: shape.maxArcs,
                maxCapacity: shape.maxCapacity, costMax: shape.costMax, parallel: index == 4)
            let penalty: Int64 = shape.costMax == 10_000_000 ? 8_000_000 : 1000
            for objective in [NetworkObjective.penalty(penalty), .lexicographic] {
                let ours = NetworkSolver.solve(p, objective: objective)
                assertFeasible(p, ours)
                let glpk = try GLPKSolver().solve(Self.linearModel(p, objective: objective))
                XCTAssertEqual(glpk.status, .optimal)
                switch objective {
                case .penalty:
                    XCTAssertEqual(
                        Double(penaltyObjective(p, ours, penalty)), glpk.stages[0].value, accuracy: 0.5,
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
        var g = DeterministicRNG(seed: 99, seeding: .scaled)
        for trial in 0..<6 {
            let p = TransportationProblems.random(
                &g, sources: 400, sinks: 60, maxArcs: 6, maxCapacity: 6,
                costMax: trial % 2 == 0 ? nil : 40)
            let penalty: Int64 = trial % 3 == 2 ? 25 : 1000
            let base = NetworkSolver.solve(p, objective: .penalty(penalty))
            let baseValue = penaltyObjective(p, base, penalty)
            let ranked = (0..<p.sinkCount).sorted { (base.sinkPrices[$0], -$0) > (base.sinkPrices[$1], -$1) }
            for j in ranked.prefix(3) + ranked.suffix(2) {
                let bigger = TransportationProblems.withCapacity(p, sink: j, plus: 1)
                let improved = NetworkSolver.solve(bigger, objective: .penalty(penalty))
                assertFeasible(bigger, improved)
                let gain = baseValue - penaltyObjective(bigger, improved, penalty)
                XCTAssertLessThanOrEqual(gain, base.sinkPrices[j], "trial \(trial) sink \(j)")
                XCTAssertEqual(gain, base.sinkPrices[j], "trial \(trial) sink \(j)")
            }
            let lex = NetworkSolver.solve(p, objective: .lexicographic)
            for j in 0..<min(p.sinkCount, 8) {
                let bigger = NetworkSolver.solve(TransportationProblems.withCapacity(p, sink: j, plus: 1), objective: .lexicographic)
                if bigger.assigned == lex.assigned {
                    XCTAssertEqual(lex.cost - bigger.cost, lex.sinkPrices[j], "trial \(trial) lexicographic sink \(j)")
                }
            }
        }
    }

    // MARK: - Tests: determinism and edge cases

    func testDeterministic() {
        var g = DeterministicRNG(seed: 5, seeding: .scaled)
        // Many ties: costs in 0...2, capacities small, parallel arcs.
        let p = TransportationProblems.random(&g, sources: 1500, sinks: 150, maxArcs: 6, maxCapacity: 5, costMax: 2, parallel: true)
        for objective in [NetworkObjective.penalty(3), .penalty(1000), .lexicographic] {
            let a = NetworkSolver.solve(p, objective: objective)
            let b = NetworkSolver.solve(p, objective: objective)
            let copy = TransportationProblem(
                sourceCount: p.sourceCount, sinkCapacities: p.sinkCapacities,
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
        let parallel = TransportationProblem(
            sourceCount: 2, sinkCapacities: [1], arcSource: [0, 0, 1], arcSink: [0, 0, 0],
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
        let chain = TransportationProblem(
            sourceCount: 2, sinkCapacities: [1, 1], arcSource: [0, 0, 1], arcSink: [0, 1, 0],
            arcCost: [0, 50, 0])
        let lex = NetworkSolver.solve(chain, objective: .lexicographic)
        XCTAssertEqual(lex.assigned, 2)
        XCTAssertEqual(lex.cost, 50)
        XCTAssertEqual(lex.sinkPrices, [50, 0])  // a second seat at sink 0 saves source 0's detour
        let cheap = NetworkSolver.solve(chain, objective: .penalty(40))
        XCTAssertEqual(cheap.assigned, 1)
        XCTAssertEqual(cheap.cost, 0)
        // Large cents-scaled costs stay exact.
        let cents = TransportationProblem(
            sourceCount: 3, sinkCapacities: [1, 1], arcSource: [0, 0, 1, 2], arcSink: [0, 1, 0, 1],
            arcCost: [10_000_000, 6_400_000, 100, 9_999_999])
        let big = NetworkSolver.solve(cents, objective: .penalty(100_000_000))
        assertFeasible(cents, big)
        XCTAssertEqual(big.assigned, 2)
        XCTAssertEqual(big.cost, 6_400_100)
        assertPenaltyDuals(cents, big, 100_000_000)
    }
}
