import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import PostgresNIO
import ProcureTestSupport
import ProcurementAPI
import ProcurementClient
import Testing

@Suite("cases API: opening and reading")
struct CaseOpeningAPITests {
    @Test("a member opens a case: its municipality leads, active with its baseline, and the case is open at version 1")
    func open() async throws {
        try await withCaseWorld { world in
            let response = try await world.client.send(.post, "/cases", json: world.newCase(), token: world.utazu)
            #expect(response.status == .created)
            #expect(response.headers[.eTag] == "\"1\"")
            let opened = try response.decode(Components.Schemas.Case.self)
            #expect(opened.status == .open)
            #expect(opened.lead.code == CaseWorld.utazuCode)
            #expect(opened.vendor.id == world.vendorID)
            #expect(opened.targetReductionPercent == 10)
            #expect(opened.responseDeadline == TestDates.deadline)
            let lead = try #require(opened.participants.first)
            #expect(opened.participants.count == 1)
            #expect(lead.lead && lead.status == .active && lead.municipality.name == "宇多津町")
            #expect(lead.baseline?.annualAmount == 1_100_000)
            #expect(lead.baseline?.contractId == world.contracts[CaseWorld.utazuCode])
            let timeline = try await world.timeline(opened.id, token: world.takamatsu)
            #expect(timeline.items.map(\.kind) == [.opened])
            #expect(timeline.items.first?.author.municipality?.code == CaseWorld.utazuCode)
        }
    }

    @Test("a member cannot open a case led by another municipality")
    func openForeign() async throws {
        try await withCaseWorld { world in
            let response = try await world.client.send(
                .post, "/cases", json: world.newCase(lead: CaseWorld.hashimaCode), token: world.utazu)
            #expect(response.status == .forbidden)
            #expect(try response.problem().code == "forbidden")
        }
    }

    @Test("an admin opens a case for the lead it names, and must name one")
    func adminOpens() async throws {
        try await withCaseWorld { world in
            var body = world.newCase(lead: CaseWorld.hashimaCode)
            body.baseline = nil
            let opened = try await world.client.send(.post, "/cases", json: body, token: world.admin)
            #expect(opened.status == .created)
            #expect(try opened.decode(Components.Schemas.Case.self).lead.code == CaseWorld.hashimaCode)
            body.leadMunicipalityCode = nil
            let unnamed = try await world.client.send(.post, "/cases", json: body, token: world.admin)
            #expect(unnamed.status == .unprocessableContent)
            #expect(try unnamed.problem().errors?.map(\.pointer) == ["/leadMunicipalityCode"])
        }
    }

    @Test("a case needs a known vendor and category, a title, and at most one target")
    func openInvalid() async throws {
        try await withCaseWorld { world in
            var body = world.newCase()
            body.vendorId = "999999"
            let vendor = try await world.client.send(.post, "/cases", json: body, token: world.utazu)
            #expect(vendor.status == .unprocessableContent)
            #expect(try vendor.problem().code == "unknown_vendor")
            body = world.newCase()
            body.categoryCode = "no_such_category"
            let category = try await world.client.send(.post, "/cases", json: body, token: world.utazu)
            #expect(try category.problem().code == "unknown_category")
            body = world.newCase(title: "  ")
            let title = try await world.client.send(.post, "/cases", json: body, token: world.utazu)
            #expect(try title.problem().errors?.map(\.pointer) == ["/title"])
            body = world.newCase()
            body.targetReductionYen = 100_000
            let both = try await world.client.send(.post, "/cases", json: body, token: world.utazu)
            #expect(both.status == .unprocessableContent)
        }
    }

    @Test("an unknown case is 404 and a malformed id 400")
    func unknown() async throws {
        try await withCaseWorld { world in
            let missing = try await world.client.get("/cases/4242", token: world.utazu)
            #expect(missing.status == .notFound)
            #expect(try missing.problem().code == "case_not_found")
            let timeline = try await world.client.get("/cases/4242/timeline", token: world.utazu)
            #expect(timeline.status == .notFound)
            let malformed = try await world.client.get("/cases/abc", token: world.utazu)
            #expect(malformed.status == .badRequest)
            #expect(try malformed.problem().code == "invalid_case_id")
        }
    }

