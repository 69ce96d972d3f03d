import Foundation

/// Why a cell's text is not a value of its column, in a sentence a person can act on.
public struct ContractCellError: Error, Sendable, Hashable {
    public let message: Bilingual

    public init(_ message: Bilingual) {
        self.message = message
    }
}

/// The readings of spreadsheet cells: what municipal contract lists write for amounts, yes/no,
/// billing bases, contract methods and dates, as well as the API's own spellings.
///
/// Cells are NFKC-normalised first, because spreadsheets typed with a Japanese input method mix
/// full-width digits, signs and letters (１，２３４円, ￥, Ｒ６) with ASCII ones.
public enum ContractCell {
    /// Whole yen: `1234000`, `1,234,000`, `¥1,234,000`, `1,234,000円`, `１，２３４，０００円`, and the
    /// forms published contract lists write: `金1,100,000円`, `￥1,100,000-`, `1,100千円` (thousands),
    /// `1,100,000円（税込）` (the tax note is read by ``amountCell(_:)``).
    ///
    /// A backslash before the digits is read as the yen sign: Shift_JIS files carry ¥ as byte 0x5C,
    /// which Windows shows as ¥ but decodes to a backslash.
    public static func amount(_ text: String) throws(ContractCellError) -> Int64 {
        try amountCell(text).amount
    }

