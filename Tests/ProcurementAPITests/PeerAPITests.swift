import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import PostgresNIO
import ProcureTestSupport
import ProcurementAPI
import ProcurementClient
import Testing

// Codes used below: 373869 宇多津町 (香川県, the member's), 212091 羽島市 (岐阜県, the other member's),
// 212024 大垣市 (岐阜県), 163236 立山町 (富山県), 121002 千葉市 (千葉県), 372013 高松市 (香川県).

/// One contract to record, with the fields the peer reports read; the rest are fixed.
private struct Holding {
    var municipality: String
    var title: String = "予約システム運用業務"
    var vendor: String = "株式会社サンプル予約システムズ"
    var category: String = "reservation_system"
    var product: String? = "らくらく予約"
    var amount: Int64 = 1_000_000
    var taxIncluded: Bool = true
    var billing: Components.Schemas.BillingBasis = .annual
    var start: String = "2024-04-01"
    var end: String = "2027-03-31"
    var notice: String? = nil
}

extension TestClientProtocol {
    /// Records `holding` with the admin token and returns the contract's id.
    @discardableResult
    fileprivate func record(_ holding: Holding, accounts: TestAccounts) async throws -> String {
        let input = Components.Schemas.ContractInput(
            municipalityCode: holding.municipality, vendor: .init(name: holding.vendor),
            categoryCode: holding.category, title: holding.title, product: holding.product, amount: holding.amount,
            taxIncluded: holding.taxIncluded, billingBasis: holding.billing, startDate: holding.start,
            endDate: holding.end, contractMethod: .negotiated, renewalNoticeDate: holding.notice)
        let response = try await send(.post, "/contracts", json: input, token: accounts.admin)
        try #require(response.status == .created, "\(response.text)")
        return try response.decode(Components.Schemas.Contract.self).id
    }

    fileprivate func peers(_ query: String, token: String) async throws -> Components.Schemas.PeerReport {
        let response = try await get("/peers?\(query)", token: token)
        try #require(response.status == .ok, "\(response.text)")
        return try response.decode(Components.Schemas.PeerReport.self)
    }

    fileprivate func renewals(_ query: String, token: String) async throws -> Components.Schemas.RenewalReport {
        let response = try await get("/renewals?\(query)", token: token)
        try #require(response.status == .ok, "\(response.text)")
        return try response.decode(Components.Schemas.RenewalReport.self)
    }

    fileprivate func footprint(_ vendor: String, query: String = "", token: String) async throws
        -> Components.Schemas.VendorFootprint
    {
        let response = try await get("/vendors/\(vendor)/footprint?\(query)", token: token)
        try #require(response.status == .ok, "\(response.text)")
        return try response.decode(Components.Schemas.VendorFootprint.self)
    }
}

@Suite("peers API")
struct PeerAPITests {
    @Test("peers rank the same product first, then the same category, then the vendor only")
    func ranking() async throws {
        try await withAPI { client, accounts, _ in
            try await client.record(Holding(municipality: "373869"), accounts: accounts)
            // A vendor-only peer that ends soonest must still rank after the product and category peers.
            try await client.record(
                Holding(municipality: "163236", category: "call_centre", product: "コール窓口", end: "2026-12-31"),
                accounts: accounts)
            try await client.record(
                Holding(municipality: "212024", product: "別の予約製品", end: "2027-01-31"), accounts: accounts)
            // The same product spelled with full-width letters and spaces still matches.
            try await client.record(
                Holding(municipality: "212091", vendor: "(株)サンプル予約システムズ", product: "らくらく 予約"),
                accounts: accounts)
            try await client.record(
                Holding(
                    municipality: "212091", vendor: "サンプル予約システムズ株式会社", category: "call_centre",
                    product: "コール窓口", amount: 500_000),
                accounts: accounts)
            try await client.record(Holding(municipality: "121002", end: "2028-03-31"), accounts: accounts)
            // Another vendor's customer is nobody's peer here.
            try await client.record(Holding(municipality: "372013", vendor: "株式会社ほかの会社"), accounts: accounts)

            let report = try await client.peers("asOf=2026-11-01", token: accounts.member)
            #expect(report.municipality.name == "宇多津町")
            #expect(report.vendors.count == 1)
            let vendor = try #require(report.vendors.first)
            #expect(vendor.vendor.name == "株式会社サンプル予約システムズ")
            #expect(vendor.peerCount == 4)
            #expect(vendor.ownContracts.count == 1)
            // Product peers by earliest end date: 羽島市 (2027-03-31) before 千葉市 (2028-03-31).
            #expect(vendor.peers.map(\.municipality.code) == ["212091", "121002", "212024", "163236"])
            #expect(vendor.peers.map(\.match) == [.product, .product, .category, .vendor])
            #expect(vendor.peers[2].comparison?.basis == .category)
            #expect(vendor.peers[3].comparison == nil)
            #expect(vendor.peers[3].categories == ["call_centre"])
            #expect(vendor.peers[3].products.isEmpty)
            // 羽島市 also buys a call centre from the vendor: counted in its totals, not compared.
            let hashima = vendor.peers[0]
            #expect(hashima.contractCount == 2)
            #expect(hashima.annualAmount == 1_500_000)
            #expect(hashima.categories == ["call_centre", "reservation_system"])
            #expect(hashima.products == ["らくらく 予約"])
            #expect(hashima.earliestEndDate == "2027-03-31")
            #expect(hashima.comparison?.peerAnnualAmount == 1_000_000)
            #expect(hashima.comparison?.ownAnnualAmount == 1_000_000)
            #expect(hashima.comparison?.differenceYen == 0)
            #expect(vendor.peers[2].products == ["別の予約製品"])
        }
    }

