import Logging
import PostgresNIO

/// The municipality registry: read-only, loaded by migration from the official code list.
public struct MunicipalityRepository: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The local government with this code, or nil if the code is well-formed but unknown.
    public func find(_ code: MunicipalityCode) async throws -> Municipality? {
        let rows = try await client.liveQuery(
            "SELECT code, prefecture, name, kana, kind FROM municipalities WHERE code = \(code.rawValue)",
            logger: logger
        )
        for try await row in rows.decode(Row.self) { return try Self.municipality(row) }
        return nil
    }

    /// A page of local governments in code order, filtered by prefecture code and a search text
    /// matched against the name, the prefecture and the reading (see ``SearchText``).
    public func list(prefectureCode: String?, search: String?, page: PageRequest) async throws -> Page<Municipality> {
        let after = try page.cursor.map { try Cursor.decode($0, kind: "municipality") } ?? ""
        let term = search.map(SearchText.normalise).flatMap { $0.isEmpty ? nil : $0 }
        let rows = try await client.liveQuery(
            """
            SELECT code, prefecture, name, kana, kind FROM municipalities
            WHERE code > \(after)
              AND (\(prefectureCode)::text IS NULL OR prefecture_code = \(prefectureCode))
              AND (\(term)::text IS NULL
                   OR strpos(lower(name), \(term)) > 0
                   OR strpos(kana, \(term)) > 0
                   OR strpos(lower(prefecture || name), \(term)) > 0)
            ORDER BY code
            LIMIT \(page.limit + 1)
            """,
            logger: logger
        )
        var items: [Municipality] = []
        for try await row in rows.decode(Row.self) { items.append(try Self.municipality(row)) }
        return Page(items: items, limit: page.limit) { Cursor.encode($0.code.rawValue, kind: "municipality") }
    }

    /// The prefecture code for a prefecture's name (`香川県`, `香川`) or its two-digit code (`37`).
    public func prefectureCode(for text: String) async throws -> String? {
        let normalised = SearchText.normalise(text)
        let rows = try await client.liveQuery(
            """
            SELECT prefecture_code FROM municipalities
            WHERE kind = 'prefecture'
              AND (prefecture_code = \(normalised) OR prefecture_code = lpad(\(normalised), 2, '0')
                   OR name = \(normalised) OR regexp_replace(name, '[都道府県]$', '') = \(normalised))
            """,
            logger: logger
        )
        for try await code in rows.decode(String.self) { return code }
        return nil
    }

    /// A row of `SELECT code, prefecture, name, kana, kind FROM municipalities`.
    public typealias Row = (String, String, String, String, String)

    /// The municipality a ``Row`` describes.
    public static func municipality(_ row: Row) throws -> Municipality {
        guard let kind = Municipality.Kind(rawValue: row.4) else {
            throw StorageError.unexpectedValue("municipalities.kind = \(row.4)")
        }
        return Municipality(code: try MunicipalityCode(row.0), prefecture: row.1, name: row.2, kana: row.3, kind: kind)
    }
}
