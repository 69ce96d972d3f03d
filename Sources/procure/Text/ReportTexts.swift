import Ledger

/// The words of the peer, renewal and footprint reports, in both languages.
enum ReportText {
    static let amountsFootnote = [
        Bilingual(
            ja: "金額は消費税込みの年額です。税抜の契約は開始日時点の税率で換算しています",
            en: "Amounts are annual and include consumption tax: tax-excluded contracts are converted at the rate"),
        Bilingual(
            ja: "（2019-10-01 から10%、2014-04-01 から8%）。",
            en: "in force on their start date (10% from 2019-10-01, 8% from 2014-04-01)."),
    ]

    // MARK: Counts

    static func peers(_ count: Int) -> Bilingual {
        count == 1
            ? Bilingual(ja: "相手は1団体", en: "1 peer")
            : Bilingual(ja: "相手は\(formatCount(count))団体", en: "\(formatCount(count)) peers")
    }

    static func days(_ count: Int) -> Bilingual {
        count == 1
            ? Bilingual(ja: "1日", en: "1 day")
            : Bilingual(ja: "\(formatCount(count))日", en: "\(formatCount(count)) days")
    }

    static func months(_ count: Int) -> Bilingual {
        count == 1
            ? Bilingual(ja: "1か月", en: "1 month")
            : Bilingual(ja: "\(formatCount(count))か月", en: "\(formatCount(count)) months")
    }

    static func showing(_ count: Int) -> Bilingual {
        Bilingual(ja: "（うち\(count)団体を表示）", en: ", showing \(count)")
    }

    // MARK: Peers

    static func peersHeading(_ municipality: String, asOf: String) -> Bilingual {
        Bilingual(ja: "\(municipality)の共通事業者（\(asOf) 時点）", en: "Peers of \(municipality) as of \(asOf)")
    }

    static func noCurrentContracts(_ name: String, filters: String) -> Bilingual {
        Bilingual(ja: "\(name)には現在の契約がありません\(filters)。", en: "\(name) has no current contracts\(filters).")
    }

    static func differenceNote(_ name: String) -> Bilingual {
        Bilingual(
            ja: "差額: 相手の金額 − \(name)の金額。+ は相手が多く、- は少なく払っています。",
            en: "Difference: the peer's amount minus \(name)'s; + means the peer pays more, - less.")
    }

    static func vendorHeading(_ vendor: String, name: String, pays: String, peers: Bilingual) -> Bilingual {
        Bilingual(
            ja: "\(vendor): \(name)の支払は年 \(pays)。\(peers.japanese)",
            en: "\(vendor): \(name) pays \(pays) a year; \(peers.english)")
    }

    static func noOtherMunicipality(_ vendor: String, filters: String) -> Bilingual {
        Bilingual(
            ja: "\(vendor)と現在契約しているほかの自治体はありません\(filters)。",
            en: "No other municipality has a current contract with \(vendor)\(filters).")
    }

    static func contractLine(reference: String, what: String, amount: String, excluded: String?, term: String)
        -> Bilingual
    {
        if let excluded {
            Bilingual(
                ja: "\(reference) [\(what)]: 年 \(amount)（税抜 \(excluded)）、\(term)",
                en: "\(reference) [\(what)]: \(amount) a year (\(excluded) 税抜), \(term)")
        } else {
            Bilingual(
                ja: "\(reference) [\(what)]: 年 \(amount)、\(term)",
                en: "\(reference) [\(what)]: \(amount) a year, \(term)")
        }
    }

    static func categoryFilter(_ code: String) -> Bilingual {
        Bilingual(ja: "分野 \(code)", en: "category \(code)")
    }

    static func vendorFilter(_ id: String) -> Bilingual {
        Bilingual(ja: "事業者 #\(id)", en: "vendor #\(id)")
    }

    static func prefectureFilter(_ prefecture: String) -> Bilingual {
        Bilingual(ja: "相手は\(prefecture)", en: "peers in \(prefecture)")
    }

    // MARK: Renewals

    static func renewalsHeading(_ municipality: String, asOf: String) -> Bilingual {
        Bilingual(ja: "\(municipality)の更新予定（\(asOf) 時点）", en: "Renewals of \(municipality) as of \(asOf)")
    }

    static func renewalsScope(within: Bilingual, months: Bilingual) -> Bilingual {
        Bilingual(
            ja: "\(within.japanese)以内に期限を迎える契約と、その前後\(months.japanese)以内に契約が終わる相手。",
            en:
                "Contracts due within \(within.english), with the peers whose contracts end within \(months.english) of theirs."
        )
    }

    static func noRenewals(_ name: String, within: Bilingual, asOf: String) -> Bilingual {
        Bilingual(
            ja: "\(name)には、\(asOf) から\(within.japanese)以内に終了または更新通知日を迎える契約はありません。",
            en:
                "\(name) has no contracts ending or reaching their renewal notice date within \(within.english) of \(asOf)."
        )
    }

