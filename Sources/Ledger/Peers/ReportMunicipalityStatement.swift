import PostgresNIO

/// The municipality a peers report or a renewal radar is about: its prefecture and name (no row
/// for an unknown code), and whether the category the report is filtered by is one (always, for
/// no filter). It is the report's first statement, so an unknown code or category is told apart
/// from a municipality with nothing to report.
struct ReportMunicipalityStatement: PostgresPreparedStatement {
    static let sql = """
        SELECT m.prefecture, m.name,
               $2::text IS NULL OR EXISTS (SELECT 1 FROM categories k WHERE k.code = $2) AS category_known
        FROM municipalities m
        WHERE m.code = $1
        """
    static let bindingDataTypes: [PostgresDataType] = [.text, .text]

    /// Prefecture, name, whether the category is known.
    typealias Row = (String, String, Bool)

    var municipality: MunicipalityCode
    var categoryCode: String?

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(municipality.rawValue)
        bindings.append(categoryCode)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}
