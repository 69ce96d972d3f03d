import Foundation
import Logging
import PostgresNIO
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A private PostgreSQL cluster in a data directory, used when no `DATABASE_URL` is given.
///
/// - The first `start()` runs `initdb` (superuser `procure`, trust authentication, UTF-8, C
///   locale); every start makes sure the database `procure` exists.
/// - It listens on a Unix socket only (`listen_addresses=''`), in a directory only the cluster's
///   user can enter, so nothing else on the machine can connect.
/// - One launcher at a time per data directory: a second one — another `procure serve` — is
///   refused with ``EmbeddedPostgresError/dataDirectoryInUse(path:pid:)`` instead of corrupting it.
/// - A cluster left running by a killed owner is stopped and restarted by the next launcher, and
///   a watchdog stops the cluster within about a second when its owner dies (see ``ClusterWatchdog``).
/// - As root, the cluster runs as the `postgres` user (see ``ClusterUser``).
///
/// `procure admin …` commands use ``connect(dataDirectory:options:logger:)``, which works whether
/// or not a server owns the cluster at the time.
public final class EmbeddedPostgres: Sendable {
    /// How the cluster is set up; the defaults suit `procure serve`.
    public struct Options: Sendable {
        /// Names the socket file (`.s.PGSQL.<port>`); no TCP port is opened.
        public var port: Int = 5432
        /// `false` turns off fsync and friends: much faster, but a machine crash can lose the
        /// cluster. Only for throwaway test clusters.
        public var durable: Bool = true
        public var maxConnections: Int = 100
        /// A throwaway directory (normally the one holding the data directory) that is deleted
        /// once the cluster has stopped — after `stop()`, or by the watchdog when the owner dies.
        public var temporaryRoot: URL? = nil

        /// Where to look for PostgreSQL's programs, as a shell's `PATH` (see
        /// ``PostgresBinaries/locate(searchPath:)``); nil: the standard directories.
        public var searchPath: String? = nil

        public init() {}
    }

    /// The superuser `initdb` creates; connections need no password (trust, Unix socket only).
    public static let username = "procure"
    /// The database the application uses.
    public static let databaseName = "procure"

    public let dataDirectory: URL
    public let options: Options
    private let logger: Logger
    private let state = Mutex<State>(.stopped)

    private enum State: Sendable {
        case stopped
        case transitioning
        case running(Running)
    }

    /// What a started launcher holds.
    struct Running: Sendable {
        var lock: DataDirectoryLock
        var user: ClusterUser
        var binaries: PostgresBinaries
        var socketDirectory: String
        /// Set when the socket lives in a directory of its own under /tmp (to be removed at stop).
        var privateSocketDirectory: Bool
    }

    public init(dataDirectory: URL, options: Options = Options(), logger: Logger) {
        self.dataDirectory = dataDirectory.standardizedFileURL
        self.options = options
        self.logger = logger
    }

    /// The full path of the cluster's Unix socket (`…/.s.PGSQL.5432`), or `nil` unless started.
    public var socketPath: String? {
        state.withLock { state in
            guard case .running(let running) = state else { return nil }
            return "\(running.socketDirectory)/.s.PGSQL.\(options.port)"
        }
    }

    /// A client configuration for a database of the running cluster: Unix socket, user
    /// `procure`, no password, no TLS, no keep-alive queries. Keep-alive finds connections a
    /// network dropped without a word; a Unix socket is not dropped so, and a closed one is
    /// noticed at once. Each idle spell would otherwise start a 30-second timer, and a cancelled
    /// timer holds its memory until it would have fired (see `DatabaseSupervisor.keepConnectionsOpen`).
    public func clientConfiguration(
        database: String = EmbeddedPostgres.databaseName
    ) throws(EmbeddedPostgresError) -> PostgresClient.Configuration {
        guard let socketPath else { throw .notRunning(path: dataDirectory.path) }
        var configuration = PostgresClient.Configuration(
            unixSocketPath: socketPath, username: Self.username, password: nil, database: database)
        configuration.options.keepAliveBehavior = nil
        return configuration
    }

