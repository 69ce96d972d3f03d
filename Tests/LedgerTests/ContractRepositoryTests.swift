import Foundation
import PostgresNIO
import ProcureTestSupport
import Testing

@testable import Ledger

@Suite("contract register")
struct ContractRepositoryTests {
    let logger = TestDatabase.logger

    private func draft(
        _ title: String = "予約システム", amount: Int64 = 1_200_000, billing: BillingBasis = .annual,
        start: String = "2024-04-01", end: String = "2025-03-31", vendor: String = "株式会社ABCシステム"
    ) throws -> ContractDraft {
        ContractDraft(
            vendor: VendorReference(name: vendor), categoryCode: "reservation_system", title: title, amount: amount,
            taxIncluded: true, billingBasis: billing, startDate: try #require(BusinessDate(start)),
            endDate: try #require(BusinessDate(end)), contractMethod: .negotiated)
    }

    /// The history trigger reads the actor's token id; tests write as a real token.
    private func member(_ client: PostgresClient) async throws -> Principal {
        let tokens = TokenRepository(client: client, logger: logger)
        let record = try await tokens.create(name: "保健センター", role: .member(try MunicipalityCode("373869"))).record
        return Principal(tokenID: record.id, name: "保健センター", role: .member(try MunicipalityCode("373869")))
    }

    @Test("two changes based on the same version: exactly one wins, the other is a version mismatch")
    func concurrentChanges() async throws {
        try await withFreshDatabase { client, _ in
            let contracts = ContractRepository(client: client, logger: logger)
            let principal = try await member(client)
            let contract = try await contracts.create(try draft(), municipality: nil, by: principal)
            let amounts: [Int64] = [1, 2]
            let outcomes: [Bool] = try await withThrowingTaskGroup(of: Bool.self) { group in
                for amount in amounts {
                    let changed = try draft(amount: amount)
                    group.addTask {
                        do {
                            _ = try await contracts.replace(
                                contract.id, with: changed, municipality: nil, expectedVersion: 1, by: principal)
                            return true
                        } catch ContractWriteError.versionMismatch {
                            return false
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            #expect(outcomes.count == 2)
            #expect(try await contracts.find(contract.id)?.version == 2)
        }
    }

    @Test("a contract naming a new vendor registers it; a refused contract leaves no vendor behind")
    func vendorInSameTransaction() async throws {
        try await withFreshDatabase { client, _ in
            let contracts = ContractRepository(client: client, logger: logger)
            let principal = try await member(client)
            var refused = try draft(vendor: "株式会社まぼろし")
            refused.externalReference = "R6-1"
            _ = try await contracts.create(refused, municipality: nil, by: principal)
            refused.vendor = VendorReference(name: "合同会社いちどきり")
            await #expect(throws: ContractWriteError.self) {
                try await contracts.create(refused, municipality: nil, by: principal)
            }
            let rows = try await client.query("SELECT name FROM vendors ORDER BY id", logger: logger)
            var names: [String] = []
            for try await name in rows.decode(String.self) { names.append(name) }
            #expect(names == ["株式会社まぼろし"])
        }
    }

    @Test("amounts are annualised by billing basis, so prices on different bases compare")
    func annualisedAmount() async throws {
        try await withFreshDatabase { client, _ in
            let contracts = ContractRepository(client: client, logger: logger)
            let principal = try await member(client)
            let monthly = try await contracts.create(
                try draft(amount: 100_000, billing: .monthly), municipality: nil, by: principal)
            let twoYearsOnce = try await contracts.create(
                try draft(amount: 2_000_000, billing: .oneTime, start: "2024-04-01", end: "2026-03-31"),
                municipality: nil, by: principal)
            let shortOnce = try await contracts.create(
                try draft(amount: 500_000, billing: .oneTime, start: "2024-04-01", end: "2024-06-30"),
                municipality: nil, by: principal)
            #expect(monthly.annualAmount == 1_200_000)
            #expect(twoYearsOnce.annualAmount == 1_000_000)
            #expect(shortOnce.annualAmount == 500_000)
        }
    }

    @Test(
        "a one-time contract over whole months is annualised by months, so 29 February costs nothing; other terms by days"
    )
    func annualisedByMonths() async throws {
        try await withFreshDatabase { client, _ in
            let contracts = ContractRepository(client: client, logger: logger)
            let principal = try await member(client)
            func once(_ start: String, _ end: String, _ title: String) async throws -> Contract {
                try await contracts.create(
                    try draft(title, amount: 3_600_000, billing: .oneTime, start: start, end: end), municipality: nil,
                    by: principal)
            }
            // 36 months with 29 February 2024 in them (1,096 days): by days it would be ¥1,198,905.
            #expect(try await once("2023-04-01", "2026-03-31", "三年").annualAmount == 1_200_000)
            // 36 months without a leap day (1,095 days) comes to the same.
            #expect(try await once("2024-04-01", "2027-03-31", "三年・閏日なし").annualAmount == 1_200_000)
            // Whole months need not start on the 1st: 15 April to 14 April is 12 months.
            #expect(try await once("2024-04-15", "2025-04-14", "四月十五日から").annualAmount == 3_600_000)
            // 18 months.
            #expect(try await once("2024-04-01", "2025-09-30", "十八か月").annualAmount == 2_400_000)
            // Not whole months (10 April … 30 June next year, 447 days): by days.
            #expect(try await once("2024-04-10", "2025-06-30", "日割り").annualAmount == 3_600_000 * 365 / 447)
            // Under a year counts as a year, by months or by days.
            #expect(try await once("2024-04-01", "2024-09-30", "半年").annualAmount == 3_600_000)
            #expect(try await once("2024-04-10", "2024-05-20", "四十一日").annualAmount == 3_600_000)

            // One owner: both generated columns come from annualised_amount().
            let rows = try await client.query(
                """
                SELECT count(*) FROM contracts
                WHERE annual_amount <> annualised_amount(amount, billing_basis, start_date, end_date)
                   OR tax_included_annual_amount
                      <> tax_included_amount(annualised_amount(amount, billing_basis, start_date, end_date),
                                             tax_included, start_date)
                """)
            for try await count in rows.decode(Int64.self) { #expect(count == 0) }
        }
    }

    @Test("a contract starting in March belongs to the previous fiscal year")
    func fiscalYear() async throws {
        try await withFreshDatabase { client, _ in
            let contracts = ContractRepository(client: client, logger: logger)
            let principal = try await member(client)
            let march = try await contracts.create(
                try draft(start: "2025-03-31", end: "2025-03-31"), municipality: nil, by: principal)
            let april = try await contracts.create(
                try draft(start: "2025-04-01", end: "2025-04-30"), municipality: nil, by: principal)
            #expect(march.fiscalYear == 2024)
            #expect(april.fiscalYear == 2025)
        }
    }

    @Test("a history diff lists only the changed fields, by their API names, and no bookkeeping")
    func historyDiff() throws {
        let before =
            #"{"id": 1, "amount": 1200000, "tax_included": true, "notes": null, "version": 1, "annual_amount": 1200000}"#
        let after =
            #"{"id": 1, "amount": 1000000, "tax_included": true, "notes": "値下げ", "version": 2, "annual_amount": 1000000}"#
        #expect(
            try ContractRepository.changes(before: before, after: after) == [
                ContractFieldChange(field: "amount", before: "1200000", after: "1000000"),
                ContractFieldChange(field: "notes", before: nil, after: "値下げ"),
            ])
    }

    @Test("a column the history does not know yet still shows, under its camel-case name")
    func historyDiffOfNewColumn() throws {
        let changes = try ContractRepository.changes(before: nil, after: #"{"delivery_place": "役場"}"#)
        #expect(changes == [ContractFieldChange(field: "deliveryPlace", before: nil, after: "役場")])
    }

    @Test("each listing filter is answered from an index, not by reading every contract")
    func listingUsesIndexes() async throws {
        try await withFreshDatabase { client, _ in
            let contracts = ContractRepository(client: client, logger: logger)
            let principal = try await member(client)
            // One contract each filter below selects, among 6,000 that none of them does: other
            // prefectures than 香川 (37), another vendor and category, later years.
            let needle = try await contracts.create(
                try draft(start: "2014-04-01", end: "2014-12-31"), municipality: nil, by: principal)
            try await client.query(
                """
                WITH vendor AS (
                    INSERT INTO vendors (name, name_key) VALUES ('大量納入', 'bulk') RETURNING id),
                places AS (
                    SELECT code, row_number() OVER (ORDER BY code) - 1 AS n FROM municipalities
                    WHERE prefecture_code <> '37')
                INSERT INTO contracts (municipality_code, vendor_id, category_code, title, amount, tax_included,
                                       billing_basis, start_date, end_date, contract_method)
                SELECT places.code, vendor.id, 'other', 'bulk ' || i, i * 1000, true, 'annual',
                       date '2015-04-01' + (i % 3650), date '2015-04-01' + (i % 3650) + 364, 'other'
                FROM generate_series(1, 6000) AS i
                CROSS JOIN vendor
                JOIN places ON places.n = i % 1700
                """,
                logger: logger)
            try await client.query("ANALYZE", logger: logger)
            let filters: [(filter: ContractFilter, indexed: String)] = [
                (ContractFilter(municipality: try MunicipalityCode("373869")), "municipality_code ="),
                (ContractFilter(prefectureCode: "37"), "prefecture_code ="),
                (ContractFilter(vendorID: needle.vendor.id), "vendor_id ="),
                (ContractFilter(categoryCode: "reservation_system"), "category_code ="),
                (ContractFilter(fiscalYear: 2014), "fiscal_year ="),
                (ContractFilter(endsBefore: BusinessDate("2015-01-01")), "end_date <"),
            ]
            for (filter, indexed) in filters {
                let listed = try await contracts.list(filter, page: try PageRequest(limit: 50, cursor: nil))
                #expect(listed.items.map(\.id) == [needle.id], "\(filter)")

                let query = ContractRepository.listQuery(filter, after: 0, limit: 51)
                let rows = try await client.query(
                    PostgresQuery(unsafeSQL: "EXPLAIN " + query.sql, binds: query.binds), logger: logger)
                var plan: [String] = []
                for try await line in rows.decode(String.self) { plan.append(line) }
                #expect(
                    plan.contains { $0.contains("Index Cond") && $0.contains(indexed) },
                    "\(filter):\n\(plan.joined(separator: "\n"))")
            }
        }
    }
}
