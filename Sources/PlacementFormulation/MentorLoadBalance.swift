import PlacementModel

/// Balanced mentor load (policy objective `balance_mentor_load`): two stages, minimising the most
/// interns any academic mentor has in one week, then the same for industry mentors.
enum MentorLoadBalance {
    static func add(to f: inout Formulation) {
        // Filled in by the scheduling formulation.
    }
}
