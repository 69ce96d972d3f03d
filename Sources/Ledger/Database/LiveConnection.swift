import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// A connection closed while work on it was waiting for an answer that can no longer come.
///
/// Why it exists: PostgresNIO 1.33 writes a query to its connection's channel without a promise
/// for the write. When PostgreSQL has just closed the connection (a restart, `pg_terminate_backend`)
/// and the channel's handlers are already gone, the query is dropped unseen and its `await` never
/// ends: the request would hang for ever and keep the server from stopping. Work done through
/// ``PostgresClient/withLiveConnection(_:)`` and its siblings ends instead, with this error, a
/// moment after the connection closes (answered 503 `database_unavailable`, like other losses of
/// the database).
public struct DatabaseConnectionLost: Error, CustomStringConvertible {
    public var description: String { "the connection to PostgreSQL closed while a query was waiting for its answer" }
}

extension PostgresClient {
    /// `withConnection`, except that `body` cannot outwait its connection: if PostgreSQL closes
    /// the connection and `body` has not ended ``LiveConnection/grace`` later, the call throws
    /// ``DatabaseConnectionLost`` (see there why). Cancelling the call cancels `body`, which still
    /// runs to its end (or to the connection's), so that the connection is never returned to the
    /// pool while in use.
    public func withLiveConnection<T: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await withConnection { connection in
            try await LiveConnection.run(body, on: connection)
        }
    }

    /// `withTransaction` on a connection as ``withLiveConnection(_:)`` watches it: errors come
    /// wrapped in `PostgresTransactionError` as there.
    public func withLiveTransaction<T: Sendable>(
        logger: Logger, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await withLiveConnection { connection in
            try await connection.withTransaction(logger: logger) { connection in try await body(connection) }
        }
    }

    /// `body` in a read-only transaction at `REPEATABLE READ`, on a connection as
    /// ``withLiveConnection(_:)`` watches it: the statements of one report, however many, read one
    /// snapshot of the database. Opened by one `BEGIN` that says both (PostgresNIO's
    /// `withTransaction` would need a `SET TRANSACTION` after its own, a round trip more).
    public func withLiveSnapshot<T: Sendable>(
        logger: Logger, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await withLiveConnection { connection in
            try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            let result: T
            do {
                result = try await body(connection)
            } catch {
                // Nothing was written; the connection goes back to the pool out of the transaction.
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
            try await connection.query("COMMIT", logger: logger)
            return result
        }
    }

    /// Every row of `query`, read on a connection as ``withLiveConnection(_:)`` watches it (the
    /// rows are read in full before the call returns).
    @discardableResult
    public func liveQuery(_ query: PostgresQuery, logger: Logger) async throws -> CollectedRows {
        try await withLiveConnection { connection in
            var rows: [PostgresRow] = []
            for try await row in try await connection.query(query, logger: logger) { rows.append(row) }
            return CollectedRows(rows: rows)
        }
    }
}

/// Rows read in full, iterated and decoded as a `PostgresRowSequence` is.
public struct CollectedRows: AsyncSequence, Sendable {
    public typealias Element = PostgresRow
    public let rows: [PostgresRow]

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: IndexingIterator<[PostgresRow]>
        public mutating func next() async throws -> PostgresRow? { base.next() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: rows.makeIterator()) }

    public func decode<each Column: PostgresDecodable>(
        _ columnType: (repeat each Column).Type
    ) -> AsyncThrowingMapSequence<CollectedRows, (repeat each Column)> {
        map { row in try row.decode((repeat each Column).self) }
    }
}

/// Runs work on a connection until it ends or, shortly after, the connection does.
enum LiveConnection {
    /// How long work may go on after its connection closed: queries already sent fail at once
    /// (PostgresNIO fails them when the channel goes inactive); only a dropped one waits that long.
    static let grace: Duration = .seconds(2)

