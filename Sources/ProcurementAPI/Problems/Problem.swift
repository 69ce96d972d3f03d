import Foundation
import HTTPTypes
import OpenAPIRuntime
import ProcurementClient

/// An error that ends as an RFC 9457 problem document: a status, a stable machine `code`, a title
/// and a one-line detail a person can act on.
///
/// Handlers throw the Ledger's refusals or ``RequestError``s and ``ProblemMapping`` makes the
/// problem of each; middlewares, which answer outside any handler, make and throw problems
/// directly.
public struct Problem: Error, Sendable, HTTPResponseConvertible, CustomStringConvertible {
    public let status: HTTPResponse.Status
    public let code: String
    public let title: String
    public let detail: String?
    public let errors: [Components.Schemas.FieldError]
    public var headers: HTTPFields
    /// With a conflict such as `vendor_exists`: the id of the resource that already exists.
    public var existingID: String?
    /// With `invalid_transition`: the statuses the case can move to now.
    public var allowedTransitions: [String]?
    /// With `import_has_invalid_rows`: the invalid rows by line. The document is then the API's
    /// `ImportRejection`, which has these in place of `errors`.
    public var rowErrors: [Components.Schemas.ImportRowError]?

    public init(
        _ status: HTTPResponse.Status, code: String, title: String, detail: String? = nil,
        errors: [Components.Schemas.FieldError] = [], headers: HTTPFields = [:]
    ) {
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    /// The problem as the API's schema type.
    public var document: Components.Schemas.Problem {
        Components.Schemas.Problem(
            _type: "https://procure.example/problems/\(code.replacingOccurrences(of: "_", with: "-"))",
            title: title,
            status: Int32(status.code),
            detail: detail,
            code: code,
            requestId: RequestScope.requestID,
            existingId: existingID,
            allowedTransitions: allowedTransitions,
            errors: errors.isEmpty ? nil : errors
        )
    }

    public var description: String { "\(status.code) \(code): \(detail ?? title)" }

    // MARK: HTTPResponseConvertible

    public var httpStatus: HTTPResponse.Status { status }

    public var httpHeaderFields: HTTPFields {
        var fields = headers
        // As the generated code labels the API's other JSON answers.
        fields[.contentType] = "application/problem+json; charset=utf-8"
        return fields
    }

    public var httpBody: HTTPBody? { HTTPBody(encodedBody) }

    /// The problem document as JSON bytes.
    public var encodedBody: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = try? rowErrors.map { try encoder.encode(rejection(rowErrors: $0)) } ?? encoder.encode(document)
        return body.map { Array($0) } ?? Array(#"{"title":"error"}"#.utf8)
    }

    /// The problem as the API's `ImportRejection`.
    private func rejection(rowErrors: [Components.Schemas.ImportRowError]) -> Components.Schemas.ImportRejection {
        let document = document
        return Components.Schemas.ImportRejection(
            _type: document._type, title: title, status: document.status, detail: detail, code: code,
            requestId: document.requestId, rowErrors: rowErrors)
    }
}

extension Problem {
    static func unauthorized(_ detail: String) -> Problem {
        Problem(
            .unauthorized, code: "unauthorized", title: "Authentication required", detail: detail,
            headers: [.wwwAuthenticate: #"Bearer realm="procure""#])
    }

    static func notFound(_ detail: String) -> Problem {
        Problem(.notFound, code: "not_found", title: "Not found", detail: detail)
    }

    static func databaseUnavailable(_ detail: String = "the database is not reachable; retry shortly") -> Problem {
        Problem(
            .serviceUnavailable, code: "database_unavailable", title: "Database unavailable", detail: detail,
            headers: [.retryAfter: "5"])
    }

    static func internalError() -> Problem {
        Problem(
            .internalServerError, code: "internal_error", title: "Internal server error",
            detail: "the server failed to answer; the failure is logged with this request's id")
    }

    static func invalid(
        _ code: String, _ detail: String, pointer: String? = nil
    ) -> Problem {
        Problem(
            .badRequest, code: code, title: "Invalid request", detail: detail,
            errors: pointer.map { [.init(pointer: $0, message: detail)] } ?? [])
    }
}
