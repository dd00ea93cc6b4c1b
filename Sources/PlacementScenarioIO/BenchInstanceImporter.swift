import Foundation
import PlacementDomain

/// Converts an instance of the shared benchmark generator (`placement-instance-1` JSON) into a
/// scenario folder (scenario.yaml + universities.csv, students.csv, bases.csv), so that this tool
/// and the peer solvers solve exactly the same instance.
///
/// Levels 1–6 are written the way users write them: CEFR for English, HSK for Chinese, numbers
/// for the other languages. The policy reproduces the benchmark's core objective (r² per rank +
/// 1000 per unplaced student) unless `lexicographic` is asked for. The side rules of the
/// benchmark (minimum interns, nationality shares) are not part of the core model.
///
/// A student's grade is written as the bench's `gpa + score_noise`: with the policy's default base
/// ranking (grade + best required language level) a base then ranks its applicants exactly as the
/// bench's stable model does, so `stability: required` reproduces the bench's stable matching.
public struct BenchInstanceImporter {
    public enum ImportError: Error, CustomStringConvertible {
        case unreadable(String)
        case wrongFormat(String)
        public var description: String {
            switch self {
            case let .unreadable(s): return "cannot read the instance: \(s)"
            case let .wrongFormat(s): return "not a placement-instance-1 file: \(s)"
            }
        }
    }

    struct Instance: Decodable {
        let format: String
        let seed: Int?
        let terms: [String]
        let students: [BenchStudent]
        let bases: [BenchBase]
    }
    struct BenchStudent: Decodable {
        let id: String, name: String, university: String, nationality: String, field: String
        let languages: [String: Int]
        let gpa: Double
        /// The bench's tie-breaker for the stable model (absent in older instances: 0).
        let score_noise: Double?
        let available: [String]
        let prefs: [String]
    }
    struct BenchBase: Decodable {
        let id: String, enterprise: String, country: String, city: String, lat: Double, lon: Double, kind: String
        let fields: [String]
        let lang_req: [Requirement]
        let capacity: [String: Int]
        let min_interns: Int?
        let max_nationality_share: Double?
    }
    struct Requirement: Decodable { let lang: String; let min: Int }

    /// Home cities of the generator's universities (name prefix → city, latitude, longitude).
    static let universityHomes: [(String, String, Double, Double)] = [
        ("桂林电子科技大学", "Guilin", 25.2866, 110.2901), ("广西大学", "Nanning", 22.8170, 108.3669),
        ("云南大学", "Kunming", 25.0389, 102.7183), ("西南交通大学", "Chengdu", 30.6989, 104.0539),
        ("景德镇陶瓷大学", "Jingdezhen", 29.2689, 117.1783), ("Đại học Bách khoa Hà Nội", "Hà Nội", 21.0050, 105.8431),
        ("จุฬาลงกรณ์มหาวิทยาลัย", "Bangkok", 13.7384, 100.5321), ("Institut Teknologi Bandung", "Bandung", -6.8915, 107.6107),
        ("Universiti Malaya", "Kuala Lumpur", 3.1209, 101.6538), ("ມະຫາວິທະຍາໄລແຫ່ງຊາດລາວ", "Vientiane", 18.0299, 102.6370),
        ("សាកលវិទ្យាល័យភូមិន្ទភ្នំពេញ", "Phnom Penh", 11.5690, 104.8910), ("ရန်ကုန်နည်းပညာတက္ကသိုလ်", "Yangon", 16.8820, 96.1170),
        ("University of the Philippines Diliman", "Quezon City", 14.6538, 121.0685),
        ("Nanyang Technological University", "Singapore", 1.3483, 103.6831),
        ("Universiti Brunei Darussalam", "Bandar Seri Begawan", 4.9753, 114.8937)
    ]

    public let lexicographic: Bool
    /// Also write the benchmark's side rules (minimum interns, nationality shares) as base columns.
    public let sideRules: Bool
    public init(lexicographic: Bool, sideRules: Bool = false) {
        self.lexicographic = lexicographic
        self.sideRules = sideRules
    }

