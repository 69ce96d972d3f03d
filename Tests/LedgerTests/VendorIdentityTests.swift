import Testing

@testable import Ledger

/// The code points of a text. Keys are compared by these, not with Swift's `==`, which holds for
/// canonically equivalent strings (ツ + U+3099 and ヅ) that the database tells apart.
private func codePoints(_ text: String) -> [UInt32] { text.unicodeScalars.map(\.value) }

/// The code points of the key of `name`.
private func keyCodePoints(_ name: String) throws -> [UInt32] { codePoints(try VendorNameKey(name).rawValue) }

/// Real corporate numbers, checked independently of this code (with a python3 one-liner of the
/// National Tax Agency's formula). A local government's number is its check digit, `000020` and its
/// local-government code.
private let publishedCorporateNumbers = [
    "8000020130001",  // 東京都 (130001)
    "7000020010006",  // 北海道 (010006)
    "8000020370002",  // 香川県 (370002)
    "2000020373869",  // 宇多津町 (373869)
    "7000012050002",  // 国税庁
    "1180301018771",  // トヨタ自動車株式会社
    "5010401067252",  // ソニーグループ株式会社
    "7010001064648",  // 日本電信電話株式会社
]

/// `number` with the digit at `position` (0 is the check digit) replaced by `digit`.
private func replacingDigit(of number: String, at position: Int, with digit: Int) -> String {
    var digits = Array(number)
    digits[position] = Character(String(digit))
    return String(digits)
}

private func digit(of number: String, at position: Int) -> Int {
    Array(number)[position].wholeNumberValue ?? -1
}

@Suite("corporate numbers")
struct CorporateNumberTests {
    @Test("the check digit is computed by the official formula (東京都 000020130001: Σ = 10 → 8)")
    func workedExample() throws {
        #expect(CorporateNumber.checkDigit(forBase: [0, 0, 0, 0, 2, 0, 1, 3, 0, 0, 0, 1]) == 8)
        #expect(try CorporateNumber("8000020130001").rawValue == "8000020130001")
        // Σ ≡ 0 (mod 9) gives 9, never 0.
        #expect(CorporateNumber.checkDigit(forBase: Array(repeating: 0, count: 12)) == 9)
        #expect(CorporateNumber.checkDigit(forBase: [1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2]) == 7)
    }

    @Test("published corporate numbers are accepted")
    func publishedNumbersAccepted() throws {
        for number in publishedCorporateNumbers {
            #expect(try CorporateNumber(number).rawValue == number)
        }
    }

    @Test("every one-digit change of the check digit is rejected, naming the right check digit")
    func changedCheckDigitRejected() throws {
        var rejected = 0
        for number in publishedCorporateNumbers {
            let checkDigit = digit(of: number, at: 0)
            for wrong in 0...9 where wrong != checkDigit {
                let text = replacingDigit(of: number, at: 0, with: wrong)
                let error = try #require(throws: InvalidCorporateNumber.self, "\(text)") { try CorporateNumber(text) }
                #expect(error.reason == .checkDigit(expected: checkDigit), "\(text)")
                rejected += 1
            }
        }
        #expect(rejected == publishedCorporateNumbers.count * 9)
    }

    /// A base digit weighs 1 or 2, so changing it by d moves the sum by d or 2d; mod 9 that is 0
    /// only when d = ±9, i.e. 0 ↔ 9. Those changes cannot be caught by any check digit of this
    /// scheme, so they are shown to pass rather than hidden.
    @Test("a changed base digit is rejected, except 0 ↔ 9, which a mod-9 check cannot see")
    func changedBaseDigitRejected() throws {
        for number in publishedCorporateNumbers {
            for position in 1...12 {
                let original = digit(of: number, at: position)
                for changed in 0...9 where changed != original {
                    let text = replacingDigit(of: number, at: position, with: changed)
                    if Set([original, changed]) == [0, 9] {
                        #expect(throws: Never.self, "\(text)") { try CorporateNumber(text) }
                    } else {
                        #expect(throws: InvalidCorporateNumber.self, "\(text)") { try CorporateNumber(text) }
                    }
                }
            }
        }
    }

