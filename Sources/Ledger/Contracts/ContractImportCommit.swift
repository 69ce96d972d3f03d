import Foundation
import Logging
import PostgresNIO

extension ContractImportRepository {
    /// Applies import `id` to the register in one transaction, as `principal` (the history of
    /// every created or changed contract names them).
    ///
    /// How rows find their contracts, so that importing the same file again changes nothing:
    /// - A row with a contract number (external reference) is the municipality's contract with
    ///   that number: created when there is none, updated when any field differs, else untouched.
    /// - A row without one is matched by vendor, title and start date among the municipality's
    ///   contracts that have no number: the k-th such row of the file (in line order) is the k-th
    ///   such contract (in the order they were registered), and rows beyond the contracts there are
    ///   become new contracts. Its category, amount and other fields are updated when they differ.
    /// - Contracts the file does not mention are left alone: an import never deletes.
    ///
    /// An update bumps the contract's version, so a client holding the old ETag gets 412.
    ///
    /// - Throws: ``ContractImportFailure/rejected(invalidRows:errors:)`` when rows are invalid and
    ///   the import does not skip them; the import is then `rejected` and nothing was written.
    public func commit(_ id: String, by principal: Principal) async throws -> ContractImportResult {
        let outcome: CommitOutcome
        do {
            outcome = try await withOpenImport(id, by: principal, logger: logger) { connection, importID in
                try await apply(importID, by: principal, on: connection)
            }
        } catch let failure as UnresolvedVendors {
            // That transaction, which may have registered vendors, is rolled back; the refusal is
            // recorded in a transaction of its own.
            outcome = try await withOpenImport(id, by: principal, logger: logger) { connection, importID in
                try await reject(importID, vendorFailures: failure, on: connection)
            }
        }
        switch outcome {
        case .committed(let result): return result
        case .rejected(let invalidRows, let errors):
            throw ContractImportFailure.rejected(invalidRows: invalidRows, errors: errors)
        }
    }

    private enum CommitOutcome: Sendable {
        case committed(ContractImportResult)
        case rejected(invalidRows: Int, errors: [ImportRowError])
    }

    /// Vendors that rows name but the register cannot resolve, by vendor key.
    private struct UnresolvedVendors: Error {
        var failures: [String: ImportRowError]
    }

    private func apply(
        _ importID: Int64, by principal: Principal, on connection: PostgresConnection
    ) async throws -> CommitOutcome {
        let settings = try await connection.query(
            "SELECT municipality_code, skip_invalid, invalid_rows FROM contract_imports WHERE id = \(importID)",
            logger: logger)
        var found: (String, Bool, Int32)?
        for try await row in settings.decode((String, Bool, Int32).self) { found = row }
        guard let (municipality, skipInvalid, invalidOnArrival) = found else {
            throw StorageError.unexpectedValue("contract_imports \(importID) vanished under its lock")
        }
        let invalidRows = Int(invalidOnArrival) + (try await markRepeatedReferences(importID, on: connection))
        if invalidRows > 0 && !skipInvalid {
            return try await reject(importID, vendorFailures: UnresolvedVendors(failures: [:]), on: connection)
        }

        try await connection.setActor(principal, logger: logger)
        // The staged rows arrived moments ago, before autovacuum could count them: without fresh
        // statistics the planner takes 100,000 staged rows for one and may match them to the
        // register by nested loops, quadratic in the file.
        try await connection.query("ANALYZE contract_import_rows", logger: logger)
        // One commit at a time per municipality: two imports matching the same contract numbers
        // or unnumbered contracts must not both decide to create them.
        try await connection.query(
            "SELECT pg_advisory_xact_lock(hashtext('procure.contract_import'), hashtext(\(municipality)))",
            logger: logger)
        let (vendorKeys, vendorIDs, vendorsCreated, similarNew, failures) = try await resolveVendors(
            importID, on: connection)
        var skippedForVendor = 0
        if !failures.isEmpty {
            guard skipInvalid else { throw UnresolvedVendors(failures: failures) }
            skippedForVendor = try await markUnresolved(failures, importID: importID, on: connection)
        }

        let (createdByReference, updatedByReference) = try await upsertReferencedRows(
            importID, municipality: municipality, vendorKeys: vendorKeys, vendorIDs: vendorIDs, on: connection)
        let (createdByMatch, updatedByMatch) = try await applyUnreferencedRows(
            importID, municipality: municipality, vendorKeys: vendorKeys, vendorIDs: vendorIDs, on: connection)

        let totals = try await connection.query(
            """
            SELECT count(*) FILTER (WHERE errors IS NULL), count(*) FILTER (WHERE errors IS NOT NULL)
            FROM contract_import_rows WHERE import_id = \(importID)
            """,
            logger: logger)
        var valid = 0
        var skipped = 0
        for try await (validRows, invalid) in totals.decode((Int64, Int64).self) {
            (valid, skipped) = (Int(validRows), Int(invalid))
        }
        let errors = try await listedErrors(importID, on: connection)
        let created = createdByReference + createdByMatch
        let updated = updatedByReference + updatedByMatch
        let result = ContractImportResult(
            created: created, updated: updated, unchanged: valid - created - updated, skipped: skipped,
            vendorsCreated: vendorsCreated, errors: errors, similarNewVendors: similarNew)
        try await finish(importID, status: .committed, result: result, extraInvalid: skippedForVendor, on: connection)
        return .committed(result)
    }

