import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import ProcureTestSupport
import Testing

@testable import ProcurementAPI

/// Problem documents speak the language `Accept-Language` asks for; their `code` never changes.
@Suite("problem documents in the client's language")
struct LanguageTests {
    static func get(
        _ client: some TestClientProtocol, _ path: String, token: String, language: String?
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.authorization: "Bearer \(token)"]
        if let language { headers[.acceptLanguage] = language }
        return try await client.execute(uri: path, method: .get, headers: headers)
    }

    @Test("Accept-Language: ja gets Japanese title and detail, Content-Language: ja, the same code")
    func japanese() async throws {
        try await withAPI { client, accounts, _ in
            let english = try await Self.get(client, "/cases/999999", token: accounts.member, language: nil)
            let japanese = try await Self.get(
                client, "/cases/999999", token: accounts.member, language: "ja-JP,ja;q=0.9,en;q=0.8")
            #expect(english.status == .notFound && japanese.status == .notFound)
            #expect(english.headers[.contentLanguage] == "en")
            #expect(japanese.headers[.contentLanguage] == "ja")
            #expect(japanese.headers[.vary]?.contains("Accept-Language") == true)
            let en = try english.problem()
            let ja = try japanese.problem()
            #expect(en.code == "case_not_found" && ja.code == "case_not_found")
            #expect(en.title == "No such case" && en.detail == "there is no case 999999")
            #expect(ja.title == "案件がありません" && ja.detail == "案件 999999 はありません")
        }
    }

    @Test("field errors, the API layer's own refusals and unknown routes are in Japanese too")
    func fieldErrorsAndRoutes() async throws {
        try await withAPI { client, accounts, _ in
            let badCode = try await Self.get(
                client, "/municipalities/37386", token: accounts.member, language: "ja")
            let problem = try badCode.problem()
            #expect(problem.code == "invalid_municipality_code")
            #expect(problem.detail?.contains("5桁です") == true, "\(problem.detail ?? "")")
            #expect(problem.errors?.first?.message.contains("5桁") == true)

            let noRoute = try await Self.get(client, "/no/such/thing", token: accounts.member, language: "ja")
            #expect(try noRoute.problem().detail == "GET /no/such/thing はありません")

            var headers: HTTPFields = [.acceptLanguage: "ja"]
            headers[.authorization] = "Bearer nope"
            let unauthorized = try await client.execute(uri: "/me", method: .get, headers: headers)
            #expect(unauthorized.status == .unauthorized)
            #expect(try unauthorized.problem().detail == "トークンが正しくないか、失効しています")
        }
    }

    @Test("a language procure does not speak gets English")
    func otherLanguages() async throws {
        try await withAPI { client, accounts, _ in
            let response = try await Self.get(client, "/cases/999999", token: accounts.member, language: "fr, de;q=0.5")
            #expect(response.headers[.contentLanguage] == "en")
            #expect(try response.problem().detail == "there is no case 999999")
        }
    }
}

@Suite("invalid query parameters named")
struct NamedParameterTests {
    @Test("a number or flag that is none is named, with its pointer, in the client's language")
    func named() async throws {
        try await withAPI { client, accounts, _ in
            let limit = try await LanguageTests.get(
                client, "/contracts?limit=abc", token: accounts.member, language: nil)
            #expect(limit.status == .badRequest)
            let problem = try limit.problem()
            #expect(problem.code == "invalid_parameter")
            #expect(problem.detail == "?limit must be a whole number, not 'abc'")
            #expect(problem.errors?.first?.pointer == "?limit")
            let mine = try await LanguageTests.get(client, "/cases?mine=maybe", token: accounts.member, language: "ja")
            #expect(try mine.problem().detail == "?mine は true か false です（'maybe' は使えません）")
        }
    }

    @Test("a value outside a parameter's list is named with the values it takes, on each path its own list")
    func enumerated() async throws {
        try await withAPI { client, accounts, _ in
            let cases = try await LanguageTests.get(client, "/cases?status=xyz", token: accounts.member, language: nil)
            #expect(cases.status == .badRequest)
            let problem = try cases.problem()
            #expect(problem.code == "invalid_parameter" && problem.errors?.first?.pointer == "?status")
            #expect(
                problem.detail
                    == "?status must be one of open, negotiating, agreed, failed, closed, withdrawn, not 'xyz'")
            let proposals = try await LanguageTests.get(
                client, "/vendor-merge-proposals?status=agreed", token: accounts.member, language: "ja")
            #expect(
                try proposals.problem().detail
                    == "?status は open, accepted, rejected, superseded, all のどれかです（'agreed' は使えません）")
            let report = try await LanguageTests.get(
                client, "/reports/savings?groupBy=year", token: accounts.member, language: nil)
            #expect(try report.problem().errors?.first?.pointer == "?groupBy")
            // A value the list has is not refused for it.
            let fine = try await LanguageTests.get(
                client, "/cases?status=agreed", token: accounts.member, language: nil)
            #expect(fine.status == .ok)
        }
    }

    @Test("the operations whose body openapi.yaml makes optional are the middleware's")
    func everyOptionalBodyKnown() throws {
        let lines = embeddedOpenAPIDocument.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var found: Set<String> = []
        var path = ""
        var method = ""
        for (index, line) in lines.enumerated() {
            if let match = line.firstMatch(of: /^  (\/[^:]*):$/)?.1 { path = String(match) }
            if let match = line.firstMatch(of: /^    (get|post|put|patch|delete):$/)?.1 { method = String(match) }
            // A request body is optional unless it says `required: true` (OpenAPI's default).
            if line == "      requestBody:", index + 1 < lines.count, lines[index + 1] != "        required: true" {
                found.insert("\(method.uppercased()) \(path)")
            }
        }
        let known = StrictInputMiddleware<BasicRequestContext>.optionalBodies.map { "\($0.method) \($0.path)" }
        #expect(!found.isEmpty)
        #expect(found == Set(known))
    }

    @Test("every query parameter of openapi.yaml that takes a list of values is in the middleware's table")
    func everyEnumeratedParameterKnown() throws {
        // The spec's query parameters with `enum:` (inline or through a schema): a line-based read
        // of the document, enough for its regular layout.
        let lines = embeddedOpenAPIDocument.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var enumSchemas: Set<String> = []
        var schema: String?
        for line in lines {
            if let name = line.firstMatch(of: /^    ([A-Za-z]+):$/)?.1 { schema = String(name) }
            if line.hasPrefix("      enum: "), let schema { enumSchemas.insert(schema) }
        }
        var found: [String: Set<String>] = [:]
        var path = ""
        for (index, line) in lines.enumerated() {
            if let match = line.firstMatch(of: /^  (\/[^:]*):$/)?.1 { path = String(match) }
            guard let name = line.firstMatch(of: /^        - name: (\w+)$/)?.1,
                index + 1 < lines.count, lines[index + 1].contains("in: query")
            else { continue }
            var block: [String] = []
            for next in lines[(index + 1)...] {
                if next.hasPrefix("        - ") || !next.hasPrefix("          ") { break }
                block.append(next)
            }
            let text = block.joined(separator: "\n")
            let referenced = text.firstMatch(of: /schemas\/(\w+)"/).map { enumSchemas.contains(String($0.1)) } ?? false
            if text.contains("enum: [") || referenced { found[path, default: []].insert(String(name)) }
        }
        let known = ProblemMiddleware<BasicRequestContext>.enumeratedQueryParameters.mapValues { Set($0.keys) }
        #expect(!found.isEmpty)
        #expect(found == known)
    }
}
