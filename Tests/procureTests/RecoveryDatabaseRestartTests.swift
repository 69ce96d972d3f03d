import EmbeddedPostgres
import Foundation
import Ledger
import ProcureTestSupport
import Synchronization
import Testing

/// PostgreSQL restarted under a running `procure serve` (on `DATABASE_URL`): the server keeps
/// running, answers 503 problem documents at once while the database is down, and serves again
/// within seconds of its return, with no restart of its own.
@Suite("recovery from a database restart", .serialized)
struct RecoveryDatabaseRestartTests {
    /// How long the database stays down: long enough for PostgresNIO's own reconnection backoff
    /// (which the server must not depend on) to grow past several seconds.
    static let outage: Duration = .seconds(8)

    /// Every answer the load got, with when it was sent (relative to the start of the load).
    final class Answers: Sendable {
        private let all = Mutex<[(sent: Duration, answer: HTTPAnswer)]>([])
        private let stopped = Mutex(false)
        func add(_ sent: Duration, _ answer: HTTPAnswer) { all.withLock { $0.append((sent, answer)) } }
        var list: [(sent: Duration, answer: HTTPAnswer)] { all.withLock { $0 } }
        /// Tells the load to end.
        func stop() { stopped.withLock { $0 = true } }
        var isStopped: Bool { stopped.withLock { $0 } }
    }

    @Test(
        "while PostgreSQL restarts, requests get 503 database_unavailable at once and /readyz is 503; ready again within 5 s of its return"
    )
    func databaseRestart() async throws {
        try await withTemporaryDataDirectory { directory in
            var options = EmbeddedPostgres.Options()
            options.durable = false
            let cluster = EmbeddedPostgres(
                dataDirectory: directory.dataDirectory, options: options, logger: TestDatabase.logger)
            try await cluster.start()
            do {
                try await Self.restartUnderLoad(cluster)
            } catch {
                try? await cluster.stop()
                throw error
            }
            try await cluster.stop()
        }
    }

    static func restartUnderLoad(_ cluster: EmbeddedPostgres) async throws {
        let socketPath = try #require(cluster.socketPath)
        let socketDirectory = URL(fileURLWithPath: socketPath).deletingLastPathComponent().path
        let databaseURL = "postgres://procure@/procure?host=\(socketDirectory)"
        // The probe's default patience (10 s) is for busy servers; this test measures how fast an
        // outage is noticed, with the 2 s it was built for.
        let procure = try ProcureBinary(
            environment: ["DATABASE_URL": databaseURL, "PROCURE_DATABASE_PROBE_TIMEOUT": "2"])
        let server = try await ServeProcess.start(procure)
        do {
            try await Self.measure(server, procure, cluster)
        } catch {
            _ = await server.stop()
            throw error
        }
        let stopped = await server.stop()
        #expect(stopped.status == 0, "\(stopped.standardError.suffix(3000))")
    }

