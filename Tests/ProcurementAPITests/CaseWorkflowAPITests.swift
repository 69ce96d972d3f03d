import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import PostgresNIO
import ProcureTestSupport
import ProcurementAPI
import ProcurementClient
import Testing

@Suite("cases API: workflow")
struct CaseWorkflowAPITests {
    static let statuses = ["open", "negotiating", "agreed", "failed", "closed", "withdrawn"]

    /// The workflow of the issue: open → negotiating → agreed | failed → closed, and
    /// open | negotiating → withdrawn.
    static let allowed: [String: Set<String>] = [
        "open": ["negotiating", "withdrawn"],
        "negotiating": ["agreed", "failed", "withdrawn"],
        "agreed": ["closed"],
        "failed": ["closed"],
        "closed": [],
        "withdrawn": [],
    ]

    @Test(
        "from each status, exactly the workflow's moves are allowed; others are 409 naming the allowed ones",
        arguments: statuses)
    func transitions(from: String) async throws {
        try await withCaseWorld { world in
            for to in Self.statuses {
                let negotiation = try await world.caseIn(from)
                let agreement = to == "agreed" ? world.agreement() : nil
                let response = try await world.move(negotiation.id, to: to, agreement: agreement)
                if Self.allowed[from]?.contains(to) == true {
                    #expect(response.status == .ok, "\(from) → \(to): \(response.text)")
                    #expect(try response.decode(Components.Schemas.Case.self).status.rawValue == to)
                } else {
                    #expect(response.status == .conflict, "\(from) → \(to): \(response.text)")
                    let problem = try response.problem()
                    #expect(problem.code == "invalid_transition")
                    #expect(Set(problem.allowedTransitions ?? []) == Self.allowed[from], "\(from) → \(to)")
                }
            }
        }
    }

    @Test("negotiating needs at least two active participants: the lead alone, or with invitees only, may not")
    func twoParticipants() async throws {
        try await withCaseWorld { world in
            let opened = try await world.open()
            let alone = try await world.move(opened.id, to: "negotiating")
            #expect(alone.status == .conflict)
            #expect(try alone.problem().code == "not_enough_participants")
            try await world.acted(opened.id, CaseWorld.hashimaCode, "invite", token: world.utazu)
            try await world.acted(opened.id, CaseWorld.chibaCode, "join", token: world.chiba)
            let pending = try await world.move(opened.id, to: "negotiating")
            #expect(try pending.problem().code == "not_enough_participants")
            try await world.acted(opened.id, CaseWorld.hashimaCode, "accept", token: world.hashima)
            #expect(try await world.move(opened.id, to: "negotiating").status == .ok)
        }
    }

    @Test("only the lead or an admin moves a case: a participant and an outsider get 403")
    func onlyLeadMoves() async throws {
        try await withCaseWorld { world in
            let negotiating = try await world.caseIn("negotiating")
            for token in [world.hashima, world.takamatsu] {
                let response = try await world.move(negotiating.id, to: "failed", token: token)
                #expect(response.status == .forbidden)
                #expect(try response.problem().code == "forbidden")
            }
            #expect(try await world.move(negotiating.id, to: "failed", token: world.admin).status == .ok)
        }
    }

    @Test("moving a case needs If-Match (428), and a stale one is 412")
    func ifMatch() async throws {
        try await withCaseWorld { world in
            let negotiating = try await world.caseIn("negotiating")
            let missing = try await world.move(negotiating.id, to: "failed", ifMatch: "")
            #expect(missing.status == .preconditionRequired)
            #expect(try missing.problem().code == "if_match_required")
            let stale = try await world.move(negotiating.id, to: "failed", ifMatch: "\"1\"")
            #expect(stale.status == .preconditionFailed)
            #expect(try stale.problem().code == "version_mismatch")
            let (current, _) = try await world.get(negotiating.id)
            #expect(current.status == .negotiating)
        }
    }

