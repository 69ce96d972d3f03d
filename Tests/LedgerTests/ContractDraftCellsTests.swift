import Testing

@testable import Ledger

@Suite("contract cells of an imported row")
struct ContractDraftCellsTests {
    /// A valid row as a municipal spreadsheet writes it.
    static let row: [ImportColumn: String] = [
        .title: "ワクチン接種予約システム", .vendorName: "㈱ＡＢＣシステム", .categoryCode: "予約システム",
        .amount: "1,320,000円", .taxIncluded: "税込", .billingBasis: "一括", .startDate: "2024/4/1",
        .endDate: "2025/3/31", .contractMethod: "随意契約", .externalReference: "R6-001",
    ]

    static func category(_ text: String) -> String? {
        ["予約システム": "reservation_system", "reservation_system": "reservation_system"][text]
    }

    static func draft(_ changes: [ImportColumn: String]) throws(InvalidContract) -> ContractDraft {
        try ContractDraft(cells: row.merging(changes) { $1 }, reader: ContractCellReader(category: category))
    }

    static func errors(_ changes: [ImportColumn: String]) -> [ContractFieldError] {
        do {
            _ = try draft(changes)
            return []
        } catch {
            return error.errors
        }
    }

    @Test("a row as a spreadsheet writes it becomes the contract it describes")
    func spreadsheetRow() throws {
        let draft = try Self.draft([:])
        #expect(draft.title == "ワクチン接種予約システム")
        #expect(draft.vendor.name == "㈱ＡＢＣシステム")
        #expect(draft.categoryCode == "reservation_system")
        #expect(draft.amount == 1_320_000)
        #expect(draft.taxIncluded)
        #expect(draft.billingBasis == .oneTime)
        #expect(draft.startDate.description == "2024-04-01")
        #expect(draft.endDate.description == "2025-03-31")
        #expect(draft.contractMethod == .negotiated)
        #expect(draft.externalReference == "R6-001")
        #expect(draft.product == nil && draft.notes == nil && draft.renewalNoticeDate == nil)
    }

    @Test("an address after the vendor's name in the same cell is set aside; names without one are kept whole")
    func vendorWithAddress() throws {
        let withAddress = [
            "株式会社ABCシステム 香川県丸亀市大手町2-3-1", "株式会社ABCシステム　香川県丸亀市大手町2-3-1",
            "株式会社ABCシステム\n香川県丸亀市大手町2-3-1", "株式会社ABCシステム（〒763-0034 香川県丸亀市大手町2-3-1）",
            "株式会社ABCシステム 〒763-0034", "株式会社ABCシステム、763-0034 丸亀市大手町2-3-1",
            "株式会社ABCシステム 住所：丸亀市大手町2-3-1", "株式会社ABCシステム (東京都千代田区丸の内1-1-1)",
        ]
        for cell in withAddress {
            #expect(try Self.draft([.vendorName: cell]).vendor.name == "株式会社ABCシステム", "\(cell)")
        }
        for name in ["株式会社ABCシステム", "ABCシステム（株）", "株式会社 東京都市開発", "東京都市サービス株式会社 大阪支店", "香川県情報サービス株式会社"] {
            #expect(try Self.draft([.vendorName: name]).vendor.name == name, "\(name)")
        }
    }

    @Test("amounts are read with separators, yen signs, 円 and full-width digits")
    func amounts() throws {
        for text in ["1234000", "1,234,000", "¥1,234,000", "￥1,234,000", "1,234,000円", "１，２３４，０００円", "\\1,234,000"] {
            #expect(try ContractCell.amount(text) == 1_234_000, "\(text)")
        }
    }

