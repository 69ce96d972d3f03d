import Ledger

/// The phrases `procure` builds its values and records from, in both languages.
enum CLIWords {
    static func tokenHolder(_ name: String, tokenID: String) -> Bilingual {
        Bilingual(ja: "\(name)（トークン \(tokenID)）", en: "\(name) (token \(tokenID))")
    }

    static let admin = Bilingual(ja: "（管理者）", en: " (admin)")

    static func corporateNumber(_ number: String) -> Bilingual {
        Bilingual(ja: "、法人番号 \(number)", en: ", 法人番号 \(number)")
    }

    // MARK: Cases

    static func targetPercent(_ percent: Int32) -> Bilingual {
        Bilingual(ja: "\(percent)% 削減", en: "\(percent)% reduction")
    }

    static func targetYen(_ yen: String) -> Bilingual {
        Bilingual(ja: "年 \(yen) 削減", en: "\(yen) a year less")
    }

    static func participantsActive(_ active: Int, of total: Int) -> Bilingual {
        Bilingual(ja: "\(total)団体中 \(active)団体が参加", en: "\(active) active of \(total)")
    }

    static let opened = Bilingual(ja: "開始", en: "opened")
    static let detailsChanged = Bilingual(ja: "内容を変更", en: "details changed")
    static let descriptionChanged = Bilingual(ja: "説明を変更", en: "description changed")
    static func yenAYear(_ yen: String) -> Bilingual { Bilingual(ja: "年 \(yen)", en: "\(yen) a year") }
    static let nothing = Bilingual(ja: "なし", en: "none")
    static let participantsOnly = Bilingual(ja: "［参加自治体のみ］", en: "[participants only] ")
    static let hiddenText = Bilingual(
        ja: "（本文は案件の参加自治体だけが読めます）", en: "(text visible to the case's participants only)")
    static let agreedWord = Bilingual(ja: "合意", en: "agreed")

    static func offerFor(_ name: String) -> Bilingual {
        Bilingual(ja: "\(name)向け", en: "for \(name)")
    }

    static let offerForGroup = Bilingual(ja: "全体向け", en: "for the group")

    static func validUntil(_ date: String) -> Bilingual {
        Bilingual(ja: "、\(date) まで有効", en: ", valid until \(date)")
    }

    static func offer(amount: String, whom: Bilingual, offeredOn: String, validity: Bilingual) -> Bilingual {
        Bilingual(
            ja: "\(whom.japanese) 年額 \(amount)（\(offeredOn) 提示\(validity.japanese)）",
            en: "\(amount) a year \(whom.english), offered \(offeredOn)\(validity.english)")
    }

    static func fiscalYears(_ first: Int32, _ last: Int32) -> Bilingual {
        first == last
            ? LedgerText.fiscalYear(Int(first))
            : Bilingual.list([LedgerText.fiscalYear(Int(first)), LedgerText.fiscalYear(Int(last))], ja: "〜", en: "–")
    }
}

extension CLIWords {
    static let yes = Bilingual(ja: "はい", en: "yes")

    static func baselineRestated(_ name: String, _ amount: String) -> Bilingual {
        Bilingual(ja: "\(name) 基準額 \(amount)", en: "\(name) baseline \(amount)")
    }
    static let no = Bilingual(ja: "いいえ", en: "no")
}
