import Foundation
import PlacementDomain

/// Reads the rows of a large table on every core: the table is cut into consecutive chunks, each
/// read into its own results and diagnostics, which are then joined in row order — the same
/// entities and diagnostics, in the same order, as one pass from the first row to the last.
enum ParallelRows {
    /// Tables with fewer rows are read in one pass.
    static let minimumRows = 4096

    static func map<Input: Sendable, Output: Sendable>(_ inputs: [Input], into d: inout [Diagnostic],
                                                       _ read: @Sendable (Input, inout [Diagnostic]) -> Output?) -> [Output] {
        guard inputs.count >= minimumRows else {
            var outputs: [Output] = []
            outputs.reserveCapacity(inputs.count)
            for input in inputs { if let output = read(input, &d) { outputs.append(output) } }
            return outputs
        }
        let count = 4 * ProcessInfo.processInfo.activeProcessorCount
        let chunks = Chunks<Output>(count)
        DispatchQueue.concurrentPerform(iterations: count) { c in
            var outputs: [Output] = [], diagnostics: [Diagnostic] = []
            for input in inputs[inputs.count * c / count ..< inputs.count * (c + 1) / count] {
                if let output = read(input, &diagnostics) { outputs.append(output) }
            }
            chunks.lock.withLock { chunks.results[c] = (outputs, diagnostics) }
        }
        for chunk in chunks.results { d += chunk.diagnostics }
        return chunks.results.flatMap(\.outputs)
    }
}

/// Each chunk's results, filled in by the thread that read it.
private final class Chunks<Output>: @unchecked Sendable {
    var results: [(outputs: [Output], diagnostics: [Diagnostic])]
    let lock = NSLock()
    init(_ count: Int) { results = Array(repeating: ([], []), count: count) }
}
