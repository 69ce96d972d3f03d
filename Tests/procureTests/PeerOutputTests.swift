import Foundation
import ProcurementClient
import Testing

@testable import procure

private typealias Schemas = Components.Schemas

private let utazu = Schemas.MunicipalitySummary(code: "373869", prefecture: "香川県", name: "宇多津町")
private let hashima = Schemas.MunicipalitySummary(code: "212091", prefecture: "岐阜県", name: "羽島市")
private let chiyoda = Schemas.MunicipalitySummary(code: "131016", prefecture: "東京都", name: "千代田区")
private let gifu = Schemas.MunicipalitySummary(code: "212016", prefecture: "岐阜県", name: "岐阜市")
private let vendor = Schemas.VendorSummary(id: "3", name: "株式会社サンプル予約システムズ", corporateNumber: "6012345678901")

/// A contract of the story: annual, tax-included unless `excluded` (then converted at 10%).
private func contract(
    _ id: String, _ amount: Int64, excluded: Bool = false, product: String? = nil,
    category: String = "reservation_system", end: String = "2026-03-31", notice: String? = nil
) -> Schemas.PeerContract {
    Schemas.PeerContract(
        id: id, categoryCode: category, title: "予約システム運用業務", product: product, annualAmount: amount,
        taxIncluded: !excluded, taxIncludedAnnualAmount: excluded ? amount + amount / 10 : amount,
        startDate: "2020-04-01", endDate: end, renewalNoticeDate: notice)
}

private func comparison(own: Int64, peer: Int64, percent: Double?) -> Schemas.PriceComparison {
    Schemas.PriceComparison(
        basis: .category, ownAnnualAmount: own, peerAnnualAmount: peer, differenceYen: peer - own,
        differencePercent: percent)
}

/// 宇多津町 pays ¥1,100,000 (¥1,000,000 before tax); 羽島市 ¥1,155,000 for the same product,
/// 千代田区 ¥1,050,000 in the same category, 岐阜市 ¥600,000 for a call centre.
private let report = Schemas.PeerReport(
    municipality: utazu, asOf: "2024-12-01",
    vendors: [
        Schemas.PeerVendor(
            vendor: vendor,
            ownContracts: [contract("1", 1_000_000, excluded: true, product: "サンプル予約", end: "2025-03-31")],
            ownAnnualAmount: 1_100_000, peerCount: 4,
            peers: [
                Schemas.Peer(
                    municipality: hashima, match: .product, contractCount: 1, annualAmount: 1_155_000,
                    earliestEndDate: "2025-06-30", categories: ["reservation_system"], products: ["ｻﾝﾌﾟﾙ予約"],
                    comparison: Schemas.PriceComparison(
                        basis: .product, ownAnnualAmount: 1_100_000, peerAnnualAmount: 1_155_000, differenceYen: 55_000,
                        differencePercent: 5)),
                Schemas.Peer(
                    municipality: chiyoda, match: .category, contractCount: 2, annualAmount: 1_350_000,
                    earliestEndDate: "2025-09-30", categories: ["reservation_system"], products: [],
                    comparison: comparison(own: 1_100_000, peer: 1_050_000, percent: -4.55)),
                Schemas.Peer(
                    municipality: gifu, match: .vendor, contractCount: 1, annualAmount: 600_000,
                    earliestEndDate: "2026-03-31", categories: ["call_centre"], products: []),
            ])
    ])

/// How `procure peers`, `procure vendors footprint` and `procure renewals` print their reports,
/// from constructed API values (no server).
@Suite("Peer report output")
struct PeerOutputTests {}

