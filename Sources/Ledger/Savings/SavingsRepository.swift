import Foundation
import Logging
import PostgresNIO

/// The cost-reduction ledger: recording entries (with idempotency keys), reversing them, reading
/// them and verifying the hash chain; reports in the extension beside this file.
///
/// Every write runs in one transaction. It first takes transaction-scoped advisory locks on what
/// its checks are about — the idempotency key, the (case, municipality, fiscal year) of a new
/// entry, the entry to reverse — so the checks (the key was not used, no live entry exists for the
/// year, the entry is not yet reversed) still hold when it inserts, while unrelated writes run on.
/// The entry and its idempotency key are written together or not at all; the entry joins the
/// queue of entries to chain, and once it has committed, ``SavingsChainSealer`` chains it (with
/// whatever else committed meanwhile) before the write returns, so the entry it returns carries
/// its chain position and hash.
public struct SavingsRepository: Sendable {
    let client: PostgresClient
    let sealer: SavingsChainSealer
    let logger: Logger

    public init(client: PostgresClient, sealer: SavingsChainSealer, logger: Logger) {
        self.client = client
        self.sealer = sealer
        self.logger = logger
    }

    // MARK: Recording

    /// Records `draft` as an entry of case `caseID`, under the caller's idempotency `key`.
    ///
    /// A key already used by the same token answers with the entry it recorded if the request is
    /// the same (`.replayed`: entries never change, so it is the first answer again), and is
    /// refused otherwise.
    ///
    /// A member records its own municipality's entries; the case's lead and admins record for any
    /// active participant. The case must be agreed or closed, with an agreement for the
    /// municipality, and the municipality may have only one live entry per case and fiscal year.
    /// - Throws: ``SavingsError``.
    public func record(
        _ draft: SavingsDraft, caseID: Int64, idempotencyKey key: String, by principal: Principal
    ) async throws -> SavingsRecording {
        let requestHash = draft.requestHash(caseID: caseID)
        let code = draft.municipality.rawValue
        // One statement, so one round trip and its own transaction (`savings_record`, sql/functions/savings.sql).
        let rows = try await client.run(
            RecordSavingsStatement(
                query: Self.recordQuery(
                    caseID: caseID, code: code, fiscalYear: draft.fiscalYear, date: draft.effectiveDate,
                    baseline: draft.baselineAmount, negotiated: draft.negotiatedAmount, taxIncluded: draft.taxIncluded,
                    note: draft.note, reason: draft.reason, principal: principal, key: key,
                    requestHash: requestHash)),
            logger: logger)
        var result: RecordOutcome?
        for row in rows { result = try row.decode(RecordOutcome.self) }
        guard let (outcome, entryID, lead, status, name, prefecture, savings, recordedAt) = result else {
            throw StorageError.unexpectedValue("savings_record returned no outcome")
        }
        let municipality = name ?? code
        switch (outcome, entryID) {
        case ("recorded", let entryID?):
            // The answer is the request, what the database derived, and the entry's seal; read
            // back only if another run sealed it (another replica's, or one already under way).
            let seals = try await sealer.sealCommitted()
            guard let seal = seals[entryID], let name, let prefecture, let savings, let recordedAt else {
                // Chained already (the run above waited for it): read back, without another run.
                return .recorded(try await readBack(entryID))
            }
            return .recorded(
                SavingsEntry(
                    id: entryID, caseID: caseID,
                    municipality: .init(code: draft.municipality, prefecture: prefecture, name: name),
                    fiscalYear: draft.fiscalYear, effectiveDate: draft.effectiveDate,
                    baselineAmount: draft.baselineAmount, negotiatedAmount: draft.negotiatedAmount, savings: savings,
                    taxIncluded: draft.taxIncluded, note: draft.note, reversesID: nil, reason: draft.reason,
                    recordedBy: principal.name, recordedAt: recordedAt, chainPosition: seal.position, hash: seal.hash))
        case ("replayed", let entryID?): return .replayed(try await sealed(entryID))
        case ("key_reused", _): throw SavingsError.idempotencyKeyReused(key: key)
        case ("case_not_found", _): throw SavingsError.caseNotFound(id: caseID)
        case ("forbidden", _):
            guard let own = principal.municipality, let lead else {
                throw StorageError.unexpectedValue("savings_record refused the caller for no reason it names")
            }
            throw Self.notTheirs(own: own, lead: lead, caseID: caseID)
        case ("case_not_agreed", _):
            throw SavingsError.conflict(
                code: "case_not_agreed", LedgerText.caseNotAgreed(caseID, status: status.flatMap(CaseStatus.init)))
        case ("not_a_participant", _):
            throw SavingsError.invalid(
                code: "not_a_participant",
                [
                    .init(
                        field: "municipalityCode",
                        message: LedgerText.wasNotParticipant(municipality, code, caseID: caseID))
                ])
        case ("no_agreement", _):
            throw SavingsError.conflict(
                code: "case_not_agreed", LedgerText.noAgreementFor(municipality, caseID: caseID))
        case ("outside_agreement", _):
            let agreement = try await self.agreement(caseID: caseID, code: code)
            throw SavingsError.invalid(
                code: "outside_agreement",
                [
                    .init(
                        field: "effectiveDate",
                        message: LedgerText.outsideAgreement(
                            draft.fiscalYear, first: agreement.firstYear, last: agreement.lastYear, caseID: caseID))
                ])
        case ("differs_from_agreement", _):
            let agreement = try await self.agreement(caseID: caseID, code: code)
            throw SavingsError.invalid(
                code: "differs_from_agreement",
                [
                    .init(
                        field: "negotiatedAmount",
                        message: LedgerText.differsFromAgreement(
                            municipality, caseID: caseID, annual: agreement.annual, taxIncluded: agreement.taxIncluded,
                            baseline: agreement.baseline, baselineTaxIncluded: agreement.baselineTaxIncluded))
                ])
        case ("entry_exists", let existing?):
            throw SavingsError.conflict(
                code: "entry_exists",
                LedgerText.entryExists(municipality, existing: existing, caseID: caseID, fiscalYear: draft.fiscalYear))
        default:
            throw StorageError.unexpectedValue("savings_record returned '\(outcome)'")
        }
    }

