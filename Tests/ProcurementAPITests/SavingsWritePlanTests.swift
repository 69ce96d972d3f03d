import PostgresNIO
import ProcureTestSupport
import Testing

/// The write path's queries keep to their indexes when the ledger's statistics are out of date —
/// as they are after a bulk fill, or when one case receives thousands of entries before
/// autovacuum analyses the table again (it waits for a tenth of the table to change). Measured on
/// the national benchmark, the plans chosen for stale statistics scanned the ledger: a million
/// entries read per sealing run, and every entry of the case walked per write (sql/0015).
@Suite("savings writes: plans that do not depend on fresh statistics")
struct SavingsWritePlanTests {
    @Test("a write on stale statistics neither walks its case's entries nor scans the ledger to seal")
    func writeOnStaleStatistics() async throws {
        try await withCaseWorld { world in
            let filled = try await world.caseIn("agreed", years: 1989...2200)
            let fresh = try await world.caseIn("agreed", years: 1989...2200)
            func entries(_ caseID: String, _ count: Int) -> String {
                """
                INSERT INTO savings_entries (case_id, municipality_code, fiscal_year, effective_date, baseline_amount,
                                             negotiated_amount, tax_included, recorded_by_name)
                SELECT \(caseID), CASE WHEN n % 2 = 0 THEN '\(CaseWorld.utazuCode)' ELSE '\(CaseWorld.hashimaCode)' END,
                       1989 + n % 150, make_date(1989 + n % 150, 4, 1), 1000000, 900000, true, 'fill'
                FROM generate_series(1, \(count)) n
                """
            }
            // The statistics are taken while one case holds every entry and 20,000 of them wait in
            // the queue; then the other case receives 2,000 entries and the queue is emptied.
            try await SavingsLedgerTests.runAll(
                [
                    entries(filled.id, 30_000), "SELECT savings_chain_seal(100000)",
                    entries(filled.id, 20_000), "ANALYZE savings_entries", "ANALYZE savings_unsealed",
                    entries(fresh.id, 2_000), "SELECT savings_chain_seal(100000)",
                ], on: world.database)

            let freshID = try #require(Int64(fresh.id))
            let (outcome, sealed, scans) = try await world.database.withTransaction(logger: TestDatabase.logger) {
                connection in
                // The counters of this connection not yet reported: they may include the setup's
                // statements (PostgreSQL 15 keeps counting until it reports), so take the difference.
                func counters() async throws -> (Int64, Int64, Int64)? {
                    try await connection.query(
                        """
                        SELECT pg_stat_get_xact_numscans('savings_entries_case_idx'::regclass),
                               seq_tup_read + idx_tup_fetch, seq_scan
                        FROM pg_stat_xact_user_tables WHERE relname = 'savings_entries'
                        """, logger: TestDatabase.logger
                    ).collect().first?.decode((Int64, Int64, Int64).self)
                }
                let before = try await counters()
                let recorded = try await connection.query(
                    """
                    SELECT outcome FROM savings_record(\(freshID), \(CaseWorld.hashimaCode), 2160,
                        date '2160-04-01', 1000, 900, true, NULL, 'other figures', NULL, 'plan test', NULL, 'plan-test',
                        'key-1', 'hash')
                    """, logger: TestDatabase.logger
                ).collect()
                let sealed = try await connection.query(
                    "SELECT savings_chain_seal(5000)", logger: TestDatabase.logger
                ).collect()
                let after = try await counters()
                return (
                    try recorded.first?.decode(String.self), try sealed.first?.decode(Int32.self),
                    before.flatMap { b in after.map { a in (a.0 - b.0, a.1 - b.1, a.2 - b.2) } }
                )
            }
            #expect(outcome == "recorded")
            #expect(sealed == 1)
            let (byCase, read, sequential) = try #require(scans)
            #expect(byCase == 0, "the duplicate check walked the case's entries in id order")
            // The case holds 2,000 entries and the ledger 52,000; a write and its seal need a handful.
            #expect(read < 100, "\(read) entries read for one write")
            #expect(sequential == 0, "a sealing run scanned the ledger")
        }
    }
}
