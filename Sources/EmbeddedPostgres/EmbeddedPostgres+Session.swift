import Foundation
import Logging
import PostgresNIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension EmbeddedPostgres {
    /// Access to the embedded cluster of a data directory for a short job (`procure admin …`).
    ///
    /// Get one from ``EmbeddedPostgres/connect(dataDirectory:options:logger:)`` (or use
    /// ``EmbeddedPostgres/withSession(dataDirectory:options:logger:_:)``), build a
    /// `PostgresClient` from ``configuration``, and call ``close()`` when done: it stops the
    /// cluster if this session started it, and leaves it alone if a server owns it.
    public struct Session: Sendable {
        /// Connects to the database `procure` over the cluster's Unix socket.
        public let configuration: PostgresClient.Configuration
        /// `true` when this session started the cluster (no server was running) and will stop it.
        public var startedCluster: Bool { cluster != nil }
        let cluster: EmbeddedPostgres?

        /// The same connection settings for another database of the cluster.
        public func configuration(database: String) -> PostgresClient.Configuration {
            var configuration = self.configuration
            configuration.database = database
            return configuration
        }

        /// Stops the cluster if this session started it. Idempotent.
        public func close() async throws {
            try await cluster?.stop()
        }
    }

    /// Reaches the embedded cluster of `dataDirectory` whether or not a server is running on it.
    ///
    /// - If another process holds the data directory (a running `procure serve`), the session
    ///   connects to that process's cluster through the socket recorded in `postmaster.pid`
    ///   (line 5 the socket directory, line 4 the port), waiting up to `readyTimeout` for it to
    ///   accept connections in case the server is still starting. Closing it leaves the cluster running.
    /// - Otherwise the session starts the cluster itself, holding the data directory like a
    ///   server would (so a `procure serve` started meanwhile is refused until ``Session/close()``).
    public static func connect(
        dataDirectory: URL,
        options: Options = Options(),
        readyTimeout: Duration = .seconds(30),
        logger: Logger
    ) async throws -> Session {
        let cluster = EmbeddedPostgres(dataDirectory: dataDirectory, options: options, logger: logger)
        do {
            try await cluster.start()
            return Session(configuration: try cluster.clientConfiguration(), cluster: cluster)
        } catch EmbeddedPostgresError.dataDirectoryInUse(let path, let holder) {
            // A server running as another user (root's cluster belongs to `postgres`): say so now
            // rather than waiting for a postmaster.pid we can never read.
            if access(cluster.dataDirectory.path, R_OK | X_OK) != 0 && errno == EACCES {
                throw EmbeddedPostgresError.system(
                    "cannot read the data directory \(path) of the running server", EACCES)
            }
            let deadline = ContinuousClock.now + readyTimeout
            while true {
                if let pidFile = PostmasterPIDFile.read(dataDirectory: cluster.dataDirectory),
                    pidFile.isReady, pidFile.postmasterIsAlive
                {
                    logger.debug(
                        "using the embedded PostgreSQL of a running procure process",
                        metadata: ["dataDirectory": "\(path)", "socket": "\(pidFile.socketPath)"])
                    let configuration = PostgresClient.Configuration(
                        unixSocketPath: pidFile.socketPath, username: username, password: nil,
                        database: databaseName)
                    return Session(configuration: configuration, cluster: nil)
                }
                guard ContinuousClock.now < deadline else {
                    throw EmbeddedPostgresError.clusterNotReady(path: path, pid: holder)
                }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Runs `body` with a ``Session`` of `dataDirectory`'s cluster and closes it afterwards,
    /// also when `body` throws.
    public static func withSession<T>(
        dataDirectory: URL,
        options: Options = Options(),
        logger: Logger,
        _ body: (Session) async throws -> T
    ) async throws -> T {
        let session = try await connect(dataDirectory: dataDirectory, options: options, logger: logger)
        let result: T
        do {
            result = try await body(session)
        } catch {
            do {
                try await session.close()
            } catch let closeError {
                logger.error("could not stop the embedded PostgreSQL: \(closeError)")
            }
            throw error
        }
        try await session.close()
        return result
    }
}
