import Logging
import PostgresNIO

/// The report queries as prepared statements: each pooled connection parses and plans a report's
/// query once (after five executions PostgreSQL may keep a generic plan), instead of on every
/// request — a millisecond and a half of a peers report's eight at national scale.
///
/// A report's SQL text depends on no value (every value is a bind), so the statement's text is the
/// query built for any sample; a query whose text differs (which would be a bug in its builder)
/// runs unprepared rather than wrongly.
protocol ReportStatement: PostgresPreparedStatement where Row == PostgresRow {
    var query: PostgresQuery { get }
}

extension ReportStatement {
    func makeBindings() throws -> PostgresBindings { query.binds }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

/// A sample for building the statements' text; its values never reach the database.
private enum Sample {
    static let municipality = try? MunicipalityCode("011002")
    static let day = BusinessDate(uncheckedYear: 2000, month: 1, day: 1)
}

struct PeersStatement: ReportStatement {
    static let sql: String =
        Sample.municipality.map {
            PeerRepository.peersQuery(PeerQuery(municipality: $0, asOf: Sample.day)).sql
        } ?? ""
    let query: PostgresQuery
}

struct RenewalsStatement: ReportStatement {
    static let sql: String =
        Sample.municipality.map {
            PeerRepository.renewalsQuery(RenewalQuery(municipality: $0, asOf: Sample.day)).sql
        } ?? ""
    let query: PostgresQuery
}

struct FootprintStatement: ReportStatement {
    static let sql: String = PeerRepository.footprintQuery(vendorID: 1, asOf: Sample.day, own: nil).sql
    let query: PostgresQuery
}

extension PeerRepository {
    /// Runs `statement`'s query prepared, or as a plain query if its text is not the statement's.
    func run<Statement: ReportStatement>(_ statement: Statement) async throws -> [PostgresRow] {
        var rows: [PostgresRow] = []
        if statement.query.sql == Statement.sql {
            for try await row in try await client.execute(statement, logger: logger) { rows.append(row) }
        } else {
            logger.warning(
                "report query differs from its prepared statement", metadata: ["statement": "\(Statement.self)"])
            for try await row in try await client.query(statement.query, logger: logger) { rows.append(row) }
        }
        return rows
    }
}
