import EmbeddedPostgres
import Foundation
import Ledger
import Logging
import PostgresNIO
import ProcureTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A `procure serve` the recovery tests start, kill and start again on the same data.
struct ServeProcess {
    let running: ProcureBinary.Running
    let url: String

    /// Starts `procure serve --port 0` and waits until it listens.
    static func start(_ procure: ProcureBinary) async throws -> ServeProcess {
        let running = try procure.start(["serve", "--port", "0"])
        do {
            let log = try await running.waitForStandardError(containing: "listening on", timeout: .seconds(120))
            let port = try #require(
                log.split(separator: "\n").first { $0.contains("listening on") }?.split(separator: ":").last
                    .flatMap { Int($0.trimmingCharacters(in: .whitespaces)) })
            return ServeProcess(running: running, url: "http://127.0.0.1:\(port)")
        } catch {
            running.signal(SIGKILL)
            _ = await running.finish()
            throw error
        }
    }

    /// What the server logged above `info` so far (the per-request lines left out): for the
    /// message of a failed check.
    var notices: String {
        running.output.readStandardError().split(separator: "\n")
            .filter { !$0.contains(" info ") && !$0.contains(" debug ") && !$0.contains(" trace ") }
            .joined(separator: "\n")
    }

    /// SIGKILL, and wait for the process to be gone.
    func kill() async {
        running.signal(SIGKILL)
        _ = await running.finish()
    }

    /// SIGTERM; the exit and what the server printed.
    func stop() async -> ProcureBinary.Finished {
        running.signal(SIGTERM)
        return await running.finish()
    }
}

/// A token made with `procure admin token create arguments…`.
func makeToken(_ procure: ProcureBinary, _ arguments: String...) async throws -> String {
    let created = try await procure.start(["admin", "token", "create"] + arguments).finish()
    try #require(created.status == 0, "\(created.standardError)")
    return created.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
}

/// One HTTP answer, as the recovery tests judge it.
struct HTTPAnswer: Sendable {
    /// `nil` when no answer came (connection refused or reset, timeout).
    var status: Int?
    var headers: [String: String] = [:]
    var body: Data = Data()
    var duration: Duration = .zero
    var failure: String? = nil

    var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }
    var text: String { failure ?? "\(status ?? 0) \(String(decoding: body, as: UTF8.self))" }
    func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
    /// A 503 `application/problem+json` with code `database_unavailable` and a Retry-After.
    var isDatabaseUnavailable: Bool {
        status == 503 && header("Content-Type")?.hasPrefix("application/problem+json") == true
            && json?["code"] as? String == "database_unavailable" && header("Retry-After") != nil
    }
}

/// A small HTTP client for the recovery tests: a bearer token, JSON bodies, and a timeout that
/// turns a hanging request into a failure the test reports.
struct RecoveryClient: Sendable {
    let url: String
    let token: String?
    var timeout: TimeInterval = 15

    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 32
        configuration.timeoutIntervalForRequest = 15
        return URLSession(configuration: configuration)
    }()

    func send(
        _ method: String, _ path: String, json: [String: Any]? = nil, headers: [String: String] = [:]
    ) async -> HTTPAnswer {
        guard let target = URL(string: url + path) else { return HTTPAnswer(status: nil, failure: "bad URL \(path)") }
        var request = URLRequest(url: target, timeoutInterval: timeout)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let json {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try? JSONSerialization.data(withJSONObject: json)
        }
        let start = ContinuousClock.now
        do {
            let (data, response) = try await Self.session.data(for: request)
            let http = response as? HTTPURLResponse
            var fields: [String: String] = [:]
            for (name, value) in http?.allHeaderFields ?? [:] {
                if let name = name as? String, let value = value as? String { fields[name] = value }
            }
            return HTTPAnswer(
                status: http?.statusCode, headers: fields, body: data, duration: ContinuousClock.now - start)
        } catch {
            return HTTPAnswer(status: nil, duration: ContinuousClock.now - start, failure: "\(error)")
        }
    }
}

/// Runs `body` with a running client on the embedded cluster of `dataDirectory` (the running
/// server's), for setting up and checking what the API does not show.
func withClusterClient<T>(
    _ dataDirectory: URL, _ body: (PostgresClient) async throws -> T
) async throws -> T {
    try await EmbeddedPostgres.withSession(dataDirectory: dataDirectory, logger: TestDatabase.logger) { session in
        let client = PostgresClient(configuration: session.configuration, backgroundLogger: TestDatabase.logger)
        let running = Task { await client.run() }
        defer { running.cancel() }
        return try await body(client)
    }
}

/// Lines of a report the recovery tests print, for the figures in CI's log.
func report(_ line: String) {
    print("recovery: \(line)")
}