    @Test("prices compare on annualised, tax-aligned amounts: 8% before 2019-10-01, 10% from it")
    func taxAlignment() async throws {
        try await withAPI { client, accounts, _ in
            // Own: ¥100,000 a month without tax from 2019-10-01 → ¥1,200,000 × 1.10 = ¥1,320,000.
            try await client.record(
                Holding(
                    municipality: "373869", amount: 100_000, taxIncluded: false, billing: .monthly,
                    start: "2019-10-01", end: "2027-03-31"),
                accounts: accounts)
            // 羽島市: ¥1,250,000 a year without tax from 2019-09-30 → 8% → ¥1,350,000.
            try await client.record(
                Holding(
                    municipality: "212091", amount: 1_250_000, taxIncluded: false, start: "2019-09-30",
                    end: "2027-03-31"),
                accounts: accounts)
            // 大垣市: ¥1,287,000 a year with tax included → as is.
            try await client.record(Holding(municipality: "212024", amount: 1_287_000), accounts: accounts)

            let report = try await client.peers("asOf=2026-11-01", token: accounts.member)
            let vendor = try #require(report.vendors.first)
            #expect(vendor.ownAnnualAmount == 1_320_000)
            #expect(vendor.ownContracts.first?.annualAmount == 1_200_000)
            #expect(vendor.ownContracts.first?.taxIncludedAnnualAmount == 1_320_000)
            let hashima = try #require(vendor.peers.first { $0.municipality.code == "212091" })
            #expect(hashima.annualAmount == 1_350_000)
            #expect(hashima.contractCount == 1)
            #expect(hashima.comparison?.ownAnnualAmount == 1_320_000)
            #expect(hashima.comparison?.peerAnnualAmount == 1_350_000)
            #expect(hashima.comparison?.differenceYen == 30_000)
            // 30,000 / 1,320,000 = 2.2727…% → 2.27.
            #expect(hashima.comparison?.differencePercent == 2.27)
            let ogaki = try #require(vendor.peers.first { $0.municipality.code == "212024" })
            #expect(ogaki.comparison?.differenceYen == -33_000)
            // −33,000 / 1,320,000 = −2.5% exactly.
            #expect(ogaki.comparison?.differencePercent == -2.5)
        }
    }

    @Test("a member sees peers across the whole network, and can ask for another municipality's peers")
    func wholeNetwork() async throws {
        try await withAPI { client, accounts, _ in
            // Each member records its own contract; neither can write the other's, both read both.
            let own = Components.Schemas.ContractInput(
                vendor: .init(name: "株式会社サンプル予約システムズ"), categoryCode: "reservation_system",
                title: "予約システム", product: "らくらく予約", amount: 900_000, taxIncluded: true,
                billingBasis: .annual, startDate: "2024-04-01", endDate: "2027-03-31", contractMethod: .negotiated)
            for token in [accounts.member, accounts.otherMember] {
                let response = try await client.send(.post, "/contracts", json: own, token: token)
                try #require(response.status == .created, "\(response.text)")
            }
            let mine = try await client.peers("asOf=2026-11-01", token: accounts.member)
            #expect(mine.vendors.first?.peers.map(\.municipality.name) == ["羽島市"])
            let theirs = try await client.peers("municipality=212091&asOf=2026-11-01", token: accounts.member)
            #expect(theirs.municipality.name == "羽島市")
            #expect(theirs.vendors.first?.peers.map(\.municipality.name) == ["宇多津町"])
            let byAdmin = try await client.peers("municipality=373869&asOf=2026-11-01", token: accounts.admin)
            #expect(byAdmin.vendors.first?.peers.map(\.municipality.name) == ["羽島市"])
        }
    }

