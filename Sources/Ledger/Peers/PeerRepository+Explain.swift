import PostgresNIO

/// One of the peer reports, with what it is asked for: what ``PeerRepository/explain(_:)`` shows
/// the plan of.
public enum PeerReportRequest: Sendable, Hashable {
    case peers(PeerQuery)
    case footprint(vendorID: Int64, asOf: BusinessDate, placing: MunicipalityCode?)
    case renewals(RenewalQuery)
}

extension PeerRepository {
    /// Runs each of the report's statements under `EXPLAIN (ANALYZE, BUFFERS)` and returns the
    /// plans, one line per element, each after a line naming its statement: the plans PostgreSQL
    /// really used, with real row counts and timings, for the statements exactly as the report
    /// sends them (same text, same bound values).
    public func explain(_ request: PeerReportRequest) async throws -> [String] {
        switch request {
        case .peers(let query):
            return try await client.explain(
                ReportMunicipalityStatement(municipality: query.municipality, categoryCode: query.categoryCode),
                logger: logger)
                + client.explain(PeerOwnContractsStatement(query: query), logger: logger)
                + client.explain(PeersStatement(query: query), logger: logger)
        case .footprint(let vendorID, let asOf, let placing):
            return try await client.explain(
                FootprintStatement(vendorID: vendorID, asOf: asOf, placing: placing), logger: logger)
        case .renewals(let query):
            return try await client.explain(RenewalsStatement(query: query), logger: logger)
        }
    }
}
