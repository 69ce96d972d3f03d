import PostgresNIO
import ProcureTestSupport
import Testing

@testable import Ledger

/// The reports run several statements; `withLiveSnapshot` makes them read one snapshot.
@Suite("a report's statements read one snapshot")
struct LiveSnapshotTests {
    let logger = TestDatabase.logger

    @Test(
        "a row committed by another connection between two statements is seen by neither; the transaction writes nothing"
    )
    func oneSnapshot() async throws {
        try await withFreshDatabase { client, _ in
            let logger = logger
            try await client.liveQuery("CREATE TABLE snapshot_probe (n int)", logger: logger)
            let counts = try await client.withLiveSnapshot(logger: logger) { connection in
                let before = try await Self.count(on: connection, logger: logger)
                // Committed on another connection of the pool while the snapshot is open.
                try await client.liveQuery("INSERT INTO snapshot_probe VALUES (1)", logger: logger)
                let after = try await Self.count(on: connection, logger: logger)
                return (before, after)
            }
            #expect(counts.0 == 0 && counts.1 == 0)
            // Outside the snapshot the row is there.
            #expect(try await client.withLiveConnection { try await Self.count(on: $0, logger: logger) } == 1)
            // Read-only: a write inside it is refused.
            await #expect(throws: (any Error).self) {
                try await client.withLiveSnapshot(logger: logger) { connection in
                    try await connection.query("INSERT INTO snapshot_probe VALUES (2)", logger: logger)
                }
            }
            #expect(try await client.withLiveConnection { try await Self.count(on: $0, logger: logger) } == 1)
        }
    }

    static func count(on connection: PostgresConnection, logger: Logger) async throws -> Int {
        var count = 0
        for try await (n, ) in try await connection.query("SELECT count(*)::int FROM snapshot_probe", logger: logger)
            .decode((Int.self,))
        { count = n }
        return count
    }
}
