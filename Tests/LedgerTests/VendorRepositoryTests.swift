import Foundation
import Logging
import PostgresNIO
import ProcureTestSupport
import Testing

@testable import Ledger

/// A valid corporate number with this 12-digit base.
private func corporateNumber(_ base: String) throws -> CorporateNumber {
    try #require(CorporateNumber(base: base))
}

/// The number of vendor rows.
private func vendorCount(_ client: PostgresClient) async throws -> Int {
    let rows = try await client.query("SELECT count(*)::integer FROM vendors", logger: TestDatabase.logger)
    for try await count in rows.decode(Int.self) { return count }
    return 0
}

/// Resolves `reference` in a transaction of its own, as a contract write or an import would.
private func resolve(_ reference: VendorReference, _ client: PostgresClient) async throws -> ResolvedVendor {
    do {
        return try await client.withTransaction(logger: TestDatabase.logger) { connection in
            try await VendorRepository.resolve(reference, on: connection, logger: TestDatabase.logger)
        }
    } catch let error as PostgresTransactionError {
        throw error.closureError ?? error
    }
}

@Suite("vendor register")
struct VendorRepositoryTests {
    let logger = TestDatabase.logger

    private func register(
        _ name: String, corporateNumber: CorporateNumber? = nil, kana: String? = nil, in client: PostgresClient
    ) async throws -> Vendor {
        // Names close to one another are registered on purpose here: confirmed as new.
        try await VendorRepository(client: client, logger: logger)
            .create(try NewVendor(name: name, corporateNumber: corporateNumber, kana: kana), confirmNew: true)
    }

    // MARK: Registering

    @Test("a registered vendor is found by its id and by its corporate number")
    func findRegistered() async throws {
        try await withFreshDatabase { client, _ in
            let vendors = VendorRepository(client: client, logger: logger)
            let number = try corporateNumber("301018771118")
            let vendor = try await register("株式会社ＡＢＣシステム", corporateNumber: number, kana: "えーびーしーしすてむ", in: client)
            #expect(vendor.name == "株式会社ＡＢＣシステム")
            #expect(vendor.nameKey.rawValue == "abcシステム")
            #expect(vendor.kana == "エービーシーシステム")
            #expect(try await vendors.find(id: vendor.id) == vendor)
            #expect(try await vendors.find(corporateNumber: number) == vendor)
        }
    }

