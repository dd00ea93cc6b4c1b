import PlacementDomain

/// Checks between tables: unique ids, and every reference (university, base, term) resolves.
enum CrossReferences {
    static func check(_ s: Scenario, policyFile: String, into d: inout [Diagnostic]) {
        func duplicates<T>(_ items: [T], id: (T) -> String, origin: (T) -> SourceLocation, table: String) {
            var first: [String: SourceLocation] = [:]
            for item in items {
                let key = id(item)
                if let earlier = first[key] {
                    let o = origin(item)
                    d.append(
                        Diagnostic(
                            file: o.file, line: o.line, field: "id", value: key,
                            expected: "a unique \(table) id (already used at \(earlier))"))
                } else {
                    first[key] = origin(item)
                }
            }
        }
        /// As `duplicates`, for a table whose index by id (first use kept) the scenario has built.
        func duplicates<T>(_ items: [T], firstIndex: [String: Int], id: (T) -> String, origin: (T) -> SourceLocation, table: String) {
            for (i, item) in items.enumerated() {
                let key = id(item)
                if let first = firstIndex[key], first != i {
                    let o = origin(item)
                    d.append(
                        Diagnostic(
                            file: o.file, line: o.line, field: "id", value: key,
                            expected: "a unique \(table) id (already used at \(origin(items[first])))"))
                }
            }
        }
        duplicates(s.universities, id: \.id, origin: \.origin, table: "university")
        duplicates(s.students, firstIndex: s.studentIndexByID, id: \.id, origin: \.origin, table: "student")
        duplicates(s.bases, firstIndex: s.baseIndexByID, id: \.id, origin: \.origin, table: "base")

        let termIDs = Set(s.terms.map(\.id))
        // Students are checked on every core, in chunks whose diagnostics are joined in order.
        _ = ParallelRows.map(s.students, into: &d) { student, d -> Int? in
            let o = student.origin
            if s.universityByID[student.university] == nil {
                d.append(
                    Diagnostic(
                        file: o.file, line: o.line, field: "university", value: student.university,
                        expected: "the id of a university in the universities table"))
            }
            for term in student.availableTerms where !termIDs.contains(term) {
                d.append(
                    Diagnostic(
                        file: o.file, line: o.line, field: "terms", value: term,
                        expected: "a term id of the scenario (\(s.terms.map(\.id).joined(separator: ", ")))"))
            }
            // A short ranking is searched directly; a set only pays off for long ones.
            var seen: Set<String> = []
            for (r, base) in student.preferences.enumerated() {
                let repeated = student.preferences.count <= 16 ? student.preferences[..<r].contains(base) : !seen.insert(base).inserted
                if s.baseIndexByID[base] == nil {
                    d.append(
                        Diagnostic(file: o.file, line: o.line, field: "preferences", value: base, expected: "the id of a base in the bases table"))
                } else if repeated {
                    d.append(
                        Diagnostic(
                            file: o.file, line: o.line, field: "preferences", value: base, expected: "each base at most once in a student's ranking"))
                }
            }
            if student.preferences.isEmpty && !s.policy.allowUnranked {
                d.append(
                    Diagnostic(
                        .warning, file: o.file, line: o.line, field: "preferences", value: student.id,
                        expected: "at least one ranked base; she ranked none and unranked placements are off, so she cannot be placed"))
            }
            return nil
        }
        for base in s.bases where base.capacity.values.allSatisfy({ $0 == 0 }) {
            d.append(
                Diagnostic(
                    .warning, file: base.origin.file, line: base.origin.line, field: "capacity", value: base.id,
                    expected: "seats in at least one term; this base has none and takes no intern"))
        }
        if s.policy.travelCostPerKilometre > 0 || s.policy.maxTravelKilometres != nil {
            for u in s.universities where u.location == nil {
                d.append(
                    Diagnostic(
                        .warning, file: u.origin.file, line: u.origin.line, field: "latitude", value: u.id,
                        expected: "coordinates: travel rules need them; distances from this university are not checked"))
            }
        }
        if s.policy.unplacedPenalty == nil && !s.policy.objectives.contains(.maxPlaced)
            && !s.policy.objectives.contains(.rankMaximal) && s.policy.stability != .required
        {
            d.append(
                Diagnostic(
                    .warning, file: policyFile, line: nil, field: "policy.objectives", value: nil,
                    expected: "max_placed among the objectives, or an unplaced_penalty: as written, placing nobody costs least"))
        }
        if s.policy.unplacedPenalty != nil && s.policy.objectives.first == .maxPlaced {
            d.append(
                Diagnostic(
                    .warning, file: policyFile, line: nil, field: "policy.unplaced_penalty", value: nil,
                    expected: "objectives [min_cost] when a penalty is set; with max_placed first the penalty has no effect"))
        }
    }
}

/// References inside the alliance rules resolve, and the rules do not contradict themselves.
enum RuleReferences {
    static func check(_ s: Scenario, into d: inout [Diagnostic]) {
        let termIDs = Set(s.terms.map(\.id))
        func student(_ id: String, _ o: SourceLocation, _ field: String) {
            if s.studentIndexByID[id] == nil {
                d.append(Diagnostic(file: o.file, line: o.line, field: field, value: id, expected: "the id of a student"))
            }
        }
        func base(_ id: String, _ o: SourceLocation, _ field: String) {
            if s.baseIndexByID[id] == nil { d.append(Diagnostic(file: o.file, line: o.line, field: field, value: id, expected: "the id of a base")) }
        }
        func term(_ id: String, _ o: SourceLocation, _ field: String) {
            if !termIDs.contains(id) {
                d.append(Diagnostic(file: o.file, line: o.line, field: field, value: id, expected: "a term id of the scenario"))
            }
        }
        for r in s.rules.reservations {
            base(r.base, r.origin, "rules.reservations.base")
            if s.universityByID[r.university] == nil {
                d.append(
                    Diagnostic(
                        file: r.origin.file, line: r.origin.line, field: "rules.reservations.university", value: r.university,
                        expected: "the id of a university"))
            }
            r.terms.forEach { term($0, r.origin, "rules.reservations.terms") }
        }
        var groupOf: [String: String] = [:]
        for g in s.rules.groups {
            for m in g.students {
                student(m, g.origin, "rules.groups.students")
                if let other = groupOf[m], other != g.id {
                    d.append(
                        Diagnostic(
                            file: g.origin.file, line: g.origin.line, field: "rules.groups.students", value: m,
                            expected: "each student in at most one group (also in group \(other))"))
                }
                groupOf[m] = g.id
            }
        }
        for a in s.rules.apart {
            student(a.first, a.origin, "rules.apart")
            student(a.second, a.origin, "rules.apart")
        }
        var locked: Set<String> = []
        for l in s.rules.locks {
            student(l.student, l.origin, "rules.locks.student")
            base(l.base, l.origin, "rules.locks.base")
            if let t = l.term { term(t, l.origin, "rules.locks.term") }
            if !locked.insert(l.student).inserted {
                d.append(
                    Diagnostic(
                        file: l.origin.file, line: l.origin.line, field: "rules.locks.student", value: l.student,
                        expected: "at most one lock per student"))
            }
        }
        for b in s.rules.bans {
            student(b.student, b.origin, "rules.bans.student")
            base(b.base, b.origin, "rules.bans.base")
        }
    }
}
