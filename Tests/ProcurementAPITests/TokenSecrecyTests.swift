import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import Logging
import NIOConcurrencyHelpers
import NIOCore
import ProcureTestSupport
import ProcurementAPI
import Testing

/// Every line a logger writes, with its metadata, kept in memory.
final class CapturedLog: Sendable {
    private let lines = NIOLockedValueBox<[String]>([])

    var text: String { lines.withLockedValue { $0.joined(separator: "\n") } }
    var count: Int { lines.withLockedValue { $0.count } }

    func append(_ line: String) { lines.withLockedValue { $0.append(line) } }

    /// A logger at trace level, the most talkative, that writes here.
    func logger(label: String = "procure.secrecy") -> Logger {
        var logger = Logger(label: label) { label in Handler(label: label, log: self) }
        logger.logLevel = .trace
        return logger
    }

    struct Handler: LogHandler {
        let label: String
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            log.append("\(event.level) \(label): \(event.message) \(merged) \(event.source) \(event.file)")
        }
    }
}

@Suite("token secrecy")
struct TokenSecrecyTests {
    @Test("no token, valid, revoked or made up, reaches the log or an error body, whatever the request does")
    func tokensStayOutOfLogsAndBodies() async throws {
        let log = CapturedLog()
        try await withFreshDatabase { database, _ in
            let logger = log.logger()
            let tokens = TokenRepository(client: database, logger: logger)
            let member = try await tokens.create(name: "保健センター", role: .member(try MunicipalityCode("373869"))).token
            let other = try await tokens.create(name: "情報政策課", role: .member(try MunicipalityCode("212091"))).token
            let admin = try await tokens.create(name: "調整担当", role: .admin).token
            let (revokedRecord, revoked) = try await tokens.create(name: "異動済み", role: .admin)
            try await tokens.revoke(id: revokedRecord.id)
            let madeUp = "prc_" + String(repeating: "Zq9", count: 14)
            let secrets = [member, other, admin, revoked, madeUp]

            let app = try buildApplication(
                settings: ServerSettings(maximumBodyBytes: 64 * 1024), database: database, logger: logger)
            try await app.test(.router) { client in
                var bodies: [String] = []
                func call(
                    _ method: HTTPRequest.Method, _ uri: String, authorization: String?, body: String? = nil,
                    expect status: HTTPResponse.Status
                ) async throws {
                    var headers: HTTPFields = [:]
                    if let authorization { headers[.authorization] = authorization }
                    if body != nil { headers[.contentType] = "application/json" }
                    let response = try await client.execute(
                        uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
                    #expect(response.status == status, "\(method) \(uri): \(response.text)")
                    bodies.append(response.text)
                }
                let contract = try await client.recordContract(
                    municipality: "373869", vendor: "株式会社サンプル予約システムズ", amount: 1_100_000, token: member)

                try await call(.get, "/me", authorization: "Bearer \(member)", expect: .ok)
                try await call(.get, "/me", authorization: "Bearer \(admin)", expect: .ok)
                try await call(.get, "/me", authorization: "Bearer \(revoked)", expect: .unauthorized)
                try await call(.get, "/me", authorization: "Bearer \(madeUp)", expect: .unauthorized)
                try await call(.get, "/me", authorization: "Basic \(member)", expect: .unauthorized)
                try await call(.get, "/me", authorization: "Bearer \(member) \(admin)", expect: .unauthorized)
                try await call(.get, "/me", authorization: "Bearer \(member)x", expect: .unauthorized)
                try await call(.get, "/me", authorization: member, expect: .unauthorized)
                try await call(
                    .delete, "/contracts/\(contract.id)", authorization: "Bearer \(other)",
                    expect: .preconditionRequired)
                try await call(
                    .post, "/contracts", authorization: "Bearer \(other)",
                    body: #"{"municipalityCode":"373869","token":"\#(member)"#, expect: .badRequest)
                try await call(
                    .post, "/categories", authorization: "Bearer \(other)",
                    body: #"{"code":"x_\#(member.suffix(8).lowercased())","nameJa":"a","nameEn":"b"}"#,
                    expect: .forbidden)
                try await call(.get, "/contracts/999999", authorization: "Bearer \(member)", expect: .notFound)
                try await call(.get, "/contracts/abc", authorization: "Bearer \(member)", expect: .badRequest)
                try await call(.get, "/no-such-route", authorization: "Bearer \(member)", expect: .notFound)
                try await call(
                    .post, "/vendors", authorization: "Bearer \(member)",
                    body: #"{"name":"\#(String(repeating: "あ", count: 40_000))"}"#, expect: .contentTooLarge)

                #expect(log.count > 20, "the requests were logged at trace level")
                #expect(log.text.contains("/contracts/999999"), "the log has the requests")
                let logged = log.text
                for secret in secrets {
                    let randomPart = String(secret.dropFirst(4))
                    #expect(!logged.contains(randomPart), "a token in the log")
                    for body in bodies {
                        #expect(!body.contains(randomPart), "a token in a response body: \(body)")
                    }
                }
            }
        }
    }
}
