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
        let a = sin(dLat / 2) * sin(dLat / 2)
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

public struct Student: Sendable, Hashable {
    public let id: String
    public let name: String
    public let university: String
    public let nationality: String
    public let field: String
    /// Language code → level.
    public let languages: [String: LanguageLevel]
    public let gradeAverage: Double?
    /// Terms she can take; empty means every term.
    public let availableTerms: [String]
    /// Countries she must not be sent to (visa, personal, …).
    public let excludedCountries: Set<String>
    /// Base ids, best first. Rank r is the 1-based position.
    public let preferences: [String]
    public let origin: SourceLocation
    /// Scheduling only: her programme id (nil = the schedule's default programme).
    public let programme: String?
    /// Scheduling only: the dates she can be at a base (nil = open-ended).
    public let availableFrom: Day?
    public let availableTo: Day?

    public init(id: String, name: String, university: String, nationality: String, field: String,
                languages: [String: LanguageLevel], gradeAverage: Double?, availableTerms: [String],
                excludedCountries: Set<String>, preferences: [String], origin: SourceLocation,
                programme: String? = nil, availableFrom: Day? = nil, availableTo: Day? = nil) {
        self.programme = programme
        self.availableFrom = availableFrom
        self.availableTo = availableTo
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
    }

    public func isAvailable(in term: String) -> Bool { availableTerms.isEmpty || availableTerms.contains(term) }
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

public struct Base: Sendable, Hashable {
    public let id: String
    public let name: String
    public let kind: BaseKind
    public let country: String
    public let city: String
    public let location: GeoPoint?
    /// Accepted fields of study; empty means every field.
    public let fields: Set<String>
    /// Any-of: a student must reach the minimum in at least one. Empty means no requirement.
    public let languageRequirement: [LanguageRequirement]
    /// Seats per term id (missing = 0).
    public let capacity: [String: Int]
    /// In a term where the base takes any intern it takes at least this many (0 = no minimum):
    /// a mentor is only assigned to a group.
    public let minInterns: Int
    /// At most max(1, ⌊share × seats⌋) interns of one nationality in a term (nil = no limit).
    public let maxNationalityShare: Double?
    public let origin: SourceLocation

    public init(id: String, name: String, kind: BaseKind, country: String, city: String, location: GeoPoint?,
                fields: Set<String>, languageRequirement: [LanguageRequirement], capacity: [String: Int],
                minInterns: Int = 0, maxNationalityShare: Double? = nil, origin: SourceLocation) {
        self.minInterns = minInterns
        self.maxNationalityShare = maxNationalityShare
        self.id = id
        self.name = name
        self.kind = kind
        self.country = country
        self.city = city
        self.location = location
        self.fields = fields
        self.languageRequirement = languageRequirement
        self.capacity = capacity
        self.origin = origin
    }

    public func capacity(in term: String) -> Int { capacity[term] ?? 0 }

    /// The most interns of one nationality allowed in a term (nil = no limit).
    public func nationalityLimit(in term: String) -> Int? {
        guard let share = maxNationalityShare else { return nil }
        return max(1, Int((share * Double(capacity(in: term)) + 1e-9).rounded(.down)))
    }
}