    static func measure(_ server: ServeProcess, _ procure: ProcureBinary, _ cluster: EmbeddedPostgres) async throws {
        let token = try await makeToken(procure, "--municipality", "373869", "--name", "再起動試験")
        let client = RecoveryClient(url: server.url, token: token)
        let probe = RecoveryClient(url: server.url, token: nil)
        try #require(await probe.send("GET", "/readyz").status == 200)

        let start = ContinuousClock.now
        let answers = Answers()
        defer { answers.stop() }
        let load = Task {
            await withTaskGroup(of: Void.self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        var request = 0
                        while !answers.isStopped {
                            request += 1
                            let sent = ContinuousClock.now - start
                            let answer =
                                worker % 2 == 0
                                ? await client.send("GET", "/municipalities/373869")
                                : await client.send(
                                    "POST", "/vendors",
                                    json: ["name": "再起動試験システム\(worker)-\(request)", "confirmNew": true])
                            answers.add(sent, answer)
                            try? await Task.sleep(for: .milliseconds(20))
                        }
                    }
                }
            }
        }

        try await Task.sleep(for: .seconds(1))
        try await cluster.stop()
        let down = ContinuousClock.now
        let notReady = try await Self.poll(probe, until: { $0.status == 503 }, timeout: .seconds(10))
        let noticed = ContinuousClock.now - down
        #expect(notReady.isDatabaseUnavailable, "\(notReady.text)")
        try await Task.sleep(for: Self.outage)
        let readinessWhileDown = await probe.send("GET", "/readyz")
        #expect(readinessWhileDown.isDatabaseUnavailable, "\(readinessWhileDown.text)")

        // The database may answer before start() returns (it waits for PostgreSQL to say it is
        // ready): requests are judged "during the outage" only until start() is called.
        let restarting = ContinuousClock.now
        try await cluster.start()
        let back = ContinuousClock.now
        let ready = try await Self.poll(probe, until: { $0.status == 200 }, timeout: .seconds(30))
        let timeToReady = ContinuousClock.now - back
        #expect(ready.status == 200)
        #expect(timeToReady < .seconds(5), "ready \(timeToReady) after the database was back")
        // Served again, by the same process: reads and writes.
        var afterwards: [HTTPAnswer] = []
        for index in 0..<5 {
            afterwards.append(await client.send("GET", "/municipalities/373869"))
            afterwards.append(
                await client.send("POST", "/vendors", json: ["name": "再起動後システム\(index)", "confirmNew": true]))
        }
        #expect(
            afterwards.map(\.status) == Array(repeating: [200, 201], count: 5).flatMap { $0 },
            "\(afterwards.filter { $0.status.map { $0 >= 300 } ?? true }.prefix(3).map(\.text))")
        answers.stop()
        await load.value
        let end = ContinuousClock.now - start

        let all = answers.list
        let outageStart = down - start
        let failures = all.filter { $0.answer.status.map { !(200..<300).contains($0) } ?? true }
        let unanswered = failures.filter { $0.answer.status == nil }
        let unexpected = failures.filter { $0.answer.status != nil && !$0.answer.isDatabaseUnavailable }
        #expect(unexpected.isEmpty, "\(unexpected.prefix(5).map(\.answer.text))")
        // A request in flight as PostgreSQL stops gets its answer too: a query PostgresNIO drops on
        // the closing connection must not leave it waiting (``DatabaseConnectionLost``).
        #expect(unanswered.isEmpty, "every request got an answer: \(unanswered.map { "\($0.sent)" })")
        // Bounded: a request waits at most until the probes find the database gone (1 s between
        // probes, two of at most 2 s each), then is answered 503.
        let slowestAnswered = all.filter { $0.answer.status != nil }.map(\.answer.duration).max() ?? .zero
        #expect(slowestAnswered < .seconds(10), "no request waited for the database: slowest \(slowestAnswered)")
        let during = all.filter { $0.sent > outageStart + noticed && $0.sent < restarting - start }
        #expect(!during.isEmpty && during.allSatisfy { $0.answer.isDatabaseUnavailable })
        #expect(server.running.process.isRunning, "the same server process throughout")
        report(
            "database restart: \(all.count) requests in \(end), \(failures.count) answered 503 "
                + "database_unavailable, \(unexpected.count) others failed, \(unanswered.count) unanswered; not ready \(noticed) after the stop, "
                + "ready \(timeToReady) after the database was back (outage \(Self.outage)); "
                + "slowest answer \(slowestAnswered)")
    }

    /// Asks `GET /readyz` every 50 ms until `condition` holds.
    static func poll(
        _ client: RecoveryClient, until condition: (HTTPAnswer) -> Bool, timeout: Duration
    ) async throws -> HTTPAnswer {
        let deadline = ContinuousClock.now + timeout
        while true {
            let answer = await client.send("GET", "/readyz")
            if condition(answer) { return answer }
            guard ContinuousClock.now < deadline else { throw ProcessFailure("/readyz stayed \(answer.text)") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
