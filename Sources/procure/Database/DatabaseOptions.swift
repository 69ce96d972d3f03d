import ArgumentParser
import Configuration
import Foundation
import Ledger
import Logging
import PostgresNIO

/// Where procure's database is, shared by `serve` and `admin`: the server `DATABASE_URL` names, or
/// else the embedded PostgreSQL cluster of the data directory.
struct DatabaseOptions: ParsableArguments {
    static let defaultDataDirectory = ".procure/postgres"

    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp(
            "The embedded PostgreSQL's data directory (default: PROCURE_DATA_DIR, else ./\(defaultDataDirectory)).",
            discussion: "Ignored when DATABASE_URL is set.",
            valueName: "path"))
    var dataDirectory: String?

    /// The configuration values these options set, above the environment.
    var overrides: [AbsoluteConfigKey: ConfigValue] {
        guard let dataDirectory else { return [:] }
        return ["procure.data.dir": ConfigValue(.string(dataDirectory), isSecret: false)]
    }
}

/// The database a command works on, resolved from configuration.
enum DatabaseLocation: CustomStringConvertible {
    case server(DatabaseURL)
    case embedded(dataDirectory: URL)

    /// `DATABASE_URL` (key `database.url`) wins; otherwise the data directory (`procure.data.dir`).
    init(reader: ConfigReader) throws {
        if let url = reader.string(forKey: "database.url", isSecret: true), !url.isEmpty {
            do {
                self = .server(try DatabaseURL(url))
            } catch {
                throw CLIError("DATABASE_URL: \(error)")
            }
            return
        }
        let path = reader.string(forKey: "procure.data.dir", default: DatabaseOptions.defaultDataDirectory)
        self = .embedded(dataDirectory: URL(fileURLWithPath: path))
    }

    var description: String {
        switch self {
        case .server(let url): "PostgreSQL at \(url)"
        case .embedded(let directory): "embedded PostgreSQL in \(directory.path)"
        }
    }
}

extension DatabaseLocation {
    /// Runs `body` with a running client of the database for a short administrative job, after
    /// bringing the schema up to date unless `migrating` is false. An embedded cluster is used
    /// whether or not `procure serve` is running on it; if this command had to start it, it is
    /// stopped afterwards.
    func withClient<T: Sendable>(
        migrating: Bool = true, logger: Logger, _ body: @Sendable (PostgresClient) async throws -> T
    ) async throws -> T {
        switch self {
        case .server(let url):
            return try await Self.withClient(url.clientConfiguration, migrating: migrating, logger: logger, body)
        case .embedded(let dataDirectory):
            return try await EmbeddedPostgres.withSession(dataDirectory: dataDirectory, logger: logger) { session in
                try await Self.withClient(session.configuration, migrating: migrating, logger: logger, body)
            }
        }
    }

    static func withClient<T: Sendable>(
        _ configuration: PostgresClient.Configuration, migrating: Bool, logger: Logger,
        _ body: @Sendable (PostgresClient) async throws -> T
    ) async throws -> T {
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            // Let run() begin before the first query, which would otherwise log that it has not.
            await Task.yield()
            defer { group.cancelAll() }
            if migrating { try await Migrator(client: client, logger: logger).migrate() }
            return try await body(client)
        }
    }
}
