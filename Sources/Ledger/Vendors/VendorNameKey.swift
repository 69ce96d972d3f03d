import Foundation

/// The key under which the spellings of one vendor's name meet, so that `株式会社ＡＢＣシステム`,
/// `㈱ ＡＢＣ システム` and `ABCシステム(株)` are recognised as the same vendor.
///
/// Municipal ledgers are typed by many people over many years: the same company appears with its
/// legal form in front (前株), behind (後株) or abbreviated, in full-width or half-width letters, with
/// or without spaces and middle dots. The key keeps what tells vendors apart — the letters, digits
/// and kana of the name, in one form — and drops what does not. It does not transliterate:
/// `NTTデータ` and `エヌ・ティ・ティ・データ` are different keys, because guessing readings would merge
/// vendors that are not the same.
///
/// The rules, in the order they are applied (the order matters; each says why it is there):
/// 1. Enclosed ideographs that NFKC would turn into a bare character (㊑ → 株, ㏍ → KK) are first
///    spelled as their parenthesised abbreviation (`(株)`), so rule 5 recognises them.
/// 2. NFKC, then NFC: full-width letters, digits and parentheses become ASCII, half-width katakana
///    (ｴｲﾁ) becomes full-width, and ㈱ becomes `(株)` and ㍿ `株式会社`. NFC again because Foundation
///    on Linux leaves ﾂﾞ as ツ + U+3099 after NFKC, and keys are compared code point by code point.
/// 3. Latin letters are lowercased (`ABC` and `abc` are typed for the same company), hiragana become
///    katakana (names are written in either), and small kana become large: official names and
///    everyday spellings differ exactly there (キヤノン / キャノン, 富士フイルム / 富士フィルム), and
///    bank account names, which ledgers copy, have no small kana at all.
/// 4. A dash or long-vowel sign after katakana (- ‐ − – — ― ~ 〜 ｰ ー …) becomes ー: people type
///    whichever their keyboard gives them for the long vowel (システム-ワン, システム～ワン). Anywhere else
///    a dash is punctuation (ABC-DEF) and goes with rule 6.
/// 5. Legal forms written as separate words are removed: Latin ones (`Co., Ltd.`, `Inc.`,
///    `Corporation`, `K.K.` …) only when they stand as words of their own, so the letters of names
///    such as `Incline` survive; parenthesised abbreviations (`(株)`, `(有)`, `(一社)` …), also with
///    only the closing parenthesis at the start (`株)ABC`) or only the opening one at the end
///    (`ABC(株`), as they are cut short in narrow ledger columns.
/// 6. Spaces (U+3000 included), punctuation (・, parentheses, commas, dots, dashes) and invisible
///    format characters are removed: they are typed inconsistently and never distinguish vendors.
/// 7. Spelled-out legal forms (株式会社, 有限会社, 一般社団法人, カブシキガイシャ …) are removed wherever
///    they stand — in front, behind, or in the middle (`ABC株式会社東京`) — after the spaces are gone,
///    so that `株式 会社` is caught as well.
///
/// Removing a form can bring another together (`カブシキガイシャ-ABC` leaves `ーabc`, whose dash is no
/// longer after katakana), so the rules are applied again until nothing changes. The key of a key
/// is therefore the key itself, and a key stored in the database can be read back with `init(_:)`.
public struct VendorNameKey: Hashable, Sendable, CustomStringConvertible {
    /// The normalised name: NFC, no spaces or punctuation, no legal form.
    public let rawValue: String

    /// The key of a vendor's name as a person typed it; throws when the name is blank or nothing
    /// but a legal form and punctuation (`株式会社`, `(株)`).
    public init(_ name: String) throws(InvalidVendorName) {
        guard !name.trimmingWhitespace().isEmpty else {
            throw InvalidVendorName(input: name, reason: .blank)
        }
        var key = Self.normalisedOnce(name)
        while true {
            let next = Self.normalisedOnce(key)
            // After the first pass a pass only removes characters, so the key shrinks until it is stable.
            guard next.unicodeScalars.count < key.unicodeScalars.count else { break }
            key = next
        }
        guard !key.isEmpty else {
            throw InvalidVendorName(input: name, reason: .nothingLeft)
        }
        rawValue = key
    }

    public var description: String { rawValue }

    /// One application of rules 1–7.
    private static func normalisedOnce(_ text: String) -> String {
        let folded = Self.folded(text)
        let dashes = Self.unifyingDashes(Array(folded.unicodeScalars))
        let withoutWords = Self.removingLegalFormWords(dashes)
        let compact = String(String.UnicodeScalarView(withoutWords.filter { !Self.isRemovedSeparator($0) }))
        var result = compact.precomposedStringWithCanonicalMapping
        for form in Self.spelledOutLegalForms {
            result = result.replacing(form, with: "")
        }
        return result.precomposedStringWithCanonicalMapping
    }

    // MARK: Rules 1–3: one form per character

