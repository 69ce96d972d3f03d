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
        discussion: Discussion.serve.local
    )

    @Option(help: ArgumentHelp(OptionHelp.serveHost.local))
    var host: String?

    @Option(help: ArgumentHelp(OptionHelp.servePort.local))
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
