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

    @Test("a body past the limit is 413 body_too_large, announced by Content-Length or streamed chunked")
    func bodyPastTheLimit() async throws {
        try await StoryServer.run(environment: ["PROCURE_MAX_BODY_BYTES": String(Self.limit)]) { story in
            let member = try await story.client(
                "admin", "token", "create", "--municipality", "373869", "--name", "保健センター")
            let token = try #require(member.environment["PROCURE_TOKEN"])
            let port = try #require(story.url.split(separator: ":").last.flatMap { Int($0) })
            // A body about two pieces past the limit, sent in pieces of about 4 KiB (its content does
            // not matter: the limit is reached before anything reads it as JSON).
            let piece = String(repeating: "あ", count: 4_096 / 3)
            let pieces = Self.limit / piece.utf8.count + 2
            for chunked in [true, false] {
                let connection = try RawHTTPConnection(port: port)
                let size = pieces * piece.utf8.count
                connection.write(
                    "POST /vendors HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
                        + "Content-Type: application/json\r\nConnection: close\r\n"
                        + (chunked ? "Transfer-Encoding: chunked\r\n\r\n" : "Content-Length: \(size)\r\n\r\n"))
                for _ in 0..<pieces {
                    if chunked {
                        connection.write(String(piece.utf8.count, radix: 16) + "\r\n" + piece + "\r\n")
                    } else {
                        connection.write(piece)
                    }
                }
                if chunked { connection.write("0\r\n\r\n") }
                let response = connection.readToEnd()
                #expect(response.hasPrefix("HTTP/1.1 413"), "chunked: \(chunked)\n\(response)")
                #expect(response.contains(#""code":"body_too_large""#), "chunked: \(chunked)\n\(response)")
                #expect(response.lowercased().contains("content-type: application/problem+json"), "\(response)")
            }
            // Neither was a server fault.
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

    /// The server's log lines at error level or above (the level is the line's second word).
    static func errorLines(_ story: StoryServer) -> [Substring] {
        story.server.output.readStandardError().split(separator: "\n").filter {
            let level = $0.split(separator: " ").dropFirst().first
            return level == "error" || level == "critical"
        }
    }
}
