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
    /// The secret `GET /metrics` requires, when the server is given one (`PROCURE_METRICS_TOKEN`).
    var metricsToken: String? = nil
    /// Failed token checks by client address, which past their limit are answered 429.
    var failures = FailedAuthentications()

    func intercept(
        _ request: HTTPRequest,
        body: HTTPBody?,
        metadata: ServerRequestMetadata,
        operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let client = RequestScope.clientAddress
        if operationID == "getMetrics", let metricsToken {
            guard let header = request.headerFields[.authorization] else {
                return Self.response(.unauthorized(APIText.metricsTokenRequired))
            }
            if let wait = failures.retryAfter(client) { return Self.response(.tooManyAttempts(retryAfter: wait)) }
            guard Self.constantTimeEqual(Array(header.utf8), Array("Bearer \(metricsToken)".utf8)) else {
                failures.failed(client)
                return Self.response(.unauthorized(APIText.metricsTokenRequired))
            }
            return try await next(request, body, metadata)
        }
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
        if let wait = failures.retryAfter(client) { return Self.response(.tooManyAttempts(retryAfter: wait)) }
        let principal: Principal?
        do {
            principal = try await tokens().authenticate(String(parts[1]).trimmingCharacters(in: .whitespaces))
        } catch {
            RequestScope.logger?.error(
                "token lookup failed", metadata: ["error": "\(String(reflecting: error))"])
            return Self.response(.databaseUnavailable())
        }
        guard let principal else {
            failures.failed(client)
            return Self.response(.unauthorized(APIText.tokenInvalid))
        }
        return try await RequestScope.$principal.withValue(principal) {
            try await next(request, body, metadata)
        }
    }

    /// Whether `a` and `b` are the same bytes, in a time that depends on their lengths only (a
    /// guess at the metrics secret learns nothing from how long the refusal took).
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func response(_ problem: Problem) -> (HTTPResponse, HTTPBody?) {
        (HTTPResponse(status: problem.httpStatus, headerFields: problem.httpHeaderFields), problem.httpBody)
    }
}