    static func vendorLine(_ vendor: String) -> Bilingual {
        Bilingual(ja: "  事業者:   \(vendor)", en: "  vendor:   \(vendor)")
    }

    static func categoryLine(_ code: String, product: String?) -> Bilingual {
        if let product {
            Bilingual(ja: "  分野:     \(code)、製品 \(product)", en: "  category: \(code), product \(product)")
        } else {
            Bilingual(ja: "  分野:     \(code)", en: "  category: \(code)")
        }
    }

    static func dueLine(_ date: String, kind: Bilingual, left: Bilingual) -> Bilingual {
        Bilingual(
            ja: "  期限:     \(date)（\(kind.japanese)）、\(left.japanese)",
            en: "  due:      \(date) (\(kind.english)), \(left.english)")
    }

    static func ownLine(_ amount: String, excluded: String?) -> Bilingual {
        if let excluded {
            Bilingual(ja: "  自団体:   年 \(amount)（税抜 \(excluded)）", en: "  own:      \(amount) a year (\(excluded) 税抜)")
        } else {
            Bilingual(ja: "  自団体:   年 \(amount)", en: "  own:      \(amount) a year")
        }
    }

    static func atStakeLine(_ amount: String, peers: Bilingual) -> Bilingual {
        Bilingual(
            ja: "  合計:     相手と合わせて年 \(amount)（\(peers.japanese)）",
            en: "  at stake: \(amount) a year together with \(peers.english)")
    }

    static func noRenewalPeers(category: String, vendor: String, months: Bilingual, end: String) -> Bilingual {
        Bilingual(
            ja: "  \(end) の前後\(months.japanese)以内に終わる契約で\(vendor)から \(category) を買うほかの自治体はありません。",
            en:
                "  No other municipality buys \(category) from \(vendor) under a contract ending within \(months.english) of \(end)."
        )
    }

    static let renewalNotice = Bilingual(ja: "更新通知日", en: "renewal notice")
    static let contractEnds = Bilingual(ja: "契約終了", en: "contract ends")
    static let today = Bilingual(ja: "今日", en: "today")

    static func inDays(_ days: Bilingual) -> Bilingual {
        Bilingual(ja: "あと\(days.japanese)", en: "in \(days.english)")
    }

    // MARK: Footprint

    static func footprintHeading(_ vendor: String, asOf: String, contracts: Bilingual, municipalities: Bilingual)
        -> Bilingual
    {
        Bilingual(
            ja: "\(vendor)（\(asOf) 時点）: 現在の契約 \(contracts.japanese)、\(municipalities.japanese)",
            en: "\(vendor) as of \(asOf): \(contracts.english) with \(municipalities.english)")
    }

    static func currentContracts(_ count: Int) -> Bilingual {
        count == 1
            ? Bilingual(ja: "1件", en: "1 current contract")
            : Bilingual(ja: "\(formatCount(count))件", en: "\(formatCount(count)) current contracts")
    }

    static func municipalityCount(_ count: Int) -> Bilingual {
        count == 1
            ? Bilingual(ja: "1団体", en: "1 municipality")
            : Bilingual(ja: "\(formatCount(count))団体", en: "\(formatCount(count)) municipalities")
    }

    static let byCategory = Bilingual(
        ja: "分野別（税込年額。外れ値は p75 + 1.5 × (p75 − p25) を超えるもの）:",
        en: "By category (annual amounts with tax; outliers are above p75 + 1.5 × (p75 − p25)):")
    static let noOutliers = Bilingual(ja: "外れ値はありません。", en: "No outliers.")
    static let outliers = Bilingual(ja: "外れ値:", en: "Outliers:")
    static let byPrefecture = Bilingual(ja: "都道府県別:", en: "By prefecture:")
    static let outlier = Bilingual(ja: "外れ値", en: "outlier")

    static func contractsOf(_ municipality: String) -> Bilingual {
        Bilingual(ja: "\(municipality)の契約:", en: "Contracts of \(municipality):")
    }

    static func noOwnContracts(_ vendor: String) -> Bilingual {
        Bilingual(
            ja: "あなたの自治体には\(vendor)との現在の契約がありません。",
            en: "Your municipality has no current contracts with \(vendor).")
    }

    static func percentile(_ percent: Int32) -> Bilingual {
        Bilingual(ja: "分野の契約の \(percent)% 以上より高い", en: "at or above \(percent)% of the category's contracts")
    }

    static let categoryTitles = [
        Bilingual(ja: "分野", en: "CATEGORY"), Bilingual(ja: "契約数", en: "CONTRACTS"),
        Bilingual(ja: "自治体数", en: "MUNICIPALITIES"), Bilingual(ja: "最小", en: "MIN"),
        Bilingual(ja: "第1四分位", en: "P25"), Bilingual(ja: "中央値", en: "MEDIAN"),
        Bilingual(ja: "第3四分位", en: "P75"), Bilingual(ja: "最大", en: "MAX"),
        Bilingual(ja: "外れ値の境", en: "OUTLIER ABOVE"), Bilingual(ja: "外れ値の数", en: "OUTLIERS"),
    ]
}
