import Foundation
import Logging
import PostgresNIO
import ProcureTestSupport
import Testing

@testable import Ledger

/// The renewal radar computed from `contracts` alone: every peer contract of every window read and
/// grouped by municipality. It is the radar's query before `renewal_days` (sql/0016), kept here as
/// the reference the kept days must agree with: the due contracts and the peers, with the columns
/// of ``RenewalsStatement``'s due contracts and peers, so the same Swift reads their rows.
private func renewalsFromContracts(_ query: RenewalQuery) throws -> (due: PostgresQuery, peers: PostgresQuery) {
    // The radar's own binds ($1 … $5 mean the same in both).
    let binds = try RenewalsStatement(query: query).makeBindings()
    let ranked = """
        WITH due AS MATERIALIZED (
            SELECT c.*,
                   (SELECT min(d) FROM unnest(ARRAY[c.end_date, c.renewal_notice_date]) AS d
                    WHERE d BETWEEN $2 AND $3) AS due_date
            FROM contracts c
            WHERE c.municipality_code = $1
              AND (c.end_date BETWEEN $2 AND $3 OR c.renewal_notice_date BETWEEN $2 AND $3)
        ),
        windows AS MATERIALIZED (SELECT DISTINCT vendor_id, category_code, end_date FROM due),
        ranked AS MATERIALIZED (
            SELECT w.vendor_id, w.category_code, w.end_date, t.municipality_code, t.contracts, t.spend,
                   t.end_dates, t.peer_count, t.total_spend,
                   row_number() OVER (PARTITION BY w.vendor_id, w.category_code, w.end_date
                                      ORDER BY t.distance, t.municipality_code) AS rank
            FROM windows w
            CROSS JOIN LATERAL (
                SELECT g.municipality_code, g.contracts, g.spend, g.end_dates, g.distance,
                       count(*) OVER () AS peer_count,
                       least(sum(g.spend) OVER (), 9223372036854775807)::bigint AS total_spend
                FROM (
                    SELECT p.municipality_code, min(abs(p.end_date - w.end_date)) AS distance, count(*) AS contracts,
                           least(sum(p.tax_included_annual_amount), 9223372036854775807)::bigint AS spend,
                           array_agg(p.end_date) AS end_dates
                    FROM contracts p
                    WHERE p.vendor_id = w.vendor_id AND p.category_code = w.category_code
                      AND p.end_date BETWEEN (w.end_date - make_interval(months => $4))::date
                                         AND (w.end_date + make_interval(months => $4))::date
                      AND p.municipality_code <> $1
                    GROUP BY p.municipality_code
                ) g
                ORDER BY g.distance, g.municipality_code
                LIMIT $5
            ) t
        )

        """
    let due = """
        SELECT d.id, d.category_code, d.title, d.product, d.product_key, d.annual_amount, d.tax_included,
               d.tax_included_annual_amount, d.start_date, d.end_date, d.renewal_notice_date,
               d.vendor_id, v.name, v.corporate_number, d.due_date, d.due_date - $2,
               coalesce(t.peer_count, 0), coalesce(t.total_spend, 0)
        FROM due d
        JOIN vendors v ON v.id = d.vendor_id
        LEFT JOIN (SELECT * FROM ranked WHERE rank = 1) t
          ON t.vendor_id = d.vendor_id AND t.category_code = d.category_code AND t.end_date = d.end_date
        ORDER BY d.id
        """
    let peers = """
        SELECT d.id, r.municipality_code, m.prefecture, m.name, r.contracts, r.spend, r.end_dates
        FROM due d
        JOIN ranked r ON r.vendor_id = d.vendor_id AND r.category_code = d.category_code AND r.end_date = d.end_date
        JOIN municipalities m ON m.code = r.municipality_code
        ORDER BY d.id, r.rank
        """
    return (
        PostgresQuery(unsafeSQL: ranked + due, binds: binds), PostgresQuery(unsafeSQL: ranked + peers, binds: binds)
    )
}

