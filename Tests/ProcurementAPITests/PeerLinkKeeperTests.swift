import Ledger
import PostgresNIO
import ProcureTestSupport
import Testing

@testable import ProcurementAPI

@Suite("the peer link keeper")
struct PeerLinkKeeperTests {
    @Test("the keeper keeps today, forgets days before yesterday an hour after their build, leaves a kept today alone")
    func keeperKeepsToday() async throws {
        try await withFreshDatabase { database, _ in
            let links = PeerLinkRepository(client: database, logger: TestDatabase.logger)
            let today = try #require(BusinessDate("2026-11-26"))
            try await links.keep(today.adding(days: -5))
            try await links.keep(today.adding(days: -1))
            let keeper = PeerLinkKeeper(links: links, logger: TestDatabase.logger, today: { today })
            // Days built less than an hour ago stay; older ones before yesterday go.
            await keeper.keepToday()
            #expect(try await links.keptDays() == [today.adding(days: -5), today.adding(days: -1), today])
            try await database.query(
                "UPDATE peer_link_days SET built_at = built_at - interval '61 minutes'", logger: TestDatabase.logger)
            await keeper.keepToday()
            #expect(try await links.keptDays() == [today.adding(days: -1), today])

            // A kept today is not rebuilt: its build time stays.
            func builtAt() async throws -> String? {
                let rows = try await database.query(
                    "SELECT built_at::text FROM peer_link_days WHERE as_of = \(today)", logger: TestDatabase.logger)
                for try await value in rows.decode(String.self) { return value }
                return nil
            }
            let first = try #require(try await builtAt())
            try await Task.sleep(for: .milliseconds(20))
            await keeper.keepToday()
            #expect(try await builtAt() == first)
        }
    }
}
