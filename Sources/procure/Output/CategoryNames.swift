import Ledger
import ProcurementClient

/// Category codes as their names in the run's language (`予約システム` / `Reservation systems`),
/// for tables and records; CSV and JSON keep the codes (each cell's plain value), so scripts and
/// a later import read what they always read.
struct CategoryNames: Sendable {
    private let names: [String: Bilingual]

    /// No names: every category prints as its code.
    init() { names = [:] }

    init(_ categories: [Components.Schemas.Category]) {
        names = Dictionary(
            categories.map { ($0.code, Bilingual(ja: $0.nameJa, en: $0.nameEn)) },
            uniquingKeysWith: { first, _ in first })
    }

    /// The names a listing in `format` shows: read from the server for a table and a workbook,
    /// none for CSV and JSON (their cells keep the codes, so the request is saved).
    static func shown(in format: OutputFormat, api: APIClient) async throws -> CategoryNames {
        guard format == .table || format == .xlsx else { return CategoryNames() }
        return CategoryNames(try await api.call({ try await $0.listCategories() }).ok.body.json.items)
    }

    /// The category's Japanese name, which an import reads back as the category; its code when
    /// the server named none.
    func japaneseName(_ code: String) -> String { names[code]?.japanese ?? code }

    /// The category's name in the run's language; its code when the server named none.
    func name(_ code: String) -> String { names[code]?.local ?? code }

    /// A cell that shows the name and keeps the code as its plain (CSV) value.
    func cell(_ code: String) -> Listing.Cell { Listing.Cell(name(code), plain: code) }
}
