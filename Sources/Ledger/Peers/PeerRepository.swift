import Logging
import PostgresNIO

/// The reports that put a municipality's contracts next to the rest of the network's: peers,
/// vendor footprints and the renewal radar. Each is one query (one round trip), served by the
/// indexes of `sql/0005_peers.sql` and the peer links of `sql/0007_peer_links.sql`; summaries
/// and price comparisons of what the query returns are made here.
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
        let rows = try await run(PeersStatement(query: Self.peersQuery(query)))
        var municipality: Contract.Municipality?
        var categoryKnown = true
        var vendors: [Int64: VendorEntry] = [:]
        for row in rows {
            let cells = row.makeRandomAccess()
            if municipality == nil {
                // The same on every row.
                municipality = Contract.Municipality(
                    code: query.municipality, prefecture: try cells["municipality_prefecture"].decode(String.self),
                    name: try cells["municipality_name"].decode(String.self))
                categoryKnown = try cells["category_known"].decode(Bool.self)
            }
            guard let vendorID = try cells["vendor_id"].decode(Int64?.self) else { continue }
            var entry = try vendors[vendorID] ?? VendorEntry(cells)
            let rank = try cells["rank"].decode(Int64.self)
            if rank == 0 {
                entry.own.append(try PeerContract(cells))
            } else {
                let link = try PeerLink(cells)
                if let last = entry.peers.indices.last, entry.peers[last].rank == rank {
                    entry.peers[last].links.append(link)
                } else {
                    entry.peers.append(
                        (
                            rank,
                            Contract.Municipality(
                                code: try MunicipalityCode(try cells["peer_code"].decode(String.self)),
                                prefecture: try cells["peer_prefecture"].decode(String.self),
                                name: try cells["peer_name"].decode(String.self)),
                            [link]
                        ))
                }
            }
            vendors[vendorID] = entry
        }
        guard let municipality else { throw PeerReportError.municipalityNotFound(query.municipality) }
        if let category = query.categoryCode, !categoryKnown { throw PeerReportError.unknownCategory(category) }
        let report = vendors.values.map { entry in
            PeerVendor(
                vendor: entry.vendor, ownContracts: entry.own, ownAnnualAmount: Peer.sum(entry.own),
                peerCount: entry.peerCount,
                peers: entry.peers.map {
                    Peer(municipality: $0.municipality, holdings: Peer.Holdings(links: $0.links), own: entry.own)
                })
        }
        .sorted { ($1.ownAnnualAmount, $0.vendor.id) < ($0.ownAnnualAmount, $1.vendor.id) }
        return PeerReport(municipality: municipality, asOf: query.asOf, vendors: report)
    }

    /// One vendor of the report as its rows arrive.
    private struct VendorEntry {
        let vendor: Contract.Vendor
        let peerCount: Int
        var own: [PeerContract] = []
        var peers: [(rank: Int64, municipality: Contract.Municipality, links: [PeerLink])] = []

        init(_ cells: PostgresRandomAccessRow) throws {
            vendor = Contract.Vendor(
                id: try cells["vendor_id"].decode(Int64.self), name: try cells["vendor_name"].decode(String.self),
                corporateNumber: try cells["corporate_number"].decode(String?.self))
            peerCount = Int(try cells["peer_count"].decode(Int64.self))
        }
    }

    /// The peers query. It starts from the municipality's row, so an unknown code returns no row
    /// and a municipality without contracts returns one row of NULLs; then come the municipality's
    /// own current contracts (rank 0) and, per chosen peer (rank 1…), one row per link: its
    /// current contracts with the vendor in one category and with one product key.
    ///
    /// `own` is the municipality's current contracts (by `contracts_municipality_idx`). For each
    /// of their vendors, `ranked` reads the other municipalities' current contracts with it, grouped
    /// by municipality, category and product key: from `peer_links` when the day is kept there
    /// (`sql/0007_peer_links.sql`: an index-only scan of one entry per group), else from
    /// `contracts_vendor_municipality_category_idx` (the `NOT EXISTS` gate is evaluated once, so only one
    /// of the two branches reads anything). It gives each municipality its best match, counts them
    /// and keeps the first `peersPerVendor` in ranking order (a bounded sort of one vendor's peers
    /// at a time; only those kept are numbered). `chosen` fetches those peers' groups (by the same indexes); the summary of each peer
    /// and its price comparison are made from them in Swift (``Peer/Holdings/init(links:)``).
    static func peersQuery(_ query: PeerQuery) -> PostgresQuery {
        let code = query.municipality.rawValue
        let limit = Int64(query.peersPerVendor)
        return """
            WITH own AS MATERIALIZED (
                SELECT c.id, c.vendor_id, c.category_code, c.title, c.product, c.product_key, c.annual_amount,
                       c.tax_included, c.tax_included_annual_amount, c.start_date, c.end_date, c.renewal_notice_date
                FROM contracts c
                WHERE c.municipality_code = \(code) AND c.start_date <= \(query.asOf) AND c.end_date >= \(query.asOf)
                  AND (\(query.vendorID)::bigint IS NULL OR c.vendor_id = \(query.vendorID))
                  AND (\(query.categoryCode)::text IS NULL OR c.category_code = \(query.categoryCode))
            ),
            own_vendors AS MATERIALIZED (
                SELECT vendor_id, array_agg(DISTINCT category_code) AS categories,
                       coalesce(array_agg(DISTINCT product_key) FILTER (WHERE product_key IS NOT NULL), '{}') AS products
                FROM own GROUP BY vendor_id
            ),
            ranked AS MATERIALIZED (
                SELECT ov.vendor_id, t.municipality_code, t.peer_count,
                       row_number() OVER (PARTITION BY ov.vendor_id
                                          ORDER BY t.match, t.first_end, t.municipality_code) AS rank
                FROM own_vendors ov
                CROSS JOIN LATERAL (
                    SELECT g.municipality_code, g.match, g.first_end, count(*) OVER () AS peer_count
                    FROM (
                        SELECT l.municipality_code,
                               min(CASE WHEN l.product_key = ANY (ov.products) THEN 1
                                        WHEN l.category_code = ANY (ov.categories) THEN 2
                                        ELSE 3 END) AS match,
                               min(l.first_end) AS first_end
                        FROM (
                            SELECT l.municipality_code, l.category_code, l.product_key, l.first_end
                            FROM peer_links l
                            WHERE l.as_of = \(query.asOf) AND l.vendor_id = ov.vendor_id
                              AND l.municipality_code <> \(code)
                              AND (\(query.categoryCode)::text IS NULL OR l.category_code = \(query.categoryCode))
                              AND (\(query.prefectureCode)::text IS NULL
                                   OR left(l.municipality_code, 2) = \(query.prefectureCode))
                            UNION ALL
                            SELECT c.municipality_code, c.category_code, c.product_key, c.end_date
                            FROM contracts c
                            WHERE NOT EXISTS (SELECT 1 FROM peer_link_days WHERE as_of = \(query.asOf))
                              AND c.vendor_id = ov.vendor_id AND c.municipality_code <> \(code)
                              AND c.start_date <= \(query.asOf) AND c.end_date >= \(query.asOf)
                              AND (\(query.categoryCode)::text IS NULL OR c.category_code = \(query.categoryCode))
                              AND (\(query.prefectureCode)::text IS NULL
                                   OR left(c.municipality_code, 2) = \(query.prefectureCode))
                        ) l
                        GROUP BY l.municipality_code
                    ) g
                    ORDER BY g.match, g.first_end, g.municipality_code
                    LIMIT \(limit)
                ) t
            ),
            vendor_counts AS (
                SELECT vendor_id, max(peer_count) AS peer_count FROM ranked GROUP BY vendor_id
            ),
            chosen AS (
                SELECT r.vendor_id, r.rank, r.peer_count, r.municipality_code, l.category_code, l.product_key,
                       l.contracts, l.annual_amount, l.first_end, l.products,
                       coalesce(l.product_key = ANY (ov.products), false) AS key_matched,
                       l.category_code = ANY (ov.categories) AS category_matched
                FROM ranked r
                JOIN own_vendors ov ON ov.vendor_id = r.vendor_id
                CROSS JOIN LATERAL (
                    SELECT l.category_code, l.product_key, l.contracts, l.annual_amount, l.first_end, l.products
                    FROM peer_links l
                    WHERE l.as_of = \(query.asOf) AND l.vendor_id = r.vendor_id AND l.municipality_code = r.municipality_code
                      AND (\(query.categoryCode)::text IS NULL OR l.category_code = \(query.categoryCode))
                    UNION ALL
                    SELECT c.category_code, c.product_key, count(*)::integer,
                           least(sum(c.tax_included_annual_amount), 9223372036854775807)::bigint, min(c.end_date),
                           coalesce(array_agg(DISTINCT c.product) FILTER (WHERE c.product IS NOT NULL), '{}')
                    FROM contracts c
                    WHERE NOT EXISTS (SELECT 1 FROM peer_link_days WHERE as_of = \(query.asOf))
                      AND c.vendor_id = r.vendor_id AND c.municipality_code = r.municipality_code
                      AND c.start_date <= \(query.asOf) AND c.end_date >= \(query.asOf)
                      AND (\(query.categoryCode)::text IS NULL OR c.category_code = \(query.categoryCode))
                    GROUP BY c.category_code, c.product_key
                ) l
            ),
            found AS (
                SELECT o.vendor_id, 0::bigint AS rank, coalesce(vc.peer_count, 0) AS peer_count,
                       o.id, o.category_code, o.title, o.product, o.product_key, o.annual_amount, o.tax_included,
                       o.tax_included_annual_amount, o.start_date, o.end_date, o.renewal_notice_date,
                       NULL::text AS peer_code, NULL::integer AS contracts, NULL::date AS first_end,
                       NULL::text[] AS products, NULL::boolean AS key_matched, NULL::boolean AS category_matched
                FROM own o
                LEFT JOIN vendor_counts vc ON vc.vendor_id = o.vendor_id
                UNION ALL
                SELECT vendor_id, rank, peer_count, NULL, category_code, NULL, NULL, product_key, NULL, NULL,
                       annual_amount, NULL, NULL, NULL, municipality_code, contracts, first_end, products,
                       key_matched, category_matched
                FROM chosen
            )
            SELECT hm.prefecture AS municipality_prefecture, hm.name AS municipality_name,
                   \(query.categoryCode)::text IS NULL
                       OR EXISTS (SELECT 1 FROM categories WHERE code = \(query.categoryCode)) AS category_known,
                   f.vendor_id, v.name AS vendor_name, v.corporate_number, f.rank, f.peer_count,
                   f.id, f.category_code, f.title, f.product, f.product_key, f.annual_amount, f.tax_included,
                   f.tax_included_annual_amount, f.start_date, f.end_date, f.renewal_notice_date,
                   f.peer_code, m.prefecture AS peer_prefecture, m.name AS peer_name, f.contracts, f.first_end,
                   f.products, f.key_matched, f.category_matched
            FROM municipalities hm
            LEFT JOIN found f ON true
            LEFT JOIN LATERAL (SELECT v.name, v.corporate_number FROM vendors v WHERE v.id = f.vendor_id OFFSET 0) v ON true
            LEFT JOIN LATERAL (SELECT m.prefecture, m.name FROM municipalities m WHERE m.code = f.peer_code OFFSET 0) m ON true
            WHERE hm.code = \(code)
            ORDER BY f.vendor_id, f.rank, f.id
            """
    }
}

