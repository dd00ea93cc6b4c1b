import PlacementNetwork
import XCTest

/// Random transportation problems for the network algorithm, and what brute force says about them.
enum TransportationProblems {
    /// Random instance: each source ranks up to `maxArcs` sinks (parallel arcs allowed when
    /// `parallel`), cost rank² (or random in 0...costMax when `costMax` is given).
    static func random(
        _ g: inout DeterministicRNG, sources: Int, sinks: Int, maxArcs: Int,
        maxCapacity: Int, costMax: Int64? = nil, parallel: Bool = false
    ) -> TransportationProblem {
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
        return TransportationProblem(
            sourceCount: p.sourceCount, sinkCapacities: caps, arcSource: p.arcSource,
            arcSink: p.arcSink, arcCost: p.arcCost)
    }

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
}

/// Feasible (each source at most one of its own arcs, capacities kept) and `assigned`/`cost`
/// agree with the assignment; for a finished solve (`stopped` false) also one price ≥ 0 per sink.
/// Returns nothing; fails the test.
func assertFeasible(
    _ p: TransportationProblem, _ x: NetworkSolution, _ label: String = "", stopped: Bool = false,
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(x.assignment.count, p.sourceCount, "\(label) one entry per source", file: file, line: line)
    if !stopped { XCTAssertEqual(x.sinkPrices.count, p.sinkCount, "\(label) one price per sink", file: file, line: line) }
    var load = [Int](repeating: 0, count: p.sinkCount)
    var assigned = 0
    var cost: Int64 = 0
    for (s, a) in x.assignment.enumerated() where a >= 0 {
        XCTAssertLessThan(Int(a), p.arcCount, "\(label) arc index in range", file: file, line: line)
        guard Int(a) < p.arcCount else { return }
        XCTAssertEqual(Int(p.arcSource[Int(a)]), s, "\(label) source \(s) uses an arc of another source", file: file, line: line)
        load[Int(p.arcSink[Int(a)])] += 1
        assigned += 1
        cost += p.arcCost[Int(a)]
    }
    for j in 0..<p.sinkCount {
        XCTAssertLessThanOrEqual(load[j], p.sinkCapacities[j], "\(label) sink \(j) over capacity", file: file, line: line)
    }
    XCTAssertEqual(assigned, x.assigned, label, file: file, line: line)
    XCTAssertEqual(cost, x.cost, label, file: file, line: line)
    for price in x.sinkPrices { XCTAssertGreaterThanOrEqual(price, 0, label, file: file, line: line) }
}
