import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import ProcureTestSupport
import ProcurementAPI
import ProcurementClient
import Testing

@Suite("pending work (GET /me/pending)")
struct PendingWorkAPITests {
    typealias Work = Components.Schemas.PendingWork

    func pending(_ world: CaseWorld, token: String, query: String = "") async throws -> Work {
        let response = try await world.client.get("/me/pending\(query)", token: token)
        try #require(response.status == .ok, "\(response.text)")
        return try response.decode(Work.self)
    }

    @Test("an invitation waits for the invited, a join request for the lead, savings for the agreed")
    func pendingWork() async throws {
        try await withCaseWorld { world in
            // 羽島市 is invited to an open case of 宇多津町; 千葉市 asks to join it.
            let open = try await world.open()
            try await world.acted(open.id, CaseWorld.hashimaCode, "invite", token: world.utazu)
            try await world.acted(open.id, CaseWorld.chibaCode, "join", token: world.chiba)
            let hashima = try await pending(world, token: world.hashima)
            #expect(hashima.invitations.map(\.caseId) == [open.id])
            #expect(hashima.invitations.first?.lead.code == CaseWorld.utazuCode)
            #expect(hashima.invitations.first?.responseDeadline == TestDates.deadline)
            let utazu = try await pending(world, token: world.utazu)
            #expect(utazu.joinRequests.map(\.municipality.code) == [CaseWorld.chibaCode])
            #expect(utazu.invitations.isEmpty)

            // An agreed case (FY2027–FY2029): in FY2027 both owe an entry until they record one.
            let agreed = try await world.caseIn("agreed")
            let fy2027 = "?asOf=2027-06-01"
            #expect(
                try await pending(world, token: world.utazu, query: fy2027).savingsToRecord.map(\.caseId) == [agreed.id]
            )
            try await world.recorded(agreed.id, world.newEntry(date: "2027-06-01"))
            #expect(try await pending(world, token: world.utazu, query: fy2027).savingsToRecord.isEmpty)
            #expect(
                try await pending(world, token: world.hashima, query: fy2027).savingsToRecord.map(\.fiscalYear) == [
                    2027
                ])
            // Outside the agreement's years nothing is owed.
            #expect(try await pending(world, token: world.utazu, query: "?asOf=2031-06-01").savingsToRecord.isEmpty)

            // Its contracts ending within the window: 宇多津町's ends 2027-03-31.
            let renewals = try await pending(world, token: world.utazu, query: "?asOf=2027-01-15&within=90")
            #expect(renewals.renewals.map(\.dueDate) == ["2027-03-31"])
            #expect(try await pending(world, token: world.utazu, query: "?asOf=2026-06-01&within=30").renewals.isEmpty)
        }
    }

    @Test("a member sees its own municipality's only; an admin names one, or none and sees the merge proposals")
    func whose() async throws {
        try await withCaseWorld { world in
            let foreign = try await world.client.get(
                "/me/pending?municipality=\(CaseWorld.utazuCode)", token: world.hashima)
            #expect(foreign.status == .forbidden)
            let own = try await world.client.get(
                "/me/pending?municipality=\(CaseWorld.hashimaCode)", token: world.hashima)
            #expect(own.status == .ok)
            // An admin who names no municipality sees the network's work only: no proposal yet.
            let unnamed = try await pending(world, token: world.admin)
            #expect(unnamed.municipality == nil)
            #expect(unnamed.invitations.isEmpty && unnamed.renewals.isEmpty && unnamed.vendorMergeProposals.isEmpty)

            // 羽島市 proposes that 別会社システム株式会社 is the case's vendor: an admin's inbox lists it,
            // named or not; the member's does not (only an admin decides).
            let other = try await world.client.get("/contracts/\(world.otherVendorContract)", token: world.hashima)
            let otherVendor = try other.decode(Components.Schemas.Contract.self).vendor.id
            let proposed = try await world.client.send(
                .post, "/vendors/\(otherVendor)/merge-proposals",
                json: Components.Schemas.NewVendorMergeProposal(intoVendorId: world.vendorID, reason: "同じ会社"),
                token: world.hashima)
            try #require(proposed.status == .created, "\(proposed.text)")
            let proposal = try proposed.decode(Components.Schemas.VendorMergeProposal.self)
            #expect(try await pending(world, token: world.admin).vendorMergeProposals.map(\.id) == [proposal.id])
            let named = try await pending(world, token: world.admin, query: "?municipality=\(CaseWorld.utazuCode)")
            #expect(named.municipality?.code == CaseWorld.utazuCode)
            #expect(named.vendorMergeProposals.map(\.id) == [proposal.id])
            #expect(try await pending(world, token: world.hashima).vendorMergeProposals.isEmpty)

            // Decided, it leaves the inbox.
            let decided = try await world.client.send(
                .post, "/vendor-merge-proposals/\(proposal.id)/decision",
                json: Components.Schemas.VendorMergeDecision(decision: .reject, note: "別の会社"), token: world.admin)
            try #require(decided.status == .ok, "\(decided.text)")
            #expect(try await pending(world, token: world.admin).vendorMergeProposals.isEmpty)
        }
    }
}