    /// Neighbouring base digits weigh 1 and 2, so swapping a and b moves the sum by ±(a − b): caught
    /// unless a − b = ±9.
    @Test("two swapped neighbouring base digits are rejected, except 0 and 9")
    func swappedDigitsRejected() throws {
        for number in publishedCorporateNumbers {
            for position in 1...11 {
                let (left, right) = (digit(of: number, at: position), digit(of: number, at: position + 1))
                guard left != right else { continue }
                let swapped = replacingDigit(
                    of: replacingDigit(of: number, at: position, with: right), at: position + 1, with: left)
                if Set([left, right]) == [0, 9] {
                    #expect(throws: Never.self, "\(swapped)") { try CorporateNumber(swapped) }
                } else {
                    #expect(throws: InvalidCorporateNumber.self, "\(swapped)") { try CorporateNumber(swapped) }
                }
            }
        }
    }

    @Test("full-width digits, surrounding spaces and digit groups split by hyphens or spaces are accepted")
    func typedForms() throws {
        let typed = [
            "８００００２０１３０００１", " 8000020130001 ", "\u{3000}8000020130001\u{3000}", "8-0000-2013-0001",
            "8 0000 2013 0001", "８－００００－２０１３－０００１", "8ー0000ー2013ー0001", "8‐0000‐2013‐0001",
        ]
        for text in typed {
            #expect(try CorporateNumber(text).rawValue == "8000020130001", "\(text)")
        }
    }

    @Test("wrong lengths, letters and stray separators are rejected as not a corporate number")
    func malformedNumbers() throws {
        let malformed = [
            "", "800002013000", "80000201300011", "8000020130O01", "T8000020130001", "8--0000-2013-0001",
            "-8000020130001", "8000020130001-", "8000.020130001", "８０００", "8_000020130001", "①000020130001",
        ]
        for text in malformed {
            let error = try #require(throws: InvalidCorporateNumber.self, "\(text)") { try CorporateNumber(text) }
            #expect(error.reason == .format, "\(text)")
        }
    }

    @Test("the error names the input and the check digit it should have")
    func errorDescription() throws {
        let error = try #require(throws: InvalidCorporateNumber.self) { try CorporateNumber("8000020130002") }
        #expect(
            error.description
                == "'8000020130002' is not a corporate number: its check digit (the first digit) should be 7")
        let format = try #require(throws: InvalidCorporateNumber.self) { try CorporateNumber("8000-2013") }
        #expect(format.description.hasPrefix("'8000-2013' is not a corporate number: a corporate number has 13 digits"))
    }

    @Test("a number built from twelve base digits gets its check digit and parses back")
    func builtFromBase() throws {
        #expect(CorporateNumber(base: "000020130001")?.rawValue == "8000020130001")
        #expect(CorporateNumber(base: "123456789012")?.rawValue == "7123456789012")
        for seed in stride(from: 0, to: 999_999_999_999, by: 7_654_321_987) {
            let digits = String(seed)
            let base = String(repeating: "0", count: 12 - digits.count) + digits
            let number = try #require(CorporateNumber(base: base), "\(base)")
            #expect(try CorporateNumber(number.rawValue) == number)
            #expect(number.rawValue.hasSuffix(base))
        }
        for base in ["00002013000", "0000201300011", "００００２０１３０００１", "00002013000a", "0000-2013-0001"] {
            #expect(CorporateNumber(base: base) == nil, "\(base)")
        }
    }
}

@Suite("vendor name keys")
struct VendorNameKeyTests {
    @Test("the legal form in front, behind, abbreviated or enclosed gives the same key")
    func legalFormVariantsMeet() throws {
        let spellings = [
            "株式会社ＡＢＣシステム", "ABCシステム(株)", "㈱ ＡＢＣ システム", "ＡＢＣシステム株式会社", "㈱ＡＢＣシステム",
            "株式会社 ABC システム", "（株）ＡＢＣシステム", "ABCシステム㍿", "ABCシステム",
        ]
        for name in spellings {
            #expect(try keyCodePoints(name) == codePoints("abcシステム"), "\(name)")
        }
    }

    @Test("a different name keeps a different key: ABCシステムズ is not ABCシステム")
    func differentNamesStayApart() throws {
        #expect(try keyCodePoints("ABCシステムズ株式会社") != keyCodePoints("株式会社ABCシステム"))
        #expect(try keyCodePoints("ABCシステムズ") == codePoints("abcシステムズ"))
    }