    @Test("filters: category on both sides, the peers' prefecture, one vendor; ended contracts do not count")
    func filters() async throws {
        try await withAPI { client, accounts, _ in
            try await client.record(Holding(municipality: "373869"), accounts: accounts)
            try await client.record(
                Holding(municipality: "373869", vendor: "株式会社コールセンターズ", category: "call_centre"),
                accounts: accounts)
            try await client.record(Holding(municipality: "212091"), accounts: accounts)
            try await client.record(Holding(municipality: "372013"), accounts: accounts)
            try await client.record(
                Holding(municipality: "212024", vendor: "株式会社コールセンターズ", category: "call_centre"),
                accounts: accounts)
            // Ended before asOf: not a current peer.
            try await client.record(
                Holding(municipality: "121002", start: "2023-04-01", end: "2026-10-31"), accounts: accounts)

            let all = try await client.peers("asOf=2026-11-01", token: accounts.member)
            #expect(all.vendors.count == 2)
            let reservation = try #require(all.vendors.first { $0.vendor.name == "株式会社サンプル予約システムズ" })
            // Both buy the same product and end the same day: by code.
            #expect(reservation.peers.map(\.municipality.code) == ["212091", "372013"])

            let calls = try await client.peers("asOf=2026-11-01&category=call_centre", token: accounts.member)
            #expect(calls.vendors.map(\.vendor.name) == ["株式会社コールセンターズ"])
            #expect(calls.vendors.first?.peers.map(\.municipality.code) == ["212024"])

            let gifu = try await client.peers(
                "asOf=2026-11-01&prefecture=\(queryValue("岐阜県"))", token: accounts.member)
            #expect(gifu.vendors.flatMap { $0.peers.map(\.municipality.code) }.sorted() == ["212024", "212091"])

            let vendorID = reservation.vendor.id
            let one = try await client.peers("asOf=2026-11-01&vendor=\(vendorID)", token: accounts.member)
            #expect(one.vendors.map(\.vendor.id) == [vendorID])

            // A contract that starts after asOf is not in force yet: 立山町 is a peer only from its start.
            try await client.record(
                Holding(municipality: "163236", start: "2026-11-02", end: "2027-11-01"), accounts: accounts)
            let before = try await client.peers("asOf=2026-11-01&vendor=\(vendorID)", token: accounts.member)
            #expect(before.vendors.first?.peers.map(\.municipality.code) == ["212091", "372013"])
            let from = try await client.peers("asOf=2026-11-02&vendor=\(vendorID)", token: accounts.member)
            #expect(from.vendors.first?.peers.map(\.municipality.code) == ["212091", "372013", "163236"])

            // On an earlier day 千葉市's contract is current again.
            let earlier = try await client.peers("asOf=2026-10-31&vendor=\(vendorID)", token: accounts.member)
            #expect(earlier.vendors.first?.peers.map(\.municipality.code) == ["121002", "212091", "372013"])
        }
    }

    @Test("peersPerVendor limits the peers listed, peerCount still counts them all")
    func limit() async throws {
        try await withAPI { client, accounts, _ in
            try await client.record(Holding(municipality: "373869"), accounts: accounts)
            for code in ["212091", "212024", "163236", "121002"] {
                try await client.record(Holding(municipality: code), accounts: accounts)
            }
            let report = try await client.peers("asOf=2026-11-01&peersPerVendor=2", token: accounts.member)
            #expect(report.vendors.first?.peerCount == 4)
            #expect(report.vendors.first?.peers.map(\.municipality.code) == ["121002", "163236"])
        }
    }

