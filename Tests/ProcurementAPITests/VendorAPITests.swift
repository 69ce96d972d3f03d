import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import PostgresNIO
import ProcureTestSupport
import ProcurementAPI
import ProcurementClient
import Testing

/// トヨタ自動車株式会社's corporate number: a real, valid one.
private let toyota = "1180301018771"
/// ソニーグループ株式会社's.
private let sony = "5010401067252"

extension TestResponse {
    /// The body decoded as the API encodes it: dates (`createdAt`) in RFC 3339.
    fileprivate func decodeAPI<T: Decodable>(_ type: T.Type) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(body.readableBytesView))
    }
}

extension TestClientProtocol {
    /// Registers a vendor and returns it, failing the test unless it was created.
    fileprivate func registerVendor(
        _ name: String, corporateNumber: String? = nil, kana: String? = nil, token: String
    ) async throws -> Components.Schemas.Vendor {
        // Names close to one another are registered on purpose here: confirmed as new.
        let body = Components.Schemas.NewVendor(
            name: name, corporateNumber: corporateNumber, kana: kana, confirmNew: true)
        let response = try await send(.post, "/vendors", json: body, token: token)
        try #require(response.status == .created, "\(response.text)")
        return try response.decodeAPI(Components.Schemas.Vendor.self)
    }

    fileprivate func searchVendors(_ text: String, token: String) async throws -> [Components.Schemas.Vendor] {
        let response = try await get("/vendors?search=\(queryValue(text))", token: token)
        try #require(response.status == .ok, "\(response.text)")
        return try response.decodeAPI(Components.Schemas.VendorPage.self).items
    }

    fileprivate func merge(_ loser: String, into winner: String, token: String) async throws -> TestResponse {
        try await send(
            .post, "/vendors/\(winner)/merge", json: Components.Schemas.VendorMergeRequest(mergeVendorId: loser),
            token: token)
    }
}

@Suite("vendors API: registering")
struct VendorRegistrationAPITests {
    @Test("a member registers a vendor; the answer has its name key and its reading in katakana")
    func register() async throws {
        try await withAPI { client, accounts, _ in
            let vendor = try await client.registerVendor(
                "株式会社ＡＢＣシステム", corporateNumber: "１１８０３０１０１８７７１", kana: "えーびーしーしすてむ",
                token: accounts.member)
            #expect(vendor.name == "株式会社ＡＢＣシステム")
            #expect(vendor.nameKey == "abcシステム")
            #expect(vendor.corporateNumber == toyota)
            #expect(vendor.kana == "エービーシーシステム")
            #expect(vendor.aliases == [])
        }
    }

    @Test("a second vendor with the same name key is refused with 409 and the existing id")
    func duplicateNameKey() async throws {
        try await withAPI { client, accounts, _ in
            let existing = try await client.registerVendor("株式会社ABCシステム", token: accounts.member)
            let body = Components.Schemas.NewVendor(name: "ＡＢＣシステム株式会社")
            let response = try await client.send(.post, "/vendors", json: body, token: accounts.otherMember)
            #expect(response.status == .conflict)
            let problem = try response.problem()
            #expect(problem.code == "vendor_exists")
            #expect(problem.existingId == existing.id)
            #expect(problem.detail == "vendor ＡＢＣシステム株式会社 already exists as #\(existing.id) (株式会社ABCシステム)")
        }
    }

    @Test("a second vendor with the same corporate number is refused with 409 and the existing id")
    func duplicateCorporateNumber() async throws {
        try await withAPI { client, accounts, _ in
            let existing = try await client.registerVendor(
                "トヨタ自動車株式会社", corporateNumber: toyota, token: accounts.member)
            let body = Components.Schemas.NewVendor(name: "TOYOTA MOTOR CORPORATION", corporateNumber: toyota)
            let response = try await client.send(.post, "/vendors", json: body, token: accounts.member)
            #expect(response.status == .conflict)
            #expect(try response.problem().existingId == existing.id)
        }
    }

