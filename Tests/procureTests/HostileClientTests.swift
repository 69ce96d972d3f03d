import Foundation
import ProcureTestSupport
import Testing

/// The real server against clients that send what no well-behaved client sends, over a raw TCP
/// connection.
@Suite("hostile clients against the real server", .serialized)
struct HostileClientTests {
    /// The body limit of these servers (`PROCURE_MAX_BODY_BYTES`): small, so a body past it is
    /// read whole before the answer and the connection ends cleanly.
    static let limit = 65_536

    @Test(
        "a body past the limit is 413 body_too_large: JSON or multipart, announced by Content-Length or streamed chunked"
    )
    func bodyPastTheLimit() async throws {
        try await StoryServer.run(environment: ["PROCURE_MAX_BODY_BYTES": String(Self.limit)]) { story in
            let member = try await story.client(
                "admin", "token", "create", "--municipality", "373869", "--name", "保健センター")
            let token = try #require(member.environment["PROCURE_TOKEN"])
            let port = try #require(story.url.split(separator: ":").last.flatMap { Int($0) })
            // A body about two pieces past the limit, sent in pieces of about 4 KiB (its content does
            // not matter: the limit is reached before anything reads it). The API takes no multipart
            // body, but a client may send one all the same: it meets the same limit.
            let piece = String(repeating: "あ", count: 4_096 / 3)
            let middle = Array(repeating: piece, count: Self.limit / piece.utf8.count + 2)
            let boundary = "procure-boundary"
            let kinds: [(contentType: String, pieces: [String])] = [
                ("application/json", middle),
                (
                    "multipart/form-data; boundary=\(boundary)",
                    [
                        "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n"
                            + "Content-Type: text/csv\r\n\r\n"
                    ] + middle + ["\r\n--\(boundary)--\r\n"]
                ),
            ]
            for (contentType, pieces) in kinds {
                for chunked in [true, false] {
                    let connection = try RawHTTPConnection(port: port)
                    let size = pieces.reduce(0) { $0 + $1.utf8.count }
                    connection.write(
                        "POST /vendors HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
                            + "Content-Type: \(contentType)\r\nConnection: close\r\n"
                            + (chunked ? "Transfer-Encoding: chunked\r\n\r\n" : "Content-Length: \(size)\r\n\r\n"))
                    for piece in pieces {
                        if chunked {
                            connection.write(String(piece.utf8.count, radix: 16) + "\r\n" + piece + "\r\n")
                        } else {
                            connection.write(piece)
                        }
                    }
                    if chunked { connection.write("0\r\n\r\n") }
                    let response = connection.readToEnd()
                    let what = "\(contentType), chunked: \(chunked)"
                    #expect(response.hasPrefix("HTTP/1.1 413"), "\(what)\n\(response)")
                    #expect(response.contains(#""code":"body_too_large""#), "\(what)\n\(response)")
                    #expect(response.lowercased().contains("content-type: application/problem+json"), "\(response)")
                }
            }
            // None was a server fault.
            #expect(Self.errorLines(story).isEmpty, "\(Self.errorLines(story))")
        }
    }

    @Test("a client that goes away in the middle of its body is logged below error, with the request id")
    func clientGoesAway() async throws {
        try await StoryServer.run { story in
            let member = try await story.client(
                "admin", "token", "create", "--municipality", "373869", "--name", "保健センター")
            let token = try #require(member.environment["PROCURE_TOKEN"])
            let port = try #require(story.url.split(separator: ":").last.flatMap { Int($0) })
            do {
                let connection = try RawHTTPConnection(port: port)
                connection.write(
                    "POST /vendors HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"name\": \"株式")
                // The connection closes here, 990 bytes short.
            }
            var log = ""
            for _ in 0..<50 where !log.contains("request ended by the client") {
                try await Task.sleep(for: .milliseconds(100))
                log = story.server.output.readStandardError()
            }
            let line = log.split(separator: "\n").first { $0.contains("request ended by the client") }
            #expect(line != nil, "\(log)")
            #expect(line?.contains("request.id") == true || line?.contains("requestID") == true, "\(line ?? "")")
            #expect(Self.errorLines(story).isEmpty, "\(Self.errorLines(story))")
        }
    }

