import Ledger
import Logging
import OpenAPIRuntime
import PostgresNIO
import ProcurementClient
import Prometheus

/// Implements the generated `APIProtocol`: each operation translates between the API's types and
/// the Ledger's, and returns the documented response. Operations live in extensions by feature
/// (`Handlers/Municipalities/`, …).
struct APIHandler: APIProtocol {
    /// The database's current pool: replaced when the database comes back after an outage.
    let connections: DatabaseSupervisor
    /// Chains committed savings entries for every request of this process (one per process).
    let savingsSealer: SavingsChainSealer
    let metrics: PrometheusCollectorRegistry
    let logger: Logger

    var database: PostgresClient { connections.client }

    var municipalities: MunicipalityRepository { MunicipalityRepository(client: database, logger: requestLogger) }

    /// The request's logger (with its request id) when inside a request.
    var requestLogger: Logger { RequestScope.logger ?? logger }

    /// The authenticated caller. Every operation but the public ones runs behind
    /// ``AuthenticationMiddleware``, so a missing principal there is a wiring bug, not a client error.
    func principal() throws -> Principal {
        guard let principal = RequestScope.principal else {
            throw Problem.unauthorized(APIText.bearerRequired)
        }
        return principal
    }
}
