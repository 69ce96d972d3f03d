import PostgresNIO

/// The peers report's ranking: for each vendor of the municipality's current contracts (within
/// the report's filters), the other municipalities buying from it, ranked, and one row per link of
/// each peer kept: its current contracts with the vendor in one category and with one product key.
///
/// `own` is the municipality's current contracts (by `contracts_municipality_idx`). For each of
/// their vendors, `ranked` reads the other municipalities' current contracts with it, grouped by
/// municipality, category and product key: from `peer_links` when the day is kept there
/// (`sql/0007_peer_links.sql`: an index-only scan of one entry per group), else from
/// `contracts_vendor_municipality_category_idx` (the `NOT EXISTS` gate is evaluated once, so only
/// one of the two branches reads anything). It gives each municipality its best match and its
/// earliest end, counts them, and keeps the first `peersPerVendor` in ranking order (a bounded sort
/// of one vendor's peers at a time; only those kept are numbered). `chosen` fetches those peers'
/// links by the same indexes. The match, the earliest end and the rank are the report's (Swift
/// does not work them out again); the totals and lists of each peer are summed from its links in
/// Swift (``Peer/Holdings/init(match:earliestEndDate:links:)``).
struct PeersStatement: PostgresPreparedStatement {
    static let sql = """
        WITH own AS MATERIALIZED (
            SELECT c.vendor_id, c.category_code, c.product_key
            FROM contracts c
            WHERE c.municipality_code = $1 AND c.start_date <= $2 AND c.end_date >= $2
              AND ($3::bigint IS NULL OR c.vendor_id = $3)
              AND ($4::text IS NULL OR c.category_code = $4)
        ),
        own_vendors AS MATERIALIZED (
            SELECT vendor_id, array_agg(DISTINCT category_code) AS categories,
                   coalesce(array_agg(DISTINCT product_key) FILTER (WHERE product_key IS NOT NULL), '{}') AS products
            FROM own GROUP BY vendor_id
        ),
        ranked AS MATERIALIZED (
            SELECT ov.vendor_id, t.municipality_code, t.peer_count, t.match, t.first_end,
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
                        WHERE l.as_of = $2 AND l.vendor_id = ov.vendor_id
                          AND l.municipality_code <> $1
                          AND ($4::text IS NULL OR l.category_code = $4)
                          AND ($5::text IS NULL OR left(l.municipality_code, 2) = $5)
                        UNION ALL
                        SELECT c.municipality_code, c.category_code, c.product_key, c.end_date
                        FROM contracts c
                        WHERE NOT EXISTS (SELECT 1 FROM peer_link_days WHERE as_of = $2)
                          AND c.vendor_id = ov.vendor_id AND c.municipality_code <> $1
                          AND c.start_date <= $2 AND c.end_date >= $2
                          AND ($4::text IS NULL OR c.category_code = $4)
                          AND ($5::text IS NULL OR left(c.municipality_code, 2) = $5)
                    ) l
                    GROUP BY l.municipality_code
                ) g
                ORDER BY g.match, g.first_end, g.municipality_code
                LIMIT $6
            ) t
        )
        SELECT r.vendor_id, r.peer_count, r.rank, r.match, r.first_end, r.municipality_code, m.prefecture, m.name,
               l.category_code, l.product_key, l.contracts, l.annual_amount, l.first_end, l.products,
               coalesce(l.product_key = ANY (ov.products), false) AS key_matched,
               l.category_code = ANY (ov.categories) AS category_matched
        FROM ranked r
        JOIN own_vendors ov ON ov.vendor_id = r.vendor_id
        CROSS JOIN LATERAL (
            SELECT l.category_code, l.product_key, l.contracts, l.annual_amount, l.first_end, l.products
            FROM peer_links l
            WHERE l.as_of = $2 AND l.vendor_id = r.vendor_id AND l.municipality_code = r.municipality_code
              AND ($4::text IS NULL OR l.category_code = $4)
            UNION ALL
            SELECT c.category_code, c.product_key, count(*)::integer,
                   least(sum(c.tax_included_annual_amount), 9223372036854775807)::bigint, min(c.end_date),
                   coalesce(array_agg(DISTINCT c.product) FILTER (WHERE c.product IS NOT NULL), '{}')
            FROM contracts c
            WHERE NOT EXISTS (SELECT 1 FROM peer_link_days WHERE as_of = $2)
              AND c.vendor_id = r.vendor_id AND c.municipality_code = r.municipality_code
              AND c.start_date <= $2 AND c.end_date >= $2
              AND ($4::text IS NULL OR c.category_code = $4)
            GROUP BY c.category_code, c.product_key
        ) l
        CROSS JOIN LATERAL (
            SELECT m.prefecture, m.name FROM municipalities m WHERE m.code = r.municipality_code OFFSET 0
        ) m
        ORDER BY r.vendor_id, r.rank
        """
    static let bindingDataTypes: [PostgresDataType] = [.text, .date, .int8, .text, .text, .int8]

    /// The vendor and how many municipalities match on it; the peer's rank, match (a
    /// ``PeerMatch``), earliest end, code, prefecture and name; then the link: category, product
    /// key, contracts, tax-included annual total, earliest end, products, and whether its product
    /// key and its category are also the caller's.
    typealias Row = (
        Int64, Int64,
        Int64, Int32, BusinessDate, String, String, String,
        String, String?, Int32, Int64, BusinessDate, [String], Bool, Bool
    )

    var query: PeerQuery

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 6)
        bindings.append(query.municipality.rawValue)
        bindings.append(query.asOf)
        bindings.append(query.vendorID)
        bindings.append(query.categoryCode)
        bindings.append(query.prefectureCode)
        bindings.append(Int64(query.peersPerVendor))
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}