/// Every radar the test asks for, from the kept days (the API's query) and from the contracts.
private func radars(municipalities: [String], on database: PostgresClient) async throws -> (
    kept: [RenewalReport], computed: [RenewalReport]
) {
    let repository = PeerRepository(client: database, logger: TestDatabase.logger)
    var kept: [RenewalReport] = []
    var computed: [RenewalReport] = []
    for code in municipalities {
        let municipality = try MunicipalityCode(code)
        let asOf = try #require(BusinessDate("2026-11-01"))
        let later = try #require(BusinessDate("2027-02-28"))
        let queries = [
            RenewalQuery(municipality: municipality, asOf: asOf),
            RenewalQuery(municipality: municipality, asOf: asOf, peersPerContract: 1),
            RenewalQuery(municipality: municipality, asOf: asOf, peersPerContract: 2),
            RenewalQuery(municipality: municipality, asOf: asOf, withinDays: 600, peersPerContract: 3),
            RenewalQuery(municipality: municipality, asOf: asOf, peerWindowMonths: 0),
            RenewalQuery(municipality: municipality, asOf: asOf, withinDays: 400, peerWindowMonths: 3),
            RenewalQuery(municipality: municipality, asOf: later, withinDays: 60, peerWindowMonths: 1),
            RenewalQuery(municipality: municipality, asOf: later, withinDays: 1096, peerWindowMonths: 24),
        ]
        var header: Contract.Municipality?
        let named = try await database.query(
            "SELECT prefecture, name FROM municipalities WHERE code = \(code)", logger: TestDatabase.logger)
        for try await (prefecture, name) in named.decode((String, String).self) {
            header = Contract.Municipality(code: municipality, prefecture: prefecture, name: name)
        }
        let found = try #require(header)
        for query in queries {
            kept.append(try await repository.renewals(query))
            let reference = try renewalsFromContracts(query)
            var due: [RenewalsStatement.Due] = []
            for try await row in try await database.query(reference.due, logger: TestDatabase.logger).decode(
                RenewalsStatement.Due.self)
            {
                due.append(row)
            }
            var peers: [RenewalsStatement.Peer] = []
            for try await row in try await database.query(reference.peers, logger: TestDatabase.logger).decode(
                RenewalsStatement.Peer.self)
            {
                peers.append(row)
            }
            computed.append(try PeerRepository.renewalReport(query, municipality: found, due: due, peers: peers))
        }
    }
    return (kept, computed)
}

/// The kept days as text in a fixed order, and the same computed afresh from the contracts.
private func renewalDays(on database: PostgresClient) async throws -> (kept: [String], rebuilt: [String]) {
    func lines(_ sql: PostgresQuery) async throws -> [String] {
        var lines: [String] = []
        for try await line in try await database.query(sql, logger: TestDatabase.logger).decode(String.self) {
            lines.append(line)
        }
        return lines
    }
    let kept = try await lines(
        """
        SELECT concat_ws('|', vendor_id, category_code, end_date, contracts, annual_amount, municipality_count,
                         municipalities, municipality_codes)
        FROM renewal_days ORDER BY vendor_id, category_code, end_date
        """)
    let rebuilt = try await lines(
        """
        SELECT concat_ws('|', c.vendor_id, c.category_code, c.end_date, count(*), sum(c.tax_included_annual_amount),
                         count(DISTINCT c.municipality_code), bit_or(municipality_bit(m.ordinal)),
                         array_agg(DISTINCT c.municipality_code ORDER BY c.municipality_code))
        FROM contracts c JOIN municipalities m ON m.code = c.municipality_code
        GROUP BY c.vendor_id, c.category_code, c.end_date
        ORDER BY c.vendor_id, c.category_code, c.end_date
        """)
    return (kept, rebuilt)
}

