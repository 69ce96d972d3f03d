import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import PostgresNIO
import ProcureTestSupport
import Testing

@testable import ProcurementAPI

@Suite("service endpoints and errors")
struct ServiceEndpointTests {
    @Test("an unknown route is 404 problem+json, not a bare error")
    func unknownRoute() async throws {
        try await withAPI { client, accounts, _ in
            let response = try await client.get("/no/such/thing", token: accounts.member)
            #expect(response.status == .notFound)
            let problem = try response.problem()
            #expect(problem.code == "not_found")
            #expect(problem.detail?.contains("/no/such/thing") == true)
        }
    }

    @Test("a body larger than the limit is 413 problem+json")
    func bodyTooLarge() async throws {
        try await withAPI(maximumBodyBytes: 1024) { client, accounts, _ in
            let body = ByteBuffer(repeating: UInt8(ascii: "x"), count: 4096)
            let response = try await client.execute(
                uri: "/municipalities", method: .post,
                headers: [.authorization: "Bearer \(accounts.member)", .contentType: "application/json"], body: body)
            #expect(response.status == .contentTooLarge)
            #expect(try response.problem().code == "body_too_large")
        }
    }

    @Test("malformed JSON is 400 malformed_json, never 500")
    func malformedJSON() async throws {
        try await withAPI { client, accounts, _ in
            for body in ["{\"name\": ", "not json", "[1, 2"] {
                let response = try await client.send(.post, "/vendors", raw: body, token: accounts.member)
                #expect(response.status == .badRequest, "\(body)")
                #expect(try response.problem().code == "malformed_json", "\(body)")
            }
        }
    }

    @Test("JSON of the wrong shape is 400 naming the offending field")
    func wrongShape() async throws {
        try await withAPI { client, accounts, _ in
            let response = try await client.send(.post, "/vendors", raw: #"{"name": 42}"#, token: accounts.member)
            #expect(response.status == .badRequest)
            let problem = try response.problem()
            #expect(problem.code == "invalid_body")
            #expect(problem.errors?.first?.pointer == "/name")
        }
    }

    @Test("every response carries a request id, and problem documents repeat it")
    func requestID() async throws {
        try await withAPI { client, _, _ in
            let response = try await client.get("/me", token: nil)
            let id = try #require(response.headers[HTTPField.Name("X-Request-Id")!])
            #expect(!id.isEmpty)
            #expect(try response.problem().requestId == id)
        }
    }

    @Test("readiness is 503 when the database holds a migration this binary does not know")
    func readinessWithUnknownMigration() async throws {
        try await withAPI { client, _, database in
            #expect(try await client.get("/readyz", token: nil).status == .ok)
            try await database.query(
                "INSERT INTO schema_migrations (version, name, checksum) VALUES (9999, '9999_future.sql', '\\x00')",
                logger: TestDatabase.logger)
            let response = try await client.get("/readyz", token: nil)
            #expect(response.status == .serviceUnavailable)
            #expect(try response.problem().code == "migrations_not_current")
        }
    }

    @Test("/metrics answers in the Prometheus text format")
    func metrics() async throws {
        try await withAPI { client, _, _ in
            let response = try await client.get("/metrics", token: nil)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
        }
    }

    @Test("with a metrics token, /metrics answers that token only: not none, not a wrong one, not an API token")
    func metricsToken() async throws {
        try await withAPI(metricsToken: "scrape-秘密-1") { client, accounts, _ in
            for token in [nil, "scrape-秘密-2", "scrape", accounts.admin] {
                let refused = try await client.get("/metrics", token: token)
                #expect(refused.status == .unauthorized, "\(token ?? "none")")
                #expect(try refused.problem().code == "unauthorized")
            }
            let read = try await client.get("/metrics", token: "scrape-秘密-1")
            #expect(read.status == .ok)
            #expect(read.headers[.contentType]?.hasPrefix("text/plain") == true)
            // The rest of the API is unchanged: the probes stay open, the API takes its tokens.
            #expect(try await client.get("/healthz", token: nil).status == .ok)
            #expect(try await client.get("/municipalities/373869", token: accounts.member).status == .ok)
        }
        #expect(AuthenticationMiddleware.constantTimeEqual(Array("ab".utf8), Array("ab".utf8)))
        #expect(!AuthenticationMiddleware.constantTimeEqual(Array("ab".utf8), Array("ac".utf8)))
        #expect(!AuthenticationMiddleware.constantTimeEqual(Array("ab".utf8), Array("abc".utf8)))
    }

    @Test("/openapi.yaml serves the API's contract")
    func openAPIDocument() async throws {
        try await withAPI { client, _, _ in
            let response = try await client.get("/openapi.yaml", token: nil)
            #expect(response.status == .ok)
            #expect(response.text.hasPrefix("openapi: \"3.1.0\""))
            #expect(response.text.contains("operationId: getMunicipality"))
        }
    }
}