extension PeerOutputTests {
    @Suite("peers")
    struct Peers {
        @Test("a difference is signed: + when the peer pays more, - when it pays less, none for ¥0")
        func signedDifferences() {
            #expect(PeerText.difference(comparison(own: 1_100_000, peer: 1_155_000, percent: 5)) == "+¥55,000 (+5.00%)")
            #expect(
                PeerText.difference(comparison(own: 1_100_000, peer: 1_050_000, percent: -4.55)) == "-¥50,000 (-4.55%)")
            #expect(PeerText.difference(comparison(own: 1_100_000, peer: 1_100_000, percent: 0)) == "¥0 (0.00%)")
            #expect(PeerText.difference(comparison(own: 0, peer: 120_000, percent: nil)) == "+¥120,000")
            // Too small to show in hundredths of a percent: the sign still says which way it goes.
            #expect(PeerText.difference(comparison(own: 1_100_000, peer: 1_100_001, percent: 0)) == "+¥1 (+0.00%)")
            #expect(
                PeerText.difference(comparison(own: 100, peer: 1_234_500, percent: 1_234_400))
                    == "+¥1,234,400 (+1234400.00%)")
        }

        @Test("percentages print in hundredths without binary-fraction noise")
        func percentagesInHundredths() {
            #expect(PeerText.plainPercent(5) == "5.00")
            #expect(PeerText.plainPercent(-4.55) == "-4.55")
            #expect(PeerText.plainPercent(0.1 + 0.2) == "0.30")
            #expect(PeerText.plainPercent(9.09) == "9.09")
            #expect(PeerText.plainPercent(-0.07) == "-0.07")
        }

        @Test("the table: a heading per vendor, its own contracts, the peers aligned, and what the amounts are")
        func table() throws {
            let text = try PeerReportOutput(report: report).render(.table)
            #expect(
                text == """
                    Peers of 香川県宇多津町 (373869) as of 2024-12-01

                    株式会社サンプル予約システムズ (#3, 法人番号 6012345678901): 宇多津町 pays ¥1,100,000 a year; 4 peers, showing 3
                      予約システム運用業務 (#1) [reservation_system, サンプル予約]: ¥1,100,000 a year (¥1,000,000 税抜), 2020-04-01 – 2025-03-31

                      MATCH          MUNICIPALITY             CATEGORY            PRODUCT    PEER ANNUAL  OWN ANNUAL         DIFFERENCE  ENDS
                      -------------  -----------------------  ------------------  ---------  -----------  ----------  -----------------  ----------
                      same product   岐阜県羽島市 (212091)    reservation_system  ｻﾝﾌﾟﾙ予約   ¥1,155,000  ¥1,100,000  +¥55,000 (+5.00%)  2025-06-30
                      same category  東京都千代田区 (131016)  reservation_system              ¥1,050,000  ¥1,100,000  -¥50,000 (-4.55%)  2025-09-30
                      vendor only    岐阜県岐阜市 (212016)    call_centre                       ¥600,000           —                  —  2026-03-31

                    Amounts are annual and include consumption tax: tax-excluded contracts are converted at the rate
                    in force on their start date (10% from 2019-10-01, 8% from 2014-04-01).
                    Difference: the peer's amount minus 宇多津町's; + means the peer pays more, - less.

                    """)
        }

        @Test("the peer table lines Japanese names up by display width")
        func alignment() throws {
            let lines = try PeerReportOutput(report: report).render(.table).split(separator: "\n").map(String.init)
            let titles = [
                "MATCH", "MUNICIPALITY", "CATEGORY", "PRODUCT", "PEER ANNUAL", "OWN ANNUAL", "DIFFERENCE", "ENDS",
            ]
            let header = try #require(lines.first { $0.hasPrefix("  MATCH") })
            let columns = cellPositions(in: header, cells: titles)
            let rows = [
                [
                    "same product", "岐阜県羽島市 (212091)", "reservation_system", "ｻﾝﾌﾟﾙ予約", "¥1,155,000", "¥1,100,000",
                    "+¥55,000 (+5.00%)", "2025-06-30",
                ],
                [
                    "same category", "東京都千代田区 (131016)", "reservation_system", "", "¥1,050,000", "¥1,100,000",
                    "-¥50,000 (-4.55%)", "2025-09-30",
                ],
                ["vendor only", "岐阜県岐阜市 (212016)", "call_centre", "", "¥600,000", "—", "—", "2026-03-31"],
            ]
            let leftAligned = [true, true, true, true, false, false, false, true]
            for cells in rows {
                let line = try #require(lines.first { $0.contains(cells[1]) })
                let positions = cellPositions(in: line, cells: cells)
                for index in cells.indices where !cells[index].isEmpty {
                    if leftAligned[index] {
                        #expect(positions[index].start == columns[index].start, "\(cells[index]) in \(line)")
                    } else {
                        #expect(positions[index].end == columns[index].end, "\(cells[index]) in \(line)")
                    }
                }
            }
        }

        @Test("a vendor-only peer has no comparison: — in the table, empty cells in CSV")
        func vendorOnly() throws {
            let csv = try PeerReportOutput(report: report).render(.csv)
            #expect(
                csv
                    == "vendor_id,vendor,peer_code,prefecture,peer,match,peer_annual_tax_included,own_annual_tax_included,"
                    + "difference_yen,difference_percent,earliest_end_date,contract_count\r\n"
                    + "3,株式会社サンプル予約システムズ,212091,岐阜県,羽島市,product,1155000,1100000,55000,5.00,2025-06-30,1\r\n"
                    + "3,株式会社サンプル予約システムズ,131016,東京都,千代田区,category,1050000,1100000,-50000,-4.55,2025-09-30,2\r\n"
                    + "3,株式会社サンプル予約システムズ,212016,岐阜県,岐阜市,vendor,600000,,,,2026-03-31,1\r\n")
        }

        @Test("CSV quotes a name with a comma or a quote and doubles the quote")
        func csvEscaping() throws {
            var quoted = report
            quoted.vendors[0].vendor.name = "Sample \"Reserve\", Inc."
            quoted.vendors[0].peers = [report.vendors[0].peers[0]]
            let records = try PeerReportOutput(report: quoted).render(.csv).components(separatedBy: "\r\n")
            #expect(
                records[1] == "3,\"Sample \"\"Reserve\"\", Inc.\",212091,岐阜県,羽島市,product,1155000,1100000,55000,5.00,"
                    + "2025-06-30,1")
        }

        @Test("JSON is the API's document")
        func json() throws {
            let data = Data(try PeerReportOutput(report: report).render(.json).utf8)
            #expect(try JSONDecoder().decode(Schemas.PeerReport.self, from: data) == report)
        }

        @Test("an empty report says why: no current contracts, or no other municipality buying from the vendor")
        func emptyReports() throws {
            let none = Schemas.PeerReport(municipality: utazu, asOf: "2024-12-01", vendors: [])
            #expect(
                try PeerReportOutput(report: none, filters: [ReportText.categoryFilter("tax_system")]).render(.table)
                    == """
                    Peers of 香川県宇多津町 (373869) as of 2024-12-01

                    宇多津町 has no current contracts (category tax_system).

                    """)
            #expect(
                try PeerReportOutput(report: none).render(.csv)
                    == "vendor_id,vendor,peer_code,prefecture,peer,match,peer_annual_tax_included,own_annual_tax_included,"
                    + "difference_yen,difference_percent,earliest_end_date,contract_count\r\n")

            var alone = report
            alone.vendors[0].peers = []
            alone.vendors[0].peerCount = 0
            let text = try PeerReportOutput(report: alone).render(.table)
            #expect(text.contains("宇多津町 pays ¥1,100,000 a year; 0 peers\n"))
            #expect(text.contains("\n  No other municipality has a current contract with 株式会社サンプル予約システムズ.\n"))
        }
    }
}

