import Logging
import PostgresNIO

// The report queries as prepared statements (see ``PreparedQuery``): parsing and planning a peers
// report's query is a millisecond and a half of its eight at national scale.

/// A sample for building the statements' text; its values never reach the database.
private enum Sample {
    static let municipality = try? MunicipalityCode("011002")
    static let day = BusinessDate(uncheckedYear: 2000, month: 1, day: 1)
}

struct PeersStatement: PreparedQuery {
    static let sql: String =
        Sample.municipality.map {
            PeerRepository.peersQuery(PeerQuery(municipality: $0, asOf: Sample.day)).sql
        } ?? ""
    let query: PostgresQuery
}

struct RenewalsStatement: PreparedQuery {
    static let sql: String =
        Sample.municipality.map {
            PeerRepository.renewalsQuery(RenewalQuery(municipality: $0, asOf: Sample.day)).sql
        } ?? ""
    let query: PostgresQuery
}

struct FootprintStatement: PreparedQuery {
    static let sql: String = PeerRepository.footprintQuery(vendorID: 1, asOf: Sample.day, own: nil).sql
    let query: PostgresQuery
}

extension PeerRepository {
    func run<Statement: PreparedQuery>(_ statement: Statement) async throws -> [PostgresRow] {
        try await client.run(statement, logger: logger)
    }
}
