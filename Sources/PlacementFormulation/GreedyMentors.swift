import PlacementDomain

extension MentorAssignment {
    /// A mentor assignment for one group without a solver, so that a time limit always gets one
    /// (`ScheduledRounds` uses it when GLPK has no time left, or finds none): interns in order of
    /// their first week (then id), each to the compatible mentor whose busiest week over the
    /// intern's weeks is lightest (then the first listed), never over a mentor's weekly maximum.
    /// Interns that no mentor can take stay unserved.
    public struct GreedyMentors: Sendable {
        /// The group model's values: 1 on each chosen (owner, mentor) column.
        public let values: [Double]
        /// Owners (`Group.items[j].owner`) left without a mentor.
        public let unserved: [Int]
        /// The busiest week of any mentor of the group.
        public let peak: Int
        /// A proven lower bound on the group's busiest week for these interns: in each week, the
        /// interns present share at most all of the group's mentors.
        public let peakBound: Int

        init(owners: [(owner: Int, weeks: [ClosedRange<Int>], mentors: [Int])], mentors: [Schedule.Mentor], columnOf: [[Int]], columns: Int) {
            var values = [Double](repeating: 0, count: columns)
            var load: [Int: [Int: Int]] = [:]  // mentor → week → interns
            var unserved: [Int] = []
            var peak = 0
            let order = owners.indices.sorted {
                let a = owners[$0].weeks.map(\.lowerBound).min() ?? 0, b = owners[$1].weeks.map(\.lowerBound).min() ?? 0
                return (a, owners[$0].owner) < (b, owners[$1].owner)
            }
            for i in order {
                let o = owners[i]
                var best = -1, bestBusiest = Int.max
                for (k, m) in o.mentors.enumerated() {
                    var busiest = 0
                    for span in o.weeks { for w in span { busiest = max(busiest, load[m]?[w] ?? 0) } }
                    if busiest < mentors[m].maxInterns && busiest < bestBusiest {
                        best = k
                        bestBusiest = busiest
                    }
                }
                guard best >= 0 else {
                    unserved.append(o.owner)
                    continue
                }
                let m = o.mentors[best]
                values[columnOf[i][best]] = 1
                for span in o.weeks {
                    for w in span {
                        let l = (load[m]?[w] ?? 0) + 1
                        load[m, default: [:]][w] = l
                        peak = max(peak, l)
                    }
                }
            }
            var present: [Int: Int] = [:]
            for o in owners { for w in Set(o.weeks.flatMap { Array($0) }) { present[w, default: 0] += 1 } }
            let mentorCount = Set(owners.flatMap(\.mentors)).count
            let bound = mentorCount == 0 ? 0 : present.values.map { ($0 + mentorCount - 1) / mentorCount }.max() ?? 0
            self.values = values
            self.unserved = unserved
            self.peak = peak
            self.peakBound = unserved.isEmpty ? bound : 0
        }
    }
}
