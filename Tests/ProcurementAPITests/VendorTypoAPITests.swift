import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import PostgresNIO
import ProcureTestSupport
import ProcurementClient
import Testing

@testable import ProcurementAPI

/// A new vendor name close to a registered one is most often a typo that would split a vendor in
/// two (and its peers report with it): it is refused with the close vendors unless confirmed.
@Suite("vendors API: typos caught")
struct VendorTypoAPITests {
    static let registered = "株式会社サンプル予約システムズ"
    /// One character wrong (ム for テム): pg_trgm similarity of the keys 0.5 or more.
    static let typo = "株式会社サンプル予約シスムズ"

    static func contract(vendor: Components.Schemas.VendorReference) -> Components.Schemas.ContractInput {
        Components.Schemas.ContractInput(
            vendor: vendor, categoryCode: "reservation_system", title: "ワクチン接種予約システム運用業務", amount: 1_100_000,
            taxIncluded: true, billingBasis: .annual, startDate: "2024-04-01", endDate: "2025-03-31",
            contractMethod: .negotiated)
    }

    static func vendorCount(_ database: PostgresClient) async throws -> Int {
        try await ContractImportAPITests.count("SELECT count(*) FROM vendors", database)
    }

    @Test("a contract naming a new vendor close to a registered one is 409 similar_vendor with the candidates")
    func contractTypo() async throws {
        try await withAPI { client, accounts, database in
            let first = try await client.send(
                .post, "/contracts", json: Self.contract(vendor: .init(name: Self.registered)), token: accounts.member)
            #expect(first.status == .created, "\(first.text)")
            let vendorID = try first.decode(Components.Schemas.Contract.self).vendor.id

            let typo = try await client.send(
                .post, "/contracts", json: Self.contract(vendor: .init(name: Self.typo)), token: accounts.otherMember)
            #expect(typo.status == .conflict, "\(typo.text)")
            let problem = try typo.problem()
            #expect(problem.code == "similar_vendor")
            #expect(problem.similarVendors?.first?.id == vendorID)
            #expect(problem.similarVendors?.first?.name == Self.registered)
            #expect((problem.similarVendors?.first?.similarity ?? 0) >= VendorRepository.similarityThreshold)
            #expect(problem.errors?.first?.pointer == "/vendor/name")
            #expect(problem.detail?.contains("#\(vendorID) \(Self.registered)") == true, "\(problem.detail ?? "")")
            #expect(try await Self.vendorCount(database) == 1, "nothing registered")
            #expect(try await ContractImportAPITests.count("SELECT count(*) FROM contracts", database) == 1)

            // Confirmed, it is a new vendor; a known spelling or the id needs no confirmation.
            let confirmed = try await client.send(
                .post, "/contracts", json: Self.contract(vendor: .init(name: Self.typo, confirmNew: true)),
                token: accounts.otherMember)
            #expect(confirmed.status == .created, "\(confirmed.text)")
            #expect(try confirmed.decode(Components.Schemas.Contract.self).vendor.id != vendorID)
            let byID = try await client.send(
                .post, "/contracts", json: Self.contract(vendor: .init(id: vendorID)), token: accounts.otherMember)
            #expect(byID.status == .created, "\(byID.text)")
            #expect(try await Self.vendorCount(database) == 2)
        }
    }

    @Test("names that share only common words are not taken for typos; a corporate number is no doubt")
    func notTypos() async throws {
        try await withAPI { client, accounts, database in
            // ABC会計システム and XYZ会計システム: similarity 0.33, over pg_trgm's default threshold
            // (0.3) but under procure's (0.5).
            for name in [Self.registered, "株式会社ABC会計システム", "株式会社XYZ会計システム", "コールセンター北海道株式会社"] {
                let response = try await client.send(
                    .post, "/contracts", json: Self.contract(vendor: .init(name: name)), token: accounts.member)
                #expect(response.status == .created, "\(name): \(response.text)")
            }
            let numbered = try await client.send(
                .post, "/contracts",
                json: Self.contract(vendor: .init(corporateNumber: "1180301018771", name: Self.typo)),
                token: accounts.member)
            #expect(numbered.status == .created, "\(numbered.text)")
            #expect(try await Self.vendorCount(database) == 5)
        }
    }

    @Test("POST /vendors: a close name is 409 similar_vendor unless confirmNew")
    func registerTypo() async throws {
        try await withAPI { client, accounts, database in
            let first = try await client.send(
                .post, "/vendors", json: Components.Schemas.NewVendor(name: Self.registered), token: accounts.member)
            #expect(first.status == .created, "\(first.text)")
            let refused = try await client.send(
                .post, "/vendors", json: Components.Schemas.NewVendor(name: Self.typo), token: accounts.member)
            #expect(refused.status == .conflict)
            let problem = try refused.problem()
            #expect(problem.code == "similar_vendor" && problem.errors?.first?.pointer == "/name")
            let confirmed = try await client.send(
                .post, "/vendors", json: Components.Schemas.NewVendor(name: Self.typo, confirmNew: true),
                token: accounts.member)
            #expect(confirmed.status == .created, "\(confirmed.text)")
            #expect(try await Self.vendorCount(database) == 2)
        }
    }

    @Test("in Japanese the refusal names the candidates in Japanese")
    func japanese() async throws {
        try await withAPI { client, accounts, _ in
            _ = try await client.send(
                .post, "/vendors", json: Components.Schemas.NewVendor(name: Self.registered), token: accounts.member)
            let refused = try await client.send(
                .post, "/vendors", json: Components.Schemas.NewVendor(name: Self.typo), token: accounts.member,
                headers: [.acceptLanguage: "ja"])
            let detail = try refused.problem().detail ?? ""
            #expect(detail.contains("に似ています"), "\(detail)")
        }
    }

    @Test("an import registers close new names all the same and lists them with their candidates")
    func importListsTypos() async throws {
        try await withAPI { client, accounts, _ in
            let first = try await client.send(
                .post, "/vendors", json: Components.Schemas.NewVendor(name: Self.registered), token: accounts.member)
            let registeredID = try first.decode(Components.Schemas.Vendor.self).id
            let rows = [
                ContractImportAPITests.row(2, ["vendorName": Self.typo]),
                ContractImportAPITests.row(3, ["vendorName": Self.registered]),
                ContractImportAPITests.row(4, ["vendorName": "株式会社コールワン"]),
            ]
            let result = try ContractImportAPITests.result(
                try await ContractImportAPITests.importRows(client, rows, token: accounts.member))
            #expect(result.created == 3 && result.vendorsCreated == 2)
            let listed = try #require(result.similarNewVendors)
            #expect(listed.map(\.name) == [Self.typo])
            #expect(listed.first?.similar.map(\.id) == [registeredID])
        }
    }
}
