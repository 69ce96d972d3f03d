import Foundation
import PostgresNIO

extension ContractRepository {
    /// A page of contract `id`'s history, oldest first; nil if no contract ever had this id. A
    /// deleted contract's history stays readable: it is the record of what was there.
    public func history(of id: Int64, page: PageRequest) async throws -> Page<ContractHistoryEntry>? {
        var after: Int64 = 0
        if let cursor = page.cursor {
            guard let key = Int64(try Cursor.decode(cursor, kind: "contract-history")) else {
                throw InvalidPageRequest.cursor
            }
            after = key
        }
        let rows = try await client.liveQuery(
            """
            SELECT id, action, actor_id, actor_name, changed_at, before::text, after::text
            FROM contract_history
            WHERE contract_id = \(id) AND id > \(after)
            ORDER BY id
            LIMIT \(page.limit + 1)
            """,
            logger: logger)
        var entries: [ContractHistoryEntry] = []
        for try await row in rows.decode((Int64, String, Int64?, String?, Date, String?, String?).self) {
            guard let action = ContractHistoryEntry.Action(rawValue: row.1) else {
                throw StorageError.unexpectedValue("contract_history.action = \(row.1)")
            }
            entries.append(
                ContractHistoryEntry(
                    id: row.0, contractID: id, action: action, actorTokenID: row.2, actorName: row.3,
                    changedAt: row.4, changes: try Self.changes(before: row.5, after: row.6)))
        }
        // The trigger writes a `created` entry with every contract, so a first page without
        // entries means the contract never existed; a later page may well be empty.
        if entries.isEmpty && page.cursor == nil { return nil }
        return Page(items: entries, limit: page.limit) { Cursor.encode(String($0.id), kind: "contract-history") }
    }

    /// The fields that differ between two snapshots of a contract row (`to_jsonb` of the row), in
    /// the order of ``historyFields``. A missing snapshot (before a creation, after a deletion)
    /// counts as every field empty, so a creation lists the initial values and a deletion the last.
    static func changes(before: String?, after: String?) throws -> [ContractFieldChange] {
        let old = try snapshot(before)
        let new = try snapshot(after)
        let known = Set(historyFields.map(\.column))
        // A column added later and not yet named in historyFields still shows, under a derived name.
        let others = Set(old.keys).union(new.keys).subtracting(known).subtracting(internalColumns).sorted()
        let fields = historyFields + others.map { (column: $0, field: camelCase($0)) }
        return fields.compactMap { column, field in
            let was = old[column]?.text
            let now = new[column]?.text
            return was == now ? nil : ContractFieldChange(field: field, before: was, after: now)
        }
    }

    /// The columns a person changes, and their names in the API, in the order a contract reads.
    static let historyFields: [(column: String, field: String)] = [
        ("municipality_code", "municipalityCode"),
        ("vendor_id", "vendorId"),
        ("category_code", "categoryCode"),
        ("title", "title"),
        ("product", "product"),
        ("amount", "amount"),
        ("tax_included", "taxIncluded"),
        ("billing_basis", "billingBasis"),
        ("start_date", "startDate"),
        ("end_date", "endDate"),
        ("contract_method", "contractMethod"),
        ("renewal_notice_date", "renewalNoticeDate"),
        ("signed_date", "signedDate"),
        ("external_reference", "externalReference"),
        ("notes", "notes"),
        ("source_url", "sourceUrl"),
    ]

    /// Bookkeeping, and values the database derives from the fields above (their change is already
    /// told by the field that caused it).
    static let internalColumns: Set<String> = [
        "id", "version", "created_at", "updated_at", "annual_amount", "fiscal_year", "product_key",
        "tax_included_annual_amount",
    ]

    private static func snapshot(_ json: String?) throws -> [String: SnapshotValue] {
        guard let json else { return [:] }
        return try JSONDecoder().decode([String: SnapshotValue].self, from: Data(json.utf8))
    }

    private static func camelCase(_ column: String) -> String {
        let parts = column.split(separator: "_")
        return (parts.first.map(String.init) ?? "")
            + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}

/// One value of a `to_jsonb` row snapshot: text, dates and codes are strings, amounts and ids
/// integers (never floating point: they are yen), flags booleans.
private enum SnapshotValue: Decodable {
    case text(String)
    case integer(Int64)
    case flag(Bool)
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .flag(flag)
        } else if let integer = try? container.decode(Int64.self) {
            self = .integer(integer)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    /// The value as the history shows it; nil for no value.
    var text: String? {
        switch self {
        case .text(let text): text
        case .integer(let integer): String(integer)
        case .flag(let flag): flag ? "true" : "false"
        case .null: nil
        }
    }
}