    @Test("every member lists cases, filtered by vendor, category, status and the cases it is in")
    func list() async throws {
        try await withCaseWorld { world in
            let first = try await world.open(title: "一件目")
            let second = try await world.open(token: world.chiba, title: "二件目", baselineOf: CaseWorld.chibaCode)
            try await world.acted(first.id, CaseWorld.hashimaCode, "invite", token: world.utazu)
            func ids(_ query: String, token: String) async throws -> [String] {
                let response = try await world.client.get("/cases?\(query)", token: token)
                try #require(response.status == .ok, "\(response.text)")
                return try response.decode(Components.Schemas.CasePage.self).items.map(\.id)
            }
            #expect(try await ids("", token: world.takamatsu) == [second.id, first.id], "newest first, outsiders too")
            #expect(
                try await ids("status=open&vendor=\(world.vendorID)", token: world.takamatsu) == [second.id, first.id])
            #expect(try await ids("status=negotiating", token: world.takamatsu).isEmpty)
            #expect(try await ids("category=call_centre", token: world.takamatsu).isEmpty)
            #expect(try await ids("mine=true", token: world.hashima) == [first.id], "invited counts as in")
            #expect(try await ids("mine=true", token: world.chiba) == [second.id])
            #expect(try await ids("mine=true", token: world.takamatsu).isEmpty)
            let page = try await world.client.get("/cases?limit=1", token: world.utazu)
            let cursor = try #require(try page.decode(Components.Schemas.CasePage.self).nextCursor)
            #expect(try await ids("limit=1&cursor=\(cursor)", token: world.utazu) == [first.id])
            let admin = try await world.client.get("/cases?mine=true", token: world.admin)
            #expect(admin.status == .badRequest)
        }
    }
}

@Suite("cases API: participants")
struct CaseParticipantAPITests {
    @Test("the lead invites; the invited municipality accepts with a baseline on its own contract and becomes active")
    func inviteAndAccept() async throws {
        try await withCaseWorld { world in
            let opened = try await world.open()
            let invited = try await world.acted(opened.id, CaseWorld.hashimaCode, "invite", token: world.utazu)
            #expect(invited.participants.map(\.status) == [.active, .invited])
            #expect(invited.version == 2)
            let accepted = try await world.acted(opened.id, CaseWorld.hashimaCode, "accept", token: world.hashima)
            let hashima = try #require(accepted.participants.first { $0.municipality.code == CaseWorld.hashimaCode })
            #expect(hashima.status == .active)
            #expect(hashima.baseline?.contractId == world.contracts[CaseWorld.hashimaCode])
            #expect(hashima.statusChangedAt >= invited.participants[1].statusChangedAt)
        }
    }

    @Test("an invited municipality declines, with the optional body left out as the document allows")
    func decline() async throws {
        try await withCaseWorld { world in
            let opened = try await world.open()
            try await world.acted(opened.id, CaseWorld.tateyamaCode, "invite", token: world.utazu)
            // No body and no Content-Type at all: the body is optional (`required: false`).
            let response = try await world.client.execute(
                uri: "/cases/\(opened.id)/participants/\(CaseWorld.tateyamaCode)/decline", method: .post,
                headers: [.authorization: "Bearer \(world.tateyama)"], body: nil)
            try #require(response.status == .ok, "\(response.text)")
            let declined = try response.decode(Components.Schemas.Case.self)
            #expect(declined.participants.last?.status == .declined)
            let again = try await world.act(opened.id, CaseWorld.tateyamaCode, "accept", token: world.tateyama)
            #expect(again.status == .conflict)
            #expect(try again.problem().code == "not_invited")
        }
    }

