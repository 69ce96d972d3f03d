import ArgumentParser
import Foundation
import ProcurementClient

/// `procure`: the server (`serve`), database administration (`admin`), and a client of the REST
/// API for everything else.
@main
struct Procure: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "procure",
        abstract: "Shared vendor contracts, joint negotiations and savings of Japanese municipalities.",
        discussion: """
            Run the service with `procure serve` (on its own embedded PostgreSQL unless DATABASE_URL \
            is set), make a token with `procure admin token create`, log in with `procure login`, \
            and use the other commands as a client of the service.
            """,
        version: procureVersion,
        subcommands: [
            ServeCommand.self,
            AdminCommand.self,
            LoginCommand.self,
            WhoamiCommand.self,
            MunicipalitiesCommand.self,
            VendorsCommand.self,
            CategoriesCommand.self,
            ContractsCommand.self,
            PeersCommand.self,
            RenewalsCommand.self,
            CasesCommand.self,
            SavingsCommand.self,
            ReportCommand.self,
        ]
    )

    /// Runs the command; a failure is one `error: …` line on standard error and a non-zero exit,
    /// never a stack trace.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as CLIError {
            StandardError.write("error: \(error.message)\n")
            Foundation.exit(error.exitCode)
        } catch let problem as APIProblem {
            // The server's refusal, in its own words: the problem document's detail.
            StandardError.write("error: \(problem.description)\n")
            Foundation.exit(1)
        } catch  where String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
            // Usage errors, --help and --version: ArgumentParser prints them with the usage.
            exit(withError: error)
        } catch {
            StandardError.write("error: \(CLIError.describe(error))\n")
            Foundation.exit(1)
        }
    }
}

let procureVersion = "0.1.0"