    static func run<T: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T, on connection: PostgresConnection
    ) async throws -> T {
        let outcome = Outcome<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                outcome.wait(continuation)
                let work = Task {
                    do {
                        outcome.give(.success(try await body(connection)))
                    } catch {
                        outcome.give(.failure(error))
                    }
                }
                outcome.onCancel { work.cancel() }
                let watch = ClosedConnections.shared.watch(connection) {
                    Task {
                        try? await Task.sleep(for: grace)
                        outcome.give(.failure(DatabaseConnectionLost()))
                    }
                }
                outcome.onEnd { ClosedConnections.shared.unwatch(connection, watch) }
            }
        } onCancel: {
            outcome.cancel()
        }
    }
}

/// The result of work raced against its connection's end: the first one given wins.
private final class Outcome<T: Sendable>: Sendable {
    // Nothing given is kept: the result goes to the caller, and once it is given the closures
    // are dropped, so this outcome and the work's task (held by `cancelWork`) stop holding each
    // other as soon as the work has answered.
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var given = false
        var cancelled = false
        var cancelWork: (@Sendable () -> Void)?
        var end: (@Sendable () -> Void)?
    }
    private let state = Mutex(State())

    func wait(_ continuation: CheckedContinuation<T, any Error>) {
        state.withLock { $0.continuation = continuation }
    }

    func give(_ result: Result<T, any Error>) {
        let (continuation, end) = state.withLock {
            state -> (CheckedContinuation<T, any Error>?, (@Sendable () -> Void)?) in
            guard !state.given else { return (nil, nil) }
            state.given = true
            let continuation = state.continuation
            let end = state.end
            state.continuation = nil
            state.cancelWork = nil
            state.end = nil
            return (continuation, end)
        }
        continuation?.resume(with: result)
        end?()
    }

    /// `cancel` runs when the caller is cancelled (at once if it already was).
    func onCancel(_ cancel: @escaping @Sendable () -> Void) {
        let now = state.withLock { state in
            if !state.given { state.cancelWork = cancel }
            return state.cancelled
        }
        if now { cancel() }
    }

    /// `end` runs once a result is given (at once if one already was).
    func onEnd(_ end: @escaping @Sendable () -> Void) {
        let now = state.withLock { state in
            if !state.given { state.end = end }
            return state.given
        }
        if now { end() }
    }

    func cancel() {
        let cancel = state.withLock { state in
            state.cancelled = true
            return state.cancelWork
        }
        cancel?()
    }
}

/// Who waits for which connection to close: one callback on each connection's `closeFuture`,
/// however many calls watch it over its life.
final class ClosedConnections: Sendable {
    static let shared = ClosedConnections()

    init() {}

    private struct State {
        var next = 0
        var watchers: [ObjectIdentifier: [Int: @Sendable () -> Void]] = [:]
    }
    private let state = Mutex(State())

    /// Calls `closed` once `connection` closes (soon, if it already has); the number unwatches.
    func watch(_ connection: PostgresConnection, _ closed: @escaping @Sendable () -> Void) -> Int {
        let key = ObjectIdentifier(connection)
        let (number, first) = state.withLock { state in
            state.next += 1
            let first = state.watchers[key] == nil
            state.watchers[key, default: [:]][state.next] = closed
            return (state.next, first)
        }
        if first {
            connection.closeFuture.whenComplete { _ in
                let watchers = self.state.withLock { $0.watchers.removeValue(forKey: key) } ?? [:]
                for closed in watchers.values { closed() }
            }
        }
        return number
    }

    func unwatch(_ connection: PostgresConnection, _ number: Int) {
        let key = ObjectIdentifier(connection)
        state.withLock { state in
            // The entry stays while the connection lives: its closeFuture callback is registered once.
            _ = state.watchers[key]?.removeValue(forKey: number)
        }
    }

    /// How many connections are watched (for tests).
    var watchedConnections: Int { state.withLock { $0.watchers.count } }
}