/// 株式会社サンプル予約システムズ's reservation systems: ten contracts from ¥1,050,000 to
/// ¥9,000,000 (one outlier), and one call centre.
/// The names `CategoryNames.shown(in:api:)` reads from `GET /categories` for a table.
private let categoryNames = CategoryNames([
    Schemas.Category(code: "reservation_system", nameJa: "予約システム", nameEn: "Reservation systems", builtin: true),
    Schemas.Category(code: "call_centre", nameJa: "コールセンター", nameEn: "Call centres", builtin: true),
])

private let footprint = Schemas.VendorFootprint(
    vendor: vendor, asOf: "2024-12-01", municipalities: 11, contracts: 11,
    prefectures: [
        Schemas.FootprintPrefecture(prefectureCode: "13", prefecture: "東京都", municipalities: 1, contracts: 1),
        Schemas.FootprintPrefecture(prefectureCode: "37", prefecture: "香川県", municipalities: 2, contracts: 2),
    ],
    categories: [
        Schemas.FootprintCategory(
            categoryCode: "reservation_system", municipalities: 10,
            amounts: Schemas.AmountSummary(
                count: 10, min: 1_050_000, p25: 1_113_750, median: 1_225_000, p75: 1_375_000, max: 9_000_000,
                outlierThreshold: 1_766_875),
            outlierCount: 1,
            outliers: [
                Schemas.FootprintContract(
                    contractId: "7",
                    municipality: Schemas.MunicipalitySummary(
                        code: "401307", prefecture: "福岡県", name: "福岡市"),
                    categoryCode: "reservation_system", taxIncludedAnnualAmount: 9_000_000, percentile: 100)
            ]),
        Schemas.FootprintCategory(
            categoryCode: "call_centre", municipalities: 1,
            amounts: Schemas.AmountSummary(
                count: 1, min: 600_000, p25: 600_000, median: 600_000, p75: 600_000, max: 600_000,
                outlierThreshold: 600_000),
            outlierCount: 0,
            outliers: []),
    ],
    own: [
        Schemas.FootprintContract(
            contractId: "1", municipality: utazu, categoryCode: "reservation_system",
            taxIncludedAnnualAmount: 1_100_000, percentile: 30)
    ])

