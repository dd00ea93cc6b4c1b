/// Report text built as UTF-8 bytes. Appending a piece is a copy of its bytes, with none of a
/// `String`'s per-append bookkeeping: the large reports (100,000 rows) are built this way.
struct ReportText {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ byte: UInt8) { bytes.append(byte) }

    mutating func append(_ utf8: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: utf8) }

    mutating func append(_ utf8: [UInt8]) { bytes.append(contentsOf: utf8) }

    /// A whole number in decimal, as `String(n)` writes it (no allocation: a small string).
    mutating func append(_ n: Int) { append(String(n)) }

    /// `text` HTML-escaped: & < > " ' become entities (the same bytes as `htmlEsc`).
    mutating func appendHTML(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for (i, byte) in utf8.enumerated() {
                let entity: StaticString
                switch byte {
                case UInt8(ascii: "&"): entity = "&amp;"
                case UInt8(ascii: "<"): entity = "&lt;"
                case UInt8(ascii: ">"): entity = "&gt;"
                case UInt8(ascii: "\""): entity = "&quot;"
                case UInt8(ascii: "'"): entity = "&#39;"
                default: continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i]))
                bytes.append(contentsOf: UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
                start = i + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    static func += (text: inout ReportText, piece: String) { text.append(piece) }
}