    @Test("amounts as published lists write them: 金…円, ￥…-, 千円, and a tax note read beside the amount")
    func publishedAmounts() throws {
        let cases: [(String, Int64, Bool?)] = [
            ("金1,100,000円", 1_100_000, nil), ("￥1,100,000-", 1_100_000, nil), ("1,100千円", 1_100_000, nil),
            ("1,100.5千円", 1_100_500, nil), ("１，１００千円", 1_100_000, nil), ("1,100,000円（税込）", 1_100_000, true),
            ("1,100,000円(税抜)", 1_100_000, false), ("1,000,000円 税別", 1_000_000, false),
            ("¥1,100,000（税込み）", 1_100_000, true),
        ]
        for (text, amount, taxIncluded) in cases {
            let cell = try ContractCell.amountCell(text)
            #expect(cell.amount == amount && cell.taxIncluded == taxIncluded, "\(text): \(cell)")
        }
        for text in ["単価契約", "@120円", "1,100.1234千円", "1,100,000円（税込）（税抜）"] {
            #expect(throws: ContractCellError.self, "\(text)") { try ContractCell.amountCell(text) }
        }
        #expect(
            (try? ContractCell.amountCell("@120円")) == nil
                && ContractCellError.unitPrice("@120円").message.english.contains(
                    "unit-price contracts are not imported")
        )
    }

    @Test("a tax note in the amount stands for an empty tax cell, and must agree with a filled one")
    func taxNote() throws {
        #expect(try Self.draft([.amount: "1,100,000円（税抜）", .taxIncluded: ""]).taxIncluded == false)
        #expect(try Self.draft([.amount: "1,100,000円（税込）", .taxIncluded: "税込"]).amount == 1_100_000)
        let contradiction = Self.errors([.amount: "1,100,000円（税抜）", .taxIncluded: "税込"])
        #expect(contradiction.map(\.field) == ["amount"])
        #expect(contradiction.first?.message.english.contains("contradicts the tax column") == true)
        #expect(Self.errors([.amount: "1,100,000円", .taxIncluded: ""]).map(\.field) == ["taxIncluded"])
    }

    @Test("a term in one cell gives both dates, in every form published lists write")
    func terms() throws {
        for text in [
            "令和6年4月1日～令和7年3月31日", "R6.4.1～R7.3.31", "2024/4/1-2025/3/31", "自 令和6年4月1日 至 令和7年3月31日",
            "2024-04-01 - 2025-03-31", "2024年4月1日から2025年3月31日まで", "R6.4.1〜R7.3.31", "2024-04-01~2025-03-31",
        ] {
            let term = try ContractCell.term(text)
            #expect(term.start.description == "2024-04-01" && term.end.description == "2025-03-31", "\(text)")
        }
        for text in ["令和6年4月1日", "2024/4/1～", "いつか～そのうち", "2024/4/1～2025/3/31～2026/3/31"] {
            #expect(throws: ContractCellError.self, "\(text)") { try ContractCell.term(text) }
        }
    }

    @Test("an amount that is not whole yen is refused with an example")
    func badAmounts() {
        for text in ["12.5", "1.2万", "abc", "¥", "1,234,000ドル"] {
            #expect(throws: ContractCellError.self, "\(text)") { try ContractCell.amount(text) }
        }
    }

    @Test("税込 and 税抜, and their English and yes/no spellings, read as tax included or not")
    func taxIncluded() throws {
        for text in ["税込", "税込み", "内税", "true", "TRUE", "yes", "1"] {
            #expect(try ContractCell.taxIncluded(text), "\(text)")
        }
        for text in ["税抜", "税抜き", "税別", "外税", "false", "no", "0"] {
            #expect(try !ContractCell.taxIncluded(text), "\(text)")
        }
        #expect(throws: ContractCellError.self) { try ContractCell.taxIncluded("たぶん") }
    }

    @Test("billing bases are read in Japanese or as the API's codes")
    func billingBases() throws {
        #expect(try ContractCell.billingBasis("一括") == .oneTime)
        #expect(try ContractCell.billingBasis("月額") == .monthly)
        #expect(try ContractCell.billingBasis("年額") == .annual)
        #expect(try ContractCell.billingBasis("one_time") == .oneTime)
        #expect(try ContractCell.billingBasis("Monthly") == .monthly)
        #expect(throws: ContractCellError.self) { try ContractCell.billingBasis("週額") }
    }

    @Test("contract methods are read in Japanese or as the API's codes")
    func contractMethods() throws {
        #expect(try ContractCell.contractMethod("一般競争入札") == .generalCompetitive)
        #expect(try ContractCell.contractMethod("指名競争入札") == .designatedCompetitive)
        #expect(try ContractCell.contractMethod("随意契約") == .negotiated)
        #expect(try ContractCell.contractMethod("随契") == .negotiated)
        #expect(try ContractCell.contractMethod("その他") == .other)
        #expect(try ContractCell.contractMethod("general_competitive") == .generalCompetitive)
        #expect(throws: ContractCellError.self) { try ContractCell.contractMethod("くじ引き") }
    }

    @Test("dates are read as YYYY-MM-DD, with slashes or dots, in 年月日 and with full-width digits")
    func dates() throws {
        for text in ["2024-04-01", "2024/4/1", "2024.4.1", "2024年4月1日", "２０２４／４／１"] {
            #expect(try ContractCell.date(text).description == "2024-04-01", "\(text)")
        }
        #expect(throws: ContractCellError.self) { try ContractCell.date("2024/2/30") }
        #expect(throws: ContractCellError.self) { try ContractCell.date("4月1日") }
    }

    @Test("dates in a Japanese era are read, 元年 included, and a date outside its era is refused")
    func eraDates() throws {
        #expect(try ContractCell.date("令和6年4月1日").description == "2024-04-01")
        #expect(try ContractCell.date("R6.4.1").description == "2024-04-01")
        #expect(try ContractCell.date("令和元年5月1日").description == "2019-05-01")
        #expect(try ContractCell.date("平成31年4月30日").description == "2019-04-30")
        #expect(try ContractCell.date("H30/3/31").description == "2018-03-31")
        #expect(try ContractCell.date("㋿6年4月1日").description == "2024-04-01")
        // 令和 began on 2019-05-01: 令和元年4月30日 never existed.
        #expect(throws: ContractCellError.self) { try ContractCell.date("令和元年4月30日") }
    }

    @Test("every problem of a row is reported, each naming its column")
    func everyProblem() {
        let errors = Self.errors([.amount: "たくさん", .startDate: "いつか", .contractMethod: "くじ引き"])
        #expect(Set(errors.map(\.field)) == ["amount", "startDate", "contractMethod"])
    }

    @Test("an end date before the start date is refused under the end date's column")
    func endBeforeStart() {
        let errors = Self.errors([.startDate: "2024-04-01", .endDate: "2024-03-31"])
        #expect(errors.map(\.field) == ["endDate"])
        #expect(errors.map(\.message.english) == ["the end date 2024-03-31 is before the start date 2024-04-01"])
        #expect(errors.map(\.message.japanese) == ["終了日 2024-03-31 が開始日 2024-04-01 より前です"])
    }

    @Test("a required cell left blank is refused under its column")
    func blankRequired() {
        let errors = Self.errors([.title: "  ", .vendorName: ""])
        #expect(Set(errors.map(\.field)) == ["title", "vendorName"])
        #expect(errors.allSatisfy { $0.message.english.contains("empty") })
    }

    @Test("a category is named by its code or its name, and an unknown one is refused")
    func categories() throws {
        #expect(try Self.draft([.categoryCode: "reservation_system"]).categoryCode == "reservation_system")
        #expect(Self.errors([.categoryCode: "なにか"]).map(\.field) == ["categoryCode"])
    }

    @Test("a corporate number with a wrong check digit is refused under its column")
    func corporateNumber() throws {
        #expect(
            try Self.draft([.vendorCorporateNumber: "８０００－０２０１－３０００１"]).vendor.corporateNumber?.rawValue
                == "8000020130001")
        #expect(Self.errors([.vendorCorporateNumber: "9000020130001"]).map(\.field) == ["vendorCorporateNumber"])
    }

    @Test("a vendor name that is only a legal form is refused")
    func legalFormOnly() {
        #expect(Self.errors([.vendorName: "株式会社"]).map(\.field) == ["vendorName"])
    }

    @Test("a source URL must start with a lower-case http:// or https://")
    func sourceURL() {
        #expect(Self.errors([.sourceUrl: "https://www.town.utazu.lg.jp/keiyaku"]).isEmpty)
        #expect(Self.errors([.sourceUrl: "HTTPS://www.town.utazu.lg.jp"]).map(\.field) == ["sourceUrl"])
        #expect(Self.errors([.sourceUrl: "www.town.utazu.lg.jp"]).map(\.field) == ["sourceUrl"])
    }

    @Test("a reader remembers readings but refuses a repeated invalid text in every row that has it")
    func rememberedReadings() {
        let reader = ContractCellReader(category: Self.category)
        var refused = 0
        for _ in 1...3 {
            do {
                _ = try ContractDraft(cells: Self.row.merging([.vendorName: "株式会社"]) { $1 }, reader: reader)
            } catch {
                refused += error.errors.count { $0.field == "vendorName" }
            }
        }
        #expect(refused == 3)
        #expect((try? ContractDraft(cells: Self.row, reader: reader)) != nil)
    }
}
