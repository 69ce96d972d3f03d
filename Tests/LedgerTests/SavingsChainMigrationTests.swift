import Foundation
import Ledger
import Logging
import PostgresNIO
import ProcureTestSupport
import Testing

@testable import Ledger

@Suite("savings chain sealing")
struct SavingsChainMigrationTests {
    let logger = TestDatabase.logger

    @Test("entries chained inside their own transactions before the sealing migration still verify after it")
    func upgradeKeepsTheChain() async throws {
        try await withFreshDatabase { client, _ in
            try await client.query("DROP SCHEMA public CASCADE", logger: logger)
            try await client.query("CREATE SCHEMA public", logger: logger)
            let before = Migration.all.filter { $0.version < 12 }
            _ = try await Migrator(client: client, logger: logger, migrations: before).migrate()

            let caseID = try await agreedCase(on: client)
            for (year, negotiated) in [(2024, 900_000), (2025, 950_000), (2026, 990_000)] {
                try await client.query(
                    """
                    INSERT INTO savings_entries (case_id, municipality_code, fiscal_year, effective_date,
                        baseline_amount, negotiated_amount, tax_included, recorded_by_name)
                    VALUES (\(caseID), '373869', \(year), make_date(\(year)::integer, 6, 1), 1000000, \(negotiated), true, '宇多津町')
                    """, logger: logger)
            }
            try await client.query(
                """
                INSERT INTO savings_entries (case_id, municipality_code, fiscal_year, effective_date, baseline_amount,
                    negotiated_amount, tax_included, reverses_id, reason, recorded_by_name)
                SELECT case_id, municipality_code, fiscal_year, effective_date, baseline_amount, negotiated_amount,
                       tax_included, id, '誤記', '宇多津町'
                FROM savings_entries ORDER BY id LIMIT 1
                """, logger: logger)
            let chainedBefore = try await hashes(
                "SELECT chain_position, id, hash FROM savings_entries ORDER BY chain_position", on: client)
            #expect(chainedBefore.count == 4)

            _ = try await Migrator(client: client, logger: logger).migrate()
            let moved = try await hashes(
                "SELECT position, entry_id, hash FROM savings_chain ORDER BY position", on: client)
            #expect(moved == chainedBefore)

            let ledger = SavingsRepository(
                client: client, sealer: SavingsChainSealer(client: client, logger: logger), logger: logger)
            let upgraded = try await ledger.verify()
            #expect(upgraded.isIntact && upgraded.entries == 4)

            // A new entry joins the queue and is chained after the old ones, linked to the last.
            try await client.query(
                """
                INSERT INTO savings_entries (case_id, municipality_code, fiscal_year, effective_date,
                    baseline_amount, negotiated_amount, tax_included, recorded_by_name)
                VALUES (\(caseID), '373869', 2027, '2027-06-01', 1000000, 980000, true, '宇多津町')
                """, logger: logger)
            let extended = try await ledger.verify()
            #expect(extended.isIntact && extended.entries == 5)
            // An entry committed after a seal waits in the queue: not a finding of verify.
            try await client.query(
                """
                INSERT INTO savings_entries (case_id, municipality_code, fiscal_year, effective_date,
                    baseline_amount, negotiated_amount, tax_included, recorded_by_name)
                VALUES (\(caseID), '373869', 2028, '2028-06-01', 1000000, 970000, true, '宇多津町')
                """, logger: logger)
            let queued = try await ledger.verifyChain()
            #expect(queued.isIntact && queued.entries == 5)
            let links = try await client.query(
                "SELECT previous_hash FROM savings_chain WHERE position = 5", logger: logger)
            for try await previous in links.decode(String.self) { #expect(previous == chainedBefore.last?.hash) }
        }
    }

    func agreedCase(on client: PostgresClient) async throws -> Int64 {
        let vendor = try await insertVendor("株式会社テスト予約", on: client)
        let rows = try await client.query(
            """
            INSERT INTO cases (lead_municipality_code, vendor_id, category_code, title, status)
            VALUES ('373869', \(vendor), 'reservation_system', '予約システムの共同交渉', 'agreed')
            RETURNING id
            """, logger: logger)
        var caseID: Int64?
        for try await id in rows.decode(Int64.self) { caseID = id }
        guard let caseID else { throw PeerTestFailure.noRow }
        try await client.query(
            "INSERT INTO case_participants (case_id, municipality_code, status) VALUES (\(caseID), '373869', 'active')",
            logger: logger)
        return caseID
    }

    struct ChainRow: Equatable {
        let position: Int64
        let entryID: Int64
        let hash: String
    }

    func hashes(_ sql: String, on client: PostgresClient) async throws -> [ChainRow] {
        var result: [ChainRow] = []
        let rows = try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        for try await (position, entryID, hash) in rows.decode((Int64, Int64, String).self) {
            result.append(ChainRow(position: position, entryID: entryID, hash: hash))
        }
        return result
    }
}
