/// A 13-digit corporate number (法人番号) whose check digit is right.
///
/// The National Tax Agency gives one to every registered corporation and to each local government.
/// The FIRST digit is a check digit over the other twelve: with Pn the n-th digit of the 12-digit base
/// counted from the right (P1 is the last digit) and Qn = 1 for odd n, 2 for even n, the check digit
/// is 9 − (Σ Pn·Qn mod 9), so never 0. 東京都 8000020130001: the base 000020130001 gives
/// Σ = 1·1 + 3·1 + 1·2 + 2·2 = 10, 10 mod 9 = 1, 9 − 1 = 8.
///
/// Being mod 9, the check catches every change of one base digit except 0 ↔ 9, and every swap of
/// two neighbouring base digits except 0 and 9: those typing mistakes still give a valid number.
/// A value of this type always holds a number with the right check digit; functions taking one
/// never re-check it.
public struct CorporateNumber: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The thirteen ASCII digits, check digit first.
    public let rawValue: String

    /// Parses a number typed by a person or copied from a document.
    ///
    /// Full-width digits (８０００…) are accepted and surrounding spaces ignored. The digits may also
    /// be split into groups by single hyphens or spaces, e.g. `8-0000-2013-0001` or `8 0000 2013 0001`:
    /// people copy numbers from letters and forms that group them for reading, and a Japanese input
    /// method in kana mode turns the hyphen key into ー, which is accepted too. Any grouping is
    /// allowed because the check digit, not the layout, is what protects the number. Anything else —
    /// letters, other lengths, a wrong check digit — is rejected. That includes the `T` of an invoice
    /// registration number: a corporation's is T and its corporate number, but a sole trader's is T
    /// and a number that is not a corporate number, so accepting it would let those in.
    public init(_ text: String) throws(InvalidCorporateNumber) {
        var digits: [Int] = []
        var previousWasSeparator = false
        for scalar in text.trimmingWhitespace().unicodeScalars {
            if let digit = Self.digitValue(scalar) {
                digits.append(digit)
                previousWasSeparator = false
            } else if Self.isSeparator(scalar), !digits.isEmpty, !previousWasSeparator {
                previousWasSeparator = true
            } else {
                throw InvalidCorporateNumber(input: text, reason: .format)
            }
        }
        // A trailing separator ("8000-") means something was cut off.
        guard digits.count == 13, !previousWasSeparator else {
            throw InvalidCorporateNumber(input: text, reason: .format)
        }
        let expected = Self.checkDigit(forBase: Array(digits.dropFirst()))
        guard digits[0] == expected else {
            throw InvalidCorporateNumber(input: text, reason: .checkDigit(expected: expected))
        }
        rawValue = digits.map(String.init).joined()
    }

    /// The valid corporate number whose base (the last twelve digits) is `base`, or nil unless `base`
    /// is exactly twelve ASCII digits. For generating test and sample data; numbers people type go
    /// through `init(_:)`.
    public init?(base: String) {
        let scalars = Array(base.unicodeScalars)
        let digits = scalars.compactMap { ("0"..."9").contains($0) ? Int($0.value - 0x30) : nil }
        guard scalars.count == 12, digits.count == 12 else { return nil }
        rawValue = String(Self.checkDigit(forBase: digits)) + base
    }

    /// The check digit over a 12-digit base, 1…9 (see the type's documentation for the formula).
    static func checkDigit(forBase base: [Int]) -> Int {
        // Counted from the right, odd positions weigh 1 and even positions 2.
        let sum = base.reversed().enumerated().reduce(0) { sum, element in
            sum + element.element * (element.offset.isMultiple(of: 2) ? 1 : 2)
        }
        return 9 - sum % 9
    }

    /// The value of an ASCII or full-width digit.
    private static func digitValue(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar.value {
        case 0x30...0x39: Int(scalar.value - 0x30)
        // U+FF10…U+FF19 are the full-width digits ０…９.
        case 0xFF10...0xFF19: Int(scalar.value - 0xFF10)
        default: nil
        }
    }

    /// Hyphens, minus signs, the long-vowel mark and spaces that may separate groups of digits.
    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        // - ‐ ‑ ‒ – − － ー ｰ, then space and ideographic space.
        [0x2D, 0x2010, 0x2011, 0x2012, 0x2013, 0x2212, 0xFF0D, 0x30FC, 0xFF70, 0x20, 0x3000].contains(scalar.value)
    }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Why a text is not a corporate number.
public struct InvalidCorporateNumber: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// Not thirteen digits (optionally grouped by hyphens or spaces).
        case format
        /// Thirteen digits whose first digit is not the check digit of the other twelve.
        case checkDigit(expected: Int)
    }

    public let input: String
    public let reason: Reason

    public var description: String { message.english }
}