extension PeerOutputTests {
    @Suite("vendor footprint")
    struct Footprint {
        @Test("the table: distribution by category (named), the outlier flagged, prefectures, where our contract falls")
        func table() throws {
            #expect(
                try FootprintOutput(footprint: footprint, categories: categoryNames).render(.table) == """
                    株式会社サンプル予約システムズ (#3, 法人番号 6012345678901) as of 2024-12-01: 11 current contracts with 11 municipalities

                    By category (annual amounts with tax; outliers are above p75 + 1.5 × (p75 − p25)):
                      CATEGORY             CONTRACTS  MUNICIPALITIES         MIN         P25      MEDIAN         P75         MAX  OUTLIER ABOVE  OUTLIERS
                      -------------------  ---------  --------------  ----------  ----------  ----------  ----------  ----------  -------------  --------
                      Reservation systems         10              10  ¥1,050,000  ¥1,113,750  ¥1,225,000  ¥1,375,000  ¥9,000,000     ¥1,766,875         1
                      Call centres                 1               1    ¥600,000    ¥600,000    ¥600,000    ¥600,000    ¥600,000       ¥600,000         0

                    Outliers:
                      CONTRACT  MUNICIPALITY           CATEGORY                 ANNUAL  FLAG
                      --------  ---------------------  -------------------  ----------  -------
                            #7  福岡県福岡市 (401307)  Reservation systems  ¥9,000,000  outlier

                    By prefecture:
                      PREFECTURE   MUNICIPALITIES  CONTRACTS
                      -----------  --------------  ---------
                      東京都 (13)               1          1
                      香川県 (37)               2          2

                    Contracts of 香川県宇多津町 (373869):
                      CONTRACT  CATEGORY                 ANNUAL  WHERE IT FALLS
                      --------  -------------------  ----------  -------------------------------------------
                            #1  Reservation systems  ¥1,100,000  at or above 30% of the category's contracts

                    Amounts are annual and include consumption tax: tax-excluded contracts are converted at the rate
                    in force on their start date (10% from 2019-10-01, 8% from 2014-04-01).

                    """)
        }

        @Test("a member's own outlier is flagged too")
        func ownOutlier() throws {
            var expensive = footprint
            expensive.own = [footprint.categories[0].outliers[0]]
            let text = try FootprintOutput(footprint: expensive).render(.table)
            #expect(
                text.contains(
                    "        #7  reservation_system  ¥9,000,000  at or above 100% of the category's contracts  outlier\n"
                ))
        }

        @Test("the percentile reads as the share of the category's contracts at or below the amount")
        func percentileWording() {
            #expect(PeerText.percentile(30) == "at or above 30% of the category's contracts")
            #expect(PeerText.percentile(0) == "at or above 0% of the category's contracts")
        }

        @Test("CSV has one row per category with the distribution in plain yen, categories by code")
        func csv() throws {
            #expect(
                try FootprintOutput(footprint: footprint, categories: categoryNames).render(.csv)
                    == "category,contracts,municipalities,min,p25,median,p75,max,outlier_threshold,outliers\r\n"
                    + "reservation_system,10,10,1050000,1113750,1225000,1375000,9000000,1766875,1\r\n"
                    + "call_centre,1,1,600000,600000,600000,600000,600000,600000,0\r\n")
        }

        @Test("JSON is the API's document, outliers included")
        func json() throws {
            let data = Data(try FootprintOutput(footprint: footprint).render(.json).utf8)
            #expect(try JSONDecoder().decode(Schemas.VendorFootprint.self, from: data) == footprint)
        }
    }
}

/// 宇多津町's reservation system, due at its renewal notice date, with 羽島市 (two contracts) and
/// a call centre with no peers.
private let renewals = Schemas.RenewalReport(
    municipality: utazu, asOf: "2024-12-01", within: 180, peerWindowMonths: 6,
    renewals: [
        Schemas.Renewal(
            contract: contract(
                "1", 1_000_000, excluded: true, product: "サンプル予約", end: "2025-03-31", notice: "2024-12-31"),
            vendor: vendor, dueDate: "2024-12-31", daysUntilDue: 30, combinedAnnualAmount: 2_455_000, peerCount: 2,
            peers: [
                Schemas.RenewalPeer(
                    municipality: hashima, contractCount: 2, annualAmount: 1_355_000,
                    endDates: ["2025-06-30", "2025-07-31"])
            ]),
        Schemas.Renewal(
            contract: contract("9", 300_000, category: "call_centre", end: "2024-12-02"), vendor: vendor,
            dueDate: "2024-12-02", daysUntilDue: 1, combinedAnnualAmount: 300_000, peerCount: 0, peers: []),
    ])

