import Logging
import PostgresNIO

extension VendorRepository {
    /// Finds the vendor `reference` names — by id, else corporate number, else name key — and
    /// registers it when it is named by corporate number and/or name and is new. A name spelled
    /// differently from the vendor's registered name is recorded as an alias. Runs on the caller's
    /// connection, inside the caller's transaction.
    ///
    /// The rules, for contracts and imports that name vendors as people write them:
    /// - An id must be a registered vendor's (``VendorResolutionError/unknownVendorID(_:)``); the
    ///   rest of the reference is then ignored.
    /// - The corporate number is authoritative: when it is registered, that vendor is the answer,
    ///   even if the name's key belongs to another vendor (the name is then not recorded as an
    ///   alias either, since the key would lead to two vendors).
    /// - A corporate number that is not registered, with a name whose key is: that vendor, which
    ///   takes the number if it had none. If it has another number, the two are different
    ///   corporations the register cannot tell apart by name
    ///   (``VendorResolutionError/conflict(_:)``).
    /// - Otherwise a vendor is registered under the name (and the number, if any); a number
    ///   without a name cannot be (``VendorResolutionError/unknownCorporateNumber(_:)``).
    /// - A new name close to registered vendors' names or aliases (``similarityThreshold``) is
    ///   most often a typo that would split one vendor in two. With `onSimilar: .refuse` it is
    ///   refused (``VendorResolutionError/similarExists(name:_:)``, naming those vendors) unless the
    ///   reference confirms a new vendor (``VendorReference/confirmNew``); with `.register` it is
    ///   registered and the close vendors come back with it. A new corporate number is no such
    ///   doubt: it identifies a corporation of its own.
    ///
    /// Resolving a known vendor takes no locks. Registering one, taking a number or recording an
    /// alias takes the identity locks (see ``VendorRepository``) until the caller's transaction
    /// ends, so concurrent resolutions of one new company register exactly one vendor. A caller that
    /// resolves many new vendors in one transaction holds many locks: two such transactions naming
    /// the same companies in opposite orders can deadlock, and PostgreSQL then fails one of them.
    public static func resolve(
        _ reference: VendorReference, onSimilar: SimilarVendorPolicy = .refuse, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> ResolvedVendor {
        if let id = reference.id {
            let rows = try await connection.query("SELECT name FROM vendors WHERE id = \(id)", logger: logger)
            for try await name in rows.decode(String.self) { return ResolvedVendor(id: id, name: name, created: false) }
            throw VendorResolutionError.unknownVendorID(id)
        }
        let named = try NamedVendor(reference)

        // Most references name a known vendor by a known spelling: answer those without locking.
        if case .found(let match, nil) = try await plan(named, on: connection, logger: logger) {
            return ResolvedVendor(id: match.id, name: match.name, created: false)
        }
        // Something is to be written: look again under the locks, since another transaction may
        // have registered the company meanwhile.
        try await lockIdentity(
            corporateNumber: named.corporateNumber, nameKey: named.key, on: connection, logger: logger)
        switch try await plan(named, on: connection, logger: logger) {
        case .found(let match, let change):
            if let number = change?.corporateNumber {
                try await connection.query(
                    """
                    UPDATE vendors SET corporate_number = \(number.rawValue), updated_at = now()
                    WHERE id = \(match.id) AND corporate_number IS NULL
                    """,
                    logger: logger)
            }
            if let alias = change?.alias, let key = named.key {
                try await connection.query(
                    """
                    INSERT INTO vendor_aliases (vendor_id, name, name_key) VALUES (\(match.id), \(alias), \(key.rawValue))
                    ON CONFLICT DO NOTHING
                    """,
                    logger: logger)
            }
            return ResolvedVendor(id: match.id, name: match.name, created: false)
        case .register(let vendor):
            let similar =
                vendor.corporateNumber == nil
                ? try await self.similar(to: vendor.nameKey, on: connection, logger: logger) : []
            if !similar.isEmpty, onSimilar == .refuse, !reference.confirmNew {
                throw VendorResolutionError.similarExists(name: vendor.name, similar)
            }
            let id = try await insert(vendor, on: connection, logger: logger)
            var resolved = ResolvedVendor(id: id, name: vendor.name, created: true)
            if onSimilar == .register { resolved.similar = similar }
            return resolved
        }
    }

    /// How close (pg_trgm's `similarity` of the name keys, 0…1) a new name must come to a registered
    /// vendor's name or alias to be taken for a likely typo of it. At 0.5 a wrong or missing
    /// character in a name of ten (サンプル予約シスムズ for サンプル予約システムズ, 0.64) is caught, while
    /// names that share only a common word (ABC会計システム and XYZ会計システム) are not.
    public static let similarityThreshold = 0.5

    /// The registered vendors whose name or an alias is at least ``similarityThreshold`` similar
    /// to `key`, closest first (at most five). The trigram indexes on the keys serve `%`.
    static func similar(
        to key: VendorNameKey, on connection: PostgresConnection, logger: Logger
    ) async throws -> [SimilarVendor] {
        try await connection.query(
            "SELECT set_config('pg_trgm.similarity_threshold', \(String(similarityThreshold)), true)", logger: logger)
        let rows = try await connection.query(
            """
            SELECT v.id, v.name, max(m.closeness)::float8 AS closeness
            FROM (
                SELECT id AS vendor_id, similarity(name_key, \(key.rawValue)) AS closeness
                FROM vendors WHERE name_key % \(key.rawValue)
                UNION ALL
                SELECT vendor_id, similarity(name_key, \(key.rawValue))
                FROM vendor_aliases WHERE name_key % \(key.rawValue)
            ) m
            JOIN vendors v ON v.id = m.vendor_id
            GROUP BY v.id, v.name
            ORDER BY closeness DESC, v.id
            LIMIT 5
            """,
            logger: logger)
        var similar: [SimilarVendor] = []
        for try await (id, name, closeness) in rows.decode((Int64, String, Double).self) {
            similar.append(SimilarVendor(id: id, name: name, similarity: closeness))
        }
        return similar
    }

    /// A reference by corporate number and/or name, validated.
    private struct NamedVendor {
        let corporateNumber: CorporateNumber?
        let name: String?
        let key: VendorNameKey?

        init(_ reference: VendorReference) throws(VendorResolutionError) {
            corporateNumber = reference.corporateNumber
            let name = reference.name?.trimmingWhitespace()
            if let name, !name.isEmpty {
                do {
                    self.name = try NewVendor.validName(name)
                } catch {
                    throw .invalidName(error.message)
                }
                do {
                    key = try VendorNameKey(name)
                } catch {
                    throw .invalidName(error.message)
                }
            } else {
                self.name = nil
                key = nil
            }
            guard corporateNumber != nil || key != nil else { throw .empty }
        }
    }

    /// What resolving a reference comes to, as the register stands.
    private enum Plan {
        /// This vendor, after the change if any.
        case found(Match, Change?)
        case register(NewVendor)
    }

    /// What a found vendor gains from the reference.
    private struct Change {
        /// The number, for a vendor that had none.
        var corporateNumber: CorporateNumber?
        /// The reference's spelling of the name, new for this vendor.
        var alias: String?
    }

    private static func plan(_ named: NamedVendor, on connection: PostgresConnection, logger: Logger) async throws
        -> Plan
    {
        if let number = named.corporateNumber,
            let match = try await match(corporateNumber: number, on: connection, logger: logger)
        {
            guard let key = named.key else { return .found(match, nil) }
            // A key that leads to another vendor must not be made to lead to this one too.
            if key.rawValue != match.nameKey,
                let other = try await self.match(nameKey: key, on: connection, logger: logger), other.id != match.id
            {
                return .found(match, nil)
            }
            return .found(match, try await newAlias(named, of: match, on: connection, logger: logger))
        }
        guard let name = named.name, let key = named.key else {
            // Only a number, and nobody has it: there is no name to register a vendor under.
            if let number = named.corporateNumber { throw VendorResolutionError.unknownCorporateNumber(number) }
            throw VendorResolutionError.empty
        }
        guard let match = try await match(nameKey: key, on: connection, logger: logger) else {
            do {
                return .register(try NewVendor(name: name, corporateNumber: named.corporateNumber))
            } catch {
                throw VendorResolutionError.invalidName(error.message)
            }
        }
        var change = try await newAlias(named, of: match, on: connection, logger: logger)
        if let number = named.corporateNumber {
            if let registered = match.corporateNumber {
                throw VendorResolutionError.conflict(
                    LedgerText.vendorNumberConflict(
                        name: name, id: match.id, registeredName: match.name, registered: registered, given: number))
            }
            change = Change(corporateNumber: number, alias: change?.alias)
        }
        return .found(match, change)
    }

    /// The change recording the reference's name as an alias of `match`, unless it is already its
    /// name or one of its aliases.
    private static func newAlias(
        _ named: NamedVendor, of match: Match, on connection: PostgresConnection, logger: Logger
    ) async throws -> Change? {
        guard let name = named.name, name != match.name else { return nil }
        let rows = try await connection.query(
            "SELECT 1 FROM vendor_aliases WHERE vendor_id = \(match.id) AND name = \(name)", logger: logger)
        for try await _ in rows { return nil }
        return Change(alias: name)
    }
}