    @Test("bad parameters are 400s, an unknown municipality 404, an admin must name a municipality")
    func refusals() async throws {
        try await withAPI { client, accounts, database in
            let cases: [(String, String, HTTPResponse.Status, String)] = [
                ("/peers", accounts.admin, .badRequest, "municipality_required"),
                ("/peers?municipality=373860", accounts.member, .badRequest, "invalid_municipality_code"),
                ("/peers?asOf=2026-02-30", accounts.member, .badRequest, "invalid_date"),
                ("/peers?peersPerVendor=0", accounts.member, .badRequest, "invalid_peers_per_vendor"),
                ("/peers?peersPerVendor=101", accounts.member, .badRequest, "invalid_peers_per_vendor"),
                ("/peers?vendor=abc", accounts.member, .badRequest, "invalid_vendor_id"),
                ("/peers?category=nonsense", accounts.member, .badRequest, "unknown_category"),
                ("/peers?prefecture=\(queryValue("ムー県"))", accounts.member, .badRequest, "unknown_prefecture"),
                ("/renewals", accounts.admin, .badRequest, "municipality_required"),
                ("/renewals?within=-1", accounts.member, .badRequest, "invalid_within"),
                ("/renewals?within=1097", accounts.member, .badRequest, "invalid_within"),
                ("/renewals?peerWindowMonths=25", accounts.member, .badRequest, "invalid_peer_window_months"),
                ("/renewals?peersPerContract=0", accounts.member, .badRequest, "invalid_peers_per_contract"),
                ("/vendors/0/footprint", accounts.member, .badRequest, "invalid_vendor_id"),
                ("/vendors/999999/footprint", accounts.member, .notFound, "vendor_not_found"),
                ("/vendors/1/footprint?asOf=tomorrow", accounts.member, .badRequest, "invalid_date"),
            ]
            for (uri, token, status, code) in cases {
                let response = try await client.get(uri, token: token)
                #expect(response.status == status, "\(uri): \(response.text)")
                #expect(try response.problem().code == code, "\(uri)")
            }
            // A code with a valid check digit that names no local government.
            let rows = try await database.query(
                """
                SELECT code FROM (SELECT lpad(n::text, 5, '0') || d AS code
                                  FROM generate_series(1000, 47999) n, unnest(ARRAY['0','1','2','3','4','5','6','7','8','9']) d) x
                WHERE municipality_code_is_valid(code) AND NOT EXISTS (SELECT 1 FROM municipalities m WHERE m.code = x.code)
                LIMIT 1
                """, logger: TestDatabase.logger)
            var unknown = ""
            for try await code in rows.decode(String.self) { unknown = code }
            try #require(!unknown.isEmpty)
            for path in ["/peers", "/renewals"] {
                let response = try await client.get("\(path)?municipality=\(unknown)", token: accounts.member)
                #expect(response.status == .notFound, "\(path): \(response.text)")
                #expect(try response.problem().code == "municipality_not_found")
            }
            for path in ["/peers", "/renewals", "/vendors/1/footprint"] {
                #expect(try await client.get(path, token: nil).status == .unauthorized)
            }
        }
    }
}

