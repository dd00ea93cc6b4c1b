@testable import PlacementGLPK
import PlacementModel
import XCTest

/// Gomory mixed-integer cuts (`GLPKProblem.gomoryCuts`, `addGomoryRounds`) on random small 0-1
/// models shaped like schedules (one option per student; seat rows over overlapping options, some
/// with several seats): every cut holds at every integer point found by brute force, including
/// the columns a restricted LP holds at 0, and cuts the LP optimum off; the rounds' bound lies
/// between the integer optimum and the LP's.
final class GomoryCutsTests: XCTestCase {
    /// A model of `students` students with two or three options each, seat rows over random
    /// options (1 or 2 seats), and "placed" (or a weighted variant) to maximise.
    static func model(_ seed: UInt64) -> LinearModel {
        var random = DeterministicRNG(seed: seed)
        var m = LinearModel()
        let students = 3 + Int(random.next() % 3)
        var columns = 0
        for s in 0..<students {
            let options = 2 + Int(random.next() % 2)
            let first = columns
            for o in 0..<options { m.addVariable(.init(name: "x\(s)_\(o)", upper: 1, isInteger: true)) }
            columns += options
            m.addConstraint(.init(name: "one\(s)", terms: (first..<columns).map { LinearModel.Term($0, 1) }, upper: 1))
        }
        for r in 0..<(4 + Int(random.next() % 5)) {
            let members = (0..<columns).filter { _ in random.next() % 3 == 0 }
            guard members.count >= 2 else { continue }
            m.addConstraint(.init(name: "seat\(r)", terms: members.map { LinearModel.Term($0, 1) }, upper: Double(1 + random.next() % 2)))
        }
        let weighted = seed % 3 == 0
        m.objectives = [
            .init(
                name: "placed", sense: .maximize,
                terms: (0..<columns).map { LinearModel.Term($0, weighted ? Double(1 + random.next() % 3) : 1) }, isIntegral: true)
        ]
        return m
    }

    private static func integerPoints(_ m: LinearModel) -> [[Double]] {
        (0..<(1 << m.variableCount)).compactMap { mask in
            let x = (0..<m.variableCount).map { Double((mask >> $0) & 1) }
            return m.maximumViolation(at: x) <= 1e-9 ? x : nil
        }
    }

    private static func activity(_ cut: LinearModel.Constraint, _ x: [Double]) -> Double {
        cut.terms.reduce(0) { $0 + $1.coefficient * x[$1.variable] }
    }

    func testEveryCutHoldsAtEveryIntegerPointAndCutsTheLPOptimumOff() throws {
        var cutsChecked = 0, heldColumnsInCuts = 0, fractionalModels = 0
        for seed in 0..<150 as Range<UInt64> {
            let m = Self.model(seed)
            let points = Self.integerPoints(m)
            // Every fifth column held at 0 in the LP, as column generation's restricted LP holds
            // the columns it has not allowed; the cuts must still hold when they are 1.
            var restricted = m
            let held = Set(stride(from: Int(seed % 5), to: m.variableCount, by: 5))
            for j in held { restricted.setBounds(of: j, lower: 0, upper: 0) }
            for (model, isRestricted) in [(m, false), (restricted, true)] {
                let context = isRestricted ? "seed \(seed), columns held" : "seed \(seed)"
                let problem = try GLPKProblem()
                try problem.load(model, objective: model.objectives[0])
                let (code, status) = try problem.simplex(timeLimitMilliseconds: 0)
                guard code == 0, status == GLPKCodes.optimal else { XCTFail("\(context): LP not solved"); continue }
                let lpPoint = try problem.solution(mip: false).values
                let cuts = try problem.gomoryCuts(maxCuts: 50, maxLength: 1_000)
                if !cuts.isEmpty { fractionalModels += 1 }
                for cut in cuts {
                    cutsChecked += 1
                    if cut.terms.contains(where: { held.contains($0.variable) }) && isRestricted { heldColumnsInCuts += 1 }
                    XCTAssertLessThan(Self.activity(cut, lpPoint), cut.lower - 1e-9, "\(context): \(cut.name) does not cut the LP point off")
                    for x in points {
                        XCTAssertGreaterThanOrEqual(
                            Self.activity(cut, x), cut.lower - 1e-7, "\(context): \(cut.name) cuts off the integer point \(x)")
                    }
                }
            }
        }
        XCTAssertGreaterThan(fractionalModels, 25)
        XCTAssertGreaterThan(cutsChecked, 100)
        XCTAssertGreaterThan(heldColumnsInCuts, 10, "cuts over held columns")
    }

    func testRoundsBoundLiesBetweenTheIntegerOptimumAndTheLP() throws {
        var tightened = 0
        for seed in 0..<150 as Range<UInt64> {
            let m = Self.model(seed)
            let objective = m.objectives[0]
            let best = Self.integerPoints(m).map { m.value(of: objective, at: $0) }.max() ?? 0
            let problem = try GLPKProblem()
            try problem.load(m, objective: objective)
            _ = try problem.simplex(timeLimitMilliseconds: 0)
            let lp = try problem.solution(mip: false).objective
            let added = try problem.addGomoryRounds(rounds: 10, maxCuts: 20, maxLength: 1_000, minimumGain: 1e-4, limits: { (0, 0) })
            let (code, status) = try problem.simplex(timeLimitMilliseconds: 0)
            XCTAssertEqual(code, 0, "seed \(seed)")
            XCTAssertEqual(status, GLPKCodes.optimal, "seed \(seed): the rounds end at an LP optimum")
            let bound = try problem.solution(mip: false).objective
            XCTAssertEqual(problem.cutRowCount, added, "seed \(seed)")
            XCTAssertEqual(problem.rowCount, m.constraintCount + added, "seed \(seed)")
            XCTAssertGreaterThanOrEqual(bound, best - 1e-7, "seed \(seed): the cuts removed the optimum")
            XCTAssertLessThanOrEqual(bound, lp + 1e-7, "seed \(seed)")
            if bound < lp - 1e-6 { tightened += 1 }
            // Branch-and-bound with the cut rows still finds the integer optimum.
            let result = try problem.intopt(timeLimitMilliseconds: 0, mipGap: 0, start: nil, progress: nil, context: nil)
            XCTAssertEqual(result.status, GLPKCodes.optimal, "seed \(seed)")
            XCTAssertEqual(try problem.solution(mip: true).objective, best, accuracy: 1e-7, "seed \(seed)")
        }
        XCTAssertGreaterThan(tightened, 10, "models whose bound the rounds tightened")
    }
}
