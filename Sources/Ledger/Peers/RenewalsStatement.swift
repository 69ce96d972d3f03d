import PostgresNIO

/// The renewal radar in one statement (one statement is one snapshot, so the peers listed are the
/// ones the totals count): a row per contract of the municipality that ends or reaches its renewal
/// notice date within the window (rank 0: the contract, its vendor, the first of those two days
/// that falls in the window and how far off it is, how many peers its peer window holds and what
/// they spend a year), then a row per chosen peer (rank 1…); every row carries the municipality's
/// prefecture and name, and an unknown code gives no row, a known one with nothing due one row
/// without a contract.
///
/// `due` comes from `contracts_municipality_idx`. Due contracts with the same vendor, category and
/// end date have the same peers, so `windows` keeps each such triple once, with the first and last
/// end date of its peer window (PostgreSQL's month arithmetic: the 31st minus a month is the last
/// day of the shorter month; both edges inclusive). Each window is then read from `renewal_days`
/// (`sql/0016_renewal_days.sql`: per vendor, category and end date, the contracts ending that day
/// and their municipalities), one range of its primary key:
/// - `totals`: the peers are the municipalities of the window's rows but the caller (the OR of
///   their bitmaps, less the caller's bit); their spend is the rows' total less the caller's own
///   contracts in the window (a range of `contracts_vendor_municipality_category_idx`).
/// - `nearest`: the first `peersPerContract` peers by distance, then code, reading rows by
///   distance up to the first that alone holds more municipalities than that (or all of them):
///   every municipality nearer than the last one kept is in those rows, and a municipality's
///   distance is that of the nearest row holding it.
/// - `ranked`: each chosen peer's contracts in the window, summarised (same index). End dates come
///   unsorted, with repeats; the radar sorts them.
struct RenewalsStatement: PostgresPreparedStatement {
    static let sql = """
        WITH due AS MATERIALIZED (
            SELECT c.id, c.vendor_id, c.category_code, c.title, c.product, c.product_key, c.annual_amount,
                   c.tax_included, c.tax_included_annual_amount, c.start_date, c.end_date, c.renewal_notice_date,
                   least(CASE WHEN c.end_date BETWEEN $2 AND $3 THEN c.end_date END,
                         CASE WHEN c.renewal_notice_date BETWEEN $2 AND $3 THEN c.renewal_notice_date END) AS due_date
            FROM contracts c
            WHERE c.municipality_code = $1
              AND (c.end_date BETWEEN $2 AND $3 OR c.renewal_notice_date BETWEEN $2 AND $3)
        ),
        windows AS MATERIALIZED (
            SELECT DISTINCT vendor_id, category_code, end_date,
                   (end_date - make_interval(months => $4))::date AS first_end,
                   (end_date + make_interval(months => $4))::date AS last_end
            FROM due
        ),
        totals AS MATERIALIZED (
            SELECT w.vendor_id, w.category_code, w.end_date, t.peer_count,
                   least(t.spend - coalesce(own.spend, 0), 9223372036854775807)::bigint AS total_spend
            FROM windows w
            CROSS JOIN (SELECT ~municipality_bit(ordinal) AS others FROM municipalities WHERE code = $1) caller
            CROSS JOIN LATERAL (
                SELECT coalesce(bit_count(bit_or(r.municipalities) & caller.others), 0) AS peer_count,
                       coalesce(sum(r.annual_amount), 0) AS spend
                FROM renewal_days r
                WHERE r.vendor_id = w.vendor_id AND r.category_code = w.category_code
                  AND r.end_date BETWEEN w.first_end AND w.last_end
            ) t
            CROSS JOIN LATERAL (
                SELECT sum(c.tax_included_annual_amount) AS spend
                FROM contracts c
                WHERE c.vendor_id = w.vendor_id AND c.municipality_code = $1
                  AND c.category_code = w.category_code AND c.end_date BETWEEN w.first_end AND w.last_end
            ) own
        ),
        nearest AS MATERIALIZED (
            SELECT w.vendor_id, w.category_code, w.end_date, w.first_end, w.last_end, n.municipality_code,
                   n.distance
            FROM windows w
            CROSS JOIN LATERAL (
                SELECT u.code AS municipality_code, min(r.distance) AS distance
                FROM (
                    SELECT r.municipality_codes, abs(r.end_date - w.end_date) AS distance
                    FROM renewal_days r
                    WHERE r.vendor_id = w.vendor_id AND r.category_code = w.category_code
                      AND r.end_date BETWEEN w.first_end AND w.last_end
                ) r
                CROSS JOIN unnest(r.municipality_codes) AS u (code)
                WHERE u.code <> $1
                  AND r.distance <= coalesce((
                      SELECT min(abs(x.end_date - w.end_date))
                      FROM renewal_days x
                      WHERE x.vendor_id = w.vendor_id AND x.category_code = w.category_code
                        AND x.end_date BETWEEN w.first_end AND w.last_end AND x.municipality_count > $5
                  ), 2147483647)
                GROUP BY u.code
                ORDER BY distance, u.code
                LIMIT $5
            ) n
        ),
        ranked AS MATERIALIZED (
            SELECT n.vendor_id, n.category_code, n.end_date, n.municipality_code, s.contracts, s.spend,
                   s.end_dates,
                   row_number() OVER (PARTITION BY n.vendor_id, n.category_code, n.end_date
                                      ORDER BY n.distance, n.municipality_code) AS rank
            FROM nearest n
            CROSS JOIN LATERAL (
                SELECT count(*) AS contracts,
                       least(sum(p.tax_included_annual_amount), 9223372036854775807)::bigint AS spend,
                       array_agg(p.end_date) AS end_dates
                FROM contracts p
                WHERE p.vendor_id = n.vendor_id AND p.municipality_code = n.municipality_code
                  AND p.category_code = n.category_code AND p.end_date BETWEEN n.first_end AND n.last_end
            ) s
        ),
        found AS (
            SELECT d.id AS due_id, 0::bigint AS rank, d.category_code, d.title, d.product, d.product_key,
                   d.annual_amount, d.tax_included, d.tax_included_annual_amount, d.start_date, d.end_date,
                   d.renewal_notice_date, d.vendor_id, d.due_date, d.due_date - $2 AS days_until_due,
                   coalesce(t.peer_count, 0) AS peer_count, coalesce(t.total_spend, 0) AS spend,
                   NULL::text AS peer_code, NULL::bigint AS contracts, NULL::date[] AS end_dates
            FROM due d
            LEFT JOIN totals t
              ON t.vendor_id = d.vendor_id AND t.category_code = d.category_code AND t.end_date = d.end_date
            UNION ALL
            SELECT d.id, r.rank, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                   NULL, r.spend, r.municipality_code, r.contracts, r.end_dates
            FROM due d
            JOIN ranked r ON r.vendor_id = d.vendor_id AND r.category_code = d.category_code AND r.end_date = d.end_date
        )
        SELECT hm.prefecture, hm.name, f.due_id, f.rank,
               f.category_code, f.title, f.product, f.product_key, f.annual_amount, f.tax_included,
               f.tax_included_annual_amount, f.start_date, f.end_date, f.renewal_notice_date,
               f.vendor_id, v.name, v.corporate_number, f.due_date, f.days_until_due, f.peer_count, f.spend,
               f.peer_code, pm.prefecture, pm.name, f.contracts, f.end_dates
        FROM municipalities hm
        LEFT JOIN found f ON true
        LEFT JOIN LATERAL (
            SELECT v.name, v.corporate_number FROM vendors v WHERE v.id = f.vendor_id OFFSET 0
        ) v ON true
        LEFT JOIN LATERAL (
            SELECT m.prefecture, m.name FROM municipalities m WHERE m.code = f.peer_code OFFSET 0
        ) pm ON true
        WHERE hm.code = $1
        ORDER BY f.due_id, f.rank
        """
    static let bindingDataTypes: [PostgresDataType] = [.text, .date, .date, .int4, .int8]

