import Ledger
import PostgresNIO

/// A failure the CLI reports as one line, `error: …`, and a non-zero exit status.
struct CLIError: Error, CustomStringConvertible {
    let message: String
    let exitCode: Int32

    init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }

    var description: String { message }
}

extension CLIError {
    /// One line for an error that reached the top of a command: our own errors describe
    /// themselves; PostgreSQL's are described by what the server said, since `PSQLError` hides its
    /// details from `description` on purpose.
    static func describe(_ error: any Error) -> String {
        if DatabaseAvailability.isUnavailable(error) {
            return "cannot reach the database: \(String(reflecting: error))"
        }
        if let error = error as? PSQLError, let message = error.serverInfo?[.message] {
            return "the database refused the request: \(message)"
        }
        if let error = error as? PostgresTransactionError, let inner = error.closureError ?? error.commitError {
            return describe(inner)
        }
        return String(describing: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
    }
}