    @Test("concurrent registrations of one company answer one 201 and 409s naming the same vendor")
    func concurrentRegistrations() async throws {
        try await withAPI { client, accounts, _ in
            let spellings = ["株式会社ABCシステム", "㈱ABCシステム", "ABCシステム(株)", "ＡＢＣシステム株式会社"]
            let answers = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String?).self) { group in
                for spelling in spellings {
                    group.addTask {
                        let response = try await client.send(
                            .post, "/vendors", json: Components.Schemas.NewVendor(name: spelling),
                            token: accounts.member)
                        if response.status == .created {
                            return (.created, try response.decodeAPI(Components.Schemas.Vendor.self).id)
                        }
                        return (response.status, try response.problem().existingId)
                    }
                }
                return try await group.reduce(into: [(HTTPResponse.Status, String?)]()) { $0.append($1) }
            }
            #expect(answers.filter { $0.0 == .created }.count == 1)
            #expect(answers.filter { $0.0 == .conflict }.count == spellings.count - 1)
            #expect(Set(answers.map(\.1)).count == 1)
        }
    }

    @Test("a corporate number with a wrong check digit is 400 invalid_corporate_number, saying why")
    func invalidCorporateNumber() async throws {
        try await withAPI { client, accounts, _ in
            let body = Components.Schemas.NewVendor(name: "株式会社ABCシステム", corporateNumber: "2180301018771")
            let response = try await client.send(.post, "/vendors", json: body, token: accounts.member)
            #expect(response.status == .badRequest)
            let problem = try response.problem()
            #expect(problem.code == "invalid_corporate_number")
            #expect(problem.detail?.contains("check digit") == true)
            #expect(problem.errors?.first?.pointer == "/corporateNumber")
        }
    }

    @Test("a name that is nothing but a legal form is 422 invalid_vendor_name")
    func legalFormOnly() async throws {
        try await withAPI { client, accounts, _ in
            let response = try await client.send(
                .post, "/vendors", json: Components.Schemas.NewVendor(name: "株式会社"), token: accounts.member)
            #expect(response.status == .unprocessableContent)
            let problem = try response.problem()
            #expect(problem.code == "invalid_vendor_name")
            #expect(problem.errors?.first?.pointer == "/name")
        }
    }

    @Test("registering a vendor needs a token")
    func unauthenticated() async throws {
        try await withAPI { client, _, _ in
            let response = try await client.send(
                .post, "/vendors", json: Components.Schemas.NewVendor(name: "株式会社ABCシステム"), token: nil)
            #expect(response.status == .unauthorized)
        }
    }
}

@Suite("vendors API: finding")
struct VendorLookupAPITests {
    @Test("a vendor is found by its corporate number, typed in full-width digits too")
    func byCorporateNumber() async throws {
        try await withAPI { client, accounts, _ in
            let vendor = try await client.registerVendor("トヨタ自動車株式会社", corporateNumber: toyota, token: accounts.member)
            for number in [toyota, "１１８０３０１０１８７７１"] {
                let response = try await client.get(
                    "/vendors/by-corporate-number/\(queryValue(number))", token: accounts.otherMember)
                #expect(response.status == .ok, "\(number)")
                #expect(try response.decodeAPI(Components.Schemas.Vendor.self).id == vendor.id)
            }
        }
    }

    @Test("a malformed corporate number is 400 and an unregistered one 404")
    func byCorporateNumberRefused() async throws {
        try await withAPI { client, accounts, _ in
            let malformed = try await client.get("/vendors/by-corporate-number/118030101877", token: accounts.member)
            #expect(malformed.status == .badRequest)
            #expect(try malformed.problem().code == "invalid_corporate_number")
            let unknown = try await client.get("/vendors/by-corporate-number/\(sony)", token: accounts.member)
            #expect(unknown.status == .notFound)
            #expect(try unknown.problem().code == "vendor_not_found")
        }
    }

    @Test("a vendor is found by id; an unknown id is 404 and a malformed one 400")
    func byID() async throws {
        try await withAPI { client, accounts, _ in
            let vendor = try await client.registerVendor("株式会社ABCシステム", token: accounts.member)
            let found = try await client.get("/vendors/\(vendor.id)", token: accounts.admin)
            #expect(try found.decodeAPI(Components.Schemas.Vendor.self) == vendor)
            let unknown = try await client.get("/vendors/999999", token: accounts.member)
            #expect(unknown.status == .notFound)
            #expect(try unknown.problem().code == "vendor_not_found")
            let malformed = try await client.get("/vendors/abc", token: accounts.member)
            #expect(malformed.status == .badRequest)
            #expect(try malformed.problem().code == "invalid_vendor_id")
        }
    }

    @Test("a search with a typo or a part of the name finds the vendor, best match first")
    func fuzzySearch() async throws {
        try await withAPI { client, accounts, _ in
            let longer = try await client.registerVendor("ABCシステムズ株式会社", token: accounts.member)
            let vendor = try await client.registerVendor("株式会社ＡＢＣシステム", token: accounts.member)
            _ = try await client.registerVendor("富士通株式会社", token: accounts.member)
            for query in ["ABCシステム", "ABCシステン", "ABC"] {
                let found = try await client.searchVendors(query, token: accounts.otherMember)
                #expect(found.map(\.id) == [vendor.id, longer.id], "\(query)")
            }
        }
    }

    @Test("a search finds a vendor by its reading, typed in hiragana")
    func searchByReading() async throws {
        try await withAPI { client, accounts, _ in
            let vendor = try await client.registerVendor("日本電気株式会社", kana: "ニッポンデンキ", token: accounts.member)
            let found = try await client.searchVendors("にっぽんでんき", token: accounts.member)
            #expect(found.map(\.id) == [vendor.id])
        }
    }

    @Test("a search text over 200 characters is 400")
    func searchTooLong() async throws {
        try await withAPI { client, accounts, _ in
            let text = String(repeating: "あ", count: 201)
            let response = try await client.get("/vendors?search=\(queryValue(text))", token: accounts.member)
            #expect(response.status == .badRequest)
            #expect(try response.problem().code == "invalid_search")
        }
    }

