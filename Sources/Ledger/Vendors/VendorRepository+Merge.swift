import Logging
import PostgresNIO

extension VendorRepository {
    /// Merges vendor `loserID` into vendor `winnerID`: two rows found to be one company.
    ///
    /// In one transaction the loser's contracts move to the winner (each move recorded in the
    /// contract's history as done by `principal`), its name and aliases become the winner's
    /// aliases, the winner takes its corporate number and reading if it has none, the loser row is
    /// deleted and a `vendor_merges` row records what happened. The merged vendor's name is the one
    /// registered with its corporate number (a winner without one that takes the loser's also takes
    /// its name); when neither has a number, the spelling more of the contracts were recorded under
    /// (the winner's on a tie). The other name becomes an alias. Only admins may merge; the caller
    /// checks that.
    ///
    /// Refused: a vendor into itself (``VendorError/mergeIntoItself(_:)``), an unknown id
    /// (``VendorError/notFound(_:)``), and two vendors with different corporate numbers
    /// (``VendorError/differentCorporateNumbers(_:_:)``), which are different corporations.
    public func merge(_ loserID: Int64, into winnerID: Int64, by principal: Principal) async throws -> VendorMerge {
        guard loserID != winnerID else { throw VendorError.mergeIntoItself(winnerID) }
        return try await transaction { connection in
            try await Self.merge(loserID, into: winnerID, by: principal, on: connection, logger: logger)
        }
    }

    /// ``merge(_:into:by:)`` on `connection`, inside the caller's transaction (an accepted merge
    /// proposal is decided in the merge's transaction).
    static func merge(
        _ loserID: Int64, into winnerID: Int64, by principal: Principal, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> VendorMerge {
        guard loserID != winnerID else { throw VendorError.mergeIntoItself(winnerID) }
        // FOR UPDATE on both, in id order: a contract being written for either vendor meanwhile
        // (which holds a key-share lock on it) finishes first and is moved too, later ones wait
        // and then find the loser gone; two merges of the same vendors run one after the other.
        let rows = try await connection.query(
            """
            SELECT id, name, name_key, corporate_number FROM vendors
            WHERE id IN (\(winnerID), \(loserID))
            ORDER BY id
            FOR UPDATE
            """,
            logger: logger)
        var found: [Int64: (name: String, key: String, corporateNumber: String?)] = [:]
        for try await (id, name, key, number) in rows.decode((Int64, String, String, String?).self) {
            found[id] = (name, key, number)
        }
        guard let winner = found[winnerID] else { throw VendorError.notFound(winnerID) }
        guard let loser = found[loserID] else { throw VendorError.notFound(loserID) }
        if let winnerNumber = winner.corporateNumber, let loserNumber = loser.corporateNumber,
            winnerNumber != loserNumber
        {
            throw VendorError.differentCorporateNumbers(
                try CorporateNumber(winnerNumber), try CorporateNumber(loserNumber))
        }

        try await connection.setActor(principal, logger: logger)
        // Each vendor row's name is the spelling its contracts were recorded under (a spelling of
        // the same key finds the row, another one registers its own row until merged).
        let winnerRows = try await connection.query(
            "SELECT count(*)::integer FROM contracts WHERE vendor_id = \(winnerID)", logger: logger)
        var winnerContracts = 0
        for try await count in winnerRows.decode(Int.self) { winnerContracts = count }
        // The version changes with the vendor, so an edit based on the contract as it was gets 412.
        let moved = try await connection.query(
            """
            WITH moved AS (
                UPDATE contracts SET vendor_id = \(winnerID), version = version + 1, updated_at = now()
                WHERE vendor_id = \(loserID)
                RETURNING 1
            )
            SELECT count(*)::integer FROM moved
            """,
            logger: logger)
        var contractsMoved = 0
        for try await count in moved.decode(Int.self) { contractsMoved = count }
        // Negotiation cases with the loser are with the winner now; their version moves too.
        try await connection.query(
            """
            UPDATE cases SET vendor_id = \(winnerID), version = version + 1, updated_at = now()
            WHERE vendor_id = \(loserID)
            """,
            logger: logger)

        // The vendor's name is the one registered with its corporate number: a winner without one
        // takes the loser's name with its number; without numbers, the spelling of more contracts.
        // The name not kept becomes an alias.
        let takesName =
            winner.corporateNumber == nil
            && (loser.corporateNumber != nil || contractsMoved > winnerContracts)
        let name = takesName ? loser.name : winner.name
        try await connection.query(
            """
            INSERT INTO vendor_aliases (vendor_id, name, name_key, created_at)
            SELECT \(winnerID), name, name_key, created_at FROM vendor_aliases
            WHERE vendor_id = \(loserID) AND name <> \(name)
            UNION ALL
            SELECT \(winnerID), name, name_key, now() FROM vendors
            WHERE id IN (\(winnerID), \(loserID)) AND name <> \(name)
            ON CONFLICT DO NOTHING
            """,
            logger: logger)
        if takesName {
            try await connection.query(
                "DELETE FROM vendor_aliases WHERE vendor_id = \(winnerID) AND name = \(name)", logger: logger)
        }
        // The loser goes before the winner takes its number: the number is unique.
        let deleted = try await connection.query(
            "DELETE FROM vendors WHERE id = \(loserID) RETURNING kana", logger: logger)
        var loserKana: String?
        for try await kana in deleted.decode(String?.self) { loserKana = kana }
        try await connection.query(
            """
            UPDATE vendors
            SET corporate_number = coalesce(corporate_number, \(loser.corporateNumber)),
                kana = coalesce(kana, \(loserKana)),
                name = \(name), name_key = \(takesName ? loser.key : winner.key),
                updated_at = now()
            WHERE id = \(winnerID)
            """,
            logger: logger)
        try await connection.query(
            """
            INSERT INTO vendor_merges (winner_id, loser_id, loser_name, loser_corporate_number, contracts_moved, merged_by)
            VALUES (\(winnerID), \(loserID), \(loser.name), \(loser.corporateNumber), \(contractsMoved), \(principal.tokenID))
            """,
            logger: logger)

        // Proposals still open about the merged vendor are moot now.
        try await connection.query(
            """
            UPDATE vendor_merge_proposals
            SET status = 'superseded', decided_by = \(principal.tokenID), decided_by_name = \(principal.name),
                decided_at = now()
            WHERE status = 'open' AND \(loserID) IN (vendor_id, into_vendor_id)
            """,
            logger: logger)

        guard let vendor = try await Self.vendors(ids: [winnerID], on: connection, logger: logger).first else {
            throw StorageError.unexpectedValue("vendor \(winnerID) vanished while merging")
        }
        return VendorMerge(vendor: vendor, mergedVendorID: loserID, contractsMoved: contractsMoved)
    }
}
