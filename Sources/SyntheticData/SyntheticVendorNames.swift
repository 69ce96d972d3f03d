import Foundation
import Ledger

/// A piece of a synthetic company name and its reading in katakana.
struct NamePart: Sendable, Hashable {
    let text: String
    let kana: String

    init(_ text: String, _ kana: String) {
        self.text = text
        self.kana = kana
    }
}

/// The legal forms of synthetic vendors: what the registered name spells out, and the abbreviations
/// ledgers write instead (`(株)`, `㈱`, `（株）`), all of which ``VendorNameKey`` removes.
enum SyntheticLegalForm: CaseIterable {
    case kabushiki
    case yugen
    case godo

    var spelledOut: String {
        switch self {
        case .kabushiki: "株式会社"
        case .yugen: "有限会社"
        case .godo: "合同会社"
        }
    }

    var abbreviations: [String] {
        switch self {
        case .kabushiki: ["(株)", "㈱", "（株）"]
        case .yugen: ["(有)", "㈲", "（有）"]
        case .godo: ["(同)", "（同）"]
        }
    }
}

/// Plausible Japanese company names, their readings and the spellings ledgers give them.
///
/// A name is a body — two parts such as 東日本 + 情報システム, a city and a trade (金沢電算), an
/// acronym and a trade (NKSソリューションズ) or a coined katakana word (コスモ情報システム) — and a legal
/// form in front (前株, 株式会社X) or behind (後株, X株式会社). The reading is that of the body alone,
/// as the National Tax Agency's register gives readings without the legal form. Other spellings are
/// what municipal ledgers make of the same name: the form abbreviated or moved, Latin letters in
/// full width, katakana in half width, the parts split by a space or a middle dot.
enum SyntheticVendorNames {
    /// The name's body: the parts, and the reading.
    struct Body {
        let parts: [String]
        let kana: String
    }

    /// A random body; `specialistCores` are the trades of the vendor's main category.
    static func body(specialistCores: [NamePart], using random: inout SyntheticRandom) -> Body {
        let core =
            random.chance(0.35) && !specialistCores.isEmpty
            ? random.element(of: specialistCores) : random.element(of: cores)
        let first: NamePart
        switch random.index(weightedBy: [45, 15, 20, 20]) {
        case 0: first = random.element(of: prefixes)
        case 1: first = random.element(of: places)
        case 2: first = acronym(using: &random)
        default: first = random.element(of: coinedWords)
        }
        return Body(parts: [first.text, core.text], kana: first.kana + core.kana)
    }

    /// The registered name: the body with its legal form spelled out in front or behind.
    static func registeredName(_ body: Body, form: SyntheticLegalForm, formInFront: Bool, fullWidthLatin: Bool)
        -> String
    {
        let text = body.parts.joined()
        let written = fullWidthLatin ? fullWidth(text) : text
        return formInFront ? form.spelledOut + written : written + form.spelledOut
    }

    /// Another spelling of the same name, as a ledger might have it; its ``VendorNameKey`` is the
    /// registered name's (the caller checks, and drops a spelling that is not).
    static func alternativeSpelling(
        _ body: Body, form: SyntheticLegalForm, formInFront: Bool, using random: inout SyntheticRandom
    ) -> String {
        var text: String
        switch random.int(below: 4) {
        case 0: text = body.parts.joined(separator: " ")
        case 1: text = body.parts.joined(separator: "・")
        default: text = body.parts.joined()
        }
        if random.chance(0.3) { text = fullWidth(text) }
        if random.chance(0.25) { text = halfWidthKatakana(text) }
        let front = random.chance(0.2) ? !formInFront : formInFront
        let legal = random.chance(0.75) ? random.element(of: form.abbreviations) : form.spelledOut
        let space = random.chance(0.2) ? " " : ""
        return front ? legal + space + text : text + space + legal
    }

    // MARK: Parts

