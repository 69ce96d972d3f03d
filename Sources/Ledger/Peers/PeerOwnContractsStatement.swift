import PostgresNIO

/// The peers report's own side: the municipality's current contracts (by `contracts_municipality_idx`),
/// within the report's vendor and category filters, each with its vendor, by vendor and id.
struct PeerOwnContractsStatement: PostgresPreparedStatement {
    static let sql = """
        SELECT c.vendor_id, v.name, v.corporate_number,
               c.id, c.category_code, c.title, c.product, c.product_key, c.annual_amount, c.tax_included,
               c.tax_included_annual_amount, c.start_date, c.end_date, c.renewal_notice_date
        FROM contracts c
        CROSS JOIN LATERAL (
            SELECT v.name, v.corporate_number FROM vendors v WHERE v.id = c.vendor_id OFFSET 0
        ) v
        WHERE c.municipality_code = $1 AND c.start_date <= $2 AND c.end_date >= $2
          AND ($3::bigint IS NULL OR c.vendor_id = $3)
          AND ($4::text IS NULL OR c.category_code = $4)
        ORDER BY c.vendor_id, c.id
        """
    static let bindingDataTypes: [PostgresDataType] = [.text, .date, .int8, .text]

    /// The vendor (id, name, corporate number), then the contract's columns in the order of
    /// ``PeerContract``'s properties.
    typealias Row = (
        Int64, String, String?,
        Int64, String, String, String?, String?, Int64, Bool, Int64, BusinessDate, BusinessDate, BusinessDate?
    )

    var query: PeerQuery

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 4)
        bindings.append(query.municipality.rawValue)
        bindings.append(query.asOf)
        bindings.append(query.vendorID)
        bindings.append(query.categoryCode)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}
