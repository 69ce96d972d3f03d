import Logging
import PostgresNIO

/// The categories contracts are filed under: the built-in taxonomy and those admins added.
public struct CategoryRepository: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Every category: the built-in ones first, then those added, each group in code order.
    public func list() async throws -> [Category] {
        let rows = try await client.liveQuery(
            "SELECT code, name_ja, name_en, builtin FROM categories ORDER BY builtin DESC, code",
            logger: logger)
        var categories: [Category] = []
        for try await row in rows.decode((String, String, String, Bool).self) {
            categories.append(try Self.category(row))
        }
        return categories
    }

    /// The category with this code, or nil.
    public func find(_ code: CategoryCode) async throws -> Category? {
        let rows = try await client.liveQuery(
            "SELECT code, name_ja, name_en, builtin FROM categories WHERE code = \(code.rawValue)", logger: logger)
        for try await row in rows.decode((String, String, String, Bool).self) { return try Self.category(row) }
        return nil
    }

    /// Whether a category with this code exists.
    public func exists(_ code: CategoryCode) async throws -> Bool {
        try await find(code) != nil
    }

    /// Whether a category with this code exists, asked on the caller's connection (inside its
    /// transaction): for contracts and imports, which check a row's category before writing it.
    public static func exists(
        _ code: CategoryCode, on connection: PostgresConnection, logger: Logger
    ) async throws -> Bool {
        let rows = try await connection.query(
            "SELECT 1 FROM categories WHERE code = \(code.rawValue)", logger: logger)
        for try await _ in rows { return true }
        return false
    }

    /// Adds a category (not built-in); throws ``CategoryError/exists(_:)`` if the code is taken.
    public func create(_ category: NewCategory) async throws -> Category {
        // ON CONFLICT rather than a prior check: two admins adding one code at once get one row and
        // one 409, without a unique-violation error to pick apart.
        let rows = try await client.liveQuery(
            """
            INSERT INTO categories (code, name_ja, name_en, builtin)
            VALUES (\(category.code.rawValue), \(category.nameJa), \(category.nameEn), false)
            ON CONFLICT (code) DO NOTHING
            RETURNING code, name_ja, name_en, builtin
            """,
            logger: logger)
        for try await row in rows.decode((String, String, String, Bool).self) { return try Self.category(row) }
        throw CategoryError.exists(category.code)
    }

    private static func category(_ row: (String, String, String, Bool)) throws -> Category {
        let code: CategoryCode
        do {
            code = try CategoryCode(row.0)
        } catch {
            throw StorageError.unexpectedValue("categories.code = \(row.0)")
        }
        return Category(code: code, nameJa: row.1, nameEn: row.2, builtin: row.3)
    }
}
