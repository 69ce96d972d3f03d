import Configuration
import Hummingbird
import Ledger
import Logging
import OpenAPIHummingbird
import OpenAPIRuntime
import PostgresNIO
import Prometheus
import ServiceLifecycle

/// How the HTTP server is set up, read from one configuration reader: keys `procure.host`,
/// `procure.port`, `procure.max.body.bytes` and `procure.metrics.token` (environment
/// `PROCURE_HOST`, `PROCURE_PORT`, `PROCURE_MAX_BODY_BYTES`, `PROCURE_METRICS_TOKEN`).
public struct ServerSettings: Sendable {
    public static let defaultHost = "127.0.0.1"
    public static let defaultPort = 8080
    public static let defaultMaximumBodyBytes = 4 * 1024 * 1024

    public var host: String
    public var port: Int
    public var maximumBodyBytes: Int
    /// When set, `GET /metrics` answers only `Authorization: Bearer <this>` (a scraper's secret,
    /// not an API token); unset, anyone who reaches the port reads it.
    public var metricsToken: String?

    public init(
        host: String = defaultHost, port: Int = defaultPort, maximumBodyBytes: Int = defaultMaximumBodyBytes,
        metricsToken: String? = nil
    ) {
        self.host = host
        self.port = port
        self.maximumBodyBytes = maximumBodyBytes
        self.metricsToken = metricsToken.flatMap { $0.isEmpty ? nil : $0 }
    }

    public init(reader: ConfigReader) {
        self.init(
            host: reader.string(forKey: "procure.host", default: Self.defaultHost),
            port: reader.int(forKey: "procure.port", default: Self.defaultPort),
            maximumBodyBytes: reader.int(forKey: "procure.max.body.bytes", default: Self.defaultMaximumBodyBytes),
            metricsToken: reader.string(forKey: "procure.metrics.token")
        )
    }
}

/// Builds the procure HTTP application on a database client that the caller runs.
///
/// `procure serve` and the tests build exactly this application; the tests drive it with
/// HummingbirdTesting. The caller runs `database` (the tests run one per fresh database), passes
/// further services to run with the server, and owns the metrics registry `/metrics` reads.
public func buildApplication(
    settings: ServerSettings,
    database: PostgresClient,
    metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    services: [any Service] = [],
    logger: Logger
) throws -> some ApplicationProtocol {
    try buildApplication(
        settings: settings, supervisor: DatabaseSupervisor(client: database, logger: logger), metrics: metrics,
        services: services, logger: logger)
}

/// Builds the procure HTTP application on the pools of `supervisor`, which runs with the server
/// (after the other services, so it outlives the requests at shutdown): requests are answered 503
/// at once while the database is unreachable, and served again as soon as it is back.
public func buildApplication(
    settings: ServerSettings,
    supervisor: DatabaseSupervisor,
    metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    services: [any Service] = [],
    logger: Logger
) throws -> some ApplicationProtocol {
    let router = Router()
    let routes = RouteTable()
    // Middlewares apply only to routes registered after them: add them first. The outermost
    // comes first: the request id must be known when a problem document is written.
    router.add(middleware: RequestScopeMiddleware())
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ProblemMiddleware(routes: routes))
    router.add(middleware: DatabaseGateMiddleware(supervisor: supervisor))
    router.add(middleware: BodyLimitMiddleware(maximumBytes: settings.maximumBodyBytes))
    router.add(middleware: StrictInputMiddleware())

    let handler = APIHandler(
        connections: supervisor, savingsSealer: SavingsChainSealer(client: { supervisor.client }, logger: logger),
        metrics: metrics, logger: logger)
    // Compact JSON with keys in order: pretty-printing a peer report (a few hundred kilobytes)
    // costs more server time than the query that makes it, and `jq` prints it for people anyway.
    try handler.registerHandlers(
        on: RecordingTransport(base: router, table: routes),
        configuration: Configuration(jsonEncodingOptions: [.sortedKeys]),
        middlewares: [
            AuthenticationMiddleware(
                tokens: { TokenRepository(client: supervisor.client, logger: logger) },
                metricsToken: settings.metricsToken)
        ]
    )

    var app = Application(
        router: router,
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "procure"),
        logger: logger
    )
    app.addServices(services + [supervisor])
    return app
}
