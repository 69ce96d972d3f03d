import Foundation
import Ledger
import PostgresNIO
import ProcureTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `procure serve` killed with SIGKILL in the middle of a write load, and started again on the same
/// data directory: what the client was told is there exactly once, and the rest can be retried.
@Suite("crash recovery of procure serve", .serialized)
struct CrashRecoveryTests {
    /// The case's participants; each (municipality, fiscal year) is one possible entry.
    static let participants = ["373869", "212091", "163236", "121002"]
    static let workers = 8
    static let contractsPerWorker = 2
    /// Writes acknowledged in a round before the kill.
    static let acknowledgedBeforeKill = 60

    /// One savings entry asked for: its key and body, and the entry id if the answer came.
    struct SavingsWrite: Sendable {
        let key: String
        /// Which (municipality, fiscal year): see ``savingsEntry(_:)``.
        let slot: Int
        var acknowledgedID: String?
    }

    /// One contract change asked for, guarded by `version`; acknowledged if the answer came.
    struct ContractWrite: Sendable {
        let contractID: String
        let version: Int
        let amount: Int
        var acknowledged: Bool
    }

    /// What the load asked for and heard, shared by its workers.
    final class Journal: Sendable {
        private struct State {
            var savings: [SavingsWrite] = []
            var contracts: [ContractWrite] = []
            var nextSlot = 0
        }
        private let state = Mutex(State())

        /// The next (municipality, fiscal year) no request has asked for yet.
        func nextSlot() -> Int {
            state.withLock { state in
                defer { state.nextSlot += 1 }
                return state.nextSlot
            }
        }
        func add(_ write: SavingsWrite) { state.withLock { $0.savings.append(write) } }
        func add(_ write: ContractWrite) { state.withLock { $0.contracts.append(write) } }
        var savings: [SavingsWrite] { state.withLock { $0.savings } }
        var contracts: [ContractWrite] { state.withLock { $0.contracts } }
        var acknowledged: Int {
            state.withLock { state in
                state.savings.filter { $0.acknowledgedID != nil }.count + state.contracts.filter(\.acknowledged).count
            }
        }
    }

    /// How the server is killed in a round.
    enum Kill: String, CaseIterable, Sendable {
        /// SIGKILL procure and start again at once: its PostgreSQL is still running, orphaned.
        case serveOnly = "procure killed, restarted at once (orphaned postmaster)"
        /// SIGKILL procure and start again once its watchdog has stopped PostgreSQL.
        case serveThenWatchdog = "procure killed, restarted after the watchdog stopped PostgreSQL"
        /// SIGKILL procure and the postmaster: stale postmaster.pid and socket lock, backends
        /// left behind, crash recovery from the write-ahead log.
        case serveAndPostmaster = "procure and its postmaster killed (stale postmaster.pid)"
    }