    /// Marks the rows whose contract number a row on an earlier line has (chunks were checked on
    /// their own as they arrived); returns how many, after counting them as invalid.
    private func markRepeatedReferences(_ importID: Int64, on connection: PostgresConnection) async throws -> Int {
        // Worded as LedgerText.repeatedReference words it.
        let rows = try await connection.query(
            """
            WITH firsts AS (
                SELECT external_reference, min(line) AS first_line FROM contract_import_rows
                WHERE import_id = \(importID) AND errors IS NULL AND external_reference IS NOT NULL
                GROUP BY external_reference HAVING count(*) > 1
            ), marked AS (
                UPDATE contract_import_rows r
                SET errors = jsonb_build_array(jsonb_build_object(
                    'column', 'externalReference',
                    'message', format('the contract number %s is also on line %s; each contract once per file',
                                      r.external_reference, f.first_line),
                    'messageJa', format('契約番号 %s は %s 行目にもあります。1つのファイルに同じ契約は1回だけ書いてください',
                                        r.external_reference, f.first_line)))
                FROM firsts f
                WHERE r.import_id = \(importID) AND r.errors IS NULL
                  AND r.external_reference = f.external_reference AND r.line <> f.first_line
                RETURNING r.line
            )
            SELECT count(*) FROM marked
            """,
            logger: logger)
        var marked = 0
        for try await count in rows.decode(Int64.self) { marked = Int(count) }
        if marked > 0 {
            try await connection.query(
                "UPDATE contract_imports SET invalid_rows = invalid_rows + \(marked) WHERE id = \(importID)",
                logger: logger)
        }
        return marked
    }

    /// Resolves every vendor the valid rows name (registering new ones, and noting those close to
    /// vendors registered before), in key order so that two imports naming the same new companies
    /// take their locks in the same order.
    private func resolveVendors(
        _ importID: Int64, on connection: PostgresConnection
    ) async throws -> (
        keys: [String], ids: [Int64], created: Int, similarNew: [SimilarNewVendor], failures: [String: ImportRowError]
    ) {
        let rows = try await connection.query(
            """
            SELECT DISTINCT ON (vendor_key) vendor_key, vendor_name, vendor_corporate_number, line
            FROM contract_import_rows WHERE import_id = \(importID) AND errors IS NULL
            ORDER BY vendor_key, line
            """,
            logger: logger)
        var references: [(key: String, reference: VendorReference, line: Int)] = []
        for try await (key, name, number, line) in rows.decode((String, String?, String?, Int32).self) {
            let corporateNumber = try number.map { (text) throws in try CorporateNumber(text) }
            references.append((key, VendorReference(corporateNumber: corporateNumber, name: name), Int(line)))
        }
        var keys: [String] = []
        var ids: [Int64] = []
        var created = 0
        var similarNew: [SimilarNewVendor] = []
        var failures: [String: ImportRowError] = [:]
        for (key, reference, line) in references {
            do {
                let vendor = try await VendorRepository.resolve(
                    reference, onSimilar: .register, on: connection, logger: logger)
                keys.append(key)
                ids.append(vendor.id)
                if vendor.created { created += 1 }
                if !vendor.similar.isEmpty {
                    similarNew.append(SimilarNewVendor(id: vendor.id, name: vendor.name, similar: vendor.similar))
                }
            } catch let error as VendorResolutionError {
                let column: ImportColumn =
                    switch error {
                    case .conflict, .unknownCorporateNumber: .vendorCorporateNumber
                    default: .vendorName
                    }
                failures[key] = ImportRowError(line: line, column: column.rawValue, message: error.message)
            }
        }
        return (keys, ids, created, similarNew, failures)
    }

