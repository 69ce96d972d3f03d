import Foundation
import Logging
import PostgresNIO
import ProcureTestSupport
import Testing

@testable import Ledger

@Suite("function files")
struct FunctionFileTests {
    let logger = TestDatabase.logger

    @Test("a new database gets every function file once, and migrating it again applies nothing")
    func appliedOnce() async throws {
        try await withFreshDatabase { client, _ in
            try await emptySchema(client)
            let first = try await Migrator(client: client, logger: logger).update()
            #expect(first.migrations == Migration.all)
            #expect(first.functionFiles == FunctionFile.all)
            let again = try await Migrator(client: client, logger: logger).update()
            #expect(again.migrations.isEmpty && again.functionFiles.isEmpty)
            #expect(try await Migrator(client: client, logger: logger).status().isCurrent)
            let rows = try await client.query(
                "SELECT name, checksum FROM schema_functions ORDER BY name", logger: logger)
            var recorded: [String: Data] = [:]
            for try await (name, checksum) in rows.decode((String, Data).self) { recorded[name] = checksum }
            #expect(recorded == Dictionary(uniqueKeysWithValues: FunctionFile.all.map { ($0.name, $0.checksum) }))
        }
    }

    @Test("a function file whose text changed is applied again, and only it")
    func changedFileApplied() async throws {
        try await withFreshDatabase { client, _ in
            let probe = FunctionFile(
                name: "zz_probe.sql",
                sql: "CREATE OR REPLACE FUNCTION probe() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;")
            let changed = FunctionFile(
                name: "zz_probe.sql",
                sql: "CREATE OR REPLACE FUNCTION probe() RETURNS integer LANGUAGE sql AS $$ SELECT 2 $$;")
            let first = Migrator(
                client: client, logger: logger, migrations: Migration.all, functionFiles: FunctionFile.all + [probe])
            #expect(try await first.update().functionFiles == [probe])
            #expect(try await probeValue(client) == 1)

            let second = Migrator(
                client: client, logger: logger, migrations: Migration.all, functionFiles: FunctionFile.all + [changed])
            let status = try await second.status()
            #expect(!status.isCurrent && status.pendingFunctionFiles == [changed])
            #expect(try await second.update().functionFiles == [changed])
            #expect(try await probeValue(client) == 2)
            #expect(try await second.status().isCurrent)
        }
    }

    @Test("a migration makes every function file due again, since it may have dropped what they define")
    func migrationReappliesAll() async throws {
        try await withFreshDatabase { client, _ in
            let dropping = try #require(
                Migration(file: "9001_drop_trigger.sql", sql: "DROP TRIGGER contracts_history ON contracts;"))
            let migrator = Migrator(
                client: client, logger: logger, migrations: Migration.all + [dropping],
                functionFiles: FunctionFile.all)
            let update = try await migrator.update()
            #expect(update.migrations == [dropping])
            #expect(update.functionFiles == FunctionFile.all)
            let rows = try await client.query(
                "SELECT count(*)::int FROM pg_trigger WHERE tgname = 'contracts_history'", logger: logger)
            for try await count in rows.decode(Int.self) { #expect(count == 1) }
        }
    }

    @Test("a function file that fails is rolled back whole and not recorded")
    func failingFileRolledBack() async throws {
        try await withFreshDatabase { client, _ in
            let broken = FunctionFile(
                name: "zz_broken.sql",
                sql: """
                    CREATE OR REPLACE FUNCTION half_done() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
                    CREATE OR REPLACE TRIGGER no_table AFTER INSERT ON no_such_table
                        FOR EACH ROW EXECUTE FUNCTION half_done();
                    """)
            let migrator = Migrator(
                client: client, logger: logger, migrations: Migration.all, functionFiles: FunctionFile.all + [broken])
            let error = await #expect(throws: MigrationError.self) { try await migrator.update() }
            #expect(error?.description.contains("zz_broken.sql") == true)
            let rows = try await client.query(
                """
                SELECT to_regproc('half_done') IS NULL,
                       (SELECT count(*)::int FROM schema_functions WHERE name = 'zz_broken.sql')
                """,
                logger: logger)
            for try await (functionAbsent, recorded) in rows.decode((Bool, Int).self) {
                #expect(functionAbsent)
                #expect(recorded == 0)
            }
            #expect(try await migrator.status().pendingFunctionFiles == [broken])
        }
    }

