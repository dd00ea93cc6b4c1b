import PlacementGLPK
import PlacementModel
@testable import PlacementNetwork
import XCTest

/// The regional bound (`SideRegionBound`) is a true lower bound: never above the optimum found by
/// exhaustive enumeration (tiny instances) or GLPK's MIP (medium instances), for regions of every
/// size (no growth: the fractional slots alone; up to whole components), and it lifts the flow
/// relaxation — in some instances all the way to the optimum, so that the root proves it.
final class SideRegionBoundTests: XCTestCase {
    typealias Flow = SideConstrainedFlowTests

    static let growths: [SideRegionBound.Growth] = [
        .init(rounds: 0), .init(rounds: 1), .init(rounds: 2, slack: 3, sources: 6), .init(rounds: 2), .init(rounds: 4, slack: 50),
        .init(rounds: 1, merge: false), .init(rounds: 2, sources: 12, merge: false),
        // No fractional slot left out: regions around it merge past the size cap.
        .init(rounds: 2, sources: 6, keepFractional: true), .init(rounds: 1, merge: false, keepFractional: true)
    ]

    func testRegionalBoundNeverExceedsTheExhaustiveOptimum() {
        var g = Flow.Generator(seed: 1616, seeding: .scaled)
        var lifted = 0
        var proved = 0
        for trial in 0..<1200 {
            let p = Flow.randomProblem(
                &g, sources: g.int(2...8), slots: g.int(2...5), maxArcs: 3, maxCapacity: 4,
                minimumShare: 70, groupShare: 40, nationalities: 2,
                costMax: trial % 3 == 0 ? 9 : nil, parallel: trial % 5 == 0)
            let objective = trial % 4 == 3 ? NetworkObjective.lexicographic : .penalty(Int64([3, 10, 1000][trial % 3]))
            let growth = Self.growths[trial % Self.growths.count]
            let r = SideConstrainedFlowSolver.solve(p, objective: objective, limits: NetworkLimits(), regionGrowth: growth)
            let optimum = Flow.bruteForce(p, penalty: r.effectivePenalty)
            XCTAssertEqual(r.objective, optimum, "trial \(trial)")
            XCTAssertEqual(r.status, .optimal, "trial \(trial)")
            XCTAssertLessThanOrEqual(r.regionBound, optimum, "trial \(trial) \(growth): the regional bound must be a lower bound")
            XCTAssertGreaterThanOrEqual(r.regionBound, r.rootBound, "trial \(trial)")
            if r.regionBound > r.rootBound { lifted += 1 }
            if r.rootBound < optimum && r.regionBound == optimum { proved += 1 }
        }
        XCTAssertGreaterThan(lifted, 30, "the regional bound should lift the flow relaxation in many instances")
        XCTAssertGreaterThan(proved, 20, "the regional bound should reach the optimum in some instances")
    }

    func testRegionalBoundNeverExceedsGLPKsOptimumOnMediumInstances() throws {
        var g = Flow.Generator(seed: 1617, seeding: .scaled)
        var lifted = 0
        var proved = 0
        var partial = 0
        for index in 0..<10 {
            let p = Flow.randomProblem(
                &g, sources: 150 + 30 * index, slots: 30 + 6 * index, maxArcs: 5, maxCapacity: 8,
                minimumShare: 60, groupShare: 40, nationalities: 4, costMax: index % 3 == 2 ? 400 : nil)
            let objective = NetworkObjective.penalty(index % 3 == 2 ? 300 : 1000)
            let glpk = try GLPKSolver().solve(Flow.linearModel(p, objective: objective))
            XCTAssertEqual(glpk.status, .optimal)
            let optimum = glpk.stages[0].value
            for growth in Self.growths {
                let r = SideConstrainedFlowSolver.solve(p, objective: objective, limits: NetworkLimits(), regionGrowth: growth)
                XCTAssertEqual(Double(r.objective), optimum, accuracy: 0.5, "instance \(index) \(growth)")
                XCTAssertLessThanOrEqual(
                    Double(r.regionBound), optimum + 0.5, "instance \(index) \(growth): the regional bound must be a lower bound")
                if r.regionBound > r.rootBound { lifted += 1 }
                if r.regionBound < r.objective { partial += 1 }
                if Double(r.rootBound) < optimum - 0.5 && Double(r.regionBound) > optimum - 0.5 {
                    proved += 1
                    // The bound proves the root's incumbent optimal: the search may stop there.
                    if r.nodes == 1 { XCTAssertEqual(r.lowerBound, r.objective) }
                }
            }
        }
        XCTAssertGreaterThan(lifted, 10, "the regional bound should lift the flow relaxation")
        XCTAssertGreaterThan(proved, 3, "the regional bound should reach the optimum in some instances")
        XCTAssertGreaterThan(partial, 0, "some regions should be too small to reach it (the prices then matter)")
    }

