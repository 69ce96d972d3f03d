import Foundation
import PostgresNIO
import ProcureTestSupport
import Testing

@testable import Ledger

@Suite("case policy")
struct CasePolicyTests {
    @Test("the workflow: open → negotiating → agreed | failed → closed; open | negotiating → withdrawn")
    func transitions() {
        let moves = Dictionary(
            uniqueKeysWithValues: CaseStatus.allCases.map { ($0, CasePolicy.allowedTransitions(from: $0)) })
        #expect(moves[.open] == [.negotiating, .withdrawn])
        #expect(moves[.negotiating] == [.agreed, .failed, .withdrawn])
        #expect(moves[.agreed] == [.closed])
        #expect(moves[.failed] == [.closed])
        #expect(moves[.closed] == [])
        #expect(moves[.withdrawn] == [])
    }

    @Test("an admin acts as any lead and for any municipality; a member only as and for its own")
    func roles() throws {
        let utazu = try MunicipalityCode("373869")
        let hashima = try MunicipalityCode("212091")
        let member = Principal(tokenID: 1, name: "保健センター", role: .member(utazu))
        let admin = Principal(tokenID: 2, name: "事務局", role: .admin)
        #expect(CasePolicy.actsAsLead(member, lead: utazu) && !CasePolicy.actsAsLead(member, lead: hashima))
        #expect(CasePolicy.actsFor(member, municipality: utazu) && !CasePolicy.actsFor(member, municipality: hashima))
        #expect(CasePolicy.actsAsLead(admin, lead: hashima) && CasePolicy.actsFor(admin, municipality: hashima))
    }
}

@Suite("case register in the database")
struct CaseRepositoryTests {
    let logger = TestDatabase.logger

    /// A case of 宇多津町 with a vendor, written as a real token, and its id.
    private func opened(_ client: PostgresClient) async throws -> (CaseRepository, Principal, Int64) {
        let tokens = TokenRepository(client: client, logger: logger)
        let utazu = try MunicipalityCode("373869")
        let record = try await tokens.create(name: "保健センター", role: .member(utazu)).record
        let principal = Principal(tokenID: record.id, name: "保健センター", role: .member(utazu))
        let vendor = try await VendorRepository(client: client, logger: logger).create(
            try NewVendor(name: "株式会社サンプル予約システムズ"))
        let cases = CaseRepository(client: client, logger: logger)
        let negotiation = try await cases.open(
            CaseDraft(vendorID: vendor.id, categoryCode: "reservation_system", title: "共同交渉"), by: principal)
        return (cases, principal, negotiation.id)
    }

    @Test("the database holds one participant row per case and municipality, with known statuses only")
    func participantConstraints() async throws {
        try await withFreshDatabase { client, _ in
            let (_, _, id) = try await opened(client)
            await #expect(throws: PSQLError.self) {
                try await client.query(
                    "INSERT INTO case_participants (case_id, municipality_code, status) VALUES (\(id), '373869', 'invited')",
                    logger: logger)
            }
            await #expect(throws: PSQLError.self) {
                try await client.query(
                    "INSERT INTO case_participants (case_id, municipality_code, status) VALUES (\(id), '212091', 'maybe')",
                    logger: logger)
            }
            await #expect(throws: PSQLError.self) {
                try await client.query("UPDATE cases SET status = 'paused' WHERE id = \(id)", logger: logger)
            }
        }
    }

    @Test("a refused change writes nothing: no status, no timeline entry, no new version")
    func atomicRefusal() async throws {
        try await withFreshDatabase { client, _ in
            let (cases, principal, id) = try await opened(client)
            await #expect(throws: CaseError.self) {
                try await cases.move(id, to: .negotiating, expectedVersion: 1, by: principal)
            }
            let after = try #require(try await cases.find(id))
            #expect(after.status == .open && after.version == 1)
            let page = try #require(
                try await cases.timeline(of: id, page: PageRequest(limit: nil, cursor: nil), reader: principal))
            #expect(page.items.map(\.kind) == [.opened])
        }
    }

    @Test("a deadline set must not have passed; a deadline kept as it was may have")
    func deadlines() async throws {
        try await withFreshDatabase { client, _ in
            let (opening, principal, id) = try await opened(client)
            let vendorID = try #require(try await opening.find(id)).vendor.id
            let today = try #require(BusinessDate("2026-12-07"))
            let cases = CaseRepository(client: client, logger: logger, today: { today })
            let yesterday = try #require(BusinessDate("2026-12-06"))
            var draft = CaseDraft(vendorID: vendorID, categoryCode: "reservation_system", title: "期限切れ")
            draft.responseDeadline = yesterday
            await #expect(
                throws: CaseError.invalid(
                    "invalid_case", field: "responseDeadline", LedgerText.deadlinePassed(yesterday, today: today))
            ) {
                try await cases.open(draft, by: principal)
            }
            draft.responseDeadline = today
            let dueToday = try await cases.open(draft, by: principal)
            #expect(dueToday.responseDeadline == today)

            // The day after, the deadline has passed; the lead may still change the title, not
            // set another deadline in the past.
            let tomorrow = try #require(BusinessDate("2026-12-08"))
            let later = CaseRepository(client: client, logger: logger, today: { tomorrow })
            var details = CaseDetails(
                title: "期限切れ（改題）", product: dueToday.product, description: dueToday.description,
                target: dueToday.target, responseDeadline: dueToday.responseDeadline)
            let renamed = try await later.update(dueToday.id, with: details, expectedVersion: 1, by: principal)
            #expect(renamed.title == "期限切れ（改題）" && renamed.responseDeadline == today)
            details.responseDeadline = yesterday
            await #expect(throws: CaseError.self) {
                try await later.update(dueToday.id, with: details, expectedVersion: renamed.version, by: principal)
            }
        }
    }
}
