import Foundation
import Logging
import PostgresNIO

/// The register of joint negotiation cases: opening, reading and listing them here; participants,
/// workflow and the timeline in the extensions beside this file.
///
/// Every write runs in one transaction that first locks the case's row (`SELECT … FOR UPDATE`),
/// checks ``CasePolicy`` against what it holds, writes the change, appends the timeline entry and
/// bumps the version: a change and its record are written together or not at all, and two
/// conflicting changes are serialised (the second sees the first's result, or its stale version).
public struct CaseRepository: Sendable {
    let client: PostgresClient
    let logger: Logger
    /// Today in Japan, against which a response deadline must not be in the past.
    let today: @Sendable () -> BusinessDate

    public init(
        client: PostgresClient, logger: Logger,
        today: @escaping @Sendable () -> BusinessDate = {
            BusinessDate.todayInJapan()
        }
    ) {
        self.client = client
        self.logger = logger
        self.today = today
    }

    /// A response deadline set now must not have passed: nobody can answer by it.
    func checkDeadline(_ deadline: BusinessDate?) throws(CaseError) {
        let today = today()
        guard let deadline, deadline < today else { return }
        throw CaseError.invalid(
            "invalid_case", field: "responseDeadline", LedgerText.deadlinePassed(deadline, today: today))
    }

    // MARK: Reading

    /// The case with this id, with its participants and agreement, or nil if there is none.
    public func find(_ id: Int64) async throws -> NegotiationCase? {
        try await client.withLiveConnection { connection in try await find(id, on: connection) }
    }

