import Foundation

/// Where an entity was read from, so every diagnostic can name the file and line.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public init(file: String, line: Int?) {
        self.file = file
        self.line = line
    }
    public var description: String { line.map { "\(file):\($0)" } ?? file }
}

public struct Term: Sendable, Hashable {
    public let id: String
    public let name: String
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

public struct GeoPoint: Sendable, Hashable {
    public let latitude: Double
    public let longitude: Double
    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    /// Great-circle distance in kilometres (haversine, mean Earth radius 6371.0088 km).
    public func distanceKilometres(to other: GeoPoint) -> Double {
        let r = 6371.0088
        let toRadians = Double.pi / 180
        let dLat = (other.latitude - latitude) * toRadians
        let dLon = (other.longitude - longitude) * toRadians
        let a =
            sin(dLat / 2) * sin(dLat / 2)
            + cos(latitude * toRadians) * cos(other.latitude * toRadians) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * r * asin(min(1, a.squareRoot()))
    }
}

public struct University: Sendable, Hashable {
    public let id: String
    public let name: String
    public let country: String
    public let city: String
    public let location: GeoPoint?
    public let origin: SourceLocation
    public init(id: String, name: String, country: String, city: String, location: GeoPoint?, origin: SourceLocation) {
        self.id = id
        self.name = name
        self.country = country
        self.city = city
        self.location = location
        self.origin = origin
    }
}

/// A student. Her fields live in one shared, immutable box, so that copying a `Student` (arrays of
/// 100,000 are read, sorted and passed around) costs one reference count, not one per field.
public struct Student: Sendable, Hashable {
    @usableFromInline final class Fields: Sendable {
        @usableFromInline let id: String
        @usableFromInline let name: String
        @usableFromInline let university: String
        @usableFromInline let nationality: String
        @usableFromInline let field: String
        @usableFromInline let languages: [String: LanguageLevel]
        @usableFromInline let gradeAverage: Double?
        @usableFromInline let availableTerms: [String]
        @usableFromInline let excludedCountries: Set<String>
        @usableFromInline let preferences: [String]
        @usableFromInline let origin: SourceLocation
        @usableFromInline let programme: String?
        @usableFromInline let availableFrom: Day?
        @usableFromInline let availableTo: Day?

        @usableFromInline init(
            id: String, name: String, university: String, nationality: String, field: String,
            languages: [String: LanguageLevel], gradeAverage: Double?, availableTerms: [String],
            excludedCountries: Set<String>, preferences: [String], origin: SourceLocation,
            programme: String?, availableFrom: Day?, availableTo: Day?
        ) {
            self.id = id
            self.name = name
            self.university = university
            self.nationality = nationality
            self.field = field
            self.languages = languages
            self.gradeAverage = gradeAverage
            self.availableTerms = availableTerms
            self.excludedCountries = excludedCountries
            self.preferences = preferences
            self.origin = origin
            self.programme = programme
            self.availableFrom = availableFrom
            self.availableTo = availableTo
        }
    }
    @usableFromInline let stored: Fields

    @inlinable public var id: String { stored.id }
    @inlinable public var name: String { stored.name }
    @inlinable public var university: String { stored.university }
    @inlinable public var nationality: String { stored.nationality }
    @inlinable public var field: String { stored.field }
    /// Language code → level.
    @inlinable public var languages: [String: LanguageLevel] { stored.languages }
    @inlinable public var gradeAverage: Double? { stored.gradeAverage }
    /// Terms she can take; empty means every term.
    @inlinable public var availableTerms: [String] { stored.availableTerms }
    /// Countries she must not be sent to (visa, personal, …).
    @inlinable public var excludedCountries: Set<String> { stored.excludedCountries }
    /// Base ids, best first. Rank r is the 1-based position.
    @inlinable public var preferences: [String] { stored.preferences }
    @inlinable public var origin: SourceLocation { stored.origin }
    /// Scheduling only: her programme id (nil = the schedule's default programme).
    @inlinable public var programme: String? { stored.programme }
    /// Scheduling only: the dates she can be at a base (nil = open-ended).
    @inlinable public var availableFrom: Day? { stored.availableFrom }
    @inlinable public var availableTo: Day? { stored.availableTo }

    public init(
        id: String, name: String, university: String, nationality: String, field: String,
        languages: [String: LanguageLevel], gradeAverage: Double?, availableTerms: [String],
        excludedCountries: Set<String>, preferences: [String], origin: SourceLocation,
        programme: String? = nil, availableFrom: Day? = nil, availableTo: Day? = nil
    ) {
        stored = Fields(
            id: id, name: name, university: university, nationality: nationality, field: field,
            languages: languages, gradeAverage: gradeAverage, availableTerms: availableTerms,
            excludedCountries: excludedCountries, preferences: preferences, origin: origin,
            programme: programme, availableFrom: availableFrom, availableTo: availableTo)
    }

    /// Equal when every field is equal (as if the fields were stored in the struct).
    public static func == (a: Student, b: Student) -> Bool {
        (a.id == b.id && a.name == b.name && a.university == b.university
            && a.nationality == b.nationality && a.field == b.field && a.languages == b.languages
            && a.gradeAverage == b.gradeAverage && a.availableTerms == b.availableTerms
            && a.excludedCountries == b.excludedCountries && a.preferences == b.preferences && a.origin == b.origin
            && a.programme == b.programme && a.availableFrom == b.availableFrom && a.availableTo == b.availableTo)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id); hasher.combine(name); hasher.combine(university); hasher.combine(nationality)
        hasher.combine(field); hasher.combine(languages); hasher.combine(gradeAverage); hasher.combine(availableTerms)
        hasher.combine(excludedCountries); hasher.combine(preferences); hasher.combine(origin)
        hasher.combine(programme); hasher.combine(availableFrom); hasher.combine(availableTo)
    }

