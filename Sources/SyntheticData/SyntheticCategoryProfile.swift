import Ledger

/// How the synthetic register buys one built-in category: how much of a municipality's contracts
/// fall in it, what a contract costs, how it is billed, and the words of its titles, products and
/// specialist vendors' names.
///
/// The figures are plausible orders of magnitude for a mid-sized city, not survey data: a
/// resident-record system costs tens of millions of yen a year, a reservation site a few million,
/// and prices within a category spread over a factor of ten or so (a lognormal law).
struct SyntheticCategoryProfile: Sendable {
    /// The built-in category's code (see `sql/0003_vendors_contracts.sql`).
    let code: String
    /// The category's share of a municipality's contracts, in thousandths.
    let weight: Int
    /// The median annual price in yen, tax excluded, for a city (other kinds are scaled from it:
    /// `SyntheticRegister.scale(of:)`).
    let medianAnnualYen: Double
    /// The spread of the lognormal law: σ of the logarithm of the price.
    let sigma: Double
    /// How often contracts are billed per year, per month and once, in that order.
    let basisWeights: [Int]
    /// What a title names, before the kind of work (`施設予約システム` + `保守業務`).
    let titleStems: [String]
    /// What vendors call their products in this category (`予約システム` in `ミライ予約システム Ver.3`).
    let productWords: [String]
    /// Words that name a company specialised in this category (`テレマーケティング`), with readings.
    let vendorCores: [NamePart]

