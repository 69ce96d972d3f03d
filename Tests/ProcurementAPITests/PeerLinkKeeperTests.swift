import Ledger
import PostgresNIO
import ProcureTestSupport
import Testing

@testable import ProcurementAPI

@Suite("the peer link keeper")
struct PeerLinkKeeperTests {
    @Test("the keeper keeps today, forgets the days before yesterday, and leaves a kept today alone")
    func keeperKeepsToday() async throws {
        try await withFreshDatabase { database, _ in
            let links = PeerLinkRepository(client: database, logger: TestDatabase.logger)
            let today = try #require(BusinessDate("2026-11-26"))
            try await links.keep(today.adding(days: -5))
            try await links.keep(today.adding(days: -1))
            let keeper = PeerLinkKeeper(links: links, logger: TestDatabase.logger, today: { today })
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
