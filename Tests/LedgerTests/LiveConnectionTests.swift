import Foundation
import PostgresNIO
import ProcureTestSupport
import Synchronization
import Testing

@testable import Ledger

/// PostgreSQL closing a connection under work in progress (a restart, a terminated backend): the
/// work must end, as an outage, rather than wait for ever for an answer that cannot come.
@Suite("work on a connection PostgreSQL closes")
struct LiveConnectionTests {
    let logger = TestDatabase.logger

    @Test("a query sent after PostgreSQL closed the connection ends as an outage, not a wait for ever")
    func queryAfterClose() async throws {
        try await withFreshDatabase { client, _ in
            let outcome = await Self.within(.seconds(30)) {
                do {
                    let answer = try await client.withLiveConnection { connection in
                        try await Self.terminate(connection, using: client, logger: logger)
                        // The channel is closed and its handlers gone: PostgresNIO drops this query.
                        for try await _ in try await connection.query("SELECT 1", logger: logger) {}
                        return "answered"
                    }
                    return answer
                } catch {
                    return DatabaseAvailability.isUnavailable(error) ? "unavailable" : "\(String(reflecting: error))"
                }
            }
            #expect(outcome == "unavailable")
        }
    }

    @Test("cancelling the caller lets the work finish on its connection before the connection is given back")
    func cancelledCallerWaitsForWork() async throws {
        try await withFreshDatabase { client, _ in
            let started = Flag()
            let caller = Task {
                try await client.withLiveConnection { connection in
                    started.raise()
                    // Ignores cancellation, as PostgresNIO's queries do.
                    for try await _ in try await connection.query("SELECT pg_sleep(0.5)", logger: logger) {}
                    return ContinuousClock.now
                }
            }
            // Cancelled once the work runs (cancelling the wait for a connection is another matter).
            while !started.isRaised { try await Task.sleep(for: .milliseconds(10)) }
            try await Task.sleep(for: .milliseconds(50))
            caller.cancel()
            // Had the call ended at the cancellation, it would have thrown while its work still
            // held the connection (given back to the pool in use).
            let outcome = await caller.result
            #expect((try? outcome.get()) != nil, "\(outcome)")
            // The pool is whole: the connection came back once the work was done with it.
            let rows = try await client.liveQuery("SELECT 1", logger: logger)
            #expect(rows.rows.count == 1)
        }
    }

    @Test("a thousand calls on a connection leave one closeFuture callback, removed when it closes")
    func watchesDoNotPileUp() async throws {
        try await withFreshDatabase { client, _ in
            let watches = ClosedConnections()
            let closed = Mutex(0)
            try await client.withLiveConnection { connection in
                for _ in 0..<1_000 {
                    let number = watches.watch(connection) { closed.withLock { $0 += 1 } }
                    watches.unwatch(connection, number)
                }
                #expect(watches.watchedConnections == 1)
                _ = watches.watch(connection) { closed.withLock { $0 += 1 } }
                try await Self.terminate(connection, using: client, logger: logger)
            }
            #expect(watches.watchedConnections == 0)
            #expect(closed.withLock { $0 } == 1)
        }
    }

    /// Ends `connection`'s backend from another connection and waits until the channel has closed.
    static func terminate(_ connection: PostgresConnection, using client: PostgresClient, logger: Logger) async throws {
        var pid: Int32 = 0
        for try await backend in try await connection.query("SELECT pg_backend_pid()", logger: logger).decode(
            Int32.self)
        {
            pid = backend
        }
        try await client.liveQuery("SELECT pg_terminate_backend(\(pid))", logger: logger)
        try await connection.closeFuture.get()
        try await Task.sleep(for: .milliseconds(100))
    }

    /// `operation`'s answer, or "no answer within …" — without awaiting an operation that hangs.
    static func within(
        _ timeout: Duration, _ operation: @escaping @Sendable () async -> String
    ) async -> String {
        let once = Once()
        return await withCheckedContinuation { continuation in
            once.set(continuation)
            Task { once.resume(await operation()) }
            Task {
                try? await Task.sleep(for: timeout)
                once.resume("no answer within \(timeout)")
            }
        }
    }
}

/// A continuation resumed by whichever answer comes first.
private final class Once: Sendable {
    private let continuation = Mutex<CheckedContinuation<String, Never>?>(nil)
    func set(_ continuation: CheckedContinuation<String, Never>) { self.continuation.withLock { $0 = continuation } }
    func resume(_ answer: String) { continuation.withLock { $0.take() }?.resume(returning: answer) }
}

private final class Flag: Sendable {
    private let raised = Mutex(false)
    func raise() { raised.withLock { $0 = true } }
    var isRaised: Bool { raised.withLock { $0 } }
}
