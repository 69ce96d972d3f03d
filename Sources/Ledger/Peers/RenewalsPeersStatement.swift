import PostgresNIO

/// The renewal radar's peers: for each contract of the municipality due within the window, the
/// first `peersPerContract` other municipalities whose contracts with the vendor in the category
/// end within its peer window, nearest end date first, then by code, each summarised.
///
/// `due` and `windows` are those of ``RenewalsDueStatement``. Each window is read from
/// `renewal_days`, one range of its primary key: `nearest` takes the first peers by distance,
/// then code, reading rows by distance up to the first that alone holds more municipalities than
/// that (or all of them): every municipality nearer than the last one kept is in those rows, and
/// a municipality's distance is that of the nearest row holding it. `ranked` summarises each
/// chosen peer's contracts in the window (a range of `contracts_vendor_municipality_category_idx`).
/// End dates come unsorted, with repeats; the radar sorts them.
struct RenewalsPeersStatement: PostgresPreparedStatement {
    static let sql = """
        WITH due AS MATERIALIZED (
            SELECT c.id, c.vendor_id, c.category_code, c.end_date
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
        )
        SELECT d.id, r.municipality_code, m.prefecture, m.name, r.contracts, r.spend, r.end_dates
        FROM due d
        JOIN ranked r ON r.vendor_id = d.vendor_id AND r.category_code = d.category_code AND r.end_date = d.end_date
        CROSS JOIN LATERAL (
            SELECT m.prefecture, m.name FROM municipalities m WHERE m.code = r.municipality_code OFFSET 0
        ) m
        ORDER BY d.id, r.rank
        """
    static let bindingDataTypes: [PostgresDataType] = [.text, .date, .date, .int4, .int8]

    /// The due contract's id; the peer's code, prefecture and name; its contracts in the window,
    /// their tax-included annual total and their end dates.
    typealias Row = (Int64, String, String, String, Int64, Int64, [BusinessDate])

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

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}