    /// Marks the rows naming vendors that could not be resolved as invalid; returns how many.
    private func markUnresolved(
        _ failures: [String: ImportRowError], importID: Int64, on connection: PostgresConnection
    ) async throws -> Int {
        var marked = 0
        for (key, failure) in failures {
            let errors = String(
                decoding: try JSONEncoder().encode([
                    StagedRow.StagedError(column: failure.column, message: failure.message)
                ]),
                as: UTF8.self)
            let rows = try await connection.query(
                """
                UPDATE contract_import_rows SET errors = \(errors)::jsonb
                WHERE import_id = \(importID) AND vendor_key = \(key) AND errors IS NULL
                RETURNING line
                """,
                logger: logger)
            for try await _ in rows { marked += 1 }
        }
        return marked
    }

    /// Creates or updates the contracts of rows with a contract number; returns (created, updated).
    ///
    /// One `INSERT … ON CONFLICT DO UPDATE`: the unique key (municipality, number) finds each row's
    /// contract through its index whatever the planner thinks of the tables' sizes, and a contract
    /// created through the API meanwhile is updated rather than failing the commit.
    private func upsertReferencedRows(
        _ importID: Int64, municipality: String, vendorKeys: [String], vendorIDs: [Int64],
        on connection: PostgresConnection
    ) async throws -> (Int, Int) {
        // `xmax = 0` tells a row the INSERT wrote from one its ON CONFLICT branch updated. The
        // update's WHERE leaves identical contracts untouched: no new version, no history. No
        // ORDER BY: staged rows are scanned in upload order already, and sorting 100,000 rows
        // spills to disk.
        let rows = try await connection.query(
            """
            WITH vendor_map (vendor_key, vendor_id) AS (
                SELECT * FROM unnest(\(vendorKeys)::text[], \(vendorIDs)::bigint[])
            ), upserted AS (
                INSERT INTO contracts AS c (
                    municipality_code, vendor_id, category_code, title, product, amount, tax_included,
                    billing_basis, start_date, end_date, contract_method, renewal_notice_date,
                    external_reference, notes, source_url, signed_date)
                SELECT \(municipality), v.vendor_id, r.category_code, r.title, r.product, r.amount, r.tax_included,
                    r.billing_basis, r.start_date, r.end_date, r.contract_method, r.renewal_notice_date,
                    r.external_reference, r.notes, r.source_url, r.signed_date
                FROM contract_import_rows r JOIN vendor_map v USING (vendor_key)
                WHERE r.import_id = \(importID) AND r.errors IS NULL AND r.external_reference IS NOT NULL
                ON CONFLICT (municipality_code, external_reference) DO UPDATE SET
                    vendor_id = excluded.vendor_id, category_code = excluded.category_code,
                    title = excluded.title, product = excluded.product, amount = excluded.amount,
                    tax_included = excluded.tax_included, billing_basis = excluded.billing_basis,
                    start_date = excluded.start_date, end_date = excluded.end_date,
                    contract_method = excluded.contract_method,
                    renewal_notice_date = excluded.renewal_notice_date, notes = excluded.notes,
                    source_url = excluded.source_url, signed_date = excluded.signed_date,
                    version = c.version + 1, updated_at = now()
                WHERE (c.vendor_id, c.category_code, c.title, c.product, c.amount, c.tax_included,
                       c.billing_basis, c.start_date, c.end_date, c.contract_method, c.renewal_notice_date,
                       c.notes, c.source_url, c.signed_date)
                    IS DISTINCT FROM
                      (excluded.vendor_id, excluded.category_code, excluded.title, excluded.product,
                       excluded.amount, excluded.tax_included, excluded.billing_basis, excluded.start_date,
                       excluded.end_date, excluded.contract_method, excluded.renewal_notice_date,
                       excluded.notes, excluded.source_url, excluded.signed_date)
                RETURNING (xmax = 0) AS created
            )
            SELECT count(*) FILTER (WHERE created), count(*) FILTER (WHERE NOT created) FROM upserted
            """,
            logger: logger)
        for try await (created, updated) in rows.decode((Int64, Int64).self) { return (Int(created), Int(updated)) }
        throw StorageError.unexpectedValue("the contract upsert returned no counts")
    }

