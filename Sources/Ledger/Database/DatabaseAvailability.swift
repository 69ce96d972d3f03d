import PostgresNIO

/// Tells a database that cannot be reached (down, restarting, connection lost) from a query that
/// failed: the first is the caller's cue to answer 503 and retry later, the second is a bug.
public enum DatabaseAvailability {
    public static func isUnavailable(_ error: any Error) -> Bool {
        if error is DatabaseConnectionLost { return true }
        if let error = error as? PSQLError {
            switch error.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown:
                return true
            default:
                // 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now.
                if let state = error.serverInfo?[.sqlState], state.hasPrefix("57P") { return true }
                return false
            }
        }
        if let error = error as? PostgresTransactionError {
            return [error.beginError, error.closureError, error.commitError].contains {
                $0.map(isUnavailable) ?? false
            }
        }
        // The pool's own errors (circuit breaker tripped, pool shut down) live in a module
        // PostgresNIO does not export; they only ever mean that no connection can be had.
        return String(reflecting: type(of: error)).contains("ConnectionPoolError")
    }
}
