// Fuzz target for scenario loading (YAML, JSON and CSV paths).
//
// Built for libFuzzer (Scripts/fuzz.sh): swiftc's -sanitize=fuzzer,address with -DFUZZING, where
// LLVMFuzzerTestOneInput is the entry point. Built normally, it is a corpus replayer:
// `PlacementFuzz FILE...` runs each input once (regression runs of crashes found earlier).
//
// The first input byte chooses the path: 0 = the whole input is the scenario file (YAML or JSON);
// 1 = students.csv of a fixed valid scenario; 2 = bases.csv of it.
import Foundation
import PlacementScenarioIO

let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("placement-fuzz-\(getpid())")

let fixedScenario = """
    format_version: 1
    terms: [T1, T2]
    universities:
      - { id: U1, name: Uni, country: CN, latitude: 25.3, longitude: 110.3 }
    students: students.csv
    bases: bases.csv
    policy: { max_travel_km: 5000 }
    """
let fixedStudents = "id,name,university,nationality,field,languages,preferences\nS1,A,U1,VN,software,en: B2,B1\n"
let fixedBases = "id,name,kind,country,fields,languages,capacity\nB1,Firm,asean_firm,TH,software,en: B1,2\n"

func loadOnce(_ data: [UInt8]) {
    guard let mode = data.first else { return }
    let body = Data(data.dropFirst())
    try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    let scenario = scratch.appendingPathComponent("scenario.yaml")
    func write(_ name: String, _ contents: Data) { try? contents.write(to: scratch.appendingPathComponent(name)) }
    switch mode % 3 {
    case 0:
        write("scenario.yaml", body)
        write("students.csv", Data(fixedStudents.utf8))
        write("bases.csv", Data(fixedBases.utf8))
    case 1:
        write("scenario.yaml", Data(fixedScenario.utf8))
        write("students.csv", body)
        write("bases.csv", Data(fixedBases.utf8))
    default:
        write("scenario.yaml", Data(fixedScenario.utf8))
        write("students.csv", Data(fixedStudents.utf8))
        write("bases.csv", body)
    }
    var options = LoadOptions()
    options.maxYAMLNodes = 200_000
    _ = ScenarioLoader(options: options).check(path: scenario.path)
    if mode % 3 != 0 { checkPiecesAgreeWithOnePass(Array(body), limits: mode) }
}

/// Differential check of the CSV parser: cut at every record end (as files from 1 MiB are), it
/// must give what one pass gives — the same records and lines, or the same first error.
func checkPiecesAgreeWithOnePass(_ bytes: [UInt8], limits: UInt8) {
    let maxRecords = limits & 0x10 != 0 ? Int(limits >> 5) : .max
    let maxFieldBytes = limits & 0x08 != 0 ? Int(limits >> 4) : .max
    func parse(_ piecesFrom: Int) -> String {
        do {
            let table = try CSVTable.parse(bytes, maxRecords: maxRecords, maxFieldBytes: maxFieldBytes, piecesFrom: piecesFrom)
            return "\(table.header) \(table.headerLine) \(table.records.map { "\($0.line):\($0.fields)" })"
        } catch {
            return "error \(error)"
        }
    }
    let onePass = parse(.max), inPieces = parse(0)
    if onePass != inPieces { fatalError("CSV in pieces differs from one pass:\n\(onePass)\n\(inPieces)") }
}

#if FUZZING
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
        guard let bytes else { return 0 }
        loadOnce(Array(UnsafeBufferPointer(start: bytes, count: count)))
        return 0
    }

    @_silgen_name("LLVMFuzzerRunDriver")
    func runDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    /// SwiftPM links an executable's entry point as <Module>_main; hand control to libFuzzer's driver.
    @_cdecl("PlacementFuzz_main")
    public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var count = argc
        var arguments = argv
        return runDriver(&count, &arguments, fuzzOne)
    }
#else
    @main
    struct CorpusReplayer {
        static func main() {
            var replayed = 0
            for path in CommandLine.arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                loadOnce(Array(data))
                replayed += 1
            }
            try? FileManager.default.removeItem(at: scratch)
            print("replayed \(replayed) input(s) without a crash")
        }
    }
#endif
