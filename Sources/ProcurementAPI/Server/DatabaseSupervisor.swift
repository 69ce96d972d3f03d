import Foundation
import Ledger
import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// The server's connection pool to PostgreSQL, and whether the database can be reached.
///
/// Why it exists: PostgresNIO's pool, once connecting fails, queues every request for up to a
/// minute before failing it, and retries with a backoff that grows to a minute — so after a
/// database restart a request could hang, and the server could stay unable to connect long after
/// the database is back. The supervisor instead:
///
/// - probes the database every ``Timing/interval`` with `SELECT 1` on a connection of its own
///   (so a pool busy with long imports never delays the probe), bounded by ``Timing/probeTimeout``;
/// - when a probe fails (twice: once more on a new connection), marks the database unavailable
///   — requests are then answered 503 at once (``DatabaseGateMiddleware``) — and closes the
///   serving pool, failing the requests queued in it (also 503);
/// - while unavailable, probes every ``Timing/retryInterval`` on a new connection, and as soon
///   as one answers, puts a new pool in service: no backoff carried over from the outage.
///
/// A supervisor made with ``init(client:logger:)`` serves that one client, which its owner runs,
/// and neither probes nor replaces it (the API tests).
public final class DatabaseSupervisor: Service, Sendable {
    /// How often and how patiently the database is probed.
    public struct Timing: Sendable {
        /// Between probes while the database answers.
        public var interval: Duration = .seconds(1)
        /// Between probes while it does not.
        public var retryInterval: Duration = .milliseconds(250)
        /// How long a probe (connecting included) may take. A pool that cannot connect queues the
        /// probe rather than failing it, so this is also how long noticing an outage can take.
        /// Ten seconds by default, so that a slow moment under heavy load is not taken for an
        /// outage; the cost is that an outage in which connecting hangs (rather than being
        /// refused) is noticed after two such waits.
        public var probeTimeout: Duration = .seconds(10)

        public init() {}
    }

    private struct Pool: Sendable {
        let client: PostgresClient
        let runner: Task<Void, Never>?
    }

    private struct State: Sendable {
        var serving: Pool
        var available = true
        /// How many times the database was found unreachable.
        var outages = 0
        /// Requests waiting to hear of the next outage (see ``unlessOutage(_:)``).
        var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    }

    private let configuration: PostgresClient.Configuration?
    private let timing: Timing
    private let logger: Logger
    private let state: Mutex<State>
    /// Set when a request found the database unreachable: the probe loop wakes early.
    private let nudged = Mutex(false)

    /// A supervisor that makes, runs and replaces its own pools for `configuration`; run it as a
    /// service (``buildApplication(settings:supervisor:metrics:services:logger:)`` does).
    public init(configuration: PostgresClient.Configuration, timing: Timing = Timing(), logger: Logger) {
        self.configuration = configuration
        self.timing = timing
        self.logger = logger
        var serving = configuration
        Self.keepConnectionsOpen(&serving)
        let client = PostgresClient(configuration: serving, backgroundLogger: logger)
        self.state = Mutex(State(serving: Pool(client: client, runner: nil)))
    }

    /// A pool keeps every connection it opens (`minimumConnections` = `maximumConnections`):
    /// PostgresNIO starts an idle-timeout timer each time a connection beyond the minimum goes back
    /// to the pool, and on Linux a cancelled `Task.sleep` holds its memory until its deadline, so
    /// under load the server's memory grew with the requests (measured in docs/performance.md).
    static func keepConnectionsOpen(_ configuration: inout PostgresClient.Configuration) {
        configuration.options.minimumConnections = configuration.options.maximumConnections
    }

    /// Serves `client` as it is: always available, never replaced. The caller runs the client.
    public init(client: PostgresClient, logger: Logger) {
        self.configuration = nil
        self.timing = Timing()
        self.logger = logger
        self.state = Mutex(State(serving: Pool(client: client, runner: nil)))
    }

    /// The pool requests should use now.
    public var client: PostgresClient { state.withLock { $0.serving.client } }

    /// Whether the last probe reached the database.
    public var isAvailable: Bool { state.withLock { $0.available } }

    /// Tells the supervisor that a request failed for want of the database: it probes at once
    /// instead of at the next interval.
    func reportUnavailable() {
        nudged.withLock { $0 = true }
    }

