import Foundation
import ProcureTestSupport
import Testing

/// Peers, a vendor's footprint and the renewal radar on a small hand-made register, through the
/// real binary. Ten municipalities buy a reservation system from one vendor, written four ways;
/// 宇多津町 pays ¥1,000,000 a year before tax from 2020-04-01 (¥1,100,000 with 10% tax), 羽島市
/// ¥1,155,000 with tax for the same product (written in half-width kana), 福岡市 ¥9,000,000.
/// Every report is made for 2024-12-01, so nothing depends on today's date.
@Suite("peers, footprints and the renewal radar end to end", .serialized)
struct PeerStoryTests {
    static let asOf = "2024-12-01"

    /// `(code, name)` of every municipality in the story, checked against the registry first.
    static let municipalities = [
        ("373869", "宇多津町"), ("212091", "羽島市"), ("163236", "立山町"), ("011002", "札幌市"), ("131016", "千代田区"),
        ("271004", "大阪市"), ("401307", "福岡市"), ("172014", "金沢市"), ("232017", "豊橋市"), ("372013", "高松市"),
        ("212016", "岐阜市"),
    ]

    /// One contract of the story: municipality, the vendor as that municipality writes it, annual
    /// amount, tax basis, term, product, category.
    struct Purchase {
        let code: String
        let vendor: String
        let amount: String
        let taxExcluded: Bool
        let start: String
        let end: String
        var product: String? = nil
        var category = "reservation_system"
    }

    /// Tax-aligned annual amounts in reservation_system, ascending: 1,050,000 (金沢市),
    /// 1,080,000 (豊橋市: 1,000,000 before tax from 2019-04-01, 8%), 1,100,000 (宇多津町: 10%),
    /// 1,155,000 (羽島市), 1,200,000 (立山町), 1,250,000 (千代田区), 1,300,000 (札幌市),
    /// 1,400,000 (大阪市), 1,500,000 (高松市), 9,000,000 (福岡市). 岐阜市 buys something else.
    static let purchases = [
        Purchase(
            code: "373869", vendor: "株式会社サンプル予約システムズ", amount: "1000000", taxExcluded: true,
            start: "2020-04-01", end: "2025-03-31", product: "サンプル予約"),
        // Three months after 宇多津町's: inside the six-month peer window.
        Purchase(
            code: "212091", vendor: "(株)サンプル予約システムズ", amount: "1155000", taxExcluded: false,
            start: "2021-04-01", end: "2025-06-30", product: "ｻﾝﾌﾟﾙ予約"),
        // Seven months after 宇多津町's: outside it.
        Purchase(
            code: "163236", vendor: "㈱サンプル予約システムズ", amount: "1200000", taxExcluded: false,
            start: "2021-11-01", end: "2025-10-31"),
        Purchase(
            code: "011002", vendor: "サンプル予約システムズ株式会社", amount: "1300000", taxExcluded: false,
            start: "2021-04-01", end: "2026-03-31"),
        Purchase(
            code: "131016", vendor: "(株)サンプル予約システムズ", amount: "1250000", taxExcluded: false,
            start: "2021-04-01", end: "2026-03-31"),
        Purchase(
            code: "271004", vendor: "(株)サンプル予約システムズ", amount: "1400000", taxExcluded: false,
            start: "2021-04-01", end: "2026-03-31"),
        Purchase(
            code: "401307", vendor: "(株)サンプル予約システムズ", amount: "9000000", taxExcluded: false,
            start: "2021-04-01", end: "2026-03-31"),
        Purchase(
            code: "172014", vendor: "(株)サンプル予約システムズ", amount: "1050000", taxExcluded: false,
            start: "2021-04-01", end: "2026-03-31"),
        Purchase(
            code: "232017", vendor: "(株)サンプル予約システムズ", amount: "1000000", taxExcluded: true,
            start: "2019-04-01", end: "2026-03-31"),
        Purchase(
            code: "372013", vendor: "(株)サンプル予約システムズ", amount: "1500000", taxExcluded: false,
            start: "2021-04-01", end: "2026-03-31"),
        Purchase(
            code: "212016", vendor: "(株)サンプル予約システムズ", amount: "600000", taxExcluded: false,
            start: "2021-04-01", end: "2026-03-31", category: "call_centre"),
    ]

    @Test("宇多津町 finds 羽島市 paying +¥55,000 (+5.00%) for the same system, renews with it, and sees 福岡市 as the outlier")
    func story() async throws {
        try await StoryServer.run { served in try await Self.story(served) }
    }