    @Test("concurrent migrations of a new database apply each function file exactly once")
    func concurrentApplyOnce() async throws {
        try await withFreshDatabase { client, _ in
            try await emptySchema(client)
            let migrator = Migrator(client: client, logger: logger)
            let updates = try await withThrowingTaskGroup(of: SchemaUpdate.self) { group in
                for _ in 0..<4 { group.addTask { try await migrator.update() } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // One of the four applied everything; the others waited for the lock and found nothing due.
            #expect(updates.filter { !$0.functionFiles.isEmpty }.count == 1)
            #expect(updates.flatMap(\.functionFiles).sorted { $0.name < $1.name } == FunctionFile.all)
            #expect(updates.flatMap(\.migrations).count == Migration.all.count)
        }
    }

    /// A database the migrations alone built (as a procure of before the function files left it)
    /// must end with exactly the definitions a new database gets, every function and trigger of
    /// the migrations redefined by a file. (When the files were made, they reproduced the
    /// migrations' definitions exactly; they have changed since, so the migrations' text is no
    /// longer the reference.)
    @Test("a database migrated before function files existed ends as a new one does")
    func upgradeKeepsTodaysDefinitions() async throws {
        try await withFreshDatabase { new, _ in
            let newDefinitions = try await definitions(on: new)
            try await withFreshDatabase { client, _ in
                try await emptySchema(client)
                try await Migrator(client: client, logger: logger, migrations: Migration.all).update()
                // As a procure of before the function files left it: no record of them either.
                try await client.query("DROP TABLE schema_functions", logger: logger)
                let versionsBefore = try await rowVersions(on: client)

                let upgrade = try await Migrator(client: client, logger: logger).update()
                #expect(upgrade.migrations.isEmpty)
                #expect(upgrade.functionFiles == FunctionFile.all)
                let upgraded = try await definitions(on: client)
                let upgradeDiffers = differences(upgraded, newDefinitions)
                #expect(upgradeDiffers.isEmpty, "upgraded (+) against a new database (-)")
                // Each function and trigger was rewritten by a file: none is left to the migrations.
                let versionsAfter = try await rowVersions(on: client)
                #expect(Set(versionsBefore.keys).isSubset(of: Set(versionsAfter.keys)))
                let untouched = versionsBefore.filter { versionsAfter[$0.key] == $0.value }.keys.sorted()
                #expect(untouched.isEmpty, "not defined in sql/functions/: \(untouched)")
            }
        }
    }

    @Test("sql/functions/ defines every function and trigger of the database, each once, and nothing else")
    func eachDefinedOnce() async throws {
        var defined: [String] = []
        for file in FunctionFile.all {
            for statement in SQLScript.statements(in: file.sql) {
                let code = statement.split(separator: "\n").filter { !$0.hasPrefix("--") }.joined(separator: "\n")
                if let match = code.prefixMatch(of: /CREATE OR REPLACE FUNCTION (\w+)\(/) {
                    defined.append("function \(match.1)")
                } else if let match = code.prefixMatch(
                    of: /CREATE OR REPLACE TRIGGER (\w+)\s.*?\sON\s+(\w+)\s/.dotMatchesNewlines())
                {
                    defined.append("trigger \(match.1) on \(match.2)")
                } else {
                    Issue.record("\(file.name) holds a statement that defines no function or trigger: \(code)")
                }
            }
        }
        #expect(Set(defined).count == defined.count, "defined twice: \(defined)")
        try await withFreshDatabase { client, _ in
            let rows = try await client.query(
                """
                SELECT 'function ' || p.proname FROM pg_proc p
                WHERE p.pronamespace = 'public'::regnamespace AND NOT \(unescaped: Self.isExtensionMember)
                UNION ALL
                SELECT 'trigger ' || t.tgname || ' on ' || t.tgrelid::regclass::text FROM pg_trigger t
                WHERE NOT t.tgisinternal
                """,
                logger: logger)
            var existing: [String] = []
            for try await name in rows.decode(String.self) { existing.append(name) }
            #expect(existing.sorted() == defined.sorted())
        }
    }

    /// A function of an extension (pg_trgm's): the extension owns it, not sql/functions/.
    static let isExtensionMember = """
        EXISTS (SELECT 1 FROM pg_depend d
                WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
        """

    /// Every function of schema `public` and every trigger, as PostgreSQL prints their definitions.
    func definitions(on client: PostgresClient) async throws -> [String] {
        let rows = try await client.query(
            """
            SELECT 'function ' || p.oid::regprocedure::text || E'\\n' || pg_get_functiondef(p.oid)
            FROM pg_proc p
            WHERE p.pronamespace = 'public'::regnamespace AND p.prokind <> 'a' AND NOT \(unescaped: Self.isExtensionMember)
            UNION ALL
            SELECT 'trigger ' || t.tgrelid::regclass::text || ' ' || t.tgname || ' ' || t.tgenabled::text
                   || E'\\n' || pg_get_triggerdef(t.oid)
            FROM pg_trigger t WHERE NOT t.tgisinternal
            ORDER BY 1
            """,
            logger: logger)
        var result: [String] = []
        for try await definition in rows.decode(String.self) { result.append(definition) }
        return result
    }

    /// What one list of definitions holds that the other does not, marked `+` and `-`; the lists
    /// are sorted by object, so equal lists have none.
    func differences(_ found: [String], _ expected: [String]) -> [String] {
        found.difference(from: expected).map {
            switch $0 {
            case .insert(_, let definition, _): "+ " + definition
            case .remove(_, let definition, _): "- " + definition
            }
        }
    }

    /// The catalog row version (`xmin`) of every function and trigger: a `CREATE OR REPLACE` writes
    /// a new one even when the definition is the same.
    func rowVersions(on client: PostgresClient) async throws -> [String: String] {
        let rows = try await client.query(
            """
            SELECT 'function ' || p.oid::regprocedure::text, p.xmin::text FROM pg_proc p
            WHERE p.pronamespace = 'public'::regnamespace AND NOT \(unescaped: Self.isExtensionMember)
            UNION ALL
            SELECT 'trigger ' || t.tgrelid::regclass::text || ' ' || t.tgname, t.xmin::text FROM pg_trigger t
            WHERE NOT t.tgisinternal
            """,
            logger: logger)
        var result: [String: String] = [:]
        for try await (name, version) in rows.decode((String, String).self) { result[name] = version }
        return result
    }

    func emptySchema(_ client: PostgresClient) async throws {
        try await client.query("DROP SCHEMA public CASCADE", logger: logger)
        try await client.query("CREATE SCHEMA public", logger: logger)
    }

    func probeValue(_ client: PostgresClient) async throws -> Int? {
        let rows = try await client.query("SELECT probe()", logger: logger)
        for try await value in rows.decode(Int.self) { return value }
        return nil
    }
}
