import PlacementDomain

extension MentorAssignment {
    /// A mentor assignment for one group without a solver, so that a time limit always gets one
    /// (`ScheduledRounds` uses it when GLPK has no time left, or finds none): interns in order of
    /// their first week (then id), each to the compatible mentor whose busiest week over the
    /// intern's weeks is lightest (then the first listed), never over a mentor's weekly maximum.
    /// An intern no mentor has room for then gets one by a chain of moves of other interns (see
    /// `serve`; 15,000 students: the first pass left 114 interns in 78 groups unserved, and GLPK
    /// took 146 s on one university's group to serve its 2; docs/scheduling.md). Interns still
    /// without a mentor stay unserved.
    public struct GreedyMentors: Sendable {
        /// The group model's values: 1 on each chosen (owner, mentor) column.
        public let values: [Double]
        /// Owners (`Group.items[j].owner`) left without a mentor.
        public let unserved: [Int]
        /// The busiest week of any mentor of the group.
        public let peak: Int
        /// A proven lower bound on the group's busiest week for these interns: in each week, the
        /// interns present share at most all of the group's mentors (0 when some are unserved).
        public let peakBound: Int
        /// The same bound, for any assignment that serves every intern (also when this one does not).
        public let servedPeakBound: Int

        init(owners: [(owner: Int, weeks: [ClosedRange<Int>], mentors: [Int])], mentors: [Schedule.Mentor], columnOf: [[Int]], columns: Int) {
            var values = [Double](repeating: 0, count: columns)
            var load: [Int: [Int: Int]] = [:]  // mentor → week → interns
            var unserved: [Int] = []
            var peak = 0
            let order = owners.indices.sorted {
                let a = owners[$0].weeks.map(\.lowerBound).min() ?? 0, b = owners[$1].weeks.map(\.lowerBound).min() ?? 0
                return (a, owners[$0].owner) < (b, owners[$1].owner)
            }
            var chosen = [Int](repeating: -1, count: owners.count)  // index into owners[i].mentors
            var internsOf: [Int: [Int]] = [:]  // mentor → owner indices assigned to her
            func busiest(_ m: Int, _ i: Int) -> Int {
                var most = 0
                for span in owners[i].weeks { for w in span { most = max(most, load[m]?[w] ?? 0) } }
                return most
            }
            func assign(_ i: Int, _ k: Int, _ change: Int) {
                let m = owners[i].mentors[k]
                values[columnOf[i][k]] = change > 0 ? 1 : 0
                chosen[i] = change > 0 ? k : -1
                if change > 0 { internsOf[m, default: []].append(i) } else { internsOf[m]?.removeAll { $0 == i } }
                for span in owners[i].weeks { for w in span { load[m, default: [:]][w, default: 0] += change } }
            }
            var waiting: [Int] = []
            for i in order {
                var best = -1, bestBusiest = Int.max
                for (k, m) in owners[i].mentors.enumerated() {
                    let most = busiest(m, i)
                    if most < mentors[m].maxInterns && most < bestBusiest {
                        best = k
                        bestBusiest = most
                    }
                }
                if best >= 0 { assign(i, best, 1) } else { waiting.append(i) }
            }
            // Room by a chain of moves, shortest first: intern i takes mentor m in place of an
            // intern present in every week where m is full for i, who takes another mentor in
            // place of a third, and so on, until a mentor has room. Each mentor is tried once per
            // chain search and the chain's mentors differ, so every move keeps every maximum.
            func fullWeeks(_ m: Int, _ i: Int) -> [Int] {
                owners[i].weeks.flatMap { span in span.filter { (load[m]?[$0] ?? 0) >= mentors[m].maxInterns } }
            }
            func serve(_ i: Int) -> Bool {
                var taking: [Int: (intern: Int, k: Int)] = [:]  // moved intern → who takes her mentor, and which
                var seenIntern: Set<Int> = [i], seenMentor: Set<Int> = []
                var queue = [i], head = 0
                while head < queue.count {
                    let x = queue[head]
                    head += 1
                    for (k, m) in owners[x].mentors.enumerated() where chosen[x] != k && !seenMentor.contains(m) {
                        seenMentor.insert(m)
                        let full = fullWeeks(m, x)
                        guard full.isEmpty else {
                            for j in internsOf[m] ?? []
                            where !seenIntern.contains(j) && full.allSatisfy({ w in owners[j].weeks.contains { $0.contains(w) } }) {
                                seenIntern.insert(j)
                                taking[j] = (x, k)
                                queue.append(j)
                            }
                            continue
                        }
                        // m has room for x: move x there, then each intern into the mentor the last one left.
                        var mover = x, to = k
                        while true {
                            if chosen[mover] >= 0 { assign(mover, chosen[mover], -1) }
                            assign(mover, to, 1)
                            guard let next = taking[mover] else { return true }
                            (mover, to) = next
                        }
                    }
                }
                return false
            }
            for i in waiting where !serve(i) { unserved.append(owners[i].owner) }
            peak = load.values.flatMap(\.values).max() ?? 0
            var present: [Int: Int] = [:]
            for o in owners { for w in Set(o.weeks.flatMap { Array($0) }) { present[w, default: 0] += 1 } }
            let mentorCount = Set(owners.flatMap(\.mentors)).count
            let bound = mentorCount == 0 ? 0 : present.values.map { ($0 + mentorCount - 1) / mentorCount }.max() ?? 0
            self.values = values
            self.unserved = unserved
            self.peak = peak
            self.peakBound = unserved.isEmpty ? bound : 0
            self.servedPeakBound = bound
        }
    }
}
