import Foundation
import Logging
import PostgresNIO

/// The vendor register: one row per company, found by id, corporate number, name, alias or reading.
///
/// Uniqueness is the rule this type exists for. The database holds one vendor per name key and per
/// corporate number (unique indexes), but a key may also be taken by another vendor's alias, which
/// no index can see; so every path that registers a vendor or an alias first takes transaction-scoped
/// advisory locks on the corporate number and the key (``lockIdentity(corporateNumber:nameKey:on:logger:)``)
/// and looks again under them. Two requests registering the same company then run one after the other,
/// and the second finds the first's vendor.
public struct VendorRepository: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The vendor with this id, with its aliases.
    public func find(id: Int64) async throws -> Vendor? {
        try await client.withLiveConnection { connection in
            try await Self.vendors(ids: [id], on: connection, logger: logger).first
        }
    }

    /// The vendor with this corporate number, with its aliases.
    public func find(corporateNumber: CorporateNumber) async throws -> Vendor? {
        try await client.withLiveConnection { connection in
            guard let match = try await Self.match(corporateNumber: corporateNumber, on: connection, logger: logger)
            else {
                return nil
            }
            return try await Self.vendors(ids: [match.id], on: connection, logger: logger).first
        }
    }

    /// A page of vendors in id order.
    public func list(page: PageRequest) async throws -> Page<Vendor> {
        var after: Int64 = 0
        if let cursor = page.cursor {
            guard let id = Int64(try Cursor.decode(cursor, kind: "vendor")) else { throw InvalidPageRequest.cursor }
            after = id
        }
        let items = try await client.withLiveConnection { [after] connection in
            let rows = try await connection.query(
                "SELECT id FROM vendors WHERE id > \(after) ORDER BY id LIMIT \(page.limit + 1)", logger: logger)
            var ids: [Int64] = []
            for try await id in rows.decode(Int64.self) { ids.append(id) }
            return try await Self.vendors(ids: ids, on: connection, logger: logger)
        }
        return Page(items: items, limit: page.limit) { Cursor.encode(String($0.id), kind: "vendor") }
    }

    /// How close a vendor's name key, alias or reading must come to a search for it to be found: the
    /// share of the query's trigrams found in one stretch of the text (`word_similarity`). At 0.4 a
    /// typo in a three-character name (富士痛 for 富士通) or a prefix (`ABC` of `ABCシステム`) still finds
    /// the vendor, while a name that shares only a common word (`XYZシステム` for `ABCシステム`, 0.38)
    /// does not.
    static let searchThreshold = "0.4"

    /// At most `limit` vendors whose name, alias or reading resembles `text`, best first.
    ///
    /// The text is compared twice: normalised like a name (``VendorNameKey``: legal form, width,
    /// case, spaces and small kana folded away) with the name keys of vendors and aliases, and
    /// normalised like a reading (``SearchText``) with the readings. Matches are ranked by pg_trgm:
    /// first by how much of the query is found in one stretch of the text (so a partial name ranks
    /// its vendor high), then by the similarity of the whole text (so `ABCシステム` puts `ABCシステム`
    /// before `ABCシステムズ`).
    ///
    /// pg_trgm takes only letters and digits of the database's LC_CTYPE into trigrams: under the
    /// `C` ctype it ignores every Japanese character, so the database must have a Unicode-aware
    /// ctype (`C.UTF-8`, `ja_JP.UTF-8`, …).
    public func search(_ text: String, limit: Int) async throws -> [Vendor] {
        let key = (try? VendorNameKey(text))?.rawValue ?? SearchText.normalise(text)
        let reading = SearchText.normalise(text)
        guard !key.isEmpty || !reading.isEmpty else { return [] }
        return try await client.withLiveTransaction(logger: logger) { connection in
            // `<%` is the form of word_similarity the trigram indexes serve; its threshold is a setting.
            try await connection.query(
                "SELECT set_config('pg_trgm.word_similarity_threshold', \(Self.searchThreshold), true)",
                logger: logger)
            let rows = try await connection.query(
                """
                WITH matches AS (
                    SELECT id AS vendor_id, word_similarity(\(key), name_key) AS coverage,
                           similarity(\(key), name_key) AS closeness
                    FROM vendors WHERE \(key) <% name_key
                    UNION ALL
                    SELECT vendor_id, word_similarity(\(key), name_key), similarity(\(key), name_key)
                    FROM vendor_aliases WHERE \(key) <% name_key
                    UNION ALL
                    SELECT id, word_similarity(\(reading), kana), similarity(\(reading), kana)
                    FROM vendors WHERE \(reading) <% kana
                )
                SELECT vendor_id FROM matches
                GROUP BY vendor_id
                ORDER BY max(coverage) DESC, max(closeness) DESC, vendor_id
                LIMIT \(limit)
                """,
                logger: logger
            )
            var ids: [Int64] = []
            for try await id in rows.decode(Int64.self) { ids.append(id) }
            let found = try await Self.vendors(ids: ids, on: connection, logger: logger)
            let byID = Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            return ids.compactMap { byID[$0] }
        }
    }

    /// Registers a vendor; throws ``VendorError/exists(id:name:)`` when its corporate number or its
    /// name key (as a vendor's name or as an alias) is already registered, and
    /// ``VendorError/similarExists(name:_:)`` when, without a corporate number, its name is close to
    /// registered vendors' (see ``similarityThreshold``) and `confirmNew` is false.
    public func create(_ vendor: NewVendor, confirmNew: Bool = false) async throws -> Vendor {
        try await transaction { connection in
            try await Self.lockIdentity(
                corporateNumber: vendor.corporateNumber, nameKey: vendor.nameKey, on: connection, logger: logger)
            if let number = vendor.corporateNumber,
                let existing = try await Self.match(corporateNumber: number, on: connection, logger: logger)
            {
                throw VendorError.exists(id: existing.id, name: existing.name)
            }
            if let existing = try await Self.match(nameKey: vendor.nameKey, on: connection, logger: logger) {
                throw VendorError.exists(id: existing.id, name: existing.name)
            }
            if vendor.corporateNumber == nil, !confirmNew {
                let similar = try await Self.similar(to: vendor.nameKey, on: connection, logger: logger)
                if !similar.isEmpty { throw VendorError.similarExists(name: vendor.name, similar) }
            }
            let id = try await Self.insert(vendor, on: connection, logger: logger)
            guard let created = try await Self.vendors(ids: [id], on: connection, logger: logger).first else {
                throw StorageError.unexpectedValue("vendor \(id) vanished in the transaction that created it")
            }
            return created
        }
    }

    /// Runs `body` in a transaction; a failure inside it is rethrown as itself rather than wrapped
    /// in PostgresNIO's `PostgresTransactionError`, so callers can catch ``VendorError``.
    func transaction<Result: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        do {
            return try await client.withLiveTransaction(logger: logger, body)
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error
        }
    }
}

