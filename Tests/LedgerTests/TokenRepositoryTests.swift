import Foundation
import Ledger
import PostgresNIO
import ProcureTestSupport
import Testing

@Suite("API tokens")
struct TokenRepositoryTests {
    let logger = TestDatabase.logger

    @Test("a created token authenticates as its account")
    func createAndAuthenticate() async throws {
        try await withFreshDatabase { client, _ in
            let tokens = TokenRepository(client: client, logger: logger)
            let code = try MunicipalityCode("373869")
            let (record, token) = try await tokens.create(name: "保健センター", role: .member(code))
            #expect(token.hasPrefix("prc_"))
            #expect(token.count >= 4 + 43)  // 256 bits in base64url
            let principal = try #require(try await tokens.authenticate(token))
            #expect(principal.tokenID == record.id)
            #expect(principal.municipality == code)
            #expect(try await tokens.authenticate(token + "x") == nil)
        }
    }

    @Test("only the token's SHA-256 is stored, never the token")
    func onlyHashStored() async throws {
        try await withFreshDatabase { client, _ in
            let (_, token) = try await TokenRepository(client: client, logger: logger).create(name: "a", role: .admin)
            let rows = try await client.query(
                "SELECT count(*)::int FROM api_tokens WHERE position(\(token) in api_tokens::text) > 0", logger: logger)
            for try await count in rows.decode(Int.self) { #expect(count == 0) }
        }
    }

    @Test("two tokens are never the same")
    func tokensAreRandom() async throws {
        try await withFreshDatabase { client, _ in
            let tokens = TokenRepository(client: client, logger: logger)
            var seen: Set<String> = []
            for index in 0..<20 { seen.insert(try await tokens.create(name: "t\(index)", role: .admin).token) }
            #expect(seen.count == 20)
        }
    }

    @Test("a revoked token no longer authenticates, and cannot be revoked twice")
    func revoke() async throws {
        try await withFreshDatabase { client, _ in
            let tokens = TokenRepository(client: client, logger: logger)
            let (record, token) = try await tokens.create(name: "a", role: .admin)
            try await tokens.revoke(id: record.id)
            #expect(try await tokens.authenticate(token) == nil)
            await #expect(throws: TokenError.alreadyRevoked(record.id)) { try await tokens.revoke(id: record.id) }
            await #expect(throws: TokenError.notFound(424242)) { try await tokens.revoke(id: 424242) }
            #expect(try await tokens.list().first?.revokedAt != nil)
        }
    }

    @Test("a member token needs a municipality that exists")
    func unknownMunicipality() async throws {
        try await withFreshDatabase { client, _ in
            let code = try MunicipalityCode("379999")
            await #expect(throws: TokenError.unknownMunicipality(code)) {
                try await TokenRepository(client: client, logger: logger).create(name: "x", role: .member(code))
            }
        }
    }
}