    @Test("idle connections, slow heads and slow bodies are closed")
    func connectionDeadlines() async throws {
        let environment = [
            "PROCURE_IDLE_TIMEOUT": "1", "PROCURE_BODY_TIMEOUT": "1", "PROCURE_BODY_MIN_RATE": "1000",
            "PROCURE_LOG_LEVEL": "info",
        ]
        try await StoryServer.run(environment: environment) { story in
            let member = try await story.client(
                "admin", "token", "create", "--municipality", "373869", "--name", "保健センター")
            let token = try #require(member.environment["PROCURE_TOKEN"])
            let port = try #require(story.url.split(separator: ":").last.flatMap { Int($0) })

            // Idle: nothing sent. Closed after the idle timeout (1 s), well before 10 s.
            let idle = try RawHTTPConnection(port: port)
            #expect(idle.closes(within: 10))

            // A head that never ends: a header line every 200 ms, the blank line never comes.
            let slowHead = try RawHTTPConnection(port: port)
            slowHead.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            var headClosed = false
            for line in 0..<50 where !headClosed {
                slowHead.write("X-Slow-\(line): x\r\n")
                headClosed = slowHead.closes(within: 0.2)
            }
            #expect(headClosed, "a head sent over 10 s was still being read")

            // A body of 100,000 bytes sent at 50 bytes a second (the minimum is 1,000).
            let slowBody = try RawHTTPConnection(port: port)
            slowBody.write(
                "POST /vendors HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"name\": \"")
            var bodyClosed = false
            for _ in 0..<50 where !bodyClosed {
                slowBody.write("aaaaaaaaaa")
                bodyClosed = slowBody.closes(within: 0.2)
            }
            #expect(bodyClosed, "a body at 50 bytes a second was still being read after 10 s")
            let log = try await story.server.waitForStandardError(containing: "request body came too slowly")
            #expect(log.contains("minimumRate=1000"), "\(log)")

            #expect(Self.errorLines(story).isEmpty, "\(Self.errorLines(story))")
        }
    }

    @Test(
        "at the connection cap, a new client is served: the connection idle longest is closed for it; a polite client keeps its connection"
    )
    func connectionCap() async throws {
        try await StoryServer.run(environment: ["PROCURE_MAX_CONNECTIONS": "20"]) { story in
            let port = try #require(story.url.split(separator: ":").last.flatMap { Int($0) })
            // Twice the cap, idle (the idle timeout, 30 s by default, does not end them here).
            var idle: [RawHTTPConnection] = []
            for _ in 0..<40 {
                idle.append(try RawHTTPConnection(port: port))
                try await Task.sleep(for: .milliseconds(5))
            }
            let client = try RawHTTPConnection(port: port)
            client.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            let answer = client.readToEnd()
            #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer)")
            // The oldest were closed to make room; the newest are still open.
            #expect(idle[0].closes(within: 5))
            #expect(!idle[39].closes(within: 0.5))
            let log = try await story.server.waitForStandardError(containing: "connection limit is reached")
            #expect(log.contains("maximumConnections=20"), "\(log)")
            // A well-behaved client is served, twice on one connection with a pause between (far
            // below the default idle timeout of 30 s, so that a loaded machine cannot make it one).
            let polite = try RawHTTPConnection(port: port)
            for _ in 0..<2 {
                polite.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                let answer = polite.readResponse()
                #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer)")
                try await Task.sleep(for: .milliseconds(300))
            }
        }
    }