    /// The agreement of `code` in case `caseID`, to say why an entry does not fit it (read only
    /// after `savings_record` found one and refused the entry).
    private func agreement(caseID: Int64, code: String) async throws -> (
        firstYear: Int32, lastYear: Int32, annual: Int64, taxIncluded: Bool, baseline: Int64?,
        baselineTaxIncluded: Bool?
    ) {
        let rows = try await client.liveQuery(
            """
            SELECT first_fiscal_year, last_fiscal_year, annual_amount, tax_included, baseline_annual_amount,
                   baseline_tax_included
            FROM case_agreements WHERE case_id = \(caseID) AND municipality_code = \(code)
            """, logger: logger)
        for try await row in rows.decode((Int32, Int32, Int64, Bool, Int64?, Bool?).self) { return row }
        throw StorageError.unexpectedValue(
            "savings_record found an agreement for \(code) in case \(caseID) that is gone")
    }

    /// What `savings_record` answers: outcome, entry id, the case's lead and status, the
    /// municipality's name and prefecture, and for a new entry its savings and time of recording.
    typealias RecordOutcome = (String, Int64?, String?, String?, String?, String?, Int64?, Date?)

    static func recordQuery(
        caseID: Int64, code: String, fiscalYear: Int32, date: BusinessDate, baseline: Int64, negotiated: Int64,
        taxIncluded: Bool, note: String?, reason: String?, principal: Principal, key: String, requestHash: String
    ) -> PostgresQuery {
        """
        SELECT outcome, entry_id, lead, case_status, municipality_name, prefecture, savings, recorded_at
        FROM savings_record(
            \(caseID), \(code), \(fiscalYear), \(date), \(baseline), \(negotiated), \(taxIncluded), \(note), \(reason),
            \(principal.tokenID), \(principal.name), \(principal.municipality?.rawValue), \(keyScope(principal)), \(key),
            \(requestHash))
        """
    }

