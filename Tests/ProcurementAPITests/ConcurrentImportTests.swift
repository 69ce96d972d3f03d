import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import PostgresNIO
import ProcureTestSupport
import ProcurementAPI
import ProcurementClient
import Synchronization
import Testing

/// Imports and vendor registrations racing each other: whatever order the commits land in, the
/// register must end as a serial run leaves it.
@Suite("concurrent imports and vendor registrations")
struct ConcurrentImportTests {
    typealias Imports = ContractImportAPITests
    typealias Row = Components.Schemas.ContractImportRow

    /// Contract `number`'s row (contract number `R6-<number>`, or none when `numbered` is false) on
    /// line `line` of a file, the same in every file that has it but for the vendor's spelling.
    static func contract(_ number: Int, line: Int, vendor: String = "株式会社ABCシステム", numbered: Bool = true) -> Row {
        Imports.row(
            line,
            [
                "title": "予約システム保守 \(number)", "vendorName": vendor, "amount": "\(1_000_000 + number)",
                "externalReference": numbered ? "R6-\(number)" : "",
            ])
    }

    /// A file of the numbered contracts `numbers`, then the unnumbered contracts `unnumbered`.
    static func file(_ numbers: ClosedRange<Int>, unnumbered: ClosedRange<Int>, vendor: String) -> [Row] {
        let numbered = numbers.enumerated().map { contract($1, line: $0 + 2, vendor: vendor) }
        let rest = unnumbered.enumerated().map {
            contract($1, line: numbers.count + $0 + 2, vendor: vendor, numbered: false)
        }
        return numbered + rest
    }

    /// Imports every file at once (each as its own import, in chunks of 20 rows); the answers in
    /// the files' order.
    static func importConcurrently(
        _ client: any TestClientProtocol, _ files: [(rows: [Row], token: String, municipality: String?)]
    ) async throws -> [TestResponse] {
        try await withThrowingTaskGroup(of: (Int, TestResponse).self) { group in
            for (index, file) in files.enumerated() {
                group.addTask {
                    let response = try await Imports.importRows(
                        client, file.rows, token: file.token, municipality: file.municipality, chunk: 20)
                    return (index, response)
                }
            }
            var answers: [Int: TestResponse] = [:]
            for try await (index, response) in group { answers[index] = response }
            return files.indices.compactMap { answers[$0] }
        }
    }

    /// `(contract number or title, amount, vendor)` of a municipality's contracts, sorted: what a
    /// serial and a concurrent run are compared on.
    static func register(of municipality: String, _ database: PostgresClient) async throws -> [String] {
        let rows = try await database.query(
            """
            SELECT coalesce(c.external_reference, '-') || ' ' || c.title || ' ' || c.amount || ' ' || c.vendor_id
            FROM contracts c WHERE c.municipality_code = \(municipality) ORDER BY 1
            """,
            logger: TestDatabase.logger)
        var lines: [String] = []
        for try await line in rows.decode(String.self) { lines.append(line) }
        return lines
    }