    @inlinable public func isAvailable(in term: String) -> Bool { availableTerms.isEmpty || availableTerms.contains(term) }
}

public enum BaseKind: String, Sendable, CaseIterable {
    case aseanFirm = "asean_firm"
    case beltAndRoadEnterprise = "bri_enterprise"
    case government
    case universityLab = "university_lab"

    public var label: String {
        switch self {
        case .aseanFirm: return "ASEAN firm"
        case .beltAndRoadEnterprise: return "Chinese-funded Belt and Road enterprise"
        case .government: return "government agency"
        case .universityLab: return "university lab"
        }
    }
}

/// A base. Like `Student`, its fields live in one shared, immutable box (one reference count per copy).
public struct Base: Sendable, Hashable {
    @usableFromInline final class Fields: Sendable {
        @usableFromInline let id: String
        @usableFromInline let name: String
        @usableFromInline let kind: BaseKind
        @usableFromInline let country: String
        @usableFromInline let city: String
        @usableFromInline let location: GeoPoint?
        @usableFromInline let fields: Set<String>
        @usableFromInline let sortedFields: [String]
        @usableFromInline let languageRequirement: [LanguageRequirement]
        @usableFromInline let capacity: [String: Int]
        @usableFromInline let minInterns: Int
        @usableFromInline let maxNationalityShare: Double?
        @usableFromInline let origin: SourceLocation

        @usableFromInline init(
            id: String, name: String, kind: BaseKind, country: String, city: String, location: GeoPoint?,
            fields: Set<String>, languageRequirement: [LanguageRequirement], capacity: [String: Int],
            minInterns: Int, maxNationalityShare: Double?, origin: SourceLocation
        ) {
            self.id = id
            self.name = name
            self.kind = kind
            self.country = country
            self.city = city
            self.location = location
            self.fields = fields
            sortedFields = fields.sorted()
            self.languageRequirement = languageRequirement
            self.capacity = capacity
            self.minInterns = minInterns
            self.maxNationalityShare = maxNationalityShare
            self.origin = origin
        }
    }
    @usableFromInline let stored: Fields

    @inlinable public var id: String { stored.id }
    @inlinable public var name: String { stored.name }
    @inlinable public var kind: BaseKind { stored.kind }
    @inlinable public var country: String { stored.country }
    @inlinable public var city: String { stored.city }
    @inlinable public var location: GeoPoint? { stored.location }
    /// Accepted fields of study; empty means every field.
    @inlinable public var fields: Set<String> { stored.fields }
    /// `fields` in sorted order (reasons name them; sorted once, not on every use).
    @inlinable public var sortedFields: [String] { stored.sortedFields }
    /// Any-of: a student must reach the minimum in at least one. Empty means no requirement.
    @inlinable public var languageRequirement: [LanguageRequirement] { stored.languageRequirement }
    /// Seats per term id (missing = 0).
    @inlinable public var capacity: [String: Int] { stored.capacity }
    /// In a term where the base takes any intern it takes at least this many (0 = no minimum):
    /// a mentor is only assigned to a group.
    @inlinable public var minInterns: Int { stored.minInterns }
    /// At most max(1, ⌊share × seats⌋) interns of one nationality in a term (nil = no limit).
    @inlinable public var maxNationalityShare: Double? { stored.maxNationalityShare }
    @inlinable public var origin: SourceLocation { stored.origin }

    public init(
        id: String, name: String, kind: BaseKind, country: String, city: String, location: GeoPoint?,
        fields: Set<String>, languageRequirement: [LanguageRequirement], capacity: [String: Int],
        minInterns: Int = 0, maxNationalityShare: Double? = nil, origin: SourceLocation
    ) {
        stored = Fields(
            id: id, name: name, kind: kind, country: country, city: city, location: location, fields: fields,
            languageRequirement: languageRequirement, capacity: capacity, minInterns: minInterns,
            maxNationalityShare: maxNationalityShare, origin: origin)
    }

    /// Equal when every field is equal (as if the fields were stored in the struct).
    public static func == (a: Base, b: Base) -> Bool {
        (a.id == b.id && a.name == b.name && a.kind == b.kind && a.country == b.country
            && a.city == b.city && a.location == b.location && a.fields == b.fields
            && a.languageRequirement == b.languageRequirement && a.capacity == b.capacity && a.minInterns == b.minInterns
            && a.maxNationalityShare == b.maxNationalityShare && a.origin == b.origin)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id); hasher.combine(name); hasher.combine(kind); hasher.combine(country); hasher.combine(city)
        hasher.combine(location); hasher.combine(fields); hasher.combine(languageRequirement); hasher.combine(capacity)
        hasher.combine(minInterns); hasher.combine(maxNationalityShare); hasher.combine(origin)
    }

    @inlinable public func capacity(in term: String) -> Int { capacity[term] ?? 0 }

    /// The most interns of one nationality allowed in a term (nil = no limit).
    public func nationalityLimit(in term: String) -> Int? {
        guard let share = maxNationalityShare else { return nil }
        return max(1, Int((share * Double(capacity(in: term)) + 1e-9).rounded(.down)))
    }
}