    /// Rules 1 to 3. Also applied to the lists of legal forms below, so that they are written
    /// naturally (カブシキガイシャ) and still match the folded text (カブシキガイシヤ).
    private static func folded(_ text: String) -> String {
        var enclosed = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if let abbreviation = enclosedIdeographs[scalar.value] {
                enclosed.append(contentsOf: abbreviation.unicodeScalars)
            } else {
                enclosed.append(scalar)
            }
        }
        let compatible = String(enclosed).precomposedStringWithCompatibilityMapping
            .precomposedStringWithCanonicalMapping.lowercased()
        var scalars = String.UnicodeScalarView()
        for scalar in compatible.unicodeScalars {
            scalars.append(largeKatakana(scalar))
        }
        return String(scalars).precomposedStringWithCanonicalMapping
    }

    /// ㊑ ㊒ ㊓ ㊔ ㊖ ㏍: NFKC turns them into a bare 株, 有 … or into `KK`, which could not be told from
    /// the same character inside a name.
    private static let enclosedIdeographs: [UInt32: String] = [
        0x3291: "(株)", 0x3292: "(有)", 0x3293: "(社)", 0x3294: "(名)", 0x3296: "(財)", 0x33CD: "(株)",
    ]

    /// The katakana for a hiragana, and the large kana for a small one.
    private static func largeKatakana(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        var value = scalar.value
        // Hiragana ぁ (U+3041) … ゖ (U+3096) and ゝゞ sit 0x60 below their katakana.
        if (0x3041...0x3096).contains(value) || (0x309D...0x309E).contains(value) {
            value += 0x60
        }
        switch value {
        // ァィゥェォ ッ ャュョ ヮ sit one below their large kana.
        case 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30C3, 0x30E3, 0x30E5, 0x30E7, 0x30EE: value += 1
        case 0x30F5: value = 0x30AB  // ヵ → カ
        case 0x30F6: value = 0x30B1  // ヶ → ケ
        default: break
        }
        return Unicode.Scalar(value) ?? scalar
    }

    // MARK: Rule 4: the long vowel

    /// Rule 4: a dash after katakana is the long vowel ー; any other dash becomes a space, removed
    /// with the other separators.
    private static func unifyingDashes(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(scalars.count)
        for scalar in scalars {
            guard dashes.contains(scalar.value) else {
                result.append(scalar)
                continue
            }
            if let previous = result.last, isKatakana(previous) {
                result.append("\u{30FC}")
            } else {
                result.append(" ")
            }
        }
        return result
    }

    /// Dashes, minus signs, tildes and long-vowel signs as they remain after NFKC: - ‐ ‑ ‒ – — ― −
    /// ~ 〜 ー, and the box-drawing lines ─ ━ that old spreadsheets use for the long vowel.
    private static let dashes: Set<UInt32> = [
        0x2D, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0x7E, 0x301C, 0x30FC, 0x2500, 0x2501,
    ]

    /// Katakana, ー and the katakana iteration marks (ァ…ヺ, ー, ヽ, ヾ, and the small ㇰ…ㇿ).
    private static func isKatakana(_ scalar: Unicode.Scalar) -> Bool {
        (0x30A1...0x30FA).contains(scalar.value) || (0x30FC...0x30FE).contains(scalar.value)
            || (0x31F0...0x31FF).contains(scalar.value)
    }

    // MARK: Rule 5: legal forms written as words

    /// Rule 5: removes the Latin legal forms that stand as words of their own and the parenthesised
    /// abbreviations. Only the words are removed here; the parentheses, dots and spaces around them
    /// go with rule 6.
    private static func removingLegalFormWords(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        let words = Self.words(in: scalars)
        var removed: [Range<Int>] = []
        var index = 0
        while index < words.count {
            if let count = latinLegalFormLength(scalars, words, at: index) {
                removed.append(words[index].lowerBound..<words[index + count - 1].upperBound)
                index += count
                continue
            }
            if isParenthesisedAbbreviation(scalars, words, at: index) {
                removed.append(words[index])
            }
            index += 1
        }
        var result = scalars
        for range in removed.reversed() {
            result.removeSubrange(range)
        }
        return result
    }

    /// The maximal runs of letters, digits and combining marks, in any script: a "word" for rule 5.
    /// `abcシステム` is one word, so a Latin form glued to a name is never taken for a separate one.
    private static func words(in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var words: [Range<Int>] = []
        var start: Int?
        for (index, scalar) in scalars.enumerated() {
            if isWordScalar(scalar) {
                if start == nil { start = index }
            } else if let wordStart = start {
                words.append(wordStart..<index)
                start = nil
            }
        }
        if let wordStart = start {
            words.append(wordStart..<scalars.count)
        }
        return words
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark:
            true
        default:
            false
        }
    }

    /// How many words a Latin legal form starting at word `index` takes, if one does.
    private static func latinLegalFormLength(
        _ scalars: [Unicode.Scalar], _ words: [Range<Int>], at index: Int
    ) -> Int? {
        formLoop: for form in latinLegalForms where index + form.count <= words.count {
            for (offset, formWord) in form.enumerated() {
                let word = words[index + offset]
                guard String(String.UnicodeScalarView(scalars[word])) == formWord else { continue formLoop }
                // Words of one form are separated only by spaces, dots and commas: `co., ltd`.
                if offset > 0 {
                    let gap = scalars[words[index + offset - 1].upperBound..<word.lowerBound]
                    guard gap.allSatisfy({ $0 == "." || $0 == "," || $0.properties.isWhitespace }) else {
                        continue formLoop
                    }
                }
            }
            return form.count
        }
        return nil
    }

    /// Latin legal forms, lowercased and split into words, longest first so that `co., ltd.` is
    /// removed whole rather than leaving `co`. `KK` and `GK` without dots are left alone: as a word
    /// of their own they are as likely to be part of a name.
    private static let latinLegalForms: [[String]] = [
        ["company", "limited"], ["co", "ltd"], ["kabushiki", "kaisha"], ["kabushiki", "gaisha"],
        ["yugen", "kaisha"], ["godo", "kaisha"], ["k", "k"], ["g", "k"], ["y", "k"], ["l", "l", "c"],
        ["incorporated"], ["inc"], ["corporation"], ["corp"], ["limited"], ["ltd"], ["llc"],
    ].sorted { $0.count > $1.count }

    /// Whether word `index` is an abbreviated legal form in parentheses, or cut short at the start
    /// (`株)ABC`) or the end (`ABC(株`) of the name.
    private static func isParenthesisedAbbreviation(
        _ scalars: [Unicode.Scalar], _ words: [Range<Int>], at index: Int
    ) -> Bool {
        let word = words[index]
        guard parenthesisedAbbreviations.contains(String(String.UnicodeScalarView(scalars[word]))) else {
            return false
        }
        let before = scalars[(index > 0 ? words[index - 1].upperBound : 0)..<word.lowerBound]
            .filter { !$0.properties.isWhitespace }
        let after = scalars[word.upperBound..<(index + 1 < words.count ? words[index + 1].lowerBound : scalars.count)]
            .filter { !$0.properties.isWhitespace }
        let opens = before.last == "("
        let closes = after.first == ")"
        let first = index == 0 && before.isEmpty
        let last = index == words.count - 1 && after.isEmpty
        return (opens && closes) || (first && closes) || (opens && last)
    }

    /// Abbreviations written in parentheses (after NFKC, so ㈱ ㈲ ㈳ ㈶ and full-width parentheses
    /// are included): (株) 株式会社, (有) 有限会社, (同) 合同会社, (合) 合同会社 or 合資会社, (名) 合名会社,
    /// (資) 合資会社, (社) 社団法人, (財) 財団法人, (一社) (一財) (公社) (公財) the general and public-interest
    /// associations and foundations, (特非) and (NPO) 特定非営利活動法人, (福) 社会福祉法人, (医) 医療法人,
    /// (学) 学校法人, (独) 独立行政法人, (地独) 地方独立行政法人.
    private static let parenthesisedAbbreviations: Set<String> = Set(
        [
            "株", "有", "同", "合", "名", "資", "社", "財", "一社", "一財", "公社", "公財", "特非", "NPO", "福", "医", "学",
            "独", "地独",
        ].map(folded)
    )

    // MARK: Rules 6 and 7

    /// Rule 6: white space, punctuation and invisible format characters (zero-width space, BOM).
    /// Symbols such as ＋ stay: they can be what tells two names apart.
    private static func isRemovedSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .spaceSeparator, .lineSeparator, .paragraphSeparator, .control, .format,
            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation:
            true
        default:
            false
        }
    }

    /// Rule 7: legal forms spelled out, longest first so that 医療法人社団 is removed whole rather
    /// than leaving 社団. 社団法人 and 財団法人 are the forms before the 2008 reform, still found in
    /// older ledgers.
    private static let spelledOutLegalForms: [String] = [
        "株式会社", "有限会社", "合同会社", "合名会社", "合資会社",
        "一般社団法人", "一般財団法人", "公益社団法人", "公益財団法人", "社団法人", "財団法人",
        "特定非営利活動法人", "NPO法人", "社会福祉法人", "社会医療法人", "医療法人社団", "医療法人財団", "医療法人",
        "学校法人", "地方独立行政法人", "独立行政法人", "有限責任事業組合",
        "カブシキガイシャ", "カブシキカイシャ", "ユウゲンガイシャ", "ユウゲンカイシャ", "ゴウドウガイシャ", "ゴウドウカイシャ",
        "ゴウメイガイシャ", "ゴウメイカイシャ", "ゴウシガイシャ", "ゴウシカイシャ",
    ].map(folded).sorted { $0.unicodeScalars.count > $1.unicodeScalars.count }
}

/// Why a text cannot be a vendor's name.
public struct InvalidVendorName: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// Empty or only white space.
        case blank
        /// Nothing is left once the legal form, spaces and punctuation are removed (`株式会社`).
        case nothingLeft
    }

    public let input: String
    public let reason: Reason

    public var description: String { message.english }
}
