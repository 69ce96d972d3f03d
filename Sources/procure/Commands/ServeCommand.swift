import ArgumentParser
import Configuration
import Foundation
import Hummingbird
import Ledger
import Logging
import Metrics
import PostgresNIO
import ProcurementAPI
import Prometheus

/// `procure serve`: the REST API, on the embedded PostgreSQL unless `DATABASE_URL` is set.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the procure API server.",
        discussion: """
            Without DATABASE_URL the server runs its own PostgreSQL cluster in the data directory \
            (initialised on first run), reachable only through a Unix socket, and stops it when the \
            server stops (SIGINT or SIGTERM: the HTTP server first, then the database). With \
            DATABASE_URL=postgres://user:password@host:5432/procure it uses that server instead. \
            Migrations are applied at start. Environment: PROCURE_HOST, PROCURE_PORT, \
            PROCURE_DATA_DIR, DATABASE_URL, PROCURE_LOG_LEVEL.
            """
    )

    @Option(help: "The address to listen on (default: PROCURE_HOST, else \(ServerSettings.defaultHost)).")
    var host: String?

    @Option(help: "The port to listen on (default: PROCURE_PORT, else \(ServerSettings.defaultPort)).")
    var port: Int?

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        var overrides = database.overrides
        if let host { overrides["procure.host"] = ConfigValue(.string(host), isSecret: false) }
        if let port { overrides["procure.port"] = ConfigValue(.int(port), isSecret: false) }
        let reader = ConfigReader(providers: [
            InMemoryProvider(name: "command line", values: overrides),
            EnvironmentVariablesProvider(),
        ])
        let logger = CLILogging.logger(defaultLevel: .info)
        let settings = ServerSettings(reader: reader)
        guard (0...65535).contains(settings.port) else {
            throw CLIError("--port must be between 0 and 65535 (0: any free port)")
        }
        let location = try DatabaseLocation(reader: reader)

        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Fine enough at the low end that a latency target (20 ms, 50 ms) falls on a bucket bound,
        // so /metrics can show whether the server's p99 meets it.
        factory.durationHistogramBuckets["http.server.request.duration"] = [
            1, 2.5, 5, 10, 15, 20, 25, 30, 40, 50, 75, 100, 250, 500, 1000, 2500, 5000, 10000,
        ].map { .microseconds(Int64($0 * 1000)) }
        MetricsSystem.bootstrap(factory)

        let embedded: EmbeddedPostgres?
        let configuration: PostgresClient.Configuration
        switch location {
        case .server(let url):
            embedded = nil
            configuration = url.clientConfiguration
        case .embedded(let dataDirectory):
            logger.info("starting the embedded PostgreSQL", metadata: ["dataDirectory": "\(dataDirectory.path)"])
            let cluster = EmbeddedPostgres(dataDirectory: dataDirectory, logger: logger)
            try await cluster.start()
            embedded = cluster
            configuration = try cluster.clientConfiguration()
        }

        do {
            try await Self.serve(settings: settings, configuration: configuration, registry: registry, logger: logger)
        } catch {
            try? await embedded?.stop()
            throw error
        }
        if let embedded {
            logger.info("stopping the embedded PostgreSQL")
            try await embedded.stop()
        }
    }

    /// Migrates, then serves until SIGINT or SIGTERM; returns once the HTTP server has stopped.
    static func serve(
        settings: ServerSettings, configuration: PostgresClient.Configuration,
        registry: PrometheusCollectorRegistry, logger: Logger
    ) async throws {
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            // Let run() begin before the first query, which would otherwise log that it has not.
            await Task.yield()
            let applied = try await Migrator(client: client, logger: logger).migrate()
            if !applied.isEmpty {
                logger.info("migrations applied", metadata: ["migrations": "\(applied.map(\.name))"])
            }
            // The migrations' client also serves the peer-link keeper; requests are served by the
            // supervisor's pools, replaced after a database outage so that they recover at once.
            let keeper = PeerLinkKeeper(links: PeerLinkRepository(client: client, logger: logger), logger: logger)
            var timing = DatabaseSupervisor.Timing()
            // How long a probe may go unanswered before it counts as failed (seconds; default 10).
            if let text = ProcessInfo.processInfo.environment["PROCURE_DATABASE_PROBE_TIMEOUT"],
                let seconds = Double(text), seconds > 0, seconds <= 60
            {
                timing.probeTimeout = .milliseconds(Int(seconds * 1000))
            }
            let supervisor = DatabaseSupervisor(configuration: configuration, timing: timing, logger: logger)
            let app = try buildApplication(
                settings: settings, supervisor: supervisor, metrics: registry, services: [keeper], logger: logger)
            try await app.runService()
        }
    }
}
