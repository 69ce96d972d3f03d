/// How many terminal columns text occupies, so tables line up when names are Japanese.
///
/// The rules follow Unicode's East Asian Width property (UAX #11) as terminals apply it:
/// Wide (W) and Fullwidth (F) characters take two columns, everything else one, and marks that
/// combine with the previous character take none. Ambiguous-width characters (○, ①, Greek,
/// Cyrillic) count as one column, as they do in a terminal that is not configured for a CJK
/// legacy encoding.
///
/// Width is measured per grapheme cluster (what a reader sees as one character), because a
/// terminal draws a cluster as a unit: `カ` followed by a combining voiced mark U+3099 is one
/// two-column `ガ`, and an emoji ZWJ sequence is one two-column picture. Within a cluster whose
/// base is narrow the scalar widths add up, because half-width katakana with a half-width voiced
/// mark (`ｶﾞ`) is one cluster yet two columns on screen.
enum DisplayWidth {
    /// The number of terminal columns `text` occupies.
    static func of(_ text: some StringProtocol) -> Int {
        var total = 0
        for character in text {
            total += of(character)
        }
        return total
    }

    /// The number of terminal columns one grapheme cluster occupies (0, 1 or 2; more only for
    /// unusual clusters of several spacing scalars).
    static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        let firstWidth = of(first)
        // A wide base draws the whole cluster as one wide glyph: CJK plus ideographic variation
        // selector, emoji plus skin-tone modifier or ZWJ sequence, a regional-indicator flag.
        if firstWidth == 2 { return 2 }
        // VS16 asks for emoji presentation (❤️, keycap 1️⃣), which terminals draw two columns wide.
        if scalars.contains(emojiPresentationSelector) { return 2 }
        var total = firstWidth
        for scalar in scalars.dropFirst() {
            total += of(scalar)
        }
        return total
    }

    /// The number of terminal columns a single Unicode scalar occupies on its own (0, 1 or 2).
    static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        // Printable ASCII is by far the most common case; answer it without table look-ups.
        if value >= 0x20 && value < 0x7F { return 1 }
        if isZeroWidth(scalar) { return 0 }
        if isWide(value) { return 2 }
        if scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// Pads `text` with spaces to `width` columns, on the right (`.left`) or on the left
    /// (`.right`). Text already as wide or wider is returned unchanged: never cut, so a Japanese
    /// name is never split in the middle of a character.
    static func pad(_ text: String, to width: Int, alignment: ColumnAlignment) -> String {
        let missing = width - of(text)
        guard missing > 0 else { return text }
        let padding = String(repeating: " ", count: missing)
        switch alignment {
        case .left: return text + padding
        case .right: return padding + text
        }
    }

    /// U+FE0F VARIATION SELECTOR-16.
    private static let emojiPresentationSelector: Unicode.Scalar = "\u{FE0F}"

    /// Marks drawn on top of the previous character, invisible format characters (ZWJ, ZWNJ,
    /// zero-width space, variation selectors, soft hyphen) and control characters.
    private static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control:
            return true
        default:
            // Hangul medial vowels and final consonants combine with the leading consonant into
            // one syllable block; the leading consonant (U+1100–115F) carries the two columns.
            let value = scalar.value
            return (0x1160...0x11FF).contains(value) || (0xD7B0...0xD7FF).contains(value)
        }
    }

    /// Whether a code point is East Asian Wide or Fullwidth (and not an emoji, which
    /// `isEmojiPresentation` answers from the standard library's own Unicode tables).
    private static func isWide(_ value: UInt32) -> Bool {
        // Binary search over sorted, non-overlapping ranges.
        var low = 0
        var high = wideRanges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = wideRanges[middle]
            if value < range.lowerBound {
                high = middle - 1
            } else if value > range.upperBound {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }

    /// East Asian Wide (W) and Fullwidth (F) blocks, coarsened to whole blocks where a block is
    /// (nearly) all wide; combining marks inside them (U+3099, U+309A) are caught as zero-width
    /// before this table is consulted.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,  // Hangul Choseong (leading consonants)
        0x2329...0x232A,  // angle brackets 〈 〉
        0x2E80...0x303E,  // CJK and Kangxi radicals, CJK symbols and punctuation (、。「」, U+3000)
        0x3041...0x33FF,  // kana, bopomofo, Hangul compatibility jamo, enclosed CJK, CJK compatibility (㈱)
        0x3400...0x4DBF,  // CJK Unified Ideographs Extension A
        0x4E00...0x9FFF,  // CJK Unified Ideographs
        0xA000...0xA4CF,  // Yi syllables and radicals
        0xA960...0xA97F,  // Hangul Jamo Extended-A
        0xAC00...0xD7A3,  // Hangul syllables
        0xF900...0xFAFF,  // CJK Compatibility Ideographs
        0xFE10...0xFE19,  // vertical forms
        0xFE30...0xFE6F,  // CJK compatibility forms, small form variants
        0xFF01...0xFF60,  // fullwidth ASCII (Ａ１！); half-width katakana U+FF61–FF9F stays narrow
        0xFFE0...0xFFE6,  // fullwidth signs ￥ ￠ ￡ ￢ ￣ ￤
        0x16FE0...0x16FE4,  // ideographic symbols and punctuation
        0x17000...0x18CFF,  // Tangut, Khitan
        0x1AFF0...0x1B2FF,  // kana extended, small kana, Nushu
        0x1F200...0x1F2FF,  // enclosed ideographic supplement (🈁 🉐)
        0x20000...0x2FFFD,  // CJK Unified Ideographs Extensions B–F, compatibility supplement
        0x30000...0x3FFFD,  // CJK Unified Ideographs Extensions G–H
    ]
}