    /// The scenario folder's files, ready to be written.
    public func convert(json: Data, name: String) throws(ImportError) -> [(name: String, text: String)] {
        let instance: Instance
        do { instance = try JSONDecoder().decode(Instance.self, from: json) } catch { throw .wrongFormat("\(error)") }
        guard instance.format == "placement-instance-1" else { throw .wrongFormat("format is \(instance.format)") }

        // Universities in order of first appearance get ids U01, U02, ...
        var universityIDs: [String: String] = [:]
        var universities = CSVText(header: ["id", "name", "country", "city", "latitude", "longitude"])
        for s in instance.students where universityIDs[s.university] == nil {
            let id = String(format: "U%02d", universityIDs.count + 1)
            universityIDs[s.university] = id
            let home = Self.universityHomes.first { s.university.hasPrefix($0.0) }
            let country = home.map { _ in Self.country(of: s.university, students: instance.students) } ?? s.nationality
            universities.row([id, s.university, country, home?.1 ?? "", home.map { String($0.2) } ?? "", home.map { String($0.3) } ?? ""])
        }
        var students = CSVText(header: ["id", "name", "university", "nationality", "field", "languages", "grade", "terms", "preferences"])
        for s in instance.students {
            let languages = s.languages.keys.sorted().map { "\($0): \(Self.written(language: $0, level: s.languages[$0]!))" }.joined(separator: ", ")
            students.row([
                s.id, s.name, universityIDs[s.university]!, s.nationality, s.field, languages, Self.grade(s),
                s.available.joined(separator: "|"), s.prefs.joined(separator: " > ")
            ])
        }
        var bases = CSVText(
            header: ["id", "name", "kind", "country", "city", "latitude", "longitude", "fields", "languages"]
                + instance.terms.map { "capacity:\($0)" } + (sideRules ? ["min_interns", "max_nationality_share"] : []))
        // The benchmark's eligibility (common.py) requires meeting one listed requirement, so a base
        // with an empty list accepts nobody there; here an empty list means "no requirement". To
        // solve the same instance, such bases are written with no seats.
        var closed: [String] = []
        for b in instance.bases {
            let acceptsNobody = b.lang_req.isEmpty
            if acceptsNobody { closed.append(b.id) }
            let languages = b.lang_req.map { "\($0.lang): \(Self.written(language: $0.lang, level: $0.min))" }.joined(separator: " | ")
            bases.row(
                [b.id, b.enterprise, b.kind, b.country, b.city, String(b.lat), String(b.lon), b.fields.joined(separator: "|"), languages]
                    + instance.terms.map { acceptsNobody ? "0" : String(b.capacity[$0] ?? 0) }
                    + (sideRules ? [String(b.min_interns ?? 0), b.max_nationality_share.map { String($0) } ?? ""] : []))
        }
        let policy =
            lexicographic
            ? "  objectives: [max_placed, min_cost]\n  rank_cost: squared\n"
            : "  # The benchmark's core objective: r² per rank + 1000 per unplaced student, one weighted stage.\n  objectives: [min_cost]\n  rank_cost: squared\n  unplaced_penalty: 1000\n"
        let yaml = """
            # Converted by `placement import` from a benchmark instance (placement-instance-1, seed \(instance.seed.map(String.init) ?? "?")).
            # Bases with an empty language requirement accept nobody in the benchmark's model; written with
            # no seats: \(closed.isEmpty ? "none" : closed.joined(separator: ", ")).
            format_version: 1
            name: \(name)
            terms: [\(instance.terms.joined(separator: ", "))]
            universities: universities.csv
            students: students.csv
            bases: bases.csv
            policy:
            \(policy)
            """
        return [("scenario.yaml", yaml), ("universities.csv", universities.text), ("students.csv", students.text), ("bases.csv", bases.text)]
    }

    /// The bench ranks a base's applicants by gpa + level + score_noise (peers.py, stable_inputs);
    /// the policy's score is grade + level, so the grade carries the noise. gpa has 2 decimals and
    /// the noise 6, so the sum is written with 6: equal sums are then equal grades, a tie that
    /// roster order (= the instance's student order) breaks, as the bench's definition says.
    static func grade(_ s: BenchStudent) -> String { String(format: "%.6f", s.gpa + (s.score_noise ?? 0)) }

    static func country(of university: String, students: [BenchStudent]) -> String {
        // The generator's universities are national; the most common nationality is the country.
        var counts: [String: Int] = [:]
        for s in students where s.university == university { counts[s.nationality, default: 0] += 1 }
        return counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key ?? "CN"
    }

    static func written(language: String, level: Int) -> String {
        switch language {
        case "en": return ["A1", "A2", "B1", "B2", "C1", "C2"][max(1, min(6, level)) - 1]
        case "zh": return "HSK\(level)"
        default: return String(level)
        }
    }
}

/// Minimal CSV text builder for generated files (quotes only when needed).
struct CSVText {
    var text: String
    init(header: [String]) {
        text = ""
        row(header)
    }
    mutating func row(_ fields: [String]) {
        text +=
            fields.map { f in
                f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                    ? "\"" + f.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\"" : f
            }.joined(separator: ",") + "\n"
    }
}