    @Test("what the HTTP parser refuses is answered with a problem document")
    func parserRefusals() async throws {
        try await StoryServer.run { story in
            let port = try #require(story.url.split(separator: ":").last.flatMap { Int($0) })
            let longLine = "X-Long: " + String(repeating: "a", count: 100_000) + "\r\n"
            let manyHeaders = (0..<5_000).map { "X-Many-\($0): 1\r\n" }.joined()
            let requests = [
                "a header line of 100 KB": "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\(longLine)\r\n",
                "5,000 headers": "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\(manyHeaders)\r\n",
                "Content-Length with chunked":
                    "POST /vendors HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                "a request line that is not HTTP": "HELLO THERE\r\n\r\n",
            ]
            for (what, request) in requests {
                let connection = try RawHTTPConnection(port: port)
                connection.write(request)
                let answer = connection.readToEnd()
                #expect(answer.hasPrefix("HTTP/1.1 400"), "\(what): \(answer.prefix(300))")
                #expect(
                    answer.lowercased().contains("content-type: application/problem+json"),
                    "\(what): \(answer.prefix(300))")
                #expect(answer.contains(#""code":"malformed_request""#), "\(what): \(answer.prefix(300))")
            }
            #expect(Self.errorLines(story).isEmpty, "\(Self.errorLines(story))")
        }
    }

    @Test("guessing tokens is stopped: past the limit of failed checks a minute, the address is answered 429")
    func failedAuthenticationsLimited() async throws {
        try await StoryServer.run(environment: ["PROCURE_AUTH_FAILURE_LIMIT": "3"]) { story in
            let member = try await story.client(
                "admin", "token", "create", "--municipality", "373869", "--name", "保健センター")
            let token = try #require(member.environment["PROCURE_TOKEN"])
            let port = try #require(story.url.split(separator: ":").last.flatMap { Int($0) })
            func get(_ authorization: String?) throws -> String {
                let connection = try RawHTTPConnection(port: port)
                connection.write(
                    "GET /me HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                        + (authorization.map { "Authorization: \($0)\r\n" } ?? "") + "\r\n")
                return connection.readToEnd()
            }
            // Requests without a token, or with a header that is not a bearer token, are no guesses.
            for _ in 0..<5 {
                #expect(try get(nil).hasPrefix("HTTP/1.1 401"))
                #expect(try get("Basic abc").hasPrefix("HTTP/1.1 401"))
            }
            #expect(try get("Bearer \(token)").hasPrefix("HTTP/1.1 200"))
            // Three wrong tokens are answered 401; the fourth attempt, right or wrong, waits.
            for guess in 0..<3 {
                let answer = try get("Bearer prc_wrong\(guess)")
                #expect(answer.hasPrefix("HTTP/1.1 401"), "\(answer)")
            }
            for authorization in ["Bearer prc_wrong3", "Bearer \(token)"] {
                let answer = try get(authorization)
                #expect(answer.hasPrefix("HTTP/1.1 429"), "\(answer)")
                #expect(answer.contains(#""code":"too_many_attempts""#), "\(answer)")
                let retryAfter = answer.lowercased().split(separator: "\r\n")
                    .first { $0.hasPrefix("retry-after:") }
                    .flatMap { Int($0.dropFirst("retry-after:".count).trimmingCharacters(in: .whitespaces)) }
                #expect(retryAfter.map { (1...60).contains($0) } == true, "\(answer)")
            }
            // The CLI says so (in English: the tests run it with PROCURE_LANG=en).
            var guesser = member
            guesser.environment["PROCURE_TOKEN"] = "prc_wrong4"
            let refused = try await guesser.run("contracts", "list")
            #expect(refused.status != 0)
            #expect(refused.standardError.contains("too many failed token checks from this address"), "\(refused)")
        }
    }

    /// The server's log lines at error level or above (the level is the line's second word).
    static func errorLines(_ story: StoryServer) -> [Substring] {
        story.server.output.readStandardError().split(separator: "\n").filter {
            let level = $0.split(separator: " ").dropFirst().first
            return level == "error" || level == "critical"
        }
    }
}
