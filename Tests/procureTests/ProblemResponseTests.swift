import Foundation
import HTTPTypes
import OpenAPIRuntime
import ProcurementClient
import Testing

@testable import procure

/// The client's one error path: every error answer becomes an ``APIProblem`` whose line is the
/// problem document's detail, before any command sees the response.
@Suite("problem answers in the CLI")
struct ProblemResponseTests {
    /// Runs the middleware on an answer of `status` with `body` of `contentType`.
    func intercept(
        _ status: HTTPResponse.Status, contentType: String, body: String
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let request = HTTPRequest(method: .get, scheme: "http", authority: "127.0.0.1", path: "/contracts/1")
        return try await ProblemResponseMiddleware().intercept(
            request, body: nil, baseURL: URL(string: "http://127.0.0.1:8080")!, operationID: "getContract"
        ) { _, _, _ in
            var response = HTTPResponse(status: status)
            response.headerFields[.contentType] = contentType
            return (response, HTTPBody(body))
        }
    }

    @Test("a problem document's detail is the error line, with its status and code kept")
    func problemDocument() async throws {
        let body = """
            {"code":"forbidden","detail":"contract 12 belongs to 羽島市; you can only change 宇多津町's contracts",\
            "status":403,"title":"Forbidden","type":"https://procure.example/problems/forbidden"}
            """
        let error = await #expect(throws: APIProblem.self) {
            try await intercept(.forbidden, contentType: "application/problem+json", body: body)
        }
        #expect(error?.description == "contract 12 belongs to 羽島市; you can only change 宇多津町's contracts")
        #expect(error?.status == 403)
        #expect(error?.problem?.code == "forbidden")
        #expect(error?.isStale == false)
    }

    @Test("a problem without a detail reads as its title")
    func titleOnly() async throws {
        let body = #"{"code":"not_found","status":404,"title":"Not found","type":"about:blank"}"#
        let error = await #expect(throws: APIProblem.self) {
            try await intercept(.notFound, contentType: "application/problem+json", body: body)
        }
        #expect(error?.description == "Not found")
    }

    @Test("an error page that is not a problem document names the status")
    func notAProblem() async throws {
        let error = await #expect(throws: APIProblem.self) {
            try await intercept(.badGateway, contentType: "text/html", body: "<html>Bad Gateway</html>")
        }
        #expect(error?.description == "the server answered with an unexpected status 502")
        #expect(error?.problem == nil)
    }

    @Test("412 is recognised as a stale write, and its body stays readable as another document")
    func staleAndBody() async throws {
        let body = #"{"code":"version_mismatch","status":412,"title":"Precondition failed","type":"about:blank"}"#
        let error = await #expect(throws: APIProblem.self) {
            try await intercept(.preconditionFailed, contentType: "application/problem+json", body: body)
        }
        #expect(error?.isStale == true)
        let decoded = try error?.decode([String: AnyCodableValue].self)
        #expect(decoded?["code"] == .string("version_mismatch"))
    }

    @Test("a success passes through untouched")
    func success() async throws {
        let (response, body) = try await intercept(.ok, contentType: "application/json", body: #"{"id":"1"}"#)
        #expect(response.status == .ok)
        let sent = try #require(body)
        #expect(try await Data(collecting: sent, upTo: 1024) == Data(#"{"id":"1"}"#.utf8))
    }
}

/// A JSON scalar, enough to read a document's fields back in a test.
enum AnyCodableValue: Decodable, Equatable {
    case string(String)
    case number(Double)
    case other

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .other
        }
    }
}
