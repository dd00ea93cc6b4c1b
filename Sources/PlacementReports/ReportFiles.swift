import PlacementConcurrency
import PlacementDomain

/// Rendering the report folder: which files there are, the jobs that render them on every core,
/// and how a file cut into parts is joined and handed over.
extension ReportSet {
    /// Every file of the report; `ready` is handed each one as soon as it is complete, from the
    /// thread that finished it (the writer puts it on disk while the others are rendered). From
    /// `partsFromStudents` students on, the longest files are rendered in parts (same bytes).
    public func files(ready: (@Sendable (ReportFile) -> Void)? = nil, partsFromStudents: Int = 4096) -> [ReportFile] {
        typealias Part = @Sendable () -> [UInt8]
        // The longest files are cut into parts (ranges of students) so that the cores finish together.
        let students = scenario.students.count, large = students >= partsFromStudents
        var files: [(name: String, parts: [Part])] = [
            ("summary.md", [{ Array(SummaryMarkdown(report: self).render().utf8) }]),
            ("placements.csv", [{ placementsCSV().bytes }]),
            ("placements.xlsx", [{ placementsWorkbook() }]),
            ("rosters.csv", [{ rostersCSV().bytes }]),
            ("rosters.xlsx", [{ rostersWorkbook() }]),
            ("report.json", [{ ReportJSON(report: self).encoded() }])
        ]
        if let figures = statistics.schedule {
            files.append(("schedule.csv", [{ scheduleCSV(figures).bytes }]))
            files.append(("mentors.csv", [{ mentorsCSV(figures).bytes }]))
            files.append(("schedule.ics", [{ scheduleICS(figures) }]))
        }
        if !outcome.changes.isEmpty { files.append(("changes.csv", [{ changesCSV().bytes }])) }
        let explanationParts = large ? 8 : 1, seats = SeatTables(report: self)
        files.append(
            (
                "explanations.csv",
                (0..<explanationParts).map { part in
                    {
                        explanationsCSV(
                            students: students * part / explanationParts..<students * (part + 1) / explanationParts, header: part == 0,
                            seats: seats
                        ).bytes
                    }
                }
            ))
        files.append(("report.html", HTMLReport(report: self).parts(rowParts: large ? 4 : 1)))
        // The job that renders a file's last part joins its parts, hands the file over and hashes
        // it, while the other cores still render. Jobs start longest first (the whole files, the
        // page's top, then the parts), so that the cores finish together.
        typealias Finished = (file: Int, bytes: [UInt8], digest: String)
        let waiting = Locked(PartsInWaiting(partCounts: files.map(\.parts.count)))
        var jobs: [(file: Int, part: Int, job: @Sendable () -> Finished?)] = []
        for (f, file) in files.enumerated() {
            for (k, part) in file.parts.enumerated() {
                jobs.append(
                    (
                        f, k,
                        { [name = file.name] in
                            let rendered = part()
                            guard let parts = waiting.withLock({ $0.add(rendered, file: f, part: k) }) else { return nil }
                            var bytes = parts[0]
                            if parts.count > 1 {
                                bytes.reserveCapacity(parts.reduce(0) { $0 + $1.count })
                                for part in parts.dropFirst() { bytes += part }
                            }
                            ready?(ReportFile(name: name, bytes: bytes))
                            return (f, bytes, SHA256Hex.digest(bytes))
                        }
                    ))
            }
        }
        func startRank(_ job: (file: Int, part: Int, job: @Sendable () -> Finished?)) -> Int {
            switch (files[job.file].name, job.part) {
            case ("report.json", _): return 0
            case ("rosters.csv", _): return 1
            case ("placements.csv", _): return 2
            case ("summary.md", _): return 3
            case ("report.html", 0): return 4
            case ("explanations.csv", _): return 5
            case ("report.html", _): return 6
            default: return 7
            }
        }
        let ordered = jobs.sorted { a, b in
            let (ra, rb) = (startRank(a), startRank(b))
            return ra != rb ? ra < rb : (a.file, a.part) < (b.file, b.part)
        }
        var finished = [(bytes: [UInt8], digest: String)?](repeating: nil, count: files.count)
        for case let file? in parallelMap(count: ordered.count, { ordered[$0].job() }) { finished[file.file] = (file.bytes, file.digest) }
        var written = files.indices.map { ReportFile(name: files[$0].name, bytes: finished[$0]!.bytes) }
        let manifest = Manifest(report: self, outputs: written, digests: files.indices.map { finished[$0]!.digest }).file()
        ready?(manifest)
        written.append(manifest)
        return written
    }
}

/// The rendered parts of each report file, until the last of its parts is there.
private struct PartsInWaiting: Sendable {
    private var parts: [[[UInt8]?]]
    private var missing: [Int]

    init(partCounts: [Int]) {
        parts = partCounts.map { Array(repeating: nil, count: $0) }
        missing = partCounts
    }

    /// Keeps a part; returns all of the file's parts, in order, when this was the last one.
    mutating func add(_ bytes: [UInt8], file: Int, part: Int) -> [[UInt8]]? {
        parts[file][part] = bytes
        missing[file] -= 1
        guard missing[file] == 0 else { return nil }
        defer { parts[file] = [] }
        return parts[file].map { $0! }
    }
}