    /// Matches rows without a contract number to the municipality's contracts without one (see
    /// ``commit(_:by:)``), updates those that differ and creates the rest; returns (created, updated).
    ///
    /// `existing` and `paired` are MATERIALIZED: the statement inserts into the table it matches
    /// against, and a plan that scanned `contracts` again for every staged row would also wade
    /// through every row inserted so far (invisible to it, but still read), quadratic in the file.
    private func applyUnreferencedRows(
        _ importID: Int64, municipality: String, vendorKeys: [String], vendorIDs: [Int64],
        on connection: PostgresConnection
    ) async throws -> (Int, Int) {
        let rows = try await connection.query(
            """
            WITH vendor_map (vendor_key, vendor_id) AS (
                SELECT * FROM unnest(\(vendorKeys)::text[], \(vendorIDs)::bigint[])
            ), staged AS (
                SELECT r.*, v.vendor_id,
                    row_number() OVER (PARTITION BY v.vendor_id, r.title, r.start_date ORDER BY r.line) AS n
                FROM contract_import_rows r JOIN vendor_map v USING (vendor_key)
                WHERE r.import_id = \(importID) AND r.errors IS NULL AND r.external_reference IS NULL
            ), existing AS MATERIALIZED (
                SELECT id, vendor_id, title, start_date,
                    row_number() OVER (PARTITION BY vendor_id, title, start_date ORDER BY id) AS n
                FROM contracts WHERE municipality_code = \(municipality) AND external_reference IS NULL
            ), paired AS MATERIALIZED (
                SELECT s.*, e.id AS contract_id
                FROM staged s LEFT JOIN existing e USING (vendor_id, title, start_date, n)
            ), updated AS (
                UPDATE contracts c SET
                    category_code = p.category_code, product = p.product, amount = p.amount,
                    tax_included = p.tax_included, billing_basis = p.billing_basis, end_date = p.end_date,
                    contract_method = p.contract_method, renewal_notice_date = p.renewal_notice_date,
                    notes = p.notes, source_url = p.source_url, signed_date = p.signed_date,
                    version = c.version + 1, updated_at = now()
                FROM paired p
                WHERE c.id = p.contract_id
                  AND (c.category_code, c.product, c.amount, c.tax_included, c.billing_basis, c.end_date,
                       c.contract_method, c.renewal_notice_date, c.notes, c.source_url, c.signed_date)
                      IS DISTINCT FROM
                      (p.category_code, p.product, p.amount, p.tax_included, p.billing_basis, p.end_date,
                       p.contract_method, p.renewal_notice_date, p.notes, p.source_url, p.signed_date)
                RETURNING c.id
            ), inserted AS (
                INSERT INTO contracts (
                    municipality_code, vendor_id, category_code, title, product, amount, tax_included,
                    billing_basis, start_date, end_date, contract_method, renewal_notice_date, notes, source_url,
                    signed_date)
                SELECT \(municipality), p.vendor_id, p.category_code, p.title, p.product, p.amount, p.tax_included,
                    p.billing_basis, p.start_date, p.end_date, p.contract_method, p.renewal_notice_date, p.notes,
                    p.source_url, p.signed_date
                FROM paired p WHERE p.contract_id IS NULL
                ORDER BY p.line
                RETURNING id
            )
            SELECT (SELECT count(*) FROM inserted), (SELECT count(*) FROM updated)
            """,
            logger: logger)
        for try await (created, updated) in rows.decode((Int64, Int64).self) { return (Int(created), Int(updated)) }
        throw StorageError.unexpectedValue("the contract match returned no counts")
    }

