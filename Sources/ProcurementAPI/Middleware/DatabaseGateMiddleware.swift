import HTTPTypes
import Hummingbird
import Ledger
import OpenAPIRuntime

/// Answers 503 `database_unavailable` (with `Retry-After`) at once while the
/// ``DatabaseSupervisor`` finds the database unreachable, instead of letting requests wait for a
/// connection; answers it too for a request still running when the database is found unreachable
/// (cancelling it: its outcome is unknown to the client, which retries, with the same
/// `Idempotency-Key` where it matters); and tells the supervisor when a request fails for want of
/// the database, so that it probes at once.
///
/// The liveness probe, the metrics and the API document do not need the database and pass
/// through; `/readyz` is answered here too, which is what makes it report "not ready".
struct DatabaseGateMiddleware<Context: RequestContext>: RouterMiddleware {
    static var withoutDatabase: Set<String> { ["/healthz", "/metrics", "/openapi.yaml"] }

    let supervisor: DatabaseSupervisor

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if Self.withoutDatabase.contains(request.uri.path) {
            return try await next(request, context)
        }
        guard supervisor.isAvailable else {
            throw Problem.databaseUnavailable()
        }
        do {
            guard let response = try await supervisor.unlessOutage({ try await next(request, context) }) else {
                throw Problem.databaseUnavailable()
            }
            return response
        } catch {
            let cause = (error as? ServerError)?.underlyingError ?? error
            if DatabaseAvailability.isUnavailable(cause) {
                supervisor.reportUnavailable()
            }
            throw error
        }
    }
}