@Suite("kept renewal days")
struct RenewalDayTests {
    /// Ten municipalities, three vendors, two categories; end dates that repeat (fiscal-year ends,
    /// month ends, the last days of months whose six-month neighbours are shorter) so windows hold
    /// several contracts of one municipality and ties of distance; some renewal notice dates.
    private static func makeRegister(on database: PostgresClient) async throws -> [String] {
        let municipalities = try await municipalityCodes(10, on: database)
        var vendors: [Int64] = []
        for name in ["ミライ情報システム株式会社", "株式会社東西コール", "北海道電算株式会社"] {
            vendors.append(try await insertVendor(name, on: database))
        }
        var numbers = TestNumbers(state: 20_261_127)
        let categories = ["reservation_system", "call_centre"]
        let ends = [
            "2026-11-30", "2026-12-31", "2027-02-28", "2027-03-31", "2027-03-31", "2027-03-31", "2027-05-31",
            "2027-08-31", "2027-09-30", "2028-03-31", "2026-08-31", "2027-01-15",
        ]
        for municipality in municipalities {
            for _ in 0..<14 {
                let end = ends[Int(numbers.next(0...Int64(ends.count - 1)))]
                try await insertContract(
                    municipality: municipality, vendor: vendors[Int(numbers.next(0...2))],
                    category: categories[Int(numbers.next(0...1))], amount: numbers.next(100_000...9_000_000),
                    taxIncluded: numbers.next(0...1) == 0, billing: numbers.next(0...3) == 0 ? "monthly" : "annual",
                    start: "2024-04-01", end: end, on: database)
            }
        }
        try await database.query(
            """
            UPDATE contracts SET renewal_notice_date = end_date - 120 WHERE id % 4 = 0
            """, logger: TestDatabase.logger)
        return municipalities
    }

    @Test(
        "the radar read from the kept days equals the radar computed from the contracts, through every kind of change")
    func keptEqualsComputed() async throws {
        try await withFreshDatabase { database, _ in
            let municipalities = try await Self.makeRegister(on: database)
            var (kept, computed) = try await radars(municipalities: municipalities, on: database)
            #expect(kept == computed)
            let renewals = computed.flatMap(\.renewals)
            #expect(renewals.contains { $0.peerCount > $0.peers.count }, "some windows must have more peers than shown")
            #expect(renewals.contains { $0.peers.contains { $0.contractCount > 1 } }, "peers with several contracts")
            #expect(renewals.contains { $0.peers.isEmpty }, "windows without peers")
            var days = try await renewalDays(on: database)
            #expect(!days.kept.isEmpty)
            #expect(days.kept == days.rebuilt)

            // Changes of every kind: the kept days follow them.
            let vendor = try await insertVendor("株式会社後発システム", on: database)
            try await insertContract(
                municipality: municipalities[3], vendor: vendor, category: "call_centre", amount: 2_400_000,
                start: "2025-04-01", end: "2027-03-31", on: database)
            let changes: [PostgresQuery] = [
                "UPDATE contracts SET amount = amount + 12345 WHERE id % 5 = 0",
                "UPDATE contracts SET vendor_id = \(vendor) WHERE id % 7 = 1",
                "UPDATE contracts SET category_code = 'call_centre' WHERE id % 6 = 2",
                "UPDATE contracts SET end_date = date '2027-04-30', renewal_notice_date = NULL WHERE id % 11 = 2",
                "UPDATE contracts SET municipality_code = \(municipalities[0]) WHERE id % 13 = 3",
                "UPDATE contracts SET title = '更新後の件名' WHERE id % 3 = 0",
                "DELETE FROM contracts WHERE id % 9 = 4",
            ]
            for change in changes {
                try await database.query(change, logger: TestDatabase.logger)
                days = try await renewalDays(on: database)
                #expect(days.kept == days.rebuilt, "after \(change.sql)")
            }
            let before = computed
            (kept, computed) = try await radars(municipalities: municipalities, on: database)
            #expect(kept == computed)
            #expect(computed != before, "the changes must change the radar")

            // A truncate empties them too (this database is the test's own: the one foreign key to
            // contracts, from append-only case records, is dropped so the table can be truncated).
            try await database.query(
                "ALTER TABLE case_participants DROP CONSTRAINT case_participants_baseline_contract_id_fkey",
                logger: TestDatabase.logger)
            try await database.query("TRUNCATE contracts", logger: TestDatabase.logger)
            days = try await renewalDays(on: database)
            #expect(days.kept.isEmpty && days.rebuilt.isEmpty)
        }
    }