    /// Runs `operation`, unless the database is found unreachable first: then the operation is
    /// cancelled (and awaited) and the answer is `nil`, for a 503 at once rather than a request
    /// waiting on a connection that went away.
    func unlessOutage<T: Sendable>(_ operation: () async throws -> T) async throws -> T? {
        guard configuration != nil else { return try await operation() }
        let outage = state.withLock { $0.outages }
        return try await withoutActuallyEscaping(operation) { operation in
            // The group awaits both tasks before returning, so the operation never outlives this call.
            let body = UncheckedSendable(value: operation)
            return try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask { try await body.value() }
                group.addTask {
                    await self.waitForOutage(after: outage)
                    return nil
                }
                defer { group.cancelAll() }
                return try await group.next() ?? nil
            }
        }
    }

    /// Returns when the database is found unreachable after outage number `outage`, or when cancelled.
    private func waitForOutage(after outage: Int) async {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    if state.outages != outage || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }

    /// Runs the serving pool and the probes until the server shuts down, then closes every pool.
    public func run() async throws {
        guard let configuration else {
            // Nothing to supervise; returning early would end the server's service group.
            try? await gracefulShutdown()
            return
        }
        state.withLock { state in
            let client = state.serving.client
            state.serving = Pool(client: client, runner: Task { await client.run() })
        }
        var probe = makePool(configuration, maximumConnections: 1)
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            var failure = await self.probe(probe.client)
            if failure != nil {
                // A pool that failed to connect backs off: every probe after a failure uses a new one.
                probe.runner?.cancel()
                probe = makePool(configuration, maximumConnections: 1)
                if isAvailable {
                    // The probe's own connection may be the one that broke: ask once more.
                    if let second = await self.probe(probe.client) {
                        failure = "\(failure ?? ""); again: \(second)"
                        probe.runner?.cancel()
                        probe = makePool(configuration, maximumConnections: 1)
                    } else {
                        logger.notice(
                            "a database probe failed, the next one answered", metadata: ["failure": "\(failure ?? "")"])
                        failure = nil
                    }
                }
            }
            // The probe pools shut down with the server: a probe cut off by the shutdown says
            // nothing about the database.
            if failure != nil && Task.isShuttingDownGracefully { break }
            self.update(failure: failure, configuration: configuration)
            await pause(failure == nil ? timing.interval : timing.retryInterval)
        }
        probe.runner?.cancel()
        let serving = state.withLock { $0.serving }
        serving.runner?.cancel()
        await serving.runner?.value
    }

    private func makePool(_ configuration: PostgresClient.Configuration, maximumConnections: Int? = nil) -> Pool {
        var configuration = configuration
        if let maximumConnections { configuration.options.maximumConnections = maximumConnections }
        Self.keepConnectionsOpen(&configuration)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        return Pool(client: client, runner: Task { await client.run() })
    }

    /// Records a probe's outcome. Down: the serving pool is closed (failing the requests queued in
    /// it, 503) and stays in place, so that a request slipping past the gate fails at once too.
    /// Back: a new pool, without the old one's backoff, is put in service.
    private func update(failure: String?, configuration: PostgresClient.Configuration) {
        let reached = failure == nil
        let (old, waiters): (Pool?, [CheckedContinuation<Void, Never>]) = state.withLock { state in
            guard reached != state.available else { return (nil, []) }
            state.available = reached
            let old = state.serving
            if reached {
                state.serving = makePool(configuration)
                return (old, [])
            }
            state.outages += 1
            let waiters = Array(state.waiters.values)
            state.waiters = [:]
            return (old, waiters)
        }
        guard let old else { return }
        old.runner?.cancel()
        for waiter in waiters { waiter.resume() }
        if reached {
            logger.notice("the database is reachable again; serving requests with a new connection pool")
        } else {
            logger.warning(
                "the database is unreachable; answering 503 until it is back", metadata: ["failure": "\(failure ?? "")"]
            )
        }
    }

    /// Runs `SELECT 1`: `nil` if it answered within the probe timeout, else why not.
    private func probe(_ client: PostgresClient) async -> String? {
        let logger = self.logger
        let timeout = timing.probeTimeout
        let answered = await firstOf(within: timeout) { () -> String? in
            do {
                let rows = try await client.query("SELECT 1", logger: logger)
                for try await _ in rows {}
                return nil
            } catch {
                return String(reflecting: error)
            }
        }
        guard let answered else { return "no answer within \(timeout)" }
        return answered
    }

    /// Sleeps for `duration`, in steps so that a nudge or a shutdown cuts it short.
    private func pause(_ duration: Duration) async {
        let deadline = ContinuousClock.now + duration
        while ContinuousClock.now < deadline && !Task.isShuttingDownGracefully && !Task.isCancelled {
            if nudged.withLock({ $0 }) {
                nudged.withLock { $0 = false }
                return
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}

/// The result of `operation`, or `nil` if it has not finished within `timeout`. Unlike a task
/// group, it does not wait for an operation that ignores cancellation (a query on a connection
/// that went silent) to end.
func firstOf<T: Sendable>(
    within timeout: Duration, _ operation: @escaping @Sendable () async -> T
) async -> T? {
    let answer = OneAnswer<T>()
    return await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
        answer.wait(continuation)
        let timer = Task {
            // Cancelled: the operation answered first (the sleep throws at once, and giving `nil`
            // then could beat the operation's own answer to the continuation).
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            answer.give(nil)
        }
        let work = Task {
            let value = await operation()
            answer.give(value)
            timer.cancel()
        }
        answer.onTimeout { work.cancel() }
    }
}

/// A continuation resumed once, by whichever of an operation and its timer comes first.
private final class OneAnswer<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T?, Never>?
        var timedOut = false
        var cancelWork: (@Sendable () -> Void)?
    }
    private let state = Mutex(State())

    func wait(_ continuation: CheckedContinuation<T?, Never>) {
        state.withLock { $0.continuation = continuation }
    }

    func give(_ value: T?) {
        let (continuation, cancel) = state.withLock { state in
            let continuation = state.continuation
            state.continuation = nil
            if continuation != nil && value == nil { state.timedOut = true }
            return (continuation, continuation != nil && value == nil ? state.cancelWork : nil)
        }
        continuation?.resume(returning: value)
        cancel?()
    }

    /// Runs `cancel` if (or as soon as) the timer answered first.
    func onTimeout(_ cancel: @escaping @Sendable () -> Void) {
        let now = state.withLock { state in
            state.cancelWork = cancel
            return state.timedOut
        }
        if now { cancel() }
    }
}

/// A value the compiler cannot prove safe to send, for a closure run by a task group that the
/// caller awaits in full (so it never outlives the call that received it).
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
}
