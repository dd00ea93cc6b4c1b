/// Pretty-printed JSON with sorted keys, byte for byte as Foundation's `JSONEncoder` writes it
/// with `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]` — two-space indents,
/// `"key" : value`, an empty container as `[` newline newline `]`, a number as its `description`
/// without a trailing `.0`, a non-finite one as the string "inf", "-inf" or "nan", an absent
/// optional left out — at a fraction of its cost (report.json has 100,000 placements).
///
/// Each type writes its own fields, in sorted key order (checked in debug builds).
struct JSONWriter {
    private(set) var text = ReportText()
    private var depth = 0
    /// Nothing written yet in the innermost open container.
    private var empty = true
    #if DEBUG
        private var lastKeys: [String] = [""]
    #endif

    /// `value` as one JSON document.
    static func document(_ value: some JSONWritable) -> [UInt8] {
        var w = JSONWriter()
        value.write(to: &w)
        return w.text.bytes
    }

    /// An object; `body` writes its fields.
    mutating func object(_ body: (inout JSONWriter) -> Void) {
        open(UInt8(ascii: "{"))
        body(&self)
        close(UInt8(ascii: "}"))
    }

    /// An array of `items`.
    mutating func array<Item: JSONWritable>(_ items: some Sequence<Item>) {
        open(UInt8(ascii: "["))
        for item in items {
            separate()
            item.write(to: &self)
        }
        close(UInt8(ascii: "]"))
    }

    /// A field of the object being written; keys must come in sorted order.
    mutating func field(_ key: String, _ value: some JSONWritable) {
        #if DEBUG
            assert(lastKeys[lastKeys.count - 1] < key || empty, "JSON keys out of order: \(lastKeys[lastKeys.count - 1]) before \(key)")
            lastKeys[lastKeys.count - 1] = key
        #endif
        separate()
        string(key)
        text += " : "
        value.write(to: &self)
    }

    /// A field that is left out when `value` is nil (as `encodeIfPresent` does).
    mutating func field(_ key: String, _ value: (some JSONWritable)?) {
        if let value { field(key, value) }
    }

    mutating func string(_ s: String) {
        var s = s
        text.append(UInt8(ascii: "\""))
        s.withUTF8 { utf8 in
            var start = 0
            for (i, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                text.append(UnsafeBufferPointer(rebasing: utf8[start..<i]))
                start = i + 1
                switch byte {
                case UInt8(ascii: "\""): text += "\\\""
                case UInt8(ascii: "\\"): text += "\\\\"
                case 0x0A: text += "\\n"
                case 0x0D: text += "\\r"
                case 0x09: text += "\\t"
                case 0x08: text += "\\b"
                case 0x0C: text += "\\f"
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    text += "\\u00"
                    text.append(hex[Int(byte >> 4)])
                    text.append(hex[Int(byte & 15)])
                }
            }
            text.append(UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        text.append(UInt8(ascii: "\""))
    }

    mutating func number(_ x: Double) {
        guard x.isFinite else { string(x.isNaN ? "nan" : x > 0 ? "inf" : "-inf"); return }
        var s = x.description
        if s.hasSuffix(".0") { s.removeLast(2) }
        text += s
    }

    mutating func integer(_ n: Int) { text.append(n) }

    mutating func bool(_ b: Bool) { text += b ? "true" : "false" }

    private mutating func open(_ bracket: UInt8) {
        text.append(bracket)
        depth += 1
        empty = true
        #if DEBUG
            lastKeys.append("")
        #endif
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        if empty { text.append(UInt8(ascii: "\n")) }
        newLine()
        text.append(bracket)
        empty = false
        #if DEBUG
            lastKeys.removeLast()
        #endif
    }

    /// Before an element or field: a comma after the previous one, a new line and the indent.
    private mutating func separate() {
        if !empty { text.append(UInt8(ascii: ",")) }
        empty = false
        newLine()
    }

    private mutating func newLine() {
        if depth < Self.indents.count {
            text.append(Self.indents[depth])
        } else {
            text.append(UInt8(ascii: "\n"))
            for _ in 0..<depth { text += "  " }
        }
    }

    /// A new line and the indent of each depth up to 8, ready to copy.
    private static let indents: [[UInt8]] = (0..<8).map { [UInt8(ascii: "\n")] + Array(repeating: UInt8(ascii: " "), count: 2 * $0) }
}

/// A value that writes itself as JSON.
protocol JSONWritable {
    func write(to w: inout JSONWriter)
}

extension String: JSONWritable { func write(to w: inout JSONWriter) { w.string(self) } }
extension Int: JSONWritable { func write(to w: inout JSONWriter) { w.integer(self) } }
extension Double: JSONWritable { func write(to w: inout JSONWriter) { w.number(self) } }
extension Bool: JSONWritable { func write(to w: inout JSONWriter) { w.bool(self) } }
extension Array: JSONWritable where Element: JSONWritable { func write(to w: inout JSONWriter) { w.array(self) } }
extension Dictionary: JSONWritable where Key == String, Value: JSONWritable {
    func write(to w: inout JSONWriter) {
        w.object { w in for key in keys.sorted() { w.field(key, self[key]!) } }
    }
}
