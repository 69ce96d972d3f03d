import Foundation
import HTTPTypes
import Ledger
import OpenAPIRuntime
import ProcurementClient

/// An error that ends as an RFC 9457 problem document: a status, a stable machine `code`, a title
/// and a one-line detail a person can act on.
///
/// Handlers throw the Ledger's refusals or ``RequestError``s and ``ProblemMapping`` makes the
/// problem of each; middlewares, which answer outside any handler, make and throw problems
/// directly.
public struct Problem: Error, Sendable, HTTPResponseConvertible, CustomStringConvertible {
    /// One refused value: where it is (`/endDate`, `?limit`) and why.
    public struct Field: Sendable, Hashable {
        public let pointer: String
        public let message: Bilingual

        public init(pointer: String, message: Bilingual) {
            self.pointer = pointer
            self.message = message
        }
    }

    public let status: HTTPResponse.Status
    public let code: String
    public let title: Bilingual
    public let detail: Bilingual?
    public let errors: [Field]
    public var headers: HTTPFields
    /// With a conflict such as `vendor_exists`: the id of the resource that already exists.
    public var existingID: String?
    /// With `invalid_transition`: the statuses the case can move to now.
    public var allowedTransitions: [String]?
    /// With `similar_vendor`: the registered vendors a new name is close to.
    public var similarVendors: [SimilarVendor]?
    /// With `import_has_invalid_rows`: the invalid rows by line. The document is then the API's
    /// `ImportRejection`, which has these in place of `errors`.
    public var rowErrors: [ImportRowError]?

    public init(
        _ status: HTTPResponse.Status, code: String, title: Bilingual, detail: Bilingual? = nil,
        errors: [Field] = [], headers: HTTPFields = [:]
    ) {
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    /// The problem as the API's schema type, its texts in `language` (the `code` is the same in
    /// every language).
    public func document(in language: Language) -> Components.Schemas.Problem {
        Components.Schemas.Problem(
            _type: "https://procure.example/problems/\(code.replacingOccurrences(of: "_", with: "-"))",
            title: title(language),
            status: Int32(status.code),
            detail: detail?(language),
            code: code,
            requestId: RequestScope.requestID,
            existingId: existingID,
            allowedTransitions: allowedTransitions,
            similarVendors: similarVendors?.map(Components.Schemas.SimilarVendor.init),
            errors: errors.isEmpty ? nil : errors.map { .init(pointer: $0.pointer, message: $0.message(language)) }
        )
    }

    public var description: String { "\(status.code) \(code): \((detail ?? title).english)" }

    // MARK: HTTPResponseConvertible

    public var httpStatus: HTTPResponse.Status { status }

    /// The headers, with the content type (`RequestScopeMiddleware` adds the language of every
    /// answer).
    public var httpHeaderFields: HTTPFields {
        var fields = headers
        // As the generated code labels the API's other JSON answers.
        fields[.contentType] = "application/problem+json; charset=utf-8"
        return fields
    }

    public var httpBody: HTTPBody? { HTTPBody(encodedBody) }

    /// The problem document as JSON bytes, in the language of the request being answered.
    public var encodedBody: [UInt8] {
        let language = RequestScope.language
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let document = document(in: language)
        let body =
            try? rowErrors.map { try encoder.encode(rejection(document, rowErrors: $0)) }
            ?? encoder.encode(document)
        return body.map { Array($0) } ?? Array(#"{"title":"error"}"#.utf8)
    }

    /// The problem as the API's `ImportRejection`.
    private func rejection(
        _ document: Components.Schemas.Problem, rowErrors: [ImportRowError]
    ) -> Components.Schemas.ImportRejection {
        Components.Schemas.ImportRejection(
            _type: document._type, title: document.title, status: document.status, detail: document.detail,
            code: code, requestId: document.requestId,
            rowErrors: rowErrors.map(Components.Schemas.ImportRowError.init))
    }
}

extension Problem {
    static func unauthorized(_ detail: Bilingual) -> Problem {
        Problem(
            .unauthorized, code: "unauthorized", title: APIText.authenticationRequired, detail: detail,
            headers: [.wwwAuthenticate: #"Bearer realm="procure""#])
    }

    /// Too many failed token checks from the client's address (``FailedAuthentications``).
    static func tooManyAttempts(retryAfter seconds: Int) -> Problem {
        var problem = Problem(
            .tooManyRequests, code: "too_many_attempts", title: APIText.tooManyAttempts,
            detail: APIText.tooManyAttemptsWait(seconds))
        problem.headers[.retryAfter] = String(seconds)
        return problem
    }

    static func notFound(_ detail: Bilingual) -> Problem {
        Problem(.notFound, code: "not_found", title: APIText.notFound, detail: detail)
    }

    static func databaseUnavailable(_ detail: Bilingual = APIText.databaseUnreachable) -> Problem {
        Problem(
            .serviceUnavailable, code: "database_unavailable", title: APIText.databaseUnavailable, detail: detail,
            headers: [.retryAfter: "5"])
    }

    static func internalError() -> Problem {
        Problem(
            .internalServerError, code: "internal_error", title: APIText.internalError,
            detail: APIText.internalErrorDetail)
    }

    static func invalid(
        _ code: String, _ detail: Bilingual, pointer: String? = nil
    ) -> Problem {
        Problem(
            .badRequest, code: code, title: APIText.invalidRequest, detail: detail,
            errors: pointer.map { [.init(pointer: $0, message: detail)] } ?? [])
    }
}