    /// Words companies put before their trade: the country, regions, and words of good omen.
    private static let prefixes: [NamePart] = [
        NamePart("日本", "ニホン"), NamePart("東日本", "ヒガシニホン"), NamePart("西日本", "ニシニホン"),
        NamePart("北日本", "キタニホン"), NamePart("新日本", "シンニホン"), NamePart("富士", "フジ"),
        NamePart("北陸", "ホクリク"), NamePart("中央", "チュウオウ"), NamePart("アジア", "アジア"),
        NamePart("テクノ", "テクノ"), NamePart("さくら", "サクラ"), NamePart("みらい", "ミライ"),
        NamePart("東海", "トウカイ"), NamePart("関東", "カントウ"), NamePart("関西", "カンサイ"),
        NamePart("九州", "キュウシュウ"), NamePart("東北", "トウホク"), NamePart("北海道", "ホッカイドウ"),
        NamePart("中部", "チュウブ"), NamePart("四国", "シコク"), NamePart("山陽", "サンヨウ"),
        NamePart("信越", "シンエツ"), NamePart("瀬戸内", "セトウチ"), NamePart("大和", "ヤマト"),
        NamePart("昭和", "ショウワ"), NamePart("太平洋", "タイヘイヨウ"), NamePart("第一", "ダイイチ"),
        NamePart("三和", "サンワ"), NamePart("共栄", "キョウエイ"), NamePart("協和", "キョウワ"),
        NamePart("大同", "ダイドウ"), NamePart("総合", "ソウゴウ"), NamePart("地域", "チイキ"),
        NamePart("公共", "コウキョウ"), NamePart("ひかり", "ヒカリ"), NamePart("あおば", "アオバ"),
        NamePart("つばさ", "ツバサ"), NamePart("グローバル", "グローバル"), NamePart("ユニ", "ユニ"),
        NamePart("エース", "エース"), NamePart("ネクスト", "ネクスト"), NamePart("ジャパン", "ジャパン"),
        NamePart("全国", "ゼンコク"),
    ]

    /// Cities that regional IT companies are named after.
    private static let places: [NamePart] = [
        NamePart("札幌", "サッポロ"), NamePart("青森", "アオモリ"), NamePart("盛岡", "モリオカ"),
        NamePart("仙台", "センダイ"), NamePart("秋田", "アキタ"), NamePart("山形", "ヤマガタ"),
        NamePart("福島", "フクシマ"), NamePart("水戸", "ミト"), NamePart("宇都宮", "ウツノミヤ"),
        NamePart("前橋", "マエバシ"), NamePart("千葉", "チバ"), NamePart("横浜", "ヨコハマ"),
        NamePart("新潟", "ニイガタ"), NamePart("富山", "トヤマ"), NamePart("金沢", "カナザワ"),
        NamePart("福井", "フクイ"), NamePart("甲府", "コウフ"), NamePart("長野", "ナガノ"), NamePart("岐阜", "ギフ"),
        NamePart("静岡", "シズオカ"), NamePart("名古屋", "ナゴヤ"), NamePart("京都", "キョウト"),
        NamePart("大阪", "オオサカ"), NamePart("神戸", "コウベ"), NamePart("奈良", "ナラ"),
        NamePart("和歌山", "ワカヤマ"), NamePart("鳥取", "トットリ"), NamePart("松江", "マツエ"),
        NamePart("岡山", "オカヤマ"), NamePart("広島", "ヒロシマ"), NamePart("山口", "ヤマグチ"),
        NamePart("徳島", "トクシマ"), NamePart("高松", "タカマツ"), NamePart("松山", "マツヤマ"),
        NamePart("高知", "コウチ"), NamePart("福岡", "フクオカ"), NamePart("佐賀", "サガ"),
        NamePart("長崎", "ナガサキ"), NamePart("熊本", "クマモト"), NamePart("大分", "オオイタ"),
        NamePart("宮崎", "ミヤザキ"), NamePart("鹿児島", "カゴシマ"), NamePart("那覇", "ナハ"),
    ]

    /// Katakana words companies coin for themselves.
    private static let coinedWords: [NamePart] = [
        "コスモ", "アクシス", "ネクサス", "リンクス", "フューチャー", "ハーモニー", "ライフ", "スマート", "クレスト",
        "ブライト", "ユニティ", "ミライズ", "アルファ", "シグマ", "デルタ", "ベスト", "プライム", "ビジョン",
        "エクシード", "ソフィア", "アイテック", "ジェネシス", "フロンティア", "ウィズ", "ルミナス", "オービット",
        "ヴィクトリー", "エムズ", "シティ",
    ].map { NamePart($0, $0) }

    /// The trades of IT companies that sell to local governments.
    private static let cores: [NamePart] = [
        NamePart("情報システム", "ジョウホウシステム"), NamePart("データ", "データ"),
        NamePart("ソリューションズ", "ソリューションズ"), NamePart("コンピュータサービス", "コンピュータサービス"),
        NamePart("電算", "デンサン"), NamePart("ネットワーク", "ネットワーク"),
        NamePart("ソフトウェア", "ソフトウェア"), NamePart("通信", "ツウシン"), NamePart("システムズ", "システムズ"),
        NamePart("情報サービス", "ジョウホウサービス"), NamePart("計算センター", "ケイサンセンター"),
        NamePart("ITサービス", "アイティーサービス"), NamePart("テクノロジー", "テクノロジー"),
        NamePart("情報開発", "ジョウホウカイハツ"), NamePart("システム開発", "システムカイハツ"),
        NamePart("デジタル", "デジタル"), NamePart("電子計算", "デンシケイサン"),
        NamePart("情報処理センター", "ジョウホウショリセンター"), NamePart("システムサービス", "システムサービス"),
        NamePart("ビジネスシステム", "ビジネスシステム"), NamePart("インフォメーション", "インフォメーション"),
        NamePart("コンサルティング", "コンサルティング"),
    ]