    @Test("only the lead or an admin invites, approves and refuses")
    func onlyLeadInvites() async throws {
        try await withCaseWorld { world in
            let opened = try await world.open()
            try await world.acted(opened.id, CaseWorld.hashimaCode, "invite", token: world.utazu)
            try await world.acted(opened.id, CaseWorld.hashimaCode, "accept", token: world.hashima)
            for token in [world.hashima, world.takamatsu] {
                let invite = try await world.act(opened.id, CaseWorld.tateyamaCode, "invite", token: token)
                #expect(invite.status == .forbidden)
                #expect(try invite.problem().detail?.contains("only the lead of case \(opened.id), 宇多津町") == true)
            }
            try await world.acted(opened.id, CaseWorld.chibaCode, "join", token: world.chiba)
            for action in ["approve", "refuse"] {
                let response = try await world.act(opened.id, CaseWorld.chibaCode, action, token: world.hashima)
                #expect(response.status == .forbidden)
            }
            let byAdmin = try await world.acted(opened.id, CaseWorld.tateyamaCode, "invite", token: world.admin)
            #expect(
                byAdmin.participants.contains {
                    $0.municipality.code == CaseWorld.tateyamaCode && $0.status == .invited
                })
            try await world.acted(opened.id, CaseWorld.chibaCode, "approve", token: world.admin)
        }
    }

    @Test("only the invited municipality (or an admin) answers its invitation")
    func onlyInviteeAnswers() async throws {
        try await withCaseWorld { world in
            let opened = try await world.open()
            try await world.acted(opened.id, CaseWorld.tateyamaCode, "invite", token: world.utazu)
            for token in [world.utazu, world.hashima] {
                let accept = try await world.act(opened.id, CaseWorld.tateyamaCode, "accept", token: token)
                #expect(accept.status == .forbidden)
                let decline = try await world.act(opened.id, CaseWorld.tateyamaCode, "decline", token: token)
                #expect(decline.status == .forbidden)
            }
            try await world.acted(opened.id, CaseWorld.tateyamaCode, "accept", token: world.admin)
        }
    }

    @Test("accepting without an invitation is 409 not_invited")
    func acceptUninvited() async throws {
        try await withCaseWorld { world in
            let opened = try await world.open()
            let response = try await world.act(opened.id, CaseWorld.hashimaCode, "accept", token: world.hashima)
            #expect(response.status == .conflict)
            #expect(try response.problem().code == "not_invited")
        }
    }

    @Test("inviting a municipality already in the case is 409; inviting the lead itself too")
    func inviteTwice() async throws {
        try await withCaseWorld { world in
            let opened = try await world.open()
            try await world.acted(opened.id, CaseWorld.hashimaCode, "invite", token: world.utazu)
            let again = try await world.act(opened.id, CaseWorld.hashimaCode, "invite", token: world.utazu)
            #expect(again.status == .conflict)
            #expect(try again.problem().code == "already_participant")
            try await world.acted(opened.id, CaseWorld.hashimaCode, "accept", token: world.hashima)
            let active = try await world.act(opened.id, CaseWorld.hashimaCode, "invite", token: world.utazu)
            #expect(try active.problem().code == "already_participant")
            let own = try await world.act(opened.id, CaseWorld.utazuCode, "invite", token: world.utazu)
            #expect(own.status == .conflict)
            #expect(try own.problem().code == "lead_is_participant")
        }
    }

    @Test("a declined municipality can be invited again")
    func reinvite() async throws {
        try await withCaseWorld { world in
            let opened = try await world.open()
            try await world.acted(opened.id, CaseWorld.tateyamaCode, "invite", token: world.utazu)
            try await world.acted(opened.id, CaseWorld.tateyamaCode, "decline", token: world.tateyama)
            let again = try await world.acted(opened.id, CaseWorld.tateyamaCode, "invite", token: world.utazu)
            #expect(again.participants.last?.status == .invited)
        }
    }

    @Test("accepting needs a baseline")
    func baselineRequired() async throws {
        try await withCaseWorld { world in
            let opened = try await world.open()
            try await world.acted(opened.id, CaseWorld.hashimaCode, "invite", token: world.utazu)
            let response = try await world.client.send(
                .post, "/cases/\(opened.id)/participants/\(CaseWorld.hashimaCode)/accept",
                json: Components.Schemas.ParticipantChange(), token: world.hashima)
            #expect(response.status == .unprocessableContent)
            #expect(try response.problem().code == "baseline_required")
        }
    }

    @Test("a baseline rests only on the municipality's own contract with the case's vendor")
    func baselineContract() async throws {
        try await withCaseWorld { world in
            let opened = try await world.open()
            try await world.acted(opened.id, CaseWorld.hashimaCode, "invite", token: world.utazu)
            let foreign = try await world.act(
                opened.id, CaseWorld.hashimaCode, "accept", token: world.hashima,
                baseline: .init(
                    annualAmount: 1_155_000, taxIncluded: true, contractId: world.contracts[CaseWorld.chibaCode]))
            #expect(foreign.status == .unprocessableContent)
            let problem = try foreign.problem()
            #expect(problem.code == "invalid_baseline")
            #expect(problem.errors?.map(\.pointer) == ["/baseline/contractId"])
            #expect(problem.detail?.contains("千葉市's") == true)
            let otherVendor = try await world.act(
                opened.id, CaseWorld.hashimaCode, "accept", token: world.hashima,
                baseline: .init(annualAmount: 500_000, taxIncluded: true, contractId: world.otherVendorContract))
            #expect(otherVendor.status == .unprocessableContent)
            #expect(try otherVendor.problem().detail?.contains("not with the case's vendor") == true)
            let missing = try await world.act(
                opened.id, CaseWorld.hashimaCode, "accept", token: world.hashima,
                baseline: .init(annualAmount: 1, taxIncluded: true, contractId: "987654"))
            #expect(missing.status == .unprocessableContent)
            let unlinked = try await world.act(
                opened.id, CaseWorld.hashimaCode, "accept", token: world.hashima,
                baseline: .init(annualAmount: 1_155_000, taxIncluded: false))
            #expect(unlinked.status == .ok, "a quoted amount needs no contract")
            let (current, _) = try await world.get(opened.id)
            #expect(current.participants.last?.status == .active, "nothing half-written by the refusals")
        }
    }

    @Test("an invited municipality accepts rather than asking to join")
    func joinWhenInvited() async throws {
        try await withCaseWorld { world in
            let opened = try await world.open()
            try await world.acted(opened.id, CaseWorld.chibaCode, "invite", token: world.utazu)
            let response = try await world.act(opened.id, CaseWorld.chibaCode, "join", token: world.chiba)
            #expect(response.status == .conflict)
            #expect(try response.problem().code == "already_participant")
        }
    }

    @Test("the lead's own baseline at opening also rests only on its own contract with the vendor")
    func leadBaseline() async throws {
        try await withCaseWorld { world in
            var body = world.newCase()
            body.baseline?.contractId = world.contracts[CaseWorld.hashimaCode]
            let response = try await world.client.send(.post, "/cases", json: body, token: world.utazu)
            #expect(response.status == .unprocessableContent)
            #expect(try response.problem().code == "invalid_baseline")
            let listed = try await world.client.get("/cases", token: world.utazu)
            #expect(try listed.decode(Components.Schemas.CasePage.self).items.isEmpty, "no case half-opened")
        }
    }

    @Test("two answers to one invitation at once: one is taken, the other finds it answered (409)")
    func concurrentAnswers() async throws {
        try await withCaseWorld { world in
            let opened = try await world.open()
            try await world.acted(opened.id, CaseWorld.hashimaCode, "invite", token: world.utazu)
            async let accept = world.act(opened.id, CaseWorld.hashimaCode, "accept", token: world.hashima)
            async let decline = world.act(opened.id, CaseWorld.hashimaCode, "decline", token: world.admin)
            let statuses = [try await accept.status, try await decline.status]
            #expect(statuses.filter { $0 == .ok }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == .conflict }.count == 1, "\(statuses)")
            let changes = try await world.timeline(opened.id, token: world.utazu).items.filter {
                $0.kind == .participantChanged && $0.fromStatus == "invited"
            }
            #expect(changes.count == 1)
        }
    }

    @Test("a member asks to join an open case; the lead approves or refuses; a refused one cannot ask again")
    func joinApproveRefuse() async throws {
        try await withCaseWorld { world in
            let opened = try await world.open()
            let requested = try await world.acted(opened.id, CaseWorld.chibaCode, "join", token: world.chiba)
            #expect(requested.participants.last?.status == .requested)
            #expect(requested.participants.last?.baseline?.contractId == world.contracts[CaseWorld.chibaCode])
            let approved = try await world.acted(opened.id, CaseWorld.chibaCode, "approve", token: world.utazu)
            #expect(approved.participants.last?.status == .active)

            try await world.acted(opened.id, CaseWorld.takamatsuCode, "join", token: world.takamatsu)
            let refused = try await world.acted(opened.id, CaseWorld.takamatsuCode, "refuse", token: world.utazu)
            #expect(refused.participants.last?.status == .refused)
            let again = try await world.act(opened.id, CaseWorld.takamatsuCode, "join", token: world.takamatsu)
            #expect(again.status == .conflict)
            #expect(try again.problem().code == "join_refused")
        }
    }

    @Test("approving or refusing without a request to join is 409")
    func approveWithoutRequest() async throws {
        try await withCaseWorld { world in
            let opened = try await world.open()
            let response = try await world.act(opened.id, CaseWorld.chibaCode, "approve", token: world.utazu)
            #expect(response.status == .conflict)
            #expect(try response.problem().code == "no_join_request")
        }
    }

    @Test("a member asks to join only for its own municipality")
    func joinForOthers() async throws {
        try await withCaseWorld { world in
            let opened = try await world.open()
            let response = try await world.act(opened.id, CaseWorld.chibaCode, "join", token: world.takamatsu)
            #expect(response.status == .forbidden)
        }
    }

    @Test("joining a case that is no longer open is 409 case_not_open")
    func joinNegotiating() async throws {
        try await withCaseWorld { world in
            let negotiating = try await world.caseIn("negotiating")
            let response = try await world.act(negotiating.id, CaseWorld.chibaCode, "join", token: world.chiba)
            #expect(response.status == .conflict)
            #expect(try response.problem().code == "case_not_open")
        }
    }

    @Test("a participant withdraws until the case is agreed; the lead cannot leave its own case")
    func withdraw() async throws {
        try await withCaseWorld { world in
            let negotiating = try await world.caseIn("negotiating")
            let lead = try await world.act(negotiating.id, CaseWorld.utazuCode, "withdraw", token: world.utazu)
            #expect(lead.status == .conflict)
            #expect(try lead.problem().code == "lead_is_participant")
            let left = try await world.acted(negotiating.id, CaseWorld.hashimaCode, "withdraw", token: world.hashima)
            #expect(left.participants.last?.status == .withdrawn)
            let twice = try await world.act(negotiating.id, CaseWorld.hashimaCode, "withdraw", token: world.hashima)
            #expect(try twice.problem().code == "not_participant")

            let agreed = try await world.caseIn("agreed")
            let late = try await world.act(agreed.id, CaseWorld.hashimaCode, "withdraw", token: world.hashima)
            #expect(late.status == .conflict)
            #expect(try late.problem().code == "case_not_live")
        }
    }

    @Test("a participant change sent with a stale If-Match is 412")
    func staleParticipantChange() async throws {
        try await withCaseWorld { world in
            let opened = try await world.open()
            try await world.acted(opened.id, CaseWorld.hashimaCode, "invite", token: world.utazu)
            let stale = try await world.act(
                opened.id, CaseWorld.tateyamaCode, "invite", token: world.utazu, ifMatch: "\"1\"")
            #expect(stale.status == .preconditionFailed)
            let current = try await world.act(
                opened.id, CaseWorld.tateyamaCode, "invite", token: world.utazu, ifMatch: "\"2\"")
            #expect(current.status == .ok)
            #expect(current.headers[.eTag] == "\"3\"")
        }
    }
}