    /// The root's regional bound at the optimal flow nearest a given incumbent (`anchoredRegionBound`,
    /// regions also around the slots the flow fills otherwise than the incumbent) stays below the
    /// optimum — exhaustive enumeration on tiny instances, GLPK's MIP on medium ones — whichever
    /// feasible assignment anchors it (the optimum, or the placement that leaves everybody out),
    /// and anchored at the optimum it often reaches it.
    func testAnchoredRegionalBoundNeverExceedsTheOptimum() throws {
        func anchoredBound(_ p: SideConstrainedProblem, penalty: Int64, anchor: [Int32]) -> (bound: Int64, root: Int64) {
            var search = BranchAndBound(problem: p, penalty: penalty, limits: NetworkLimits())
            XCTAssertEqual(search.engine.reoptimize(), .optimal)
            search.incumbent = anchor
            search.incumbentObjective = p.objective(of: anchor, penalty: penalty)!
            XCTAssertNotNil(search.anchoredRegionBound())
            XCTAssertLessThanOrEqual(search.incumbentObjective, p.objective(of: anchor, penalty: penalty)!)
            return (search.globalBound, search.engine.dualBound())
        }
        var g = Flow.Generator(seed: 1618, seeding: .scaled)
        var reached = 0
        for trial in 0..<600 {
            let p = Flow.randomProblem(
                &g, sources: g.int(2...8), slots: g.int(2...5), maxArcs: 3, maxCapacity: 4,
                minimumShare: 70, groupShare: 40, nationalities: 2,
                costMax: trial % 3 == 0 ? 9 : nil, parallel: trial % 5 == 0)
            let penalty = trial % 4 == 3 ? p.lexicographicPenalty : Int64([3, 10, 1000][trial % 3])
            let optimum = Flow.bruteForce(p, penalty: penalty)
            let best = SideConstrainedFlowSolver.solve(p, objective: .penalty(penalty), limits: NetworkLimits())
            XCTAssertEqual(best.objective, optimum, "trial \(trial)")
            for anchor in [best.assignment, [Int32](repeating: -1, count: p.sourceCount)] {
                let (bound, root) = anchoredBound(p, penalty: penalty, anchor: anchor)
                XCTAssertLessThanOrEqual(bound, optimum, "trial \(trial): the anchored regional bound must be a lower bound")
                if anchor == best.assignment && root < optimum && bound == optimum { reached += 1 }
            }
        }
        XCTAssertGreaterThan(reached, 20, "anchored at the optimum, the regional bound should often reach it")
        for index in 0..<6 {
            let p = Flow.randomProblem(
                &g, sources: 150 + 40 * index, slots: 30 + 8 * index, maxArcs: 5, maxCapacity: 8,
                minimumShare: 60, groupShare: 40, nationalities: 4, costMax: index % 3 == 2 ? 400 : nil)
            let penalty: Int64 = index % 3 == 2 ? 300 : 1000
            let glpk = try GLPKSolver().solve(Flow.linearModel(p, objective: .penalty(penalty)))
            XCTAssertEqual(glpk.status, .optimal)
            let optimum = glpk.stages[0].value
            let best = SideConstrainedFlowSolver.solve(p, objective: .penalty(penalty), limits: NetworkLimits(), regionBound: false)
            XCTAssertEqual(Double(best.objective), optimum, accuracy: 0.5, "instance \(index)")
            for anchor in [best.assignment, [Int32](repeating: -1, count: p.sourceCount)] {
                let (bound, _) = anchoredBound(p, penalty: penalty, anchor: anchor)
                XCTAssertLessThanOrEqual(Double(bound), optimum + 0.5, "instance \(index): the anchored regional bound must be a lower bound")
            }
        }
    }

