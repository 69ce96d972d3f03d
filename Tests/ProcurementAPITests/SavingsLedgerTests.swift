import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import PostgresNIO
import ProcureTestSupport
import ProcurementAPI
import ProcurementClient
import Testing

@Suite("savings ledger: append-only, hash chain, reports")
struct SavingsLedgerTests {
    /// Runs SQL as psql would, returning the error PostgreSQL gives, if any.
    static func run(_ sql: String, on database: PostgresClient) async -> PSQLError? {
        do {
            try await database.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger)
            return nil
        } catch let error as PSQLError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test("UPDATE, DELETE and TRUNCATE issued directly in SQL are refused by the database")
    func appendOnly() async throws {
        try await withCaseWorld { world in
            let agreed = try await world.caseIn("agreed", years: 2027...2049)
            let entry = try await world.recorded(agreed.id, world.newEntry())
            for sql in [
                "UPDATE savings_entries SET negotiated_amount = 0 WHERE id = \(entry.id)",
                "DELETE FROM savings_entries WHERE id = \(entry.id)",
                "TRUNCATE savings_entries CASCADE",
            ] {
                let error = await Self.run(sql, on: world.database)
                #expect(error?.serverInfo?[.sqlState] == "23001", "\(sql)")
                #expect(error?.serverInfo?[.message]?.contains("append-only") == true, "\(sql)")
            }
            let entries = try await world.entries()
            #expect(entries.count == 1 && entries.first?.negotiatedAmount == 990_000)
        }
    }

    @Test("the database refuses a second reversal and a reversal of a reversal even without the API")
    func reversalConstraints() async throws {
        try await withCaseWorld { world in
            let agreed = try await world.caseIn("agreed", years: 2027...2049)
            let entry = try await world.recorded(agreed.id, world.newEntry())
            let reversal = try await world.reverse(entry.id).decode(CaseWorld.Entry.self)
            func reversing(_ id: String) -> String {
                """
                INSERT INTO savings_entries (case_id, municipality_code, fiscal_year, effective_date, baseline_amount,
                    negotiated_amount, tax_included, reverses_id, reason, recorded_by_name)
                SELECT case_id, municipality_code, fiscal_year, effective_date, baseline_amount, negotiated_amount,
                    tax_included, id, 'again', 'psql' FROM savings_entries WHERE id = \(id)
                """
            }
            let second = await Self.run(reversing(entry.id), on: world.database)
            #expect(second?.serverInfo?[.sqlState] == "23505")
            let ofReversal = await Self.run(reversing(reversal.id), on: world.database)
            #expect(ofReversal?.serverInfo?[.message]?.contains("cannot be reversed") == true)
            let wrongYear = await Self.run(
                """
                INSERT INTO savings_entries (case_id, municipality_code, fiscal_year, effective_date, baseline_amount,
                    negotiated_amount, tax_included, recorded_by_name)
                VALUES (\(agreed.id), '373869', 2022, '2022-03-31', 1, 0, true, 'psql')
                """, on: world.database)
            #expect(wrongYear?.serverInfo?[.constraintName] == "savings_entries_fiscal_year_of_date")
        }
    }

    @Test("verify is OK on an intact chain and names the first entry altered with the trigger disabled")
    func tamperEvidence() async throws {
        try await withCaseWorld { world in
            let agreed = try await world.caseIn("agreed", years: 2027...2049)
            var ids: [String] = []
            for year in 2027...2030 {
                ids.append(try await world.recorded(agreed.id, world.newEntry(date: "\(year)-06-01")).id)
            }
            ids.append(try await world.reverse(ids[1]).decode(CaseWorld.Entry.self).id)
            let intact = try await world.verify()
            #expect(intact.ok && intact.entries == 5 && intact.firstMismatch == nil)
            for sql in [
                "ALTER TABLE savings_entries DISABLE TRIGGER savings_entries_append_only",
                "UPDATE savings_entries SET negotiated_amount = 900000 WHERE id = \(ids[2])",
                "ALTER TABLE savings_entries ENABLE TRIGGER savings_entries_append_only",
            ] {
                let error = await Self.run(sql, on: world.database)
                #expect(error == nil, "\(sql): \(String(reflecting: error))")
            }
            let tampered = try await world.verify()
            #expect(!tampered.ok)
            #expect(tampered.firstMismatch?.entryId == ids[2])
            #expect(tampered.firstMismatch?.storedHash != tampered.firstMismatch?.computedHash)
        }
    }