@Suite("vendor footprint API")
struct FootprintAPITests {
    @Test("quartiles, outlier threshold and outliers on a hand-computed set; the member's own percentile")
    func distribution() async throws {
        try await withAPI { client, accounts, _ in
            // Amounts (tax included, annual): 100k … 700k and one of 5,000k.
            // n = 8: p25 at h = 1.75 → 200,000 + 0.75 × 100,000 = 275,000; median at 3.5 → 450,000;
            // p75 at 5.25 → 625,000; IQR 350,000; threshold 625,000 + 350,000 + 175,000 = 1,150,000.
            let amounts: [(String, Int64)] = [
                ("212091", 100_000), ("212024", 200_000), ("373869", 300_000), ("163236", 400_000),
                ("121002", 500_000), ("372013", 600_000), ("212091", 700_000), ("121002", 5_000_000),
            ]
            var outlierID = ""
            for (code, amount) in amounts {
                let id = try await client.record(Holding(municipality: code, amount: amount), accounts: accounts)
                if amount == 5_000_000 { outlierID = id }
            }
            // Another category and an ended contract: the first counts apart, the second not at all.
            try await client.record(
                Holding(municipality: "212091", category: "call_centre", amount: 9_000_000), accounts: accounts)
            try await client.record(
                Holding(municipality: "163236", amount: 99_000_000, start: "2022-04-01", end: "2025-03-31"),
                accounts: accounts)
            // A successor signed to start next year is not in force yet: it does not count either.
            try await client.record(
                Holding(municipality: "212091", amount: 88_000_000, start: "2027-04-01", end: "2030-03-31"),
                accounts: accounts)
            let peers = try await client.peers("asOf=2026-11-01", token: accounts.member)
            let vendorID = try #require(peers.vendors.first?.vendor.id)

            let footprint = try await client.footprint(vendorID, query: "asOf=2026-11-01", token: accounts.member)
            #expect(footprint.contracts == 9)
            #expect(footprint.municipalities == 6)
            #expect(footprint.categories.map(\.categoryCode) == ["reservation_system", "call_centre"])
            let reservation = footprint.categories[0]
            #expect(reservation.municipalities == 6)
            #expect(
                reservation.amounts
                    == .init(
                        count: 8, min: 100_000, p25: 275_000, median: 450_000, p75: 625_000, max: 5_000_000,
                        outlierThreshold: 1_150_000))
            #expect(reservation.outliers.map(\.contractId) == [outlierID])
            #expect(reservation.outlierCount == 1)
            #expect(reservation.outliers.first?.municipality.name == "千葉市")
            #expect(reservation.outliers.first?.percentile == 100)
            #expect(footprint.categories[1].amounts.count == 1)
            #expect(footprint.categories[1].outliers.isEmpty)
            // By prefecture, in code order: 千葉 (121002: 2 contracts), 富山 (1), 岐阜 (4), 香川 (2).
            #expect(footprint.prefectures.map(\.prefecture) == ["千葉県", "富山県", "岐阜県", "香川県"])
            #expect(footprint.prefectures.map(\.contracts) == [2, 1, 4, 2])
            #expect(footprint.prefectures.map(\.municipalities) == [1, 1, 2, 2])
            // 宇多津町's ¥300,000: 3 of 8 at or below → 37%.
            #expect(footprint.own?.map(\.percentile) == [37])
            #expect(footprint.own?.first?.municipality.code == "373869")
            // An admin has no contracts of its own.
            let byAdmin = try await client.footprint(vendorID, query: "asOf=2026-11-01", token: accounts.admin)
            #expect(byAdmin.own == nil)
            #expect(byAdmin.categories == footprint.categories)
        }
    }

    @Test("an amount on the threshold is not an outlier; tax-excluded amounts are aligned first")
    func threshold() async throws {
        try await withAPI { client, accounts, _ in
            // Four amounts 100k, 100k, 100k, 100k (p25 = p75 = 100k, IQR 0, threshold 100k) and one
            // tax-excluded ¥100,000 from 2019-04-01 (8% → 108,000), above it.
            for code in ["212091", "212024", "163236", "121002"] {
                try await client.record(Holding(municipality: code, amount: 100_000), accounts: accounts)
            }
            try await client.record(
                Holding(municipality: "372013", amount: 100_000, taxIncluded: false, start: "2019-04-01"),
                accounts: accounts)
            let vendors = try await client.get("/vendors?search=\(queryValue("サンプル予約"))", token: accounts.member)
            let vendorID = try #require(try vendors.decode(Components.Schemas.VendorPage.self).items.first?.id)
            let footprint = try await client.footprint(vendorID, query: "asOf=2026-11-01", token: accounts.member)
            let amounts = try #require(footprint.categories.first?.amounts)
            #expect(amounts.outlierThreshold == 100_000)
            #expect(amounts.max == 108_000)
            #expect(footprint.categories.first?.outliers.map(\.taxIncludedAnnualAmount) == [108_000])
            #expect(footprint.contracts == 5)
            // On a day none of its contracts is in force, the vendor's footprint is empty, not an error.
            let later = try await client.footprint(vendorID, query: "asOf=2099-01-01", token: accounts.member)
            #expect(later.contracts == 0 && later.municipalities == 0)
            #expect(later.prefectures.isEmpty && later.categories.isEmpty)
        }
    }
}

@Suite("renewal radar API")
struct RenewalAPITests {
    @Test("the window's edges: due on the last day counts, the day after does not; a notice date in it counts")
    func dueWindow() async throws {
        try await withAPI { client, accounts, _ in
            // asOf 2026-11-01, within 180 → until 2027-04-30.
            let last = try await client.record(
                Holding(municipality: "373869", title: "期限ちょうど", end: "2027-04-30"), accounts: accounts)
            try await client.record(
                Holding(municipality: "373869", title: "一日遅い", end: "2027-05-01"), accounts: accounts)
            let noticed = try await client.record(
                Holding(municipality: "373869", title: "通知期限", end: "2027-09-30", notice: "2027-04-01"),
                accounts: accounts)
            let today = try await client.record(
                Holding(municipality: "373869", title: "本日終了", start: "2025-11-01", end: "2026-11-01"),
                accounts: accounts)
            try await client.record(
                Holding(municipality: "373869", title: "終了済み", start: "2025-10-31", end: "2026-10-31"),
                accounts: accounts)
            let report = try await client.renewals("asOf=2026-11-01&within=180", token: accounts.member)
            #expect(Set(report.renewals.map(\.contract.id)) == [last, noticed, today])
            let notice = try #require(report.renewals.first { $0.contract.id == noticed })
            #expect(notice.dueDate == "2027-04-01")
            #expect(notice.daysUntilDue == 151)
            let ending = try #require(report.renewals.first { $0.contract.id == last })
            #expect(ending.daysUntilDue == 180)
            #expect(report.within == 180)
            #expect(report.peerWindowMonths == 6)
        }
    }