    /// The fifteen built-in categories, in the order of the migration that seeds them.
    static let all: [SyntheticCategoryProfile] = [
        SyntheticCategoryProfile(
            code: "reservation_system", weight: 60, medianAnnualYen: 3_000_000, sigma: 0.7, basisWeights: [50, 20, 30],
            titleStems: [
                "施設予約システム", "ワクチン接種予約システム", "オンライン予約システム", "窓口予約システム",
                "健診予約システム",
            ],
            productWords: ["予約システム", "施設予約", "予約受付サービス", "予約ポータル"],
            vendorCores: [NamePart("ウェブサービス", "ウェブサービス")]),
        SyntheticCategoryProfile(
            code: "resident_records", weight: 90, medianAnnualYen: 40_000_000, sigma: 0.8, basisWeights: [60, 30, 10],
            titleStems: [
                "住民記録システム", "住民情報システム", "基幹系業務システム", "戸籍総合システム", "標準準拠システム",
            ],
            productWords: ["住民情報システム", "基幹系システム", "総合行政システム", "自治体クラウド"],
            vendorCores: [
                NamePart("電子計算センター", "デンシケイサンセンター"), NamePart("行政システム", "ギョウセイシステム"),
            ]),
        SyntheticCategoryProfile(
            code: "tax_system", weight: 70, medianAnnualYen: 25_000_000, sigma: 0.8, basisWeights: [60, 30, 10],
            titleStems: [
                "税務システム", "住民税課税システム", "固定資産税システム", "収納管理システム", "滞納管理システム",
            ],
            productWords: ["税務システム", "課税システム", "収納管理", "滞納整理"],
            vendorCores: [NamePart("行政情報", "ギョウセイジョウホウ")]),
        SyntheticCategoryProfile(
            code: "welfare_system", weight: 80, medianAnnualYen: 20_000_000, sigma: 0.8, basisWeights: [60, 30, 10],
            titleStems: [
                "福祉総合システム", "介護保険システム", "障害福祉システム", "子ども・子育て支援システム",
                "生活保護システム",
            ],
            productWords: ["福祉総合システム", "介護保険", "子育て支援", "障害者福祉"],
            vendorCores: [NamePart("福祉システム", "フクシシステム"), NamePart("ケアサービス", "ケアサービス")]),
        SyntheticCategoryProfile(
            code: "health_system", weight: 60, medianAnnualYen: 8_000_000, sigma: 0.7, basisWeights: [60, 25, 15],
            titleStems: ["健康管理システム", "母子保健システム", "予防接種管理システム", "検診管理システム"],
            productWords: ["健康管理システム", "健康カルテ", "予防接種台帳", "母子保健"],
            vendorCores: [NamePart("ヘルスケア", "ヘルスケア"), NamePart("医療情報", "イリョウジョウホウ")]),
        SyntheticCategoryProfile(
            code: "lgwan_network", weight: 70, medianAnnualYen: 6_000_000, sigma: 0.6, basisWeights: [40, 50, 10],
            titleStems: [
                "LGWAN接続回線", "庁内ネットワーク", "インターネット接続", "ネットワーク機器保守",
                "セキュリティクラウド接続",
            ],
            productWords: ["セキュアネット", "LGWAN-ASP", "閉域網サービス", "ネットワーク監視"],
            vendorCores: [NamePart("ネットワークス", "ネットワークス"), NamePart("テレコム", "テレコム")]),
        SyntheticCategoryProfile(
            code: "website_cms", weight: 50, medianAnnualYen: 4_000_000, sigma: 0.8, basisWeights: [40, 20, 40],
            titleStems: ["公式ウェブサイト", "ホームページ", "CMS", "観光ウェブサイト"],
            productWords: ["CMS", "サイト管理システム", "ウェブアクセシビリティ診断", "ホームページ作成"],
            vendorCores: [
                NamePart("ウェブ", "ウェブ"), NamePart("クリエイティブ", "クリエイティブ"),
                NamePart("メディア", "メディア"),
            ]),
        SyntheticCategoryProfile(
            code: "call_centre", weight: 40, medianAnnualYen: 15_000_000, sigma: 0.9, basisWeights: [50, 40, 10],
            titleStems: ["コールセンター", "問い合わせ窓口", "ワクチン接種コールセンター", "総合案内センター"],
            productWords: ["コールセンターサービス", "問い合わせ窓口", "FAQシステム", "オペレーター派遣"],
            vendorCores: [
                NamePart("テレマーケティング", "テレマーケティング"),
                NamePart("コミュニケーションズ", "コミュニケーションズ"),
                NamePart("ヒューマンサービス", "ヒューマンサービス"),
            ]),
        SyntheticCategoryProfile(
            code: "vaccination_operations", weight: 40, medianAnnualYen: 10_000_000, sigma: 0.9,
            basisWeights: [30, 20, 50],
            titleStems: ["新型コロナワクチン接種", "予防接種", "集団接種会場", "接種券発送"],
            productWords: ["接種管理システム", "接種券発行", "会場運営支援", "接種記録連携"],
            vendorCores: [
                NamePart("メディカルサポート", "メディカルサポート"), NamePart("人材サービス", "ジンザイサービス"),
            ]),
        SyntheticCategoryProfile(
            code: "data_centre_cloud", weight: 70, medianAnnualYen: 12_000_000, sigma: 0.8, basisWeights: [50, 45, 5],
            titleStems: ["データセンター", "自治体クラウド", "ガバメントクラウド接続", "仮想サーバー"],
            productWords: ["クラウド", "データセンター", "IaaS", "ホスティング"],
            vendorCores: [
                NamePart("データセンター", "データセンター"), NamePart("クラウドサービス", "クラウドサービス"),
            ]),
        SyntheticCategoryProfile(
            code: "groupware_office", weight: 60, medianAnnualYen: 3_000_000, sigma: 0.7, basisWeights: [60, 30, 10],
            titleStems: [
                "グループウェア", "庁内情報共有システム", "事務用ソフトウェアライセンス", "ウェブ会議システム",
            ],
            productWords: ["グループウェア", "オフィス", "スケジューラ", "ウェブ会議"],
            vendorCores: [NamePart("ソフト", "ソフト")]),
        SyntheticCategoryProfile(
            code: "document_management", weight: 50, medianAnnualYen: 5_000_000, sigma: 0.7,
            basisWeights: [60, 25, 15],
            titleStems: ["文書管理システム", "電子決裁システム", "例規集データベース", "公文書管理システム"],
            productWords: ["文書管理", "電子決裁", "例規集", "ファイリング"],
            vendorCores: [NamePart("ファイリング", "ファイリング"), NamePart("ドキュメント", "ドキュメント")]),
        SyntheticCategoryProfile(
            code: "hardware_lease", weight: 120, medianAnnualYen: 4_000_000, sigma: 0.9, basisWeights: [20, 75, 5],
            titleStems: ["パソコン", "サーバー機器", "複合機", "タブレット端末", "ネットワーク機器"],
            productWords: ["端末一式", "サーバー", "複合機", "タブレット"],
            vendorCores: [
                NamePart("リース", "リース"), NamePart("ファイナンス", "ファイナンス"), NamePart("事務機", "ジムキ"),
                NamePart("オフィス機器", "オフィスキキ"),
            ]),
        SyntheticCategoryProfile(
            code: "maintenance_support", weight: 100, medianAnnualYen: 6_000_000, sigma: 0.8,
            basisWeights: [60, 35, 5],
            titleStems: ["情報システム", "庁内ヘルプデスク", "サーバー・ネットワーク", "業務システム"],
            productWords: ["運用支援サービス", "ヘルプデスク", "保守サービス", "監視サービス"],
            vendorCores: [
                NamePart("テクノサービス", "テクノサービス"), NamePart("エンジニアリング", "エンジニアリング"),
                NamePart("サポート", "サポート"),
            ]),
        SyntheticCategoryProfile(
            code: "other", weight: 40, medianAnnualYen: 2_000_000, sigma: 0.9, basisWeights: [40, 20, 40],
            titleStems: ["業務支援", "統計調査集計", "職員情報研修", "データ入力"],
            productWords: ["サービス", "パッケージ", "調査", "研修"],
            vendorCores: [NamePart("ビジネスサービス", "ビジネスサービス"), NamePart("総研", "ソウケン")]),
    ]

    /// The kind of work a title names after its stem, by billing basis (annual, monthly, one-time):
    /// for systems, yearly licences and maintenance, monthly leases and use, one-time builds and
    /// changes; for services (a call centre, vaccination clinics), the service commissioned.
    var titleWork: [[String]] {
        Self.serviceCodes.contains(code)
            ? [["運営業務委託", "業務委託"], ["運営業務委託", "業務委託", "支援業務"], ["業務委託", "実施業務委託"]]
            : [
                ["運用保守業務委託", "保守業務", "利用料", "使用許諾及び保守"],
                ["賃貸借", "利用", "運用支援業務", "サービス利用"],
                ["構築業務委託", "改修業務委託", "導入業務", "更新業務委託"],
            ]
    }

    /// The categories bought as services rather than systems.
    private static let serviceCodes: Set<String> = [
        "call_centre", "vaccination_operations", "maintenance_support", "other",
    ]
}
