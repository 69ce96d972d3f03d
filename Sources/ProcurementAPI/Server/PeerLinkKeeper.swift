import Ledger
import Logging
import ServiceLifecycle

/// Keeps today's peer links (in Japan) ready while the server runs: at start and then every
/// `interval`, it builds the day if it is not kept yet (so the first check after midnight in
/// Japan builds the new day) and forgets the days before yesterday once they are an hour old (a
/// past day kept on purpose, by a benchmark say, stays that long). A failure (the database
/// down, say) is logged and tried again at the next check; reports meanwhile compute from the
/// contracts.
public struct PeerLinkKeeper: Service {
    let links: PeerLinkRepository
    let logger: Logger
    let interval: Duration
    let today: @Sendable () -> BusinessDate

    public init(
        links: PeerLinkRepository, logger: Logger, interval: Duration = .seconds(60),
        today: @escaping @Sendable () -> BusinessDate = { BusinessDate.todayInJapan() }
    ) {
        self.links = links
        self.logger = logger
        self.interval = interval
        self.today = today
    }

    /// Runs until the server shuts down (gracefully: the sleep between checks is cut short).
    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    await keepToday()
                    try await Task.sleep(for: interval)
                }
            }
        } catch is CancellationError {
            return
        }
    }

    /// One check: keeps today if it is not kept, forgets the days before yesterday.
    func keepToday() async {
        let day = today()
        do {
            let kept = try await links.keptDays()
            if !kept.contains(day) {
                let clock = ContinuousClock()
                let start = clock.now
                let count = try await links.keep(day)
                logger.info(
                    "peer links kept",
                    metadata: ["day": "\(day)", "links": "\(count)", "duration": "\(clock.now - start)"])
            }
            if kept.contains(where: { $0 < day.adding(days: -1) }) {
                try await links.forget(before: day.adding(days: -1), builtBefore: .seconds(3600))
            }
        } catch is CancellationError {
            return
        } catch {
            logger.warning("peer links not kept; reports compute from the contracts", metadata: ["error": "\(error)"])
        }
    }
}
