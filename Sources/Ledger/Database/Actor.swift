import Logging
import PostgresNIO

extension PostgresConnection {
    /// Names who is acting for the rest of the current transaction, for the history triggers
    /// (`contract_history` reads `procure.actor`). Call it inside `withTransaction` before writing.
    public func setActor(_ principal: Principal, logger: Logger) async throws {
        let actor = "\(principal.tokenID):\(principal.name)"
        try await query("SELECT set_config('procure.actor', \(actor), true)", logger: logger)
    }
}