    /// Refuses the import: nothing is written, the staged rows are deleted, and the first errors
    /// are returned (rows found invalid on arrival, then rows whose vendor could not be resolved).
    private func reject(
        _ importID: Int64, vendorFailures: UnresolvedVendors, on connection: PostgresConnection
    ) async throws -> CommitOutcome {
        var errors = try await listedErrors(importID, on: connection)
        var invalidRows = 0
        if !errors.isEmpty { invalidRows = try await invalidCount(importID, on: connection) }
        if !vendorFailures.failures.isEmpty {
            let keys = Array(vendorFailures.failures.keys)
            let rows = try await connection.query(
                """
                SELECT line, vendor_key FROM contract_import_rows
                WHERE import_id = \(importID) AND errors IS NULL AND vendor_key = ANY(\(keys))
                ORDER BY line
                """,
                logger: logger)
            for try await (line, key) in rows.decode((Int32, String).self) {
                invalidRows += 1
                guard errors.count < Self.maximumListedErrors, let failure = vendorFailures.failures[key] else {
                    continue
                }
                errors.append(ImportRowError(line: Int(line), column: failure.column, message: failure.message))
            }
            errors.sort { ($0.line, $0.column) < ($1.line, $1.column) }
        }
        try await finish(importID, status: .rejected, result: nil, extraInvalid: 0, on: connection)
        return .rejected(invalidRows: invalidRows, errors: errors)
    }

    private func invalidCount(_ importID: Int64, on connection: PostgresConnection) async throws -> Int {
        let rows = try await connection.query(
            "SELECT invalid_rows FROM contract_imports WHERE id = \(importID)", logger: logger)
        for try await count in rows.decode(Int32.self) { return Int(count) }
        return 0
    }

    /// The first ``maximumListedErrors`` problems of the import's invalid rows, by line.
    private func listedErrors(_ importID: Int64, on connection: PostgresConnection) async throws -> [ImportRowError] {
        let rows = try await connection.query(
            """
            SELECT line, errors::text FROM contract_import_rows
            WHERE import_id = \(importID) AND errors IS NOT NULL
            ORDER BY line
            LIMIT \(Self.maximumListedErrors)
            """,
            logger: logger)
        var errors: [ImportRowError] = []
        let decoder = JSONDecoder()
        for try await (line, json) in rows.decode((Int32, String).self) {
            for error in try decoder.decode([StagedRow.StagedError].self, from: Data(json.utf8)) {
                errors.append(ImportRowError(line: Int(line), column: error.column, message: error.text))
            }
        }
        return Array(errors.prefix(Self.maximumListedErrors))
    }

    /// Closes the import: its staged rows go, its status and counts stay as its record.
    private func finish(
        _ importID: Int64, status: ContractImport.Status, result: ContractImportResult?, extraInvalid: Int,
        on connection: PostgresConnection
    ) async throws {
        try await connection.query("DELETE FROM contract_import_rows WHERE import_id = \(importID)", logger: logger)
        let record = try result.map { result in
            String(
                decoding: try JSONEncoder().encode(
                    ContractImportResult(
                        created: result.created, updated: result.updated, unchanged: result.unchanged,
                        skipped: result.skipped, vendorsCreated: result.vendorsCreated, errors: [],
                        similarNewVendors: result.similarNewVendors)),
                as: UTF8.self)
        }
        try await connection.query(
            """
            UPDATE contract_imports
            SET status = \(status.rawValue), finished_at = now(), result = \(record)::jsonb,
                invalid_rows = invalid_rows + \(extraInvalid)
            WHERE id = \(importID)
            """,
            logger: logger)
    }
}
