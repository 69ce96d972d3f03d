import ArgumentParser
import Configuration
import Hummingbird
import Ledger
import ProcurementAPI

/// `procure serve`: the REST API, on the embedded PostgreSQL unless `DATABASE_URL` is set.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: HelpText.serveCommand.local,
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
        let reader = CLIConfiguration.reader(overrides: overrides)
        let server = try await buildServer(
            reader: reader, logger: CLILogging.logger(defaultLevel: .info, reader: reader))
        try await server.runService()
    }
}
