import HTTPTypes
import Hummingbird

/// Sends every response with `X-Request-Id`, the id Hummingbird puts in every log line of the
/// request, and makes it and the request's logger available to handlers.
struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    static var headerName: HTTPField.Name { HTTPField.Name("X-Request-Id")! }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let id = context.id
        var response = try await RequestScope.$requestID.withValue(id) {
            try await RequestScope.$logger.withValue(context.logger) {
                try await next(request, context)
            }
        }
        response.headers[Self.headerName] = id
        return response
    }
}
