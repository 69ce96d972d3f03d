import Foundation
import Ledger
import Logging
import PostgresNIO

/// Fills an empty register with a ``SyntheticRegister``: vendors, their aliases and contracts,
/// loaded with COPY in one transaction, so that a failure leaves nothing half-written.
///
/// It refuses a register that has vendors or contracts, or ever had them (rows of contract history
/// or vendor merges): synthetic data must never mix with real data, and the loader restarts the id
/// sequences of vendors and contracts, which no old record may then refer to. Restarting them makes
/// the ids the same on every run, even after a failed attempt has used some up.
public struct SyntheticRegisterLoader: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Plans a register with `options` for the municipalities of the registry (all of them but the
    /// prefectures, in code order; the first `municipalityLimit` if set), loads it, and returns it.
    ///
    /// Afterwards the loaded tables are vacuumed and analysed (outside the transaction, as VACUUM
    /// must be), so that the visibility map allows index-only scans and the planner knows the new
    /// sizes.
    public func generate(_ options: SyntheticRegister.Options) async throws -> SyntheticRegister {
        try options.validate()
        let register: SyntheticRegister
        do {
            register = try await client.withLiveTransaction(logger: logger) { connection in
                try await Self.lockEmptyRegister(on: connection, logger: logger)
                let municipalities = try await Self.municipalities(
                    limit: options.municipalityLimit, on: connection, logger: logger)
                let register = try SyntheticRegister(municipalities: municipalities, options: options)
                try await Self.load(register, on: connection, logger: logger)
                return register
            }
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error
        }
        try await client.liveQuery("VACUUM (ANALYZE) vendors, vendor_aliases, contracts, peer_links", logger: logger)
        return register
    }

    /// Takes the register's tables for the transaction and checks that they are empty.
    private static func lockEmptyRegister(on connection: PostgresConnection, logger: Logger) async throws {
        // ACCESS EXCLUSIVE: nobody may write a vendor or contract meanwhile, and restarting the
        // identities below needs this lock anyway.
        try await connection.query(
            "LOCK TABLE vendors, vendor_aliases, vendor_merges, contracts, contract_history IN ACCESS EXCLUSIVE MODE",
            logger: logger)
        let rows = try await connection.query(
            """
            SELECT (SELECT count(*) FROM vendors)::integer, (SELECT count(*) FROM contracts)::integer,
                   ((SELECT count(*) FROM contract_history) + (SELECT count(*) FROM vendor_merges))::integer
            """,
            logger: logger)
        for try await (vendors, contracts, history) in rows.decode((Int, Int, Int).self)
        where vendors + contracts + history > 0 {
            throw SyntheticRegisterError.registerNotEmpty(vendors: vendors, contracts: contracts, historyRows: history)
        }
        try await connection.query("ALTER TABLE vendors ALTER COLUMN id RESTART WITH 1", logger: logger)
        try await connection.query("ALTER TABLE contracts ALTER COLUMN id RESTART WITH 1", logger: logger)
    }

    /// The municipalities that buy, in code order: every local government but the prefectures.
    private static func municipalities(
        limit: Int?, on connection: PostgresConnection, logger: Logger
    ) async throws -> [Municipality] {
        let rows = try await connection.query(
            """
            SELECT code, prefecture, name, kana, kind FROM municipalities
            WHERE kind <> 'prefecture' ORDER BY code LIMIT \(limit ?? Int(Int32.max))
            """,
            logger: logger)
        var municipalities: [Municipality] = []
        for try await row in rows.decode(MunicipalityRepository.Row.self) {
            municipalities.append(try MunicipalityRepository.municipality(row))
        }
        return municipalities
    }

    /// COPYs the vendors, their aliases and the contracts.
    ///
    /// The contracts are loaded with the history trigger disabled (in this transaction only; it is
    /// enabled again before the commit), so synthetic contracts have no `created` history rows:
    /// writing one JSON copy of each of half a million rows tripled the load's time, and the
    /// history of data nobody entered says nothing. Changes made to them afterwards are recorded
    /// as usual. The peer links follow the contracts statement by statement; instead of carrying
    /// half a million rows to their trigger, the days kept are rebuilt once, after the COPY.
    private static func load(_ register: SyntheticRegister, on connection: PostgresConnection, logger: Logger)
        async throws
    {
        try await connection.copyFrom(
            table: "vendors", columns: ["name", "name_key", "corporate_number", "kana"], logger: logger
        ) { writer in
            var buffer = ByteBuffer()
            for vendor in register.vendors {
                writeRow(
                    [vendor.name, vendor.nameKey.rawValue, vendor.corporateNumber.rawValue, vendor.kana],
                    into: &buffer)
            }
            try await writer.write(buffer)
        }
        // Contracts name vendors by id: vendor i of the plan must have become id i + 1.
        let ids = try await connection.query("SELECT min(id), max(id), count(*) FROM vendors", logger: logger)
        let expected = Int64(register.vendors.count)
        for try await (first, last, count) in ids.decode((Int64?, Int64?, Int64).self)
        where first != 1 || last != expected || count != expected {
            throw StorageError.unexpectedValue(
                "synthetic vendors got ids \(first ?? 0)…\(last ?? 0) for \(count) rows, not 1…\(expected)")
        }

        try await connection.copyFrom(
            table: "vendor_aliases", columns: ["vendor_id", "name", "name_key"], logger: logger
        ) { writer in
            var buffer = ByteBuffer()
            for (index, vendor) in register.vendors.enumerated() {
                for alias in vendor.aliases {
                    writeRow([String(index + 1), alias, vendor.nameKey.rawValue], into: &buffer)
                }
            }
            try await writer.write(buffer)
        }

        try await connection.query(
            "ALTER TABLE contracts DISABLE TRIGGER contracts_history, DISABLE TRIGGER contracts_peer_links_insert",
            logger: logger)
        try await connection.copyFrom(table: "contracts", columns: contractColumns, logger: logger) { writer in
            var buffer = ByteBuffer()
            for municipality in register.municipalities.indices {
                for contract in register.contracts(ofMunicipality: municipality) {
                    writeContract(contract, into: &buffer)
                }
                // Sends about a megabyte at a time, so PostgreSQL works while the next is made.
                if buffer.readableBytes >= 1 << 20 {
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
        try await connection.query(
            "ALTER TABLE contracts ENABLE TRIGGER contracts_history, ENABLE TRIGGER contracts_peer_links_insert",
            logger: logger)
        try await connection.query(
            "SELECT peer_links_build(as_of) FROM peer_link_days ORDER BY as_of", logger: logger)
    }

    /// Every column a synthetic contract sets; the others (notes, source URL, the version and the
    /// timestamps) take their defaults, and generated columns compute themselves.
    private static let contractColumns = [
        "municipality_code", "vendor_id", "category_code", "title", "product", "amount", "tax_included",
        "billing_basis", "start_date", "end_date", "contract_method", "renewal_notice_date", "external_reference",
    ]

    private static func writeContract(_ contract: SyntheticRegister.Contract, into buffer: inout ByteBuffer) {
        CopyText.writeField(contract.municipalityCode.rawValue, into: &buffer)
        buffer.writeInteger(UInt8(ascii: "\t"))
        buffer.writeString(String(contract.vendorIndex + 1))
        buffer.writeInteger(UInt8(ascii: "\t"))
        CopyText.writeField(contract.categoryCode, into: &buffer)
        buffer.writeInteger(UInt8(ascii: "\t"))
        CopyText.writeField(contract.title, into: &buffer)
        buffer.writeInteger(UInt8(ascii: "\t"))
        CopyText.writeField(contract.product, into: &buffer)
        buffer.writeInteger(UInt8(ascii: "\t"))
        buffer.writeString(String(contract.amount))
        buffer.writeInteger(UInt8(ascii: "\t"))
        buffer.writeInteger(UInt8(ascii: contract.taxIncluded ? "t" : "f"))
        buffer.writeInteger(UInt8(ascii: "\t"))
        buffer.writeString(contract.billingBasis.rawValue)
        buffer.writeInteger(UInt8(ascii: "\t"))
        writeDate(contract.startDate, into: &buffer)
        buffer.writeInteger(UInt8(ascii: "\t"))
        writeDate(contract.endDate, into: &buffer)
        buffer.writeInteger(UInt8(ascii: "\t"))
        buffer.writeString(contract.contractMethod.rawValue)
        buffer.writeInteger(UInt8(ascii: "\t"))
        if let notice = contract.renewalNoticeDate {
            writeDate(notice, into: &buffer)
        } else {
            buffer.writeStaticString("\\N")
        }
        buffer.writeInteger(UInt8(ascii: "\t"))
        CopyText.writeField(contract.externalReference, into: &buffer)
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    /// One line of COPY's text format.
    private static func writeRow(_ fields: [String], into buffer: inout ByteBuffer) {
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            CopyText.writeField(field, into: &buffer)
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    /// `YYYY-MM-DD`, written digit by digit: a million `String(format:)` calls would cost seconds.
    private static func writeDate(_ date: BusinessDate, into buffer: inout ByteBuffer) {
        writeDigits(date.year, count: 4, into: &buffer)
        buffer.writeInteger(UInt8(ascii: "-"))
        writeDigits(date.month, count: 2, into: &buffer)
        buffer.writeInteger(UInt8(ascii: "-"))
        writeDigits(date.day, count: 2, into: &buffer)
    }

    private static func writeDigits(_ value: Int, count: Int, into buffer: inout ByteBuffer) {
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        while divisor > 0 {
            buffer.writeInteger(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }
}
