import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import Logging
import OpenAPIRuntime

/// Turns every error that reaches the HTTP layer into a problem document, so a client never sees
/// Hummingbird's or the OpenAPI runtime's bare errors: unknown routes are 404, requests the
/// generated code cannot decode are 400, an unreachable database is 503, and everything else is a
/// 500 logged with its cause (the runtime would otherwise log it only at debug level).
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Self.problem(for: error, request: request, logger: context.logger)
            return Response(
                status: problem.httpStatus,
                headers: problem.httpHeaderFields,
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: problem.encodedBody))
            )
        }
    }

    static func problem(for error: any Error, request: Request, logger: Logger) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as HTTPError:
            return problem(for: error, request: request)
        case let error as ServerError:
            if let problem = error.underlyingError as? Problem { return problem }
            if DatabaseAvailability.isUnavailable(error.underlyingError) {
                logger.warning(
                    "database unavailable", metadata: ["error": "\(String(reflecting: error.underlyingError))"])
                return .databaseUnavailable()
            }
            if error.operationInput == nil {
                // The generated code could not turn the request into the operation's input: the
                // request's fault (malformed JSON, a missing or mistyped parameter).
                return malformedRequest(error.underlyingError)
            }
            logger.error(
                "request failed",
                metadata: [
                    "operation": "\(error.operationID)",
                    "error": "\(String(reflecting: error.underlyingError))",
                ])
            return .internalError()
        default:
            if DatabaseAvailability.isUnavailable(error) { return .databaseUnavailable() }
            logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            return .internalError()
        }
    }

    static func problem(for error: HTTPError, request: Request) -> Problem {
        switch error.status {
        case .notFound:
            return .notFound("there is no \(request.method.rawValue) \(request.uri.path)")
        case .contentTooLarge:
            return Problem(
                .contentTooLarge, code: "body_too_large", title: "Request body too large",
                detail: error.body ?? "the request body is larger than this server accepts")
        default:
            return Problem(
                error.status, code: error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_"),
                title: error.status.reasonPhrase, detail: error.body)
        }
    }

    static func malformedRequest(_ error: any Error) -> Problem {
        if let decoding = error as? DecodingError {
            let (context, what): (DecodingError.Context, String) =
                switch decoding {
                case .dataCorrupted(let context): (context, "is not valid")
                case .keyNotFound(let key, let context):
                    (
                        DecodingError.Context(
                            codingPath: context.codingPath + [key], debugDescription: context.debugDescription),
                        "is required"
                    )
                case .typeMismatch(_, let context): (context, "has the wrong type")
                case .valueNotFound(_, let context): (context, "must not be null")
                @unknown default: (DecodingError.Context(codingPath: [], debugDescription: ""), "is not valid")
                }
            let pointer =
                "/"
                + context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
                .joined(separator: "/")
            if context.codingPath.isEmpty {
                return Problem(
                    .badRequest, code: "malformed_json", title: "Malformed JSON",
                    detail: "the request body is not valid JSON for this operation")
            }
            return Problem(
                .badRequest, code: "invalid_body", title: "Invalid request body",
                detail: "\(pointer) \(what)", errors: [.init(pointer: pointer, message: what)])
        }
        return Problem(
            .badRequest, code: "malformed_request", title: "Malformed request", detail: "\(error)")
    }
}
