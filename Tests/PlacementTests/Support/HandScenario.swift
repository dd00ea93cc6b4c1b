import PlacementDomain

/// Small scenarios written by hand in a test: one term (T1), the universities U1–U3 of the random
/// alliance scenarios, students of field software (VN, grade 3, no languages), bases at Bangkok.
enum HandScenario {
    static let origin = SourceLocation(file: "hand", line: nil)

    static func base(_ id: String, country: String = "TH", seats: Int, fields: Set<String> = [], minInterns: Int = 0) -> Base {
        Base(
            id: id, name: id, kind: .aseanFirm, country: country, city: "Bangkok", location: nil, fields: fields, languageRequirement: [],
            capacity: ["T1": seats], minInterns: minInterns, origin: origin)
    }

    static func student(_ id: String, _ university: String = "U1", field: String = "software", prefs: [String]) -> Student {
        Student(
            id: id, name: id, university: university, nationality: "VN", field: field, languages: [:], gradeAverage: 3,
            availableTerms: [], excludedCountries: [], preferences: prefs, origin: origin)
    }

    static func scenario(_ students: [Student], _ bases: [Base], _ rules: AllianceRules, policy: Policy = Policy()) -> Scenario {
        Scenario(
            name: "hand", terms: [Term(id: "T1", name: "T1")], universities: RandomScenario.Alliance.universities,
            students: students, bases: bases, policy: policy, rules: rules, inputs: [])
    }
}
