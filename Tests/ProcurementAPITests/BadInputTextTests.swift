import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import ProcureTestSupport
import ProcurementAPI
import ProcurementClient
import Testing

/// Text that looks like SQL, HTML, shell, format strings or bidirectional tricks is data: stored and
/// returned exactly as written, in every text field, and never executed.
@Suite("hostile text")
struct BadInputTextTests {
    /// A contract number (at most 100 characters) made of the text.
    static func reference(_ index: Int, _ text: String) -> String { "R\(index)-\(text.prefix(80))" }

    @Test("contract and vendor text fields store injection-looking strings verbatim")
    func contractsAndVendors() async throws {
        try await withAPI { client, accounts, database in
            for (index, text) in HostileText.samples.enumerated() {
                let vendorResponse = try await client.send(
                    .post, "/vendors", json: Components.Schemas.NewVendor(name: "\(text) 第\(index)商会"),
                    token: accounts.member)
                #expect(vendorResponse.status == .created, "\(index): \(vendorResponse.text)")
                let vendor = try vendorResponse.decode(Components.Schemas.Vendor.self)
                #expect(vendor.name == "\(text) 第\(index)商会")

                let input = Components.Schemas.ContractInput(
                    vendor: .init(id: vendor.id), categoryCode: "reservation_system", title: text, product: text,
                    amount: 1_100_000, taxIncluded: true, billingBasis: .annual, startDate: "2024-04-01",
                    endDate: "2025-03-31", contractMethod: .negotiated, externalReference: Self.reference(index, text),
                    notes: text, sourceUrl: "https://example.jp/?q=\(text)")
                let created = try await client.send(.post, "/contracts", json: input, token: accounts.member)
                #expect(created.status == .created, "\(index): \(created.text)")
                let contract = try created.decode(Components.Schemas.Contract.self)
                let read = try await client.get("/contracts/\(contract.id)", token: accounts.otherMember)
                let stored = try read.decode(Components.Schemas.Contract.self)
                #expect(stored.title == text && stored.product == text && stored.notes == text, "\(index)")
                #expect(stored.externalReference == Self.reference(index, text), "\(index)")
                #expect(stored.sourceUrl == "https://example.jp/?q=\(text)", "\(index)")
                let fetchedVendor = try await client.get("/vendors/\(vendor.id)", token: accounts.otherMember)
                #expect(try fetchedVendor.decode(Components.Schemas.Vendor.self).name == "\(text) 第\(index)商会")
            }
            // The text was data: every table is there, and holds what was written.
            let count = try await database.query(
                "SELECT count(*)::int FROM contracts WHERE title = \(HostileText.samples[0])",
                logger: TestDatabase.logger)
            for try await rows in count.decode(Int.self) { #expect(rows == 1) }
            let fingerprint = try await DatabaseFingerprint.take(database)
            for table in ["contracts", "savings_entries", "vendors", "municipalities"] {
                #expect(fingerprint.tables[table] != nil, "\(table)")
            }
            let page = try await client.get("/contracts?limit=500", token: accounts.member)
            let titles = try page.decode(Components.Schemas.ContractPage.self).items.map(\.title)
            #expect(Set(titles) == Set(HostileText.samples))
        }
    }

    @Test("case titles, descriptions, products, notes, offers and savings notes store them verbatim")
    func casesAndSavings() async throws {
        try await withCaseWorld { world in
            let agreed = try await world.caseIn("agreed")
            for (index, text) in HostileText.samples.enumerated() {
                var body = world.newCase(title: text)
                body.description = text
                body.product = text
                let opened = try await world.client.send(.post, "/cases", json: body, token: world.utazu)
                #expect(opened.status == .created, "\(index): \(opened.text)")
                let created = try opened.decode(Components.Schemas.Case.self)
                let (read, _) = try await world.get(created.id, token: world.hashima)
                #expect(read.title == text && read.description == text && read.product == text, "\(index)")

                let note = try await world.note(created.id, text, participantsOnly: index % 2 == 0, token: world.utazu)
                #expect(note.status == .created, "\(index): \(note.text)")
                let offer = try await world.client.send(
                    .post, "/cases/\(created.id)/offers",
                    json: Components.Schemas.NewCaseOffer(
                        amount: 1_000_000, taxIncluded: true, offeredOn: "2026-12-10", note: text),
                    token: world.utazu)
                #expect(offer.status == .created, "\(index): \(offer.text)")
                let timeline = try await world.timeline(created.id, token: world.utazu)
                #expect(timeline.items.filter { $0.text == text }.count >= 2, "\(index): note and offer")

                let entry = try await world.record(
                    agreed.id, world.newEntry(date: "\(2027 + index % 3)-04-01", note: text))
                #expect(entry.status == .created, "\(index): \(entry.text)")
                let recorded = try entry.decode(Components.Schemas.SavingsEntry.self)
                #expect(recorded.note == text)
                let reversal = try await world.client.send(
                    .post, "/savings/\(recorded.id)/reversal", json: Components.Schemas.SavingsReversal(reason: text),
                    token: world.utazu, headers: [.idempotencyKey: UUID().uuidString])
                #expect(reversal.status == .created, "\(index): \(reversal.text)")
                #expect(try reversal.decode(Components.Schemas.SavingsEntry.self).reason == text)
            }
            let verify = try await world.client.get("/savings/verify", token: world.utazu)
            #expect(verify.status == .ok, "\(verify.text)")
            let list = try await world.client.get("/savings?case=\(agreed.id)&limit=500", token: world.hashima)
            let notes = try list.decode(Components.Schemas.SavingsEntryPage.self).items.compactMap(\.note)
            #expect(Set(notes) == Set(HostileText.samples))
        }
    }
}
