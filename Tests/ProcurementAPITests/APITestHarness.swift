import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Logging
import PostgresNIO
import ProcureTestSupport
import ProcurementAPI
import ProcurementClient
import Testing

/// Tokens of the accounts every API test starts with.
struct TestAccounts {
    /// A member of 香川県 宇多津町 (373869).
    let member: String
    /// A member of another municipality, 岐阜県 羽島市 (212091).
    let otherMember: String
    /// An admin of the network.
    let admin: String
}

/// Runs `body` against the real application on a fresh, migrated database, with a member and an
/// admin token already created.
func withAPI(
    maximumBodyBytes: Int = ServerSettings.defaultMaximumBodyBytes, metricsToken: String? = nil,
    _ body: @Sendable (any TestClientProtocol, TestAccounts, PostgresClient) async throws -> Void
) async throws {
    try await withFreshDatabase { database, _ in
        let logger = TestDatabase.logger
        let tokens = TokenRepository(client: database, logger: logger)
        let accounts = TestAccounts(
            member: try await tokens.create(name: "保健センター", role: .member(try MunicipalityCode("373869"))).token,
            otherMember: try await tokens.create(name: "情報政策課", role: .member(try MunicipalityCode("212091"))).token,
            admin: try await tokens.create(name: "調整担当", role: .admin).token
        )
        let app = try buildApplication(
            settings: ServerSettings(maximumBodyBytes: maximumBodyBytes, metricsToken: metricsToken),
            database: database, logger: logger)
        try await app.test(.router) { client in
            try await body(client, accounts, database)
        }
    }
}

extension TestClientProtocol {
    /// A GET with `Authorization: Bearer <token>` when a token is given.
    func get(_ uri: String, token: String?) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: uri, method: .get, headers: headers, body: nil)
    }

    /// A request with a JSON body (any `Encodable`, e.g. the generated input types) and a token.
    func send(
        _ method: HTTPRequest.Method, _ uri: String, json: some Encodable, token: String?,
        headers extraHeaders: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extraHeaders
        headers[.contentType] = "application/json"
        if let token { headers[.authorization] = "Bearer \(token)" }
        let body = try JSONEncoder().encode(json)
        return try await execute(uri: uri, method: method, headers: headers, body: ByteBuffer(bytes: body))
    }

    /// A request with a raw body (malformed JSON tests) and a token.
    func send(
        _ method: HTTPRequest.Method, _ uri: String, raw: String, token: String?, headers extraHeaders: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extraHeaders
        headers[.contentType] = "application/json"
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: raw))
    }
}

/// Percent-encodes a query value (Foundation's `.alphanumerics` would leave kana unencoded).
func queryValue(_ text: String) -> String {
    let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// Decodes the body as the API encodes it (RFC 3339 timestamps, with or without fractions).
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            if let date = try? Date(text, strategy: .iso8601) { return date }
            if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) {
                return date
            }
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: text))
        }
        return try decoder.decode(T.self, from: Data(body.readableBytesView))
    }

    /// The problem document of an error response, after checking it is one.
    func problem() throws -> Components.Schemas.Problem {
        #expect(headers[.contentType]?.hasPrefix("application/problem+json") == true)
        let problem = try decode(Components.Schemas.Problem.self)
        #expect(Int(problem.status) == Int(status.code))
        return problem
    }
}
