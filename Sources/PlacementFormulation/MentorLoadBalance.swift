import PlacementModel

/// Balanced mentor load (policy objective `balance_mentor_load`): two stages, minimising the most
/// interns any academic mentor has in one week (L ≥ load(m, w) for every mentor and week), then
/// the same for industry mentors. A kind of mentor that is not in the scenario adds no stage.
enum MentorLoadBalance {
    static func add(to f: inout Formulation) {
        // With pooled mentor groups the mentors are assigned after the solve, and so are these stages.
        guard let scheduling = f.scheduling, scheduling.mentorDetail.everything else { return }
        let kinds = [
            ("academic", scheduling.academicLoad, scheduling.rules.usesAcademicMentors),
            ("industry", scheduling.industryLoad, scheduling.rules.usesIndustryMentors)
        ]
        for (kind, load, used) in kinds where used {
            // No week's load exceeds its number of terms (each a binary column with coefficient 1),
            // so that is a valid upper bound; a finite one keeps the Lagrangian bound of the
            // placement stages finite (with an unbounded peak it had no finite value).
            let most = Double(load.values.map(\.count).max() ?? 0)
            let peak = f.model.addVariable(.init(name: "max_\(kind)_mentor_load", lower: 0, upper: most, isInteger: true))
            for key in load.keys.sorted() {
                f.model.addConstraint(.init(name: "\(kind)_load[\(key.mentor),\(key.week)]", terms: load[key]! + [.init(peak, -1)], upper: 0))
            }
            f.model.objectives.append(.init(name: "max_\(kind)_mentor_load", sense: .minimize, terms: [.init(peak, 1)], isIntegral: true))
        }
    }
}