    @Test("a second vendor with the same name key is refused with the existing id")
    func duplicateNameKey() async throws {
        try await withFreshDatabase { client, _ in
            let first = try await register("株式会社ABCシステム", in: client)
            await #expect(throws: VendorError.exists(id: first.id, name: "株式会社ABCシステム")) {
                try await register("㈱ ＡＢＣ システム", in: client)
            }
            #expect(try await vendorCount(client) == 1)
        }
    }

    @Test("a vendor whose name key is another vendor's alias is refused with that vendor's id")
    func duplicateOfAlias() async throws {
        try await withFreshDatabase { client, _ in
            let vendor = try await register("株式会社ABCシステム", in: client)
            let merged = try await register("ABCソリューションズ", in: client)
            _ = try await VendorRepository(client: client, logger: logger)
                .merge(merged.id, into: vendor.id, by: try await admin(client))
            await #expect(throws: VendorError.exists(id: vendor.id, name: "株式会社ABCシステム")) {
                try await register("ABCソリューションズ株式会社", in: client)
            }
        }
    }

    @Test("a second vendor with the same corporate number is refused, whatever its name")
    func duplicateCorporateNumber() async throws {
        try await withFreshDatabase { client, _ in
            let number = try corporateNumber("301018771118")
            let first = try await register("株式会社ABCシステム", corporateNumber: number, in: client)
            await #expect(throws: VendorError.exists(id: first.id, name: "株式会社ABCシステム")) {
                try await register("XYZ商事株式会社", corporateNumber: number, in: client)
            }
        }
    }

    @Test("concurrent registrations of one name key make exactly one vendor")
    func concurrentRegistrations() async throws {
        try await withFreshDatabase { client, _ in
            let vendors = VendorRepository(client: client, logger: logger)
            let spellings = ["株式会社ABCシステム", "㈱ABCシステム", "ABCシステム(株)", "ＡＢＣシステム株式会社", "abcシステム"]
            let outcomes = try await withThrowingTaskGroup(of: Int64?.self) { group in
                for spelling in spellings {
                    let vendor = try NewVendor(name: spelling)
                    group.addTask {
                        do {
                            return try await vendors.create(vendor).id
                        } catch VendorError.exists {
                            return nil
                        }
                    }
                }
                return try await group.reduce(into: [Int64?]()) { $0.append($1) }
            }
            #expect(outcomes.compactMap { $0 }.count == 1)
            #expect(try await vendorCount(client) == 1)
        }
    }

    @Test("a name that is nothing but a legal form is not a vendor name")
    func legalFormOnly() {
        #expect(throws: InvalidVendor.self) { try NewVendor(name: "株式会社") }
        #expect(throws: InvalidVendor.self) { try NewVendor(name: "  ") }
    }

    // MARK: Resolving references

    @Test("a reference by an unknown id is refused")
    func resolveUnknownID() async throws {
        try await withFreshDatabase { client, _ in
            _ = await #expect(throws: VendorResolutionError.unknownVendorID(99)) {
                try await resolve(VendorReference(id: 99), client)
            }
        }
    }

    @Test("a new name is registered once; another spelling of it finds it and is kept as an alias")
    func resolveByName() async throws {
        try await withFreshDatabase { client, _ in
            let first = try await resolve(VendorReference(name: "株式会社ABCシステム"), client)
            #expect(first.created)
            let again = try await resolve(VendorReference(name: "㈱ＡＢＣシステム"), client)
            #expect(again == ResolvedVendor(id: first.id, name: "株式会社ABCシステム", created: false))
            let vendor = try await VendorRepository(client: client, logger: logger).find(id: first.id)
            #expect(vendor?.aliases == ["㈱ＡＢＣシステム"])
        }
    }

    @Test("the registered spelling is not recorded as an alias of itself")
    func resolveSameSpelling() async throws {
        try await withFreshDatabase { client, _ in
            let vendor = try await register("株式会社ABCシステム", in: client)
            let resolved = try await resolve(VendorReference(name: "株式会社ABCシステム"), client)
            #expect(resolved.id == vendor.id)
            #expect(try await VendorRepository(client: client, logger: logger).find(id: vendor.id)?.aliases == [])
        }
    }

    @Test("a corporate number wins over a name whose key belongs to another vendor, and nothing is created")
    func corporateNumberIsAuthoritative() async throws {
        try await withFreshDatabase { client, _ in
            let number = try corporateNumber("301018771118")
            let numbered = try await register("株式会社ABCシステム", corporateNumber: number, in: client)
            let named = try await register("XYZ商事株式会社", in: client)
            let resolved = try await resolve(VendorReference(corporateNumber: number, name: "XYZ商事"), client)
            #expect(resolved == ResolvedVendor(id: numbered.id, name: "株式会社ABCシステム", created: false))
            #expect(try await vendorCount(client) == 2)
            let vendors = VendorRepository(client: client, logger: logger)
            #expect(try await vendors.find(id: numbered.id)?.aliases == [])
            #expect(try await vendors.find(id: named.id)?.corporateNumber == nil)
        }
    }

    @Test("a new corporate number with a known name goes to that vendor, which takes the number")
    func knownNameTakesNumber() async throws {
        try await withFreshDatabase { client, _ in
            let vendor = try await register("株式会社ABCシステム", in: client)
            let number = try corporateNumber("301018771118")
            let resolved = try await resolve(VendorReference(corporateNumber: number, name: "ABCシステム(株)"), client)
            #expect(resolved.id == vendor.id)
            #expect(!resolved.created)
            let found = try await VendorRepository(client: client, logger: logger).find(corporateNumber: number)
            #expect(found?.id == vendor.id)
            #expect(found?.aliases == ["ABCシステム(株)"])
        }
    }

    @Test("a new corporate number with the name of a vendor that has another number is a conflict")
    func twoNumbersOneName() async throws {
        try await withFreshDatabase { client, _ in
            _ = try await register("株式会社ABCシステム", corporateNumber: try corporateNumber("301018771118"), in: client)
            let other = try corporateNumber("010401067252")
            await #expect(throws: VendorResolutionError.self) {
                try await resolve(VendorReference(corporateNumber: other, name: "ABCシステム"), client)
            }
            #expect(try await vendorCount(client) == 1)
        }
    }

    @Test("a new corporate number and a new name register a vendor with both")
    func newNumberAndName() async throws {
        try await withFreshDatabase { client, _ in
            let number = try corporateNumber("301018771118")
            let resolved = try await resolve(VendorReference(corporateNumber: number, name: "株式会社ABCシステム"), client)
            #expect(resolved.created)
            let found = try await VendorRepository(client: client, logger: logger).find(corporateNumber: number)
            #expect(found?.id == resolved.id)
        }
    }

    @Test("an unknown corporate number without a name cannot be registered")
    func numberWithoutName() async throws {
        try await withFreshDatabase { client, _ in
            let number = try corporateNumber("301018771118")
            _ = await #expect(throws: VendorResolutionError.unknownCorporateNumber(number)) {
                try await resolve(VendorReference(corporateNumber: number), client)
            }
        }
    }

    @Test("a name that is only a legal form is refused as an invalid name")
    func resolveInvalidName() async throws {
        try await withFreshDatabase { client, _ in
            _ = await #expect {
                try await resolve(VendorReference(name: "(株)"), client)
            } throws: { error in
                if case VendorResolutionError.invalidName = error { return true }
                return false
            }
        }
    }

    @Test("concurrent resolutions of one new name register exactly one vendor")
    func concurrentResolutions() async throws {
        try await withFreshDatabase { client, _ in
            let spellings = ["株式会社まぼろし", "㈱まぼろし", "まぼろし(株)", "マボロシ株式会社", "株式会社 まぼろし"]
            let resolved = try await withThrowingTaskGroup(of: ResolvedVendor.self) { group in
                for spelling in spellings {
                    group.addTask { try await resolve(VendorReference(name: spelling), client) }
                }
                return try await group.reduce(into: [ResolvedVendor]()) { $0.append($1) }
            }
            #expect(Set(resolved.map(\.id)).count == 1)
            #expect(resolved.filter(\.created).count == 1)
            #expect(try await vendorCount(client) == 1)
        }
    }

    @Test("a vendor registered by a resolution is rolled back with the caller's transaction")
    func resolveInCallersTransaction() async throws {
        try await withFreshDatabase { client, _ in
            var rolledBack = false
            do {
                try await client.withTransaction(logger: logger) { connection async throws -> Void in
                    _ = try await VendorRepository.resolve(
                        VendorReference(name: "株式会社ABCシステム"), on: connection, logger: logger)
                    throw CancellationError()
                }
            } catch let error as PostgresTransactionError {
                rolledBack = error.closureError is CancellationError
            }
            #expect(rolledBack)
            #expect(try await vendorCount(client) == 0)
        }
    }

    // MARK: Merging

    private func admin(_ client: PostgresClient) async throws -> Principal {
        let record = try await TokenRepository(client: client, logger: logger).create(name: "調整担当", role: .admin).record
        return Principal(tokenID: record.id, name: "調整担当", role: .admin)
    }

    /// A contract of 宇多津町 with `vendor`, inserted directly: merging is what is under test.
    private func contract(vendor: Int64, _ client: PostgresClient) async throws -> Int64 {
        let rows = try await client.query(
            """
            INSERT INTO contracts (municipality_code, vendor_id, category_code, title, amount, tax_included,
                                   billing_basis, start_date, end_date, contract_method)
            VALUES ('373869', \(vendor), 'reservation_system', '予約システム', 1200000, true, 'annual',
                    '2024-04-01', '2025-03-31', 'negotiated')
            RETURNING id
            """,
            logger: logger)
        for try await id in rows.decode(Int64.self) { return id }
        throw StorageError.unexpectedValue("no contract id")
    }

    @Test("a merge moves the loser's contracts to the winner and records who moved them")
    func mergeMovesContracts() async throws {
        try await withFreshDatabase { client, _ in
            let winner = try await register("株式会社ABCシステム", in: client)
            let loser = try await register("エービーシー・システム", in: client)
            let contract = try await contract(vendor: loser.id, client)
            let admin = try await admin(client)
            let merge = try await VendorRepository(client: client, logger: logger)
                .merge(loser.id, into: winner.id, by: admin)
            #expect(merge.contractsMoved == 1)
            #expect(merge.mergedVendorID == loser.id)
            let rows = try await client.query(
                """
                SELECT c.vendor_id, h.actor_id, (h.before ->> 'vendor_id')::bigint
                FROM contracts c JOIN contract_history h ON h.contract_id = c.id AND h.action = 'updated'
                WHERE c.id = \(contract)
                """,
                logger: logger)
            var history: [(Int64, Int64?, Int64)] = []
            for try await row in rows.decode((Int64, Int64?, Int64).self) { history.append(row) }
            #expect(history.count == 1)
            #expect(history.first?.0 == winner.id)
            #expect(history.first?.1 == admin.tokenID)
            #expect(history.first?.2 == loser.id)
        }
    }

    @Test("after a merge the loser's name and aliases are the winner's aliases and the loser is gone")
    func mergeKeepsNames() async throws {
        try await withFreshDatabase { client, _ in
            let vendors = VendorRepository(client: client, logger: logger)
            let winner = try await register("株式会社ABCシステム", in: client)
            let loser = try await register("エービーシー・システム", in: client)
            _ = try await resolve(VendorReference(name: "エービーシーシステム株式会社"), client)
            let merge = try await vendors.merge(loser.id, into: winner.id, by: try await admin(client))
            #expect(Set(merge.vendor.aliases) == ["エービーシー・システム", "エービーシーシステム株式会社"])
            #expect(try await vendors.find(id: loser.id) == nil)
            // The loser's spellings now lead to the winner.
            let resolved = try await resolve(VendorReference(name: "エービーシーシステム"), client)
            #expect(resolved.id == winner.id)
        }
    }

    @Test("without corporate numbers the merged vendor keeps the spelling more contracts were recorded under")
    func mergeKeepsCommonSpelling() async throws {
        try await withFreshDatabase { client, _ in
            let vendors = VendorRepository(client: client, logger: logger)
            // The typo (the winner, chosen by the admin) has one contract; the right spelling two.
            let typo = try await register("株式会社サンプル予約シスムズ", in: client)
            let right = try await register("株式会社サンプル予約システムズ", in: client)
            _ = try await contract(vendor: typo.id, client)
            _ = try await contract(vendor: right.id, client)
            _ = try await contract(vendor: right.id, client)
            let merge = try await vendors.merge(right.id, into: typo.id, by: try await admin(client))
            #expect(merge.vendor.id == typo.id)
            #expect(merge.vendor.name == "株式会社サンプル予約システムズ")
            #expect(merge.vendor.aliases == ["株式会社サンプル予約シスムズ"])
            // On a tie the winner's spelling stays.
            let first = try await register("ABC会計システム株式会社", in: client)
            let second = try await register("エービーシー会計システム", in: client)
            _ = try await contract(vendor: first.id, client)
            _ = try await contract(vendor: second.id, client)
            let tie = try await vendors.merge(second.id, into: first.id, by: try await admin(client))
            #expect(tie.vendor.name == "ABC会計システム株式会社")
        }
    }

    @Test("a winner without a corporate number takes the loser's, with its name, and the merge is recorded")
    func mergeTakesNumber() async throws {
        try await withFreshDatabase { client, _ in
            let number = try corporateNumber("301018771118")
            let winner = try await register("株式会社ABCシステム", in: client)
            let loser = try await register("エービーシー・システム", corporateNumber: number, in: client)
            let admin = try await admin(client)
            let merge = try await VendorRepository(client: client, logger: logger)
                .merge(loser.id, into: winner.id, by: admin)
            #expect(merge.vendor.corporateNumber == number)
            // Named as registered with its number; its own name is an alias and still finds it.
            #expect(merge.vendor.name == "エービーシー・システム")
            #expect(merge.vendor.nameKey.rawValue == "エービーシーシステム")
            #expect(merge.vendor.aliases == ["株式会社ABCシステム"])
            #expect(try await resolve(VendorReference(name: "ABCシステム(株)"), client).id == winner.id)
            let rows = try await client.query(
                "SELECT winner_id, loser_id, loser_name, loser_corporate_number, merged_by FROM vendor_merges",
                logger: logger)
            var records: [(Int64, Int64, String, String?, Int64?)] = []
            for try await row in rows.decode((Int64, Int64, String, String?, Int64?).self) { records.append(row) }
            #expect(records.count == 1)
            #expect(records.first?.0 == winner.id)
            #expect(records.first?.1 == loser.id)
            #expect(records.first?.2 == "エービーシー・システム")
            #expect(records.first?.3 == number.rawValue)
            #expect(records.first?.4 == admin.tokenID)
        }
    }

    @Test("a vendor cannot be merged into itself")
    func mergeIntoItself() async throws {
        try await withFreshDatabase { client, _ in
            let vendor = try await register("株式会社ABCシステム", in: client)
            await #expect(throws: VendorError.mergeIntoItself(vendor.id)) {
                try await VendorRepository(client: client, logger: logger)
                    .merge(vendor.id, into: vendor.id, by: try await admin(client))
            }
        }
    }

    @Test("vendors with different corporate numbers are different corporations and are not merged")
    func mergeDifferentNumbers() async throws {
        try await withFreshDatabase { client, _ in
            let winner = try await register(
                "株式会社ABCシステム", corporateNumber: try corporateNumber("301018771118"), in: client)
            let loser = try await register("ABCシステムズ", corporateNumber: try corporateNumber("010401067252"), in: client)
            await #expect(throws: VendorError.self) {
                try await VendorRepository(client: client, logger: logger)
                    .merge(loser.id, into: winner.id, by: try await admin(client))
            }
            #expect(try await vendorCount(client) == 2)
        }
    }

    @Test("merging an unknown vendor is refused with its id")
    func mergeUnknown() async throws {
        try await withFreshDatabase { client, _ in
            let vendor = try await register("株式会社ABCシステム", in: client)
            await #expect(throws: VendorError.notFound(vendor.id + 1)) {
                try await VendorRepository(client: client, logger: logger)
                    .merge(vendor.id + 1, into: vendor.id, by: try await admin(client))
            }
        }
    }

    // MARK: Searching

    @Test("a typo, a part of the name, another spelling and the reading all find the vendor")
    func fuzzySearch() async throws {
        try await withFreshDatabase { client, _ in
            let vendors = VendorRepository(client: client, logger: logger)
            let vendor = try await register("株式会社ＡＢＣシステム", kana: "エービーシーシステム", in: client)
            _ = try await register("富士通株式会社", in: client)
            for query in ["ABCシステム", "ABCシステン", "ABC", "abc しすてむ", "えーびーしー"] {
                #expect(try await vendors.search(query, limit: 10).map(\.id) == [vendor.id], "\(query)")
            }
        }
    }

    @Test("a typo in a name of kanji still finds it")
    func kanjiTypo() async throws {
        try await withFreshDatabase { client, _ in
            let vendor = try await register("富士通株式会社", in: client)
            let found = try await VendorRepository(client: client, logger: logger).search("富士痛", limit: 10)
            #expect(found.map(\.id) == [vendor.id])
        }
    }

    @Test("an alias finds its vendor")
    func searchByAlias() async throws {
        try await withFreshDatabase { client, _ in
            let vendor = try await register("株式会社ABCシステム", in: client)
            let merged = try await register("エービーシー・ソリューションズ", in: client)
            let vendors = VendorRepository(client: client, logger: logger)
            _ = try await vendors.merge(merged.id, into: vendor.id, by: try await admin(client))
            #expect(try await vendors.search("エービーシーソリューション", limit: 10).map(\.id) == [vendor.id])
        }
    }

    @Test("the closest name comes first, and a name sharing only a common word is not found")
    func searchRanking() async throws {
        try await withFreshDatabase { client, _ in
            let longer = try await register("ABCシステムズ株式会社", in: client)
            let exact = try await register("株式会社ABCシステム", in: client)
            _ = try await register("XYZシステム株式会社", in: client)
            let found = try await VendorRepository(client: client, logger: logger).search("ABCシステム", limit: 10)
            #expect(found.map(\.id) == [exact.id, longer.id])
        }
    }

    @Test("the trigram indexes serve the search")
    func searchUsesIndexes() async throws {
        try await withFreshDatabase { client, _ in
            _ = try await register("株式会社ABCシステム", in: client)
            let plan = try await client.withTransaction(logger: logger) { connection in
                // On a table this small a sequential scan is cheaper; forbid it to see the index can serve.
                try await connection.query("SET LOCAL enable_seqscan = off", logger: logger)
                let rows = try await connection.query(
                    """
                    EXPLAIN SELECT id FROM vendors WHERE 'abc' <% name_key
                    UNION ALL SELECT id FROM vendors WHERE 'abc' <% kana
                    UNION ALL SELECT vendor_id FROM vendor_aliases WHERE 'abc' <% name_key
                    """,
                    logger: logger)
                var lines: [String] = []
                for try await line in rows.decode(String.self) { lines.append(line) }
                return lines.joined(separator: "\n")
            }
            for index in ["vendors_name_key_trgm_idx", "vendors_kana_trgm_idx", "vendor_aliases_name_key_trgm_idx"] {
                #expect(plan.contains(index), "\(index) in\n\(plan)")
            }
        }
    }

    @Test("without a search, pages of vendors follow each other in id order without gaps or repeats")
    func pagination() async throws {
        try await withFreshDatabase { client, _ in
            let vendors = VendorRepository(client: client, logger: logger)
            var registered: [Int64] = []
            for number in 1...5 { registered.append(try await register("ベンダー\(number)号", in: client).id) }
            var listed: [Int64] = []
            var cursor: String?
            repeat {
                let page = try await vendors.list(page: try PageRequest(limit: 2, cursor: cursor))
                listed += page.items.map(\.id)
                cursor = page.nextCursor
            } while cursor != nil
            #expect(listed == registered)
        }
    }
}
