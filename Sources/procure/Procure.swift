import ArgumentParser
import Foundation
import Ledger
import ProcurementClient

/// `procure`: the server (`serve`), database administration (`admin`), and a client of the REST
/// API for everything else.
@main
struct Procure: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "procure",
        abstract: HelpText.procure.local,
        discussion: HelpText.procureDiscussion.local,
        version: procureVersion,
        subcommands: [
            ServeCommand.self,
            AdminCommand.self,
            LoginCommand.self,
            WhoamiCommand.self,
            InboxCommand.self,
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
            // ArgumentParser takes --version anywhere as the program's version and exits 0, so
            // `contracts update 1 --version 1` would print 0.1.0 and change nothing: refuse it.
            let arguments = CommandLine.arguments.dropFirst()
            if arguments.contains("--version") && arguments.count > 1 {
                throw CLIError(CLIText.versionOnlyAlone, exitCode: 64)
            }
            if let unknown = CommandSuggestion.unknownCommand(in: Array(arguments), root: Procure.self) {
                throw CLIError(unknown, exitCode: 64)
            }
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as CLIError {
            StandardError.write(CLIText.errorPrefix.local + error.message.local + "\n")
            Foundation.exit(error.exitCode)
        } catch let problem as APIProblem {
            // The server's refusal, in its own words (in the language asked for): the problem
            // document's detail.
            let message = problem.message ?? CLIText.unexpectedStatus(problem.status).local
            StandardError.write(CLIText.errorPrefix.local + message + "\n")
            Foundation.exit(1)
        } catch  where String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
            // Usage errors, --help and --version: ArgumentParser's message with the usage, in the
            // run's language; help goes to standard output, errors to standard error.
            let code = exitCode(for: error)
            let message = ArgumentParserWords.localized(fullMessage(for: error))
            if code == .success {
                print(message)
            } else {
                StandardError.write(message + "\n")
            }
            Foundation.exit(code.rawValue)
        } catch {
            StandardError.write(CLIText.errorPrefix.local + CLIError.describe(error) + "\n")
            Foundation.exit(1)
        }
    }
}

let procureVersion = "0.1.0"
