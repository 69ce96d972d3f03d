import Foundation
import Logging
import PostgresNIO
import ProcureTestSupport
import Testing

@testable import Ledger
@testable import SyntheticData

/// A small register: the first 40 municipalities, 60 vendors, 30 contracts each.
private func smallOptions(seed: UInt64 = 1) -> SyntheticRegister.Options {
    SyntheticRegister.Options(seed: seed, vendorCount: 60, contractsPerMunicipality: 30, municipalityLimit: 40)
}

/// Generates a register into the database of `client`.
private func generate(_ options: SyntheticRegister.Options, _ client: PostgresClient) async throws -> SyntheticRegister
{
    try await SyntheticRegisterLoader(client: client, logger: TestDatabase.logger).generate(options)
}

/// The single value of a query returning one row of one column.
private func value<T: PostgresDecodable & Sendable>(
    _ type: T.Type, _ query: PostgresQuery, _ client: PostgresClient
) async throws -> T {
    let rows = try await client.query(query, logger: TestDatabase.logger)
    for try await value in rows.decode(T.self) { return value }
    throw StorageError.unexpectedValue("no row")
}

/// An MD5 of every stored value of vendors, aliases and contracts except the load's timestamps,
/// ids included, in id order.
private func contentDigest(_ client: PostgresClient) async throws -> String {
    try await value(
        String.self,
        """
        SELECT md5(
            (SELECT string_agg(ROW(id, name, name_key, corporate_number, kana)::text, E'\\n' ORDER BY id) FROM vendors)
            || (SELECT string_agg(ROW(vendor_id, name, name_key)::text, E'\\n' ORDER BY vendor_id, name)
                FROM vendor_aliases)
            || (SELECT string_agg(
                    ROW(id, municipality_code, vendor_id, category_code, title, product, amount, tax_included,
                        billing_basis, annual_amount, start_date, end_date, fiscal_year, contract_method,
                        renewal_notice_date, external_reference, notes, source_url, version)::text,
                    E'\\n' ORDER BY id)
                FROM contracts))
        """,
        client)
}

/// The first `count` non-prefecture local governments by code, as the generator reads them.
private func municipalities(_ count: Int, _ client: PostgresClient) async throws -> [Municipality] {
    let rows = try await client.query(
        """
        SELECT code, prefecture, name, kana, kind FROM municipalities
        WHERE kind <> 'prefecture' ORDER BY code LIMIT \(count)
        """,
        logger: TestDatabase.logger)
    var municipalities: [Municipality] = []
    for try await row in rows.decode(MunicipalityRepository.Row.self) {
        municipalities.append(try MunicipalityRepository.municipality(row))
    }
    return municipalities
}

@Suite("synthetic register")
struct SyntheticRegisterTests {
    let logger = TestDatabase.logger

    // MARK: Determinism

    @Test("the same seed gives the same register in two fresh databases, ids included")
    func sameSeedSameData() async throws {
        let first = try await withFreshDatabase { client, _ in
            _ = try await generate(smallOptions(), client)
            return try await contentDigest(client)
        }
        let second = try await withFreshDatabase { client, _ in
            _ = try await generate(smallOptions(), client)
            return try await contentDigest(client)
        }
        #expect(first == second)
    }

    @Test("another seed gives another register")
    func otherSeedOtherData() async throws {
        let first = try await withFreshDatabase { client, _ in
            _ = try await generate(smallOptions(seed: 1), client)
            return try await contentDigest(client)
        }
        let second = try await withFreshDatabase { client, _ in
            _ = try await generate(smallOptions(seed: 2), client)
            return try await contentDigest(client)
        }
        #expect(first != second)
    }

    // MARK: Contents

