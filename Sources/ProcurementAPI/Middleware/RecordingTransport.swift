import HTTPTypes
import Hummingbird
import OpenAPIRuntime
import Synchronization

/// A transport that records each operation's path and method in a `RouteTable`, then registers it
/// on the real transport (the router).
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
    }
}
