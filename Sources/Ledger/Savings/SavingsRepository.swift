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
/// The insert trigger then locks the chain head (`savings_chain_head`, `FOR UPDATE`) until the
/// commit, so entries are chained one at a time in commit order; that lock is held only for the
/// insert and the commit. The entry, its hash and its idempotency key are written together or not
/// at all.
public struct SavingsRepository: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    // MARK: Recording

    /// Records `draft` as an entry of case `caseID`, under the caller's idempotency `key`.
    ///
    /// A key already used by the same token returns the response stored with it if the request is
    /// the same (`.replayed`), and is refused otherwise. `render` turns the new entry into the
    /// response to store with the key (the API's JSON), inside the transaction.
    ///
    /// A member records its own municipality's entries; the case's lead and admins record for any
    /// active participant. The case must be agreed or closed, with an agreement for the
    /// municipality, and the municipality may have only one live entry per case and fiscal year.
    /// - Throws: ``SavingsError``.
    public func record(
        _ draft: SavingsDraft, caseID: Int64, idempotencyKey key: String, by principal: Principal,
        render: @Sendable (SavingsEntry) throws -> String
    ) async throws -> SavingsRecording {
        let requestHash = draft.requestHash(caseID: caseID)
        let scope = Self.keyScope(principal)
        return try await writing(as: principal) { connection in
            try await lock(.idempotencyKey, "\(scope)\n\(key)", on: connection)
            if let stored = try await storedResponse(scope: scope, key: key, on: connection) {
                guard stored.requestHash == requestHash else { throw SavingsError.idempotencyKeyReused(key: key) }
                return .replayed(status: stored.status, response: stored.body)
            }
            try await lock(
                .entryYear, "\(caseID):\(draft.municipality.rawValue):\(draft.fiscalYear)", on: connection)
            try await checkRecording(draft, caseID: caseID, by: principal, on: connection)
            let rows = try await connection.query(
                """
                INSERT INTO savings_entries (
                    case_id, municipality_code, fiscal_year, effective_date, baseline_amount, negotiated_amount,
                    tax_included, note, recorded_by, recorded_by_name)
                VALUES (
                    \(caseID), \(draft.municipality.rawValue), \(draft.fiscalYear), \(draft.effectiveDate),
                    \(draft.baselineAmount), \(draft.negotiatedAmount), \(draft.taxIncluded), \(draft.note),
                    \(principal.tokenID), \(principal.name))
                RETURNING id
                """,
                logger: logger)
            var entryID: Int64?
            for try await id in rows.decode(Int64.self) { entryID = id }
            guard let entryID, let entry = try await find(entryID, on: connection) else {
                throw StorageError.unexpectedValue("INSERT INTO savings_entries returned no entry")
            }
            let response = try render(entry)
            try await connection.query(
                """
                INSERT INTO idempotency_keys (scope, key, request_hash, response_status, response_body, entry_id)
                VALUES (\(scope), \(key), \(requestHash), 201, \(response), \(entryID))
                """,
                logger: logger)
            return .recorded(entry, response: response)
        }
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
                [.init(field: "reason", message: "why the entry is reversed (1 to 2,000 characters)")])
        }
        return try await writing(as: principal) { connection in
            try await lock(.reversal, String(entryID), on: connection)
            guard let original = try await find(entryID, on: connection) else {
                throw SavingsError.entryNotFound(id: entryID)
            }
            if original.reversesID != nil {
                throw SavingsError.conflict(
                    code: "cannot_reverse_reversal",
                    "entry \(entryID) is a reversal (of entry \(original.reversesID ?? 0)); a reversal cannot be reversed: "
                        + "record the right figure as a new entry")
            }
            let lead = try await caseLead(original.caseID, on: connection)
            try checkActor(principal, for: original.municipality.code, lead: lead, caseID: original.caseID)
            if let reversal = try await reversal(of: entryID, on: connection) {
                throw SavingsError.conflict(
                    code: "already_reversed", "entry \(entryID) was already reversed by entry \(reversal)")
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
            guard let reversalID, let entry = try await find(reversalID, on: connection) else {
                throw StorageError.unexpectedValue("INSERT INTO savings_entries returned no reversal")
            }
            return entry
        }
    }

    // MARK: Reading

    /// The entry with this id, or nil.
    public func find(_ id: Int64) async throws -> SavingsEntry? {
        try await client.withConnection { connection in try await find(id, on: connection) }
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
        let entries = try await client.withConnection { connection in
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

    /// Recomputes every entry's hash in chain order and checks each links to the one before it.
    public func verify() async throws -> ChainVerification {
        try await client.withConnection { connection in
            let rows = try await connection.query(
                """
                WITH chain AS (
                    SELECT e.id, e.chain_position, e.hash, e.previous_hash,
                           savings_entry_hash(e, e.previous_hash) AS computed,
                           coalesce(lag(e.hash) OVER (ORDER BY e.chain_position), '') AS expected_previous
                    FROM savings_entries e
                )
                SELECT (SELECT count(*) FROM chain), id, chain_position, hash, computed,
                       CASE WHEN hash <> computed THEN 'content' ELSE 'link' END
                FROM chain
                WHERE hash <> computed OR previous_hash <> expected_previous
                ORDER BY chain_position
                LIMIT 1
                """,
                logger: logger)
            for try await (count, id, position, stored, computed, reason) in rows.decode(
                (Int64, Int64, Int64, String, String, String).self)
            {
                let why =
                    reason == "content"
                    ? "its content does not match its hash (changed after it was recorded)"
                    : "it does not link to the entry before it in the chain (an entry was removed or reordered)"
                return ChainVerification(
                    entries: count,
                    firstMismatch: .init(
                        entryID: id, chainPosition: position, storedHash: stored, computedHash: computed, reason: why))
            }
            let countRows = try await connection.query("SELECT count(*) FROM savings_entries", logger: logger)
            var count: Int64 = 0
            for try await value in countRows.decode(Int64.self) { count = value }
            return ChainVerification(entries: count, firstMismatch: nil)
        }
    }

    // MARK: Steps of a write

    /// Idempotency keys belong to the token that used them.
    static func keyScope(_ principal: Principal) -> String { "token:\(principal.tokenID)" }

    func writing<T: Sendable>(
        as principal: Principal, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await connection.setActor(principal, logger: logger)
                return try await body(connection)
            }
        } catch let error as PostgresTransactionError {
            if let cause = error.closureError, !(cause is PSQLError) { throw cause }
            if let cause = error.closureError as? PSQLError, cause.serverInfo?[.sqlState] == "23505",
                cause.serverInfo?[.constraintName] == "savings_entries_reverses_id_key"
            {
                throw SavingsError.conflict(code: "already_reversed", "the entry was already reversed")
            }
            throw error
        }
    }

    /// What a write locks before checking it (see the type's comment); each kind is its own space
    /// of advisory lock keys (the first of the two keys), so kinds never block one another.
    enum LockKind: Int32 {
        case idempotencyKey = 60_001
        case entryYear = 60_002
        case reversal = 60_003
    }

    /// Takes the advisory lock on `name` of `kind` until the transaction ends.
    func lock(_ kind: LockKind, _ name: String, on connection: PostgresConnection) async throws {
        try await connection.query(
            "SELECT pg_advisory_xact_lock(\(kind.rawValue), hashtext(\(name)))", logger: logger)
    }

    struct StoredResponse {
        let requestHash: String
        let status: Int
        let body: String
    }

    func storedResponse(scope: String, key: String, on connection: PostgresConnection) async throws -> StoredResponse? {
        let rows = try await connection.query(
            """
            SELECT request_hash, response_status, response_body FROM idempotency_keys
            WHERE scope = \(scope) AND key = \(key)
            """,
            logger: logger)
        for try await (hash, status, body) in rows.decode((String, Int32, String).self) {
            return StoredResponse(requestHash: hash, status: Int(status), body: body)
        }
        return nil
    }

    /// Who may record what (see ``record(_:caseID:idempotencyKey:by:render:)``).
    func checkRecording(
        _ draft: SavingsDraft, caseID: Int64, by principal: Principal, on connection: PostgresConnection
    ) async throws {
        let rows = try await connection.query(
            "SELECT lead_municipality_code, status FROM cases WHERE id = \(caseID)", logger: logger)
        var found: (String, String)?
        for try await row in rows.decode((String, String).self) { found = row }
        guard let (leadCode, status) = found else { throw SavingsError.caseNotFound(id: caseID) }
        let lead = try MunicipalityCode(leadCode)
        try checkActor(principal, for: draft.municipality, lead: lead, caseID: caseID)
        guard status == CaseStatus.agreed.rawValue || status == CaseStatus.closed.rawValue else {
            throw SavingsError.conflict(
                code: "case_not_agreed",
                "case \(caseID) is \(status): savings are recorded for an agreed (or closed) case only")
        }
        let name = try await municipalityName(draft.municipality, on: connection)
        let participant = try await connection.query(
            """
            SELECT p.status, a.case_id IS NOT NULL
            FROM case_participants p
            LEFT JOIN case_agreements a ON a.case_id = p.case_id AND a.municipality_code = p.municipality_code
            WHERE p.case_id = \(caseID) AND p.municipality_code = \(draft.municipality.rawValue)
            """,
            logger: logger)
        var standing: (String, Bool)?
        for try await row in participant.decode((String, Bool).self) { standing = row }
        guard let (participantStatus, agreed) = standing, participantStatus == ParticipantStatus.active.rawValue else {
            throw SavingsError.invalid(
                code: "not_a_participant",
                [
                    .init(
                        field: "municipalityCode",
                        message: "\(name) (\(draft.municipality)) was not an active participant of case \(caseID)")
                ])
        }
        guard agreed else {
            throw SavingsError.conflict(
                code: "case_not_agreed", "case \(caseID) has no agreement for \(name): it closed without one")
        }
        let live = try await connection.query(
            """
            SELECT e.id FROM savings_entries e
            WHERE e.case_id = \(caseID) AND e.municipality_code = \(draft.municipality.rawValue)
              AND e.fiscal_year = \(draft.fiscalYear) AND e.reverses_id IS NULL
              AND NOT EXISTS (SELECT 1 FROM savings_entries r WHERE r.reverses_id = e.id)
            """,
            logger: logger)
        for try await existing in live.decode(Int64.self) {
            throw SavingsError.conflict(
                code: "entry_exists",
                "\(name) already has entry \(existing) for case \(caseID) in fiscal year \(draft.fiscalYear); "
                    + "to correct it, reverse it and record the right figure")
        }
    }

    /// A member records for its own municipality; the case's lead and admins for any participant.
    func checkActor(
        _ principal: Principal, for municipality: MunicipalityCode, lead: MunicipalityCode, caseID: Int64
    ) throws(SavingsError) {
        guard let own = principal.municipality, own != municipality, own != lead else { return }
        throw .forbidden(
            "you act for \(own): you record savings of \(own) only, unless you lead case \(caseID) (its lead is \(lead))"
        )
    }

    func caseLead(_ caseID: Int64, on connection: PostgresConnection) async throws -> MunicipalityCode {
        let rows = try await connection.query(
            "SELECT lead_municipality_code FROM cases WHERE id = \(caseID)", logger: logger)
        for try await code in rows.decode(String.self) { return try MunicipalityCode(code) }
        throw SavingsError.caseNotFound(id: caseID)
    }

    func reversal(of entryID: Int64, on connection: PostgresConnection) async throws -> Int64? {
        let rows = try await connection.query(
            "SELECT id FROM savings_entries WHERE reverses_id = \(entryID)", logger: logger)
        for try await id in rows.decode(Int64.self) { return id }
        return nil
    }

    func municipalityName(_ code: MunicipalityCode, on connection: PostgresConnection) async throws -> String {
        let rows = try await connection.query(
            "SELECT name FROM municipalities WHERE code = \(code.rawValue)", logger: logger)
        for try await name in rows.decode(String.self) { return name }
        return code.rawValue
    }

    // MARK: Rows

    static let columns = """
        e.id, e.case_id, e.municipality_code, m.prefecture, m.name, e.fiscal_year, e.effective_date,
        e.baseline_amount, e.negotiated_amount, e.savings, e.tax_included, e.note, e.reverses_id, e.reason,
        e.recorded_by_name, e.recorded_at, e.chain_position, e.hash
        FROM savings_entries e JOIN municipalities m ON m.code = e.municipality_code
        """

    typealias Row = (
        Int64, Int64, String, String, String, Int32, BusinessDate, Int64, Int64, Int64, Bool, String?, Int64?,
        String?, String, Date, Int64, String
    )

    static func entry(_ row: Row) throws -> SavingsEntry {
        SavingsEntry(
            id: row.0, caseID: row.1,
            municipality: .init(code: try MunicipalityCode(row.2), prefecture: row.3, name: row.4), fiscalYear: row.5,
            effectiveDate: row.6, baselineAmount: row.7, negotiatedAmount: row.8, savings: row.9, taxIncluded: row.10,
            note: row.11, reversesID: row.12, reason: row.13, recordedBy: row.14, recordedAt: row.15,
            chainPosition: row.16, hash: row.17)
    }

    func find(_ id: Int64, on connection: PostgresConnection) async throws -> SavingsEntry? {
        let rows = try await connection.query("SELECT \(unescaped: Self.columns) WHERE e.id = \(id)", logger: logger)
        for try await row in rows.decode(Row.self) { return try Self.entry(row) }
        return nil
    }
}
