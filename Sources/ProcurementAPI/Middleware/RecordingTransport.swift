import HTTPTypes
import Hummingbird
import OpenAPIRuntime
import Synchronization

/// A transport that records each operation's path and method in a `RouteTable`, then registers it
/// on the real transport (the router). Every `GET` is registered for `HEAD` too (RFC 9110 §9.3.2):
/// the same answer, status and headers, without its body.
struct RecordingTransport<Base: ServerTransport>: ServerTransport {
    let base: Base
    let table: RouteTable

    func register(
        _ handler:
            @Sendable @escaping (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (
                HTTPResponse, HTTPBody?
            ),
        method: HTTPRequest.Method,
        path: String
    ) throws {
        table.add(method: method, path: path)
        try base.register(handler, method: method, path: path)
        guard method == .get else { return }
        table.add(method: .head, path: path)
        // The GET's answer, body included: `RequestScopeMiddleware` drops the body of every
        // answer to a HEAD and keeps its length.
        try base.register(
            { request, body, metadata in
                var get = request
                get.method = .get
                return try await handler(get, body, metadata)
            }, method: .head, path: path)
    }
}