    static func story(_ served: StoryServer) async throws {
        let admin = try await served.client("admin", "token", "create", "--admin", "--name", "事務局")
        let utazu = try await served.client("admin", "token", "create", "--municipality", "373869", "--name", "保健センター")

        for (code, name) in municipalities {
            let shown = try await admin.run("municipalities", "show", code, "--output", "json")
            #expect(object(shown.standardOutput)?["name"] as? String == name, "\(code): \(shown.standardError)")
        }

        let vendor = try await admin.run(
            "vendors", "add", "株式会社サンプル予約システムズ", "--corporate-number", "6012345678901", "--output", "json")
        #expect(vendor.status == 0, "\(vendor.standardError)")
        let vendorID = try #require(object(vendor.standardOutput)?["id"] as? String)
        var contractIDs: [String: String] = [:]
        for purchase in purchases {
            var arguments = [
                "contracts", "add", "--municipality", purchase.code, "--vendor", purchase.vendor, "--category",
                purchase.category, "--title", "予約システム運用業務", "--amount", purchase.amount,
                purchase.taxExcluded ? "--tax-excluded" : "--tax-included", "--billing", "annual", "--start",
                purchase.start, "--end", purchase.end, "--method", "negotiated", "--output", "json",
            ]
            if let product = purchase.product { arguments += ["--product", product] }
            let added = try await admin.run(arguments)
            #expect(added.status == 0, "\(purchase.code): \(added.standardError)")
            let contract = try #require(object(added.standardOutput))
            #expect((contract["vendor"] as? [String: Any])?["id"] as? String == vendorID, "one vendor, four spellings")
            contractIDs[purchase.code] = contract["id"] as? String
        }

        let ids = try Contracts(utazu: #require(contractIDs["373869"]), fukuoka: #require(contractIDs["401307"]))
        try await peers(utazu: utazu, admin: admin, vendorID: vendorID, contracts: ids)
        try await renewals(utazu: utazu, vendorID: vendorID, contracts: ids)
        try await footprint(utazu: utazu, vendorID: vendorID, contracts: ids)
    }

    /// The ids of the contracts the reports name.
    struct Contracts {
        let utazu: String
        let fukuoka: String
    }

    /// `procure peers`: 羽島市 first (same product), with the tax-aligned comparison.
    static func peers(utazu: ProcureBinary, admin: ProcureBinary, vendorID: String, contracts: Contracts) async throws {
        let table = try await utazu.run("peers", "--as-of", asOf)
        #expect(table.status == 0, "\(table.standardError)")
        let text = table.standardOutput
        #expect(text.hasPrefix("Peers of 香川県宇多津町 (373869) as of 2024-12-01\n"))
        #expect(
            text.contains(
                "株式会社サンプル予約システムズ (#\(vendorID), 法人番号 6012345678901): 宇多津町 pays ¥1,100,000 a year; 10 peers\n"
            ))
        #expect(
            text.contains(
                "  予約システム運用業務 (#\(contracts.utazu)) [Reservation systems, サンプル予約]: ¥1,100,000 a year (¥1,000,000 税抜), "
                    + "2020-04-01 – 2025-03-31\n"))
        let rows = text.split(separator: "\n").map(String.init)
        let hashima = try #require(rows.first { $0.contains("岐阜県羽島市 (212091)") })
        for cell in ["same product", "ｻﾝﾌﾟﾙ予約", "¥1,155,000  ¥1,100,000", "+¥55,000 (+5.00%)", "2025-06-30"] {
            #expect(hashima.contains(cell), "\(cell) in \(hashima)")
        }
        let kanazawa = try #require(rows.first { $0.contains("石川県金沢市 (172014)") })
        #expect(kanazawa.contains("same category") && kanazawa.contains("-¥50,000 (-4.55%)"), "\(kanazawa)")
        // 豊橋市's ¥1,000,000 before tax started under the 8% rate.
        let toyohashi = try #require(rows.first { $0.contains("愛知県豊橋市 (232017)") })
        #expect(toyohashi.contains("¥1,080,000  ¥1,100,000") && toyohashi.contains("-¥20,000 (-1.82%)"), "\(toyohashi)")
        let gifu = try #require(rows.first { $0.contains("岐阜県岐阜市 (212016)") })
        // Categories by name in a table (in the run's language); the CSV below keeps the codes.
        #expect(gifu.contains("vendor only") && gifu.contains("Call centres") && gifu.contains("¥600,000"), "\(gifu)")
        #expect(gifu.components(separatedBy: "—").count == 3, "no comparison for a vendor-only peer: \(gifu)")
        // Ranked: the same product, then the same category by end date, then the vendor only.
        let order = rows.filter { $0.hasPrefix("  same ") || $0.hasPrefix("  vendor only") }.compactMap { row in
            municipalities.first { row.contains("(\($0.0))") }?.1
        }
        #expect(order == ["羽島市", "立山町", "札幌市", "千代田区", "金沢市", "豊橋市", "大阪市", "高松市", "福岡市", "岐阜市"])
        #expect(text.contains("Amounts are annual and include consumption tax"))

