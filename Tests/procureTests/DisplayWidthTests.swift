import Testing

@testable import procure

@Suite("Display width")
struct DisplayWidthTests {
    @Test("ASCII takes one column per character")
    func ascii() {
        #expect(DisplayWidth.of("") == 0)
        #expect(DisplayWidth.of("Utazu-cho 37") == 12)
    }

    @Test("kanji, hiragana and katakana take two columns each")
    func japanese() {
        #expect(DisplayWidth.of("香川県") == 6)
        #expect(DisplayWidth.of("宇多津町") == 8)
        #expect(DisplayWidth.of("ウタヅチョウ") == 12)
        #expect(DisplayWidth.of("うたづちょう") == 12)
        #expect(DisplayWidth.of("ー・〜") == 6)
    }

    @Test("full-width forms and CJK punctuation take two columns")
    func fullWidth() {
        #expect(DisplayWidth.of("ＡＢＣ１２３") == 12)
        #expect(DisplayWidth.of("！？") == 4)
        #expect(DisplayWidth.of("￥") == 2)
        #expect(DisplayWidth.of("\u{3000}") == 2)  // ideographic space
        #expect(DisplayWidth.of("、。「」") == 8)
        #expect(DisplayWidth.of("㈱") == 2)
    }

    @Test("half-width katakana takes one column, its voiced mark included")
    func halfWidthKatakana() {
        #expect(DisplayWidth.of("ｳﾀﾂﾁｮｳ") == 6)
        // ﾂ and ﾞ form one grapheme cluster but are drawn as two half-width cells.
        #expect(DisplayWidth.of("ﾂﾞ") == 2)
        #expect(DisplayWidth.of("ｳﾀﾂﾞﾁｮｳ") == 7)
    }

    @Test("a katakana with a combining voiced mark is one two-column character")
    func combiningVoicedMark() {
        let decomposed = "\u{30AB}\u{3099}"  // カ + combining dakuten
        #expect(decomposed.count == 1)
        #expect(DisplayWidth.of(decomposed) == 2)
        #expect(DisplayWidth.of("ガ") == 2)
        #expect(DisplayWidth.of("\u{30C4}\u{3099}\u{30C1}") == 4)  // ヅチ, decomposed
    }

    @Test("combining marks, joiners and variation selectors take no columns")
    func zeroWidth() {
        #expect(DisplayWidth.of("e\u{0301}") == 1)
        #expect(DisplayWidth.of("a\u{200B}b") == 2)  // zero-width space
        #expect(DisplayWidth.of("a\u{200D}b") == 2)  // zero-width joiner
        #expect(DisplayWidth.of("葛\u{E0100}") == 2)  // ideographic variation selector
        #expect(DisplayWidth.of("\u{FEFF}") == 0)  // byte-order mark
        #expect(DisplayWidth.of("\u{0301}" as Unicode.Scalar) == 0)
    }

    @Test("Hangul syllables take two columns, also when written as jamo")
    func hangul() {
        #expect(DisplayWidth.of("한국어") == 6)
        #expect(DisplayWidth.of("\u{1112}\u{1161}\u{11AB}") == 2)
    }

    @Test("emoji take two columns, sequences included")
    func emoji() {
        #expect(DisplayWidth.of("👍") == 2)
        #expect(DisplayWidth.of("👍🏽") == 2)
        #expect(DisplayWidth.of("👨‍👩‍👧") == 2)
        #expect(DisplayWidth.of("🇯🇵") == 2)
        #expect(DisplayWidth.of("❤️") == 2)
        #expect(DisplayWidth.of("1️⃣") == 2)
        #expect(DisplayWidth.of("🈁") == 2)
    }

    @Test("ambiguous-width characters count as one column")
    func ambiguous() {
        #expect(DisplayWidth.of("①") == 1)
        #expect(DisplayWidth.of("○") == 1)
        #expect(DisplayWidth.of("Ω") == 1)
    }

    @Test("padding fills to the display width on the side opposite the alignment")
    func padding() {
        #expect(DisplayWidth.pad("宇多津町", to: 10, alignment: .left) == "宇多津町  ")
        #expect(DisplayWidth.pad("¥999", to: 6, alignment: .right) == "  ¥999")
        #expect(DisplayWidth.pad("ab", to: 2, alignment: .left) == "ab")
    }

    @Test("padding never cuts text wider than the column")
    func paddingNeverTruncates() {
        #expect(DisplayWidth.pad("ウタヅチョウ", to: 4, alignment: .left) == "ウタヅチョウ")
    }
}
