import Foundation
import Ledger
import Logging
import PostgresNIO
import ProcureTestSupport
import Testing

@testable import Ledger

@Suite("migrations")
struct MigratorTests {
    let logger = TestDatabase.logger

    @Test("migrating a current database again applies nothing")
    func idempotent() async throws {
        try await withFreshDatabase { client, _ in
            let applied = try await Migrator(client: client, logger: logger).migrate()
            #expect(applied.isEmpty)
            let status = try await Migrator(client: client, logger: logger).status()
            #expect(status.isCurrent)
            #expect(status.applied.count == Migration.all.count)
        }
    }

    @Test("concurrent migrations of a new database apply each migration exactly once")
    func concurrentMigrationsAreLocked() async throws {
        try await withFreshDatabase { client, _ in
            try await client.query("DROP SCHEMA public CASCADE", logger: logger)
            try await client.query("CREATE SCHEMA public", logger: logger)
            let migrator = Migrator(client: client, logger: logger)
            let results = try await withThrowingTaskGroup(of: [Migration].self) { group in
                for _ in 0..<4 { group.addTask { try await migrator.migrate() } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // Exactly one of the four applied everything; the others found nothing to do.
            #expect(results.filter { !$0.isEmpty }.count == 1)
            #expect(results.map(\.count).reduce(0, +) == Migration.all.count)
            let rows = try await client.query("SELECT count(*)::int FROM schema_migrations", logger: logger)
            for try await count in rows.decode(Int.self) { #expect(count == Migration.all.count) }
        }
    }

    @Test("a database with a migration this binary does not know is refused before anything changes")
    func unknownMigrationRefused() async throws {
        try await withFreshDatabase { client, _ in
            try await client.query(
                "INSERT INTO schema_migrations (version, name, checksum) VALUES (9999, '9999_future.sql', '\\x00')",
                logger: logger)
            let error = await #expect(throws: MigrationError.self) {
                try await Migrator(client: client, logger: logger).migrate()
            }
            #expect(error?.description.contains("9999_future.sql") == true)
            #expect(try await Migrator(client: client, logger: logger).status().isCurrent == false)
        }
    }

    @Test("an applied migration whose text changed is refused")
    func changedMigrationRefused() async throws {
        try await withFreshDatabase { client, _ in
            try await client.query(
                "UPDATE schema_migrations SET checksum = '\\x00' WHERE version = 1", logger: logger)
            await #expect(throws: MigrationError.self) {
                try await Migrator(client: client, logger: logger).migrate()
            }
        }
    }

    @Test("a failing migration is rolled back whole and not recorded")
    func failingMigrationRolledBack() async throws {
        try await withFreshDatabase { client, _ in
            let failing = try #require(
                Migration(
                    file: "9000_broken.sql",
                    sql: "CREATE TABLE half_done (id int);\nINSERT INTO no_such_table VALUES (1);"))
            let migrator = Migrator(client: client, logger: logger, migrations: Migration.all + [failing])
            await #expect(throws: MigrationError.self) { try await migrator.migrate() }
            let rows = try await client.query(
                "SELECT to_regclass('half_done') IS NULL, (SELECT count(*)::int FROM schema_migrations WHERE version = 9000)",
                logger: logger)
            for try await (tableAbsent, recorded) in rows.decode((Bool, Int).self) {
                #expect(tableAbsent)
                #expect(recorded == 0)
            }
        }
    }
}

@Suite("splitting migration files into statements")
struct SQLScriptTests {
    @Test("semicolons inside strings, quoted identifiers, dollar quotes and comments do not split")
    func quoting() {
        let script = """
            -- a comment; with a semicolon
            CREATE TABLE "odd;name" (note text DEFAULT 'a;b''c');
            /* block; comment /* nested; */ still */
            CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;
            CREATE FUNCTION g() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN RETURN 2; END $body$;
            SELECT 3
            """
        let statements = SQLScript.statements(in: script)
        #expect(statements.count == 4)
        #expect(statements[0].hasSuffix(#"CREATE TABLE "odd;name" (note text DEFAULT 'a;b''c')"#))
        #expect(statements[1].contains("$$ SELECT 1; $$"))
        #expect(statements[2].contains("$body$ BEGIN RETURN 2; END $body$"))
        #expect(statements[3] == "SELECT 3")
    }

    @Test("a file of comments only has no statements")
    func commentsOnly() {
        #expect(SQLScript.statements(in: "-- nothing here;\n-- nor here\n").isEmpty)
    }
}
