import HTTPTypes
import Hummingbird
import Ledger
import NIOCore

/// Refuses request bodies larger than the limit with 413 before any handler runs.
///
/// The OpenAPI runtime collects request bodies without a limit (Hummingbird's `maxUploadSize` is
/// bypassed), so the limit is enforced here: by `Content-Length` when the client sends one, and by
/// counting while collecting when it streams (`Transfer-Encoding: chunked`), which NIO reports as
/// `NIOTooManyBytesError` (or Hummingbird as a 413 `HTTPError`).
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let maximumBytes: Int

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maximumBytes {
            throw tooLarge()
        }
        var request = request
        if request.method == .post || request.method == .put || request.method == .patch {
            do {
                let buffer = try await request.body.collect(upTo: maximumBytes)
                request.body = RequestBody(buffer: buffer)
            } catch let error as HTTPError where error.status == .contentTooLarge {
                throw tooLarge()
            } catch is NIOTooManyBytesError {
                throw tooLarge()
            }
        }
        return try await next(request, context)
    }

    private func tooLarge() -> Problem {
        Problem(
            .contentTooLarge, code: "body_too_large", title: APIText.bodyTooLarge,
            detail: APIText.bodyLargerThan(maximumBytes))
    }
}