    @Test(
        "four concurrent imports of overlapping files by one town leave the register a serial import leaves, each contract once"
    )
    func overlappingFilesOneTown() async throws {
        // Contracts 1–60 and 31–90 (the overlap spelled another way), and both files again: 90
        // numbered contracts and 5 unnumbered ones (in every file), whatever the order.
        let first = Self.file(1...60, unnumbered: 91...95, vendor: "株式会社ABCシステム")
        let second = Self.file(31...90, unnumbered: 91...95, vendor: "ＡＢＣシステム(株)")
        let serial = SerialRegister()
        try await withAPI { client, accounts, database in
            for rows in [first, second, first, second] {
                _ = try Imports.result(try await Imports.importRows(client, rows, token: accounts.member, chunk: 20))
            }
            serial.lines = try await Self.register(of: "373869", database)
        }
        try await withAPI { client, accounts, database in
            let answers = try await Self.importConcurrently(
                client, [first, second, first, second].map { ($0, accounts.member, nil) })
            #expect(answers.map(\.status) == [.ok, .ok, .ok, .ok], "\(answers.map(\.text))")
            let results = try answers.map { try $0.decode(Components.Schemas.ContractImportResult.self) }
            for (result, rows) in zip(results, [first, second, first, second]) {
                #expect(result.created + result.updated + result.unchanged == Int32(rows.count))
                #expect(result.skipped == 0 && result.errors.isEmpty)
            }
            #expect(results.map(\.created).reduce(0, +) == 95, "every contract created by exactly one import")
            #expect(results.map(\.updated).reduce(0, +) == 0, "the files agree, so nothing is ever changed")
            #expect(results.map(\.vendorsCreated).reduce(0, +) == 1)
            let register = try await Self.register(of: "373869", database)
            #expect(register.count == 95)
            #expect(register == serial.lines)
            #expect(try await Imports.count("SELECT count(*) FROM vendors", database) == 1)
            #expect(
                try await Imports.count(
                    "SELECT count(*) FROM contract_history WHERE action = 'created'", database) == 95)
        }
    }

    @Test(
        "towns importing at once files that name the same new companies, spelled differently, register each company once"
    )
    func sameNewVendorsManyTowns() async throws {
        let spellings = [
            ["株式会社ABCシステム", "有限会社さくら電算", "コールワン株式会社"],
            ["㈱ＡＢＣシステム", "さくら電算(有)", "(株)コールワン"],
            ["ABCシステム(株)", "有限会社 さくら電算", "ｺｰﾙﾜﾝ株式会社"],
            ["ＡＢＣシステム 株式会社", "(有)さくら電算", "株式会社 コールワン"],
        ]
        try await withAPI { client, accounts, database in
            let towns: [(token: String, municipality: String?)] = [
                (accounts.member, nil), (accounts.otherMember, nil), (accounts.admin, "163236"),
                (accounts.admin, "121002"),
            ]
            let files = zip(spellings, towns).map { names, town in
                (
                    rows: names.enumerated().map { Self.contract($0 + 1, line: $0 + 2, vendor: $1) },
                    token: town.token, municipality: town.municipality
                )
            }
            let answers = try await Self.importConcurrently(client, files)
            #expect(answers.map(\.status) == [.ok, .ok, .ok, .ok], "\(answers.map(\.text))")
            let results = try answers.map { try $0.decode(Components.Schemas.ContractImportResult.self) }
            #expect(results.map(\.created) == [3, 3, 3, 3])
            #expect(results.map(\.vendorsCreated).reduce(0, +) == 3)
            #expect(try await Imports.count("SELECT count(*) FROM vendors", database) == 3)
            #expect(try await Imports.count("SELECT count(DISTINCT vendor_id) FROM contracts", database) == 3)
            #expect(try await Imports.count("SELECT count(*) FROM contracts", database) == 12)
        }
    }

    @Test(
        "one company named at once by a registration, contracts and an import, in eight spellings, is one vendor"
    )
    func sameNameKeyEveryPath() async throws {
        let spellings = [
            "株式会社ABCシステム", "㈱ABCシステム", "ABCシステム(株)", "ＡＢＣシステム株式会社", "ABCｼｽﾃﾑ株式会社",
            "(株)ＡＢＣシステム", "ABC システム 株式会社", "株式会社　ＡＢＣ・システム",
        ]
        try await withAPI { client, accounts, database in
            let statuses = try await withThrowingTaskGroup(of: (String, HTTPResponse.Status).self) { group in
                for (index, spelling) in spellings.enumerated() {
                    group.addTask {
                        switch index % 3 {
                        case 0:
                            let response = try await client.send(
                                .post, "/vendors", json: Components.Schemas.NewVendor(name: spelling),
                                token: accounts.member)
                            return ("vendor", response.status)
                        case 1:
                            let body = Components.Schemas.ContractInput(
                                vendor: .init(name: spelling), categoryCode: "reservation_system",
                                title: "予約システム運用 \(index)", amount: 1_200_000, taxIncluded: true,
                                billingBasis: .annual, startDate: "2024-04-01", endDate: "2025-03-31",
                                contractMethod: .negotiated)
                            let response = try await client.send(
                                .post, "/contracts", json: body, token: accounts.otherMember)
                            return ("contract", response.status)
                        default:
                            let response = try await Imports.importRows(
                                client, [Self.contract(index, line: 2, vendor: spelling)], token: accounts.member)
                            return ("import", response.status)
                        }
                    }
                }
                return try await group.reduce(into: [(String, HTTPResponse.Status)]()) { $0.append($1) }
            }
            // A registration finding the company registered meanwhile is a 409 naming it; the
            // contracts and imports use it.
            #expect(statuses.filter { $0.0 == "vendor" }.allSatisfy { $0.1 == .created || $0.1 == .conflict })
            #expect(statuses.filter { $0.0 == "contract" }.allSatisfy { $0.1 == .created })
            #expect(statuses.filter { $0.0 == "import" }.allSatisfy { $0.1 == .ok })
            #expect(try await Imports.count("SELECT count(*) FROM vendors", database) == 1)
            #expect(try await Imports.count("SELECT count(DISTINCT vendor_id) FROM contracts", database) == 1)
            #expect(try await Imports.count("SELECT count(*) FROM contracts", database) == 5)
        }
    }
}

/// The register a serial import left, to compare a concurrent one with.
private final class SerialRegister: Sendable {
    private let state = Mutex<[String]>([])
    var lines: [String] {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}