    @Test("two conflicting moves from the same version: exactly one wins, the other gets 412")
    func concurrentMoves() async throws {
        try await withCaseWorld { world in
            let negotiating = try await world.caseIn("negotiating")
            let (_, eTag) = try await world.get(negotiating.id)
            async let failed = world.move(negotiating.id, to: "failed", ifMatch: eTag)
            async let withdrawn = world.move(negotiating.id, to: "withdrawn", ifMatch: eTag)
            let statuses = [try await failed.status, try await withdrawn.status]
            #expect(statuses.filter { $0 == .ok }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == .preconditionFailed }.count == 1, "\(statuses)")
            let (current, _) = try await world.get(negotiating.id)
            let changes = try await world.timeline(negotiating.id, token: world.utazu).items.filter {
                $0.kind == .statusChanged && $0.fromStatus == "negotiating"
            }
            #expect(changes.count == 1 && changes.first?.toStatus == current.status.rawValue)
        }
    }

    @Test("agreeing needs the agreement, with an amount for every active participant and nobody else")
    func agreementRules() async throws {
        try await withCaseWorld { world in
            let negotiating = try await world.caseIn("negotiating")
            let none = try await world.move(negotiating.id, to: "agreed")
            #expect(none.status == .unprocessableContent)
            #expect(try none.problem().code == "agreement_required")
            let missing = try await world.move(
                negotiating.id, to: "agreed", agreement: world.agreement([(CaseWorld.utazuCode, 990_000)]))
            #expect(missing.status == .unprocessableContent)
            let problem = try missing.problem()
            #expect(problem.code == "invalid_agreement")
            #expect(problem.detail?.contains("no agreed annual amount for 羽島市 (212091)") == true)
            let outsider = try await world.move(
                negotiating.id, to: "agreed",
                agreement: world.agreement([
                    (CaseWorld.utazuCode, 990_000), (CaseWorld.hashimaCode, 1_039_500), (CaseWorld.chibaCode, 1),
                ]))
            #expect(try outsider.problem().detail?.contains("千葉市 (121002) is not an active participant") == true)
            var backwards = world.agreement()
            backwards.lastFiscalYear = 2026
            let years = try await world.move(negotiating.id, to: "agreed", agreement: backwards)
            #expect(try years.problem().errors?.map(\.pointer) == ["/agreement/lastFiscalYear"])
            let agreement = try await world.move(negotiating.id, to: "failed", agreement: world.agreement())
            #expect(agreement.status == .unprocessableContent, "an agreement goes only with agreed")
            let (current, _) = try await world.get(negotiating.id)
            #expect(current.status == .negotiating && current.agreement == nil)
        }
    }

    @Test("agreeing needs every active participant's baseline; the lead restates its own, then agrees")
    func agreementNeedsBaselines() async throws {
        try await withCaseWorld { world in
            var body = world.newCase()
            body.baseline = nil
            let opened = try await world.client.send(.post, "/cases", json: body, token: world.utazu)
            try #require(opened.status == .created, "\(opened.text)")
            let id = try opened.decode(Components.Schemas.Case.self).id
            try await world.acted(id, CaseWorld.hashimaCode, "invite", token: world.utazu)
            try await world.acted(id, CaseWorld.hashimaCode, "accept", token: world.hashima)
            try await world.moved(id, to: "negotiating")
            let refused = try await world.move(id, to: "agreed", agreement: world.agreement())
            #expect(refused.status == .unprocessableContent)
            let problem = try refused.problem()
            #expect(problem.code == "invalid_agreement")
            #expect(problem.detail?.contains("宇多津町 (373869) stated no baseline") == true, "\(problem.detail ?? "")")

            // Only the municipality itself (or an admin) restates its baseline, and only while active.
            let foreign = try await world.act(
                id, CaseWorld.utazuCode, "restate", token: world.hashima,
                baseline: .init(annualAmount: 1_100_000, taxIncluded: true))
            #expect(foreign.status == .forbidden)
            let outsider = try await world.act(
                id, CaseWorld.chibaCode, "restate", token: world.chiba,
                baseline: .init(annualAmount: 1_100_000, taxIncluded: true))
            #expect(outsider.status == .conflict)
            #expect(try outsider.problem().code == "not_participant")
            let restated = try await world.client.send(
                .post, "/cases/\(id)/participants/\(CaseWorld.utazuCode)/restate",
                json: Components.Schemas.ParticipantChange(
                    baseline: .init(
                        annualAmount: 1_100_000, taxIncluded: true, contractId: world.contracts[CaseWorld.utazuCode])),
                token: world.utazu)
            #expect(restated.status == .ok, "\(restated.text)")
            let lead = try restated.decode(Components.Schemas.Case.self).participants.first { $0.lead }
            #expect(lead?.baseline?.annualAmount == 1_100_000 && lead?.status == .active)
            let agreed = try await world.moved(id, to: "agreed", agreement: world.agreement())
            #expect(agreed.status == .agreed)
        }
    }