    @Test(
        "after SIGKILL mid-load every acknowledged write is there once, retries with the same keys duplicate nothing, and the chain verifies"
    )
    func killedMidLoad() async throws {
        try await withTemporaryDataDirectory { directory in
            let procure = try ProcureBinary(environment: ["PROCURE_DATA_DIR": directory.dataDirectory.path])
            var server = try await ServeProcess.start(procure)
            // A failed check must not leave the server running once the test has ended.
            do {
                let admin = try await makeToken(procure, "--admin", "--name", "復旧試験")
                let caseID = try await withClusterClient(directory.dataDirectory) { try await Self.agreedCase($0) }
                var client = RecoveryClient(url: server.url, token: admin)
                var versions: [String: Int] = [:]
                for index in 0..<(Self.workers * Self.contractsPerWorker) {
                    let answer = await client.send("POST", "/contracts", json: Self.contract(index, amount: 1_000_000))
                    try #require(answer.status == 201, "\(answer.text)")
                    versions[try #require(answer.json?["id"] as? String)] = 1
                }
                let contractIDs = versions.keys.sorted()
                let journal = Journal()

                for kill in Kill.allCases {
                    let load = Task { [client, versions] in
                        await Self.writeLoad(
                            client, caseID: caseID, contracts: contractIDs, versions: versions, journal)
                    }
                    let before = journal.acknowledged
                    let deadline = ContinuousClock.now + .seconds(60)
                    while journal.acknowledged < before + Self.acknowledgedBeforeKill && ContinuousClock.now < deadline
                    {
                        try await Task.sleep(for: .milliseconds(5))
                    }
                    let postmaster = try #require(Self.postmasterPID(directory.dataDirectory))
                    await server.kill()
                    switch kill {
                    case .serveOnly:
                        break
                    case .serveThenWatchdog:
                        try await Self.waitUntilGone(postmaster)
                    case .serveAndPostmaster:
                        Glibc.kill(postmaster, SIGKILL)
                        try await Self.waitUntilGone(postmaster)
                    }
                    versions = await load.value
                    let inRound = journal.acknowledged - before

                    server = try await ServeProcess.start(procure)
                    client = RecoveryClient(url: server.url, token: admin)
                    let lost: Int
                    let duplicates: Int
                    do {
                        (lost, duplicates) = try await Self.check(
                            client, journal, caseID: caseID, dataDirectory: directory.dataDirectory, versions: &versions
                        )
                    } catch {
                        Issue.record("\(kill.rawValue): the restarted server logged:\n\(server.notices)")
                        throw error
                    }
                    report(
                        "\(kill.rawValue): \(inRound) writes acknowledged before the kill, "
                            + "\(journal.savings.count) savings entries and \(journal.contracts.count) contract changes "
                            + "asked for so far, \(lost) lost, \(duplicates) duplicated")
                    #expect(lost == 0)
                    #expect(duplicates == 0)
                }

                let verify = await client.send("GET", "/savings/verify")
                #expect(verify.status == 200, "\(verify.text)")
                #expect(verify.json?["ok"] as? Bool == true, "\(verify.text)")
                #expect((verify.json?["entries"] as? Int) == journal.savings.count)
            } catch {
                await server.kill()
                throw error
            }
            let stopped = await server.stop()
            #expect(stopped.status == 0, "\(stopped.standardError)")
        }
    }

    /// Writes until the server stops answering: each worker records a new savings entry, then
    /// changes one of its own contracts, and stops at its first request without an answer.
    /// Returns the contracts' versions as last acknowledged or asked for.
    static func writeLoad(
        _ client: RecoveryClient, caseID: String, contracts: [String], versions: [String: Int], _ journal: Journal
    ) async -> [String: Int] {
        await withTaskGroup(of: [String: Int].self) { group in
            for worker in 0..<workers {
                let own = Array(contracts[(worker * contractsPerWorker)..<((worker + 1) * contractsPerWorker)])
                group.addTask {
                    var versions = versions.filter { own.contains($0.key) }
                    var round = 0
                    while true {
                        let slot = journal.nextSlot()
                        var write = SavingsWrite(key: UUID().uuidString, slot: slot)
                        let answer = await client.send(
                            "POST", "/cases/\(caseID)/savings", json: savingsEntry(slot),
                            headers: ["Idempotency-Key": write.key])
                        write.acknowledgedID = answer.status == 201 ? answer.json?["id"] as? String : nil
                        journal.add(write)
                        guard write.acknowledgedID != nil else { break }

                        let id = own[round % own.count]
                        round += 1
                        let version = versions[id] ?? 1
                        // Never the amount the contract was recorded with: a change to the same value is no change.
                        let amount = 2_000_000 + slot
                        let change = await client.send(
                            "PUT", "/contracts/\(id)", json: contract(0, amount: amount),
                            headers: ["If-Match": "\"\(version)\""])
                        journal.add(
                            ContractWrite(
                                contractID: id, version: version, amount: amount, acknowledged: change.status == 200))
                        // Asked for, answered or not: the retry after the restart settles it.
                        versions[id] = version + 1
                        guard change.status == 200 else { break }
                    }
                    return versions
                }
            }
            var all: [String: Int] = [:]
            for await versions in group { all.merge(versions) { $1 } }
            return all
        }
    }

    /// Retries every write with its key (or its If-Match) and counts acknowledged writes that are
    /// missing and writes present more than once.
    static func check(
        _ client: RecoveryClient, _ journal: Journal, caseID: String, dataDirectory: URL,
        versions: inout [String: Int]
    ) async throws -> (lost: Int, duplicates: Int) {
        var lost = 0
        var entryIDs: [String] = []
        for write in journal.savings {
            let answer = await client.send(
                "POST", "/cases/\(caseID)/savings", json: savingsEntry(write.slot),
                headers: ["Idempotency-Key": write.key])
            try #require(answer.status == 201, "retry of \(write.key): \(answer.text)")
            let id = try #require(answer.json?["id"] as? String)
            if let acknowledged = write.acknowledgedID {
                #expect(answer.header("Idempotent-Replayed") == "true")
                if id != acknowledged {
                    lost += 1
                    report("lost: savings \(write.key) acknowledged as \(acknowledged), now \(id): \(answer.text)")
                }
            }
            entryIDs.append(id)
        }
        var duplicates = entryIDs.count - Set(entryIDs).count

        // Contract changes: the unanswered last change of each contract is retried with the same
        // If-Match; a 412 means it was applied before the kill.
        let unanswered = journal.contracts.filter { !$0.acknowledged }
        for write in unanswered {
            let answer = await client.send(
                "PUT", "/contracts/\(write.contractID)", json: contract(0, amount: write.amount),
                headers: ["If-Match": "\"\(write.version)\""])
            try #require(answer.status == 200 || answer.status == 412, "\(answer.text)")
        }
        let asked = Dictionary(grouping: journal.contracts, by: \.contractID)
        for (id, writes) in asked {
            let answer = await client.send("GET", "/contracts/\(id)")
            try #require(answer.status == 200, "\(answer.text)")
            let version = try #require(answer.json?["version"] as? Int)
            let amount = try #require(answer.json?["amount"] as? Int)
            // Version 1 plus one per change asked for: fewer is a lost change, more a duplicate.
            let last = writes.max(by: { $0.version < $1.version })
            if version != 1 + writes.count || amount != last?.amount {
                report(
                    "contract \(id): version \(version), amount \(amount) after \(writes.count) changes "
                        + "\(writes.map { "v\($0.version) ¥\($0.amount) \($0.acknowledged ? "ack" : "unanswered")" })")
            }
            if version < 1 + writes.count { lost += 1 }
            if version > 1 + writes.count { duplicates += 1 }
            if let last, amount != last.amount { lost += 1 }
            versions[id] = version
        }

        let stored = try await withClusterClient(dataDirectory) { database in
            try await count(
                "SELECT count(*) FROM savings_entries WHERE case_id = \(caseID)::bigint", database)
        }
        if stored > journal.savings.count { duplicates += stored - journal.savings.count }
        if stored < journal.savings.count { lost += journal.savings.count - stored }
        return (lost, duplicates)
    }

    // MARK: - The story's data

    /// A contract of 宇多津町 as the API takes it (recorded by an admin).
    static func contract(_ index: Int, amount: Int) -> [String: Any] {
        [
            "municipalityCode": "373869", "vendor": ["name": "株式会社ABCシステム"], "categoryCode": "reservation_system",
            "title": "予約システム保守", "amount": amount, "taxIncluded": true, "billingBasis": "annual",
            "startDate": "2024-04-01", "endDate": "2029-03-31", "contractMethod": "negotiated",
        ]
    }

    /// Entry `slot`: participant `slot % 4` in fiscal year 1989 + `slot / 4`, so no two slots ask
    /// for the same (municipality, fiscal year).
    static func savingsEntry(_ slot: Int) -> [String: Any] {
        [
            "municipalityCode": participants[slot % participants.count],
            "effectiveDate": "\(1989 + slot / participants.count)-06-01", "baselineAmount": 1_000_000,
            "negotiatedAmount": 900_000 - slot, "taxIncluded": true,
            // A figure of its own per slot, not the agreement's.
            "differsFromAgreement": true, "reason": "復旧試験の記録 \(slot)",
        ]
    }

    /// An agreed case of the participants covering fiscal years 1989–2200, made in SQL (as
    /// bench/savings does): the workflow that leads there has tests of its own.
    static func agreedCase(_ database: PostgresClient) async throws -> String {
        let logger = TestDatabase.logger
        let statements = [
            "INSERT INTO vendors (name, name_key) VALUES ('復旧試験システム株式会社', 'recovery-test-vendor')",
            """
            INSERT INTO cases (lead_municipality_code, vendor_id, category_code, title, status)
            SELECT '373869', id, 'reservation_system', '復旧試験', 'agreed' FROM vendors
            WHERE name_key = 'recovery-test-vendor'
            """,
            """
            INSERT INTO case_participants (case_id, municipality_code, status, baseline_annual_amount,
                                           baseline_tax_included)
            SELECT (SELECT max(id) FROM cases), code, 'active', 1000000, true FROM municipalities
            WHERE code IN ('\(participants.joined(separator: "', '"))')
            """,
            "INSERT INTO case_timeline (case_id, kind, actor_name) SELECT max(id), 'agreement', 'test' FROM cases",
            """
            INSERT INTO case_agreements (case_id, municipality_code, timeline_entry_id, annual_amount, tax_included,
                                         first_fiscal_year, last_fiscal_year)
            SELECT p.case_id, p.municipality_code, (SELECT max(id) FROM case_timeline), 900000, true, 1989, 2200
            FROM case_participants p WHERE p.case_id = (SELECT max(id) FROM cases)
            """,
        ]
        for statement in statements {
            try await database.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
        return String(try await count("SELECT max(id) FROM cases", database))
    }

    static func count(_ sql: String, _ database: PostgresClient) async throws -> Int {
        let rows = try await database.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger)
        for try await value in rows.decode(Int64.self) { return Int(value) }
        return 0
    }

    /// The postmaster's pid from `postmaster.pid`.
    static func postmasterPID(_ dataDirectory: URL) -> Int32? {
        let text = try? String(contentsOf: dataDirectory.appending(path: "postmaster.pid"), encoding: .utf8)
        return text?.split(separator: "\n").first.flatMap { Int32($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// Polls (bounded) until `pid` has exited.
    static func waitUntilGone(_ pid: Int32, timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        while Glibc.kill(pid, 0) == 0 && !isZombie(pid) {
            guard ContinuousClock.now < deadline else { throw ProcessFailure("process \(pid) still running") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    private static func isZombie(_ pid: Int32) -> Bool {
        ((try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? "").contains(") Z ")
    }
}
