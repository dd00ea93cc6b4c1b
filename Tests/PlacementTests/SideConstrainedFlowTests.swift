import PlacementGLPK
import PlacementModel
@testable import PlacementNetwork
import XCTest

/// The side-constrained flow solver (slot minimums + group caps) against exhaustive enumeration
/// (tiny instances) and GLPK's branch and bound (medium instances), with independent feasibility
/// checks, time limits at every possible stopping point, and determinism.
final class SideConstrainedFlowTests: XCTestCase {

    // MARK: - Instances

    /// The shared seeded generator (SplitMix64, seed · γ + 1), so failures reproduce.
    typealias Generator = DeterministicRNG

    /// Random instance shaped like the bench's side model: sources have a "nationality" in
    /// 0..<nationalities and rank up to `maxArcs` slots (cost rank², or random up to `costMax`);
    /// a share of the slots have a minimum (≤ capacity), a share have nationality groups with cap
    /// max(1, cap/2) (or random), and parallel arcs occur when `parallel`.
    static func randomProblem(
        _ g: inout Generator, sources: Int, slots: Int, maxArcs: Int, maxCapacity: Int,
        minimumShare: Int = 40, groupShare: Int = 40, nationalities: Int = 3,
        costMax: Int64? = nil, parallel: Bool = false
    ) -> SideConstrainedProblem {
        var capacities: [Int] = [], minimums: [Int] = []
        for _ in 0..<slots {
            let c = g.int(0...maxCapacity)
            capacities.append(c)
            minimums.append(g.int(0...99) < minimumShare && c > 0 ? g.int(1...c) : 0)
        }
        // Groups: (slot, nationality) for the slots that have them.
        var groupOf = [[Int32]](repeating: [Int32](repeating: -1, count: nationalities), count: slots)
        var groupSlot: [Int32] = [], groupCaps: [Int] = []
        for j in 0..<slots where g.int(0...99) < groupShare {
            for n in 0..<nationalities {
                groupOf[j][n] = Int32(groupSlot.count)
                groupSlot.append(Int32(j))
                groupCaps.append(g.int(0...3) == 0 ? g.int(0...capacities[j]) : max(1, capacities[j] / 2))
            }
        }
        var src: [Int32] = [], snk: [Int32] = [], cst: [Int64] = [], grp: [Int32] = []
        for s in 0..<sources {
            let nationality = g.int(0...(nationalities - 1))
            let count = g.int(0...maxArcs)
            var used = Set<Int>()
            for r in 0..<count {
                let j = g.int(0...(slots - 1))
                if !parallel && used.contains(j) { continue }
                used.insert(j)
                src.append(Int32(s))
                snk.append(Int32(j))
                cst.append(costMax.map { Int64(g.int(0...Int($0))) } ?? Int64((r + 1) * (r + 1)))
                grp.append(groupOf[j][nationality])
            }
        }
        return SideConstrainedProblem(
            sourceCount: sources, slotCapacities: capacities, slotMinimums: minimums,
            arcSource: src, arcSink: snk, arcCost: cst, arcGroup: grp,
            groupSlot: groupSlot, groupCapacities: groupCaps)
    }

    // MARK: - Independent checks

    /// Exhaustive enumeration of every assignment (each source: unassigned or one of its arcs).
    static func bruteForce(_ p: SideConstrainedProblem, penalty: Int64) -> Int64 {
        var arcsOf = [[Int]](repeating: [], count: p.sourceCount)
        for k in 0..<p.arcCount { arcsOf[Int(p.arcSource[k])].append(k) }
        var slotLoad = [Int](repeating: 0, count: p.slotCount)
        var groupLoad = [Int](repeating: 0, count: p.groupCount)
        var best = Int64.max
        func visit(_ s: Int, _ value: Int64) {
            if s == p.sourceCount {
                for j in 0..<p.slotCount where slotLoad[j] > 0 && slotLoad[j] < p.slotMinimums[j] { return }
                best = min(best, value)
                return
            }
            visit(s + 1, value + penalty)
            for k in arcsOf[s] {
                let j = Int(p.arcSink[k]), g = Int(p.arcGroup[k])
                if slotLoad[j] >= p.slotCapacities[j] || (g >= 0 && groupLoad[g] >= p.groupCapacities[g]) { continue }
                slotLoad[j] += 1
                if g >= 0 { groupLoad[g] += 1 }
                visit(s + 1, value + p.arcCost[k])
                slotLoad[j] -= 1
                if g >= 0 { groupLoad[g] -= 1 }
            }
        }
        visit(0, 0)
        return best
    }