    @Test("a legal form is removed in the middle of a name too")
    func legalFormInTheMiddle() throws {
        #expect(try keyCodePoints("ABC株式会社東京") == codePoints("abc東京"))
        #expect(try keyCodePoints("ABC (株) 東京") == codePoints("abc東京"))
    }

    @Test("every Japanese legal form, spelled out, abbreviated or in katakana, is removed before or after the name")
    func japaneseLegalFormsRemoved() throws {
        let forms = [
            "株式会社", "有限会社", "合同会社", "合名会社", "合資会社", "一般社団法人", "一般財団法人", "公益社団法人",
            "公益財団法人", "特定非営利活動法人", "NPO法人", "ＮＰＯ法人", "社会福祉法人", "医療法人社団", "学校法人",
            "(株)", "（株）", "㈱", "㍿", "㊑", "(有)", "㈲", "(同)", "(合)", "(社)", "㈳", "(財)", "㈶", "(一社)", "( 株 )",
            "カブシキガイシャ", "カブシキカイシャ", "ユウゲンガイシャ", "ゴウドウガイシャ", "ｶﾌﾞｼｷｶﾞｲｼｬ", "かぶしきがいしゃ",
            "株式 会社",
        ]
        for form in forms {
            #expect(try keyCodePoints("\(form)ＡＢＣ") == codePoints("abc"), "\(form) in front")
            #expect(try keyCodePoints("ＡＢＣ\(form)") == codePoints("abc"), "\(form) behind")
        }
    }

    @Test("an abbreviation cut short at the edge of a name (株)ABC, ABC(株) is removed")
    func halfOpenAbbreviations() throws {
        for name in ["株)ABC", "ABC(株", "有)ABC", "ABC (有"] {
            #expect(try keyCodePoints(name) == codePoints("abc"), "\(name)")
        }
    }

    @Test("Latin legal forms are removed only where they stand as words of their own")
    func latinLegalForms() throws {
        let withForm = [
            "ABC Co., Ltd.", "ABC Co.,Ltd.", "ABC CO LTD", "ＡＢＣ　Ｃｏ．，Ｌｔｄ．", "ABC Inc.", "ABC, Inc.",
            "abc inc", "ABC Corporation", "ABC Corp.", "ABC K.K.", "ABC Limited", "ABC LLC", "ABC Kabushiki Kaisha",
            "ABC Company Limited", "ABC Ltd",
        ]
        for name in withForm {
            #expect(try keyCodePoints(name) == codePoints("abc"), "\(name)")
        }
        let lettersInsideNames = [
            "Incline": "incline", "ABCInc": "abcinc", "Corporate Design": "corporatedesign",
            "Incline Co., Ltd.": "incline", "Coltd": "coltd", "ABC KK": "abckk", "Ltdx Inc.": "ltdx",
            "システムinc": "システムinc",
        ]
        for (name, expected) in lettersInsideNames {
            #expect(try keyCodePoints(name) == codePoints(expected), "\(name)")
        }
    }

    @Test("middle dots and spaces do not matter: エー・ビー・シー is エービーシー")
    func middleDotsAndSpaces() throws {
        for name in ["エー・ビー・シー", "エービーシー", "エー ビー シー", "エー　ビー　シー", "ｴｰ･ﾋﾞｰ･ｼｰ"] {
            #expect(try keyCodePoints(name) == codePoints("エービーシー"), "\(name)")
        }
    }

    @Test("a dash after katakana is the long vowel: システム-ワン, システムーワン and システム～ワン are one name")
    func dashesAfterKatakana() throws {
        let dashes = ["-", "ー", "～", "〜", "~", "‐", "−", "–", "—", "―", "ｰ", "－"]
        for dash in dashes {
            #expect(try keyCodePoints("システム\(dash)ワン") == codePoints("システムーワン"), "U+\(codePoints(dash))")
        }
    }

    @Test("a hyphen between Latin letters is punctuation: ABC-DEF is ABC DEF")
    func hyphenBetweenLatinLetters() throws {
        for name in ["ABC-DEF", "ABC DEF", "ＡＢＣ－ＤＥＦ", "abcdef"] {
            #expect(try keyCodePoints(name) == codePoints("abcdef"), "\(name)")
        }
    }

