import PlacementDomain

/// (4) With `stability: required`: no blocking pair. A student and a base-term block when she
/// strictly prefers the base-term to what she has (by her rank, then term order; unranked bases
/// after every ranked one) and the base-term has a free seat or holds a student it strictly
/// prefers her to (Policy.BaseRanking). Only placements the rules allow can block.
extension VerificationRun {
    mutating func checkStability() {
        guard scenario.policy.stability == .required else { return }
        // Blocking pairs are defined for seats per term; the loader refuses stability with a schedule.
        guard book.schedule == nil else {
            checked("stability: not assessed for scheduled scenarios")
            return
        }
        let terms = book.termIDs.count
        let occupied = occupancy()
        var pairs = 0
        for s in scenario.students.indices {
            let current = placementOf[s]
            // The bases she could prefer to her placement: ranked ones (and, when unranked
            // placements are allowed and she is unplaced, every other base).
            var bases: [Int] = []
            var seen = Set<Int>()
            for id in scenario.students[s].preferences {
                if let b = book.baseIndex[id], seen.insert(b).inserted { bases.append(b) }
            }
            if scenario.policy.allowUnranked {
                if let current, book.rankOf[s][baseName(current.base)] == nil {
                    if seen.insert(current.base).inserted { bases.append(current.base) }
                } else if current == nil {
                    for b in scenario.bases.indices where seen.insert(b).inserted { bases.append(b) }
                }
            }
            for b in bases {
                for t in 0..<terms {
                    if let current, !book.studentPrefers(student: s, b, t, over: current.base, current.term) { continue }
                    guard book.isAllowed(student: s, base: b, term: t) else { continue }
                    let holders = occupied[b * terms + t] ?? []
                    let seats = book.seats(base: b, term: t)
                    let why: String
                    if holders.count < seats {
                        why = "\(baseName(b))/\(termName(t)) has a free seat (\(holders.count) of \(seats) taken)"
                    } else if let displaced = holders.first(where: { book.basePrefers(base: b, s, over: $0) }) {
                        why = "\(baseName(b)) ranks her above \(studentName(displaced)), whom it holds in \(termName(t))"
                    } else {
                        continue
                    }
                    pairs += 1
                    let has = current.map { "her placement \(baseName($0.base))/\(termName($0.term))" } ?? "being unplaced"
                    flag(.blockingPair, "blocking pair: \(studentName(s)) prefers \(baseName(b))/\(termName(t)) to \(has), and \(why)")
                }
            }
        }
        checked("stability (required): no blocking pair among \(scenario.students.count) students (\(pairs) found)")
    }
}
