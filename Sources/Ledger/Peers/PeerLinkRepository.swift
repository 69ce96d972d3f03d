import Logging
import PostgresNIO

/// The days whose peer links are kept ready in `peer_links` (`sql/0007_peer_links.sql`): the peers
/// report reads a kept day's links instead of grouping the contracts behind them. A kept day
/// follows every change of `contracts` in the changing transaction, so it is never stale; a day
/// not kept is still answered, from `contracts`, only more slowly.
public struct PeerLinkRepository: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The kept days, in order.
    public func keptDays() async throws -> [BusinessDate] {
        let rows = try await client.liveQuery("SELECT as_of FROM peer_link_days ORDER BY as_of", logger: logger)
        var days: [BusinessDate] = []
        for try await day in rows.decode(BusinessDate.self) { days.append(day) }
        return days
    }

    /// Builds (or rebuilds) `day`'s links from the contracts and keeps them; returns how many
    /// links the day has. Contract writes wait for the build (a second or two at national scale).
    /// The table is vacuumed afterwards, so that the report's index-only scans need not visit it.
    @discardableResult
    public func keep(_ day: BusinessDate) async throws -> Int {
        let rows = try await client.liveQuery("SELECT peer_links_build(\(day))", logger: logger)
        var count = 0
        for try await built in rows.decode(Int64.self) { count = Int(built) }
        try await client.liveQuery("VACUUM (ANALYZE) peer_links", logger: logger)
        return count
    }

    /// Stops keeping the days before `day` that were built at least `age` ago (a day someone kept
    /// on purpose, for a look at the past, is left for a while).
    public func forget(before day: BusinessDate, builtBefore age: Duration = .zero) async throws {
        let seconds = Double(age.components.seconds)
        try await client.liveQuery(
            """
            DELETE FROM peer_link_days
            WHERE as_of < \(day) AND built_at <= now() - make_interval(secs => \(seconds))
            """, logger: logger)
    }
}
