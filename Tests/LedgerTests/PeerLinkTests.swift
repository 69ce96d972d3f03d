import Foundation
import Logging
import PostgresNIO
import ProcureTestSupport
import Testing

@testable import Ledger

/// Every peer report the test asks for, in one order, for comparing the two ways of making them.
private func allReports(
    municipalities: [String], vendors: [Int64], day: BusinessDate, on database: PostgresClient
) async throws -> [PeerReport] {
    let repository = PeerRepository(client: database, logger: TestDatabase.logger)
    var reports: [PeerReport] = []
    for code in municipalities {
        let municipality = try MunicipalityCode(code)
        let queries = [
            PeerQuery(municipality: municipality, asOf: day),
            PeerQuery(municipality: municipality, asOf: day, peersPerVendor: 2),
            PeerQuery(municipality: municipality, asOf: day, categoryCode: "call_centre"),
            PeerQuery(municipality: municipality, asOf: day, prefectureCode: "01"),
            PeerQuery(municipality: municipality, asOf: day, prefectureCode: "13"),
            PeerQuery(municipality: municipality, asOf: day, vendorID: vendors[0]),
        ]
        for query in queries { reports.append(try await repository.peers(query)) }
    }
    return reports
}

/// The kept links, in a fixed order, as text (for comparing them with a rebuild).
private func keptLinks(on database: PostgresClient) async throws -> [String] {
    let rows = try await database.query(
        """
        SELECT concat_ws('|', as_of, vendor_id, municipality_code, category_code, product_key, contracts,
                         annual_amount, first_end, products)
        FROM peer_links ORDER BY as_of, vendor_id, municipality_code, category_code, product_key
        """, logger: TestDatabase.logger)
    var links: [String] = []
    for try await link in rows.decode(String.self) { links.append(link) }
    return links
}

private func linkCount(vendor: Int64, municipality: String, day: BusinessDate, on database: PostgresClient)
    async throws -> Int
{
    let rows = try await database.query(
        """
        SELECT coalesce(sum(contracts), 0)::integer FROM peer_links
        WHERE as_of = \(day) AND vendor_id = \(vendor) AND municipality_code = \(municipality)
        """, logger: TestDatabase.logger)
    for try await count in rows.decode(Int.self) { return count }
    return 0
}

@Suite("kept peer links")
struct PeerLinkTests {
    /// A register with every kind of match: shared product keys in different spellings, shared
    /// categories, vendor-only peers, contracts not yet started or already ended on the days asked
    /// about, both tax bases.
    private static func makeRegister(on database: PostgresClient) async throws -> (
        municipalities: [String], vendors: [Int64]
    ) {
        let municipalities = try await municipalityCodes(8, on: database)
        var vendors: [Int64] = []
        for name in ["ミライ情報システム株式会社", "株式会社東西コール", "北海道電算株式会社"] {
            vendors.append(try await insertVendor(name, on: database))
        }
        var numbers = TestNumbers(state: 20_261_126)
        let categories = ["reservation_system", "call_centre", "tax_system"]
        let products: [String?] = ["ミライ予約 Ver.3", "ミライ予約Ver.3", "ＭＩＲＡＩ予約 ver.3", "コールセンター基本", nil]
        let starts = ["2023-04-01", "2024-04-01", "2025-10-01", "2026-12-01"]
        let ends = ["2025-03-31", "2026-09-30", "2027-03-31", "2028-03-31"]
        for municipality in municipalities {
            for _ in 0..<6 {
                let start = starts[Int(numbers.next(0...3))]
                let end = ends.first { $0 > start && numbers.next(0...1) == 0 } ?? "2029-03-31"
                try await insertContract(
                    municipality: municipality, vendor: vendors[Int(numbers.next(0...2))],
                    category: categories[Int(numbers.next(0...2))], product: products[Int(numbers.next(0...4))],
                    amount: numbers.next(100_000...9_000_000), taxIncluded: numbers.next(0...1) == 0,
                    billing: numbers.next(0...3) == 0 ? "monthly" : "annual", start: start, end: end, on: database)
            }
        }
        return (municipalities, vendors)
    }