    /// Both contract triggers (peer links, renewal days) take the same advisory lock, so the second
    /// writer's recount waits for the first to commit and sees its contract. Without the lock in
    /// either trigger the second writer fails on the day's primary key (tried: moved both out).
    @Test("two writers of the same vendor, category and end date: the kept day counts both")
    func concurrentWritersOfOneDay() async throws {
        try await withFreshDatabase { database, _ in
            let municipalities = try await municipalityCodes(2, on: database)
            let vendor = try await insertVendor("株式会社同時書込", on: database)
            func insert(_ municipality: String, on connection: PostgresConnection) async throws {
                try await connection.query(
                    """
                    INSERT INTO contracts (municipality_code, vendor_id, category_code, title, amount, tax_included,
                                           billing_basis, start_date, end_date, contract_method)
                    VALUES (\(municipality), \(vendor), 'call_centre', '同時', 1000000, true, 'annual',
                            date '2026-04-01', date '2027-03-31', 'negotiated')
                    """, logger: TestDatabase.logger)
            }
            let second = try await database.withTransaction(logger: TestDatabase.logger) { connection in
                try await insert(municipalities[0], on: connection)
                // The second writer starts while the first has not committed.
                let second = Task {
                    try await database.withTransaction(logger: TestDatabase.logger) { connection in
                        try await insert(municipalities[1], on: connection)
                    }
                }
                try await Task.sleep(for: .milliseconds(300))
                return second
            }
            try await second.value
            let rows = try await database.query(
                """
                SELECT contracts, municipality_count, array_to_string(municipality_codes, ',') FROM renewal_days
                WHERE vendor_id = \(vendor)
                """, logger: TestDatabase.logger)
            var found: [(Int, Int, String)] = []
            for try await row in rows.decode((Int, Int, String).self) { found.append(row) }
            #expect(found.count == 1)
            #expect(found.first?.0 == 2)
            #expect(found.first?.1 == 2)
            #expect(found.first?.2 == municipalities.joined(separator: ","))
        }
    }

    @Test("a municipality added after the migration takes the next bit, and the radar counts its contracts")
    func newMunicipalityTakesNextBit() async throws {
        try await withFreshDatabase { database, _ in
            func integers(_ sql: PostgresQuery) async throws -> [Int] {
                var values: [Int] = []
                for try await value in try await database.query(sql, logger: TestDatabase.logger).decode(Int.self) {
                    values.append(value)
                }
                return values
            }
            let count = try #require(try await integers("SELECT count(*)::integer FROM municipalities").first)
            #expect(try await integers("SELECT count(DISTINCT ordinal)::integer FROM municipalities") == [count])
            #expect(try await integers("SELECT max(ordinal) FROM municipalities") == [count - 1])
            try await database.query(
                """
                INSERT INTO municipalities (code, prefecture_code, prefecture, name, kana, kind)
                VALUES ('379999', '37', '香川県', '新設町', 'シンセツチョウ', 'town')
                """, logger: TestDatabase.logger)
            #expect(try await integers("SELECT ordinal FROM municipalities WHERE code = '379999'") == [count])

            let other = try await municipalityCodes(1, on: database)[0]
            let vendor = try await insertVendor("株式会社新設対応", on: database)
            for municipality in [other, "379999"] {
                try await insertContract(
                    municipality: municipality, vendor: vendor, amount: 1_000_000, end: "2027-03-31", on: database)
            }
            #expect(
                try await integers(
                    """
                    SELECT bit_count(municipalities)::integer FROM renewal_days WHERE vendor_id = \(vendor)
                    """) == [2])
            let radar = try await PeerRepository(client: database, logger: TestDatabase.logger).renewals(
                RenewalQuery(municipality: try MunicipalityCode(other), asOf: try #require(BusinessDate("2027-01-01"))))
            #expect(radar.renewals.map(\.peerCount) == [1])
            #expect(radar.renewals.first?.peers.map(\.municipality.code.rawValue) == ["379999"])
        }
    }
}
