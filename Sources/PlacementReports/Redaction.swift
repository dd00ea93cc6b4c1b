import Crypto
import Foundation
import PlacementDomain

/// Replaces every student's name by a stable pseudonym keyed by a secret the coordinator gives:
/// "Student " + the first 10 hex digits of HMAC-SHA256(key, student id). Two runs with the same
/// key agree, so auditors can follow a student across reports without learning her name; without
/// the key the pseudonym cannot be linked back to the name. Ids are kept (they are what the
/// scenario and the verifier use); redact them upstream if they identify people.
public struct Redaction: Sendable {
    private let secret: [UInt8]

    public init(secret: [UInt8]) {
        self.secret = secret
    }

    public func pseudonym(forStudent id: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("student:\(id)".utf8), using: SymmetricKey(data: secret))
        return "Student " + mac.prefix(5).map { String(format: "%02x", $0) }.joined()
    }

    /// The scenario with every student name replaced (everything else unchanged).
    public func apply(to scenario: Scenario) -> Scenario {
        let students = scenario.students.map { s in
            Student(
                id: s.id, name: pseudonym(forStudent: s.id), university: s.university, nationality: s.nationality,
                field: s.field, languages: s.languages, gradeAverage: s.gradeAverage, availableTerms: s.availableTerms,
                excludedCountries: s.excludedCountries, preferences: s.preferences, origin: s.origin,
                programme: s.programme, availableFrom: s.availableFrom, availableTo: s.availableTo)
        }
        return scenario.replacing(students: students)
    }
}
