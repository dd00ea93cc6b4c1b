/// Text files as spreadsheet programs save them, turned into UTF-8 before they are parsed: UTF-8
/// (with or without a byte-order mark) as it is, UTF-16 with a byte-order mark ("Unicode text")
/// transcoded. Other encodings cannot be told apart reliably, so a file that is not UTF-8 is
/// refused with the fix; `guessedEncoding` names the likely one (GBK/GB18030 is what
/// Chinese-language Excel writes as "CSV").
enum TextEncoding {
    enum Failure: Error, Equatable {
        /// UTF-16 with an unpaired surrogate at this line.
        case invalidUTF16(line: Int)
    }

    /// The bytes as UTF-8 (a UTF-16 file transcoded; its byte-order mark dropped).
    static func utf8(_ bytes: [UInt8]) throws(Failure) -> [UInt8] {
        guard bytes.count >= 2 else { return bytes }
        let littleEndian: Bool
        switch (bytes[0], bytes[1]) {
        case (0xFF, 0xFE): littleEndian = true
        case (0xFE, 0xFF): littleEndian = false
        default: return bytes
        }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = 2
        while i + 1 < bytes.count {
            units.append(littleEndian ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]))
            i += 2
        }
        var output: [UInt8] = []
        output.reserveCapacity(units.count + units.count / 2)
        var line = 1
        let failed = transcode(units.makeIterator(), from: UTF16.self, to: UTF8.self, stoppingOnError: true) { byte in
            if byte == 0x0A { line += 1 }
            output.append(byte)
        }
        if failed { throw .invalidUTF16(line: line) }
        return output
    }

    /// For a file that is not valid UTF-8: the encoding it most likely has, for the message.
    static func guessedEncoding(_ bytes: [UInt8]) -> String {
        // GBK/GB18030 double-byte characters: a lead byte 0x81–0xFE and a trail byte 0x40–0xFE
        // (not 0x7F). In Latin-1/Windows-1252 text, high bytes mostly stand alone.
        var pairs = 0, strays = 0, i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            if (0x81...0xFE).contains(b), i + 1 < bytes.count, (0x40...0xFE).contains(bytes[i + 1]), bytes[i + 1] != 0x7F {
                pairs += 1
                i += 2
            } else {
                strays += 1
                i += 1
            }
        }
        if pairs > 0 && strays * 10 <= pairs { return "GBK/GB18030 (what Chinese-language Excel saves as \"CSV\")" }
        return "a legacy 8-bit encoding such as Windows-1252"
    }
}
