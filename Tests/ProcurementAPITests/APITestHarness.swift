import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Logging
import PostgresNIO
import ProcureTestSupport
import ProcurementAPI
import Testing

/// Tokens of the accounts every API test starts with.
struct TestAccounts {
    /// A member of 香川県 宇多津町 (373869).
    let member: String
    /// An admin of the network.
    let admin: String
}

/// Runs `body` against the real application on a fresh, migrated database, with a member and an
/// admin token already created.
func withAPI(
    maximumBodyBytes: Int = ServerSettings.defaultMaximumBodyBytes,
    _ body: @Sendable (any TestClientProtocol, TestAccounts, PostgresClient) async throws -> Void
) async throws {
    try await withFreshDatabase { database, _ in
        let logger = TestDatabase.logger
        let tokens = TokenRepository(client: database, logger: logger)
        let accounts = TestAccounts(
            member: try await tokens.create(name: "保健センター", role: .member(try MunicipalityCode("373869"))).token,
            admin: try await tokens.create(name: "調整担当", role: .admin).token
        )
        let app = try buildApplication(
            settings: ServerSettings(maximumBodyBytes: maximumBodyBytes), database: database, logger: logger)
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
}

/// Percent-encodes a query value (Foundation's `.alphanumerics` would leave kana unencoded).
func queryValue(_ text: String) -> String {
    let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
}

extension TestResponse {
    var text: String { String(buffer: body) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
    }

    /// The problem document of an error response, after checking it is one.
    func problem() throws -> Components.Schemas.Problem {
        #expect(headers[.contentType]?.hasPrefix("application/problem+json") == true)
        let problem = try decode(Components.Schemas.Problem.self)
        #expect(Int(problem.status) == Int(status.code))
        return problem
    }
}
