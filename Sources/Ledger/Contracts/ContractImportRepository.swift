import Foundation
import Logging
import PostgresNIO

/// Bulk imports of contracts: opening an import, staging its rows chunk by chunk, and committing
/// it (see `ContractImportCommit.swift`).
///
/// Rows are validated when they arrive, so a client learns of a bad row while it is still
/// uploading, and the commit is set-wise SQL over rows already known to be valid. Staged rows
/// live in PostgreSQL (`contract_import_rows`), not in the server's memory: any replica may
/// receive any chunk, and a file of any size costs the server one chunk of memory at a time.
public struct ContractImportRepository: Sendable {
    /// The most rows one chunk may carry; the API documents the same limit.
    public static let maximumChunkRows = 2000
    /// The most row errors a commit lists (the client saw every error as its chunks were received).
    public static let maximumListedErrors = 1000

    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Opens an import of `municipality`'s contracts for `principal`, whose write permission the
    /// caller has checked (``ContractPolicy``).
    ///
    /// Open imports past their expiry are deleted first, with their staged rows: a client that
    /// gave up mid-upload never comes back to commit.
    public func create(
        municipality: MunicipalityCode, skipInvalid: Bool, by principal: Principal
    ) async throws -> ContractImport {
        do {
            return try await open(municipality: municipality, skipInvalid: skipInvalid, by: principal)
        } catch let error as PostgresTransactionError {
            // Our own refusal comes back wrapped; unwrap it so callers can answer with it.
            if let cause = error.closureError as? ContractImportFailure { throw cause }
            throw error
        }
    }

    private func open(
        municipality: MunicipalityCode, skipInvalid: Bool, by principal: Principal
    ) async throws -> ContractImport {
        try await client.withLiveTransaction(logger: logger) { connection in
            try await connection.query(
                "DELETE FROM contract_imports WHERE status = 'open' AND expires_at < now()", logger: logger)
            let rows = try await connection.query(
                """
                INSERT INTO contract_imports (municipality_code, skip_invalid, created_by)
                SELECT code, \(skipInvalid), \(principal.tokenID) FROM municipalities WHERE code = \(municipality.rawValue)
                RETURNING id
                """,
                logger: logger)
            for try await id in rows.decode(Int64.self) {
                return ContractImport(
                    id: id, municipalityCode: municipality, skipInvalid: skipInvalid, status: .open, rowsReceived: 0,
                    invalidRows: 0)
            }
            throw ContractImportFailure.unknownMunicipality(municipality)
        }
    }

