import Foundation
import PlacementConcurrency

/// Why a report folder could not be written. In every case nothing on disk changed: no partial
/// folder is left behind and an earlier report is intact.
public enum ReportOutputError: Error, Equatable, CustomStringConvertible {
    /// The folder exists and --force was not given.
    case alreadyExists(path: String)
    /// --force was given, but the path is not a folder this tool wrote (a file, or a folder
    /// without the tool's marker file); it is never replaced.
    case notReplaceable(path: String, marker: String)
    /// The parent folder cannot be created or written (permissions, read-only disk, …).
    case notWritable(path: String, reason: String)
    /// Writing a file failed part-way (disk full, …); the temporary folder was removed.
    case writeFailed(path: String, reason: String)
    /// A folder that must be new or empty (`init`) holds files; nothing was changed.
    case notEmpty(path: String)

    public var description: String {
        switch self {
        case let .alreadyExists(path):
            return "report folder \(path) already exists; use --force to replace it (the old report is kept until the new one is complete)"
        case let .notReplaceable(path, marker):
            return "\(path) exists and is not a folder written by placement (no \(marker) inside); it is left untouched — choose another --out"
        case let .notWritable(path, reason):
            return "cannot write to \(path): \(reason)"
        case let .writeFailed(path, reason):
            return "writing \(path) failed: \(reason); nothing was changed"
        case let .notEmpty(path):
            return "\(path) exists and is not an empty folder; init writes only into a new or empty folder (nothing was changed)"
        }
    }
}

public struct ReportFile: Sendable {
    public let name: String
    public let bytes: [UInt8]
    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }
    public init(name: String, text: String) {
        self.init(name: name, bytes: Array(text.utf8))
    }
}

/// Writes a report folder atomically: every file goes into a hidden temporary folder beside the
/// destination, is flushed to disk, and the folder is renamed into place. With `force`, an existing
/// folder is first renamed aside and removed only after the new one is in place.
public struct AtomicFolderWriter: Sendable {
    public let destination: String
    public let force: Bool
    /// With `force`, an existing destination is replaced only if it is an empty folder or holds
    /// this file (a folder the tool wrote before), so --force never deletes anything else.
    public let marker: String

    public init(destination: String, force: Bool, marker: String = "manifest.json") {
        self.destination = destination
        self.force = force
        self.marker = marker
    }

    public func write(_ files: [ReportFile]) throws(ReportOutputError) {
        try write { add in DispatchQueue.concurrentPerform(iterations: files.count) { add(files[$0]) } }
    }

    /// Writes the files `produce` hands to `add`, each as soon as it is ready and from any thread
    /// (a report's files are written while the others are still being rendered), then puts the
    /// folder in place. The checks run before `produce` is called, so a refused destination costs
    /// no rendering; a failed write is reported once `produce` returns, and nothing is changed.
    public func write(streaming produce: (_ add: @escaping @Sendable (ReportFile) -> Void) -> Void) throws(ReportOutputError) {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: destination).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        // First put back an earlier report a killed run had set aside, so that the check below
        // sees it: without --force it must then be refused, not silently replaced.
        Self.recoverInterruptedWrites(of: target, in: parent)
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: target.path, isDirectory: &isDirectory) {
            guard force else { throw .alreadyExists(path: destination) }
            let contents = (try? fm.contentsOfDirectory(atPath: target.path)) ?? []
            guard isDirectory.boolValue, contents.isEmpty || contents.contains(marker) else {
                throw .notReplaceable(path: destination, marker: marker)
            }
        }
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw .notWritable(path: parent.path, reason: Self.reason(error))
        }
        // access(2) tells a read-only file system (EROFS) from missing permission (EACCES).
        guard access(parent.path, W_OK) == 0 else { throw .notWritable(path: parent.path, reason: String(cString: strerror(errno))) }
        let suffix = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        let temporary = parent.appendingPathComponent(".\(target.lastPathComponent).tmp-\(suffix)")
        do {
            try fm.createDirectory(at: temporary, withIntermediateDirectories: false)
        } catch {
            throw .writeFailed(path: destination, reason: Self.reason(error))
        }
        let sink = FileSink(folder: temporary)
        produce(sink.add)
        if let error = sink.firstError.withLock({ $0 }) {
            try? fm.removeItem(at: temporary)
            throw .writeFailed(path: destination, reason: Self.reason(error))
        }
        var aside: URL? = nil
        if fm.fileExists(atPath: target.path) {
            let moved = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(suffix)")
            do { try fm.moveItem(at: target, to: moved) } catch {
                try? fm.removeItem(at: temporary)
                throw .notWritable(path: destination, reason: Self.reason(error))
            }
            aside = moved
        }
        if rename(temporary.path, target.path) != 0 {
            let reason = String(cString: strerror(errno))
            if let aside { _ = rename(aside.path, target.path) }
            try? fm.removeItem(at: temporary)
            throw .writeFailed(path: destination, reason: reason)
        }
        if let aside { try? fm.removeItem(at: aside) }
        Self.syncDirectory(parent.path)
    }

    /// A process killed while writing (SIGKILL, power loss) leaves a hidden `.NAME.tmp-PID-…`
    /// folder, or, in the instant between moving an old report aside and renaming the new one into
    /// place, a hidden `.NAME.old-PID-…` with no NAME. Left by a process that no longer runs, the
    /// first is removed and the second is put back, so the earlier report is never lost.
    static func recoverInterruptedWrites(of target: URL, in parent: URL) {
        let fm = FileManager.default
        let name = target.lastPathComponent
        guard let entries = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
        for entry in entries.sorted() {
            for kind in ["tmp", "old"] {
                let prefix = ".\(name).\(kind)-"
                guard entry.hasPrefix(prefix), let pid = Int32(entry.dropFirst(prefix.count).split(separator: "-").first ?? "") else { continue }
                if pid == getpid() || kill(pid, 0) == 0 { continue }  // its writer is still running
                let path = parent.appendingPathComponent(entry)
                if kind == "old" && !fm.fileExists(atPath: target.path) {
                    _ = rename(path.path, target.path)
                } else {
                    try? fm.removeItem(at: path)
                }
            }
        }
    }

    static func writeDurably(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            offset += n
        }
        guard fsync(fd) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY)
        if fd >= 0 { fsync(fd); close(fd) }
    }

    static func reason(_ error: Error) -> String {
        if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        return (error as NSError).localizedDescription
    }
}

/// Writes each file it is given into the temporary folder, from any thread, and keeps the
/// first error; after one, the remaining files are not written.
private struct FileSink: Sendable {
    let folder: URL
    let firstError = Locked<Error?>(nil)

    func add(_ file: ReportFile) {
        if firstError.withLock({ $0 != nil }) { return }
        do {
            let path = folder.appendingPathComponent(file.name)
            if file.name.contains("/") {
                try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
            }
            try AtomicFolderWriter.writeDurably(file.bytes, to: path.path)
        } catch {
            firstError.withLock { if $0 == nil { $0 = error } }
        }
    }
}