    /// Starts the cluster (initialising it on first use) and holds the data directory until
    /// ``stop()``. Calling it on a started launcher does nothing.
    public func start() async throws {
        let proceed: Bool = try state.withLock { (state) throws(EmbeddedPostgresError) -> Bool in
            switch state {
            case .running: return false
            case .transitioning: throw .busy(path: dataDirectory.path)
            case .stopped:
                state = .transitioning
                return true
            }
        }
        guard proceed else { return }
        do {
            let running = try await launch()
            state.withLock { $0 = .running(running) }
        } catch {
            state.withLock { $0 = .stopped }
            throw error
        }
    }

    /// Stops the cluster (`pg_ctl stop -m fast`) and releases the data directory. Idempotent.
    public func stop() async throws {
        let running: Running? = try state.withLock { (state) throws(EmbeddedPostgresError) -> Running? in
            switch state {
            case .stopped: return nil
            case .transitioning: throw .busy(path: dataDirectory.path)
            case .running(let running):
                state = .transitioning
                return running
            }
        }
        guard let running else { return }
        do {
            try await shutDown(running)
        } catch {
            // Still ours: keep the lock so that a retry (or the watchdog) can finish the job.
            state.withLock { $0 = .running(running) }
            throw error
        }
        running.lock.release()
        state.withLock { $0 = .stopped }
    }

    /// Forgets a started cluster without stopping it, releasing the data directory as a killed
    /// owner's death would: for tests of what the next launcher finds.
    func abandonForTesting() {
        state.withLock { state in
            if case .running(let running) = state { running.lock.release() }
            state = .stopped
        }
    }

    // MARK: - Starting

