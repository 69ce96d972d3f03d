import HTTPTypes
import Hummingbird
import Ledger

/// Opens the request's ``RequestScope``: its id (sent back as `X-Request-Id`, and in every log
/// line of the request), its logger, and the language its texts are answered in — Japanese or
/// English, as `Accept-Language` prefers, English when it names neither (sent back as
/// `Content-Language`).
struct RequestScopeMiddleware<Context: RequestContext>: RouterMiddleware {
    static var requestIDHeader: HTTPField.Name { HTTPField.Name("X-Request-Id")! }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let id = context.id
        let language = Language.preferred(byAcceptLanguage: request.headers[.acceptLanguage])
        let opened = RequestScope.Opened(
            requestID: id, logger: context.logger, language: language,
            client: (context as? any RemoteAddressRequestContext)?.remoteAddress)
        var response = try await RequestScope.$opened.withValue(opened) {
            try await next(request, context)
        }
        if request.method == .head {
            // A HEAD is answered without a body, even a problem document made on the way out;
            // the length, when known, says what the GET would have sent.
            let length = response.body.contentLength
            response.body = ResponseBody()
            if let length { response.headers[.contentLength] = String(length) }
        }
        response.headers[Self.requestIDHeader] = id
        response.headers[.contentLanguage] = language.rawValue
        // The same path answers in either language.
        response.headers.append(HTTPField(name: .vary, value: "Accept-Language"))
        return response
    }
}
