import Configuration
import EmbeddedPostgres
import Hummingbird
import Ledger
import Logging
import Metrics
import PostgresNIO
import Prometheus
import ServiceLifecycle

/// procure's whole service as `procure serve` runs it, assembled from one configuration reader:
/// the database (the server `DATABASE_URL` names, or the embedded cluster of the data directory,
/// started here and stopped after the HTTP server), its migrations applied before anything is
/// served, the peer-link keeper, the database supervisor and the metrics `/metrics` reads.
///
/// Keys (and their environment variables): `procure.host`, `procure.port`,
/// `procure.max.body.bytes`, the connection limits (``ServerSettings``), `procure.data.dir`, `database.url` (`DATABASE_URL`) and
/// `procure.database.probe.timeout` (seconds, default 10); `path` (`PATH`) is where the embedded
/// cluster's programs are looked for.
public func buildServer(reader: ConfigReader, logger: Logger) async throws -> some ApplicationProtocol {
    let openFiles = OpenFileLimit.raise()
    let settings = try ServerSettings(reader: reader)
    logger.info(
        "connection limits",
        metadata: [
            "openFileLimit": "\(openFiles)", "maximumConnections": "\(settings.connections.maximumConnections)",
            "idleTimeout": "\(settings.connections.idleTimeout)", "bodyTimeout": "\(settings.connections.bodyTimeout)",
            "bodyMinimumRate": "\(settings.connections.bodyMinimumRate)",
        ])
    guard (0...65535).contains(settings.port) else {
        throw ServerConfigurationError("--port must be between 0 and 65535 (0: any free port)")
    }
    let location = try DatabaseLocation(reader: reader)
    let registry = ServerMetrics.registry

    let cluster: EmbeddedPostgres?
    let configuration: PostgresClient.Configuration
    switch location {
    case .server(let url):
        cluster = nil
        configuration = url.clientConfiguration
    case .embedded(let dataDirectory, let searchPath):
        logger.info("starting the embedded PostgreSQL", metadata: ["dataDirectory": "\(dataDirectory.path)"])
        var options = EmbeddedPostgres.Options()
        options.searchPath = searchPath
        let started = EmbeddedPostgres(dataDirectory: dataDirectory, options: options, logger: logger)
        try await started.start()
        cluster = started
        configuration = try started.clientConfiguration()
    }
    do {
        try await DatabaseLocation.withClient(configuration, migrating: false, logger: logger) { client in
            let applied = try await Migrator(client: client, logger: logger).migrate()
            if !applied.isEmpty {
                logger.info("migrations applied", metadata: ["migrations": "\(applied.map(\.name))"])
            }
        }
        // A client of its own for the keeper; requests are served by the supervisor's pools,
        // replaced after a database outage so that they recover at once.
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let keeper = ServiceWithClient(
            client: client,
            service: PeerLinkKeeper(links: PeerLinkRepository(client: client, logger: logger), logger: logger))
        var timing = DatabaseSupervisor.Timing()
        if let seconds = reader.double(forKey: "procure.database.probe.timeout"), seconds > 0, seconds <= 60 {
            timing.probeTimeout = .milliseconds(Int(seconds * 1000))
        }
        let supervisor = DatabaseSupervisor(configuration: configuration, timing: timing, logger: logger)
        // Services stop in the reverse of this order, after the HTTP server: the cluster last.
        let services: [any Service] = cluster.map { [EmbeddedClusterService(cluster: $0, logger: logger)] } ?? []
        return try buildApplication(
            settings: settings, supervisor: supervisor, metrics: registry, services: services + [keeper],
            logger: logger)
    } catch {
        try? await cluster?.stop()
        throw error
    }
}

/// A setting that cannot be served with, in the words of the option or variable that set it.
public struct ServerConfigurationError: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// The process's metrics: bootstrapped once, since `MetricsSystem` is global.
enum ServerMetrics {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Fine enough at the low end that a latency target (20 ms, 50 ms) falls on a bucket bound,
        // so /metrics can show whether the server's p99 meets it.
        factory.durationHistogramBuckets["http.server.request.duration"] = [
            1, 2.5, 5, 10, 15, 20, 25, 30, 40, 50, 75, 100, 250, 500, 1000, 2500, 5000, 10000,
        ].map { .microseconds(Int64($0 * 1000)) }
        MetricsSystem.bootstrap(factory)
        return registry
    }()
}

/// Runs `service` with the client it queries: the client's pool starts before the service's first
/// query and ends after the service.
struct ServiceWithClient<Wrapped: Service>: Service {
    let client: PostgresClient
    let service: Wrapped

    func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            // Let run() begin before the first query, which would otherwise log that it has not.
            await Task.yield()
            try await service.run()
            group.cancelAll()
        }
    }
}

/// Keeps the embedded cluster running as long as the service group, and stops it once every
/// service listed after it (the HTTP server first) has stopped.
struct EmbeddedClusterService: Service {
    let cluster: EmbeddedPostgres
    let logger: Logger

    func run() async throws {
        // Cancelled rather than shut down (another service failed): stop all the same.
        try? await gracefulShutdown()
        logger.info("stopping the embedded PostgreSQL")
        // Not cancelled with this task: the cluster must stop even when the group is cancelled.
        try await Task { try await cluster.stop() }.value
    }
}
