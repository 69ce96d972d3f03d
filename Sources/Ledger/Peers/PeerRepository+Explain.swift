import PostgresNIO

/// One of the peer reports, with what it is asked for: what ``PeerRepository/explain(_:)`` shows
/// the plan of.
public enum PeerReportRequest: Sendable, Hashable {
    case peers(PeerQuery)
    case footprint(vendorID: Int64, asOf: BusinessDate, placing: MunicipalityCode?)
    case renewals(RenewalQuery)
}

extension PeerRepository {
    /// Runs the report's query under `EXPLAIN (ANALYZE, BUFFERS)` and returns the plan, one line
    /// per element: the plan PostgreSQL really used, with real row counts and timings, for the
    /// query exactly as the report sends it (same text, same bound values).
    public func explain(_ request: PeerReportRequest) async throws -> [String] {
        var query: PostgresQuery =
            switch request {
            case .peers(let peers): Self.peersQuery(peers)
            case .footprint(let vendorID, let asOf, let placing):
                Self.footprintQuery(vendorID: vendorID, asOf: asOf, own: placing?.rawValue)
            case .renewals(let renewals): Self.renewalsQuery(renewals)
            }
        query.sql = "EXPLAIN (ANALYZE, BUFFERS) " + query.sql
        let rows = try await client.liveQuery(query, logger: logger)
        var lines: [String] = []
        for try await line in rows.decode(String.self) { lines.append(line) }
        return lines
    }
}