    /// An amount cell: the amount, and whether a note in it says the amount includes tax
    /// (`（税込）`, `税込み`, `内税`) or not (`（税抜）`, `税別`, `外税`); nil without a note.
    /// A unit-price contract (`単価契約`, `@120円`) is refused: procure records contract amounts.
    public static func amountCell(_ text: String) throws(ContractCellError) -> (amount: Int64, taxIncluded: Bool?) {
        var value = normalised(text).filter { !$0.isWhitespace && $0 != "," }
        if value.contains("単価") || value.hasPrefix("@") || value.hasPrefix("＠") {
            throw .unitPrice(text)
        }
        var taxIncluded: Bool?
        for (notes, included) in [(["税込み", "税込", "内税"], true), (["税抜き", "税抜", "税別", "外税"], false)] {
            for note in notes {
                for form in ["(\(note))", note] where value.contains(form) {
                    if let earlier = taxIncluded, earlier != included { throw .notAnAmount(text) }
                    taxIncluded = included
                    value = value.replacingOccurrences(of: form, with: "")
                }
            }
        }
        var digits = Substring(value)
        if digits.hasPrefix("金") { digits.removeFirst() }
        if let first = digits.first, first == "¥" || first == "\\" { digits.removeFirst() }
        // `￥1,100,000-`: the dash after the figure that keeps anyone from adding digits.
        if digits.hasSuffix("-") && digits.count > 1 && digits.first != "-" { digits.removeLast() }
        if digits.hasSuffix("円") { digits.removeLast() }
        var thousands = false
        if digits.hasSuffix("千") {
            digits.removeLast()
            thousands = true
        }
        let negative = digits.first == "-"
        if negative { digits.removeFirst() }
        var fraction = Substring("")
        if thousands, let point = digits.firstIndex(of: ".") {
            // `1,100.5千円`: whole yen once multiplied.
            fraction = digits[digits.index(after: point)...]
            digits = digits[..<point]
            guard fraction.count <= 3 else { throw .notAnAmount(text) }
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            fraction.allSatisfy({ $0.isASCII && $0.isNumber })
        else {
            throw .notAnAmount(text)
        }
        guard var amount = Int64(digits) else { throw .amountTooLarge(text) }
        if thousands {
            let (scaled, overflow) = amount.multipliedReportingOverflow(by: 1_000)
            guard !overflow else { throw .amountTooLarge(text) }
            amount = scaled + (Int64(fraction.padding(toLength: 3, withPad: "0", startingAt: 0)) ?? 0)
        }
        return (negative ? -amount : amount, taxIncluded)
    }

    /// `税込` / `税抜` (and 内税 / 外税, 税別), or true/false, yes/no, 1/0.
    public static func taxIncluded(_ text: String) throws(ContractCellError) -> Bool {
        let value = normalised(text).lowercased().filter { !$0.isWhitespace && $0 != "(" && $0 != ")" }
        if ["税込", "税込み", "内税", "true", "yes", "y", "1", "はい", "○", "〇"].contains(value) { return true }
        if ["税抜", "税抜き", "税別", "外税", "false", "no", "n", "0", "いいえ", "×"].contains(value) { return false }
        throw .notATaxFlag(text)
    }

    /// `一括` / `月額` / `年額` (and 一時, 月, 年), or the API's `one_time`, `monthly`, `annual`.
    public static func billingBasis(_ text: String) throws(ContractCellError) -> BillingBasis {
        let value = normalised(text).lowercased().filter { !$0.isWhitespace }
        switch value {
        case "one_time", "onetime", "one-time", "一括", "一時", "一括払い", "一時払い", "単発": return .oneTime
        case "monthly", "月額", "月", "毎月", "月払い": return .monthly
        case "annual", "annually", "yearly", "年額", "年", "毎年", "年払い": return .annual
        default:
            throw .notABillingBasis(text)
        }
    }

    /// `一般競争入札` / `指名競争入札` / `随意契約` / `その他` (and their short forms), or the API's codes.
    public static func contractMethod(_ text: String) throws(ContractCellError) -> ContractMethod {
        let value = normalised(text).lowercased().filter { !$0.isWhitespace }
        switch value {
        case "general_competitive", "一般競争入札", "一般競争", "一般競争入札(総合評価)", "総合評価落札方式":
            return .generalCompetitive
        case "designated_competitive", "指名競争入札", "指名競争": return .designatedCompetitive
        case "negotiated", "随意契約", "随契", "特命随意契約", "特命随契", "随意契約(プロポーザル)", "プロポーザル":
            return .negotiated
        case "other", "その他": return .other
        default:
            throw .notAMethod(text)
        }
    }

    /// A term in one cell, both dates in any form ``date(_:)`` reads: `令和6年4月1日～令和7年3月31日`,
    /// `R6.4.1～R7.3.31`, `2024/4/1-2025/3/31`, `自 令和6年4月1日 至 令和7年3月31日`, `2024年4月1日から
    /// 2025年3月31日まで`.
    public static func term(_ text: String) throws(ContractCellError) -> (start: BusinessDate, end: BusinessDate) {
        var value = normalised(text).filter { !$0.isWhitespace }
        if value.hasPrefix("自") { value.removeFirst() }
        if value.hasSuffix("まで") { value.removeLast(2) }
        // Wave dashes and tildes, 至, から: one of them separates the dates.
        for separator in ["～", "〜", "~", "至", "から", "－", "―", "‐"] where value.contains(separator) {
            let parts = value.components(separatedBy: separator)
            guard parts.count == 2 else { throw .notATerm(text) }
            do {
                return (try date(parts[0]), try date(parts[1]))
            } catch {
                throw .notATerm(text)
            }
        }
        // A hyphen: dates may hold hyphens themselves (2024-04-01-2025-03-31), so every hyphen is
        // tried as the separator; exactly one must leave two dates.
        let hyphens = value.indices.filter { value[$0] == "-" }
        let readings = hyphens.compactMap { index -> (BusinessDate, BusinessDate)? in
            guard let start = try? date(String(value[..<index])),
                let end = try? date(String(value[value.index(after: index)...]))
            else { return nil }
            return (start, end)
        }
        guard readings.count == 1, let reading = readings.first else { throw .notATerm(text) }
        return reading
    }

    /// A date as spreadsheets write it: `2024-04-01`, `2024/4/1`, `2024.4.1`, `2024年4月1日`, or in a
    /// Japanese era: `令和6年4月1日`, `R6.4.1`, `令和元年5月1日`, `平成31年4月30日`, `H31/4/30`.
    public static func date(_ text: String) throws(ContractCellError) -> BusinessDate {
        var value = normalised(text).filter { !$0.isWhitespace }
        if value.hasSuffix("日") { value.removeLast() }
        value = value.replacingOccurrences(of: "年", with: "-").replacingOccurrences(of: "月", with: "-")
            .replacingOccurrences(of: ".", with: "-").replacingOccurrences(of: "/", with: "-")
        let invalid = ContractCellError.notADate(text)
        if let era = Era.allCases.first(where: { era in era.prefixes.contains { value.hasPrefix($0) } }),
            let prefix = era.prefixes.first(where: { value.hasPrefix($0) })
        {
            let parts = value.dropFirst(prefix.count).split(separator: "-", omittingEmptySubsequences: false)
            let eraYear = parts.first == "元" ? 1 : parts.first.flatMap { Int($0) }
            guard parts.count == 3, let eraYear, eraYear >= 1, eraYear <= 99,
                let date = BusinessDate("\(era.firstYear + eraYear - 1)-\(parts[1])-\(parts[2])")
            else { throw invalid }
            guard era.contains(date) else {
                throw .outsideEra(text, era: era.name, range: era.dateRangeText)
            }
            return date
        }
        guard let date = BusinessDate(value) else { throw invalid }
        return date
    }

    /// A corporate number as typed (full-width digits and hyphens accepted).
    public static func corporateNumber(_ text: String) throws(ContractCellError) -> CorporateNumber {
        do throws(InvalidCorporateNumber) {
            return try CorporateNumber(text)
        } catch {
            throw ContractCellError(error.message)
        }
    }

    /// A vendor cell without the address that published lists write after the name in the same
    /// cell (`契約の相手方の商号又は名称及び住所`): `株式会社ABCシステム 香川県丸亀市大手町2-3-1`,
    /// `株式会社ABCシステム（〒763-0034 香川県…）`, the name and the address on two lines. The address
    /// starts after a space, a line break, a bracket or a comma, with a prefecture's name, `〒`, a
    /// postcode (`763-0034`) or `住所`/`所在地`, and what comes before it is still a name; a cell
    /// without one is the name as it is.
    public static func vendorName(_ text: String) -> String {
        let separators: Set<Character> = [" ", "\u{3000}", "\n", "\r\n", "\r", "\t", "(", "（", "[", "［", "、", ",", "，"]
        var index = text.startIndex
        while index < text.endIndex {
            if separators.contains(text[index]) {
                let rest = text[text.index(after: index)...].drop { $0 == " " || $0 == "\u{3000}" || $0.isNewline }
                // What is left must still be a name (`株式会社 東京都市開発` is not 株式会社 in 東京都).
                let name = text[..<index].trimmingCharacters(in: .whitespacesAndNewlines)
                if startsAddress(rest), (try? VendorNameKey(name)) != nil { return name }
            }
            index = text.index(after: index)
        }
        return text
    }

    private static func startsAddress(_ text: Substring) -> Bool {
        if text.hasPrefix("〒") || text.hasPrefix("住所") || text.hasPrefix("所在地") { return true }
        let head = Array(String(text.prefix(8)).precomposedStringWithCompatibilityMapping.unicodeScalars)
        let digits = CharacterSet(charactersIn: "0123456789")
        if head.count >= 8, head[0..<3].allSatisfy(digits.contains), head[3] == "-" || head[3] == "ー",
            head[4..<8].allSatisfy(digits.contains)
        {
            return true
        }
        return prefectures.contains { text.hasPrefix($0) }
    }

    /// The 47 prefectures (都道府県), as an address starts.
    private static let prefectures = [
        "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県", "埼玉県", "千葉県",
        "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県",
        "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県",
        "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
    ]

    /// NFKC: full-width digits and letters to ASCII, ￥ to ¥, ㋿ to 令和. ASCII text is its own
    /// NFKC, and most cells are ASCII, so they skip the costly normalisation.
    static func normalised(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.trimmingWhitespace() }
        return text.precomposedStringWithCompatibilityMapping.trimmingWhitespace()
    }

