import ArgumentParser
import Configuration
import Ledger
import Logging
import ProcurementAPI

/// `procure admin …`: work on the database directly, without the API — the same database
/// `procure serve` would use, whether or not it is running.
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: HelpText.adminCommand.local,
        discussion: Discussion.admin.local,
        subcommands: [MigrateCommand.self, TokenCommand.self, ExplainCommand.self, GenerateCommand.self]
    )
}

/// Options every admin command shares: where the database is.
struct AdminOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions

    func location() throws -> DatabaseLocation {
        try DatabaseLocation(reader: CLIConfiguration.reader(overrides: database.overrides))
    }
}

/// `procure admin migrate`: bring the schema up to date.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: HelpText.migrateCommand.local
    )

    @OptionGroup var options: AdminOptions

    func run() async throws {
        let logger = CLILogging.logger(defaultLevel: .warning)
        let location = try options.location()
        let (applied, status) = try await location.withClient(migrating: false, logger: logger) { client in
            let migrator = Migrator(client: client, logger: logger)
            return (try await migrator.migrate(), try await migrator.status())
        }
        for migration in applied { print("applied \(migration.name)") }
        print(
            "schema is current: \(status.applied.count) migrations, the latest \(status.applied.last?.name ?? "none")")
    }
}
