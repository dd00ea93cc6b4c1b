/// Limits that keep hostile or broken input from exhausting the machine, and the path rule.
/// Each limit is refused with a clear diagnostic; options raise them.
public struct LoadOptions: Sendable {
    /// Largest scenario or roster file read, in bytes.
    public var maxFileBytes: Int = 256 * 1024 * 1024
    /// Most data rows in one roster table.
    public var maxRows: Int = 2_000_000
    /// Longest single field, in bytes.
    public var maxFieldBytes: Int = 10_000
    /// Most YAML nodes visited (counts each use of an alias again, so alias bombs stop quickly).
    public var maxYAMLNodes: Int = 20_000_000
    /// Deepest YAML nesting.
    public var maxYAMLDepth: Int = 64
    /// Allow roster paths outside the scenario's folder (and symbolic links).
    public var allowOutsidePaths: Bool = false

    public init() {}
}