    @Test("half-width katakana and hiragana meet full-width katakana: ｴｲﾁ, えいち and エイチ are one name")
    func kanaWidthAndScript() throws {
        for name in ["ｴｲﾁ", "えいち", "エイチ"] {
            #expect(try keyCodePoints(name) == codePoints("エイチ"), "\(name)")
        }
        // ﾂﾞ must end as the one code point ヅ (U+30C5), as Foundation on Linux leaves it decomposed after NFKC.
        #expect(try keyCodePoints("ｳﾀﾂﾞ") == [0x30A6, 0x30BF, 0x30C5])
        #expect(try keyCodePoints("うたづ") == [0x30A6, 0x30BF, 0x30C5])
    }

    @Test("small kana are read as large ones: キャノン is キヤノン, 富士フィルム is 富士フイルム")
    func smallKana() throws {
        #expect(try keyCodePoints("キャノン株式会社") == keyCodePoints("キヤノン株式会社"))
        #expect(try keyCodePoints("富士フィルム") == keyCodePoints("富士フイルム"))
        #expect(try keyCodePoints("霞ヶ関") == keyCodePoints("霞ケ関"))
    }

    @Test("Latin width and case do not matter, but another reading is another name (NTTデータ, エヌ・ティ・ティ・データ)")
    func latinCaseAndReadings() throws {
        #expect(try keyCodePoints("NTTデータ") == codePoints("nttデータ"))
        #expect(try keyCodePoints("ＮＴＴデータ株式会社") == codePoints("nttデータ"))
        #expect(try keyCodePoints("株式会社nttデータ") == codePoints("nttデータ"))
        #expect(try keyCodePoints("(株)エヌ・ティ・ティ・データ") != codePoints("nttデータ"))
    }

    @Test("a name that is only a legal form or punctuation is rejected, a blank one too")
    func nothingLeft() throws {
        for name in ["株式会社", "(株)", "㈱", " ㍿ ", "Co., Ltd.", "株式会社・", "・・・", "Inc株式会社"] {
            let error = try #require(throws: InvalidVendorName.self, "\(name)") { try VendorNameKey(name) }
            #expect(error.reason == .nothingLeft, "\(name)")
        }
        for name in ["", " ", "\u{3000}\u{3000}"] {
            let error = try #require(throws: InvalidVendorName.self, "\(name)") { try VendorNameKey(name) }
            #expect(error.reason == .blank, "'\(name)'")
        }
        let error = try #require(throws: InvalidVendorName.self) { try VendorNameKey("株式会社") }
        #expect(error.description.hasPrefix("'株式会社' is not a vendor name: nothing is left once the legal form"))
    }

    @Test("a key is stable: the key of a key's text is the key itself")
    func idempotent() throws {
        let names = [
            "株式会社ＡＢＣシステム", "㈱ ＡＢＣ システム", "エー・ビー・シー", "システム～ワン", "ｳﾀﾂﾞ", "キャノン",
            "ABC Co., Ltd.", "ABC株式会社東京", "カブシキガイシャ-ABC", "株式(株)会社ABC", "ABC - DEF",
            "ゔぁいおりん", "Ａ＋Ｂ", "ＮＴＴデータ", "霞ヶ関", "カ゛ス",
        ]
        for name in names {
            let key = try VendorNameKey(name)
            let again = try VendorNameKey(key.rawValue)
            #expect(codePoints(again.rawValue) == codePoints(key.rawValue), "\(name)")
        }
        // One pass leaves ーabc here (the dash followed katakana that was then removed); the key is abc.
        #expect(try keyCodePoints("カブシキガイシャ-ABC") == codePoints("abc"))
        #expect(try keyCodePoints("株式(株)会社ABC") == codePoints("abc"))
    }

    @Test("spellings of one name are one value in a set")
    func hashable() throws {
        let keys = try ["株式会社ＡＢＣシステム", "ABCシステム(株)", "㈱ＡＢＣシステム"].map(VendorNameKey.init)
        #expect(Set(keys).count == 1)
        #expect(keys[0].description == "abcシステム")
    }
}
