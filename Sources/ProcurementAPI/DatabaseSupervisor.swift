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
/// Pools it retires are closed after ``Timing/retirementGrace``, so a request already holding a
/// connection of a pool retired on recovery finishes on it.
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
        public var probeTimeout: Duration = .seconds(1)
        /// How long a pool retired on recovery stays open for the requests using it.
        public var retirementGrace: Duration = .seconds(30)

        public init() {}
    }

    private struct Pool: Sendable {
        let client: PostgresClient
        let runner: Task<Void, Never>?
    }

    private struct State: Sendable {
        var serving: Pool
        var available = true
        /// Pools put out of service, with the time after which they are closed.
        var retired: [(pool: Pool, closeAt: ContinuousClock.Instant)] = []
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
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.state = Mutex(State(serving: Pool(client: client, runner: nil)))
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
            var reached = await self.probe(probe.client)
            if !reached {
                // A pool that failed to connect backs off: every probe after a failure uses a new one.
                probe.runner?.cancel()
                probe = makePool(configuration, maximumConnections: 1)
                if isAvailable {
                    // The probe's own connection may be the one that broke: ask once more.
                    reached = await self.probe(probe.client)
                    if !reached {
                        probe.runner?.cancel()
                        probe = makePool(configuration, maximumConnections: 1)
                    }
                }
            }
            self.update(reached: reached, configuration: configuration)
            await pause(reached ? timing.interval : timing.retryInterval)
        }
        probe.runner?.cancel()
        let pools = state.withLock { state in
            let pools = [state.serving] + state.retired.map(\.pool)
            state.retired = []
            return pools
        }
        for pool in pools {
            pool.runner?.cancel()
            await pool.runner?.value
        }
    }

    private func makePool(_ configuration: PostgresClient.Configuration, maximumConnections: Int? = nil) -> Pool {
        var configuration = configuration
        if let maximumConnections { configuration.options.maximumConnections = maximumConnections }
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        return Pool(client: client, runner: Task { await client.run() })
    }

    /// Records a probe's outcome: on a change, puts a new pool in service; closes retired pools
    /// whose grace is over.
    private func update(reached: Bool, configuration: PostgresClient.Configuration) {
        let now = ContinuousClock.now
        let (changed, toClose) = state.withLock { state -> (Bool, [Pool]) in
            var toClose = state.retired.filter { $0.closeAt <= now }.map(\.pool)
            state.retired.removeAll { $0.closeAt <= now }
            guard reached != state.available else { return (false, toClose) }
            state.available = reached
            let old = state.serving
            state.serving = makePool(configuration)
            if reached {
                // Recovered: requests may hold connections of the old pool's that now work again.
                state.retired.append((old, now + timing.retirementGrace))
            } else {
                // Down: close the old pool now, failing the requests queued in it instead of
                // letting them wait for a connection that will not come.
                toClose.append(old)
            }
            return (true, toClose)
        }
        for pool in toClose { pool.runner?.cancel() }
        if changed {
            if reached {
                logger.notice("the database is reachable again; serving requests with a new connection pool")
            } else {
                logger.warning("the database is unreachable; answering 503 until it is back")
            }
        }
    }

    /// Whether `SELECT 1` answers within the probe timeout.
    private func probe(_ client: PostgresClient) async -> Bool {
        let logger = self.logger
        let answered = await firstOf(within: timing.probeTimeout) {
            do {
                let rows = try await client.query("SELECT 1", logger: logger)
                for try await _ in rows {}
                return true
            } catch {
                logger.debug("database probe failed", metadata: ["error": "\(String(reflecting: error))"])
                return false
            }
        }
        return answered ?? false
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
            try? await Task.sleep(for: timeout)
            answer.give(nil)
        }
        let work = Task {
            let value = await operation()
            timer.cancel()
            answer.give(value)
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
