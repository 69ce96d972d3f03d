import Crypto
import Foundation
import Logging
import PostgresNIO

/// Applies the migrations in `sql/` and the function files of `sql/functions/` to a database and
/// reports whether a database is current.
///
/// Every run holds a PostgreSQL advisory lock, so several `procure serve` replicas starting at once
/// apply each migration and each function file exactly once. Each migration runs in its own
/// transaction together with its row in `schema_migrations`, each function file with its row in
/// `schema_functions`: one that fails leaves nothing behind.
///
/// Migrations are the history and stay as they were applied (their checksums are checked), with
/// the definitions of functions and triggers they made in their day; a new database runs those too.
/// The function files, applied after the pending migrations, replace them with the current ones.
/// A migration that needs a function for its own data move defines it itself, as it is at that
/// point. A migration clears the record of applied function files (in its transaction), so all of
/// them are applied again over whatever it dropped or replaced.
public struct Migrator: Sendable {
    /// The advisory lock key every procure process uses for migrations ("procure" in ASCII).
    static let advisoryLockKey: Int64 = 0x7072_6F63_7572_65

    let client: PostgresClient
    let logger: Logger
    let migrations: [Migration]
    let functionFiles: [FunctionFile]

    /// A migrator for this binary's migrations and function files.
    public init(client: PostgresClient, logger: Logger) {
        self.init(client: client, logger: logger, migrations: Migration.all, functionFiles: FunctionFile.all)
    }

    /// A migrator for other migrations, such as this binary's up to an earlier version. The function
    /// files define the functions of the latest schema, so none are applied unless given.
    public init(
        client: PostgresClient, logger: Logger, migrations: [Migration], functionFiles: [FunctionFile] = []
    ) {
        self.client = client
        self.logger = logger
        self.migrations = migrations.sorted { $0.version < $1.version }
        self.functionFiles = functionFiles.sorted { $0.name < $1.name }
    }

    /// Brings the database to this binary's schema (``update()``) and returns the migrations it
    /// applied (oldest first); the function files it applied are logged.
    @discardableResult
    public func migrate() async throws -> [Migration] {
        try await update().migrations
    }

