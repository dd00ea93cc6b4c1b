/// Rules from alliance agreements beyond capacity: reserved seats, groups, locks and bans, and
/// cross-border exchange. (Minimum interns and nationality shares are columns of the bases.)
/// Each family is optional; an empty value turns it off.
public struct AllianceRules: Sendable, Hashable {
    public struct Reservation: Sendable, Hashable {
        public enum Mode: String, Sendable, CaseIterable {
            /// Only that university's students may fill the reserved seats; they stay empty otherwise.
            case exclusive
            /// That university's eligible applicants get the seats first; seats they do not take
            /// are released to others. (No student of the university who ranked the base is left
            /// without a placement at least as good while a reserved seat goes to someone else.)
            case priority
        }
        public let base: String
        public let university: String
        public let seats: Int
        public let mode: Mode
        /// Terms it applies to; empty = every term.
        public let terms: [String]
        public let origin: SourceLocation
        public init(base: String, university: String, seats: Int, mode: Mode, terms: [String], origin: SourceLocation) {
            self.base = base
            self.university = university
            self.seats = seats
            self.mode = mode
            self.terms = terms
            self.origin = origin
        }
    }

    public struct Group: Sendable, Hashable {
        public enum Together: String, Sendable, CaseIterable {
            /// Same base and same term (a cohort travelling together).
            case sameBaseAndTerm = "same_base_and_term"
            /// Same city, any base there, same term.
            case sameCity = "same_city"
        }
        public let id: String
        public let students: [String]
        public let together: Together
        public let origin: SourceLocation
        public init(id: String, students: [String], together: Together, origin: SourceLocation) {
            self.id = id
            self.students = students
            self.together = together
            self.origin = origin
        }
    }

    /// Two students who must not be placed at the same base (in any term).
    public struct Apart: Sendable, Hashable {
        public let first: String
        public let second: String
        public let origin: SourceLocation
        public init(first: String, second: String, origin: SourceLocation) {
            self.first = first
            self.second = second
            self.origin = origin
        }
    }

    /// A pre-assignment that must hold: the student is placed at the base (in the term, if given).
    public struct Lock: Sendable, Hashable {
        public let student: String
        public let base: String
        public let term: String?
        public let origin: SourceLocation
        public init(student: String, base: String, term: String?, origin: SourceLocation) {
            self.student = student
            self.base = base
            self.term = term
            self.origin = origin
        }
    }

    /// A forbidden student–base pair.
    public struct Ban: Sendable, Hashable {
        public let student: String
        public let base: String
        public let origin: SourceLocation
        public init(student: String, base: String, origin: SourceLocation) {
            self.student = student
            self.base = base
            self.origin = origin
        }
    }

    public var reservations: [Reservation] = []
    public var groups: [Group] = []
    public var apart: [Apart] = []
    public var locks: [Lock] = []
    public var bans: [Ban] = []
    /// Each university: at least this share of its placed students placed outside its home country.
    public var minAbroadShare: Double?

    public init() {}

    public var isEmpty: Bool {
        reservations.isEmpty && groups.isEmpty && apart.isEmpty && locks.isEmpty && bans.isEmpty && minAbroadShare == nil
    }
}
