import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import PostgresNIO
import ProcureTestSupport
import ProcurementClient
import Testing

@testable import ProcurementAPI

@Suite("contract import API")
struct ContractImportAPITests {
    typealias Row = Components.Schemas.ContractImportRow

    /// A valid row for line `line`, as a spreadsheet writes it, with `changes` applied (an empty
    /// value removes the cell).
    static func row(_ line: Int, _ changes: [String: String] = [:]) -> Row {
        var values = [
            "title": "予約システム保守 \(line)", "vendorName": "株式会社ABCシステム", "categoryCode": "予約システム",
            "amount": "1,320,000", "taxIncluded": "税込", "billingBasis": "一括", "startDate": "2024/4/1",
            "endDate": "2025/3/31", "contractMethod": "随意契約", "externalReference": "R6-\(line)",
        ]
        for (column, value) in changes { values[column] = value.isEmpty ? nil : value }
        return Row(line: Int32(line), values: .init(additionalProperties: values))
    }

    /// Opens an import and returns its id.
    static func open(
        _ client: any TestClientProtocol, token: String, municipality: String? = nil, skipInvalid: Bool = false
    ) async throws -> String {
        let response = try await client.send(
            .post, "/contract-imports",
            json: Components.Schemas.NewContractImport(municipalityCode: municipality, skipInvalid: skipInvalid),
            token: token)
        #expect(response.status == .created, "\(response.text)")
        return try response.decode(Components.Schemas.ContractImport.self).id
    }

    static func send(_ client: any TestClientProtocol, _ rows: [Row], to id: String, token: String) async throws
        -> TestResponse
    {
        try await client.send(
            .post, "/contract-imports/\(id)/rows", json: Components.Schemas.ContractImportRows(rows: rows), token: token
        )
    }

    static func commit(_ client: any TestClientProtocol, _ id: String, token: String) async throws -> TestResponse {
        try await client.execute(
            uri: "/contract-imports/\(id)/commit", method: .post, headers: [.authorization: "Bearer \(token)"],
            body: nil)
    }

    /// Opens, uploads (in chunks of `chunk` rows) and commits; returns the commit's response.
    static func importRows(
        _ client: any TestClientProtocol, _ rows: [Row], token: String, municipality: String? = nil,
        skipInvalid: Bool = false, chunk: Int = 2000
    ) async throws -> TestResponse {
        let id = try await open(client, token: token, municipality: municipality, skipInvalid: skipInvalid)
        for start in stride(from: 0, to: rows.count, by: chunk) {
            let response = try await send(
                client, Array(rows[start..<min(start + chunk, rows.count)]), to: id, token: token)
            #expect(response.status == .ok, "\(response.text)")
        }
        return try await commit(client, id, token: token)
    }

    static func result(_ response: TestResponse) throws -> Components.Schemas.ContractImportResult {
        #expect(response.status == .ok, "\(response.text)")
        return try response.decode(Components.Schemas.ContractImportResult.self)
    }

