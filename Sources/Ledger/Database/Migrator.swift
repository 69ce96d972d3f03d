import Crypto
import Foundation
import Logging
import PostgresNIO

/// Applies the migrations in `sql/` to a database and reports whether a database is current.
///
/// Every run holds a PostgreSQL advisory lock, so several `procure serve` replicas starting at once
/// apply each migration exactly once. Each migration runs in its own transaction together with its
/// row in `schema_migrations`: a migration that fails leaves nothing behind.
public struct Migrator: Sendable {
    /// The advisory lock key every procure process uses for migrations ("procure" in ASCII).
    static let advisoryLockKey: Int64 = 0x7072_6F63_7572_65

    let client: PostgresClient
    let logger: Logger
    let migrations: [Migration]

    public init(client: PostgresClient, logger: Logger, migrations: [Migration] = Migration.all) {
        self.client = client
        self.logger = logger
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// Applies every pending migration and returns those it applied (oldest first).
    ///
    /// Refuses, before changing anything, a database that has migrations this binary does not know
    /// (a newer procure migrated it) or whose applied migration differs from the one in `sql/`.
    @discardableResult
    public func migrate() async throws -> [Migration] {
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

    /// Which known migrations are applied, pending, or unknown to this binary.
    public func status() async throws -> MigrationStatus {
        try await client.withConnection { connection in
            try await status(on: connection)
        }
    }

    private func apply(on connection: PostgresConnection) async throws -> [Migration] {
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
        let status = try await status(on: connection)
        try status.checkKnown()
        var applied: [Migration] = []
        for migration in status.pending {
            logger.info("applying migration", metadata: ["migration": "\(migration.name)"])
            do {
                try await connection.withTransaction(logger: logger) { connection in
                    for statement in SQLScript.statements(in: migration.sql) {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query(
                        """
                        INSERT INTO schema_migrations (version, name, checksum)
                        VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                        """,
                        logger: logger
                    )
                }
            } catch let error as PostgresTransactionError {
                throw MigrationError.failed(
                    migration: migration.name,
                    cause: String(reflecting: error.closureError ?? error.commitError ?? error)
                )
            }
            applied.append(migration)
        }
        return applied
    }

    private func status(on connection: PostgresConnection) async throws -> MigrationStatus {
        let exists = try await connection.query(
            "SELECT to_regclass('schema_migrations') IS NOT NULL", logger: logger
        )
        var isCreated = false
        for try await (value) in exists.decode(Bool.self) { isCreated = value }
        var recorded: [Int: (name: String, checksum: Data)] = [:]
        if isCreated {
            let rows = try await connection.query(
                "SELECT version, name, checksum FROM schema_migrations ORDER BY version", logger: logger
            )
            for try await (version, name, checksum) in rows.decode((Int, String, Data).self) {
                recorded[version] = (name, checksum)
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
            }.map(\.name)
        )
    }
}

/// What a database holds compared with the migrations this binary knows.
public struct MigrationStatus: Sendable {
    public let applied: [Migration]
    public let pending: [Migration]
    /// Applied in the database but not known to this binary: the database belongs to a newer procure.
    public let unknown: [String]
    /// Applied with a text different from the one in this binary's `sql/`.
    public let changed: [String]

    /// The database is exactly at this binary's schema.
    public var isCurrent: Bool { pending.isEmpty && unknown.isEmpty && changed.isEmpty }

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
        }
    }
}