    /// Regions of different growths at the same root flow, combined (`SideRegionBound.combined`:
    /// a family of regions sharing no slot and no source), stay below the optimum and are never
    /// below the strongest single growth. Instances are disjoint unions of small random problems
    /// (the optimum is the sum of the parts' optima: exhaustive enumeration, or GLPK's MIP for
    /// medium parts). On random problems this small the largest growth is nearly always the
    /// strongest everywhere, so the swap itself is checked on hand-made regions below.
    func testCombinedRegionsNeverExceedTheOptimum() throws {
        let growths: [SideRegionBound.Growth] = [.init(rounds: 2), .init(rounds: 2, merge: false), .init(rounds: 1, merge: false)]
        func bounds(_ p: SideConstrainedProblem, penalty: Int64) -> (combined: Int64, single: [Int64])? {
            var search = BranchAndBound(problem: p, penalty: penalty, limits: NetworkLimits())
            XCTAssertEqual(search.engine.reoptimize(), .optimal)
            let fractional = search.fractionalSlots()
            if fractional.isEmpty { return nil }
            let computed = (growths + Self.growths).map {
                SideRegionBound.compute(
                    problem: p, engine: search.engine, decision: search.current, slots: fractional, penalty: penalty,
                    limits: NetworkLimits(), growth: $0)
            }
            let combined = SideRegionBound.combined(
                computed, lp: search.engine.flowCost, sourceCount: p.sourceCount, slotCount: p.slotCount)
            return (combined, computed.map(\.bound))
        }
        func tiny(_ g: inout Flow.Generator, _ trial: Int) -> SideConstrainedProblem {
            Flow.randomProblem(
                &g, sources: g.int(3...8), slots: g.int(2...5), maxArcs: 3, maxCapacity: 4,
                minimumShare: 70, groupShare: 40, nationalities: 2, costMax: trial % 3 == 0 ? 9 : nil, parallel: trial % 5 == 0)
        }
        var g = Flow.Generator(seed: 1619, seeding: .scaled)
        for trial in 0..<300 {
            let parts = (0..<4).map { _ in tiny(&g, trial) }
            let penalty = Int64([3, 10, 1000][trial % 3])
            guard let (combined, single) = bounds(Self.union(parts), penalty: penalty) else { continue }
            let optimum = parts.reduce(0) { $0 + Flow.bruteForce($1, penalty: penalty) }
            XCTAssertLessThanOrEqual(combined, optimum, "trial \(trial): the combined regional bound must be a lower bound")
            XCTAssertGreaterThanOrEqual(combined, single.max()!, "trial \(trial)")
        }
        for index in 0..<4 {
            let parts = (0..<3).map { part in
                Flow.randomProblem(
                    &g, sources: 60 + 30 * index + 10 * part, slots: 14 + 4 * index, maxArcs: 4, maxCapacity: 8,
                    minimumShare: 60, groupShare: 40, nationalities: 4, costMax: index % 2 == 1 ? 400 : nil)
            }
            let penalty: Int64 = index % 2 == 1 ? 300 : 1000
            var optimum = 0.0
            for part in parts {
                let glpk = try GLPKSolver().solve(Flow.linearModel(part, objective: .penalty(penalty)))
                XCTAssertEqual(glpk.status, .optimal)
                optimum += glpk.stages[0].value
            }
            guard let (combined, single) = bounds(Self.union(parts), penalty: penalty) else { continue }
            XCTAssertLessThanOrEqual(Double(combined), optimum + 0.5, "instance \(index): the combined regional bound must be a lower bound")
            XCTAssertGreaterThanOrEqual(combined, single.max()!, "instance \(index)")
        }
    }

    /// `combined` keeps the strongest growth's regions and swaps in another growth's region where
    /// it adds more than the regions it overlaps (and only then).
    func testCombinedSwapsInRegionsThatAddMore() {
        typealias Part = SideRegionBound.Part
        func growth(_ parts: [Part]) -> SideRegionBound {
            var bound = SideRegionBound(bound: 100 + parts.reduce(0) { $0 + $1.gain }, decisions: [], regions: parts.count, unfinished: 0)
            bound.parts = parts
            return bound
        }
        // Strongest: slots 0 and 1 apart (5 + 4). Other: slot 2 alone (3, disjoint), and slots 0–1
        // together (5 < 9: not swapped in); another: slot 1 with more sources (6 > 4: swapped in).
        let strongest = growth([Part(gain: 5, slots: [0], sources: [0, 1]), Part(gain: 4, slots: [1], sources: [2])])
        let other = growth([Part(gain: 3, slots: [2], sources: [4]), Part(gain: 5, slots: [0, 1], sources: [0, 1, 2])])
        let third = growth([Part(gain: 6, slots: [1], sources: [2, 3])])
        XCTAssertEqual(SideRegionBound.combined([other, strongest], lp: 100, sourceCount: 5, slotCount: 3), 100 + 5 + 4 + 3)
        XCTAssertEqual(SideRegionBound.combined([strongest, other, third], lp: 100, sourceCount: 5, slotCount: 3), 100 + 5 + 6 + 3)
        // A region overlapping two chosen ones by a source replaces both only when it adds more.
        let bridge = growth([Part(gain: 10, slots: [2], sources: [1, 2])])
        XCTAssertEqual(SideRegionBound.combined([strongest, bridge], lp: 100, sourceCount: 5, slotCount: 3), 100 + 10)
    }

    /// The disjoint union of problems: sources, slots and groups renumbered one part after another.
    static func union(_ parts: [SideConstrainedProblem]) -> SideConstrainedProblem {
        var sources = 0
        var capacities: [Int] = [], minimums: [Int] = []
        var arcSource: [Int32] = [], arcSink: [Int32] = [], arcCost: [Int64] = [], arcGroup: [Int32] = []
        var groupSlot: [Int32] = [], groupCapacities: [Int] = []
        for part in parts {
            let slots = Int32(capacities.count), groups = Int32(groupSlot.count)
            arcSource += part.arcSource.map { $0 + Int32(sources) }
            arcSink += part.arcSink.map { $0 + slots }
            arcCost += part.arcCost
            arcGroup += part.arcGroup.isEmpty ? [Int32](repeating: -1, count: part.arcCount) : part.arcGroup.map { $0 < 0 ? -1 : $0 + groups }
            groupSlot += part.groupSlot.map { $0 + slots }
            groupCapacities += part.groupCapacities
            capacities += part.slotCapacities
            minimums += part.slotMinimums
            sources += part.sourceCount
        }
        return SideConstrainedProblem(
            sourceCount: sources, slotCapacities: capacities, slotMinimums: minimums, arcSource: arcSource, arcSink: arcSink,
            arcCost: arcCost, arcGroup: arcGroup, groupSlot: groupSlot, groupCapacities: groupCapacities)
    }
}
