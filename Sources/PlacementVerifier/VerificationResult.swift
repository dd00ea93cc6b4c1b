/// One way a report fails verification.
public struct Violation: Sendable, Hashable, CustomStringConvertible {
    /// A stable code, e.g. `ineligible_field`, `capacity_exceeded`, `objective_mismatch`,
    /// `input_hash_mismatch`, `output_hash_mismatch`, `unknown_student`. docs/audit.md lists them all.
    public let kind: String
    /// What is wrong, in words, naming the student, base, term or file.
    public let message: String

    public init(kind: String, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(message) [\(kind)]" }
}

/// What `ReportVerifier.verify` found: every violation, and one line per check it made.
public struct VerificationResult: Sendable {
    public var violations: [Violation]
    /// What was checked, one line each (also when nothing was wrong).
    public var checks: [String]
    /// Placements read from report.json (entries with status `placed`).
    public var placements: Int

    public init(violations: [Violation] = [], checks: [String] = [], placements: Int = 0) {
        self.violations = violations
        self.checks = checks
        self.placements = placements
    }

    /// True when no check found anything wrong.
    public var isVerified: Bool { violations.isEmpty }

    /// The distinct violation kinds, sorted.
    public var kinds: [String] { Array(Set(violations.map(\.kind))).sorted() }

    /// One line: `verified: 26 placements, 27 checks, no violation`, or the number of violations.
    public var verdict: String {
        if violations.isEmpty {
            return "verified: \(placements) placement\(placements == 1 ? "" : "s"), \(checks.count) checks, no violation"
        }
        return "failed verification: \(violations.count) violation\(violations.count == 1 ? "" : "s") "
            + "(\(kinds.joined(separator: ", "))) in \(checks.count) checks"
    }
}