    @Test("the agreement is stored per participant with its baseline and fiscal years, and is on the timeline")
    func agreement() async throws {
        try await withCaseWorld { world in
            let agreed = try await world.caseIn("agreed")
            #expect(agreed.status == .agreed)
            #expect(agreed.agreement?.firstFiscalYear == 2027 && agreed.agreement?.lastFiscalYear == 2029)
            #expect(agreed.agreement?.amounts.map(\.annualAmount) == [1_039_500, 990_000], "by municipality code")
            let rows = try await world.database.query(
                """
                SELECT municipality_code, annual_amount, baseline_annual_amount, first_fiscal_year, last_fiscal_year
                FROM case_agreements WHERE case_id = \(Int64(agreed.id) ?? 0) ORDER BY municipality_code
                """, logger: TestDatabase.logger)
            var stored: [String] = []
            for try await (code, amount, baseline, first, last) in rows.decode(
                (String, Int64, Int64?, Int32, Int32).self)
            {
                stored.append("\(code) \(amount) \(baseline.map(String.init) ?? "-") \(first)-\(last)")
            }
            #expect(stored == ["212091 1039500 1000000 2027-2029", "373869 990000 1100000 2027-2029"])
            let timeline = try await world.timeline(agreed.id, token: world.takamatsu).items
            let entry = try #require(timeline.last)
            #expect(entry.kind == .agreement && entry.agreement?.amounts.count == 2)
        }
    }

    @Test("the timeline and the agreement are append-only in the database")
    func appendOnly() async throws {
        try await withCaseWorld { world in
            let agreed = try await world.caseIn("agreed")
            let id = Int64(agreed.id) ?? 0
            for statement: PostgresQuery in [
                "UPDATE case_timeline SET body = 'rewritten' WHERE case_id = \(id)",
                "DELETE FROM case_timeline WHERE case_id = \(id)",
                "UPDATE case_agreements SET annual_amount = 0 WHERE case_id = \(id)",
                "DELETE FROM case_agreements WHERE case_id = \(id)",
            ] {
                await #expect(throws: PSQLError.self) {
                    try await world.database.query(statement, logger: TestDatabase.logger)
                }
            }
        }
    }
}

@Suite("cases API: vendor merges")
struct CaseVendorMergeAPITests {
    @Test("merging the case's vendor into another moves the case to the winner and changes its version")
    func merge() async throws {
        try await withCaseWorld { world in
            let opened = try await world.open()
            let winner = try await world.client.send(
                .post, "/vendors", json: Components.Schemas.NewVendor(name: "サンプル予約ホールディングス株式会社"),
                token: world.admin)
            try #require(winner.status == .created, "\(winner.text)")
            let winnerID = try winner.decode(Components.Schemas.Vendor.self).id
            let merged = try await world.client.send(
                .post, "/vendors/\(winnerID)/merge",
                json: Components.Schemas.VendorMergeRequest(mergeVendorId: world.vendorID), token: world.admin)
            #expect(merged.status == .ok, "\(merged.text)")
            let (moved, eTag) = try await world.get(opened.id)
            #expect(moved.vendor.id == winnerID)
            #expect(eTag == "\"2\"")
        }
    }
}

