import Foundation
import Logging
import PostgresNIO

/// The contract register: record, read, list, change and delete contracts.
///
/// Every write runs in one transaction that names the actor first (``PostgresConnection/setActor(_:logger:)``),
/// so the `contract_history` trigger records who made each change; ``ContractPolicy`` decides who
/// may write; changes and deletions carry the version they were based on and are refused if the
/// contract has moved on since (optimistic locking: nobody holds a lock while a person edits).
public struct ContractRepository: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    // MARK: Reading

    /// The contract with this id, or nil if there is none (never was, or was deleted).
    public func find(_ id: Int64) async throws -> Contract? {
        try await client.withLiveConnection { connection in try await find(id, on: connection) }
    }

    /// A page of contracts matching `filter`, in id order (oldest first; stable under inserts).
    public func list(_ filter: ContractFilter, page: PageRequest) async throws -> Page<Contract> {
        var after: Int64 = 0
        if let cursor = page.cursor {
            guard let id = Int64(try Cursor.decode(cursor, kind: "contract")) else { throw InvalidPageRequest.cursor }
            after = id
        }
        let rows = try await client.liveQuery(
            Self.listQuery(filter, after: after, limit: page.limit + 1), logger: logger)
        var items: [Contract] = []
        for try await row in rows.decode(Row.self) { items.append(try Self.contract(row)) }
        return Page(items: items, limit: page.limit) { Cursor.encode(String($0.id), kind: "contract") }
    }

    /// The listing's one query. Each filter is `(bind IS NULL OR predicate)`: PostgresNIO sends
    /// unnamed statements, which PostgreSQL plans with the bound values, so a filter left nil folds
    /// away and a given one can use its `contracts_*_idx` index (checked by a test with EXPLAIN).
    /// That needs binds of the column's own type: a cast such as `text::date` is not folded.
    /// The prefecture filters the joined municipality, so the planner can start from the
    /// prefecture's few municipalities and reach their contracts by `contracts_municipality_idx`.
    static func listQuery(_ filter: ContractFilter, after: Int64, limit: Int) -> PostgresQuery {
        let municipality = filter.municipality?.rawValue
        let fiscalYear = filter.fiscalYear.map(Int32.init(clamping:))
        return """
            SELECT \(unescaped: Self.columns)
            WHERE c.id > \(after)
              AND (\(municipality)::text IS NULL OR c.municipality_code = \(municipality))
              AND (\(filter.prefectureCode)::text IS NULL OR m.prefecture_code = \(filter.prefectureCode))
              AND (\(filter.vendorID)::bigint IS NULL OR c.vendor_id = \(filter.vendorID))
              AND (\(filter.categoryCode)::text IS NULL OR c.category_code = \(filter.categoryCode))
              AND (\(fiscalYear)::integer IS NULL OR c.fiscal_year = \(fiscalYear))
              AND (\(filter.endsBefore)::date IS NULL OR c.end_date < \(filter.endsBefore))
            ORDER BY c.id
            LIMIT \(limit)
            """
    }

    // MARK: Writing

    /// Records a new contract of `municipality` (a member's own when nil) and returns it.
    ///
    /// The vendor is resolved — and registered if new — in the same transaction, so a refused
    /// contract leaves no vendor behind.
    /// - Throws: ``InvalidContract``, ``ContractWriteError``, or the vendor register's resolution
    ///   error.
    public func create(
        _ draft: ContractDraft, municipality requested: MunicipalityCode?, by principal: Principal
    ) async throws -> Contract {
        try await writing(as: principal) { connection in
            let owner: MunicipalityCode
            do throws(ContractPolicy.Refusal) {
                owner = try ContractPolicy.owner(ofNewContractBy: principal, requested: requested)
            } catch {
                throw try await refusal(error, contractID: nil, verb: .record, on: connection)
            }
            try Self.validate(draft)
            try await checkMunicipalityExists(owner, on: connection)
            let vendor = try await VendorRepository.resolve(draft.vendor, on: connection, logger: logger)
            try await checkReferences(of: draft, municipality: owner, excluding: nil, on: connection)
            let id = try await insert(draft, municipality: owner, vendorID: vendor.id, on: connection)
            guard let contract = try await find(id, on: connection) else { throw ContractWriteError.notFound(id: id) }
            return contract
        }
    }

    /// Replaces every field of contract `id` with `draft`, if the contract is still at
    /// `expectedVersion`; `municipality` nil keeps its municipality. A replacement that changes
    /// nothing leaves the version and the history as they are.
    /// - Throws: ``InvalidContract``, ``ContractWriteError``, or the vendor register's resolution
    ///   error.
    public func replace(
        _ id: Int64, with draft: ContractDraft, municipality requested: MunicipalityCode?, expectedVersion: Int32,
        by principal: Principal
    ) async throws -> Contract {
        try await writing(as: principal) { connection in
            let current = try await lock(id, on: connection)
            let target = requested ?? current.owner
            do throws(ContractPolicy.Refusal) {
                try ContractPolicy.checkChange(by: principal, owner: current.owner, target: target)
            } catch {
                throw try await refusal(error, contractID: id, verb: .change, on: connection)
            }
            guard current.version == expectedVersion else {
                throw ContractWriteError.versionMismatch(id: id, expected: expectedVersion, current: current.version)
            }
            try Self.validate(draft)
            if target != current.owner { try await checkMunicipalityExists(target, on: connection) }
            let vendor = try await VendorRepository.resolve(draft.vendor, on: connection, logger: logger)
            try await checkReferences(of: draft, municipality: target, excluding: id, on: connection)
            try await update(
                id, expectedVersion: expectedVersion, with: draft, municipality: target, vendorID: vendor.id,
                on: connection)
            guard let contract = try await find(id, on: connection) else { throw ContractWriteError.notFound(id: id) }
            return contract
        }
    }

    /// Deletes contract `id` if it is still at `expectedVersion`. Its history stays, ending with
    /// the deletion.
    /// - Throws: ``ContractWriteError``.
    public func delete(_ id: Int64, expectedVersion: Int32, by principal: Principal) async throws {
        try await writing(as: principal) { connection in
            let current = try await lock(id, on: connection)
            do throws(ContractPolicy.Refusal) {
                try ContractPolicy.checkChange(by: principal, owner: current.owner)
            } catch {
                throw try await refusal(error, contractID: id, verb: .delete, on: connection)
            }
            guard current.version == expectedVersion else {
                throw ContractWriteError.versionMismatch(id: id, expected: expectedVersion, current: current.version)
            }
            let rows = try await connection.query(
                "DELETE FROM contracts WHERE id = \(id) AND version = \(expectedVersion) RETURNING id", logger: logger)
            var deleted = false
            for try await _ in rows.decode(Int64.self) { deleted = true }
            // The row is locked, so only a bug could get here; refuse rather than report success.
            guard deleted else {
                throw ContractWriteError.versionMismatch(id: id, expected: expectedVersion, current: current.version)
            }
        }
    }

    // MARK: Steps of a write

    /// Runs `body` in a transaction acting as `principal`; the register's own refusals come out
    /// as themselves rather than wrapped in PostgresNIO's transaction error.
    private func writing<T: Sendable>(
        as principal: Principal, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        do {
            return try await client.withLiveTransaction(logger: logger) { connection in
                try await connection.setActor(principal, logger: logger)
                return try await body(connection)
            }
        } catch let error as PostgresTransactionError {
            // A database error stays wrapped: the wrapper tells whether BEGIN, the body or COMMIT
            // failed, which the 503-or-500 decision and the log need.
            if let cause = error.closureError, !(cause is PSQLError) { throw cause }
            throw error
        }
    }

    static func validate(_ draft: ContractDraft) throws(InvalidContract) {
        let violations = draft.violations()
        guard violations.isEmpty else { throw InvalidContract(violations) }
    }

    /// Locks the contract's row for the rest of the transaction, so the checks made on it hold
    /// until the write.
    private func lock(
        _ id: Int64, on connection: PostgresConnection
    ) async throws -> (owner: MunicipalityCode, version: Int32) {
        let rows = try await connection.query(
            "SELECT municipality_code, version FROM contracts WHERE id = \(id) FOR UPDATE", logger: logger)
        for try await (code, version) in rows.decode((String, Int32).self) {
            return (try MunicipalityCode(code), version)
        }
        throw ContractWriteError.notFound(id: id)
    }

    /// The policy's refusal, worded with the municipalities' names:
    /// `contract 12 belongs to 羽島市; you can only change 宇多津町's contracts`.
    private func refusal(
        _ refusal: ContractPolicy.Refusal, contractID: Int64?, verb: ContractVerb, on connection: PostgresConnection
    ) async throws -> ContractWriteError {
        switch refusal {
        case .municipalityRequired:
            return .municipalityRequired
        case .foreignMunicipality(let caller, let owner):
            let callerName = try await municipalityName(caller, on: connection)
            let ownerName = try await municipalityName(owner, on: connection)
            return .forbidden(
                LedgerText.foreignContract(contractID: contractID, owner: ownerName, verb: verb, caller: callerName))
        case .move(let owner, let target):
            let ownerName = try await municipalityName(owner, on: connection)
            let targetName = try await municipalityName(target, on: connection)
            return .forbidden(LedgerText.contractMove(contractID: contractID, owner: ownerName, target: targetName))
        }
    }

    /// The municipality's name, or its code if the registry does not know it.
    private func municipalityName(_ code: MunicipalityCode, on connection: PostgresConnection) async throws -> String {
        let rows = try await connection.query(
            "SELECT name FROM municipalities WHERE code = \(code.rawValue)", logger: logger)
        for try await name in rows.decode(String.self) { return name }
        return code.rawValue
    }

    private func checkMunicipalityExists(_ code: MunicipalityCode, on connection: PostgresConnection) async throws {
        let rows = try await connection.query(
            "SELECT 1 FROM municipalities WHERE code = \(code.rawValue)", logger: logger)
        for try await _ in rows.decode(Int32.self) { return }
        throw ContractWriteError.unknownMunicipality(code)
    }

    /// The category exists, and no other contract of the municipality has the external reference.
    private func checkReferences(
        of draft: ContractDraft, municipality: MunicipalityCode, excluding id: Int64?, on connection: PostgresConnection
    ) async throws {
        let categories = try await connection.query(
            "SELECT 1 FROM categories WHERE code = \(draft.categoryCode)", logger: logger)
        var categoryExists = false
        for try await _ in categories.decode(Int32.self) { categoryExists = true }
        guard categoryExists else { throw ContractWriteError.unknownCategory(draft.categoryCode) }

        guard let reference = draft.externalReference else { return }
        let duplicates = try await connection.query(
            """
            SELECT id FROM contracts
            WHERE municipality_code = \(municipality.rawValue) AND external_reference = \(reference)
              AND id IS DISTINCT FROM \(id)
            """,
            logger: logger)
        for try await existing in duplicates.decode(Int64.self) {
            throw ContractWriteError.duplicateExternalReference(reference, existingID: existing)
        }
    }

    private func insert(
        _ draft: ContractDraft, municipality: MunicipalityCode, vendorID: Int64, on connection: PostgresConnection
    ) async throws -> Int64 {
        let rows: PostgresRowSequence
        do {
            rows = try await connection.query(
                """
                INSERT INTO contracts (
                    municipality_code, vendor_id, category_code, title, product, amount, tax_included, billing_basis,
                    start_date, end_date, contract_method, renewal_notice_date, external_reference, notes, source_url,
                    signed_date)
                VALUES (
                    \(municipality.rawValue), \(vendorID), \(draft.categoryCode), \(draft.title), \(draft.product),
                    \(draft.amount), \(draft.taxIncluded), \(draft.billingBasis.rawValue),
                    \(draft.startDate), \(draft.endDate), \(draft.contractMethod.rawValue), \(draft.renewalNoticeDate),
                    \(draft.externalReference), \(draft.notes), \(draft.sourceURL), \(draft.signedDate))
                RETURNING id
                """,
                logger: logger)
        } catch let error as PSQLError {
            throw Self.duplicateReference(error, draft: draft) ?? error
        }
        for try await id in rows.decode(Int64.self) { return id }
        throw StorageError.unexpectedValue("INSERT INTO contracts returned no id")
    }

    /// Writes the draft over the row, bumping the version, unless every column already holds the
    /// draft's value: the history trigger ignores a version-only change, but the version is the
    /// ETag, and a replacement that changes nothing must not make other people's copies stale.
    private func update(
        _ id: Int64, expectedVersion: Int32, with draft: ContractDraft, municipality: MunicipalityCode,
        vendorID: Int64, on connection: PostgresConnection
    ) async throws {
        let start = draft.startDate
        let end = draft.endDate
        let renewal = draft.renewalNoticeDate
        let signed = draft.signedDate
        let billing = draft.billingBasis.rawValue
        let method = draft.contractMethod.rawValue
        do {
            try await connection.query(
                """
                UPDATE contracts SET
                    municipality_code = \(municipality.rawValue), vendor_id = \(vendorID),
                    category_code = \(draft.categoryCode), title = \(draft.title), product = \(draft.product),
                    amount = \(draft.amount), tax_included = \(draft.taxIncluded), billing_basis = \(billing),
                    start_date = \(start), end_date = \(end), contract_method = \(method),
                    renewal_notice_date = \(renewal), external_reference = \(draft.externalReference),
                    notes = \(draft.notes), source_url = \(draft.sourceURL), signed_date = \(signed),
                    version = version + 1, updated_at = now()
                WHERE id = \(id) AND version = \(expectedVersion)
                  AND (municipality_code, vendor_id, category_code, title, product, amount, tax_included,
                       billing_basis, start_date, end_date, contract_method, renewal_notice_date,
                       external_reference, notes, source_url, signed_date)
                      IS DISTINCT FROM
                      (\(municipality.rawValue)::text, \(vendorID)::bigint, \(draft.categoryCode)::text,
                       \(draft.title)::text, \(draft.product)::text, \(draft.amount)::bigint,
                       \(draft.taxIncluded)::boolean, \(billing)::text, \(start)::date, \(end)::date,
                       \(method)::text, \(renewal)::date, \(draft.externalReference)::text,
                       \(draft.notes)::text, \(draft.sourceURL)::text, \(signed)::date)
                """,
                logger: logger)
        } catch let error as PSQLError {
            throw Self.duplicateReference(error, draft: draft) ?? error
        }
    }

    /// A unique violation of the external reference: another writer recorded the same reference
    /// between the check and the write.
    private static func duplicateReference(_ error: PSQLError, draft: ContractDraft) -> ContractWriteError? {
        guard error.serverInfo?[.sqlState] == "23505",
            error.serverInfo?[.constraintName] == "contracts_external_reference_key",
            let reference = draft.externalReference
        else { return nil }
        return .duplicateExternalReference(reference, existingID: nil)
    }

    // MARK: Rows

    /// The columns of a ``Contract``, with its municipality's and vendor's names.
    static let columns = """
        c.id, c.municipality_code, m.prefecture, m.name, c.vendor_id, v.name, v.corporate_number,
        c.category_code, c.title, c.product, c.amount, c.tax_included, c.billing_basis, c.annual_amount,
        c.start_date, c.end_date, c.fiscal_year, c.contract_method, c.renewal_notice_date, c.external_reference,
        c.notes, c.source_url,
        c.version, c.created_at, c.updated_at, c.signed_date
        FROM contracts c
        JOIN municipalities m ON m.code = c.municipality_code
        JOIN vendors v ON v.id = c.vendor_id
        """

    typealias Row = (
        Int64, String, String, String, Int64, String, String?,
        String, String, String?, Int64, Bool, String, Int64,
        BusinessDate, BusinessDate, Int32, String,
        BusinessDate?, String?, String?, String?,
        Int32, Date, Date, BusinessDate?
    )

    func find(_ id: Int64, on connection: PostgresConnection) async throws -> Contract? {
        let rows = try await connection.query("SELECT \(unescaped: Self.columns) WHERE c.id = \(id)", logger: logger)
        for try await row in rows.decode(Row.self) { return try Self.contract(row) }
        return nil
    }

    static func contract(_ row: Row) throws -> Contract {
        guard let billingBasis = BillingBasis(rawValue: row.12) else {
            throw StorageError.unexpectedValue("contracts.billing_basis = \(row.12)")
        }
        guard let method = ContractMethod(rawValue: row.17) else {
            throw StorageError.unexpectedValue("contracts.contract_method = \(row.17)")
        }
        return Contract(
            id: row.0,
            municipality: .init(code: try MunicipalityCode(row.1), prefecture: row.2, name: row.3),
            vendor: .init(id: row.4, name: row.5, corporateNumber: row.6),
            categoryCode: row.7, title: row.8, product: row.9, amount: row.10, taxIncluded: row.11,
            billingBasis: billingBasis, annualAmount: row.13, startDate: row.14, endDate: row.15,
            fiscalYear: Int(row.16), contractMethod: method, renewalNoticeDate: row.18,
            externalReference: row.19, notes: row.20, sourceURL: row.21, version: row.22, createdAt: row.23,
            updatedAt: row.24, signedDate: row.25)
    }
}
