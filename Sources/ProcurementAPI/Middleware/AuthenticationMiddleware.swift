import Foundation
import HTTPTypes
import Ledger
import OpenAPIRuntime
import ProcurementClient

/// Requires a valid, unrevoked bearer token on every operation but the public ones, and makes the
/// caller available to handlers as ``RequestScope/principal``.
///
/// It runs as an OpenAPI server middleware, so it sees only requests that matched an operation:
/// an unknown route stays a 404.
struct AuthenticationMiddleware: ServerMiddleware {
    /// Operations anyone may call: probes for load balancers, scrapers and this API's document.
    static let publicOperations: Set<String> = ["getHealth", "getReadiness", "getMetrics", "getOpenAPIDocument"]

    /// The token register on the database's current pool.
    let tokens: @Sendable () -> TokenRepository

    func intercept(
        _ request: HTTPRequest,
        body: HTTPBody?,
        metadata: ServerRequestMetadata,
        operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        if Self.publicOperations.contains(operationID) {
            return try await next(request, body, metadata)
        }
        guard let header = request.headerFields[.authorization] else {
            return Self.response(.unauthorized(APIText.bearerRequired))
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            return Self.response(.unauthorized(APIText.bearerFormat))
        }
        let principal: Principal?
        do {
            principal = try await tokens().authenticate(String(parts[1]).trimmingCharacters(in: .whitespaces))
        } catch {
            RequestScope.logger?.error(
                "token lookup failed", metadata: ["error": "\(String(reflecting: error))"])
            return Self.response(.databaseUnavailable())
        }
        guard let principal else {
            return Self.response(.unauthorized(APIText.tokenInvalid))
        }
        return try await RequestScope.$principal.withValue(principal) {
            try await next(request, body, metadata)
        }
    }

    static func response(_ problem: Problem) -> (HTTPResponse, HTTPBody?) {
        (HTTPResponse(status: problem.httpStatus, headerFields: problem.httpHeaderFields), problem.httpBody)
    }
}