    /// A page of cases matching `filter`, newest first.
    public func list(_ filter: CaseFilter, page: PageRequest) async throws -> Page<NegotiationCase> {
        var before: Int64?
        if let cursor = page.cursor {
            guard let id = Int64(try Cursor.decode(cursor, kind: "case")) else { throw InvalidPageRequest.cursor }
            before = id
        }
        let status = filter.status?.rawValue
        let involving = filter.involving?.rawValue
        let limit = page.limit + 1
        let cases = try await client.withLiveConnection { [before] connection in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.columns)
                WHERE (\(before)::bigint IS NULL OR c.id < \(before))
                  AND (\(filter.vendorID)::bigint IS NULL OR c.vendor_id = \(filter.vendorID))
                  AND (\(filter.categoryCode)::text IS NULL OR c.category_code = \(filter.categoryCode))
                  AND (\(status)::text IS NULL OR c.status = \(status))
                  AND (\(involving)::text IS NULL OR EXISTS (
                        SELECT 1 FROM case_participants p
                        WHERE p.case_id = c.id AND p.municipality_code = \(involving)
                          AND p.status IN ('invited', 'requested', 'active')))
                ORDER BY c.id DESC
                LIMIT \(limit)
                """,
                logger: logger)
            var heads: [Row] = []
            for try await row in rows.decode(Row.self) { heads.append(row) }
            return try await assemble(heads, on: connection)
        }
        return Page(items: cases, limit: page.limit) { Cursor.encode(String($0.id), kind: "case") }
    }

    // MARK: Opening

    /// Opens a case led by the caller's municipality (or, for an admin, the one the draft names),
    /// with the lead as its first active participant, and returns it.
    /// - Throws: ``CaseError``.
    public func open(_ draft: CaseDraft, by principal: Principal) async throws -> NegotiationCase {
        try await writing(as: principal) { connection in
            let lead: MunicipalityCode
            switch principal.role {
            case .admin:
                guard let requested = draft.lead else {
                    throw CaseError.invalid(
                        "invalid_case", field: "leadMunicipalityCode", LedgerText.adminNamesLead)
                }
                lead = requested
            case .member(let own):
                if let requested = draft.lead, requested != own {
                    let ownName = try await municipalityName(own, on: connection)
                    throw CaseError.forbidden(LedgerText.leadOnlyOwnCases(own: ownName, requested: requested))
                }
                lead = own
            }
            let violations = draft.violations()
            guard violations.isEmpty else {
                throw CaseError.invalid(
                    code: "invalid_case", violations.map { .init(field: $0.field, message: $0.message) })
            }
            try checkDeadline(draft.responseDeadline)
            guard try await exists("SELECT 1 FROM municipalities WHERE code = \(lead.rawValue)", on: connection) else {
                throw CaseError.invalid(
                    "unknown_municipality", field: "leadMunicipalityCode", LedgerText.unknownMunicipality(lead))
            }
            guard try await exists("SELECT 1 FROM vendors WHERE id = \(draft.vendorID)", on: connection) else {
                throw CaseError.invalid("unknown_vendor", field: "vendorId", LedgerText.unknownVendorID(draft.vendorID))
            }
            guard try await exists("SELECT 1 FROM categories WHERE code = \(draft.categoryCode)", on: connection) else {
                throw CaseError.invalid(
                    "unknown_category", field: "categoryCode", LedgerText.unknownCategory(draft.categoryCode))
            }
            if let baseline = draft.leadBaseline {
                try await checkBaseline(
                    baseline, of: lead, vendorID: draft.vendorID, field: "baseline", on: connection)
            }
            var percent: Int32?
            var yen: Int64?
            switch draft.target {
            case .percent(let value): percent = value
            case .yen(let value): yen = value
            case nil: break
            }
            let description = draft.description.flatMap { $0.isEmpty ? nil : $0 }
            let rows = try await connection.query(
                """
                INSERT INTO cases (
                    lead_municipality_code, vendor_id, category_code, product, title, description,
                    target_reduction_percent, target_reduction_yen, response_deadline, created_by)
                VALUES (
                    \(lead.rawValue), \(draft.vendorID), \(draft.categoryCode), \(draft.product), \(draft.title),
                    \(description), \(percent), \(yen), \(draft.responseDeadline), \(principal.tokenID))
                RETURNING id
                """,
                logger: logger)
            var caseID: Int64?
            for try await id in rows.decode(Int64.self) { caseID = id }
            guard let caseID else { throw StorageError.unexpectedValue("INSERT INTO cases returned no id") }
            try await connection.query(
                """
                INSERT INTO case_participants (
                    case_id, municipality_code, status, baseline_annual_amount, baseline_tax_included,
                    baseline_contract_id)
                VALUES (
                    \(caseID), \(lead.rawValue), 'active', \(draft.leadBaseline?.annualAmount),
                    \(draft.leadBaseline?.taxIncluded), \(draft.leadBaseline?.contractID))
                """,
                logger: logger)
            try await appendTimeline(
                caseID: caseID, kind: .opened, by: principal, body: draft.title, toStatus: CaseStatus.open.rawValue,
                on: connection)
            return try await required(caseID, on: connection)
        }
    }

    // MARK: Steps of a write

    /// Runs `body` in a transaction acting as `principal`; the register's own refusals come out
    /// as themselves rather than wrapped in PostgresNIO's transaction error.
    func writing<T: Sendable>(
        as principal: Principal, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        do {
            return try await client.withLiveTransaction(logger: logger) { connection in
                try await connection.setActor(principal, logger: logger)
                return try await body(connection)
            }
        } catch let error as PostgresTransactionError {
            if let cause = error.closureError, !(cause is PSQLError) { throw cause }
            throw error
        }
    }

    /// The case's row as a write needs it, locked until the transaction ends.
    struct Locked {
        let id: Int64
        let lead: MunicipalityCode
        let vendorID: Int64
        let status: CaseStatus
        let version: Int32
    }

    func lock(_ id: Int64, on connection: PostgresConnection) async throws -> Locked {
        let rows = try await connection.query(
            "SELECT lead_municipality_code, vendor_id, status, version FROM cases WHERE id = \(id) FOR UPDATE",
            logger: logger)
        for try await (lead, vendorID, status, version) in rows.decode((String, Int64, String, Int32).self) {
            guard let status = CaseStatus(rawValue: status) else {
                throw StorageError.unexpectedValue("cases.status = \(status)")
            }
            return Locked(
                id: id, lead: try MunicipalityCode(lead), vendorID: vendorID, status: status, version: version)
        }
        throw CaseError.notFound(id: id)
    }

    /// Refuses a change based on another version than the locked one.
    func checkVersion(_ expected: Int32?, of locked: Locked) throws(CaseError) {
        guard let expected, expected != locked.version else { return }
        throw .versionMismatch(id: locked.id, expected: expected, current: locked.version)
    }

    /// Marks the case changed: a new version (its ETag), and optionally a new status.
    func bump(_ id: Int64, status: CaseStatus? = nil, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            UPDATE cases SET version = version + 1, updated_at = now(), status = coalesce(\(status?.rawValue), status)
            WHERE id = \(id)
            """,
            logger: logger)
    }

    /// Appends an entry to the case's timeline and returns its id.
    @discardableResult
    func appendTimeline(
        caseID: Int64, kind: CaseTimelineEntry.Kind, by principal: Principal, body: String? = nil,
        participantsOnly: Bool = false, fromStatus: String? = nil, toStatus: String? = nil,
        municipality: MunicipalityCode? = nil, offer: CaseOffer? = nil, changes: [CaseDetailChange]? = nil,
        on connection: PostgresConnection
    ) async throws -> Int64 {
        let changesJSON = try changes.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        let rows = try await connection.query(
            """
            INSERT INTO case_timeline (
                case_id, kind, actor_id, actor_name, actor_municipality_code, body, participants_only,
                from_status, to_status, municipality_code, offer_amount, offer_tax_included, offered_on,
                offer_valid_until, changes)
            VALUES (
                \(caseID), \(kind.rawValue), \(principal.tokenID), \(principal.name), \(principal.municipality?.rawValue),
                \(body), \(participantsOnly), \(fromStatus), \(toStatus), \(municipality?.rawValue),
                \(offer?.amount), \(offer?.taxIncluded), \(offer?.offeredOn), \(offer?.validUntil), \(changesJSON)::jsonb)
            RETURNING id
            """,
            logger: logger)
        for try await id in rows.decode(Int64.self) { return id }
        throw StorageError.unexpectedValue("INSERT INTO case_timeline returned no id")
    }

    /// Checks that a baseline's contract, if it names one, is `municipality`'s own and with the
    /// case's vendor: a baseline is what that municipality pays that vendor.
    func checkBaseline(
        _ baseline: Baseline, of municipality: MunicipalityCode, vendorID: Int64, field: String,
        on connection: PostgresConnection
    ) async throws {
        if let message = baseline.violation {
            throw CaseError.invalid("invalid_baseline", field: "\(field)/annualAmount", message)
        }
        guard let contractID = baseline.contractID else { return }
        let rows = try await connection.query(
            "SELECT municipality_code, vendor_id FROM contracts WHERE id = \(contractID)", logger: logger)
        var found: (String, Int64)?
        for try await row in rows.decode((String, Int64).self) { found = row }
        guard let (owner, contractVendor) = found else {
            throw CaseError.invalid(
                "invalid_baseline", field: "\(field)/contractId", LedgerText.noContract(contractID))
        }
        if owner != municipality.rawValue {
            let ownerName = try await municipalityName(try MunicipalityCode(owner), on: connection)
            let name = try await municipalityName(municipality, on: connection)
            throw CaseError.invalid(
                "invalid_baseline", field: "\(field)/contractId",
                LedgerText.baselineOnForeignContract(contractID, owner: ownerName, name: name))
        }
        if contractVendor != vendorID {
            throw CaseError.invalid(
                "invalid_baseline", field: "\(field)/contractId",
                LedgerText.baselineOtherVendor(contractID, vendor: contractVendor, caseVendor: vendorID))
        }
    }

    /// The municipality's name, or its code if the registry does not know it.
    func municipalityName(_ code: MunicipalityCode, on connection: PostgresConnection) async throws -> String {
        let rows = try await connection.query(
            "SELECT name FROM municipalities WHERE code = \(code.rawValue)", logger: logger)
        for try await name in rows.decode(String.self) { return name }
        return code.rawValue
    }

    func exists(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> Bool {
        let rows = try await connection.query(query, logger: logger)
        for try await _ in rows.decode(Int32.self) { return true }
        return false
    }

    /// The participant status of `municipality` in the case, nil if it has none.
    func participantStatus(
        _ caseID: Int64, _ municipality: MunicipalityCode, on connection: PostgresConnection
    ) async throws -> ParticipantStatus? {
        let rows = try await connection.query(
            """
            SELECT status FROM case_participants
            WHERE case_id = \(caseID) AND municipality_code = \(municipality.rawValue)
            """,
            logger: logger)
        for try await status in rows.decode(String.self) {
            guard let value = ParticipantStatus(rawValue: status) else {
                throw StorageError.unexpectedValue("case_participants.status = \(status)")
            }
            return value
        }
        return nil
    }

    /// Whether `principal` reads and writes as a participant: an admin, or a member whose
    /// municipality is active in the case.
    func isParticipant(_ principal: Principal, caseID: Int64, on connection: PostgresConnection) async throws -> Bool {
        guard let own = principal.municipality else { return true }
        return try await participantStatus(caseID, own, on: connection) == .active
    }
}
