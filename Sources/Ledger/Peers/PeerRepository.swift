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
        var vendors: [Int64: VendorEntry] = [:]
        for try await row in rows {
            let cells = row.makeRandomAccess()
            municipality = Contract.Municipality(
                code: query.municipality, prefecture: try cells["municipality_prefecture"].decode(String.self),
                name: try cells["municipality_name"].decode(String.self))
            categoryKnown = try cells["category_known"].decode(Bool.self)
            guard let vendorID = try cells["vendor_id"].decode(Int64?.self) else { continue }
            var entry = try vendors[vendorID] ?? VendorEntry(cells)
            if try cells["rank"].decode(Int64.self) == 0 {
                entry.own.append(try PeerContract(cells))
            } else {
                entry.peers.append(try Self.peer(cells))
            }
            vendors[vendorID] = entry
        }
        guard let municipality else { throw PeerReportError.municipalityNotFound(query.municipality) }
        if let category = query.categoryCode, !categoryKnown { throw PeerReportError.unknownCategory(category) }
        let report = vendors.values.map { entry in
            PeerVendor(
                vendor: entry.vendor, ownContracts: entry.own, ownAnnualAmount: Peer.sum(entry.own),
                peerCount: entry.peerCount,
                peers: entry.peers.map { Peer(municipality: $0.municipality, holdings: $0.holdings, own: entry.own) })
        }
        .sorted { ($1.ownAnnualAmount, $0.vendor.id) < ($0.ownAnnualAmount, $1.vendor.id) }
        return PeerReport(municipality: municipality, asOf: query.asOf, vendors: report)
    }

    /// One vendor of the report as its rows arrive.
    private struct VendorEntry {
        let vendor: Contract.Vendor
        let peerCount: Int
        var own: [PeerContract] = []
        var peers: [(municipality: Contract.Municipality, holdings: Peer.Holdings)] = []

        init(_ cells: PostgresRandomAccessRow) throws {
            vendor = Contract.Vendor(
                id: try cells["vendor_id"].decode(Int64.self), name: try cells["vendor_name"].decode(String.self),
                corporateNumber: try cells["corporate_number"].decode(String?.self))
            peerCount = Int(try cells["peer_count"].decode(Int64.self))
        }
    }

    private static func peer(
        _ cells: PostgresRandomAccessRow
    ) throws -> (municipality: Contract.Municipality, holdings: Peer.Holdings) {
        let municipality = Contract.Municipality(
            code: try MunicipalityCode(try cells["peer_code"].decode(String.self)),
            prefecture: try cells["peer_prefecture"].decode(String.self),
            name: try cells["peer_name"].decode(String.self))
        let holdings = Peer.Holdings(
            contractCount: Int(try cells["contracts"].decode(Int64.self)),
            annualAmount: try cells["annual"].decode(Int64.self),
            earliestEndDate: try cells["first_end"].decode(BusinessDate.self),
            categories: try cells["categories"].decode([String].self),
            products: try cells["products"].decode([String].self),
            matchedProductKeys: try cells["matched_keys"].decode([String].self),
            productAmount: try cells["product_amount"].decode(Int64.self),
            matchedCategories: try cells["matched_categories"].decode([String].self),
            categoryAmount: try cells["category_amount"].decode(Int64.self))
        return (municipality, holdings)
    }

    /// The peers query. It starts from the municipality's row, so an unknown code returns no row
    /// and a municipality without contracts returns one row of NULLs; then come the municipality's
    /// own current contracts (rank 0) and one summary row per chosen peer (rank 1…).
    ///
    /// `own` is the municipality's current contracts (by `contracts_municipality_idx`); for each of
    /// their vendors, `candidates` reads the vendor's current contracts of other municipalities
    /// from `contracts_vendor_municipality_idx` alone (an index-only scan, already grouped by
    /// municipality) and gives each municipality its best match; `ranked` orders them per vendor
    /// and counts them; only the first `peersPerVendor` are summarised, by the same index (a
    /// lateral subquery each, so the planner cannot trade the few index lookups for a scan of the
    /// table): their totals, the categories and products, and the totals on the product keys and
    /// categories they share with the municipality (what the price comparison puts side by side).
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
            candidates AS (
                SELECT p.vendor_id, p.municipality_code,
                       min(CASE WHEN p.product_key = ANY (ov.products) THEN 1
                                WHEN p.category_code = ANY (ov.categories) THEN 2
                                ELSE 3 END) AS match,
                       min(p.end_date) AS first_end
                FROM own_vendors ov
                JOIN contracts p ON p.vendor_id = ov.vendor_id
                WHERE p.municipality_code <> \(code) AND p.start_date <= \(query.asOf) AND p.end_date >= \(query.asOf)
                  AND (\(query.categoryCode)::text IS NULL OR p.category_code = \(query.categoryCode))
                  AND (\(query.prefectureCode)::text IS NULL OR left(p.municipality_code, 2) = \(query.prefectureCode))
                GROUP BY p.vendor_id, p.municipality_code
            ),
            ranked AS MATERIALIZED (
                SELECT vendor_id, municipality_code, match,
                       row_number() OVER (PARTITION BY vendor_id ORDER BY match, first_end, municipality_code) AS rank,
                       count(*) OVER (PARTITION BY vendor_id) AS peer_count
                FROM candidates
            ),
            vendor_counts AS (
                SELECT vendor_id, max(peer_count) AS peer_count FROM ranked GROUP BY vendor_id
            ),
            peers AS (
                SELECT r.vendor_id, r.rank, r.peer_count, r.municipality_code, s.*
                FROM ranked r
                JOIN own_vendors ov ON ov.vendor_id = r.vendor_id
                CROSS JOIN LATERAL (
                    SELECT count(*) AS contracts,
                           least(sum(c.tax_included_annual_amount), 9223372036854775807)::bigint AS annual,
                           min(c.end_date) AS first_end,
                           array_agg(DISTINCT c.category_code ORDER BY c.category_code) AS categories,
                           coalesce(array_agg(DISTINCT c.product ORDER BY c.product) FILTER (
                               WHERE c.product IS NOT NULL
                                 AND ((r.match = 1 AND c.product_key = ANY (ov.products))
                                      OR (r.match = 2 AND c.category_code = ANY (ov.categories)))), '{}') AS products,
                           coalesce(array_agg(DISTINCT c.product_key ORDER BY c.product_key)
                               FILTER (WHERE c.product_key = ANY (ov.products)), '{}') AS matched_keys,
                           coalesce(least(sum(c.tax_included_annual_amount)
                               FILTER (WHERE c.product_key = ANY (ov.products)), 9223372036854775807), 0)::bigint
                               AS product_amount,
                           coalesce(array_agg(DISTINCT c.category_code ORDER BY c.category_code)
                               FILTER (WHERE c.category_code = ANY (ov.categories)), '{}') AS matched_categories,
                           coalesce(least(sum(c.tax_included_annual_amount)
                               FILTER (WHERE c.category_code = ANY (ov.categories)), 9223372036854775807), 0)::bigint
                               AS category_amount
                    FROM contracts c
                    WHERE c.vendor_id = r.vendor_id AND c.municipality_code = r.municipality_code
                      AND c.start_date <= \(query.asOf) AND c.end_date >= \(query.asOf)
                      AND (\(query.categoryCode)::text IS NULL OR c.category_code = \(query.categoryCode))
                ) s
                WHERE r.rank <= \(limit)
            ),
            found AS (
                SELECT o.vendor_id, 0::bigint AS rank, coalesce(vc.peer_count, 0) AS peer_count,
                       o.id, o.category_code, o.title, o.product, o.product_key, o.annual_amount, o.tax_included,
                       o.tax_included_annual_amount, o.start_date, o.end_date, o.renewal_notice_date,
                       NULL::text AS peer_code, NULL::bigint AS contracts, NULL::bigint AS annual,
                       NULL::date AS first_end, NULL::text[] AS categories, NULL::text[] AS products,
                       NULL::text[] AS matched_keys, NULL::bigint AS product_amount,
                       NULL::text[] AS matched_categories, NULL::bigint AS category_amount
                FROM own o
                LEFT JOIN vendor_counts vc ON vc.vendor_id = o.vendor_id
                UNION ALL
                SELECT vendor_id, rank, peer_count, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                       municipality_code, contracts, annual, first_end, categories, products, matched_keys,
                       product_amount, matched_categories, category_amount
                FROM peers
            )
            SELECT hm.prefecture AS municipality_prefecture, hm.name AS municipality_name,
                   \(query.categoryCode)::text IS NULL
                       OR EXISTS (SELECT 1 FROM categories WHERE code = \(query.categoryCode)) AS category_known,
                   f.vendor_id, v.name AS vendor_name, v.corporate_number, f.rank, f.peer_count,
                   f.id, f.category_code, f.title, f.product, f.product_key, f.annual_amount, f.tax_included,
                   f.tax_included_annual_amount, f.start_date, f.end_date, f.renewal_notice_date,
                   f.peer_code, m.prefecture AS peer_prefecture, m.name AS peer_name, f.contracts, f.annual,
                   f.first_end, f.categories, f.products, f.matched_keys, f.product_amount,
                   f.matched_categories, f.category_amount
            FROM municipalities hm
            LEFT JOIN found f ON true
            LEFT JOIN vendors v ON v.id = f.vendor_id
            LEFT JOIN municipalities m ON m.code = f.peer_code
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
