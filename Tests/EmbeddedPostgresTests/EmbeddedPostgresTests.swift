import Foundation
import Logging
import PostgresNIO
import ProcureTestSupport
import Testing

@testable import EmbeddedPostgres

#if canImport(Glibc)
    import Glibc
#endif

private let logger = TestDatabase.logger

/// Throwaway clusters: no fsync, deleted when stopped or when the test process dies.
private func makeCluster(_ directory: TemporaryDataDirectory, removeOnStop: Bool = true) -> EmbeddedPostgres {
    var options = EmbeddedPostgres.Options()
    options.durable = false
    options.temporaryRoot = removeOnStop ? directory.root : nil
    return EmbeddedPostgres(dataDirectory: directory.dataDirectory, options: options, logger: logger)
}

/// Runs one query on a fresh connection and returns the first column of every row as text.
private func queryStrings(_ socketPath: String, _ sql: String, database: String = "procure") async throws -> [String] {
    let configuration = PostgresConnection.Configuration(
        unixSocketPath: socketPath, username: "procure", password: nil, database: database)
    let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
    do {
        var values: [String] = []
        for try await value in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            .decode(String.self)
        {
            values.append(value)
        }
        try await connection.close()
        return values
    } catch {
        try? await connection.close()
        throw error
    }
}

/// Pids of live postgres processes whose command line names `dataDirectory` (the postmaster runs
/// as `postgres -D <dir> …`).
private func postgresProcesses(using dataDirectory: URL) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap(Int32.init).filter { pid in
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        let words = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        return words.first?.hasSuffix("postgres") == true && words.contains(dataDirectory.path)
            && PostmasterPIDFile.isPostgresProcess(pid)
    }
}

/// Polls `condition` until it holds or `timeout` passes; the answer is the last evaluation.
private func eventually(timeout: Duration = .seconds(20), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        guard ContinuousClock.now < deadline else { return false }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return true
}

/// Starts a postmaster on an initialised data directory the way a previous, since-killed procure
/// would have left it: running, with no launcher holding the lock and no watchdog.
private func startOrphanPostmaster(_ dataDirectory: URL) async throws -> Int32 {
    let user = try ClusterUser.forCurrentProcess()
    let binaries = try PostgresBinaries.locate()
    let options =
        "-c listen_addresses= -c " + CommandRunner.shellQuoted("unix_socket_directories=\(dataDirectory.path)")
    try await user.run(
        binaries.pgCtl,
        ["start", "-D", dataDirectory.path, "-l", dataDirectory.path + "/postgres.log", "-w", "-s", "-o", options])
    let pidFile = try #require(PostmasterPIDFile.read(dataDirectory: dataDirectory))
    return pidFile.pid
}

@Suite("the embedded PostgreSQL launcher")
struct EmbeddedPostgresTests {
    @Test("a started cluster serves the procure database to user procure over a Unix socket only")
    func startServesDatabase() async throws {
        let directory = try TemporaryDataDirectory()
        let cluster = makeCluster(directory)
        try await cluster.start()
        let socketPath = try #require(cluster.socketPath)
        // No keep-alive timer per idle spell of a connection over the socket (they pile up, see
        // DatabaseSupervisor.keepConnectionsOpen).
        #expect(try cluster.clientConfiguration().options.keepAliveBehavior == nil)
        let values = try await queryStrings(
            socketPath,
            "SELECT current_user::text UNION ALL SELECT current_database()::text "
                + "UNION ALL SELECT '[' || current_setting('listen_addresses') || ']'")
        try await cluster.stop()
        #expect(values == ["procure", "procure", "[]"])
        #expect(socketPath == directory.dataDirectory.path + "/.s.PGSQL.5432")
        #expect(cluster.socketPath == nil)
    }

    @Test("a stopped launcher leaves no postgres process for its data directory")
    func stopLeavesNoProcess() async throws {
        let directory = try TemporaryDataDirectory()
        let cluster = makeCluster(directory, removeOnStop: false)
        try await cluster.start()
        #expect(!postgresProcesses(using: directory.dataDirectory).isEmpty)
        try await cluster.stop()
        #expect(postgresProcesses(using: directory.dataDirectory).isEmpty)
        #expect(PostmasterPIDFile.read(dataDirectory: directory.dataDirectory) == nil)
        try await cluster.stop()  // idempotent
        await directory.remove()
    }

