// SideFlowBench: solves the shared bench's *side* model (../shared/bench/common.py, MipModel with
// side=True) of one placement-instance-1 JSON file with SideConstrainedFlowSolver and prints the
// objective (rank² + penalty per unplaced student), status, bound, nodes, times and peak memory.
// Usage: SideFlowBench INSTANCE.json [--time-limit SECONDS] [--lexicographic]
import Foundation
import PlacementNetwork

/// User + system CPU seconds of this process (wall-clock time is shared with other work on a busy host).
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func peakRSSMiB() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = Double(line.split(separator: " ").dropFirst().first.map(String.init) ?? "0") ?? 0
        return kb / 1024
    }
    return 0
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write("usage: SideFlowBench INSTANCE.json [--time-limit SECONDS] [--lexicographic]\n".data(using: .utf8)!)
    exit(2)
}
var timeLimit: Double? = nil
if let i = arguments.firstIndex(of: "--time-limit"), i + 1 < arguments.count { timeLimit = Double(arguments[i + 1]) }
let lexicographic = arguments.contains("--lexicographic")

let clock = ContinuousClock()
let started = clock.now
let data = try Data(contentsOf: URL(fileURLWithPath: arguments[1]))
let instance = try JSONSerialization.jsonObject(with: data) as! [String: Any]
let terms = instance["terms"] as! [String]
let bases = instance["bases"] as! [[String: Any]]
let students = instance["students"] as! [[String: Any]]
let penalty = Int64((instance["objective"] as? [String: Any])?["unplaced_penalty"] as? Int ?? 1000)
let nt = terms.count
let H = bases.count * nt
var cap = [Int](repeating: 0, count: H)
var minimum = [Int](repeating: 0, count: H)
var baseIndex: [String: Int] = [:]
var baseFields: [Set<String>] = []
var baseRequirements: [[(String, Int)]] = []
var baseShare: [Double?] = []
for (j, b) in bases.enumerated() {
    baseIndex[b["id"] as! String] = j
    let capacity = b["capacity"] as! [String: Int]
    let mn = (b["min_interns"] as? Int) ?? 0
    for (ti, t) in terms.enumerated() {
        cap[j * nt + ti] = capacity[t] ?? 0
        minimum[j * nt + ti] = min(mn, cap[j * nt + ti])
    }
    baseFields.append(Set(b["fields"] as! [String]))
    baseRequirements.append((b["lang_req"] as! [[String: Any]]).map { ($0["lang"] as! String, $0["min"] as! Int) })
    let share = (b["max_nationality_share"] as? Double) ?? (b["max_nationality_share"] as? Int).map(Double.init)
    baseShare.append(share.flatMap { $0 > 0 ? $0 : nil })
}
// Eligible triples in common.Eligible's order: by student, preference, term.
var arcSource: [Int32] = [], arcSink: [Int32] = [], arcCost: [Int64] = []
var nationalityOf: [Int] = []
var nationalityCode: [String: Int] = [:]
for (si, s) in students.enumerated() {
    let nat = s["nationality"] as! String
    if nationalityCode[nat] == nil { nationalityCode[nat] = nationalityCode.count }
    nationalityOf.append(nationalityCode[nat]!)
    let langs = s["languages"] as! [String: Int]
    let field = s["field"] as! String
    let available = Set(s["available"] as! [String])
    let termsAvailable = terms.indices.filter { available.contains(terms[$0]) }
    for (r0, bid) in (s["prefs"] as! [String]).enumerated() {
        guard let j = baseIndex[bid], baseFields[j].contains(field) else { continue }
        guard baseRequirements[j].contains(where: { (langs[$0.0] ?? 0) >= $0.1 }) else { continue }
        for ti in termsAvailable where cap[j * nt + ti] > 0 {
            arcSource.append(Int32(si))
            arcSink.append(Int32(j * nt + ti))
            arcCost.append(Int64((r0 + 1) * (r0 + 1)))
        }
    }
}
// Nationality rows: cap max(1, floor(share·cap)), only where more eligible arcs than the cap.
var arcGroup = [Int32](repeating: -1, count: arcSource.count)
var groupSlot: [Int32] = [], groupCap: [Int] = []
do {
    var count: [Int: Int] = [:]  // key h * 64 + nationality
    for k in 0..<arcSource.count {
        let h = Int(arcSink[k])
        if baseShare[h / nt] != nil { count[h * 64 + nationalityOf[Int(arcSource[k])], default: 0] += 1 }
    }
    var groupId: [Int: Int32] = [:]
    for k in 0..<arcSource.count {
        let h = Int(arcSink[k])
        guard let share = baseShare[h / nt] else { continue }
        let key = h * 64 + nationalityOf[Int(arcSource[k])]
        let limit = max(1, Int((share * Double(cap[h]) + 1e-9).rounded(.down)))
        guard count[key]! > limit else { continue }
        if groupId[key] == nil {
            groupId[key] = Int32(groupSlot.count)
            groupSlot.append(Int32(h))
            groupCap.append(limit)
        }
        arcGroup[k] = groupId[key]!
    }
}
let problem = SideConstrainedProblem(
    sourceCount: students.count, slotCapacities: cap, slotMinimums: minimum,
    arcSource: arcSource, arcSink: arcSink, arcCost: arcCost, arcGroup: arcGroup,
    groupSlot: groupSlot, groupCapacities: groupCap)
let built = clock.now
let cpuBuilt = cpuSeconds()
let limits = NetworkLimits(deadline: timeLimit.map { built + .milliseconds(Int($0 * 1000)) })
let solution = SideConstrainedFlowSolver.solve(problem, objective: lexicographic ? .lexicographic : .penalty(penalty), limits: limits)
let solved = clock.now
func seconds(_ d: Duration) -> String { String(format: "%.3f", Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18) }
let unplaced = students.count - solution.assigned
print("instance \(arguments[1])")
print("students \(students.count) arcs \(arcSource.count) slots \(H) slots-with-minimum \(minimum.filter { $0 > 0 }.count) groups \(groupSlot.count)")
print(
    "objective \(solution.cost + penalty * Int64(unplaced)) (cost \(solution.cost), unplaced \(unplaced)) status \(solution.status) nodes \(solution.nodes)"
)
print(
    "solver units (penalty \(solution.effectivePenalty)): objective \(solution.objective) lower-bound \(solution.lowerBound) root-bound \(solution.rootBound) gap \(String(format: "%.4f", 100 * solution.gap)) %"
)
print(
    "load+build \(seconds(built - started)) s  solve \(seconds(solved - built)) s (cpu \(String(format: "%.3f", cpuSeconds() - cpuBuilt)) s)  total \(seconds(solved - started)) s  peak-rss \(String(format: "%.0f", peakRSSMiB())) MiB"
)
