import HTTPTypes
import HummingbirdTesting
import Ledger
import PostgresNIO
import ProcureTestSupport
import ProcurementAPI
import ProcurementClient
import Testing

@Suite("municipalities API")
struct MunicipalityAPITests {
    @Test("a municipality is found by its code")
    func show() async throws {
        try await withAPI { client, accounts, _ in
            let response = try await client.get("/municipalities/373869", token: accounts.member)
            #expect(response.status == .ok)
            let municipality = try response.decode(Components.Schemas.Municipality.self)
            #expect(municipality.prefecture == "香川県")
            #expect(municipality.name == "宇多津町")
            #expect(municipality.kana == "ウタヅチョウ")
            #expect(municipality.kind == .town)
            #expect(municipality.prefectureCode == "37")
        }
    }

    @Test("a code with a wrong check digit is 400 invalid_municipality_code")
    func wrongCheckDigit() async throws {
        try await withAPI { client, accounts, _ in
            let response = try await client.get("/municipalities/373868", token: accounts.member)
            #expect(response.status == .badRequest)
            let problem = try response.problem()
            #expect(problem.code == "invalid_municipality_code")
            #expect(problem.detail?.contains("check digit should be 9") == true)
        }
    }

    @Test("a malformed code is 400 invalid_municipality_code")
    func malformedCode() async throws {
        try await withAPI { client, accounts, _ in
            for code in ["37386", "abcdef", "3738690"] {
                let response = try await client.get("/municipalities/\(code)", token: accounts.member)
                #expect(response.status == .badRequest, "\(code)")
                #expect(try response.problem().code == "invalid_municipality_code")
            }
        }
    }

    @Test("a well-formed code that no local government has is 404")
    func unknownCode() async throws {
        try await withAPI { client, accounts, _ in
            // 37999x: prefecture 37 has no municipality numbered 999; 6·3+5·7+4·9+3·9+2·9 = 134,
            // 134 mod 11 = 2, so the check digit is 9.
            let response = try await client.get("/municipalities/379999", token: accounts.member)
            #expect(response.status == .notFound)
            #expect(try response.problem().code == "municipality_not_found")
        }
    }

    @Test("a prefecture lists itself and its municipalities, by name, short name or code")
    func prefectureFilter() async throws {
        try await withAPI { client, accounts, _ in
            for prefecture in ["香川県", "香川", "37"] {
                let page = try await client.get(
                    "/municipalities?prefecture=\(queryValue(prefecture))", token: accounts.member
                )
                .decode(Components.Schemas.MunicipalityPage.self)
                #expect(page.items.count == 18, "\(prefecture)")
                #expect(page.items.first?.kind == .prefecture)
                #expect(page.items.allSatisfy { $0.prefecture == "香川県" })
                #expect(page.nextCursor == nil)
            }
        }
    }

    @Test("an unknown prefecture is 400, not an empty list")
    func unknownPrefecture() async throws {
        try await withAPI { client, accounts, _ in
            let response = try await client.get("/municipalities?prefecture=Atlantis", token: accounts.member)
            #expect(response.status == .badRequest)
            #expect(try response.problem().code == "unknown_prefecture")
        }
    }

    @Test("kanji, katakana, hiragana and half-width katakana all find 宇多津町")
    func searchByReading() async throws {
        try await withAPI { client, accounts, _ in
            for query in ["宇多津", "ウタヅ", "うたづ", "ｳﾀﾂﾞ"] {
                let page = try await client.get("/municipalities?search=\(queryValue(query))", token: accounts.member)
                    .decode(Components.Schemas.MunicipalityPage.self)
                #expect(page.items.map(\.code).contains("373869"), "\(query)")
            }
        }
    }

    @Test("pages follow each other without gaps or repeats over all 1,788 local governments")
    func pagination() async throws {
        try await withAPI { client, accounts, _ in
            var codes: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let uri = "/municipalities?limit=500" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await client.get(uri, token: accounts.member)
                    .decode(Components.Schemas.MunicipalityPage.self)
                codes += page.items.map(\.code)
                cursor = page.nextCursor
                pages += 1
            } while cursor != nil
            #expect(pages == 4)
            #expect(codes.count == 1788)
            #expect(Set(codes).count == 1788)
            #expect(codes == codes.sorted())
        }
    }

    @Test("a limit outside 1…500 or a forged cursor is 400")
    func invalidPaging() async throws {
        try await withAPI { client, accounts, _ in
            for query in ["limit=0", "limit=501"] {
                let response = try await client.get("/municipalities?\(query)", token: accounts.member)
                #expect(response.status == .badRequest, "\(query)")
                #expect(try response.problem().code == "invalid_limit")
            }
            let response = try await client.get("/municipalities?cursor=bm90LWEtY3Vyc29y", token: accounts.member)
            #expect(response.status == .badRequest)
            #expect(try response.problem().code == "invalid_cursor")
        }
    }

    @Test("a limit that is not a number is 400, not 500")
    func nonNumericLimit() async throws {
        try await withAPI { client, accounts, _ in
            let response = try await client.get("/municipalities?limit=ten", token: accounts.member)
            #expect(response.status == .badRequest)
            _ = try response.problem()
        }
    }
}