extension PeerOutputTests {
    @Suite("renewal radar")
    struct Renewals {
        @Test("the table: one block per renewal, what falls due and when, the spend at stake, the peers")
        func table() throws {
            #expect(
                try RenewalReportOutput(report: renewals).render(.table) == """
                    Renewals of 香川県宇多津町 (373869) as of 2024-12-01
                    Contracts due within 180 days, with the peers whose contracts end within 6 months of theirs.

                    予約システム運用業務 (#1)
                      vendor:   株式会社サンプル予約システムズ (#3, 法人番号 6012345678901)
                      category: reservation_system, product サンプル予約
                      due:      2024-12-31 (renewal notice), in 30 days
                      own:      ¥1,100,000 a year (¥1,000,000 税抜)
                      at stake: ¥2,455,000 a year together with 2 peers, showing 1

                      MUNICIPALITY           ENDS                    CONTRACTS      ANNUAL
                      ---------------------  ----------------------  ---------  ----------
                      岐阜県羽島市 (212091)  2025-06-30, 2025-07-31          2  ¥1,355,000

                    予約システム運用業務 (#9)
                      vendor:   株式会社サンプル予約システムズ (#3, 法人番号 6012345678901)
                      category: call_centre
                      due:      2024-12-02 (contract ends), in 1 day
                      own:      ¥300,000 a year
                      at stake: ¥300,000 a year together with 0 peers
                      No other municipality buys call_centre from 株式会社サンプル予約システムズ under a contract ending within 6 months of 2024-12-02.

                    Amounts are annual and include consumption tax: tax-excluded contracts are converted at the rate
                    in force on their start date (10% from 2019-10-01, 8% from 2014-04-01).

                    """)
        }

        @Test("CSV has one row per renewal and peer, and a row with empty peer cells for a renewal without peers")
        func csv() throws {
            #expect(
                try RenewalReportOutput(report: renewals).render(.csv)
                    == "contract_id,title,vendor_id,vendor,category,end_date,due_date,days_until_due,own_annual_tax_included,"
                    + "combined_annual_tax_included,peer_code,prefecture,peer,peer_end_dates,peer_annual_tax_included,"
                    + "peer_contracts\r\n"
                    + "1,予約システム運用業務,3,株式会社サンプル予約システムズ,reservation_system,2025-03-31,2024-12-31,30,"
                    + "1100000,2455000,212091,岐阜県,羽島市,2025-06-30; 2025-07-31,1355000,2\r\n"
                    + "9,予約システム運用業務,3,株式会社サンプル予約システムズ,call_centre,2024-12-02,2024-12-02,1,"
                    + "300000,300000,,,,,,\r\n")
        }

        @Test("nothing due says so, naming the window")
        func nothingDue() throws {
            let none = Schemas.RenewalReport(
                municipality: utazu, asOf: "2024-12-01", within: 30, peerWindowMonths: 6, renewals: [])
            #expect(
                try RenewalReportOutput(report: none).render(.table) == """
                    Renewals of 香川県宇多津町 (373869) as of 2024-12-01
                    Contracts due within 30 days, with the peers whose contracts end within 6 months of theirs.

                    宇多津町 has no contracts ending or reaching their renewal notice date within 30 days of 2024-12-01.

                    """)
            #expect(RenewalReportOutput.daysLeft(0).english == "today")
        }
    }
}

/// Where each cell sits in `line`, in terminal columns, worked out independently of
/// `DisplayWidth`: kanji and kana take two columns; ASCII, ¥, —, – and half-width katakana one.
/// Cells are found left to right, so a value that also occurs in an earlier cell is not taken
/// for it; an empty cell is found where it stands, without moving on.
private func cellPositions(in line: String, cells: [String]) -> [(start: Int, end: Int)] {
    func columns(_ text: Substring) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            let wide = (0x2E80...0x9FFF).contains(scalar.value) || (0xFF01...0xFF60).contains(scalar.value)
            return total + (wide ? 2 : 1)
        }
    }
    var positions: [(start: Int, end: Int)] = []
    var searchFrom = line.startIndex
    for cell in cells {
        guard !cell.isEmpty else {
            positions.append((0, 0))
            continue
        }
        guard let range = line.range(of: cell, range: searchFrom..<line.endIndex) else {
            Issue.record("\(cell) not found in \(line)")
            return positions + Array(repeating: (0, 0), count: cells.count - positions.count)
        }
        let start = columns(line[..<range.lowerBound])
        positions.append((start, start + columns(line[range])))
        searchFrom = range.upperBound
    }
    return positions
}