    /// Records the reversal of entry `entryID`, which cancels it, and returns the reversal.
    ///
    /// Whoever may record for the entry's municipality may reverse it. An entry is reversed at most
    /// once (`already_reversed`), and a reversal is never reversed: the right figure is recorded as
    /// a new entry instead.
    /// - Throws: ``SavingsError``.
    public func reverse(_ entryID: Int64, reason: String, by principal: Principal) async throws -> SavingsEntry {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 2000 else {
            throw SavingsError.invalid(
                code: "invalid_reversal",
                [.init(field: "reason", message: LedgerText.reversalReason)])
        }
        let reversalID = try await writing(as: principal, locking: [(.reversal, String(entryID))]) { connection in
            guard let original = try await find(entryID, on: connection) else {
                throw SavingsError.entryNotFound(id: entryID)
            }
            if original.reversesID != nil {
                throw SavingsError.conflict(
                    code: "cannot_reverse_reversal",
                    LedgerText.reversalOfReversal(entryID, original: original.reversesID ?? 0))
            }
            try await checkMayWrite(original.municipality.code, of: original.caseID, principal, on: connection)
            if let reversal = try await reversal(of: entryID, on: connection) {
                throw SavingsError.conflict(
                    code: "already_reversed", LedgerText.alreadyReversed(entryID, by: reversal))
            }
            let rows = try await connection.query(
                """
                INSERT INTO savings_entries (
                    case_id, municipality_code, fiscal_year, effective_date, baseline_amount, negotiated_amount,
                    tax_included, note, reverses_id, reason, recorded_by, recorded_by_name)
                SELECT case_id, municipality_code, fiscal_year, effective_date, baseline_amount, negotiated_amount,
                       tax_included, NULL, id, \(reason), \(principal.tokenID), \(principal.name)
                FROM savings_entries WHERE id = \(entryID)
                RETURNING id
                """,
                logger: logger)
            var reversalID: Int64?
            for try await id in rows.decode(Int64.self) { reversalID = id }
            guard let reversalID else {
                throw StorageError.unexpectedValue("INSERT INTO savings_entries returned no reversal")
            }
            return reversalID
        }
        return try await sealed(reversalID)
    }

    /// Entry `id`, committed by this write, once the chain has sealed it.
    func sealed(_ id: Int64) async throws -> SavingsEntry {
        try await sealer.sealCommitted()
        return try await readBack(id)
    }

    /// The entry this repository just wrote, which must be there.
    private func readBack(_ id: Int64) async throws -> SavingsEntry {
        guard let entry = try await find(id) else {
            throw StorageError.unexpectedValue("savings entry \(id) was written but cannot be read")
        }
        return entry
    }

    // MARK: Reading

    /// The entry with this id, or nil.
    public func find(_ id: Int64) async throws -> SavingsEntry? {
        let rows = try await client.run(FindSavingsEntryStatement(query: Self.findQuery(id)), logger: logger)
        return try rows.first.map { try Self.entry(try $0.decode(Row.self)) }
    }

