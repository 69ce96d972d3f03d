import Logging
import PostgresNIO

// Two ways to run a statement prepared: each pooled connection parses it once and PostgreSQL may
// keep a generic plan after five executions, instead of parsing and planning it on every request.
//
// - A literal statement (the report queries: `PeersStatement`, `FootprintStatement`, …) is a
//   `PostgresPreparedStatement` whose `sql` is written out as it is sent, with its binds and its
//   row tuple beside it; ``PostgresConnection/rows(of:logger:)`` runs it.
// - A ``PreparedQuery`` keeps the query built by interpolation and names it by the text built for
//   any sample value.

/// A query run as a prepared statement whose text (`sql`) is the query built for any sample
/// value, since every value is a bind; a query whose text differs (which would be a bug in its
/// builder) runs unprepared rather than wrongly. Tests pin that the texts depend on no value.
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

    /// Every row of `statement`, decoded, on a connection as ``withLiveConnection(_:)`` watches it.
    func rows<Statement: PostgresPreparedStatement>(
        of statement: Statement, logger: Logger
    ) async throws -> [Statement.Row] where Statement.Row: Sendable {
        try await withLiveConnection { connection in try await connection.rows(of: statement, logger: logger) }
    }
}

extension PostgresConnection {
    /// Every row of `statement`, decoded, read in full before it returns. Statements started
    /// together on one connection (`async let`) are queued by it and sent one after the other as
    /// soon as the previous one is answered, without a round trip through the caller in between.
    func rows<Statement: PostgresPreparedStatement>(
        of statement: Statement, logger: Logger
    ) async throws -> [Statement.Row] {
        var rows: [Statement.Row] = []
        for try await row in try await execute(statement, logger: logger) { rows.append(row) }
        return rows
    }
}

extension PostgresPreparedStatement {
    /// The statement's text and binds under `EXPLAIN (ANALYZE, BUFFERS)`: the plan PostgreSQL uses
    /// for it, run for real, with real row counts and timings.
    func explainQuery() throws -> PostgresQuery {
        PostgresQuery(unsafeSQL: "EXPLAIN (ANALYZE, BUFFERS) " + Self.sql, binds: try makeBindings())
    }
}

extension PostgresClient {
    /// The plan of `statement` (see ``PostgresPreparedStatement/explainQuery()``), one line per
    /// element, after a line naming the statement.
    func explain<Statement: PostgresPreparedStatement>(_ statement: Statement, logger: Logger) async throws -> [String]
    {
        var lines = ["-- \(Statement.self)"]
        for try await line in try await liveQuery(try statement.explainQuery(), logger: logger).decode(String.self) {
            lines.append(line)
        }
        return lines
    }
}
