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
/// `procure.port`, `procure.max.body.bytes`, `procure.metrics.token`, and the connection limits
/// `procure.max.connections`, `procure.idle.timeout` and `procure.body.timeout` (seconds),
/// `procure.body.min.rate` (bytes a second), and `procure.auth.failure.limit` — environment `PROCURE_HOST`, `PROCURE_PORT`,
/// `PROCURE_MAX_BODY_BYTES`, `PROCURE_METRICS_TOKEN`, `PROCURE_MAX_CONNECTIONS`, … .
public struct ServerSettings: Sendable {
    public static let defaultHost = "127.0.0.1"
    public static let defaultPort = 8080
    public static let defaultMaximumBodyBytes = 4 * 1024 * 1024
    public static let defaultAuthenticationFailureLimit = 20

    public var host: String
    public var port: Int
    public var maximumBodyBytes: Int
    /// When set, `GET /metrics` answers only `Authorization: Bearer <this>` (a scraper's secret,
    /// not an API token); unset, anyone who reaches the port reads it.
    public var metricsToken: String?
    public var connections: ConnectionLimits
    /// Failed token checks a client address may make in a minute before it is answered 429; 0:
    /// no limit (behind a proxy every client has the proxy's address: limit there instead).
    public var authenticationFailureLimit: Int

    public init(
        host: String = defaultHost, port: Int = defaultPort, maximumBodyBytes: Int = defaultMaximumBodyBytes,
        metricsToken: String? = nil,
        connections: ConnectionLimits = ConnectionLimits(
            maximumConnections: ConnectionLimits.defaultMaximumConnections(openFileLimit: OpenFileLimit.current)),
        authenticationFailureLimit: Int = defaultAuthenticationFailureLimit
    ) {
        self.host = host
        self.port = port
        self.maximumBodyBytes = maximumBodyBytes
        self.metricsToken = metricsToken.flatMap { $0.isEmpty ? nil : $0 }
        self.connections = connections
        self.authenticationFailureLimit = authenticationFailureLimit
    }

    /// The settings `reader` gives; the default connection cap follows the process's open-file
    /// limit as it is now (``OpenFileLimit/raise()`` first).
    public init(reader: ConfigReader) throws {
        func seconds(_ key: String, _ fallback: Duration) throws -> Duration {
            guard let value = reader.double(forKey: ConfigKey(key)) else { return fallback }
            guard value > 0, value <= 86_400 else {
                throw ServerConfigurationError(
                    "\(Self.environmentName(key)) must be a number of seconds above 0, at most 86400")
            }
            return .milliseconds(Int64(value * 1000))
        }
        let maximumConnections = reader.int(
            forKey: "procure.max.connections",
            default: ConnectionLimits.defaultMaximumConnections(openFileLimit: OpenFileLimit.current))
        let minimumRate = reader.int(forKey: "procure.body.min.rate", default: ConnectionLimits.defaultBodyMinimumRate)
        guard maximumConnections > 0 else {
            throw ServerConfigurationError("PROCURE_MAX_CONNECTIONS must be a whole number above 0")
        }
        let failureLimit = reader.int(
            forKey: "procure.auth.failure.limit", default: Self.defaultAuthenticationFailureLimit)
        guard failureLimit >= 0 else {
            throw ServerConfigurationError("PROCURE_AUTH_FAILURE_LIMIT must be a whole number, 0 or more (0: no limit)")
        }
        guard minimumRate > 0 else {
            throw ServerConfigurationError("PROCURE_BODY_MIN_RATE must be a whole number of bytes above 0")
        }
        self.init(
            host: reader.string(forKey: "procure.host", default: Self.defaultHost),
            port: reader.int(forKey: "procure.port", default: Self.defaultPort),
            maximumBodyBytes: reader.int(forKey: "procure.max.body.bytes", default: Self.defaultMaximumBodyBytes),
            metricsToken: reader.string(forKey: "procure.metrics.token"),
            connections: ConnectionLimits(
                idleTimeout: try seconds("procure.idle.timeout", ConnectionLimits.defaultIdleTimeout),
                bodyTimeout: try seconds("procure.body.timeout", ConnectionLimits.defaultBodyTimeout),
                bodyMinimumRate: minimumRate, maximumConnections: maximumConnections),
            authenticationFailureLimit: failureLimit
        )
    }

    /// `PROCURE_IDLE_TIMEOUT` for `procure.idle.timeout`: the variable a person sets.
    static func environmentName(_ key: String) -> String {
        key.uppercased().replacingOccurrences(of: ".", with: "_")
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
    let router = Router(context: ProcureRequestContext.self)
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
                metricsToken: settings.metricsToken,
                failures: FailedAuthentications(limit: settings.authenticationFailureLimit))
        ]
    )

    let limits = settings.connections
    let connections = OpenConnections(maximum: limits.maximumConnections, logger: logger)
    var app = Application(
        router: router,
        server: .http1(
            configuration: .init(additionalChannelHandlers: [
                ConnectionGuardHandler(limits: limits, connections: connections, logger: logger)
            ])),
        // A long queue of connections waiting to be accepted: under a burst of new connections a
        // short one fills, and the kernel drops the next client's SYN (answered a second later).
        configuration: .init(
            address: .hostname(settings.host, port: settings.port), serverName: "procure", backlog: 4_096),
        logger: logger
    )
    app.addServices(services + [supervisor])
    return app
}
