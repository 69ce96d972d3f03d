/// A 6-digit local-government code (全国地方公共団体コード, JIS X 0402) whose check digit is right.
///
/// The first two digits are the prefecture (01 北海道 … 47 沖縄県). The sixth is a check digit over
/// the first five, d1…d5: S = 6·d1 + 5·d2 + 4·d3 + 3·d4 + 2·d5 and the check digit is
/// (11 − S mod 11) mod 10. 宇多津町 37386: S = 101, 101 mod 11 = 2, 11 − 2 = 9 → `373869`.
/// A value of this type always holds such a code: functions taking one never re-check it.
public struct MunicipalityCode: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The six ASCII digits.
    public let rawValue: String

    /// Parses a code typed by a person: full-width digits (３７３８６９) are accepted, surrounding
    /// spaces ignored; anything but six digits with the right check digit is rejected.
    public init(_ text: String) throws(InvalidMunicipalityCode) {
        if Self.isCanonical(text) {
            self.init(canonical: text)
        } else {
            try self.init(parsing: text)
        }
    }

    private init(canonical: String) {
        rawValue = canonical
    }

    /// The general path of ``init(_:)``: normalises what a person typed and explains a rejection.
    init(parsing text: String) throws(InvalidMunicipalityCode) {
        let digits = text.trimmingWhitespace().unicodeScalars.map { scalar -> Unicode.Scalar in
            // U+FF10…U+FF19 are the full-width digits ０…９.
            if (0xFF10...0xFF19).contains(scalar.value), let ascii = Unicode.Scalar(scalar.value - 0xFF10 + 0x30) {
                return ascii
            }
            return scalar
        }
        let values = digits.compactMap { scalar -> Int? in
            ("0"..."9").contains(scalar) ? Int(scalar.value - 0x30) : nil
        }
        guard values.count == digits.count, values.count == 6 else {
            if values.count == digits.count, values.count == 5 {
                let suggestion = String(String.UnicodeScalarView(digits)) + String(Self.checkDigit(values))
                throw InvalidMunicipalityCode(input: text, reason: .fiveDigits(suggestion: suggestion))
            }
            throw InvalidMunicipalityCode(input: text, reason: .format)
        }
        let expected = Self.checkDigit(Array(values.prefix(5)))
        guard values[5] == expected else {
            throw InvalidMunicipalityCode(input: text, reason: .checkDigit(expected: expected))
        }
        let prefecture = values[0] * 10 + values[1]
        guard (1...47).contains(prefecture) else {
            throw InvalidMunicipalityCode(input: text, reason: .prefecture)
        }
        self.init(canonical: String(String.UnicodeScalarView(digits)))
    }

    /// Whether `text` is already a valid code as stored: six ASCII digits, a prefecture 01…47, the
    /// right check digit. Codes read from the database take this path (no copy, no allocation);
    /// anything else is parsed, and its error explained, by the general path.
    static func isCanonical(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard bytes.count == 6, bytes.allSatisfy({ (0x30...0x39).contains($0) }) else { return false }
            let digits = bytes.lazy.map { Int($0) - 0x30 }
            return (1...47).contains(digits[0] * 10 + digits[1]) && digits[5] == checkDigit(digits.prefix(5))
        } ?? false
    }

    /// The check digit over the first five digits of a code.
    static func checkDigit(_ digits: some Sequence<Int>) -> Int {
        let weights = [6, 5, 4, 3, 2]
        let sum = zip(digits.prefix(5), weights).reduce(0) { $0 + $1.0 * $1.1 }
        return (11 - sum % 11) % 10
    }

    /// The two-digit prefecture code, `37` for 香川県.
    public var prefectureCode: String { String(rawValue.prefix(2)) }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Why a text is not a local-government code.
public struct InvalidMunicipalityCode: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        case format
        case fiveDigits(suggestion: String)
        case checkDigit(expected: Int)
        case prefecture
    }

    public let input: String
    public let reason: Reason

    public var description: String { message.english }
}