// MARK: Queries on a connection, shared by registering, resolving and merging

extension VendorRepository {
    /// A vendor row without its aliases: what matching needs.
    struct Match: Sendable {
        let id: Int64
        let name: String
        let nameKey: String
        let corporateNumber: String?
    }

    /// Serialises every transaction that registers the same corporate number or name key, until it
    /// ends. Always the number first, then the key: a fixed order, so two transactions never wait
    /// for each other in a circle over one company's locks.
    static func lockIdentity(
        corporateNumber: CorporateNumber?, nameKey: VendorNameKey?, on connection: PostgresConnection, logger: Logger
    ) async throws {
        // The two-key form keeps these locks apart from any other advisory lock (the migrator's).
        if let corporateNumber {
            try await connection.query(
                """
                SELECT pg_advisory_xact_lock(hashtext('procure.vendor_corporate_number'), \
                hashtext(\(corporateNumber.rawValue)))
                """,
                logger: logger)
        }
        if let nameKey {
            try await connection.query(
                "SELECT pg_advisory_xact_lock(hashtext('procure.vendor_name_key'), hashtext(\(nameKey.rawValue)))",
                logger: logger)
        }
    }

    /// The vendor with this corporate number.
    static func match(
        corporateNumber: CorporateNumber, on connection: PostgresConnection, logger: Logger
    ) async throws -> Match? {
        let rows = try await connection.query(
            "SELECT id, name, name_key, corporate_number FROM vendors WHERE corporate_number = \(corporateNumber.rawValue)",
            logger: logger)
        for try await (id, name, key, number) in rows.decode((Int64, String, String, String?).self) {
            return Match(id: id, name: name, nameKey: key, corporateNumber: number)
        }
        return nil
    }

