import Ledger
import PostgresNIO

/// A failure the CLI reports as one line, `error: …`, and a non-zero exit status.
struct CLIError: Error, CustomStringConvertible {
    let message: Bilingual
    let exitCode: Int32

    init(_ message: Bilingual, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }

    /// The message in the language of this run.
    var description: String { message.local }
}

extension CLIError {
    /// One line for an error that reached the top of a command: our own errors describe
    /// themselves; PostgreSQL's are described by what the server said, since `PSQLError` hides its
    /// details from `description` on purpose.
    static func describe(_ error: any Error) -> String {
        if DatabaseAvailability.isUnavailable(error) {
            return CLIText.cannotReachDatabase(String(reflecting: error)).local
        }
        if let error = error as? PSQLError, let message = error.serverInfo?[.message] {
            return CLIText.databaseRefused(message).local
        }
        if let error = error as? PostgresTransactionError, let inner = error.closureError ?? error.commitError {
            return describe(inner)
        }
        return String(describing: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
    }
}
