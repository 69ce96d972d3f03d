import Ledger
import Logging
import NIOCore
import ProcurementClient

/// What a request carries into handlers that the generated `APIProtocol` signature has no room
/// for: who is calling, the request's id, its logger and its language. Set by the middlewares for
/// the duration of one request.
public enum RequestScope {
    /// The request's id, logger and language, set together by `RequestScopeMiddleware` (one
    /// task-local value for the three: each one set costs every request an allocation).
    struct Opened: Sendable {
        var requestID: String
        var logger: Logger
        var language: Language
        /// The client's address, when the connection has one.
        var client: SocketAddress?
    }

    @TaskLocal static var opened: Opened?

    /// The authenticated caller; nil only on the public operations (health, readiness, metrics,
    /// the document).
    @TaskLocal public static var principal: Principal?
    /// The request id, also sent back as `X-Request-Id` and present in every log line.
    public static var requestID: String? { opened?.requestID }
    /// The request's logger, carrying the request id as metadata.
    public static var logger: Logger? { opened?.logger }
    /// The language the request's texts are answered in, as its `Accept-Language` prefers.
    public static var language: Language { opened?.language ?? .english }
    /// The client's address: its IP address, or nil when unknown (a test's in-memory request).
    static var clientAddress: String? { opened?.client?.clientKey }
}
