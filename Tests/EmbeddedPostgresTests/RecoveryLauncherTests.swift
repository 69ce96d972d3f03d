import Foundation
import Logging
import PostgresNIO
import ProcureTestSupport
import Testing

@testable import EmbeddedPostgres

#if canImport(Glibc)
    import Glibc
#endif

/// The launcher starting a cluster whose previous postmaster was killed outright (SIGKILL, the OOM
/// killer, a power cut) rather than stopped.
@Suite("the embedded launcher after a killed postmaster")
struct RecoveryLauncherTests {
    private static func cluster(_ directory: TemporaryDataDirectory) -> EmbeddedPostgres {
        var options = EmbeddedPostgres.Options()
        options.durable = false
        return EmbeddedPostgres(dataDirectory: directory.dataDirectory, options: options, logger: TestDatabase.logger)
    }

    private static func connect(_ socketPath: String) async throws -> PostgresConnection {
        try await PostgresConnection.connect(
            configuration: .init(unixSocketPath: socketPath, username: "procure", password: nil, database: "procure"),
            id: 1, logger: TestDatabase.logger)
    }

    private static func answer(_ socketPath: String) async throws -> Int {
        let connection = try await connect(socketPath)
        defer { Task { try? await connection.close() } }
        for try await value in try await connection.query("SELECT 42", logger: TestDatabase.logger).decode(Int.self) {
            return value
        }
        return 0
    }

    private static func gone(_ pid: Int32, within timeout: Duration = .seconds(20)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while PostmasterPIDFile.isPostgresProcess(pid) {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    @Test("a stale postmaster.pid whose pid now belongs to another program is removed, and the cluster starts")
    func stalePIDFile() async throws {
        let directory = try TemporaryDataDirectory()
        let first = Self.cluster(directory)
        try await first.start()
        try await first.stop()
        // The pid of a live process that is not PostgreSQL, as after a reboot or in a container.
        let other = Process()
        other.executableURL = URL(fileURLWithPath: "/bin/sleep")
        other.arguments = ["600"]
        // Not the test runner's output: a child holding it open would keep `swift test` waiting.
        other.standardInput = FileHandle.nullDevice
        other.standardOutput = FileHandle.nullDevice
        other.standardError = FileHandle.nullDevice
        try other.run()
        let path = directory.dataDirectory.path
        let stale = "\(other.processIdentifier)\n\(path)\n1700000000\n5432\n\(path)\n\n  5432001     0\nready   \n"
        try stale.write(toFile: path + "/postmaster.pid", atomically: false, encoding: .utf8)
        try stale.write(toFile: path + "/.s.PGSQL.5432.lock", atomically: false, encoding: .utf8)

        let next = Self.cluster(directory)
        let started: Result<Int, any Error>
        do {
            try await next.start()
            started = .success(try await Self.answer(try #require(next.socketPath)))
        } catch {
            started = .failure(error)
        }
        try? await next.stop()
        kill(other.processIdentifier, SIGKILL)
        other.waitUntilExit()
        await directory.remove()
        #expect(try started.get() == 42)
    }

    @Test("a postmaster killed with SIGKILL while a backend still runs a query is replaced; the backend is stopped")
    func killedPostmasterWithBackend() async throws {
        let directory = try TemporaryDataDirectory()
        let first = Self.cluster(directory)
        try await first.start()
        let socketPath = try #require(first.socketPath)
        let postmaster = try #require(PostmasterPIDFile.read(dataDirectory: directory.dataDirectory)?.pid)
        let connection = try await Self.connect(socketPath)
        var backend: Int32 = 0
        for try await pid in try await connection.query("SELECT pg_backend_pid()", logger: TestDatabase.logger)
            .decode(Int32.self)
        {
            backend = pid
        }
        // Counting never waits on a latch, so the backend does not notice its postmaster's death.
        let busy = Task {
            _ = try? await connection.query(
                "SELECT count(*) FROM generate_series(1, 10000000000)", logger: TestDatabase.logger)
        }
        try await Task.sleep(for: .milliseconds(300))
        kill(postmaster, SIGKILL)
        let postmasterGone = await Self.gone(postmaster)
        let backendOutlived = PostmasterPIDFile.isPostgresProcess(backend)
        // The launcher's lock is released as a killed owner's would be.
        first.abandonForTesting()

        let next = Self.cluster(directory)
        let started: Result<Int, any Error>
        do {
            try await next.start()
            started = .success(try await Self.answer(try #require(next.socketPath)))
        } catch {
            started = .failure(error)
        }
        let backendGone = await Self.gone(backend, within: .seconds(5))
        try? await next.stop()
        busy.cancel()
        try? await connection.close()
        if !backendGone { kill(backend, SIGKILL) }
        await directory.remove()

        #expect(postmasterGone)
        #expect(backendOutlived, "the test's premise: the backend outlives its postmaster")
        #expect(try started.get() == 42)
        #expect(backendGone)
    }
}
