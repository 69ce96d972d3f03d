import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import PostgresNIO
import ProcureTestSupport
import ProcurementAPI
import ProcurementClient
import Testing

@Suite("cases API: timeline, notes and offers")
struct CaseTimelineAPITests {
    @Test(
        "participants-only minutes: participants and admins read them, outsiders and invitees see only that they exist")
    func privateNotes() async throws {
        try await withCaseWorld { world in
            let negotiating = try await world.caseIn("negotiating")
            try await world.acted(negotiating.id, CaseWorld.tateyamaCode, "invite", token: world.utazu)
            let minutes = try await world.note(
                negotiating.id, "第1回打合せ: 上限額は各団体とも現行の9割", kind: .minutes, participantsOnly: true,
                token: world.hashima)
            #expect(minutes.status == .created, "\(minutes.text)")
            let publicNote = try await world.note(negotiating.id, "ベンダーに見積根拠を依頼", token: world.utazu)
            #expect(publicNote.status == .created)
            for token in [world.utazu, world.hashima, world.admin] {
                let entries = try await world.timeline(negotiating.id, token: token).items
                let entry = try #require(entries.first { $0.kind == .minutes })
                #expect(entry.text == "第1回打合せ: 上限額は各団体とも現行の9割" && !entry.hidden)
            }
            for token in [world.takamatsu, world.tateyama] {
                let response = try await world.client.get("/cases/\(negotiating.id)/timeline", token: token)
                #expect(!response.text.contains("上限額"), "the text never reaches a non-participant")
                let entries = try response.decode(Components.Schemas.CaseTimelinePage.self).items
                let entry = try #require(entries.first { $0.kind == .minutes })
                #expect(entry.text == nil && entry.hidden && entry.participantsOnly)
                #expect(entries.first { $0.kind == .note }?.text == "ベンダーに見積根拠を依頼")
            }
        }
    }

    @Test("only active participants (and admins) add notes: outsiders and invitees get 403")
    func whoWritesNotes() async throws {
        try await withCaseWorld { world in
            let opened = try await world.open()
            try await world.acted(opened.id, CaseWorld.tateyamaCode, "invite", token: world.utazu)
            for token in [world.takamatsu, world.tateyama] {
                let response = try await world.note(opened.id, "参加したい", token: token)
                #expect(response.status == .forbidden)
            }
            #expect(try await world.note(opened.id, "調整メモ", token: world.admin).status == .created)
            let empty = try await world.note(opened.id, "  ", token: world.utazu)
            #expect(empty.status == .unprocessableContent)
        }
    }

    @Test("only the lead (or an admin) records offers, while the case is open or negotiating")
    func offers() async throws {
        try await withCaseWorld { world in
            let negotiating = try await world.caseIn("negotiating")
            let byLead = try await world.offer(negotiating.id, token: world.utazu)
            #expect(byLead.status == .created, "\(byLead.text)")
            let entry = try byLead.decode(Components.Schemas.CaseTimelineEntry.self)
            #expect(entry.kind == .offer && entry.offer?.amount == 3_000_000 && entry.offer?.municipalityCode == nil)
            let perParticipant = try await world.offer(
                negotiating.id, amount: 1_039_500, municipality: CaseWorld.hashimaCode, token: world.admin)
            #expect(try perParticipant.decode(Components.Schemas.CaseTimelineEntry.self).municipality?.name == "羽島市")
            let byParticipant = try await world.offer(negotiating.id, token: world.hashima)
            #expect(byParticipant.status == .forbidden)
            let notIn = try await world.offer(negotiating.id, municipality: CaseWorld.chibaCode, token: world.utazu)
            #expect(notIn.status == .unprocessableContent)
            let expired = try await world.offer(negotiating.id, validUntil: "2026-12-01", token: world.utazu)
            #expect(try expired.problem().errors?.map(\.pointer) == ["/validUntil"])
            try await world.moved(negotiating.id, to: "failed")
            let late = try await world.offer(negotiating.id, token: world.utazu)
            #expect(late.status == .conflict)
            #expect(try late.problem().code == "case_not_live")
        }
    }

    @Test("every change is on the timeline with who made it, oldest first, paginated")
    func timeline() async throws {
        try await withCaseWorld { world in
            let agreed = try await world.caseIn("agreed")
            let entries = try await world.timeline(agreed.id, token: world.takamatsu).items
            #expect(
                entries.map(\.kind) == [
                    .opened, .participantChanged, .participantChanged, .statusChanged, .statusChanged, .agreement,
                ])
            #expect(entries[1].municipality?.code == CaseWorld.hashimaCode && entries[1].toStatus == "invited")
            #expect(entries[1].author.municipality?.code == CaseWorld.utazuCode)
            #expect(entries[2].fromStatus == "invited" && entries[2].toStatus == "active")
            #expect(entries[2].author.name == "情報政策課" && entries[2].author.municipality?.code == CaseWorld.hashimaCode)
            #expect(entries[3].fromStatus == "open" && entries[3].toStatus == "negotiating")
            let first = try await world.timeline(agreed.id, token: world.utazu, query: "?limit=4")
            #expect(first.items.count == 4)
            let cursor = try #require(first.nextCursor)
            let rest = try await world.timeline(agreed.id, token: world.utazu, query: "?limit=4&cursor=\(cursor)")
            #expect(rest.items.map(\.id) == entries.suffix(2).map(\.id) && rest.nextCursor == nil)
        }
    }
}
