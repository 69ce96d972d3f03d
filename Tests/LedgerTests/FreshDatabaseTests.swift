import Foundation
import Ledger
import Logging
import PostgresNIO
import ProcureTestSupport
import Testing

private let logger = TestDatabase.logger

@Suite("fresh test databases")
struct FreshDatabaseTests {
    @Test("a fresh database has every migration applied")
    func migrated() async throws {
        let applied = try await withFreshDatabase { client, _ in
            let rows = try await client.query("SELECT count(*)::int FROM schema_migrations", logger: logger)
            var count = 0
            for try await value in rows.decode(Int.self) { count = value }
            return count
        }
        #expect(applied == Migration.all.count)
        #expect(applied > 0)
    }

    @Test("a table made in one fresh database is absent from another")
    func isolated() async throws {
        try await withFreshDatabase { first, firstConfiguration in
            try await first.query("CREATE TABLE probe (id int)", logger: logger)
            try await withFreshDatabase { second, secondConfiguration in
                let rows = try await second.query("SELECT to_regclass('probe')::text", logger: logger)
                var found: [String?] = []
                for try await value in rows.decode(String?.self) { found.append(value) }
                #expect(found == [nil])
                #expect(firstConfiguration.database != secondConfiguration.database)
            }
        }
    }

    @Test("a fresh database is dropped when its test ends")
    func dropped() async throws {
        let name = try await withFreshDatabase { _, configuration in configuration.database }
        let stillThere = try await withFreshDatabase { client, _ in
            let rows = try await client.query(
                "SELECT count(*)::int FROM pg_database WHERE datname = \(name)", logger: logger)
            var count = 0
            for try await value in rows.decode(Int.self) { count = value }
            return count
        }
        #expect(name?.hasPrefix("test_") == true)
        #expect(stillThere == 0)
    }
}
