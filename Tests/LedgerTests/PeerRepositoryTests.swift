import Logging
import PostgresNIO
import ProcureTestSupport
import Testing

@testable import Ledger

/// A small deterministic generator for test data (a linear congruential generator: the same
/// numbers on every run and platform).
struct TestNumbers {
    var state: UInt64

    mutating func next(_ range: ClosedRange<Int64>) -> Int64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int64((state >> 33) % span)
    }
}

func insertVendor(_ name: String, on database: PostgresClient) async throws -> Int64 {
    let rows = try await database.query(
        "INSERT INTO vendors (name, name_key) VALUES (\(name), \(name)) RETURNING id", logger: TestDatabase.logger)
    for try await id in rows.decode(Int64.self) { return id }
    throw PeerTestFailure.noRow
}

enum PeerTestFailure: Error { case noRow }

func insertContract(
    municipality: String, vendor: Int64, category: String = "reservation_system", product: String? = nil,
    amount: Int64, taxIncluded: Bool = true, billing: String = "annual", start: String = "2024-04-01",
    end: String = "2027-03-31", on database: PostgresClient
) async throws {
    try await database.query(
        """
        INSERT INTO contracts (municipality_code, vendor_id, category_code, title, product, amount, tax_included,
                               billing_basis, start_date, end_date, contract_method)
        VALUES (\(municipality), \(vendor), \(category), 'テスト契約', \(product), \(amount), \(taxIncluded),
                \(billing), \(start)::date, \(end)::date, 'negotiated')
        """, logger: TestDatabase.logger)
}

func municipalityCodes(_ count: Int, on database: PostgresClient) async throws -> [String] {
    let rows = try await database.query(
        "SELECT code FROM municipalities WHERE kind <> 'prefecture' ORDER BY code LIMIT \(count)",
        logger: TestDatabase.logger)
    var codes: [String] = []
    for try await code in rows.decode(String.self) { codes.append(code) }
    return codes
}

@Suite("peer reports in the database")
struct PeerRepositoryTests {
    @Test("the database's tax function agrees with ConsumptionTax on every rate boundary and rounding case")
    func taxFunctionAgrees() async throws {
        try await withFreshDatabase { database, _ in
            let dates = [
                "1989-03-31", "1989-04-01", "1997-03-31", "1997-04-01", "2014-03-31", "2014-04-01",
                "2019-09-30", "2019-10-01", "2026-11-26",
            ]
            let amounts: [Int64] = [0, 1, 33, 99, 999, 1_234_567, 999_999_999_999, 12_000_000_000_000_000]
            for text in dates {
                let date = try #require(BusinessDate(text))
                for amount in amounts {
                    for included in [false, true] {
                        let rows = try await database.query(
                            "SELECT tax_included_amount(\(amount), \(included), \(date))",
                            logger: TestDatabase.logger)
                        var value: Int64?
                        for try await result in rows.decode(Int64.self) { value = result }
                        let expected = ConsumptionTax.taxIncluded(amount, taxIncluded: included, on: date)
                        #expect(value == expected, "\(amount) on \(text), included: \(included)")
                    }
                }
            }
        }
    }

    @Test("tax_included_annual_amount is annual_amount with tax at the start date's rate, for every billing basis")
    func generatedColumnAgrees() async throws {
        try await withFreshDatabase { database, _ in
            let vendor = try await insertVendor("検算商事", on: database)
            let cases: [(String, Int64, Bool, String, String)] = [
                ("annual", 1_000_000, false, "2019-09-30", "2020-09-29"),
                ("monthly", 83_333, false, "2019-10-01", "2021-03-31"),
                ("one_time", 3_650_001, false, "2014-04-01", "2017-03-31"),
                ("one_time", 500_000, true, "2024-04-01", "2024-06-30"),
                ("monthly", 99_999, true, "2010-01-01", "2012-12-31"),
            ]
            for (billing, amount, included, start, end) in cases {
                try await insertContract(
                    municipality: "373869", vendor: vendor, amount: amount, taxIncluded: included, billing: billing,
                    start: start, end: end, on: database)
            }
            let rows = try await database.query(
                "SELECT annual_amount, tax_included, start_date, tax_included_annual_amount FROM contracts ORDER BY id",
                logger: TestDatabase.logger)
            var checked = 0
            for try await (annual, included, start, aligned) in rows.decode((Int64, Bool, BusinessDate, Int64).self) {
                #expect(aligned == ConsumptionTax.taxIncluded(annual, taxIncluded: included, on: start))
                checked += 1
            }
            #expect(checked == cases.count)
        }
    }