    /// The eras (元号) municipal records of current contracts still use. The first year of an era
    /// is 元年 (year 1), and an era starts and ends on a day, not on the 1st of January.
    enum Era: CaseIterable {
        case reiwa
        case heisei
        case showa

        var prefixes: [String] {
            switch self {
            case .reiwa: ["令和", "R", "r"]
            case .heisei: ["平成", "H", "h"]
            case .showa: ["昭和", "S", "s"]
            }
        }

        var name: String {
            switch self {
            case .reiwa: "令和"
            case .heisei: "平成"
            case .showa: "昭和"
            }
        }

        var firstYear: Int {
            switch self {
            case .reiwa: 2019
            case .heisei: 1989
            case .showa: 1926
            }
        }

        /// The first and last day of the era as (year, month, day); 令和 has no end yet.
        var days: (first: (Int, Int, Int), last: (Int, Int, Int)?) {
            switch self {
            case .reiwa: ((2019, 5, 1), nil)
            case .heisei: ((1989, 1, 8), (2019, 4, 30))
            case .showa: ((1926, 12, 25), (1989, 1, 7))
            }
        }

        var dateRangeText: String {
            let (first, last) = days
            let from = String(format: "%04d-%02d-%02d", first.0, first.1, first.2)
            guard let last else { return "\(from)〜" }
            return "\(from)〜" + String(format: "%04d-%02d-%02d", last.0, last.1, last.2)
        }

        func contains(_ date: BusinessDate) -> Bool {
            let day = (date.year, date.month, date.day)
            let (first, last) = days
            return day >= first && (last.map { day <= $0 } ?? true)
        }
    }
}