@Suite("cases API: changing the details")
struct CaseDetailsAPITests {
    static func details(deadline: String? = TestDates.laterDeadline) -> Components.Schemas.CaseDetails {
        Components.Schemas.CaseDetails(
            title: "予約システム改修費の共同交渉（第2期）", product: "サンプル予約", targetReductionYen: 300_000,
            responseDeadline: deadline)
    }

    func update(
        _ world: CaseWorld, _ caseID: String, _ body: Components.Schemas.CaseDetails = details(), token: String,
        ifMatch: String?
    ) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let ifMatch { headers[.ifMatch] = ifMatch }
        return try await world.client.send(.put, "/cases/\(caseID)", json: body, token: token, headers: headers)
    }

    @Test("the lead changes the details with If-Match: a new version, and the changes on the timeline")
    func update() async throws {
        try await withCaseWorld { world in
            let opened = try await world.open()
            let response = try await update(world, opened.id, token: world.utazu, ifMatch: "\"1\"")
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.headers[.eTag] == "\"2\"")
            let updated = try response.decode(Components.Schemas.Case.self)
            #expect(updated.title == "予約システム改修費の共同交渉（第2期）")
            #expect(updated.targetReductionYen == 300_000 && updated.targetReductionPercent == nil)
            #expect(updated.description == nil && updated.responseDeadline == TestDates.laterDeadline)
            let entry = try #require(try await world.timeline(opened.id, token: world.takamatsu).items.last)
            #expect(entry.kind == .updated)
            #expect(
                entry.text
                    == "title: 予約システム改修費の共同交渉 → 予約システム改修費の共同交渉（第2期）; target: 10% → ¥300000 a year; "
                    + "deadline: \(TestDates.deadline) → \(TestDates.laterDeadline); description changed")
            // The same, field by field, for readers in other languages.
            let changes = try #require(entry.changes)
            #expect(changes.map(\.field) == [.title, .target, .deadline, .description])
            #expect(changes[1].before == "10%" && changes[1].after == "¥300000")
            #expect(changes[2].after == TestDates.laterDeadline && changes[3].before == nil)
            let again = try await update(world, opened.id, token: world.utazu, ifMatch: "\"2\"")
            #expect(again.headers[.eTag] == "\"2\"", "nothing changed, the version stays")
        }
    }

    @Test("changing the details needs If-Match (428); a stale one is 412")
    func ifMatch() async throws {
        try await withCaseWorld { world in
            let opened = try await world.open()
            let missing = try await update(world, opened.id, token: world.utazu, ifMatch: nil)
            #expect(missing.status == .preconditionRequired)
            try await world.acted(opened.id, CaseWorld.hashimaCode, "invite", token: world.utazu)
            let stale = try await update(world, opened.id, token: world.utazu, ifMatch: "\"1\"")
            #expect(stale.status == .preconditionFailed)
        }
    }

    @Test("only the lead or an admin changes the details, and only while the case is open or negotiating")
    func whoAndWhen() async throws {
        try await withCaseWorld { world in
            let negotiating = try await world.caseIn("negotiating")
            let (_, eTag) = try await world.get(negotiating.id)
            for token in [world.hashima, world.takamatsu] {
                #expect(try await update(world, negotiating.id, token: token, ifMatch: eTag).status == .forbidden)
            }
            #expect(try await update(world, negotiating.id, token: world.admin, ifMatch: eTag).status == .ok)
            let agreed = try await world.caseIn("agreed")
            let (_, agreedTag) = try await world.get(agreed.id)
            let late = try await update(world, agreed.id, token: world.utazu, ifMatch: agreedTag)
            #expect(late.status == .conflict)
            #expect(try late.problem().code == "case_not_live")
        }
    }
}