    @Test("an entry's stated reason is in its hash: changed behind the ledger's back, verify names the entry")
    func reasonInHash() async throws {
        try await withCaseWorld { world in
            let agreed = try await world.caseIn("agreed")
            let explained = try await world.recorded(
                agreed.id, world.newEntry(negotiated: 909_000, reason: "年度途中の値下げ"))
            #expect(try await world.verify().firstMismatch == nil)
            for sql in [
                "ALTER TABLE savings_entries DISABLE TRIGGER savings_entries_append_only",
                "UPDATE savings_entries SET reason = '別の理由' WHERE id = \(explained.id)",
                "ALTER TABLE savings_entries ENABLE TRIGGER savings_entries_append_only",
            ] {
                let error = await Self.run(sql, on: world.database)
                #expect(error == nil, "\(sql): \(String(reflecting: error))")
            }
            #expect(try await world.verify().firstMismatch?.entryId == explained.id)
        }
    }

    @Test("verify notices an entry deleted with the triggers disabled: its chain row names it")
    func deletionEvidence() async throws {
        try await withCaseWorld { world in
            let ids = try await Self.recordThree(world)
            try await Self.runAll(
                [
                    "ALTER TABLE savings_entries DISABLE TRIGGER savings_entries_append_only",
                    "DELETE FROM idempotency_keys WHERE entry_id = \(ids[1])",
                    "DELETE FROM savings_entries WHERE id = \(ids[1])",
                    "ALTER TABLE savings_entries ENABLE TRIGGER savings_entries_append_only",
                ], on: world.database)
            let result = try await world.verify()
            #expect(!result.ok)
            #expect(result.firstMismatch?.entryId == ids[1])
            #expect(result.firstMismatch?.chainPosition == 2)
        }
    }

    @Test("verify notices an entry deleted together with its chain row: the next entry no longer links")
    func deletionFromBothEvidence() async throws {
        try await withCaseWorld { world in
            let ids = try await Self.recordThree(world)
            try await Self.runAll(
                [
                    "ALTER TABLE savings_entries DISABLE TRIGGER savings_entries_append_only",
                    "ALTER TABLE savings_chain DISABLE TRIGGER savings_chain_append_only",
                    "DELETE FROM idempotency_keys WHERE entry_id = \(ids[1])",
                    "DELETE FROM savings_entries WHERE id = \(ids[1])",
                    "DELETE FROM savings_chain WHERE entry_id = \(ids[1])",
                    "ALTER TABLE savings_chain ENABLE TRIGGER savings_chain_append_only",
                    "ALTER TABLE savings_entries ENABLE TRIGGER savings_entries_append_only",
                ], on: world.database)
            let result = try await world.verify()
            #expect(!result.ok)
            #expect(result.firstMismatch?.entryId == ids[2])
        }
    }

    @Test("verify notices an entry written with the triggers disabled: it is not in the chain")
    func unchainedEvidence() async throws {
        try await withCaseWorld { world in
            let ids = try await Self.recordThree(world)
            try await Self.runAll(
                [
                    "ALTER TABLE savings_entries DISABLE TRIGGER savings_entries_chain",
                    """
                    INSERT INTO savings_entries (case_id, municipality_code, fiscal_year, effective_date, baseline_amount,
                        negotiated_amount, tax_included, reverses_id, reason, recorded_by_name)
                    SELECT case_id, municipality_code, fiscal_year, effective_date, baseline_amount, negotiated_amount,
                        tax_included, id, 'quietly', 'psql' FROM savings_entries WHERE id = \(ids[0])
                    """,
                    "ALTER TABLE savings_entries ENABLE TRIGGER savings_entries_chain",
                ], on: world.database)
            let result = try await world.verify()
            #expect(!result.ok)
            #expect(result.entries == 3)
            #expect(result.firstMismatch != nil && result.firstMismatch?.chainPosition == nil)
            #expect(result.firstMismatch.map { !ids.contains($0.entryId) } == true)
        }
    }