    /// Applies every pending migration, then every function file whose text changed since it was
    /// last applied (all of them after a migration), and returns what it applied.
    ///
    /// Refuses, before changing anything, a database that has migrations this binary does not know
    /// (a newer procure migrated it) or whose applied migration differs from the one in `sql/`.
    @discardableResult
    public func update() async throws -> SchemaUpdate {
        try await client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(Self.advisoryLockKey))", logger: logger)
            do {
                let applied = try await apply(on: connection)
                try await connection.query("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))", logger: logger)
                return applied
            } catch {
                _ = try? await connection.query(
                    "SELECT pg_advisory_unlock(\(Self.advisoryLockKey))", logger: logger)
                throw error
            }
        }
    }

    /// Which known migrations are applied, pending, or unknown to this binary, and which function
    /// files are due.
    public func status() async throws -> MigrationStatus {
        try await client.withConnection { connection in
            try await status(on: connection)
        }
    }

    private func apply(on connection: PostgresConnection) async throws -> SchemaUpdate {
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer PRIMARY KEY,
                name       text NOT NULL,
                checksum   bytea NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            logger: logger
        )
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_functions (
                name       text PRIMARY KEY,
                checksum   bytea NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            logger: logger
        )
        let status = try await status(on: connection)
        try status.checkKnown()
        let migrations = try await applyMigrations(status.pending, on: connection)
        // A migration cleared the record: every file is due again.
        let functionFiles = try await applyFunctionFiles(
            migrations.isEmpty ? status.pendingFunctionFiles : functionFiles, on: connection)
        return SchemaUpdate(migrations: migrations, functionFiles: functionFiles)
    }

    private func applyMigrations(
        _ pending: [Migration], on connection: PostgresConnection
    ) async throws -> [Migration] {
        for migration in pending {
            logger.info("applying migration", metadata: ["migration": "\(migration.name)"])
            try await run(
                migration.sql,
                recording: [
                    """
                    INSERT INTO schema_migrations (version, name, checksum)
                    VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                    """,
                    // Every function file is due again (see the type's comment).
                    "DELETE FROM schema_functions",
                ],
                on: connection
            ) { MigrationError.failed(migration: migration.name, cause: $0) }
        }
        return pending
    }

    private func applyFunctionFiles(
        _ files: [FunctionFile], on connection: PostgresConnection
    ) async throws -> [FunctionFile] {
        for file in files {
            logger.info("applying function file", metadata: ["file": "\(file.name)"])
            try await run(
                file.sql,
                recording: [
                    """
                    INSERT INTO schema_functions (name, checksum) VALUES (\(file.name), \(file.checksum))
                    ON CONFLICT (name) DO UPDATE SET checksum = excluded.checksum, applied_at = now()
                    """
                ],
                on: connection
            ) { MigrationError.functionFileFailed(file: file.name, cause: $0) }
        }
        return files
    }

    /// Runs `script` statement by statement, then `records`, in one transaction, so that a failure
    /// leaves nothing behind; throws `failure` of what PostgreSQL said.
    private func run(
        _ script: String, recording records: [PostgresQuery], on connection: PostgresConnection,
        failure: (String) -> MigrationError
    ) async throws {
        do {
            try await connection.withTransaction(logger: logger) { connection in
                for statement in SQLScript.statements(in: script) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                for record in records { try await connection.query(record, logger: logger) }
            }
        } catch let error as PostgresTransactionError {
            throw failure(String(reflecting: error.closureError ?? error.commitError ?? error))
        }
    }

    private func status(on connection: PostgresConnection) async throws -> MigrationStatus {
        // Two round trips, as /readyz asks this on every probe: which record tables exist, then
        // their rows (a function file's row has no version).
        let exists = try await connection.query(
            "SELECT to_regclass('schema_migrations') IS NOT NULL, to_regclass('schema_functions') IS NOT NULL",
            logger: logger)
        var (migrationsRecorded, functionsRecorded) = (false, false)
        for try await tables in exists.decode((Bool, Bool).self) { (migrationsRecorded, functionsRecorded) = tables }
        var recorded: [Int: (name: String, checksum: Data)] = [:]
        var recordedFunctionFiles: [String: Data] = [:]
        if migrationsRecorded {
            let rows = try await connection.query(
                functionsRecorded
                    ? """
                    SELECT version, name, checksum FROM schema_migrations
                    UNION ALL SELECT NULL, name, checksum FROM schema_functions
                    """
                    : "SELECT version, name, checksum FROM schema_migrations",
                logger: logger)
            for try await (version, name, checksum) in rows.decode((Int?, String, Data).self) {
                if let version {
                    recorded[version] = (name, checksum)
                } else {
                    recordedFunctionFiles[name] = checksum
                }
            }
        }
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        return MigrationStatus(
            applied: migrations.filter { recorded[$0.version] != nil },
            pending: migrations.filter { recorded[$0.version] == nil },
            unknown: recorded.filter { known[$0.key] == nil }.map { "\($0.value.name)" }.sorted(),
            changed: migrations.filter {
                if let row = recorded[$0.version] { return row.checksum != $0.checksum }
                return false
            }.map(\.name),
            pendingFunctionFiles: functionFiles.filter { recordedFunctionFiles[$0.name] != $0.checksum }
        )
    }
}

/// What one ``Migrator/update()`` applied, in the order it applied them.
public struct SchemaUpdate: Sendable {
    public let migrations: [Migration]
    public let functionFiles: [FunctionFile]
}

/// What a database holds compared with the migrations this binary knows.
public struct MigrationStatus: Sendable {
    public let applied: [Migration]
    public let pending: [Migration]
    /// Applied in the database but not known to this binary: the database belongs to a newer procure.
    public let unknown: [String]
    /// Applied with a text different from the one in this binary's `sql/`.
    public let changed: [String]
    /// Function files not applied since their text changed, or since the last migration.
    public let pendingFunctionFiles: [FunctionFile]

    /// The database is exactly at this binary's schema, its functions and triggers included.
    public var isCurrent: Bool {
        pending.isEmpty && unknown.isEmpty && changed.isEmpty && pendingFunctionFiles.isEmpty
    }

    func checkKnown() throws {
        if !unknown.isEmpty { throw MigrationError.unknownMigrations(unknown) }
        if !changed.isEmpty { throw MigrationError.changedMigrations(changed) }
    }
}

/// Why migrations could not be applied.
public enum MigrationError: Error, CustomStringConvertible {
    case unknownMigrations([String])
    case changedMigrations([String])
    case failed(migration: String, cause: String)
    case functionFileFailed(file: String, cause: String)

    public var description: String {
        switch self {
        case .unknownMigrations(let names):
            "the database has migrations this procure does not know (\(names.joined(separator: ", "))): "
                + "it was migrated by a newer version; run that version or a newer one"
        case .changedMigrations(let names):
            "applied migrations differ from this binary's sql/ (\(names.joined(separator: ", "))): "
                + "a migration must never be edited once applied; add a new one instead"
        case .failed(let migration, let cause):
            "migration \(migration) failed and was rolled back: \(cause)"
        case .functionFileFailed(let file, let cause):
            "sql/functions/\(file) failed and was rolled back: \(cause)"
        }
    }
}