    /// A page of entries in the order they were recorded, optionally of one municipality or case.
    public func list(
        municipality: MunicipalityCode?, caseID: Int64?, page: PageRequest
    ) async throws -> Page<SavingsEntry> {
        var after: Int64?
        if let cursor = page.cursor {
            guard let id = Int64(try Cursor.decode(cursor, kind: "savings")) else { throw InvalidPageRequest.cursor }
            after = id
        }
        let code = municipality?.rawValue
        let limit = page.limit + 1
        let entries = try await client.withLiveConnection { [after] connection in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.columns)
                WHERE (\(code)::text IS NULL OR e.municipality_code = \(code))
                  AND (\(caseID)::bigint IS NULL OR e.case_id = \(caseID))
                  AND (\(after)::bigint IS NULL OR e.id > \(after))
                ORDER BY e.id
                LIMIT \(limit)
                """,
                logger: logger)
            var entries: [SavingsEntry] = []
            for try await row in rows.decode(Row.self) { entries.append(try Self.entry(row)) }
            return entries
        }
        return Page(items: entries, limit: page.limit) { Cursor.encode(String($0.id), kind: "savings") }
    }

    /// Seals what is queued, then recomputes every hash in chain order and checks that each links
    /// to the one before it, that no position is missing, that every chained entry is still there
    /// and that every entry is in the chain — or waiting for it: an entry committed by a
    /// concurrent write after this seal is in the queue, and is not a finding.
    public func verify() async throws -> ChainVerification {
        try await sealer.sealCommitted()
        return try await verifyChain()
    }

    /// The checks of ``verify()`` over the chain as it stands, without sealing first.
    func verifyChain() async throws -> ChainVerification {
        try await client.withLiveConnection { connection in
            let rows = try await connection.query(
                """
                WITH chain AS (
                    SELECT c.entry_id, c.position, c.hash, c.previous_hash,
                           CASE WHEN e.id IS NOT NULL THEN savings_entry_hash(e, c.position, c.previous_hash) END
                               AS computed,
                           coalesce(lag(c.hash) OVER (ORDER BY c.position), '') AS expected_previous,
                           row_number() OVER (ORDER BY c.position) AS expected_position
                    FROM savings_chain c LEFT JOIN savings_entries e ON e.id = c.entry_id
                )
                SELECT (SELECT count(*) FROM chain), entry_id, position, hash, coalesce(computed, ''),
                       CASE WHEN computed IS NULL THEN 'missing'
                            WHEN hash <> computed THEN 'content'
                            ELSE 'link' END
                FROM chain
                WHERE computed IS NULL OR hash <> computed OR previous_hash <> expected_previous
                   OR position <> expected_position
                ORDER BY position
                LIMIT 1
                """,
                logger: logger)
            for try await (count, id, position, stored, computed, reason) in rows.decode(
                (Int64, Int64, Int64, String, String, String).self)
            {
                let why =
                    switch reason {
                    case "missing": "it is in the chain but no longer in the ledger (removed after it was recorded)"
                    case "content": "its content does not match its hash (changed after it was recorded)"
                    default:
                        "it does not link to the entry before it in the chain (an entry was removed or reordered)"
                    }
                return ChainVerification(
                    entries: count,
                    firstMismatch: .init(
                        entryID: id, chainPosition: position, storedHash: stored, computedHash: computed, reason: why))
            }
            let counts = try await connection.query(
                """
                SELECT (SELECT count(*) FROM savings_chain),
                       (SELECT min(e.id) FROM savings_entries e
                        WHERE NOT EXISTS (SELECT 1 FROM savings_chain c WHERE c.entry_id = e.id)
                          AND NOT EXISTS (SELECT 1 FROM savings_unsealed u WHERE u.entry_id = e.id))
                """,
                logger: logger)
            var count: Int64 = 0
            var unchained: Int64?
            for try await (chained, outside) in counts.decode((Int64, Int64?).self) {
                count = chained
                unchained = outside
            }
            if let unchained {
                return ChainVerification(
                    entries: count,
                    firstMismatch: .init(
                        entryID: unchained, chainPosition: nil, storedHash: "", computedHash: "",
                        reason: "it is in the ledger but not in the chain (written around the chaining trigger)"))
            }
            return ChainVerification(entries: count, firstMismatch: nil)
        }
    }

    // MARK: Steps of a write

    /// Idempotency keys belong to the token that used them.
    static func keyScope(_ principal: Principal) -> String { "token:\(principal.tokenID)" }

    /// Runs `body` in a transaction acting as `principal`, after taking the advisory `locks` (in
    /// their order) until the transaction ends; the actor and the locks cost one round trip.
    func writing<T: Sendable>(
        as principal: Principal, locking locks: [(LockKind, String)],
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let actor = "\(principal.tokenID):\(principal.name)"
        let kinds = locks.map(\.0.rawValue)
        let names = locks.map(\.1)
        do {
            return try await client.withLiveTransaction(logger: logger) { connection in
                try await connection.query(
                    """
                    SELECT set_config('procure.actor', \(actor), true),
                           (SELECT count(pg_advisory_xact_lock(l.kind, hashtext(l.name)))
                            FROM unnest(\(kinds)::integer[], \(names)::text[]) AS l(kind, name))
                    """,
                    logger: logger)
                return try await body(connection)
            }
        } catch let error as PostgresTransactionError {
            if let cause = error.closureError, !(cause is PSQLError) { throw cause }
            if let cause = error.closureError as? PSQLError, cause.serverInfo?[.sqlState] == "23505",
                cause.serverInfo?[.constraintName] == "savings_entries_reverses_id_key"
            {
                throw SavingsError.conflict(code: "already_reversed", LedgerText.entryAlreadyReversed)
            }
            throw error
        }
    }

    /// What a write locks before checking it (see the type's comment); each kind is its own space
    /// of advisory lock keys (the first of the two keys), so kinds never block one another.
    /// (`savings_record` in sql/functions/savings.sql takes the first two itself.)
    enum LockKind: Int32 {
        case idempotencyKey = 60_001
        case entryYear = 60_002
        case reversal = 60_003
    }

    /// Whether `principal` may write `municipality`'s savings in case `caseID`, as
    /// `savings_actor_may_write` (sql/functions/savings.sql) says: the rule's one owner.
    func checkMayWrite(
        _ municipality: MunicipalityCode, of caseID: Int64, _ principal: Principal, on connection: PostgresConnection
    ) async throws {
        let rows = try await connection.query(
            """
            SELECT lead_municipality_code,
                   savings_actor_may_write(\(principal.municipality?.rawValue), \(municipality.rawValue), lead_municipality_code)
            FROM cases WHERE id = \(caseID)
            """,
            logger: logger)
        for try await (lead, allowed) in rows.decode((String, Bool).self) {
            if allowed { return }
            guard let own = principal.municipality else {
                throw StorageError.unexpectedValue("savings_actor_may_write refused an admin")
            }
            throw Self.notTheirs(own: own, lead: lead, caseID: caseID)
        }
        throw SavingsError.caseNotFound(id: caseID)
    }

    /// The refusal of a member that neither is the municipality nor leads the case.
    static func notTheirs(own: MunicipalityCode, lead: String, caseID: Int64) -> SavingsError {
        .forbidden(LedgerText.savingsNotTheirs(own: own, lead: lead, caseID: caseID))
    }

    func reversal(of entryID: Int64, on connection: PostgresConnection) async throws -> Int64? {
        let rows = try await connection.query(
            "SELECT id FROM savings_entries WHERE reverses_id = \(entryID)", logger: logger)
        for try await id in rows.decode(Int64.self) { return id }
        return nil
    }

    // MARK: Rows

    static let columns = """
        e.id, e.case_id, e.municipality_code, m.prefecture, m.name, e.fiscal_year, e.effective_date,
        e.baseline_amount, e.negotiated_amount, e.savings, e.tax_included, e.note, e.reverses_id, e.reason,
        e.recorded_by_name, e.recorded_at, c.position, c.hash
        FROM savings_entries e JOIN municipalities m ON m.code = e.municipality_code
        LEFT JOIN savings_chain c ON c.entry_id = e.id
        """

    typealias Row = (
        Int64, Int64, String, String, String, Int32, BusinessDate, Int64, Int64, Int64, Bool, String?, Int64?,
        String?, String, Date, Int64?, String?
    )

    static func entry(_ row: Row) throws -> SavingsEntry {
        SavingsEntry(
            id: row.0, caseID: row.1,
            municipality: .init(code: try MunicipalityCode(row.2), prefecture: row.3, name: row.4), fiscalYear: row.5,
            effectiveDate: row.6, baselineAmount: row.7, negotiatedAmount: row.8, savings: row.9, taxIncluded: row.10,
            note: row.11, reversesID: row.12, reason: row.13, recordedBy: row.14, recordedAt: row.15,
            chainPosition: row.16, hash: row.17)
    }

    static func findQuery(_ id: Int64) -> PostgresQuery { "SELECT \(unescaped: columns) WHERE e.id = \(id)" }

    func find(_ id: Int64, on connection: PostgresConnection) async throws -> SavingsEntry? {
        let rows = try await connection.query("SELECT \(unescaped: Self.columns) WHERE e.id = \(id)", logger: logger)
        for try await row in rows.decode(Row.self) { return try Self.entry(row) }
        return nil
    }
}

// The ledger's hot statements, prepared (see ``PreparedQuery``).

struct RecordSavingsStatement: PreparedQuery {
    static let sql = SavingsRepository.recordQuery(
        caseID: 0, code: "", fiscalYear: 0, date: BusinessDate(uncheckedYear: 2000, month: 1, day: 1), baseline: 0,
        negotiated: 0, taxIncluded: false, note: nil, reason: nil,
        principal: Principal(tokenID: 0, name: "", role: .admin),
        key: "",
        requestHash: ""
    ).sql
    let query: PostgresQuery
}

struct FindSavingsEntryStatement: PreparedQuery {
    static let sql = SavingsRepository.findQuery(0).sql
    let query: PostgresQuery
}