    private func launch() async throws -> Running {
        let binaries = try PostgresBinaries.locate(searchPath: options.searchPath)
        let user = try ClusterUser.forCurrentProcess()
        try user.createParentDirectories(of: dataDirectory)
        let lock = try DataDirectoryLock.acquire(for: dataDirectory)
        do {
            try user.verifyCanReach(dataDirectory)
            try user.preparePrivateDirectory(dataDirectory)
            if !FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("PG_VERSION").path) {
                try await initialise(user: user, binaries: binaries)
            }
            try await stopLeftoverPostmaster(user: user, binaries: binaries)
            await clearAfterKilledPostmaster()
            let (socketDirectory, isPrivate) = try makeSocketDirectory(user: user)
            let running = Running(
                lock: lock, user: user, binaries: binaries, socketDirectory: socketDirectory,
                privateSocketDirectory: isPrivate)
            do {
                let postmasterPID = try await startPostmaster(running)
                try await ClusterWatchdog.spawn(
                    ownerPID: getpid(), postmasterPID: postmasterPID,
                    removeAfterwards: (isPrivate ? [socketDirectory] : [])
                        + [options.temporaryRoot?.path].compactMap {
                            $0
                        })
                try await ensureApplicationDatabase(socketPath: "\(socketDirectory)/.s.PGSQL.\(options.port)")
            } catch {
                try? await shutDown(running, removeTemporaryRoot: false)
                throw error
            }
            logger.info(
                "embedded PostgreSQL started",
                metadata: ["dataDirectory": "\(dataDirectory.path)", "socketDirectory": "\(socketDirectory)"])
            return running
        } catch {
            lock.release()
            throw error
        }
    }

    private func initialise(user: ClusterUser, binaries: PostgresBinaries) async throws {
        logger.info("initialising PostgreSQL cluster", metadata: ["dataDirectory": "\(dataDirectory.path)"])
        // C collation (byte order: stable and fast), but UTF-8 character classes: pg_trgm drops
        // every character the ctype does not call alphanumeric, so under plain C a Japanese name
        // has no trigrams and the fuzzy vendor search could not find it.
        var arguments = [
            "-D", dataDirectory.path, "-U", Self.username, "--auth=trust", "-E", "UTF8", "--locale=C",
            "--lc-ctype=C.UTF-8",
        ]
        if !options.durable {
            arguments.append("--no-sync")
        }
        try await user.run(binaries.initdb, arguments)
    }

    /// A previous owner was killed (the lock is ours, so no live launcher uses it) and its
    /// postmaster outlived it. Stopping and restarting it, rather than adopting it, gives it our
    /// settings and our watchdog; its own watchdog only ever signals that old postmaster's pid.
    private func stopLeftoverPostmaster(user: ClusterUser, binaries: PostgresBinaries) async throws {
        guard let pidFile = PostmasterPIDFile.read(dataDirectory: dataDirectory),
            PostmasterPIDFile.isPostmaster(pidFile.pid, of: dataDirectory)
        else {
            return
        }
        logger.warning(
            "stopping a PostgreSQL left running by a previous procure process",
            metadata: ["dataDirectory": "\(dataDirectory.path)", "pid": "\(pidFile.pid)"])
        let result = try await user.run(
            binaries.pgCtl, ["stop", "-D", dataDirectory.path, "-m", "fast", "-w", "-t", "60"], allowFailure: true)
        if await !Self.waitUntilGone(pidFile.pid) {
            throw EmbeddedPostgresError.commandFailed(
                command: "pg_ctl stop", status: result.status, output: result.tail(8))
        }
        removeIfPrivateSocketDirectory(pidFile.socketDirectory)
    }

    /// What a postmaster killed outright (SIGKILL, the OOM killer, a power cut) leaves behind, once
    /// no postmaster runs on the directory (the lock is ours and ``stopLeftoverPostmaster`` is done):
    ///
    /// - its backends, which outlive it for as long as their current query runs and keep its
    ///   shared memory attached: PostgreSQL refuses to start while they do ("pre-existing shared
    ///   memory block is still in use"). They are the postgres processes working in this data
    ///   directory (their current directory); they are killed.
    /// - `postmaster.pid` and the socket's `.s.PGSQL.<port>.lock`. PostgreSQL ignores such files
    ///   when the pid they record is dead, but refuses to start when it is alive — and after a
    ///   reboot, or in a container, that pid often belongs to an unrelated process. They go.
    private func clearAfterKilledPostmaster() async {
        if let pidFile = PostmasterPIDFile.read(dataDirectory: dataDirectory),
            PostmasterPIDFile.isPostmaster(pidFile.pid, of: dataDirectory)
        {
            return
        }
        let orphans = PostmasterPIDFile.postgresProcesses(workingIn: dataDirectory)
        if !orphans.isEmpty {
            logger.warning(
                "killing PostgreSQL backends left running by a killed postmaster",
                metadata: ["dataDirectory": "\(dataDirectory.path)", "pids": "\(orphans)"])
            for pid in orphans { kill(pid, SIGKILL) }
            for pid in orphans { _ = await Self.waitUntilGone(pid) }
        }
        let stale = [
            dataDirectory.appendingPathComponent("postmaster.pid").path,
            dataDirectory.appendingPathComponent(".s.PGSQL.\(options.port).lock").path,
            dataDirectory.appendingPathComponent(".s.PGSQL.\(options.port)").path,
        ]
        for path in stale where FileManager.default.fileExists(atPath: path) {
            logger.warning("removing a stale PostgreSQL lock file", metadata: ["path": "\(path)"])
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// The socket lives in the data directory (private to the cluster user) when its path fits
    /// in `sun_path` (108 bytes with the terminating NUL), else in a fresh 0700 directory in /tmp.
    private func makeSocketDirectory(user: ClusterUser) throws(EmbeddedPostgresError) -> (String, Bool) {
        let inDataDirectory = "\(dataDirectory.path)/.s.PGSQL.\(options.port)"
        if inDataDirectory.utf8.count <= 107 && isPlainSocketDirectory(dataDirectory.path) {
            return (dataDirectory.path, false)
        }
        var template = Array("/tmp/procure-pg-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress, mkdtemp(base) != nil else { return nil }
            return String(cString: base)
        }
        guard let directory = created else { throw .system("cannot create a socket directory in /tmp", errno) }
        if let other = user.other, chown(directory, other.uid, other.gid) != 0 {
            let code = errno
            try? FileManager.default.removeItem(atPath: directory)
            throw .system("cannot hand \(directory) to the PostgreSQL user", code)
        }
        return (directory, true)
    }

    /// `unix_socket_directories` is a comma-separated list, so a path with a comma or quote cannot
    /// be given plainly; such data directories get a /tmp socket directory instead.
    private func isPlainSocketDirectory(_ path: String) -> Bool {
        !path.contains(",") && !path.contains("\"") && !path.contains("'") && !path.contains("\\")
    }

    private func removeIfPrivateSocketDirectory(_ path: String) {
        if path.hasPrefix("/tmp/procure-pg-") {
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    private func startPostmaster(_ running: Running) async throws -> Int32 {
        let log = dataDirectory.appendingPathComponent("postgres.log").path
        var settings = [
            "listen_addresses=",
            "unix_socket_directories=\"\(running.socketDirectory)\"",
            "unix_socket_permissions=0700",
            "port=\(options.port)",
            "max_connections=\(options.maxConnections)",
            // The register with its indexes is a few hundred megabytes at national scale; the
            // default 128MB would keep the reports reading through the operating system's cache.
            "shared_buffers=256MB",
            // procure's queries are short; the JIT compiler's 20–30 ms per query (triggered by the
            // planner's row estimates for the peer reports) costs more than it could ever save.
            "jit=off",
        ]
        if !options.durable {
            settings += ["fsync=off", "synchronous_commit=off", "full_page_writes=off"]
        }
        // pg_ctl hands -o to /bin/sh, so every word is shell-quoted.
        let postgresOptions = settings.map { "-c " + CommandRunner.shellQuoted($0) }.joined(separator: " ")
        let result = try await running.user.run(
            running.binaries.pgCtl,
            ["start", "-D", dataDirectory.path, "-l", log, "-w", "-t", "60", "-s", "-o", postgresOptions],
            allowFailure: true)
        guard result.status == 0, let pidFile = PostmasterPIDFile.read(dataDirectory: dataDirectory) else {
            let logTail = (try? String(contentsOfFile: log, encoding: .utf8)).map {
                CommandResult(status: 0, output: $0).tail(10)
            }
            throw EmbeddedPostgresError.commandFailed(
                command: "pg_ctl start", status: result.status,
                output: [result.tail(4), logTail ?? ""].joined(separator: "\n"))
        }
        return pidFile.pid
    }

    private func ensureApplicationDatabase(socketPath: String) async throws {
        let configuration = PostgresConnection.Configuration(
            unixSocketPath: socketPath, username: Self.username, password: nil, database: "postgres")
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            let rows = try await connection.query(
                "SELECT 1 FROM pg_database WHERE datname = \(Self.databaseName)", logger: logger)
            var exists = false
            for try await _ in rows { exists = true }
            if !exists {
                // Identifiers cannot be bound; the name is our own constant.
                try await connection.query(
                    PostgresQuery(unsafeSQL: "CREATE DATABASE \(Self.databaseName)"), logger: logger)
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    // MARK: - Stopping

    private func shutDown(_ running: Running, removeTemporaryRoot: Bool = true) async throws {
        let postmaster = PostmasterPIDFile.read(dataDirectory: dataDirectory)?.pid
        let result = try await running.user.run(
            running.binaries.pgCtl, ["stop", "-D", dataDirectory.path, "-m", "fast", "-w", "-t", "60", "-s"],
            allowFailure: true)
        // pg_ctl returns once postmaster.pid is gone, which the postmaster deletes just before it
        // exits; wait for the exit itself so that "stopped" really means no process is left.
        var gone = true
        if let postmaster {
            gone = await Self.waitUntilGone(postmaster)
        }
        if !gone {
            throw EmbeddedPostgresError.commandFailed(
                command: "pg_ctl stop", status: result.status, output: result.tail(8))
        }
        if running.privateSocketDirectory {
            try? FileManager.default.removeItem(atPath: running.socketDirectory)
        }
        if removeTemporaryRoot, let root = options.temporaryRoot {
            try? FileManager.default.removeItem(at: root)
        }
        logger.info("embedded PostgreSQL stopped", metadata: ["dataDirectory": "\(dataDirectory.path)"])
    }

    /// Polls until `pid` is no longer a live PostgreSQL process; `false` if it still is after `timeout`.
    static func waitUntilGone(_ pid: Int32, timeout: Duration = .seconds(10)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while PostmasterPIDFile.isPostgresProcess(pid) {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }
}
