import Foundation
import HTTPTypes
import HummingbirdTesting
import ProcureTestSupport
import ProcurementAPI
import Testing

/// HEAD answers every GET route (RFC 9110 §9.3.2): the GET's status and headers, no body.
@Suite("HEAD requests")
struct HeadRequestTests {
    @Test("HEAD answers as GET, without the body, its length kept; a refusal too; POST-only paths stay 405")
    func head() async throws {
        try await withAPI { client, accounts, _ in
            for path in ["/healthz", "/me", "/municipalities/373869", "/contracts?limit=5", "/categories"] {
                let headers: HTTPFields = [.authorization: "Bearer \(accounts.member)"]
                let get = try await client.execute(uri: path, method: .get, headers: headers)
                let head = try await client.execute(uri: path, method: .head, headers: headers)
                #expect(get.status == .ok, "\(path)")
                #expect(head.status == get.status, "\(path)")
                #expect(head.headers[.contentType] == get.headers[.contentType], "\(path)")
                #expect(head.headers[.contentLength] == String(get.body.readableBytes), "\(path)")
                #expect(head.body.readableBytes == 0, "\(path)")
            }
            // Answers that change between two requests (the metrics) or are large: no body all the same.
            for path in ["/metrics", "/openapi.yaml"] {
                let head = try await client.execute(uri: path, method: .head, headers: [:])
                #expect(head.status == .ok, "\(path)")
                #expect(head.body.readableBytes == 0, "\(path)")
            }
            let refused = try await client.execute(
                uri: "/municipalities/373868", method: .head, headers: [.authorization: "Bearer \(accounts.member)"])
            #expect(refused.status == .badRequest)
            #expect(refused.body.readableBytes == 0)
            let postOnly = try await client.execute(
                uri: "/cases/1/notes", method: .head, headers: [.authorization: "Bearer \(accounts.member)"])
            #expect(postOnly.status == .methodNotAllowed)
            #expect(postOnly.headers[.allow] == "POST")
        }
    }
}
