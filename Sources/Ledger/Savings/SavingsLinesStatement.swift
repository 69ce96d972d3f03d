import PostgresNIO

/// The lines of a municipality's savings statement: its entries and reversals in the order they
/// were recorded, each with its municipality and its place in the hash chain (none yet for an
/// entry the chain has not sealed).
struct SavingsLinesStatement: PostgresPreparedStatement {
    static let sql = """
        SELECT e.id, e.case_id, e.municipality_code, m.prefecture, m.name, e.fiscal_year, e.effective_date,
               e.baseline_amount, e.negotiated_amount, e.savings, e.tax_included, e.note, e.reverses_id, e.reason,
               e.recorded_by_name, e.recorded_at, c.position, c.hash
        FROM savings_entries e
        JOIN municipalities m ON m.code = e.municipality_code
        LEFT JOIN savings_chain c ON c.entry_id = e.id
        WHERE e.municipality_code = $1
        ORDER BY e.id
        """
    static let bindingDataTypes: [PostgresDataType] = [.text]

    /// An entry's columns, as ``SavingsRepository/entry(_:)`` reads them.
    typealias Row = SavingsRepository.Row

    var municipality: MunicipalityCode

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(municipality.rawValue)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}
