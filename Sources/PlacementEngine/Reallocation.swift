import PlacementDomain
import PlacementFormulation
import PlacementReports

/// Explains, student by student, what changed between an earlier report and a re-allocation.
struct ChangeExplainer {
    let formulation: Formulation
    let earlier: EarlierReport

    func changes(_ outcome: PlacementOutcome) -> [PlacementOutcome.Change] {
        let s = formulation.scenario
        let rules = EligibilityRules(scenario: s)
        var changes: [PlacementOutcome.Change] = []
        var seats: [String: Int] = [:]
        for p in outcome.placements.compactMap({ $0 }) { seats["\(s.bases[p.base].id)/\(s.terms[p.term].id)", default: 0] += 1 }
        let ids = Set(earlier.students).union(s.students.map(\.id)).sorted()
        for id in ids {
            let before = earlier.placements[id].map { "\($0.base)/\($0.term)" }
            guard let si = s.studentIndexByID[id] else {
                changes.append(.init(student: id, kind: .withdrawn, before: before, after: nil, reason: "no longer in the student roster"))
                continue
            }
            let after = outcome.placements[si].map { "\(s.bases[$0.base].id)/\(s.terms[$0.term].id)" }
            if !earlier.students.contains(id) {
                changes.append(
                    .init(
                        student: id, kind: .newStudent, before: nil, after: after,
                        reason: after == nil ? "new student; could not be placed" : "new student"))
                continue
            }
            if before == after {
                if before != nil { changes.append(.init(student: id, kind: .kept, before: before, after: after, reason: "earlier placement kept")) }
                continue
            }
            let why = reason(student: si, before: earlier.placements[id], rules: rules, seats: seats)
            if before == nil {
                changes.append(.init(student: id, kind: .newlyPlaced, before: nil, after: after, reason: "unplaced before; a seat is now available"))
            } else if after == nil {
                changes.append(.init(student: id, kind: .unplaced, before: before, after: nil, reason: why))
            } else {
                changes.append(.init(student: id, kind: .moved, before: before, after: after, reason: why))
            }
        }
        return changes
    }

    private func reason(student si: Int, before: (base: String, term: String)?, rules: EligibilityRules, seats: [String: Int]) -> String {
        let s = formulation.scenario
        guard let before, let bi = s.baseIndexByID[before.base] else { return "their earlier base is no longer in the roster" }
        let base = s.bases[bi]
        let student = s.students[si]
        let exclusions = rules.exclusions(student: student, base: base)
        if !exclusions.isEmpty { return "earlier placement no longer allowed: " + exclusions.map(\.description).joined(separator: "; ") }
        guard s.termIndexByID[before.term] != nil, student.isAvailable(in: before.term) else {
            return "they are no longer available in \(before.term)"
        }
        let capacity = base.capacity(in: before.term)
        let taken = seats["\(before.base)/\(before.term)", default: 0]
        if taken >= capacity {
            return "\(before.base) now has \(capacity) seat(s) in \(before.term), all taken by students whose placements could not change as cheaply"
        }
        return "keeping their earlier placement would break another rule, or place fewer students / keep fewer earlier placements overall"
    }
}
