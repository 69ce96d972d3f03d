import ArgumentParser
import Foundation

/// The text encodings an import file may be in.
///
/// Most municipal spreadsheets are saved from Excel as "CSV (comma delimited)", which on Japanese
/// Windows is CP932 (Microsoft's Shift_JIS, with the NEC and IBM extensions such as ①, ㈱ and 髙);
/// newer ones are UTF-8, often with a byte-order mark ("CSV UTF-8").
enum TextEncoding: String, CaseIterable, Sendable {
    case utf8 = "utf-8"
    case cp932

    var displayName: String {
        switch self {
        case .utf8: "UTF-8"
        case .cp932: "CP932 (Shift_JIS)"
        }
    }

    /// The encoding of the file at `url`: UTF-8 when it starts with the UTF-8 byte-order mark or
    /// is valid UTF-8 throughout, else CP932.
    ///
    /// The whole file is checked, in blocks, rather than its first kilobytes: a list can be ASCII
    /// for thousands of rows before its first Japanese note. A CP932 text of any length is almost
    /// never valid UTF-8 (its lead bytes 0x81–0x9F are UTF-8 continuation bytes).
    static func detect(fileAt url: URL) throws -> TextEncoding {
        let file = try FileHandle(forReadingFrom: url)
        defer { try? file.close() }
        var validator = UTF8Validator()
        var first = true
        while let block = try file.read(upToCount: 1 << 16), !block.isEmpty {
            if first && block.starts(with: UTF8Validator.byteOrderMark) { return .utf8 }
            first = false
            let valid = block.withUnsafeBytes { bytes in validator.consume(bytes.bindMemory(to: UInt8.self)) == nil }
            if !valid { return .cp932 }
        }
        return validator.isComplete ? .utf8 : .cp932
    }
}

/// `--encoding auto|utf-8|cp932`.
enum EncodingChoice: String, CaseIterable, ExpressibleByArgument {
    case auto
    case utf8 = "utf-8"
    case cp932

    init?(argument: String) {
        switch argument.lowercased() {
        case "auto": self = .auto
        case "utf-8", "utf8": self = .utf8
        case "cp932", "shift_jis", "shift-jis", "sjis", "windows-31j", "ms932": self = .cp932
        default: return nil
        }
    }
}

/// Checks that bytes are UTF-8, block by block: a character may be split between two blocks.
struct UTF8Validator {
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Continuation bytes the current character still needs, and the range the next one must be
    /// in (narrower after E0, ED, F0 and F4, which rules out overlong forms, surrogates and code
    /// points past U+10FFFF).
    private var needed = 0
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF

    /// Whether the bytes so far end on a character boundary.
    var isComplete: Bool { needed == 0 }

    /// Consumes `bytes`; returns the offset in `bytes` of the first byte that is not UTF-8.
    mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        for (offset, byte) in bytes.enumerated() {
            if needed == 0 {
                switch byte {
                case 0x00...0x7F: continue
                case 0xC2...0xDF: (needed, lower, upper) = (1, 0x80, 0xBF)
                case 0xE0: (needed, lower, upper) = (2, 0xA0, 0xBF)
                case 0xE1...0xEC, 0xEE...0xEF: (needed, lower, upper) = (2, 0x80, 0xBF)
                case 0xED: (needed, lower, upper) = (2, 0x80, 0x9F)
                case 0xF0: (needed, lower, upper) = (3, 0x90, 0xBF)
                case 0xF1...0xF3: (needed, lower, upper) = (3, 0x80, 0xBF)
                case 0xF4: (needed, lower, upper) = (3, 0x80, 0x8F)
                default: return offset
                }
            } else {
                guard byte >= lower && byte <= upper else { return offset }
                needed -= 1
                (lower, upper) = (0x80, 0xBF)
            }
        }
        return nil
    }
}