extension PeerContract {
    /// A contract from a peer-report row that carries the contract's own columns (`id`,
    /// `category_code`, …, `renewal_notice_date`): the municipality's own contracts in the peers
    /// report, the contracts due in the renewal radar.
    init(_ cells: PostgresRandomAccessRow) throws {
        self.init(
            id: try cells["id"].decode(Int64.self), categoryCode: try cells["category_code"].decode(String.self),
            title: try cells["title"].decode(String.self), product: try cells["product"].decode(String?.self),
            productKey: try cells["product_key"].decode(String?.self),
            annualAmount: try cells["annual_amount"].decode(Int64.self),
            taxIncluded: try cells["tax_included"].decode(Bool.self),
            taxIncludedAnnualAmount: try cells["tax_included_annual_amount"].decode(Int64.self),
            startDate: try cells["start_date"].decode(BusinessDate.self),
            endDate: try cells["end_date"].decode(BusinessDate.self),
            renewalNoticeDate: try cells["renewal_notice_date"].decode(BusinessDate?.self))
    }
}

extension PeerLink {
    /// A peer's link from a row of the peers query.
    init(_ cells: PostgresRandomAccessRow) throws {
        self.init(
            categoryCode: try cells["category_code"].decode(String.self),
            productKey: try cells["product_key"].decode(String?.self),
            contractCount: Int(try cells["contracts"].decode(Int32.self)),
            annualAmount: try cells["tax_included_annual_amount"].decode(Int64.self),
            earliestEndDate: try cells["first_end"].decode(BusinessDate.self),
            products: try cells["products"].decode([String].self),
            productMatched: try cells["key_matched"].decode(Bool.self),
            categoryMatched: try cells["category_matched"].decode(Bool.self))
    }
}
