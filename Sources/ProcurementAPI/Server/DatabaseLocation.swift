import Configuration
import EmbeddedPostgres
import Foundation
import Ledger
import Logging
import PostgresNIO

/// The database a command works on, resolved from configuration.
public enum DatabaseLocation: CustomStringConvertible, Sendable {
    public static let defaultDataDirectory = ".procure/postgres"

    case server(DatabaseURL)
    /// `searchPath`: the `PATH` to find PostgreSQL's programs in.
    case embedded(dataDirectory: URL, searchPath: String?)

    /// `DATABASE_URL` (key `database.url`) wins; otherwise the data directory (`procure.data.dir`),
    /// its cluster's programs looked for along `PATH` (key `path`).
    public init(reader: ConfigReader) throws {
        if let url = reader.string(forKey: "database.url", isSecret: true), !url.isEmpty {
            do {
                self = .server(try DatabaseURL(url))
            } catch {
                throw ServerConfigurationError("DATABASE_URL: \(error)")
            }
            return
        }
        let path = reader.string(forKey: "procure.data.dir", default: Self.defaultDataDirectory)
        self = .embedded(dataDirectory: URL(fileURLWithPath: path), searchPath: reader.string(forKey: "path"))
    }

    public var description: String {
        switch self {
        case .server(let url): "PostgreSQL at \(url)"
        case .embedded(let directory, _): "embedded PostgreSQL in \(directory.path)"
        }
    }
}

extension DatabaseLocation {
    /// Runs `body` with a running client of the database for a short administrative job, after
    /// bringing the schema up to date unless `migrating` is false. An embedded cluster is used
    /// whether or not `procure serve` is running on it; if this command had to start it, it is
    /// stopped afterwards.
    public func withClient<T: Sendable>(
        migrating: Bool = true, logger: Logger, _ body: @Sendable (PostgresClient) async throws -> T
    ) async throws -> T {
        switch self {
        case .server(let url):
            return try await Self.withClient(url.clientConfiguration, migrating: migrating, logger: logger, body)
        case .embedded(let dataDirectory, let searchPath):
            var options = EmbeddedPostgres.Options()
            options.searchPath = searchPath
            return try await EmbeddedPostgres.withSession(
                dataDirectory: dataDirectory, options: options, logger: logger
            ) { session in
                try await Self.withClient(session.configuration, migrating: migrating, logger: logger, body)
            }
        }
    }

    public static func withClient<T: Sendable>(
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