    @Test("a second launcher on the same data directory is refused")
    func secondLauncherRefused() async throws {
        let directory = try TemporaryDataDirectory()
        let first = makeCluster(directory)
        try await first.start()
        let second = makeCluster(directory)
        let error = await #expect(throws: EmbeddedPostgresError.self) { try await second.start() }
        let socketPath = try #require(first.socketPath)
        let stillServing = try await queryStrings(socketPath, "SELECT 'alive'")
        try await first.stop()

        #expect(error == .dataDirectoryInUse(path: directory.dataDirectory.path, pid: getpid()))
        #expect(error?.description.contains("data directory \(directory.dataDirectory.path) is in use") == true)
        #expect(stillServing == ["alive"])
    }

    @Test("the data directory is free for the next launcher once the first has stopped")
    func freeAfterStop() async throws {
        let directory = try TemporaryDataDirectory()
        let first = makeCluster(directory, removeOnStop: false)
        try await first.start()
        try await first.stop()
        let second = makeCluster(directory)
        try await second.start()
        let socketPath = try #require(second.socketPath)
        let values = try await queryStrings(socketPath, "SELECT 'again'")
        try await second.stop()
        #expect(values == ["again"])
    }

    @Test("a cluster left running by a killed owner is restarted by the next launcher")
    func takesOverOrphan() async throws {
        let directory = try TemporaryDataDirectory()
        let first = makeCluster(directory, removeOnStop: false)
        try await first.start()
        try await first.stop()
        let orphan = try await startOrphanPostmaster(directory.dataDirectory)

        let next = makeCluster(directory)
        try await next.start()
        let socketPath = try #require(next.socketPath)
        let values = try await queryStrings(socketPath, "SELECT 'taken over'")
        let newPID = PostmasterPIDFile.read(dataDirectory: directory.dataDirectory)?.pid
        let orphanGone = await eventually { !PostmasterPIDFile.isPostgresProcess(orphan) }
        try await next.stop()

        #expect(values == ["taken over"])
        #expect(newPID != nil && newPID != orphan)
        #expect(orphanGone)
    }

    @Test("the watchdog stops the cluster and deletes its throwaway files when the owner dies")
    func watchdogStopsOrphan() async throws {
        let directory = try TemporaryDataDirectory()
        let first = makeCluster(directory, removeOnStop: false)
        try await first.start()
        try await first.stop()
        let postmaster = try await startOrphanPostmaster(directory.dataDirectory)
        let owner = Process()
        owner.executableURL = URL(fileURLWithPath: "/bin/sleep")
        owner.arguments = ["600"]
        try owner.run()
        try await ClusterWatchdog.spawn(
            ownerPID: owner.processIdentifier, postmasterPID: postmaster, removeAfterwards: [directory.root.path])
        #expect(PostmasterPIDFile.isPostgresProcess(postmaster))

        kill(owner.processIdentifier, SIGKILL)
        let stopped = await eventually { !PostmasterPIDFile.isPostgresProcess(postmaster) }
        let removed = await eventually { !FileManager.default.fileExists(atPath: directory.root.path) }
        #expect(stopped)
        #expect(removed)
        await directory.remove()
    }

    @Test("a data directory too long for a socket path gets a private socket directory in /tmp")
    func longPathSocket() async throws {
        let directory = try TemporaryDataDirectory()
        let deep = directory.root.appendingPathComponent(String(repeating: "d", count: 60))
            .appendingPathComponent(String(repeating: "e", count: 40))
        var options = EmbeddedPostgres.Options()
        options.durable = false
        options.temporaryRoot = directory.root
        let cluster = EmbeddedPostgres(dataDirectory: deep, options: options, logger: logger)
        try await cluster.start()
        let socketPath = try #require(cluster.socketPath)
        let socketDirectory = URL(fileURLWithPath: socketPath).deletingLastPathComponent().path
        let attributes = try FileManager.default.attributesOfItem(atPath: socketDirectory)
        let values = try await queryStrings(socketPath, "SELECT 'short'")
        try await cluster.stop()

        #expect(socketPath.hasPrefix("/tmp/procure-pg-"))
        #expect((attributes[.posixPermissions] as? Int) == 0o700)
        #expect(values == ["short"])
        #expect(!FileManager.default.fileExists(atPath: socketDirectory))
    }

    @Test(
        "as root, a data directory the postgres user cannot reach is refused with a hint",
        .enabled(if: geteuid() == 0))
    func unreachableAsRoot() async throws {
        let directory = try TemporaryDataDirectory()
        chmod(directory.root.path, 0o700)
        let cluster = makeCluster(directory)
        let error = await #expect(throws: EmbeddedPostgresError.self) { try await cluster.start() }
        await directory.remove()
        #expect(
            error
                == .dataDirectoryUnreachable(
                    path: directory.dataDirectory.path, blockedAt: directory.root.path, user: "postgres"))
        #expect(error?.description.contains("--data-dir") == true)
    }
}