    static func count(_ sql: String, _ database: PostgresClient) async throws -> Int {
        let rows = try await database.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger)
        for try await count in rows.decode(Int64.self) { return Int(count) }
        return 0
    }

    @Test("a chunk's row limit is the one openapi.yaml declares, on the server and in the client")
    func chunkLimitAgrees() throws {
        let document = embeddedOpenAPIDocument
        let schema = try #require(document.range(of: "    ContractImportRows:\n"))
        let declared = try #require(document[schema.upperBound...].firstMatch(of: /maxItems: (\d+)/))
        #expect(Int(declared.1) == APILimits.contractImportChunkRows)
        #expect(ContractImportRepository.maximumChunkRows == APILimits.contractImportChunkRows)
    }

    @Test("a member imports its municipality's contracts, registering the vendors the rows name")
    func memberImports() async throws {
        try await withAPI { client, accounts, database in
            let rows = [Self.row(2), Self.row(3), Self.row(4, ["vendorName": "株式会社コールワン"])]
            let result = try Self.result(try await Self.importRows(client, rows, token: accounts.member))
            #expect(result.created == 3 && result.updated == 0 && result.unchanged == 0 && result.skipped == 0)
            #expect(result.vendorsCreated == 2)
            #expect(
                try await Self.count("SELECT count(*) FROM contracts WHERE municipality_code = '373869'", database) == 3
            )
            #expect(try await Self.count("SELECT count(*) FROM contract_import_rows", database) == 0, "staging emptied")
        }
    }

    @Test("each chunk's response lists its invalid rows with line, column and message")
    func chunkErrors() async throws {
        try await withAPI { client, accounts, _ in
            let id = try await Self.open(client, token: accounts.member)
            let response = try await Self.send(
                client, [Self.row(2), Self.row(3, ["startDate": "2024-04-01", "endDate": "2024-03-31"])], to: id,
                token: accounts.member)
            let chunk = try response.decode(Components.Schemas.ContractImportChunkResult.self)
            #expect(chunk.rowsReceived == 2 && chunk.invalidRows == 1)
            #expect(
                chunk.errors == [
                    .init(
                        line: 3, column: "endDate",
                        message: "the end date 2024-03-31 is before the start date 2024-04-01")
                ])
        }
    }

    @Test("an invalid row rejects the whole import with 422 and imports nothing")
    func allOrNothing() async throws {
        try await withAPI { client, accounts, database in
            let rows = [Self.row(2), Self.row(3, ["amount": "たくさん"]), Self.row(4)]
            let response = try await Self.importRows(client, rows, token: accounts.member)
            #expect(response.status == .unprocessableContent)
            let rejection = try response.decode(Components.Schemas.ImportRejection.self)
            #expect(rejection.code == "import_has_invalid_rows")
            #expect(rejection.rowErrors.map(\.line) == [3])
            #expect(rejection.rowErrors.map(\.column) == ["amount"])
            #expect(try await Self.count("SELECT count(*) FROM contracts", database) == 0)
            #expect(try await Self.count("SELECT count(*) FROM vendors", database) == 0)
        }
    }

    @Test("with skipInvalid the valid rows are imported and the invalid ones reported")
    func skipInvalid() async throws {
        try await withAPI { client, accounts, database in
            let rows = [Self.row(2), Self.row(3, ["amount": "たくさん"]), Self.row(4)]
            let result = try Self.result(
                try await Self.importRows(client, rows, token: accounts.member, skipInvalid: true))
            #expect(result.created == 2 && result.skipped == 1)
            #expect(result.errors.map(\.line) == [3])
            #expect(try await Self.count("SELECT count(*) FROM contracts", database) == 2)
        }
    }

    @Test("importing the same rows again changes nothing: no new versions, no new history")
    func idempotentReimport() async throws {
        try await withAPI { client, accounts, database in
            let rows = (2...51).map { Self.row($0) }
            _ = try Self.result(try await Self.importRows(client, rows, token: accounts.member, chunk: 20))
            let history = try await Self.count("SELECT count(*) FROM contract_history", database)
            let again = try Self.result(try await Self.importRows(client, rows, token: accounts.member, chunk: 20))
            #expect(again.created == 0 && again.updated == 0 && again.unchanged == 50 && again.vendorsCreated == 0)
            #expect(try await Self.count("SELECT count(*) FROM contract_history", database) == history)
            #expect(try await Self.count("SELECT count(*) FROM contracts WHERE version <> 1", database) == 0)
        }
    }

    @Test("a changed row updates its contract, bumps its version and records the change in its history")
    func changedRowUpdates() async throws {
        try await withAPI { client, accounts, database in
            _ = try Self.result(try await Self.importRows(client, [Self.row(2), Self.row(3)], token: accounts.member))
            let changed = [Self.row(2), Self.row(3, ["amount": "1,500,000"])]
            let result = try Self.result(try await Self.importRows(client, changed, token: accounts.member))
            #expect(result.created == 0 && result.updated == 1 && result.unchanged == 1)
            #expect(
                try await Self.count(
                    "SELECT version FROM contracts WHERE external_reference = 'R6-3' AND amount = 1500000", database)
                    == 2)
            #expect(
                try await Self.count(
                    """
                    SELECT count(*) FROM contract_history h JOIN contracts c ON c.id = h.contract_id
                    WHERE c.external_reference = 'R6-3' AND h.action = 'updated' AND h.actor_name = '保健センター'
                      AND (h.before ->> 'amount')::bigint = 1320000 AND (h.after ->> 'amount')::bigint = 1500000
                    """, database) == 1)
        }
    }

    @Test("rows without a contract number are matched by vendor, title and start date on re-import")
    func unreferencedRowsMatch() async throws {
        try await withAPI { client, accounts, database in
            // Two identical rows are two contracts; re-importing pairs them up again, in order.
            let rows = [
                Self.row(2, ["externalReference": ""]), Self.row(3, ["externalReference": "", "title": "予約システム保守 2"]),
            ]
            let first = try Self.result(try await Self.importRows(client, rows, token: accounts.member))
            #expect(first.created == 2)
            let again = try Self.result(try await Self.importRows(client, rows, token: accounts.member))
            #expect(again.created == 0 && again.updated == 0 && again.unchanged == 2)
            let changed = [rows[0], Self.row(3, ["externalReference": "", "title": "予約システム保守 2", "amount": "99"])]
            let third = try Self.result(try await Self.importRows(client, changed, token: accounts.member))
            #expect(third.created == 0 && third.updated == 1 && third.unchanged == 1)
            #expect(try await Self.count("SELECT count(*) FROM contracts", database) == 2)
        }
    }

    @Test("a contract number given twice in one chunk is refused on the later line as it arrives")
    func repeatedReferenceInChunk() async throws {
        try await withAPI { client, accounts, _ in
            let id = try await Self.open(client, token: accounts.member)
            let response = try await Self.send(
                client, [Self.row(2), Self.row(3, ["externalReference": "R6-2"])], to: id, token: accounts.member)
            let chunk = try response.decode(Components.Schemas.ContractImportChunkResult.self)
            #expect(
                chunk.errors == [
                    .init(
                        line: 3, column: "externalReference",
                        message: "the contract number R6-2 is also on line 2; each contract once per file")
                ])
        }
    }

    @Test("a contract number repeated in a later chunk rejects the import at commit, naming both lines")
    func repeatedReferenceAcrossChunks() async throws {
        try await withAPI { client, accounts, database in
            let rows = [Self.row(2), Self.row(3), Self.row(4, ["externalReference": "R6-2"])]
            let response = try await Self.importRows(client, rows, token: accounts.member, chunk: 2)
            #expect(response.status == .unprocessableContent)
            let rejection = try response.decode(Components.Schemas.ImportRejection.self)
            #expect(
                rejection.rowErrors == [
                    .init(
                        line: 4, column: "externalReference",
                        message: "the contract number R6-2 is also on line 2; each contract once per file")
                ])
            #expect(try await Self.count("SELECT count(*) FROM contracts", database) == 0)
        }
    }

    @Test("with skipInvalid a repeated contract number keeps the first row and skips the later one")
    func repeatedReferenceSkipped() async throws {
        try await withAPI { client, accounts, database in
            let rows = [Self.row(2), Self.row(3, ["externalReference": "R6-2", "amount": "1"])]
            let result = try Self.result(
                try await Self.importRows(client, rows, token: accounts.member, skipInvalid: true, chunk: 1))
            #expect(result.created == 1 && result.skipped == 1 && result.errors.map(\.line) == [3])
            #expect(try await Self.count("SELECT amount FROM contracts", database) == 1_320_000)
        }
    }

    @Test("the vendor ㈱ＡＢＣシステム in one town's file is the 株式会社ABCシステム another registered")
    func vendorMatchedAcrossMunicipalities() async throws {
        try await withAPI { client, accounts, database in
            _ = try Self.result(try await Self.importRows(client, [Self.row(2)], token: accounts.otherMember))
            let result = try Self.result(
                try await Self.importRows(client, [Self.row(2, ["vendorName": "㈱ＡＢＣシステム"])], token: accounts.member))
            #expect(result.created == 1 && result.vendorsCreated == 0)
            #expect(try await Self.count("SELECT count(DISTINCT vendor_id) FROM contracts", database) == 1)
        }
    }

    @Test("a member cannot import another municipality's contracts (403)")
    func foreignMunicipality() async throws {
        try await withAPI { client, accounts, _ in
            let response = try await client.send(
                .post, "/contract-imports",
                json: Components.Schemas.NewContractImport(municipalityCode: "212091", skipInvalid: false),
                token: accounts.member)
            #expect(response.status == .forbidden)
            let problem = try response.problem()
            #expect(problem.code == "forbidden")
            #expect(problem.detail == "you can only import 宇多津町's contracts, not 羽島市's")
        }
    }

    @Test("an admin must say whose contracts it imports, and then imports them")
    func adminNamesMunicipality() async throws {
        try await withAPI { client, accounts, database in
            let response = try await client.send(
                .post, "/contract-imports", json: Components.Schemas.NewContractImport(skipInvalid: false),
                token: accounts.admin)
            #expect(response.status == .badRequest)
            #expect(try response.problem().code == "municipality_required")
            let result = try Self.result(
                try await Self.importRows(client, [Self.row(2)], token: accounts.admin, municipality: "212091"))
            #expect(result.created == 1)
            #expect(
                try await Self.count("SELECT count(*) FROM contracts WHERE municipality_code = '212091'", database) == 1
            )
        }
    }

    @Test("an admin naming a well-formed code that no local government has is told so (422), not a 500")
    func adminNamesUnknownMunicipality() async throws {
        try await withAPI { client, accounts, database in
            // A code with a valid check digit that names no local government.
            let rows = try await database.query(
                """
                SELECT code FROM (SELECT lpad(n::text, 5, '0') || d AS code
                                  FROM generate_series(1000, 47999) n, unnest(ARRAY['0','1','2','3','4','5','6','7','8','9']) d) x
                WHERE municipality_code_is_valid(code) AND NOT EXISTS (SELECT 1 FROM municipalities m WHERE m.code = x.code)
                LIMIT 1
                """,
                logger: TestDatabase.logger)
            var unknown: String?
            for try await code in rows.decode(String.self) { unknown = code }
            let code = try #require(unknown)
            let response = try await client.send(
                .post, "/contract-imports",
                json: Components.Schemas.NewContractImport(municipalityCode: code, skipInvalid: false),
                token: accounts.admin)
            #expect(response.status == .unprocessableContent, "\(response.text)")
            #expect(try response.problem().code == "unknown_municipality")
            #expect(try await Self.count("SELECT count(*) FROM contract_imports", database) == 0)
        }
    }

    @Test("another account cannot add rows to or commit someone's import (404)")
    func foreignImport() async throws {
        try await withAPI { client, accounts, _ in
            let id = try await Self.open(client, token: accounts.member)
            let rows = try await Self.send(client, [Self.row(2)], to: id, token: accounts.otherMember)
            #expect(rows.status == .notFound)
            #expect(try rows.problem().code == "import_not_found")
            let commit = try await Self.commit(client, id, token: accounts.otherMember)
            #expect(commit.status == .notFound)
            let admin = try await Self.commit(client, id, token: accounts.admin)
            #expect(admin.status == .notFound)
        }
    }

    @Test("a committed import takes no more rows and cannot be committed again (409)")
    func committedIsClosed() async throws {
        try await withAPI { client, accounts, _ in
            let id = try await Self.open(client, token: accounts.member)
            _ = try await Self.send(client, [Self.row(2)], to: id, token: accounts.member)
            #expect(try await Self.commit(client, id, token: accounts.member).status == .ok)
            let again = try await Self.commit(client, id, token: accounts.member)
            #expect(again.status == .conflict)
            #expect(try again.problem().code == "import_not_open")
            let more = try await Self.send(client, [Self.row(3)], to: id, token: accounts.member)
            #expect(more.status == .conflict)
        }
    }

    @Test("a line already received is refused (409) and the chunk is not staged")
    func duplicateLine() async throws {
        try await withAPI { client, accounts, database in
            let id = try await Self.open(client, token: accounts.member)
            _ = try await Self.send(client, [Self.row(2)], to: id, token: accounts.member)
            let response = try await Self.send(client, [Self.row(3), Self.row(2)], to: id, token: accounts.member)
            #expect(response.status == .conflict)
            #expect(try response.problem().code == "duplicate_import_line")
            #expect(try await Self.count("SELECT count(*) FROM contract_import_rows", database) == 1)
        }
    }

    @Test("a chunk of more than 2,000 rows is refused (400)")
    func chunkLimit() async throws {
        try await withAPI { client, accounts, _ in
            let id = try await Self.open(client, token: accounts.member)
            let response = try await Self.send(client, (2...2002).map { Self.row($0) }, to: id, token: accounts.member)
            #expect(response.status == .badRequest)
            #expect(try response.problem().code == "import_chunk_too_large")
        }
    }

    @Test("a cell under an unknown column name is refused (400) with the known names")
    func unknownColumn() async throws {
        try await withAPI { client, accounts, _ in
            let id = try await Self.open(client, token: accounts.member)
            let response = try await Self.send(client, [Self.row(2, ["price": "1"])], to: id, token: accounts.member)
            #expect(response.status == .badRequest)
            let problem = try response.problem()
            #expect(problem.code == "unknown_import_column")
            #expect(problem.detail?.contains("externalReference") == true)
        }
    }

    @Test("opening an import deletes abandoned open imports past their expiry, with their rows")
    func abandonedImportsExpire() async throws {
        try await withAPI { client, accounts, database in
            let abandoned = try await Self.open(client, token: accounts.member)
            _ = try await Self.send(client, [Self.row(2)], to: abandoned, token: accounts.member)
            try await database.query(
                "UPDATE contract_imports SET expires_at = now() - interval '1 minute' WHERE id = \(Int64(abandoned) ?? 0)",
                logger: TestDatabase.logger)
            _ = try await Self.open(client, token: accounts.otherMember)
            #expect(
                try await Self.count("SELECT count(*) FROM contract_imports WHERE id = \(abandoned)", database) == 0)
            #expect(try await Self.count("SELECT count(*) FROM contract_import_rows", database) == 0)
        }
    }
}
