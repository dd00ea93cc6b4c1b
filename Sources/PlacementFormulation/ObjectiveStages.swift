import PlacementDomain
import PlacementModel

/// The policy's objectives as lexicographic model stages. Objectives that need helper variables
/// (worst rank, lowest rate) add them here.
enum ObjectiveStages {
    static func add(_ objective: Policy.Objective, to f: inout Formulation) {
        let n = f.candidates.count
        let cands = f.candidates.candidates
        func rank(_ c: Candidate) -> Int { c.rank == 0 ? Policy.unrankedRank : Int(c.rank) }
        switch objective {
        case .maxPlaced:
            f.model.objectives.append(.init(name: "placed", sense: .maximize, terms: (0..<n).map { .init($0, 1) }, isIntegral: true))
        case .minCost:
            // Second placements of rotations cost their own rank's cost (never an unplaced penalty).
            let second: [LinearModel.Term] =
                f.scheduling.map { sch in
                    sch.secondParts.enumerated().map { LinearModel.Term(sch.secondColumnStart + $0.offset, $0.element.cost) }
                } ?? []
            let secondIntegral = second.allSatisfy { $0.coefficient == $0.coefficient.rounded() }
            let costs = cands.map(\.cost)
            if let penalty = f.scenario.policy.unplacedPenalty {
                // cost + penalty·(students − placed) = penalty·students + Σ (cost − penalty)·x
                let constant = penalty * Double(f.scenario.students.count)
                let integral = costs.allSatisfy { $0 == $0.rounded() } && penalty == penalty.rounded()
                f.model.objectives.append(
                    .init(
                        name: "cost", sense: .minimize, terms: costs.enumerated().map { .init($0.offset, $0.element - penalty) } + second,
                        constant: constant, isIntegral: integral && secondIntegral))
            } else {
                let integral = costs.allSatisfy { $0 == $0.rounded() }
                f.model.objectives.append(
                    .init(
                        name: "cost", sense: .minimize, terms: costs.enumerated().map { .init($0.offset, $0.element) } + second,
                        isIntegral: integral && secondIntegral))
            }
        case .minWorstRank:
            // W ≥ Σ_k rank_k·x_k for each student (she has at most one placement).
            let w = f.model.addVariable(.init(name: "worst_rank", lower: 0, upper: Double(Policy.unrankedRank), isInteger: true))
            for (s, range) in f.candidates.studentRanges.enumerated() where !range.isEmpty {
                f.model.addConstraint(
                    .init(
                        name: "worst[\(f.scenario.students[s].id)]",
                        terms: range.map { .init($0, Double(rank(cands[$0]))) } + [.init(w, -1)], upper: 0))
            }
            f.model.objectives.append(.init(name: "worst_rank", sense: .minimize, terms: [.init(w, 1)], isIntegral: true))
            f.model.isNetworkStructured = false
        case .maxMinUniversityRate, .maxMinNationalityRate:
            // One free row per group counting its placements; the stage maximises the smallest
            // placed/students ratio over those rows.
            let byUniversity = objective == .maxMinUniversityRate
            let label = byUniversity ? "lowest_university_rate" : "lowest_nationality_rate"
            var groups: [String: (students: Int, terms: [LinearModel.Term])] = [:]
            for (s, student) in f.scenario.students.enumerated() {
                let key = byUniversity ? student.university : student.nationality
                groups[key, default: (0, [])].students += 1
                groups[key, default: (0, [])].terms += f.candidates.studentRanges[s].map { .init($0, 1) }
            }
            var ratio = LinearModel.MaxMinRatio(rows: [], denominators: [])
            for key in groups.keys.sorted() {
                let g = groups[key]!
                ratio.rows.append(f.model.addConstraint(.init(name: "rate[\(key)]", terms: g.terms)))
                ratio.denominators.append(g.students)
            }
            f.model.objectives.append(.init(name: label, sense: .maximize, terms: [], isIntegral: false, maxMinRatio: ratio))
        case .balanceMentorLoad:
            MentorLoadBalance.add(to: &f)
        case .rankMaximal:
            let maxRank = cands.map { Int($0.rank) }.max() ?? 0
            for r in 1...max(1, maxRank) {
                let terms = cands.indices.filter { Int(cands[$0].rank) == r }.map { LinearModel.Term($0, 1) }
                f.model.objectives.append(
                    .init(name: "rank\(r)_count", sense: .maximize, terms: terms, isIntegral: true, fixesEarlierExactly: true))
            }
        }
    }
}