    /// The assignment is feasible (checked here, not with the solver's own code), and the reported
    /// figures agree with it.
    func assertConsistent(
        _ p: SideConstrainedProblem, _ r: SideConstrainedSolution, _ message: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(r.assignment.count, p.sourceCount, message, file: file, line: line)
        var slotLoad = [Int](repeating: 0, count: p.slotCount)
        var groupLoad = [Int](repeating: 0, count: p.groupCount)
        var assigned = 0
        var cost: Int64 = 0
        for (s, a) in r.assignment.enumerated() where a >= 0 {
            let k = Int(a)
            XCTAssertEqual(Int(p.arcSource[k]), s, "\(message): arc of another source", file: file, line: line)
            slotLoad[Int(p.arcSink[k])] += 1
            if p.arcGroup[k] >= 0 { groupLoad[Int(p.arcGroup[k])] += 1 }
            assigned += 1
            cost += p.arcCost[k]
        }
        for j in 0..<p.slotCount {
            XCTAssertLessThanOrEqual(slotLoad[j], p.slotCapacities[j], "\(message): slot \(j) over capacity", file: file, line: line)
            XCTAssertTrue(
                slotLoad[j] == 0 || slotLoad[j] >= p.slotMinimums[j], "\(message): slot \(j) under its minimum",
                file: file, line: line)
        }
        for g in 0..<p.groupCount {
            XCTAssertLessThanOrEqual(groupLoad[g], p.groupCapacities[g], "\(message): group \(g) over its cap", file: file, line: line)
        }
        XCTAssertEqual(r.assigned, assigned, message, file: file, line: line)
        XCTAssertEqual(r.cost, cost, message, file: file, line: line)
        XCTAssertEqual(r.objective, cost + r.effectivePenalty * Int64(p.sourceCount - assigned), message, file: file, line: line)
        XCTAssertLessThanOrEqual(r.lowerBound, r.objective, message, file: file, line: line)
        if r.status == .optimal {
            XCTAssertEqual(r.lowerBound, r.objective, message, file: file, line: line)
            XCTAssertNil(r.stopped, message, file: file, line: line)
        }
    }

    // MARK: - Exactness

    func testTinyInstancesMatchExhaustiveEnumeration() {
        var g = Generator(seed: 16, seeding: .scaled)
        var minimumsBind = 0
        for trial in 0..<2500 {
            let p = Self.randomProblem(
                &g, sources: g.int(0...7), slots: g.int(1...4), maxArcs: 3, maxCapacity: 4,
                minimumShare: 60, groupShare: 50, nationalities: 2,
                costMax: trial % 3 == 0 ? 9 : nil, parallel: trial % 5 == 0)
            for objective in [NetworkObjective.penalty(Int64([0, 3, 10, 1000][trial % 4])), .lexicographic] {
                // Odd trials return to a node by re-optimising instead of copying the state back.
                let r =
                    trial % 2 == 0
                    ? SideConstrainedFlowSolver.solve(p, objective: objective)
                    : SideConstrainedFlowSolver.solve(p, objective: objective, limits: NetworkLimits(), copyBackEdgeLimit: 0)
                assertConsistent(p, r, "trial \(trial) \(objective)")
                XCTAssertEqual(r.status, .optimal, "trial \(trial)")
                XCTAssertEqual(r.objective, Self.bruteForce(p, penalty: r.effectivePenalty), "trial \(trial) \(objective)")
                XCTAssertLessThanOrEqual(r.rootBound, r.objective, "trial \(trial): the relaxation is a lower bound")
                if r.rootBound < r.objective { minimumsBind += 1 }
            }
        }
        XCTAssertGreaterThan(minimumsBind, 50, "the minimums should bind (relaxation below the optimum) in many instances")
    }

