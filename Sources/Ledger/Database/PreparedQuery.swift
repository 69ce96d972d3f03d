import Logging
import PostgresNIO

/// A query run as a prepared statement: each pooled connection parses it once and PostgreSQL may
/// keep a generic plan after five executions, instead of parsing and planning it on every request.
///
/// The statement's text is the query built for any sample value (`sql`), since every value is a
/// bind; a query whose text differs (which would be a bug in its builder) runs unprepared rather
/// than wrongly. Tests pin that the texts depend on no value.
protocol PreparedQuery: PostgresPreparedStatement where Row == PostgresRow {
    var query: PostgresQuery { get }
}

extension PreparedQuery {
    func makeBindings() throws -> PostgresBindings { query.binds }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

extension PostgresClient {
    /// Runs `statement`'s query prepared, or as a plain query if its text is not the statement's.
    func run<Statement: PreparedQuery>(_ statement: Statement, logger: Logger) async throws -> [PostgresRow] {
        if statement.query.sql == Statement.sql {
            return try await withLiveConnection { connection in
                var rows: [PostgresRow] = []
                for try await row in try await connection.execute(statement, logger: logger) { rows.append(row) }
                return rows
            }
        }
        logger.warning("query differs from its prepared statement", metadata: ["statement": "\(Statement.self)"])
        return try await liveQuery(statement.query, logger: logger).rows
    }
}