    @Test("the register holds exactly the planned vendors, aliases and contracts of the first municipalities")
    func exactCounts() async throws {
        try await withFreshDatabase { client, _ in
            let register = try await generate(smallOptions(), client)
            #expect(register.municipalities.count == 40)
            #expect(try await value(Int.self, "SELECT count(*)::integer FROM vendors", client) == 60)
            #expect(
                try await value(Int.self, "SELECT count(*)::integer FROM vendor_aliases", client)
                    == register.aliasCount)
            #expect(try await value(Int.self, "SELECT count(*)::integer FROM contracts", client) == 40 * 30)
            // Every one of the first 40 municipalities by code has exactly 30 contracts; the 41st has none.
            let first41 = try await municipalities(41, client)
            #expect(register.municipalities == Array(first41.prefix(40)))
            let perMunicipality = try await value(
                String.self,
                """
                SELECT string_agg(code || ':' || n, ',' ORDER BY code) FROM (
                    SELECT m.code, (SELECT count(*) FROM contracts c WHERE c.municipality_code = m.code) AS n
                    FROM municipalities m WHERE m.kind <> 'prefecture' ORDER BY m.code LIMIT 41
                ) AS counted
                """,
                client)
            let expected = first41.enumerated().map { "\($1.code):\($0 < 40 ? 30 : 0)" }
            #expect(perMunicipality == expected.joined(separator: ","))
        }
    }

    @Test("every alias spells its vendor's name key, and every corporate number has a right check digit")
    func namesAndNumbers() async throws {
        try await withFreshDatabase { client, _ in
            let register = try await generate(smallOptions(), client)
            #expect(register.aliasCount > 0)
            let vendors = try await client.query(
                "SELECT name, name_key, corporate_number, kana FROM vendors ORDER BY id", logger: logger)
            for try await (name, key, number, kana) in vendors.decode((String, String, String, String).self) {
                #expect(try VendorNameKey(name).rawValue == key)
                #expect(throws: Never.self) { try CorporateNumber(number) }
                #expect(SearchText.normalise(kana) == kana)
            }
            let aliases = try await client.query(
                """
                SELECT a.name, a.name_key, v.name_key, v.name FROM vendor_aliases a JOIN vendors v ON v.id = a.vendor_id
                """,
                logger: logger)
            for try await (alias, aliasKey, vendorKey, vendorName) in aliases.decode(
                (String, String, String, String).self)
            {
                #expect(alias != vendorName)
                #expect(aliasKey == vendorKey)
                #expect(try VendorNameKey(alias).rawValue == vendorKey)
            }
            #expect(
                try await value(Int.self, "SELECT count(DISTINCT corporate_number)::integer FROM vendors", client) == 60
            )
        }
    }

    @Test("contracts end within the five fiscal years from the first, after they start")
    func datesWithinFiscalYears() async throws {
        try await withFreshDatabase { client, _ in
            var options = smallOptions()
            options.firstFiscalYear = 2030
            _ = try await generate(options, client)
            let earliest = try #require(BusinessDate("2030-04-01"))
            let latest = try #require(BusinessDate("2035-03-31"))
            let bounds = try await client.query(
                "SELECT min(end_date), max(end_date) FROM contracts", logger: logger)
            for try await (first, last) in bounds.decode((BusinessDate, BusinessDate).self) {
                #expect(first >= earliest)
                #expect(last <= latest)
            }
            // Each of the five fiscal years has about a fifth of the end dates.
            let shares = try await value(
                String.self,
                """
                SELECT string_agg(fy::text || ':' || n::text, ',' ORDER BY fy) FROM (
                    SELECT extract(year FROM end_date - interval '3 months')::integer AS fy, count(*) AS n
                    FROM contracts GROUP BY 1
                ) AS years
                """,
                client)
            let counts = shares.split(separator: ",").compactMap { $0.split(separator: ":").last.flatMap { Int($0) } }
            #expect(shares.hasPrefix("2030:") && shares.contains("2034:") && counts.count == 5)
            #expect(counts.allSatisfy { (1200 / 5 - 80...1200 / 5 + 80).contains($0) })
            #expect(
                try await value(
                    Int.self,
                    """
                    SELECT count(*)::integer FROM contracts
                    WHERE start_date > end_date OR end_date - start_date > 5 * 366
                       OR renewal_notice_date IS NOT NULL AND renewal_notice_date <> end_date - 90
                    """,
                    client) == 0)
        }
    }

    @Test("a few vendors serve many municipalities and most serve a handful")
    func concentration() async throws {
        try await withFreshDatabase { client, _ in
            _ = try await generate(smallOptions(), client)
            let served = try await client.query(
                """
                SELECT count(DISTINCT c.municipality_code)::integer FROM vendors v
                LEFT JOIN contracts c ON c.vendor_id = v.id GROUP BY v.id ORDER BY 1 DESC
                """,
                logger: logger)
            var counts: [Int] = []
            for try await count in served.decode(Int.self) { counts.append(count) }
            // Seed 1 gives 24 and 11; seeds 1 to 30 gave ratios from 2.2 to 4.5.
            let median = counts[counts.count / 2]
            #expect(counts.allSatisfy { $0 >= 1 })
            #expect(counts[0] >= 20)
            #expect(counts[0] >= 2 * median)
        }
    }

    @Test("at national scale, the leaders of a category serve hundreds of municipalities, most vendors a handful")
    func nationalConcentration() async throws {
        try await withFreshDatabase { client, _ in
            let all = try await municipalities(2000, client)
            #expect(all.count == 1741)
            let register = try SyntheticRegister(municipalities: all, options: SyntheticRegister.Options())
            // Seed 1 gives 553, 501 and 3.
            let served = register.municipalitiesServed.sorted(by: >)
            #expect(served[0] >= 300)
            #expect(served[9] >= 100)
            #expect(served[served.count / 2] <= 10)
            #expect(served.last.map { $0 >= 1 } == true)
        }
    }

    @Test("each planted outlier is in the register at 6 to 10 times its category's typical price")
    func plantedOutliers() async throws {
        try await withFreshDatabase { client, _ in
            let register = try await generate(smallOptions(), client)
            #expect(register.outliers.count == 20)
            for outlier in register.outliers {
                let rows = try await client.query(
                    """
                    SELECT vendor_id, category_code, amount, annual_amount, tax_included FROM contracts
                    WHERE municipality_code = \(outlier.municipality.code.rawValue)
                      AND external_reference = \(outlier.externalReference)
                    """,
                    logger: logger)
                var found = false
                for try await (vendor, category, amount, annual, taxIncluded) in rows.decode(
                    (Int64, String, Int64, Int64, Bool).self)
                {
                    found = true
                    #expect(vendor == Int64(outlier.vendorIndex + 1))
                    #expect(category == register.vendors[outlier.vendorIndex].categoryCodes[0])
                    #expect(amount == outlier.amount && annual == outlier.amount && !taxIncluded)
                    #expect((6.0...10.0).contains(Double(amount) / Double(outlier.typicalAmount)))
                }
                #expect(found)
            }
        }
    }

    @Test("synthetic contracts have no history rows, and later changes to them are recorded")
    func noHistoryUntilChanged() async throws {
        try await withFreshDatabase { client, _ in
            _ = try await generate(smallOptions(), client)
            #expect(try await value(Int.self, "SELECT count(*)::integer FROM contract_history", client) == 0)
            try await client.query("UPDATE contracts SET amount = amount + 1 WHERE id = 1", logger: logger)
            #expect(
                try await value(
                    String.self, "SELECT string_agg(action, ',') FROM contract_history WHERE contract_id = 1", client)
                    == "updated")
        }
    }

    // MARK: Refusal

    @Test("the generator refuses a register that has a vendor, and leaves it as it was")
    func refusesNonEmptyRegister() async throws {
        try await withFreshDatabase { client, _ in
            _ = try await VendorRepository(client: client, logger: logger)
                .create(try NewVendor(name: "株式会社ABCシステム"))
            await #expect(throws: SyntheticRegisterError.registerNotEmpty(vendors: 1, contracts: 0, historyRows: 0)) {
                try await generate(smallOptions(), client)
            }
            #expect(try await value(Int.self, "SELECT count(*)::integer FROM vendors", client) == 1)
            #expect(try await value(Int.self, "SELECT count(*)::integer FROM vendor_aliases", client) == 0)
            #expect(try await value(Int.self, "SELECT count(*)::integer FROM contracts", client) == 0)
        }
    }
}
