import PlacementDomain
import PlacementModel

/// The policy's objectives as lexicographic model stages.
enum ObjectiveStages {
    static func stage(_ objective: Policy.Objective, for f: Formulation) -> LinearModel.Objective {
        let n = f.candidates.count
        switch objective {
        case .maxPlaced:
            return .init(name: "placed", sense: .maximize, terms: (0..<n).map { .init($0, 1) }, isIntegral: true)
        case .minCost:
            let costs = f.candidates.candidates.map(\.cost)
            if let penalty = f.scenario.policy.unplacedPenalty {
                // cost + penalty·(students − placed) = penalty·students + Σ (cost − penalty)·x
                let constant = penalty * Double(f.scenario.students.count)
                let integral = costs.allSatisfy { $0 == $0.rounded() } && penalty == penalty.rounded()
                return .init(name: "cost", sense: .minimize, terms: costs.enumerated().map { .init($0.offset, $0.element - penalty) },
                             constant: constant, isIntegral: integral)
            }
            let integral = costs.allSatisfy { $0 == $0.rounded() }
            return .init(name: "cost", sense: .minimize, terms: costs.enumerated().map { .init($0.offset, $0.element) }, isIntegral: integral)
        }
    }
}
