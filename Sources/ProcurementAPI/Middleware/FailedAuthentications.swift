import NIOCore
import Synchronization

/// The failed token checks of each client address over the last minute: past `limit` of them, the
/// address's requests that carry a token are answered 429 without checking it, until the oldest
/// failure is a minute old. Only failures count — a wrong token or metrics secret, not a missing
/// header — so a client with a valid token is never slowed, and one guessing is stopped after
/// `limit` guesses a minute. Kept per process: with several replicas, an address may fail `limit`
/// times on each.
final class FailedAuthentications: Sendable {
    static let window: Duration = .seconds(60)
    /// Addresses kept at most; past it, those whose failures have all expired are forgotten, and
    /// if that is not enough, all of them (a flood of addresses must not grow the memory).
    static let maximumAddresses = 10_000

    let limit: Int
    private let failures = Mutex<[String: [ContinuousClock.Instant]]>([:])

    /// `limit` 0: no limit.
    init(limit: Int = ServerSettings.defaultAuthenticationFailureLimit) {
        self.limit = max(0, limit)
    }

    /// The whole seconds `address` must wait before its next attempt, or nil when it may try now.
    func retryAfter(_ address: String?, now: ContinuousClock.Instant = .now) -> Int? {
        guard limit > 0, let address else { return nil }
        return failures.withLock { failures -> Int? in
            guard let times = failures[address] else { return nil }
            let recent = times.filter { now - $0 < Self.window }
            failures[address] = recent.isEmpty ? nil : recent
            guard recent.count >= limit, let oldest = recent.first else { return nil }
            let wait = Self.window - (now - oldest)
            return max(1, Int((wait / .seconds(1)).rounded(.up)))
        }
    }

    /// Records a failed token check from `address`.
    func failed(_ address: String?, now: ContinuousClock.Instant = .now) {
        guard limit > 0, let address else { return }
        failures.withLock { failures in
            if failures[address] == nil, failures.count >= Self.maximumAddresses {
                failures = failures.filter { $0.value.contains { now - $0 < Self.window } }
                if failures.count >= Self.maximumAddresses { failures = [:] }
            }
            var times = failures[address, default: []].filter { now - $0 < Self.window }
            times.append(now)
            // More than `limit` are never needed to know when the address may try again.
            failures[address] = Array(times.suffix(limit))
        }
    }
}

extension SocketAddress {
    /// The address a client's failures are counted under: its IP address (any port), or the
    /// socket's path for a Unix socket.
    var clientKey: String? { ipAddress ?? pathname }
}
