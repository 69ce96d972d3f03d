import Logging
import PostgresNIO

/// The reports that put a municipality's contracts next to the rest of the network's: peers,
/// vendor footprints and the renewal radar. Each is one query (one round trip), served by the
/// indexes of `sql/0005_peers.sql`; the ranking of what the query returns is done here.
public struct PeerRepository: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    // MARK: Peers

    /// The municipalities that buy from the same vendors as `query.municipality`, ranked per vendor.
    /// - Throws: ``PeerReportError`` for an unknown municipality or category.
    public func peers(_ query: PeerQuery) async throws -> PeerReport {
        let rows = try await client.query(Self.peersQuery(query), logger: logger)
        var municipality: Contract.Municipality?
        var categoryKnown = true
        var vendors: [Int64: (vendor: Contract.Vendor, peerCount: Int, own: [PeerContract], peers: [PeerGroup])] = [:]
        for try await row in rows.decode(PeerRow.self) {
            municipality = Contract.Municipality(code: query.municipality, prefecture: row.0, name: row.1)
            categoryKnown = row.2
            guard let rank = row.3, let peerCount = row.4, let vendorID = row.5, let vendorName = row.6,
                let code = row.8, let prefecture = row.9, let name = row.10, let contract = try Self.contract(row)
            else { continue }
            var entry =
                vendors[vendorID]
                ?? (Contract.Vendor(id: vendorID, name: vendorName, corporateNumber: row.7), Int(peerCount), [], [])
            if rank == 0 {
                entry.own.append(contract)
            } else if let last = entry.peers.last, last.rank == rank {
                entry.peers[entry.peers.count - 1].contracts.append(contract)
            } else {
                let peer = Contract.Municipality(code: try MunicipalityCode(code), prefecture: prefecture, name: name)
                entry.peers.append(PeerGroup(rank: rank, municipality: peer, contracts: [contract]))
            }
            vendors[vendorID] = entry
        }
        guard let municipality else { throw PeerReportError.municipalityNotFound(query.municipality) }
        if let category = query.categoryCode, !categoryKnown { throw PeerReportError.unknownCategory(category) }
        let report = vendors.values.map { entry in
            PeerVendor(
                vendor: entry.vendor, ownContracts: entry.own, ownAnnualAmount: Peer.sum(entry.own),
                peerCount: entry.peerCount,
                peers: entry.peers.map { Peer(municipality: $0.municipality, contracts: $0.contracts, own: entry.own) })
        }
        .sorted { ($1.ownAnnualAmount, $0.vendor.id) < ($0.ownAnnualAmount, $1.vendor.id) }
        return PeerReport(municipality: municipality, asOf: query.asOf, vendors: report)
    }

    private struct PeerGroup {
        let rank: Int64
        let municipality: Contract.Municipality
        var contracts: [PeerContract]
    }

    typealias PeerRow = (
        String, String, Bool,
        Int64?, Int64?, Int64?, String?, String?, String?, String?, String?,
        Int64?, String?, String?, String?, String?, Int64?, Bool?, Int64?,
        BusinessDate?, BusinessDate?, BusinessDate?
    )

    private static func contract(_ row: PeerRow) throws -> PeerContract? {
        guard let id = row.11, let category = row.12, let title = row.13, let annual = row.16,
            let taxIncluded = row.17, let aligned = row.18, let start = row.19, let end = row.20
        else { return nil }
        return PeerContract(
            id: id, categoryCode: category, title: title, product: row.14, productKey: row.15, annualAmount: annual,
            taxIncluded: taxIncluded, taxIncludedAnnualAmount: aligned, startDate: start, endDate: end,
            renewalNoticeDate: row.21)
    }

    /// The peers query. It starts from the municipality's row, so an unknown code returns no row
    /// and a municipality without contracts returns one row of NULLs.
    ///
    /// `own` is the municipality's current contracts (by `contracts_municipality_idx`); for each of
    /// their vendors, `candidates` reads the vendor's current contracts of other municipalities
    /// from `contracts_vendor_municipality_idx` alone (an index-only scan, already grouped by
    /// municipality) and gives each municipality its best match; `ranked` orders them per vendor
    /// and counts them; only the first `peersPerVendor` have their contracts fetched, by the same
    /// index. Match ranks: 0 marks the municipality's own contracts, 1… the peers in order.
    static func peersQuery(_ query: PeerQuery) -> PostgresQuery {
        let code = query.municipality.rawValue
        let limit = Int64(query.peersPerVendor)
        return """
            WITH own AS MATERIALIZED (
                SELECT c.vendor_id, c.category_code, c.product_key
                FROM contracts c
                WHERE c.municipality_code = \(code) AND c.end_date >= \(query.asOf)
                  AND (\(query.vendorID)::bigint IS NULL OR c.vendor_id = \(query.vendorID))
                  AND (\(query.categoryCode)::text IS NULL OR c.category_code = \(query.categoryCode))
            ),
            own_vendors AS (
                SELECT vendor_id, array_agg(DISTINCT category_code) AS categories,
                       coalesce(array_agg(DISTINCT product_key) FILTER (WHERE product_key IS NOT NULL), '{}') AS products
                FROM own GROUP BY vendor_id
            ),
            candidates AS (
                SELECT p.vendor_id, p.municipality_code,
                       min(CASE WHEN p.product_key = ANY (ov.products) THEN 1
                                WHEN p.category_code = ANY (ov.categories) THEN 2
                                ELSE 3 END) AS match,
                       min(p.end_date) AS first_end
                FROM own_vendors ov
                JOIN contracts p ON p.vendor_id = ov.vendor_id
                WHERE p.municipality_code <> \(code) AND p.end_date >= \(query.asOf)
                  AND (\(query.categoryCode)::text IS NULL OR p.category_code = \(query.categoryCode))
                  AND (\(query.prefectureCode)::text IS NULL OR left(p.municipality_code, 2) = \(query.prefectureCode))
                GROUP BY p.vendor_id, p.municipality_code
            ),
            ranked AS (
                SELECT vendor_id, municipality_code,
                       row_number() OVER (PARTITION BY vendor_id ORDER BY match, first_end, municipality_code) AS rank,
                       count(*) OVER (PARTITION BY vendor_id) AS peer_count
                FROM candidates
            ),
            chosen AS (
                SELECT vendor_id, municipality_code, rank, peer_count FROM ranked WHERE rank <= \(limit)
                UNION ALL
                SELECT ov.vendor_id, \(code), 0,
                       coalesce((SELECT max(r.peer_count) FROM ranked r WHERE r.vendor_id = ov.vendor_id), 0)
                FROM own_vendors ov
            ),
            found AS (
                SELECT ch.rank, ch.peer_count, c.vendor_id, v.name AS vendor_name, v.corporate_number,
                       c.municipality_code, m.prefecture, m.name AS municipality_name,
                       c.id, c.category_code, c.title, c.product, c.product_key, c.annual_amount, c.tax_included,
                       c.tax_included_annual_amount, c.start_date, c.end_date, c.renewal_notice_date
                FROM chosen ch
                JOIN contracts c ON c.vendor_id = ch.vendor_id AND c.municipality_code = ch.municipality_code
                JOIN municipalities m ON m.code = c.municipality_code
                JOIN vendors v ON v.id = c.vendor_id
                WHERE c.end_date >= \(query.asOf)
                  AND (\(query.categoryCode)::text IS NULL OR c.category_code = \(query.categoryCode))
            )
            SELECT hm.prefecture, hm.name,
                   \(query.categoryCode)::text IS NULL
                       OR EXISTS (SELECT 1 FROM categories WHERE code = \(query.categoryCode)),
                   f.rank, f.peer_count, f.vendor_id, f.vendor_name, f.corporate_number,
                   f.municipality_code, f.prefecture, f.municipality_name,
                   f.id, f.category_code, f.title, f.product, f.product_key, f.annual_amount, f.tax_included,
                   f.tax_included_annual_amount, f.start_date, f.end_date, f.renewal_notice_date
            FROM municipalities hm
            LEFT JOIN found f ON true
            WHERE hm.code = \(code)
            ORDER BY f.vendor_id, f.rank, f.id
            """
    }
}
