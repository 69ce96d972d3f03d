import HTTPTypes
import HummingbirdTesting
import Ledger
import ProcureTestSupport
import ProcurementAPI
import ProcurementClient
import Testing

@Suite("authentication")
struct AuthenticationTests {
    @Test("a request without a token gets 401 problem+json")
    func noToken() async throws {
        try await withAPI { client, _, _ in
            let response = try await client.get("/municipalities/373869", token: nil)
            #expect(response.status == .unauthorized)
            #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            #expect(try response.problem().code == "unauthorized")
        }
    }

    @Test("an unknown token gets 401")
    func unknownToken() async throws {
        try await withAPI { client, _, _ in
            let response = try await client.get("/me", token: "prc_notarealtokenatallnotarealtokenatallnot")
            #expect(response.status == .unauthorized)
            #expect(try response.problem().detail?.contains("not valid") == true)
        }
    }

    @Test("a header that is not 'Bearer <token>' gets 401")
    func malformedHeader() async throws {
        try await withAPI { client, accounts, _ in
            let response = try await client.execute(
                uri: "/me", method: .get, headers: [.authorization: "Basic \(accounts.member)"], body: nil)
            #expect(response.status == .unauthorized)
        }
    }

    @Test("a revoked token gets 401 from then on")
    func revokedToken() async throws {
        try await withAPI { client, _, database in
            let tokens = TokenRepository(client: database, logger: TestDatabase.logger)
            let (record, token) = try await tokens.create(name: "期限切れ", role: .admin)
            #expect(try await client.get("/me", token: token).status == .ok)
            try await tokens.revoke(id: record.id)
            #expect(try await client.get("/me", token: token).status == .unauthorized)
        }
    }

    @Test("/me says which municipality a member's token belongs to")
    func meAsMember() async throws {
        try await withAPI { client, accounts, _ in
            let response = try await client.get("/me", token: accounts.member)
            #expect(response.status == .ok)
            let me = try response.decode(Components.Schemas.Me.self)
            #expect(me.name == "保健センター")
            #expect(me.role == .member)
            #expect(me.municipality?.code == "373869")
            #expect(me.municipality?.name == "宇多津町")
        }
    }

    @Test("/me says an admin's token is an admin's, with no municipality")
    func meAsAdmin() async throws {
        try await withAPI { client, accounts, _ in
            let me = try await client.get("/me", token: accounts.admin).decode(Components.Schemas.Me.self)
            #expect(me.role == .admin)
            #expect(me.municipality == nil)
        }
    }

    @Test("health, readiness, metrics and the API document need no token")
    func publicEndpoints() async throws {
        try await withAPI { client, _, _ in
            for path in ["/healthz", "/readyz", "/metrics", "/openapi.yaml"] {
                let response = try await client.get(path, token: nil)
                #expect(response.status == .ok, "\(path)")
            }
        }
    }
}