    @Test("a kept day's reports equal those computed from the contracts, through inserts, updates and deletes")
    func keptEqualsComputed() async throws {
        try await withFreshDatabase { database, _ in
            let (municipalities, vendors) = try await Self.makeRegister(on: database)
            let links = PeerLinkRepository(client: database, logger: TestDatabase.logger)
            let days = [try #require(BusinessDate("2026-06-01")), try #require(BusinessDate("2027-01-15"))]

            // Computed (no day kept), then kept: the same reports.
            var computed: [[PeerReport]] = []
            for day in days {
                computed.append(
                    try await allReports(municipalities: municipalities, vendors: vendors, day: day, on: database))
            }
            #expect(computed[0].contains { !$0.vendors.flatMap(\.peers).isEmpty }, "the register must have peers")
            for day in days { try await links.keep(day) }
            #expect(try await links.keptDays() == days)
            for (index, day) in days.enumerated() {
                let kept = try await allReports(
                    municipalities: municipalities, vendors: vendors, day: day, on: database)
                #expect(kept == computed[index], "day \(day)")
            }

            // Changes of every kind; the kept links follow them.
            try await insertContract(
                municipality: municipalities[1], vendor: vendors[2], category: "call_centre",
                product: "コールセンター 基本", amount: 1_200_000, start: "2025-04-01", end: "2027-03-31", on: database)
            try await database.query(
                "UPDATE contracts SET amount = amount + 12345, product = 'ミライ予約ver.3' WHERE id % 5 = 0",
                logger: TestDatabase.logger)
            try await database.query(
                "UPDATE contracts SET vendor_id = \(vendors[1]) WHERE id % 7 = 1", logger: TestDatabase.logger)
            try await database.query(
                "UPDATE contracts SET end_date = date '2026-05-31' WHERE id % 11 = 2 AND start_date < date '2026-05-31'",
                logger: TestDatabase.logger)
            try await database.query(
                "UPDATE contracts SET municipality_code = \(municipalities[0]) WHERE id % 13 = 3",
                logger: TestDatabase.logger)
            try await database.query("DELETE FROM contracts WHERE id % 9 = 4", logger: TestDatabase.logger)

            let followed = try await keptLinks(on: database)
            var keptAfter: [[PeerReport]] = []
            for day in days {
                keptAfter.append(
                    try await allReports(municipalities: municipalities, vendors: vendors, day: day, on: database))
            }
            // The same days rebuilt from scratch, and computed without keeping.
            for day in days { try await links.keep(day) }
            #expect(try await keptLinks(on: database) == followed)
            try await links.forget(before: try #require(BusinessDate("2100-01-01")))
            #expect(try await links.keptDays().isEmpty)
            for (index, day) in days.enumerated() {
                let recomputed = try await allReports(
                    municipalities: municipalities, vendors: vendors, day: day, on: database)
                #expect(keptAfter[index] == recomputed, "day \(day)")
                #expect(recomputed != computed[index], "the changes must change the reports of \(day)")
            }
        }
    }

    @Test("a day being built waits for an uncommitted contract write and includes it")
    func buildWaitsForWriters() async throws {
        try await withFreshDatabase { database, _ in
            let municipality = try await municipalityCodes(1, on: database)[0]
            let vendor = try await insertVendor("株式会社同時書込", on: database)
            let day = try #require(BusinessDate("2026-06-01"))
            let links = PeerLinkRepository(client: database, logger: TestDatabase.logger)
            let build = try await database.withTransaction(logger: TestDatabase.logger) { connection in
                try await connection.query(
                    """
                    INSERT INTO contracts (municipality_code, vendor_id, category_code, title, amount, tax_included,
                                           billing_basis, start_date, end_date, contract_method)
                    VALUES (\(municipality), \(vendor), 'call_centre', '同時', 1000000, true, 'annual',
                            date '2026-04-01', date '2027-03-31', 'negotiated')
                    """, logger: TestDatabase.logger)
                // The build starts on another connection while this insert is not committed.
                let build = Task { try await links.keep(day) }
                try await Task.sleep(for: .milliseconds(300))
                return build
            }
            _ = try await build.value
            #expect(try await linkCount(vendor: vendor, municipality: municipality, day: day, on: database) == 1)
        }
    }
}