    @Test("without a search, pages of vendors follow each other in id order")
    func pagination() async throws {
        try await withAPI { client, accounts, _ in
            var registered: [String] = []
            for number in 1...5 {
                registered.append(try await client.registerVendor("ベンダー\(number)号", token: accounts.member).id)
            }
            var listed: [String] = []
            var cursor: String?
            repeat {
                let uri = "/vendors?limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await client.get(uri, token: accounts.member).decodeAPI(
                    Components.Schemas.VendorPage.self)
                listed += page.items.map(\.id)
                cursor = page.nextCursor
            } while cursor != nil
            #expect(listed == registered)
        }
    }

    @Test("a cursor of another list is 400 invalid_cursor")
    func foreignCursor() async throws {
        try await withAPI { client, accounts, _ in
            let municipalities = try await client.get("/municipalities?limit=1", token: accounts.member)
                .decode(Components.Schemas.MunicipalityPage.self)
            let cursor = try #require(municipalities.nextCursor)
            let response = try await client.get("/vendors?cursor=\(cursor)", token: accounts.member)
            #expect(response.status == .badRequest)
            #expect(try response.problem().code == "invalid_cursor")
        }
    }
}

@Suite("vendors API: merging")
struct VendorMergeAPITests {
    /// A contract of 宇多津町 with the vendor, inserted directly: merging is what is under test.
    private func contract(vendor: String, _ database: PostgresClient) async throws {
        let vendorID = try #require(Int64(vendor))
        try await database.query(
            """
            INSERT INTO contracts (municipality_code, vendor_id, category_code, title, amount, tax_included,
                                   billing_basis, start_date, end_date, contract_method)
            VALUES ('373869', \(vendorID), 'reservation_system', '予約システム', 1200000, true, 'annual',
                    '2024-04-01', '2025-03-31', 'negotiated')
            """,
            logger: TestDatabase.logger)
    }

    @Test("an admin merges two vendors: contracts move and the loser's name becomes an alias")
    func merge() async throws {
        try await withAPI { client, accounts, database in
            let winner = try await client.registerVendor("株式会社ABCシステム", token: accounts.member)
            let loser = try await client.registerVendor("エービーシー・システム", corporateNumber: toyota, token: accounts.member)
            try await contract(vendor: loser.id, database)
            try await contract(vendor: loser.id, database)
            let response = try await client.merge(loser.id, into: winner.id, token: accounts.admin)
            #expect(response.status == .ok)
            let result = try response.decodeAPI(Components.Schemas.VendorMergeResult.self)
            #expect(result.contractsMoved == 2)
            #expect(result.mergedVendorId == loser.id)
            // The vendor is named as registered with its corporate number, the loser's here.
            #expect(result.vendor.name == "エービーシー・システム" && result.vendor.id == winner.id)
            #expect(result.vendor.aliases == ["株式会社ABCシステム"])
            #expect(result.vendor.corporateNumber == toyota)
            #expect(try await client.get("/vendors/\(loser.id)", token: accounts.member).status == .notFound)
        }
    }

    @Test("a member cannot merge vendors: 403 forbidden")
    func memberForbidden() async throws {
        try await withAPI { client, accounts, _ in
            let winner = try await client.registerVendor("株式会社ABCシステム", token: accounts.member)
            let loser = try await client.registerVendor("エービーシー・システム", token: accounts.member)
            let response = try await client.merge(loser.id, into: winner.id, token: accounts.member)
            #expect(response.status == .forbidden)
            #expect(try response.problem().code == "forbidden")
            #expect(try await client.get("/vendors/\(loser.id)", token: accounts.member).status == .ok)
        }
    }

    @Test("merging a vendor into itself is 422")
    func intoItself() async throws {
        try await withAPI { client, accounts, _ in
            let vendor = try await client.registerVendor("株式会社ABCシステム", token: accounts.member)
            let response = try await client.merge(vendor.id, into: vendor.id, token: accounts.admin)
            #expect(response.status == .unprocessableContent)
            #expect(try response.problem().code == "vendor_merge_into_itself")
        }
    }

    @Test("merging an unknown vendor is 404")
    func unknownVendor() async throws {
        try await withAPI { client, accounts, _ in
            let vendor = try await client.registerVendor("株式会社ABCシステム", token: accounts.member)
            for (loser, winner) in [("999999", vendor.id), (vendor.id, "999999")] {
                let response = try await client.merge(loser, into: winner, token: accounts.admin)
                #expect(response.status == .notFound, "\(loser) into \(winner)")
                #expect(try response.problem().code == "vendor_not_found")
            }
        }
    }

    @Test("vendors with different corporate numbers are not merged: 409")
    func differentCorporateNumbers() async throws {
        try await withAPI { client, accounts, _ in
            let winner = try await client.registerVendor("トヨタ自動車株式会社", corporateNumber: toyota, token: accounts.member)
            let loser = try await client.registerVendor("ソニーグループ株式会社", corporateNumber: sony, token: accounts.member)
            let response = try await client.merge(loser.id, into: winner.id, token: accounts.admin)
            #expect(response.status == .conflict)
            #expect(try response.problem().code == "vendor_merge_conflict")
        }
    }
}
