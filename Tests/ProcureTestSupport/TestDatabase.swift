import EmbeddedPostgres
import Foundation
import Ledger
import Logging
import PostgresNIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Runs `body` against a database of its own: freshly created, fully migrated, dropped afterwards.
///
/// The client passed in is running; the configuration is the same database for code that builds
/// its own client (an application under test). Databases are copies of a template migrated once
/// per process, so a test pays only for a `CREATE DATABASE … TEMPLATE`, and tests running in
/// parallel never see each other's rows.
nonisolated(nonsending) public func withFreshDatabase<T>(
    _ body: (PostgresClient, PostgresClient.Configuration) async throws -> T
) async throws -> T {
    try await TestDatabase.shared.withFreshDatabase(body)
}

/// The one PostgreSQL server of a test process and the fresh databases made on it.
///
/// The server is `TEST_DATABASE_URL` when set (its user needs CREATEDB), else one embedded cluster
/// in a temporary directory under /tmp, started on first use and shared by every test. Nothing has
/// to stop it: when the test process exits, the launcher's watchdog stops the cluster and deletes
/// the directory. `TEST_LOG_LEVEL` (e.g. `debug`) shows the database logs; default `warning`.
public actor TestDatabase {
    public static let shared = TestDatabase()

    /// The logger tests should hand to the code under test.
    public nonisolated static let logger: Logger = {
        var logger = Logger(label: "procure.tests")
        let level = ProcessInfo.processInfo.environment["TEST_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) }
        logger.logLevel = level ?? .warning
        return logger
    }()

    struct Server: Sendable {
        /// A client for the server's maintenance database (`postgres` or the URL's), running for
        /// the whole process; it creates and drops the test databases.
        var admin: PostgresClient
        var baseConfiguration: PostgresClient.Configuration
        var template: String
    }

    private var server: Task<Server, any Error>?

    /// The embedded cluster, when no `TEST_DATABASE_URL` is set (`nil` until first used).
    public private(set) var embeddedCluster: EmbeddedPostgres?

    private init() {}

    nonisolated(nonsending) public func withFreshDatabase<T>(
        _ body: (PostgresClient, PostgresClient.Configuration) async throws -> T
    ) async throws -> T {
        let server = try await self.server()
        let name = "test_" + randomHex(8)
        try await server.admin.query(
            PostgresQuery(unsafeSQL: "CREATE DATABASE \(name) TEMPLATE \(server.template)"), logger: Self.logger)
        var configuration = server.baseConfiguration
        configuration.database = name
        configuration.options.maximumConnections = 10
        do {
            let result = try await withRunningClient(configuration) { client in
                try await body(client, configuration)
            }
            try await drop(name, on: server)
            return result
        } catch {
            try? await drop(name, on: server)
            throw error
        }
    }

    private func drop(_ name: String, on server: Server) async throws {
        // FORCE: a test that leaked a connection must not leave its database behind.
        try await server.admin.query(
            PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: Self.logger)
    }

    private func server() async throws -> Server {
        if let server { return try await server.value }
        let task = Task { try await Self.startServer() }
        server = task
        let started = try await task.value
        return started
    }

    private static func startServer() async throws -> Server {
        let base: PostgresClient.Configuration
        if let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"], !url.isEmpty {
            base = try DatabaseURL(url).clientConfiguration
        } else {
            let cluster = try await startEmbeddedCluster()
            await shared.setEmbeddedCluster(cluster)
            base = try cluster.clientConfiguration(database: "postgres")
        }
        var adminConfiguration = base
        adminConfiguration.options.maximumConnections = 4
        let admin = PostgresClient(configuration: adminConfiguration, backgroundLogger: logger)
        // Runs until the process exits: there is no "after all tests" hook to stop it in.
        Task.detached { await admin.run() }
        let template = try await makeTemplate(admin: admin, base: base)
        return Server(admin: admin, baseConfiguration: base, template: template)
    }

    private func setEmbeddedCluster(_ cluster: EmbeddedPostgres) {
        embeddedCluster = cluster
    }

    private static func startEmbeddedCluster() async throws -> EmbeddedPostgres {
        let directory = try TemporaryDataDirectory(prefix: "procure-test")
        var options = EmbeddedPostgres.Options()
        options.durable = false
        // Parallel tests each hold a small pool.
        options.maxConnections = 400
        options.temporaryRoot = directory.root
        let cluster = EmbeddedPostgres(dataDirectory: directory.dataDirectory, options: options, logger: logger)
        try await cluster.start()
        return cluster
    }

    /// The template is named after a hash of the migrations and function files, so a shared
    /// `TEST_DATABASE_URL` server reuses it across runs and processes until either changes. It is migrated
    /// under a temporary name and renamed when complete, so a template under that name is always
    /// whole, even when two processes build it at once.
    private static func makeTemplate(admin: PostgresClient, base: PostgresClient.Configuration) async throws -> String {
        let name = "procure_template_" + migrationsFingerprint()
        if try await databaseExists(name, admin: admin) { return name }

        let building = "\(name)_build_\(randomHex(4))"
        try await admin.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(building)"), logger: logger)
        do {
            var configuration = base
            configuration.database = building
            try await withRunningClient(configuration) { client in
                _ = try await Migrator(client: client, logger: logger).migrate()
            }
            // PostgreSQL waits a few seconds for the migration's connections to go away.
            try await admin.query(
                PostgresQuery(unsafeSQL: "ALTER DATABASE \(building) RENAME TO \(name)"), logger: logger)
        } catch {
            _ = try? await admin.query(
                PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(building) WITH (FORCE)"), logger: logger)
            // Another process finished the same template first: use theirs.
            if try await databaseExists(name, admin: admin) { return name }
            throw error
        }
        return name
    }

    private static func databaseExists(_ name: String, admin: PostgresClient) async throws -> Bool {
        let rows = try await admin.query("SELECT 1 FROM pg_database WHERE datname = \(name)", logger: logger)
        for try await _ in rows { return true }
        return false
    }

    /// FNV-1a over the names and SQL of the migrations and function files.
    private static func migrationsFingerprint() -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let files = Migration.all.map { ($0.name, $0.sql) } + FunctionFile.all.map { ("functions/" + $0.name, $0.sql) }
        for (name, sql) in files {
            for byte in name.utf8 + [0] + sql.utf8 + [0] {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
        }
        return String(hash, radix: 16)
    }
}

/// Runs `body` with a client for `configuration` whose `run()` is going, and shuts it down after.
nonisolated(nonsending) func withRunningClient<T>(
    _ configuration: PostgresClient.Configuration,
    _ body: (PostgresClient) async throws -> T
) async throws -> T {
    let client = PostgresClient(configuration: configuration, backgroundLogger: TestDatabase.logger)
    let running = Task { await client.run() }
    do {
        let result = try await body(client)
        running.cancel()
        await running.value
        return result
    } catch {
        running.cancel()
        await running.value
        throw error
    }
}

/// Lower-case hex of `bytes` random bytes: database names the tests never clash on.
func randomHex(_ bytes: Int) -> String {
    var generator = SystemRandomNumberGenerator()
    return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }
        .joined()
}