    @Test("products match after NFKC, case folding and removing spaces")
    func productKey() async throws {
        try await withFreshDatabase { database, _ in
            let pairs: [(String, String)] = [
                ("ＬＧＷＡＮ 予約システム", "lgwan予約システム"), ("ﾖﾔｸ ｸﾝ", "ヨヤククン"), ("Cloud　Ver.3", "cloudver.3"),
            ]
            for (left, right) in pairs {
                let rows = try await database.query(
                    "SELECT product_key(\(left)), product_key(\(right))", logger: TestDatabase.logger)
                for try await (a, b) in rows.decode((String, String).self) {
                    #expect(a == b, "\(left) / \(right)")
                }
            }
        }
    }

    @Test("sorted_quartile equals AmountDistribution's quartiles for every remainder of quarter × (n − 1)")
    func sortedQuartileAgrees() async throws {
        try await withFreshDatabase { database, _ in
            var numbers = TestNumbers(state: 7)
            for count in 1...13 {
                // Up to the largest tax-included annual amount a contract can have (10¹⁵ × 12 × 1.1).
                let amounts = (0..<count).map { _ in numbers.next(0...13_200_000_000_000_000) }.sorted()
                let expected = try #require(AmountDistribution(amounts))
                let rows = try await database.query(
                    """
                    SELECT sorted_quartile(\(amounts), 1), sorted_quartile(\(amounts), 2),
                           sorted_quartile(\(amounts), 3)
                    """, logger: TestDatabase.logger)
                for try await (p25, median, p75) in rows.decode((Int64, Int64, Int64).self) {
                    #expect([p25, median, p75] == [expected.p25, expected.median, expected.p75], "n = \(count)")
                }
            }
        }
    }

    @Test("the footprint's SQL arithmetic equals AmountDistribution's on pseudo-random categories")
    func footprintMatchesAmountDistribution() async throws {
        try await withFreshDatabase { database, _ in
            let vendor = try await insertVendor("分布検証株式会社", on: database)
            let codes = try await municipalityCodes(40, on: database)
            var numbers = TestNumbers(state: 20_261_126)
            var amounts: [String: [Int64]] = [:]
            var owned: [(category: String, amount: Int64)] = []
            let categories = ["reservation_system", "call_centre", "tax_system"]
            for index in 0..<150 {
                let category = categories[index % categories.count]
                // Mostly ¥1–9 million with ties, and now and then something far larger.
                var amount = numbers.next(10...90) * 100_000
                if numbers.next(0...19) == 0 { amount *= numbers.next(3...12) }
                let code = codes[Int(numbers.next(0...Int64(codes.count - 1)))]
                try await insertContract(
                    municipality: code, vendor: vendor, category: category, amount: amount, on: database)
                amounts[category, default: []].append(amount)
                if code == codes[0] { owned.append((category, amount)) }
            }
            let repository = PeerRepository(client: database, logger: TestDatabase.logger)
            let footprint = try await repository.footprint(
                of: vendor, asOf: try #require(BusinessDate("2026-11-01")),
                placing: try MunicipalityCode(codes[0]))
            #expect(footprint.contracts == 150)
            for category in footprint.categories {
                let values = try #require(amounts[category.code])
                let expected = try #require(AmountDistribution(values))
                #expect(category.amounts.count == expected.count)
                #expect(category.amounts.min == expected.min)
                #expect(category.amounts.p25 == expected.p25)
                #expect(category.amounts.median == expected.median)
                #expect(category.amounts.p75 == expected.p75)
                #expect(category.amounts.max == expected.max)
                #expect(category.amounts.outlierThreshold == expected.outlierThreshold)
                let outliers = values.filter(expected.isOutlier).sorted(by: >)
                #expect(category.outlierCount == outliers.count)
                #expect(
                    category.outliers.map(\.taxIncludedAnnualAmount)
                        == Array(outliers.prefix(VendorFootprint.outliersListed)))
                for outlier in category.outliers {
                    #expect(outlier.percentile == expected.percentileRank(of: outlier.taxIncludedAnnualAmount))
                }
            }
            #expect(footprint.categories.contains { !$0.outliers.isEmpty })
            #expect(footprint.own.count == owned.count)
            for placement in footprint.own {
                let expected = try #require(AmountDistribution(amounts[placement.categoryCode] ?? []))
                #expect(placement.percentile == expected.percentileRank(of: placement.taxIncludedAnnualAmount))
            }
        }
    }
}