@Suite("admin sessions on the embedded cluster")
struct EmbeddedPostgresSessionTests {
    @Test("a session uses the cluster of a running server and leaves it running")
    func attachesToRunningServer() async throws {
        let directory = try TemporaryDataDirectory()
        let server = makeCluster(directory)
        try await server.start()
        let session = try await EmbeddedPostgres.connect(dataDirectory: directory.dataDirectory, logger: logger)
        let sessionSocket = session.configuration.unixSocketPath
        let viaSession = try await queryStrings(try #require(sessionSocket), "SELECT 'admin'")
        try await session.close()
        let serverSocket = try #require(server.socketPath)
        let serverStillUp = try await queryStrings(serverSocket, "SELECT 'serve'")
        try await server.stop()

        #expect(!session.startedCluster)
        #expect(sessionSocket == serverSocket)
        #expect(viaSession == ["admin"])
        #expect(serverStillUp == ["serve"])
    }

    @Test("a session starts the cluster when no server runs and stops it when closed")
    func startsAndStops() async throws {
        let directory = try TemporaryDataDirectory()
        var options = EmbeddedPostgres.Options()
        options.durable = false
        let values = try await EmbeddedPostgres.withSession(
            dataDirectory: directory.dataDirectory, options: options, logger: logger
        ) { session in
            #expect(session.startedCluster)
            return try await queryStrings(try #require(session.configuration.unixSocketPath), "SELECT 'own'")
        }
        #expect(values == ["own"])
        #expect(postgresProcesses(using: directory.dataDirectory).isEmpty)
        await directory.remove()
    }
}

@Suite("locating the PostgreSQL server programs")
struct PostgresBinariesTests {
    /// A fake installation: `root/<version>/bin` with the given programs as empty executables.
    private func fakeInstallation(_ versions: [String: [String]]) throws -> URL {
        let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("pgbin-\(UUID().uuidString)")
        for (version, programs) in versions {
            let bin = root.appendingPathComponent(version).appendingPathComponent("bin")
            try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
            for program in programs {
                let path = bin.appendingPathComponent(program).path
                _ = FileManager.default.createFile(
                    atPath: path, contents: Data(), attributes: [.posixPermissions: 0o755])
            }
        }
        return root
    }

    @Test("the highest version that has all three programs is chosen")
    func highestCompleteVersion() throws {
        let all = ["initdb", "pg_ctl", "postgres"]
        let root = try fakeInstallation(["9.6": all, "10": all, "16": ["initdb", "pg_ctl"]])
        defer { try? FileManager.default.removeItem(at: root) }
        let found = try PostgresBinaries.locate(
            pgConfigBinDirectory: { nil }, versionedRoot: root.path, searchPath: "/nonexistent")
        #expect(found.directory.path == root.path + "/10/bin")
    }

    @Test("pg_config's directory comes before the versioned directories")
    func pgConfigFirst() throws {
        let all = ["initdb", "pg_ctl", "postgres"]
        let root = try fakeInstallation(["15": all, "custom": all])
        defer { try? FileManager.default.removeItem(at: root) }
        let found = try PostgresBinaries.locate(
            pgConfigBinDirectory: { root.path + "/custom/bin" }, versionedRoot: root.path, searchPath: "")
        #expect(found.directory.path == root.path + "/custom/bin")
    }

    @Test("without PostgreSQL the error says in one line how to install it or use DATABASE_URL")
    func notFound() {
        let error = #expect(throws: EmbeddedPostgresError.binariesNotFound) {
            try PostgresBinaries.locate(
                pgConfigBinDirectory: { nil }, versionedRoot: "/nonexistent", searchPath: "/nonexistent")
        }
        let description = error?.description ?? ""
        #expect(!description.contains("\n"))
        #expect(description.contains("apt-get install postgresql"))
        #expect(description.contains("DATABASE_URL"))
    }

    @Test("postmaster.pid gives the pid, port, socket directory and status")
    func pidFile() throws {
        let text = "4242\n/data\n1700000000\n5433\n/tmp/procure-pg-abc\n\n  5433001    163840\nready   \n"
        let file = try #require(PostmasterPIDFile(text))
        #expect(file.pid == 4242)
        #expect(file.socketPath == "/tmp/procure-pg-abc/.s.PGSQL.5433")
        #expect(file.isReady)
    }
}