    /// A due contract: its columns in the order of ``PeerContract``'s properties; its vendor (id,
    /// name, corporate number); the day it is due and the days until then; how many municipalities
    /// its peer window holds and their tax-included annual spend.
    typealias Due = (
        Int64, String, String, String?, String?, Int64, Bool, Int64, BusinessDate, BusinessDate, BusinessDate?,
        Int64, String, String?, BusinessDate, Int32,
        Int64, Int64
    )

    /// A chosen peer: the due contract's id; the peer's code, prefecture and name; its contracts in
    /// the window, their tax-included annual total and their end dates.
    typealias Peer = (Int64, String, String, String, Int64, Int64, [BusinessDate])

    enum Found {
        case due(Due)
        case peer(Peer)
    }

    /// The municipality's prefecture and name, and the due contract or peer of the row (none when
    /// nothing is due).
    struct Row {
        var prefecture: String
        var name: String
        var found: Found?
    }

    var query: RenewalQuery

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 5)
        bindings.append(query.municipality.rawValue)
        bindings.append(query.asOf)
        bindings.append(query.until)
        bindings.append(Int32(query.peerWindowMonths))
        bindings.append(Int64(query.peersPerContract))
        return bindings
    }

    /// A column the row's kind always has, NULL.
    private struct MissingColumn: Error { let column: Int }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        var cells = RowCells(row)
        var column = 0
        /// The next column, which the row's kind always has.
        func present<T: PostgresDecodable>(_: T.Type = T.self) throws -> T where T._DecodableType == T {
            column += 1
            guard let value = try cells.next(T?.self) else { throw MissingColumn(column: column - 1) }
            return value
        }
        func optional<T: PostgresDecodable>(_: T.Type = T.self) throws -> T? where T._DecodableType == T {
            column += 1
            return try cells.next(T?.self)
        }
        let prefecture: String = try present()
        let name: String = try present()
        guard let dueID: Int64 = try optional(), let rank: Int64 = try optional() else {
            return Row(prefecture: prefecture, name: name, found: nil)
        }
        if rank == 0 {
            let due: Due = (
                dueID, try present(), try present(), try optional(), try optional(), try present(), try present(),
                try present(), try present(), try present(), try optional(), try present(), try present(),
                try optional(), try present(), try present(), try present(), try present()
            )
            return Row(prefecture: prefecture, name: name, found: .due(due))
        }
        // A peer's row leaves the due contract's columns NULL but the spend (column 20).
        while column < 20 {
            try cells.skip()
            column += 1
        }
        let annualAmount: Int64 = try present()
        let peer: Peer = (
            dueID, try present(), try present(), try present(), try present(), annualAmount, try present()
        )
        return Row(prefecture: prefecture, name: name, found: .peer(peer))
    }
}
