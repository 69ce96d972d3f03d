import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import Logging
import NIOCore
import NIOHTTP1
import OpenAPIRuntime
import PostgresNIO
import ProcurementClient

/// Turns every error that reaches the HTTP layer into a problem document, so a client never sees
/// Hummingbird's or the OpenAPI runtime's bare errors: what a handler throws is answered as
/// ``ProblemMapping`` says (the handlers return only their successes), unknown routes are 404,
/// requests the generated code cannot decode are 400, a known path asked with a method it does not
/// have is 405, text PostgreSQL cannot store (a NUL character) is 400, an unreachable database is
/// 503, and everything else is a 500 logged with its cause (the runtime would otherwise log it only
/// at debug level).
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The API's operations, to tell an unknown path (404) from a known one with another method (405).
    var routes = RouteTable()

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = routes.methods(forPath: request.uri.path)
            let problem =
                allowed.isEmpty
                ? Self.problem(for: error, request: request)
                : Self.methodNotAllowed(request: request, allowed: allowed)
            return Response(
                status: problem.httpStatus,
                headers: problem.httpHeaderFields,
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: problem.encodedBody))
            )
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
        if let cut = clientEnded(error) {
            // The client went away (or broke off its request) before the request was whole: not a
            // fault of the server, so not an error for alerting; the answer will not be read.
            logger.info("request ended by the client before it was whole", metadata: ["error": "\(cut)"])
            return Problem(
                .badRequest, code: "incomplete_request", title: APIText.invalidRequest,
                detail: APIText.incompleteRequest)
        }
        switch error {
        case let error as HTTPError:
            return problem(for: error, request: request)
        case let error as ServerError:
            // What the operation's handler threw, or what the generated code failed on.
            if let problem = ProblemMapping.problem(for: error.underlyingError) { return problem }
            if DatabaseAvailability.isUnavailable(error.underlyingError) {
                logger.warning(
                    "database unavailable", metadata: ["error": "\(String(reflecting: error.underlyingError))"])
                return .databaseUnavailable()
            }
            if let problem = unstorableText(error.underlyingError) { return problem }
            if error.operationInput == nil {
                // The generated code could not turn the request into the operation's input: the
                // request's fault (malformed JSON, a missing or mistyped parameter).
                return malformedRequest(error.underlyingError, request: request)
            }
            logger.error(
                "request failed",
                metadata: [
                    "operation": "\(error.operationID)",
                    "error": "\(String(reflecting: error.underlyingError))",
                ])
            return .internalError()
        default:
            if let problem = ProblemMapping.problem(for: error) { return problem }
            if DatabaseAvailability.isUnavailable(error) { return .databaseUnavailable() }
            if let problem = unstorableText(error) { return problem }
            logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            return .internalError()
        }
    }

    /// The parser's or the channel's error when `error` (or the error the generated code wraps) says
    /// the request stopped before its end: the connection closed mid-body, or the stream broke.
    static func clientEnded(_ error: any Error) -> (any Error)? {
        let underlying = (error as? ServerError)?.underlyingError ?? error
        switch underlying {
        case let parser as HTTPParserError: return parser
        case let channel as ChannelError where channel == .ioOnClosedChannel || channel == .eof: return channel
        default: return nil
        }
    }

    static func problem(for error: HTTPError, request: Request) -> Problem {
        switch error.status {
        case .notFound:
            return .notFound(APIText.noRoute(request.method.rawValue, request.uri.path))
        case .contentTooLarge:
            return Problem(
                .contentTooLarge, code: "body_too_large", title: APIText.bodyTooLarge, detail: APIText.bodyLarger)
        default:
            // Hummingbird's own refusals, in its words.
            return Problem(
                error.status, code: error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_"),
                title: .verbatim(error.status.reasonPhrase), detail: error.body.map(Bilingual.verbatim))
        }
    }

    static func methodNotAllowed(request: Request, allowed: [HTTPRequest.Method]) -> Problem {
        let methods = Set(allowed.map(\.rawValue)).sorted()
        return Problem(
            .methodNotAllowed, code: "method_not_allowed", title: APIText.methodNotAllowed,
            detail: APIText.methodNotAllowed(
                request.uri.path, allowed: methods.joined(separator: ", "), method: request.method.rawValue),
            headers: [.allow: methods.joined(separator: ", ")])
    }

    /// PostgreSQL cannot store the NUL character (U+0000, `%00`, `\u0000`) in text, nor compare
    /// with it: SQLSTATE 22021 (character not in repertoire) is the request's fault, found before
    /// anything was written, so it is a 400 rather than a 500.
    static func unstorableText(_ error: any Error) -> Problem? {
        let sqlState: String?
        switch error {
        case let error as PSQLError: sqlState = error.serverInfo?[.sqlState]
        case let error as PostgresTransactionError:
            return [error.closureError, error.rollbackError, error.commitError, error.beginError]
                .lazy.compactMap { $0.flatMap(unstorableText) }.first
        default: sqlState = nil
        }
        guard sqlState == "22021" else { return nil }
        return Problem(.badRequest, code: "invalid_text", title: APIText.invalidText, detail: APIText.nulCharacter)
    }

    /// The API's query parameters that take a whole number, and those that take true or false.
    static var integerQueryParameters: Set<String> {
        [
            "limit", "fiscalYear", "fromFiscalYear", "toFiscalYear", "within", "peerWindowMonths", "peersPerVendor",
            "peersPerContract",
        ]
    }
    static var booleanQueryParameters: Set<String> { ["mine"] }
    /// The query parameters that take one of a list of values, by path (the same name takes other
    /// values on another path), from the generated types.
    static var enumeratedQueryParameters: [String: [String: [String]]] {
        [
            "/cases": ["status": Components.Schemas.CaseStatus.allCases.map(\.rawValue)],
            "/reports/savings": ["groupBy": Components.Schemas.SavingsGrouping.allCases.map(\.rawValue)],
            "/vendor-merge-proposals": [
                "status": Operations.ListVendorMergeProposals.Input.Query.StatusPayload.allCases.map(\.rawValue)
            ],
        ]
    }

    /// The first query parameter whose value is not of its kind (`?limit=abc`, `?status=xyz`), if
    /// any.
    static func mistypedQueryParameter(_ request: Request) -> (String, String, APIText.ParameterKind)? {
        let enumerated = enumeratedQueryParameters[request.uri.path] ?? [:]
        for (name, value) in request.uri.queryParameters {
            let name = String(name)
            let value = String(value)
            if integerQueryParameters.contains(name), Int32(value) == nil { return (name, value, .integer) }
            if booleanQueryParameters.contains(name), value != "true", value != "false" {
                return (name, value, .boolean)
            }
            if let values = enumerated[name], !values.contains(value) { return (name, value, .oneOf(values)) }
        }
        return nil
    }

    static func malformedRequest(_ error: any Error, request: Request) -> Problem {
        if let decoding = error as? DecodingError {
            let (context, what): (DecodingError.Context, APIText.BodyFieldFault) =
                switch decoding {
                case .dataCorrupted(let context): (context, .invalid)
                case .keyNotFound(let key, let context):
                    (
                        DecodingError.Context(
                            codingPath: context.codingPath + [key], debugDescription: context.debugDescription),
                        .required
                    )
                case .typeMismatch(_, let context): (context, .wrongType)
                case .valueNotFound(_, let context): (context, .null)
                @unknown default: (DecodingError.Context(codingPath: [], debugDescription: ""), .invalid)
                }
            let pointer =
                "/"
                + context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
                .joined(separator: "/")
            if context.codingPath.isEmpty {
                guard request.headers[.contentType]?.lowercased().contains("json") == true else {
                    // No JSON body: the generated code could not read a path or query parameter.
                    // Its error does not say which; a number or flag that is none is named.
                    if let (name, value, kind) = Self.mistypedQueryParameter(request) {
                        let detail = APIText.parameterMistyped(name, value: value, kind: kind)
                        return Problem(
                            .badRequest, code: "invalid_parameter", title: APIText.invalidParameter, detail: detail,
                            errors: [.init(pointer: "?\(name)", message: detail)])
                    }
                    return Problem(
                        .badRequest, code: "invalid_parameter", title: APIText.invalidParameter,
                        detail: APIText.parameterInvalid)
                }
                return Problem(
                    .badRequest, code: "malformed_json", title: APIText.malformedJSON, detail: APIText.bodyNotJSON)
            }
            return Problem(
                .badRequest, code: "invalid_body", title: APIText.invalidBody,
                detail: APIText.bodyField(pointer, what), errors: [.init(pointer: pointer, message: what.text)])
        }
        return Problem(
            .badRequest, code: "malformed_request", title: APIText.malformedRequest, detail: .verbatim("\(error)"))
    }
}