    /// The vendor whose name key is this, else the vendor with an alias of this key.
    static func match(nameKey: VendorNameKey, on connection: PostgresConnection, logger: Logger) async throws -> Match?
    {
        let rows = try await connection.query(
            """
            SELECT id, name, name_key, corporate_number FROM (
                SELECT id, name, name_key, corporate_number, 1 AS rank FROM vendors WHERE name_key = \(nameKey.rawValue)
                UNION ALL
                SELECT v.id, v.name, v.name_key, v.corporate_number, 2 AS rank
                FROM vendor_aliases a JOIN vendors v ON v.id = a.vendor_id
                WHERE a.name_key = \(nameKey.rawValue)
            ) AS matches
            ORDER BY rank, id
            LIMIT 1
            """,
            logger: logger)
        for try await (id, name, key, number) in rows.decode((Int64, String, String, String?).self) {
            return Match(id: id, name: name, nameKey: key, corporateNumber: number)
        }
        return nil
    }

    /// Inserts a vendor row; the caller holds the identity locks and has checked there is no match.
    static func insert(_ vendor: NewVendor, on connection: PostgresConnection, logger: Logger) async throws -> Int64 {
        let rows = try await connection.query(
            """
            INSERT INTO vendors (name, name_key, corporate_number, kana)
            VALUES (\(vendor.name), \(vendor.nameKey.rawValue), \(vendor.corporateNumber?.rawValue), \(vendor.kana))
            RETURNING id
            """,
            logger: logger)
        for try await id in rows.decode(Int64.self) { return id }
        throw StorageError.unexpectedValue("INSERT INTO vendors returned no row")
    }

    /// The vendors with these ids, in id order, with their aliases.
    static func vendors(ids: [Int64], on connection: PostgresConnection, logger: Logger) async throws -> [Vendor] {
        guard !ids.isEmpty else { return [] }
        let rows = try await connection.query(
            "SELECT id, name, name_key, corporate_number, kana, created_at FROM vendors WHERE id = ANY(\(ids)) ORDER BY id",
            logger: logger)
        var found: [(Int64, String, String, String?, String?, Date)] = []
        for try await row in rows.decode((Int64, String, String, String?, String?, Date).self) { found.append(row) }

        let aliasRows = try await connection.query(
            "SELECT vendor_id, name FROM vendor_aliases WHERE vendor_id = ANY(\(ids)) ORDER BY created_at, name",
            logger: logger)
        var aliases: [Int64: [String]] = [:]
        for try await (vendorID, name) in aliasRows.decode((Int64, String).self) {
            aliases[vendorID, default: []].append(name)
        }

        return try found.map { id, name, key, number, kana, createdAt in
            Vendor(
                id: id, name: name, nameKey: try stored(VendorNameKey(key), "vendors.name_key", key),
                corporateNumber: try number.map { try stored(CorporateNumber($0), "vendors.corporate_number", $0) },
                kana: kana, aliases: aliases[id] ?? [], createdAt: createdAt)
        }
    }

    /// A value read back from the database, which its CHECKs and this code wrote valid.
    private static func stored<T>(
        _ parse: @autoclosure () throws -> T, _ column: String, _ value: String
    ) throws -> T {
        do {
            return try parse()
        } catch {
            throw StorageError.unexpectedValue("\(column) = \(value)")
        }
    }
}
