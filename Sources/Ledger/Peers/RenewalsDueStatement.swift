import PostgresNIO

/// The renewal radar's contracts: those of the municipality that end or reach their renewal
/// notice date within the window, each with its vendor, the first of those two days that falls in
/// the window (the day it is due) and how far off it is, and how many peers its peer window holds
/// and what they spend a year.
///
/// `due` comes from `contracts_municipality_idx`. Due contracts with the same vendor, category
/// and end date have the same peers, so `windows` keeps each such triple once, with the first and
/// last end date of its peer window (PostgreSQL's month arithmetic: the 31st minus a month is the
/// last day of the shorter month; both edges inclusive). `totals` reads each window from
/// `renewal_days` (`sql/0016_renewal_days.sql`: per vendor, category and end date, the contracts
/// ending that day and their municipalities), one range of its primary key: the peers are the
/// municipalities of the window's rows but the caller (the OR of their bitmaps, less the caller's
/// bit); their spend is the rows' total less the caller's own contracts in the window (a range of
/// `contracts_vendor_municipality_category_idx`).
struct RenewalsDueStatement: PostgresPreparedStatement {
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
        )
        SELECT d.id, d.category_code, d.title, d.product, d.product_key, d.annual_amount, d.tax_included,
               d.tax_included_annual_amount, d.start_date, d.end_date, d.renewal_notice_date,
               d.vendor_id, v.name, v.corporate_number, d.due_date, d.due_date - $2,
               coalesce(t.peer_count, 0), coalesce(t.total_spend, 0), m.prefecture, m.name
        FROM due d
        CROSS JOIN (SELECT prefecture, name FROM municipalities WHERE code = $1) m
        LEFT JOIN totals t
          ON t.vendor_id = d.vendor_id AND t.category_code = d.category_code AND t.end_date = d.end_date
        CROSS JOIN LATERAL (
            SELECT v.name, v.corporate_number FROM vendors v WHERE v.id = d.vendor_id OFFSET 0
        ) v
        ORDER BY d.id
        """
    static let bindingDataTypes: [PostgresDataType] = [.text, .date, .date, .int4]

    /// The contract's columns in the order of ``PeerContract``'s properties; its vendor (id, name,
    /// corporate number); the day it is due and the days until then; how many municipalities its
    /// peer window holds and their tax-included annual spend.
    typealias Due = (
        Int64, String, String, String?, String?, Int64, Bool, Int64, BusinessDate, BusinessDate, BusinessDate?,
        Int64, String, String?, BusinessDate, Int32,
        Int64, Int64
    )

    /// A due contract and the municipality's prefecture and name (the report's header, so that it
    /// needs no statement of its own when something is due).
    typealias Row = (due: Due, prefecture: String, name: String)

    var query: RenewalQuery

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 4)
        bindings.append(query.municipality.rawValue)
        bindings.append(query.asOf)
        bindings.append(query.until)
        bindings.append(Int32(query.peerWindowMonths))
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        let c = try row.decode(
            (
                Int64, String, String, String?, String?, Int64, Bool, Int64, BusinessDate, BusinessDate, BusinessDate?,
                Int64, String, String?, BusinessDate, Int32, Int64, Int64, String, String
            ).self)
        return (
            (c.0, c.1, c.2, c.3, c.4, c.5, c.6, c.7, c.8, c.9, c.10, c.11, c.12, c.13, c.14, c.15, c.16, c.17),
            c.18, c.19
        )
    }
}
