import Ledger
import Logging
import ProcurementClient

/// What a request carries into handlers that the generated `APIProtocol` signature has no room
/// for: who is calling, the request's id and its logger. Set by the middlewares for the duration
/// of one request.
public enum RequestScope {
    /// The authenticated caller; nil only on the public operations (health, readiness, metrics,
    /// the document).
    @TaskLocal public static var principal: Principal?
    /// The request id, also sent back as `X-Request-Id` and present in every log line.
    @TaskLocal public static var requestID: String?
    /// The request's logger, carrying the request id as metadata.
    @TaskLocal public static var logger: Logger?
    /// The language the request's texts are answered in, as its `Accept-Language` prefers.
    @TaskLocal public static var language: Language = .english
}