    /// Latin letters and how they are read, for acronyms (NKS: エヌケーエス).
    private static let letters: [NamePart] = [
        NamePart("A", "エー"), NamePart("B", "ビー"), NamePart("C", "シー"), NamePart("D", "ディー"),
        NamePart("E", "イー"), NamePart("F", "エフ"), NamePart("G", "ジー"), NamePart("H", "エイチ"),
        NamePart("I", "アイ"), NamePart("J", "ジェイ"), NamePart("K", "ケー"), NamePart("L", "エル"),
        NamePart("M", "エム"), NamePart("N", "エヌ"), NamePart("O", "オー"), NamePart("P", "ピー"),
        NamePart("R", "アール"), NamePart("S", "エス"), NamePart("T", "ティー"), NamePart("U", "ユー"),
        NamePart("V", "ブイ"), NamePart("W", "ダブリュー"), NamePart("Y", "ワイ"),
    ]

    private static func acronym(using random: inout SyntheticRandom) -> NamePart {
        let chosen = (0..<random.int(in: 2...4)).map { _ in random.element(of: letters) }
        return NamePart(chosen.map(\.text).joined(), chosen.map(\.kana).joined())
    }

    // MARK: Widths

    /// The text with ASCII letters and digits in full width (ＮＫＳ), as official registers and
    /// many ledgers write them.
    static func fullWidth(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let isAlphanumeric =
                ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
            // U+FF01…U+FF5E are the full-width forms of U+0021…U+007E, 0xFEE0 above them.
            if isAlphanumeric, let wide = Unicode.Scalar(scalar.value + 0xFEE0) {
                scalars.append(wide)
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// The text with its katakana in half width (ｿﾘｭｰｼｮﾝｽﾞ), as old mainframe and bank-transfer
    /// data has them: a voiced kana becomes the kana and a separate ﾞ or ﾟ.
    static func halfWidthKatakana(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var previousWasKatakana = false
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            if let narrow = halfWidth[scalar] {
                scalars.append(narrow)
                previousWasKatakana = true
            } else if previousWasKatakana, scalar.value == 0x3099 || scalar.value == 0x309A {
                // The combining (han)dakuten, U+3099/U+309A, become ﾞ U+FF9E and ﾟ U+FF9F.
                scalars.append(Unicode.Scalar(scalar.value == 0x3099 ? 0xFF9E : 0xFF9F) ?? scalar)
            } else {
                scalars.append(scalar)
                previousWasKatakana = false
            }
        }
        // Recomposes what was decomposed but had no half-width form (the が of つばさ stays が).
        return String(scalars).precomposedStringWithCanonicalMapping
    }

    /// The half-width form of each full-width katakana that has one, found by undoing NFKC over the
    /// half-width block U+FF66…U+FF9D (ｦ…ﾝ, with the small kana and ｰ).
    private static let halfWidth: [Unicode.Scalar: Unicode.Scalar] = {
        var table: [Unicode.Scalar: Unicode.Scalar] = [:]
        for value in UInt32(0xFF66)...0xFF9D {
            guard let narrow = Unicode.Scalar(value),
                let wide = String(narrow).precomposedStringWithCompatibilityMapping.unicodeScalars.first
            else { continue }
            table[wide] = narrow
        }
        return table
    }()

    // MARK: Corporate numbers

    /// Registry offices (登記所) whose four-digit codes begin synthetic corporate numbers.
    private static let registryOffices = [
        "0100", "0104", "0106", "0107", "0109", "0110", "0111", "0113", "0200", "0300", "0400", "0500", "0700", "0800",
        "1000", "1100", "1200", "1300", "1400", "1500", "1800", "2000", "2100", "2400", "2700", "2900", "3300", "3400",
        "3700", "4000", "4300", "4600", "4800",
    ]

    /// The corporate number of the `index`-th vendor: the base is a registry office's code and an
    /// eight-digit serial, then the check digit goes in front (see ``CorporateNumber``).
    ///
    /// The serial is `index` × 61,803,399 + `offset`, modulo 10⁸. The multiplier shares no factor
    /// with 10⁸ (it is odd and does not end in 5), so the serials of the first 10⁸ indices are all
    /// different — unique numbers without a set to check them against — and, being large, it
    /// scatters neighbouring vendors' serials over the whole range.
    static func corporateNumber(index: Int, offset: Int, using random: inout SyntheticRandom) -> CorporateNumber? {
        let serial = (index * 61_803_399 + offset) % 100_000_000
        let digits = String(serial)
        let base = random.element(of: registryOffices) + String(repeating: "0", count: 8 - digits.count) + digits
        return CorporateNumber(base: base)
    }
}