/// A throwaway directory under /tmp with a data directory path inside it, for tests that start
/// their own cluster (end-to-end tests running `procure serve --data-dir …`).
///
/// The data directory itself is not created: the launcher creates it and, as root, hands it to
/// the `postgres` user. The root is made passable (0711) for that user when running as root.
public struct TemporaryDataDirectory: Sendable {
    /// The directory that ``remove()`` deletes.
    public let root: URL
    /// `<root>/postgres`, to pass as the data directory.
    public let dataDirectory: URL

    public init(prefix: String = "procure-e2e") throws {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress, mkdtemp(base) != nil else { return nil }
            return String(cString: base)
        }
        guard let path = created else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: "/tmp/\(prefix)-XXXXXX"])
        }
        if geteuid() == 0 {
            _ = chmod(path, 0o711)
        }
        root = URL(fileURLWithPath: path, isDirectory: true)
        dataDirectory = root.appendingPathComponent("postgres", isDirectory: true)
    }

    /// Deletes the directory once no PostgreSQL runs on it any more.
    ///
    /// A server process that was killed leaves its cluster to its watchdog, which stops it within a
    /// second or two; this waits for that (up to `timeout`) and then, as a last resort, shuts the
    /// postmaster down immediately (SIGQUIT) so the files can go.
    public func remove(timeout: Duration = .seconds(20)) async {
        if let pid = postmasterPID() {
            let deadline = ContinuousClock.now + timeout
            while isAlive(pid) && ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(50))
            }
            if isAlive(pid) {
                kill(pid, SIGQUIT)
                while isAlive(pid) && ContinuousClock.now < deadline + .seconds(5) {
                    try? await Task.sleep(for: .milliseconds(50))
                }
            }
        }
        try? FileManager.default.removeItem(at: root)
    }

    private func postmasterPID() -> pid_t? {
        let file = dataDirectory.appendingPathComponent("postmaster.pid")
        guard let text = try? String(contentsOf: file, encoding: .utf8),
            let first = text.split(separator: "\n").first
        else { return nil }
        return pid_t(first.trimmingCharacters(in: .whitespaces))
    }

    private func isAlive(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        // A zombie (exited, not yet reaped) counts as gone.
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return !stat.contains(") Z ")
    }
}

/// Runs `body` with a fresh ``TemporaryDataDirectory`` and removes it afterwards.
nonisolated(nonsending) public func withTemporaryDataDirectory<T>(
    prefix: String = "procure-e2e",
    _ body: (TemporaryDataDirectory) async throws -> T
) async throws -> T {
    let directory = try TemporaryDataDirectory(prefix: prefix)
    do {
        let result = try await body(directory)
        await directory.remove()
        return result
    } catch {
        await directory.remove()
        throw error
    }
}