    /// Validates a chunk of rows and stages them in import `id`; returns the chunk's problems.
    ///
    /// The chunk is staged whole or not at all. Its rows are checked like contracts made through
    /// the API, and their contract numbers against every row the import already holds: a number
    /// given twice would make the commit update one contract twice.
    public func addRows(
        _ rows: [ContractImportRow], to id: String, by principal: Principal
    ) async throws -> ContractImportChunkResult {
        guard rows.count <= Self.maximumChunkRows else { throw ContractImportFailure.chunkTooLarge(rows.count) }
        if let line = rows.first(where: { $0.line < 1 })?.line { throw ContractImportFailure.invalidLine(line) }
        let unknown = Set(rows.lazy.flatMap(\.values.keys)).filter { ImportColumn(rawValue: $0) == nil }
        guard unknown.isEmpty else { throw ContractImportFailure.unknownColumns(unknown.sorted()) }
        var seenLines = Set<Int>()
        let repeated = rows.filter { !seenLines.insert($0.line).inserted }.map(\.line)
        guard repeated.isEmpty else { throw ContractImportFailure.duplicateLines(repeated) }

        let categories = try await categoryLookup()
        let reader = ContractCellReader(category: categories.code(for:))
        var staged = rows.map { StagedRow($0, reader: reader) }

        Self.markRepeatedReferences(in: &staged)

        return try await withOpenImport(id, by: principal, logger: logger) { [staged] connection, importID in
            if !staged.isEmpty {
                do {
                    try await connection.copyFrom(
                        table: "contract_import_rows", columns: StagedRow.copyColumns, logger: logger
                    ) { writer in
                        var buffer = ByteBuffer()
                        buffer.reserveCapacity(staged.count * 400)
                        for row in staged { row.writeCopyLine(importID: importID, into: &buffer) }
                        try await writer.write(buffer)
                    }
                } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
                    // The primary key (import, line): PostgreSQL's detail names the first line
                    // received twice, "Key (import_id, line)=(7, 12) already exists."
                    let detail = error.serverInfo?[.detail] ?? ""
                    let line = detail.split(separator: "=").last?.split(separator: ",").last
                        .flatMap { Int($0.prefix { $0 != ")" }.trimmingWhitespace()) }
                    throw ContractImportFailure.duplicateLines(line.map { [$0] } ?? [])
                }
            }
            let invalid = staged.count { $0.errors != nil }
            let counts = try await connection.query(
                """
                UPDATE contract_imports
                SET rows_received = rows_received + \(staged.count), invalid_rows = invalid_rows + \(invalid),
                    expires_at = now() + interval '1 day'
                WHERE id = \(importID)
                RETURNING rows_received, invalid_rows
                """,
                logger: logger)
            for try await (rowsReceived, invalidRows) in counts.decode((Int32, Int32).self) {
                return ContractImportChunkResult(
                    rowsReceived: Int(rowsReceived), invalidRows: Int(invalidRows),
                    errors: staged.flatMap(\.rowErrors).sorted { ($0.line, $0.column) < ($1.line, $1.column) })
            }
            throw StorageError.unexpectedValue("UPDATE contract_imports returned no row")
        }
    }

    /// Marks the rows whose contract number an earlier row of the chunk has. Numbers repeated
    /// across chunks are found at commit, in one pass over the staged rows, rather than by a
    /// lookup per chunk that grows with the import.
    private static func markRepeatedReferences(in staged: inout [StagedRow]) {
        var firstLine: [String: Int] = [:]
        for index in staged.indices {
            guard staged[index].errors == nil, let reference = staged[index].draft?.externalReference else { continue }
            if let line = firstLine[reference] {
                staged[index].reject(column: .externalReference, message: LedgerText.repeatedReference(reference, line))
            } else {
                firstLine[reference] = staged[index].line
            }
        }
    }

    /// Runs `body` in a transaction holding import `id` locked, after checking that it exists, is
    /// `principal`'s and is open. The lock serialises a commit with chunks still arriving.
    func withOpenImport<T: Sendable>(
        _ id: String, by principal: Principal, logger: Logger,
        _ body: @escaping @Sendable (PostgresConnection, Int64) async throws -> T
    ) async throws -> T {
        guard let importID = Int64(id), importID > 0 else { throw ContractImportFailure.notFound(id) }
        do {
            return try await client.withLiveTransaction(logger: logger) { connection in
                let rows = try await connection.query(
                    """
                    SELECT status, expires_at < now() FROM contract_imports
                    WHERE id = \(importID) AND created_by = \(principal.tokenID)
                    FOR UPDATE
                    """,
                    logger: logger)
                var found: (String, Bool)?
                for try await row in rows.decode((String, Bool).self) { found = row }
                guard let (stored, expired) = found else { throw ContractImportFailure.notFound(id) }
                guard let status = ContractImport.Status(rawValue: stored) else {
                    throw StorageError.unexpectedValue("contract_imports.status = \(stored)")
                }
                guard status == .open else { throw ContractImportFailure.notOpen(id: importID, status: status) }
                guard !expired else { throw ContractImportFailure.expired(importID) }
                return try await body(connection, importID)
            }
        } catch let error as PostgresTransactionError {
            // Our own refusals come back wrapped; unwrap them so callers can answer with them.
            throw error.closureError ?? error
        }
    }

    /// The categories by code and by name, for reading category cells.
    private func categoryLookup() async throws -> CategoryLookup {
        let rows = try await client.liveQuery("SELECT code, name_ja, name_en FROM categories", logger: logger)
        var lookup = CategoryLookup()
        for try await (code, nameJA, nameEN) in rows.decode((String, String, String).self) {
            lookup.add(code: code, names: [code, nameJA, nameEN])
        }
        return lookup
    }
}

/// Category codes by what a cell may write for them: the code, the Japanese or the English name,
/// compared after NFKC, case folding and without spaces.
public struct CategoryLookup: Sendable {
    private var codes: [String: String] = [:]

    public init() {}

    public mutating func add(code: String, names: [String]) {
        for name in names { codes[Self.key(name)] = code }
    }

    public func code(for text: String) -> String? { codes[Self.key(text)] }

    private static func key(_ text: String) -> String {
        ContractCell.normalised(text).lowercased().filter { !$0.isWhitespace }
    }
}
