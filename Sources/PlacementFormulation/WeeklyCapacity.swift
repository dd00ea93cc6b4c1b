import PlacementDomain
import PlacementModel

/// Scheduling: no base hosts more interns in a week than its seats that week. Every placement
/// (first or second part of a rotation) counts in each week it covers, closure weeks included:
/// Σ x[·, b, spans covering w] ≤ seats(b, w). Rows that cannot bind (no more candidates than
/// seats) are left out to keep the model small.
public struct WeeklyCapacity: RuleFamily {
    public init() {}
    public var id: RuleFamilyID { .weeklyCapacity }

    public func apply(to f: inout Formulation) {
        guard let scheduling = f.scheduling else { return }
        let weekCount = scheduling.calendar.weeks.count
        var covering: [[[LinearModel.Term]]] = Array(repeating: Array(repeating: [], count: weekCount), count: f.scenario.bases.count)
        for (column, c) in scheduling.placementColumns(f) {
            for w in Int(c.firstWeek)...Int(c.lastWeek) { covering[Int(c.base)][w].append(.init(column, 1)) }
        }
        for (b, base) in f.scenario.bases.enumerated() {
            for w in 0..<weekCount where !covering[b][w].isEmpty {
                let seats = scheduling.calendar.seats[b][w]
                // A row that cannot bind is skipped (each column is 0/1 and appears once).
                guard covering[b][w].count > seats else { continue }
                let label = scheduling.weekLabel(w, f.scenario)
                f.model.addConstraint(
                    .init(
                        name: "cap[\(base.id),\(label)]", terms: covering[b][w], upper: Double(seats),
                        family: id.diagnosis, meaning: "base \(base.id) has \(seats) seats in week \(label)"))
            }
        }
        f.model.isNetworkStructured = false
    }
}