        let limited = try await utazu.run("peers", "--as-of", asOf, "--peers-per-vendor", "2")
        #expect(limited.standardOutput.contains("; 10 peers, showing 2\n"), "\(limited.standardOutput)")

        let json = try await utazu.run("peers", "--as-of", asOf, "--output", "json")
        let report = try #require(object(json.standardOutput), "\(json.standardOutput)")
        #expect(report["asOf"] as? String == asOf)
        let vendors = try #require(report["vendors"] as? [[String: Any]])
        #expect(vendors.count == 1)
        let first = try #require((vendors.first?["peers"] as? [[String: Any]])?.first)
        #expect((first["municipality"] as? [String: Any])?["code"] as? String == "212091")
        #expect(first["match"] as? String == "product")
        let comparison = try #require(first["comparison"] as? [String: Any])
        #expect(comparison["ownAnnualAmount"] as? Int == 1_100_000)
        #expect(comparison["peerAnnualAmount"] as? Int == 1_155_000)
        #expect(comparison["differenceYen"] as? Int == 55_000)
        #expect(comparison["differencePercent"] as? Double == 5.0)

        let csv = try await utazu.run("peers", "--as-of", asOf, "--output", "csv")
        let records = csv.standardOutput.components(separatedBy: "\r\n")
        #expect(
            records.first
                == "vendor_id,vendor,peer_code,prefecture,peer,match,peer_annual_tax_included,own_annual_tax_included,"
                + "difference_yen,difference_percent,earliest_end_date,contract_count")
        #expect(
            records.dropFirst().first
                == "\(vendorID),株式会社サンプル予約システムズ,212091,岐阜県,羽島市,product,1155000,1100000,55000,5.00,"
                + "2025-06-30,1")
        #expect(records.count == 1 + 10 + 1, "header, ten peers, and the empty string after the last CRLF")

        let nothing = try await utazu.run("peers", "--as-of", asOf, "--category", "tax_system")
        #expect(nothing.standardOutput.hasSuffix("\n宇多津町 has no current contracts (category tax_system).\n"))

        let noMunicipality = try await admin.run("peers", "--as-of", asOf)
        #expect(noMunicipality.status != 0)
        #expect(noMunicipality.standardError.hasPrefix("error: an admin token has no municipality of its own"))
        let asAdmin = try await admin.run("peers", "--municipality", "373869", "--as-of", asOf, "--output", "csv")
        #expect(asAdmin.standardOutput == csv.standardOutput, "an admin sees what the member sees")
    }

    /// `procure renewals`: 羽島市 ends three months after 宇多津町 and is proposed; 立山町 ends
    /// seven months after and is not, until the window is widened to seven months.
    static func renewals(utazu: ProcureBinary, vendorID: String, contracts: Contracts) async throws {
        let table = try await utazu.run("renewals", "--within", "180", "--as-of", asOf)
        #expect(table.status == 0, "\(table.standardError)")
        let text = table.standardOutput
        for line in [
            "予約システム運用業務 (#\(contracts.utazu))\n",
            "  due:      2025-03-31 (contract ends), in 120 days\n",
            "  own:      ¥1,100,000 a year (¥1,000,000 税抜)\n",
            "  at stake: ¥2,255,000 a year together with 1 peer\n",
        ] {
            #expect(text.contains(line), "\(line) in\n\(text)")
        }
        let hashima = try #require(text.split(separator: "\n").first { $0.contains("岐阜県羽島市 (212091)") })
        #expect(hashima.contains("2025-06-30") && hashima.contains("¥1,155,000"), "\(hashima)")
        #expect(!text.contains("立山町"), "seven months apart is outside the six-month window")
        for outside in ["札幌市", "福岡市", "岐阜市"] {
            #expect(!text.contains(outside))
        }

        let wider = try await utazu.run("renewals", "--as-of", asOf, "--peer-window-months", "7", "--output", "json")
        let report = try #require(object(wider.standardOutput), "\(wider.standardError)")
        let renewal = try #require((report["renewals"] as? [[String: Any]])?.first)
        let peers = (renewal["peers"] as? [[String: Any]])?.compactMap {
            ($0["municipality"] as? [String: Any])?["code"] as? String
        }
        #expect(peers == ["212091", "163236"])
        #expect(renewal["combinedAnnualAmount"] as? Int == 1_100_000 + 1_155_000 + 1_200_000)

        let csv = try await utazu.run("renewals", "--as-of", asOf, "--output", "csv")
        #expect(
            csv.standardOutput.components(separatedBy: "\r\n").dropFirst().first
                == "\(contracts.utazu),予約システム運用業務,\(vendorID),株式会社サンプル予約システムズ,reservation_system,"
                + "2025-03-31,2025-03-31,120,1100000,2255000,212091,岐阜県,羽島市,2025-06-30,1155000,1")

        let early = try await utazu.run("renewals", "--within", "119", "--as-of", asOf)
        #expect(early.standardOutput.contains("宇多津町 has no contracts ending or reaching their renewal notice date"))

        let negative = try await utazu.run("renewals", "--within=-1")
        #expect(negative.status != 0)
        #expect(negative.standardError.contains("--within must be between 0 and 1096 days"))
    }

    /// `procure vendors footprint`: quartiles by linear interpolation over ten amounts, one
    /// outlier above p75 + 1.5 × IQR, and where 宇多津町's contract falls.
    static func footprint(utazu: ProcureBinary, vendorID: String, contracts: Contracts) async throws {
        // Ten sorted amounts v0…v9: p25 at rank 2.25 = 1,100,000 + 0.25 × 55,000 = 1,113,750;
        // the median at 4.5 = 1,200,000 + 0.5 × 50,000 = 1,225,000; p75 at 6.75 = 1,300,000 +
        // 0.75 × 100,000 = 1,375,000; the threshold 1,375,000 + 1.5 × 261,250 = 1,766,875.
        let table = try await utazu.run("vendors", "footprint", vendorID, "--as-of", asOf)
        #expect(table.status == 0, "\(table.standardError)")
        let text = table.standardOutput
        #expect(
            text.hasPrefix(
                "株式会社サンプル予約システムズ (#\(vendorID), 法人番号 6012345678901) as of 2024-12-01: "
                    + "11 current contracts with 11 municipalities\n"))
        let rows = text.split(separator: "\n").map(String.init)
        let reservation = try #require(rows.first { $0.hasPrefix("  Reservation systems ") })
        let cells = reservation.dropFirst("  Reservation systems".count).split(separator: " ").map(String.init)
        #expect(
            cells == [
                "10", "10", "¥1,050,000", "¥1,113,750", "¥1,225,000", "¥1,375,000", "¥9,000,000",
                "¥1,766,875", "1",
            ])
        let flagged = rows.filter { $0.hasSuffix("  outlier") }
        #expect(flagged.count == 1, "\(flagged)")
        #expect(
            flagged.first?.contains("#\(contracts.fukuoka)  福岡県福岡市 (401307)  Reservation systems  ¥9,000,000") == true)
        let own = try #require(rows.first { $0.contains("#\(contracts.utazu)  Reservation systems  ¥1,100,000") })
        #expect(own.hasSuffix("at or above 30% of the category's contracts"), "3 of 10 cost ¥1,100,000 or less")
        #expect(text.contains("  香川県 (37)               2          2\n"), "宇多津町 and 高松市")

        let json = try await utazu.run("vendors", "footprint", vendorID, "--as-of", asOf, "--output", "json")
        let footprint = try #require(object(json.standardOutput))
        let categories = try #require(footprint["categories"] as? [[String: Any]])
        #expect(categories.map { $0["categoryCode"] as? String } == ["reservation_system", "call_centre"])
        let outliers = try #require(categories.first?["outliers"] as? [[String: Any]])
        #expect(outliers.map { $0["contractId"] as? String } == [contracts.fukuoka])
        #expect((categories.last?["outliers"] as? [[String: Any]])?.isEmpty == true)

        let csv = try await utazu.run(
            "vendors", "footprint", "--corporate-number", "6012345678901", "--as-of", asOf, "--output", "csv")
        #expect(
            csv.standardOutput
                == "category,contracts,municipalities,min,p25,median,p75,max,outlier_threshold,outliers\r\n"
                + "reservation_system,10,10,1050000,1113750,1225000,1375000,9000000,1766875,1\r\n"
                + "call_centre,1,1,600000,600000,600000,600000,600000,600000,0\r\n")
    }

    static func object(_ json: String) -> [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    }
}

extension ProcureBinary {
    /// Runs `procure arguments…` to completion, with the arguments as an array.
    fileprivate func run(_ arguments: [String]) async throws -> Finished {
        try await start(arguments).finish()
    }
}
