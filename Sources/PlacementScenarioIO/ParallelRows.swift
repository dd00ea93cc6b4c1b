import Foundation
import PlacementConcurrency
import PlacementDomain

/// Reads the rows of a large table on every core: the table is cut into consecutive chunks, each
/// read into its own results and diagnostics, which are then joined in row order — the same
/// entities and diagnostics, in the same order, as one pass from the first row to the last.
enum ParallelRows {
    /// Tables with fewer rows are read in one pass.
    static let minimumRows = 4096

    static func map<Input: Sendable, Output: Sendable>(
        _ inputs: [Input], into d: inout [Diagnostic],
        _ read: @Sendable (Input, inout [Diagnostic]) -> Output?
    ) -> [Output] {
        guard inputs.count >= minimumRows else {
            var outputs: [Output] = []
            outputs.reserveCapacity(inputs.count)
            for input in inputs { if let output = read(input, &d) { outputs.append(output) } }
            return outputs
        }
        let count = 4 * ProcessInfo.processInfo.activeProcessorCount
        let chunks = parallelMap(count: count) { c in
            var outputs: [Output] = [], diagnostics: [Diagnostic] = []
            for input in inputs[inputs.count * c / count..<inputs.count * (c + 1) / count] {
                if let output = read(input, &diagnostics) { outputs.append(output) }
            }
            return (outputs: outputs, diagnostics: diagnostics)
        }
        for chunk in chunks { d += chunk.diagnostics }
        return chunks.flatMap(\.outputs)
    }
}
