import Foundation
import HTTPTypes
import OpenAPIRuntime

/// An answer of the API that is not a success: its status and, when the server sent one, its
/// problem document. Thrown by ``ProblemResponseMiddleware`` for every error status, so a command
/// reads the success case of an operation directly and never switches over response cases.
public struct APIProblem: Error, CustomStringConvertible {
    public let status: Int
    /// The problem document; nil when the answer was not one (a proxy's error page).
    public let problem: Components.Schemas.Problem?
    /// The answer's body as sent, for the few operations whose error documents carry more than
    /// a problem (an import's rejected rows).
    public let body: Data

    /// The one line the CLI prints: the document's detail, else its title; nil when the answer
    /// was no problem document.
    public var message: String? { problem.map { $0.detail ?? $0.title } }

    public var description: String { message ?? "the server answered with an unexpected status \(status)" }

    /// `412 Precondition Failed`: the resource changed since the version sent in `If-Match`.
    public var isStale: Bool { status == 412 }

    /// The body decoded as an operation's own error document.
    public func decode<Document: Decodable>(_ type: Document.Type) throws -> Document {
        try JSONDecoder().decode(type, from: body)
    }
}

/// Turns every error answer (status 400 and above) into an ``APIProblem`` before the generated
/// client sees it: the one place where the CLI reads problem documents.
public struct ProblemResponseMiddleware: ClientMiddleware {
    public init() {}

    /// Problem documents are a few hundred bytes; a larger error body is cut off, not buffered.
    public static let maximumBodyBytes = 1024 * 1024

    public func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let (response, responseBody) = try await next(request, body, baseURL)
        guard response.status.code >= 400 else { return (response, responseBody) }
        var bytes = Data()
        if let responseBody {
            bytes = (try? await Data(collecting: responseBody, upTo: Self.maximumBodyBytes)) ?? Data()
        }
        let isProblem = response.headerFields[.contentType]?.lowercased().contains("json") == true
        let problem = isProblem ? try? JSONDecoder().decode(Components.Schemas.Problem.self, from: bytes) : nil
        throw APIProblem(status: response.status.code, problem: problem, body: bytes)
    }
}

/// Asks the server for its texts (problem details, row errors) in `language` (`ja`, `en`).
public struct AcceptLanguageMiddleware: ClientMiddleware {
    let language: String

    public init(language: String) {
        self.language = language
    }

    public func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var request = request
        request.headerFields[.acceptLanguage] = language
        return try await next(request, body, baseURL)
    }
}