    @Test("peers are the same vendor and category ending within ±6 months, edges included")
    func peerWindow() async throws {
        try await withAPI { client, accounts, _ in
            try await client.record(Holding(municipality: "373869", end: "2027-03-31"), accounts: accounts)
            // 2027-03-31 ± 6 months = 2026-09-30 … 2027-09-30.
            try await client.record(
                Holding(municipality: "212091", start: "2023-10-01", end: "2026-09-30"), accounts: accounts)
            try await client.record(Holding(municipality: "212024", end: "2027-09-30"), accounts: accounts)
            try await client.record(Holding(municipality: "163236", end: "2027-10-01"), accounts: accounts)
            try await client.record(
                Holding(municipality: "121002", start: "2023-10-01", end: "2026-09-29"), accounts: accounts)
            // Same vendor, other category; other vendor, same category: neither.
            try await client.record(
                Holding(municipality: "372013", category: "call_centre", end: "2027-03-31"), accounts: accounts)
            try await client.record(
                Holding(municipality: "372013", vendor: "株式会社ほかの会社", end: "2027-03-31"), accounts: accounts)

            let report = try await client.renewals("asOf=2026-11-01&within=180", token: accounts.member)
            let renewal = try #require(report.renewals.first)
            #expect(report.renewals.count == 1)
            #expect(renewal.peerCount == 2)
            // Nearest end date first: both are 6 months away; then by code.
            #expect(Set(renewal.peers.map(\.municipality.code)) == ["212091", "212024"])
            #expect(renewal.combinedAnnualAmount == 3_000_000)
            let hashima = try #require(renewal.peers.first { $0.municipality.code == "212091" })
            #expect(hashima.contractCount == 1)
            #expect(hashima.annualAmount == 1_000_000)
            #expect(hashima.endDates == ["2026-09-30"])

            let narrow = try await client.renewals(
                "asOf=2026-11-01&within=180&peerWindowMonths=5", token: accounts.member)
            #expect(narrow.renewals.first?.peers.isEmpty == true)
            #expect(narrow.renewals.first?.combinedAnnualAmount == 1_000_000)
        }
    }

    @Test("renewals are ordered by the combined annual spend at stake, and peers limited per contract")
    func ordering() async throws {
        try await withAPI { client, accounts, _ in
            let small = try await client.record(
                Holding(municipality: "373869", amount: 5_000_000, end: "2027-01-31"), accounts: accounts)
            let shared = try await client.record(
                Holding(
                    municipality: "373869", vendor: "株式会社コールセンターズ", category: "call_centre",
                    amount: 1_000_000, end: "2027-02-28"),
                accounts: accounts)
            for (code, end) in [("212091", "2027-02-28"), ("212024", "2027-03-31"), ("163236", "2027-01-31")] {
                try await client.record(
                    Holding(
                        municipality: code, vendor: "株式会社コールセンターズ", category: "call_centre",
                        amount: 2_000_000, end: end),
                    accounts: accounts)
            }
            let report = try await client.renewals(
                "asOf=2026-11-01&within=180&peersPerContract=2", token: accounts.member)
            // ¥1,000,000 + 3 × ¥2,000,000 = ¥7,000,000 at stake beats ¥5,000,000 alone.
            #expect(report.renewals.map(\.contract.id) == [shared, small])
            let first = report.renewals[0]
            #expect(first.combinedAnnualAmount == 7_000_000)
            #expect(first.peerCount == 3)
            // Nearest end date first: 羽島市 (same day), then 立山町 and 大垣市 (a month away each) by code.
            #expect(first.peers.map(\.municipality.code) == ["212091", "163236"])
            #expect(first.vendor.name == "株式会社コールセンターズ")
        }
    }
}