    /// The equivalent MIP: binary x per arc, y per slot with a minimum (min·y ≤ Σx ≤ cap·y), group
    /// rows, one row per source.
    static func linearModel(_ p: SideConstrainedProblem, objective: NetworkObjective) -> LinearModel {
        var model = LinearModel()
        for k in 0..<p.arcCount { _ = model.addVariable(.init(name: "x\(k)", lower: 0, upper: 1, isInteger: true)) }
        var bySource = [[LinearModel.Term]](repeating: [], count: p.sourceCount)
        var bySlot = [[LinearModel.Term]](repeating: [], count: p.slotCount)
        var byGroup = [[LinearModel.Term]](repeating: [], count: p.groupCount)
        for k in 0..<p.arcCount {
            bySource[Int(p.arcSource[k])].append(.init(k, 1))
            bySlot[Int(p.arcSink[k])].append(.init(k, 1))
            if p.arcGroup[k] >= 0 { byGroup[Int(p.arcGroup[k])].append(.init(k, 1)) }
        }
        for (s, terms) in bySource.enumerated() where !terms.isEmpty {
            _ = model.addConstraint(.init(name: "one[\(s)]", terms: terms, upper: 1))
        }
        for (j, terms) in bySlot.enumerated() where !terms.isEmpty {
            if p.slotMinimums[j] > 0 {
                let y = model.addVariable(.init(name: "y\(j)", lower: 0, upper: 1, isInteger: true))
                _ = model.addConstraint(.init(name: "min[\(j)]", terms: terms + [.init(y, -Double(p.slotMinimums[j]))], lower: 0))
                _ = model.addConstraint(.init(name: "cap[\(j)]", terms: terms + [.init(y, -Double(p.slotCapacities[j]))], upper: 0))
            } else {
                _ = model.addConstraint(.init(name: "cap[\(j)]", terms: terms, upper: Double(p.slotCapacities[j])))
            }
        }
        for (g, terms) in byGroup.enumerated() where !terms.isEmpty {
            _ = model.addConstraint(.init(name: "group[\(g)]", terms: terms, upper: Double(p.groupCapacities[g])))
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
        var g = Generator(seed: 2027, seeding: .scaled)
        let shapes: [(sources: Int, slots: Int, maxArcs: Int, maxCapacity: Int, costMax: Int64?)] = [
            (200, 40, 5, 8, nil), (300, 60, 6, 6, nil), (400, 90, 6, 8, nil), (250, 40, 4, 10, 500),
            (300, 70, 4, 9, nil), (400, 120, 5, 8, nil)
        ]
        var minimumsBind = 0
        var searched = 0
        for (index, shape) in shapes.enumerated() {
            let p = Self.randomProblem(
                &g, sources: shape.sources, slots: shape.slots, maxArcs: shape.maxArcs,
                maxCapacity: shape.maxCapacity, minimumShare: index >= 4 ? 70 : 35, groupShare: 40, nationalities: 4,
                costMax: shape.costMax, parallel: index == 3)
            for objective in [NetworkObjective.penalty(shape.costMax == nil ? 1000 : 300), .lexicographic] {
                let ours = SideConstrainedFlowSolver.solve(p, objective: objective)
                // Returning to a node by re-optimising instead of copying the state back (what
                // national-scale networks do) gives the same optimum; so does the search without
                // the regional bound (which proves most of these at the root), and it needs the
                // branch and bound.
                let reoptimised = SideConstrainedFlowSolver.solve(
                    p, objective: objective, limits: NetworkLimits(),
                    copyBackEdgeLimit: 0, regionBound: false)
                assertConsistent(p, reoptimised, "shape \(index) \(objective) without copies")
                XCTAssertEqual(reoptimised.objective, ours.objective, "shape \(index) \(objective) without copies")
                assertConsistent(p, ours, "shape \(index) \(objective)")
                XCTAssertEqual(ours.status, .optimal)
                if ours.rootBound < ours.objective { minimumsBind += 1 }
                if reoptimised.nodes > 1 { searched += 1 }
                let glpk = try GLPKSolver().solve(Self.linearModel(p, objective: objective))
                XCTAssertEqual(glpk.status, .optimal)
                switch objective {
                case .penalty:
                    XCTAssertEqual(Double(ours.objective), glpk.stages[0].value, accuracy: 0.5, "shape \(index) penalty")
                case .lexicographic:
                    XCTAssertEqual(Double(ours.assigned), glpk.stages[0].value, accuracy: 0.5, "shape \(index) assigned")
                    XCTAssertEqual(Double(ours.cost), glpk.stages[1].value, accuracy: 0.5, "shape \(index) cost")
                }
            }
        }
        XCTAssertGreaterThanOrEqual(minimumsBind, 8, "the minimums should bind in most of these instances")
        XCTAssertGreaterThanOrEqual(searched, 4, "some instances should need the branch and bound")
    }

    // MARK: - Limits

    final class Countdown: @unchecked Sendable {
        let lock = NSLock()
        var remaining: Int
        init(_ n: Int) { remaining = n }
        func tick() -> Bool { lock.lock(); defer { lock.unlock() }; remaining -= 1; return remaining < 0 }
    }

    func testPassedDeadlineStillGivesFeasibleAssignmentAndValidBound() {
        var g = Generator(seed: 7, seeding: .scaled)
        let p = Self.randomProblem(&g, sources: 300, slots: 60, maxArcs: 6, maxCapacity: 8, minimumShare: 50)
        let optimum = SideConstrainedFlowSolver.solve(p, objective: .penalty(1000))
        XCTAssertEqual(optimum.status, .optimal)
        let late = SideConstrainedFlowSolver.solve(
            p, objective: .penalty(1000),
            limits: NetworkLimits(deadline: .now - .seconds(1), pollInterval: 1))
        assertConsistent(p, late, "passed deadline")
        XCTAssertEqual(late.status, .feasible)
        XCTAssertEqual(late.stopped, .timeLimit)
        XCTAssertLessThanOrEqual(late.lowerBound, optimum.objective)
        XCTAssertGreaterThanOrEqual(late.objective, optimum.objective)
    }

    /// A stop request after n polls, for many n: every answer is feasible with a bound ≤ the
    /// optimum ≤ its objective; late enough stops give the optimum.
    func testStopAtEveryPointGivesFeasibleAssignmentAndValidBound() {
        var g = Generator(seed: 11, seeding: .scaled)
        var searchedBeforeStop = 0
        for trial in 0..<6 {
            let p =
                trial < 4
                ? Self.randomProblem(&g, sources: 60, slots: 14, maxArcs: 4, maxCapacity: 6, minimumShare: 60)
                : Self.randomProblem(&g, sources: 300, slots: 90, maxArcs: 4, maxCapacity: 9, minimumShare: 70, nationalities: 4)
            let objective: NetworkObjective = trial % 2 == 0 ? .penalty(100) : .lexicographic
            let optimum = SideConstrainedFlowSolver.solve(p, objective: objective)
            var polls = 0
            var sawStop = false, sawFinish = false
            while !sawFinish {
                let countdown = Countdown(polls)
                // The regional bound proves most of these at the root: some trials go without
                // it, so that stops also fall inside the branch and bound.
                let r = SideConstrainedFlowSolver.solve(
                    p, objective: objective,
                    limits: NetworkLimits(shouldStop: { countdown.tick() }, pollInterval: 1), regionBound: trial % 3 == 2)
                assertConsistent(p, r, "trial \(trial) stop after \(polls)")
                XCTAssertLessThanOrEqual(r.lowerBound, optimum.objective, "trial \(trial) stop after \(polls)")
                XCTAssertGreaterThanOrEqual(r.objective, optimum.objective, "trial \(trial) stop after \(polls)")
                if r.stopped == nil {
                    sawFinish = true
                    XCTAssertEqual(r.objective, optimum.objective)
                } else {
                    XCTAssertEqual(r.stopped, .stopRequested)
                    XCTAssertEqual(r.status, .feasible)
                    sawStop = true
                    if r.nodes > 1 { searchedBeforeStop += 1 }
                }
                polls += polls < 50 ? 1 : 1 + polls / 10
                if polls > 1_000_000 { XCTFail("never finished"); break }
            }
            XCTAssertTrue(sawStop)
        }
        XCTAssertGreaterThan(searchedBeforeStop, 0, "some stops should fall inside the branch and bound")
    }

    func testSameInputGivesSameOutput() {
        var g = Generator(seed: 5, seeding: .scaled)
        let p = Self.randomProblem(&g, sources: 500, slots: 80, maxArcs: 6, maxCapacity: 8, minimumShare: 40)
        let a = SideConstrainedFlowSolver.solve(p, objective: .penalty(1000))
        let b = SideConstrainedFlowSolver.solve(p, objective: .penalty(1000))
        XCTAssertEqual(a.assignment, b.assignment)
        XCTAssertEqual(a.nodes, b.nodes)
        XCTAssertEqual(a.lowerBound, b.lowerBound)
    }
}