    @Test("the chain seals entries recorded side by side, each exactly once and in one unbroken order")
    func concurrentSealing() async throws {
        try await withCaseWorld { world in
            let agreed = try await world.caseIn("agreed", years: 2027...2049)
            let entries = try await withThrowingTaskGroup(of: CaseWorld.Entry.self) { group in
                for year in 2027...2046 {
                    group.addTask { try await world.recorded(agreed.id, world.newEntry(date: "\(year)-06-01")) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(entries.compactMap(\.chainPosition)) == Set(1...20))
            let verified = try await world.verify()
            #expect(verified.ok && verified.entries == 20)
        }
    }

    static func recordThree(_ world: CaseWorld) async throws -> [String] {
        let agreed = try await world.caseIn("agreed", years: 2027...2049)
        var ids: [String] = []
        for year in 2027...2029 {
            ids.append(try await world.recorded(agreed.id, world.newEntry(date: "\(year)-06-01")).id)
        }
        return ids
    }

    static func runAll(_ statements: [String], on database: PostgresClient) async throws {
        for sql in statements {
            let error = await run(sql, on: database)
            #expect(error == nil, "\(sql): \(String(reflecting: error))")
        }
    }

    @Test("fiscal-year report matches a hand computation, nets reversals out, and comes as CSV too")
    func fiscalYearReport() async throws {
        try await withCaseWorld { world in
            let agreed = try await world.caseIn("agreed", years: 2027...2049)
            // FY2027: 宇多津町 1,100,000 → 990,000 (110,000); 羽島市 1,155,000 → 1,039,500 (115,500).
            // FY2028: 宇多津町 110,000, recorded once wrongly (200,000) and reversed.
            try await world.recorded(agreed.id, world.newEntry(date: "2028-03-31"))
            try await world.recorded(
                agreed.id,
                world.newEntry(
                    CaseWorld.hashimaCode, date: "2027-04-01", baseline: 1_155_000,
                    negotiated: 1_039_500, reason: "基準額は改修前の見積額"), token: world.hashima)
            let wrong = try await world.recorded(
                agreed.id, world.newEntry(date: "2028-04-01", negotiated: 900_000, reason: "値引き"))
            #expect(try await world.reverse(wrong.id).status == .created)
            try await world.recorded(agreed.id, world.newEntry(date: "2028-04-01"))
            let report = try await world.report("groupBy=fiscalYear")
            #expect(report.groups.map(\.key) == ["2027", "2028"])
            #expect(report.groups[0].totals.baseline == 2_255_000)
            #expect(report.groups[0].totals.negotiated == 2_029_500)
            #expect(report.groups[0].totals.savings == 225_500)
            #expect(report.groups[0].totals.savingsRate == 0.1)
            #expect(report.groups[1].totals.savings == 110_000 && report.groups[1].totals.entries == 1)
            #expect(report.total.savings == 335_500 && report.total.baseline == 3_355_000)
            let only2028 = try await world.report("groupBy=municipality&fromFiscalYear=2028")
            #expect(only2028.groups.map(\.label) == ["宇多津町"])
            var headers: HTTPFields = [.authorization: "Bearer \(world.utazu)"]
            headers[.accept] = "text/csv"
            let csv = try await world.client.execute(
                uri: "/reports/savings?groupBy=fiscalYear", method: .get, headers: headers, body: nil)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(
                csv.text
                    == "fiscalYear,label,baseline,negotiated,savings,savings_rate,entries\r\n"
                    + "2027,2027,2255000,2029500,225500,0.1,2\r\n2028,2028,1100000,990000,110000,0.1,1\r\n"
                    + "total,合計,3355000,3019500,335500,0.1,3\r\n")
        }
    }

    @Test("a municipality's statement lists its entries and reversals in order with a running total")
    func statement() async throws {
        try await withCaseWorld { world in
            let agreed = try await world.caseIn("agreed", years: 2027...2049)
            let wrong = try await world.recorded(agreed.id, world.newEntry(negotiated: 900_000, reason: "値引き"))
            #expect(try await world.reverse(wrong.id).status == .created)
            try await world.recorded(agreed.id, world.newEntry())
            try await world.recorded(
                agreed.id,
                world.newEntry(
                    CaseWorld.hashimaCode, baseline: 1_155_000, negotiated: 1_039_500, reason: "基準額は改修前の見積額"),
                token: world.hashima)
            let response = try await world.client.get(
                "/reports/savings/statement?municipality=373869", token: world.utazu)
            let statement = try response.decode(Components.Schemas.SavingsStatement.self)
            #expect(statement.lines.map(\.runningSavings) == [200_000, 0, 110_000])
            #expect(statement.lines[1].entry.reversesId == wrong.id)
            #expect(statement.totalSavings == 110_000)
        }
    }

    /// A small deterministic generator (SplitMix64), so a failing sequence can be replayed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test(
        "after random sequences of record, reverse and replay, every report's totals equal the live entries'",
        arguments: [UInt64(1), 2, 3])
    func randomSequences(seed: UInt64) async throws {
        try await withCaseWorld { world in
            var random = SplitMix(state: seed)
            let agreed = try await world.caseIn("agreed", years: 2027...2049)
            let tokens = [CaseWorld.utazuCode: world.utazu, CaseWorld.hashimaCode: world.hashima]
            // The model: live entries by id, and every key used with the body it was used for.
            var live: [String: CaseWorld.Entry] = [:]
            var reversed: Set<String> = []
            var sent: [(key: String, code: String, body: Components.Schemas.NewSavingsEntry, id: String)] = []
            for _ in 0..<30 {
                switch Int.random(in: 0..<10, using: &random) {
                case 0..<5:
                    let code = Bool.random(using: &random) ? CaseWorld.utazuCode : CaseWorld.hashimaCode
                    let year = Int.random(in: 2027...2031, using: &random)
                    let baseline = Int64.random(in: 0...5_000_000, using: &random)
                    let body = world.newEntry(
                        code, date: "\(year)-0\(Int.random(in: 4...9, using: &random))-01", baseline: baseline,
                        negotiated: Int64.random(in: 0...baseline, using: &random), reason: "無作為の額")
                    let key = UUID().uuidString
                    let response = try await world.record(agreed.id, body, key: key, token: tokens[code])
                    let taken = live.values.contains {
                        $0.municipality.code == code && $0.fiscalYear == Int32(year)
                    }
                    if taken {
                        #expect(try response.problem().code == "entry_exists")
                    } else {
                        try #require(response.status == .created, "\(response.text)")
                        let entry = try response.decode(CaseWorld.Entry.self)
                        live[entry.id] = entry
                        sent.append((key, code, body, entry.id))
                    }
                case 5..<8:
                    guard let id = live.keys.sorted().randomElement(using: &random) else { continue }
                    let response = try await world.reverse(id, token: world.admin)
                    try #require(response.status == .created, "\(response.text)")
                    live[id] = nil
                    reversed.insert(id)
                default:
                    guard let earlier = sent.randomElement(using: &random) else { continue }
                    let response = try await world.record(
                        agreed.id, earlier.body, key: earlier.key, token: tokens[earlier.code])
                    #expect(response.status == .created)
                    #expect(response.headers[.idempotentReplayed] == "true")
                    #expect(try response.decode(CaseWorld.Entry.self).id == earlier.id)
                }
            }
            let entries = live.values
            let savings = entries.reduce(0) { $0 + $1.savings }
            let baseline = entries.reduce(0) { $0 + $1.baselineAmount }
            let negotiated = entries.reduce(0) { $0 + $1.negotiatedAmount }
            for grouping in ["fiscalYear", "municipality", "prefecture", "vendor", "category", "case"] {
                let report = try await world.report("groupBy=\(grouping)")
                #expect(report.total.savings == savings, "\(grouping)")
                #expect(report.total.baseline == baseline, "\(grouping)")
                #expect(report.total.negotiated == negotiated, "\(grouping)")
                #expect(report.total.entries == Int64(entries.count), "\(grouping)")
                #expect(report.groups.reduce(0) { $0 + $1.totals.savings } == savings, "\(grouping)")
            }
            let byYear = try await world.report("groupBy=fiscalYear")
            for group in byYear.groups {
                let year = Int32(group.key)
                #expect(
                    group.totals.savings == entries.filter { $0.fiscalYear == year }.reduce(0) { $0 + $1.savings })
            }
            // The whole network by year is read from the totals the chain keeps; any filter sums
            // the ledger itself: both must say the same.
            let summed = try await world.report("groupBy=fiscalYear&fromFiscalYear=1989")
            #expect(summed == byYear)
            #expect(Set(byYear.groups.map(\.key)) == Set(entries.map { String($0.fiscalYear) }))
            let ledger = try await world.entries()
            #expect(ledger.count == live.count + 2 * reversed.count)
            #expect(try await world.verify().ok)
        }
    }
}
