import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import ProcureTestSupport
import ProcurementAPI
import Testing

/// Bad input of every kind gets a clear 4xx problem document with a stable code, and the database
/// is exactly as it was before.
@Suite("bad input")
struct BadInputTests {
    /// A contract body that is valid, with `replacing` fields swapped for raw JSON values.
    static func contract(_ replacing: [String: String] = [:]) -> String {
        var fields: [(String, String)] = [
            ("municipalityCode", #""373869""#), ("vendor", #"{"name":"株式会社テストシステム"}"#),
            ("categoryCode", #""reservation_system""#), ("title", #""予約システム運用業務""#), ("amount", "1100000"),
            ("taxIncluded", "true"), ("billingBasis", #""annual""#), ("startDate", #""2024-04-01""#),
            ("endDate", #""2025-03-31""#), ("contractMethod", #""negotiated""#),
        ]
        for (key, value) in replacing {
            if let index = fields.firstIndex(where: { $0.0 == key }) {
                fields[index].1 = value
            } else {
                fields.append((key, value))
            }
        }
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    /// Requests refused before or by the contract and vendor handlers.
    static let contractCases: [BadRequestCase] = [
        .init("empty body", .post, "/contracts", json: "", .badRequest, "malformed_json"),
        .init(
            "truncated JSON", .post, "/contracts", json: String(contract().prefix(60)), .badRequest, "malformed_json"),
        .init("not JSON", .post, "/contracts", json: "title=予約&amount=1", .badRequest, "malformed_json"),
        .init("an array, not an object", .post, "/contracts", json: "[]", .badRequest, "malformed_json"),
        .init(
            "a trailing comma", .post, "/contracts", json: String(contract().dropLast()) + ",}", .badRequest,
            "malformed_json"),
        .init(
            "invalid UTF-8 in a string", .post, "/contracts",
            body: Array(#"{"title":""#.utf8) + [0x8C, 0x5F, 0xFF] + Array(#""}"#.utf8), .badRequest, "malformed_json"),
        .init(
            "CP932 bytes in a string", .post, "/contracts",
            body: Array(contract().utf8.prefix(100)) + [0x97, 0x5C, 0x96, 0xF1] + Array(#""}"#.utf8), .badRequest,
            "malformed_json"),
        .init(
            "amount as text", .post, "/contracts", json: contract(["amount": #""1100000""#]), .badRequest,
            "invalid_body"),
        .init(
            "amount with a fraction", .post, "/contracts", json: contract(["amount": "1100000.5"]), .badRequest,
            "malformed_json"),
        .init(
            "amount beyond Int64", .post, "/contracts", json: contract(["amount": "9223372036854775808"]), .badRequest,
            "malformed_json"),
        .init(
            "amount of 1e300", .post, "/contracts", json: contract(["amount": "1e300"]), .badRequest, "malformed_json"),
        .init(
            "negative yen", .post, "/contracts", json: contract(["amount": "-1"]), .unprocessableContent,
            "invalid_contract"),
        .init(
            "tax flag as text", .post, "/contracts", json: contract(["taxIncluded": #""yes""#]), .badRequest,
            "invalid_body"),
        .init(
            "unknown billing basis", .post, "/contracts", json: contract(["billingBasis": #""weekly""#]), .badRequest,
            "invalid_body"),
        .init(
            "unknown contract method", .post, "/contracts", json: contract(["contractMethod": #""bribe""#]),
            .badRequest,
            "invalid_body"),
        .init(
            "a missing title", .post, "/contracts",
            json: contract().replacingOccurrences(of: #""title":"予約システム運用業務","#, with: ""), .badRequest, "invalid_body"),
        .init(
            "a title of 501 characters", .post, "/contracts",
            json: contract(["title": "\"" + String(repeating: "長", count: 501) + "\""]), .unprocessableContent,
            "invalid_contract"),
        .init("a null title", .post, "/contracts", json: contract(["title": "null"]), .badRequest, "null_value"),
        .init(
            "a NUL character in the title", .post, "/contracts", json: contract(["title": #""予約\u0000業務""#]),
            .badRequest, "invalid_text"),
        .init(
            "a municipality code of five digits", .post, "/contracts",
            json: contract(["municipalityCode": #""37386""#]),
            .badRequest, "invalid_municipality_code"),
        .init(
            "a municipality code with a wrong check digit", .post, "/contracts",
            json: contract(["municipalityCode": #""373868""#]), .badRequest, "invalid_municipality_code"),
        .init(
            "a corporate number with a wrong check digit", .post, "/contracts",
            json: contract(["vendor": #"{"corporateNumber":"9000020130001"}"#]), .badRequest, "invalid_corporate_number"
        ),
        .init(
            "a vendor with a wrong check digit", .post, "/vendors",
            json: #"{"name":"株式会社テスト","corporateNumber":"8000020130002"}"#, .badRequest, "invalid_corporate_number"),
        .init(
            "a NUL in a vendor name", .post, "/vendors", json: #"{"name":"株式会社\u0000テスト"}"#, .badRequest,
            "invalid_text"),
        .init("a vendor name as a number", .post, "/vendors", json: #"{"name":12}"#, .badRequest, "invalid_body"),
        .init("a vendor search with a NUL", .get, "/vendors?search=%00", body: nil, .badRequest, "invalid_text"),
        .init(
            "a municipality search of 201 characters", .get,
            "/municipalities?search=" + String(repeating: "a", count: 201), body: nil, .badRequest, "invalid_search"),
        .init(
            "a municipality filter that is not UTF-8", .get, "/contracts?municipality=%FF", body: nil, .badRequest,
            "invalid_municipality"),
        .init("a cursor that is not UTF-8", .get, "/contracts?cursor=%FF%FE", body: nil, .badRequest, "invalid_cursor"),
        .init(
            "a search that ends in half a character", .get, "/vendors?search=%E3%81", body: nil, .badRequest,
            "invalid_search"),
        .init(
            "a cursor of 201 characters", .get, "/contracts?cursor=" + String(repeating: "A", count: 201), body: nil,
            .badRequest, "invalid_cursor"),
        .init(
            "a municipality code in a path", .get, "/municipalities/37386X", body: nil, .badRequest,
            "invalid_municipality_code"),
        .init(
            "a contract id beyond Int64", .get, "/contracts/99999999999999999999", body: nil, .badRequest,
            "invalid_contract_id"),
        .init("a negative contract id", .get, "/contracts/-1", body: nil, .badRequest, "invalid_contract_id"),
        .init(
            "a fiscal year that is text", .get, "/contracts?fiscalYear=" + queryValue("令和6"), body: nil, .badRequest,
            "invalid_parameter"
        ),
    ]

    @Test("malformed JSON, wrong types, huge numbers, negative yen, unknown enums and invalid codes are 4xx")
    func contractsAndVendors() async throws {
        try await withAPI { client, accounts, database in
            let before = try await DatabaseFingerprint.take(database)
            for request in Self.contractCases {
                try await client.expectRefused(request, token: accounts.member)
            }
            let after = try await DatabaseFingerprint.take(database)
            #expect(after.changedTables(since: before) == [])
        }
    }

    @Test("a body of 10 MB is 413 body_too_large and writes nothing")
    func tenMegabytes() async throws {
        try await withAPI { client, accounts, database in
            let before = try await DatabaseFingerprint.take(database)
            let title = String(repeating: "あ", count: 10 * 1024 * 1024 / 3)
            let body = Array(Self.contract(["title": "\"\(title)\""]).utf8)
            #expect(body.count > 10_000_000)
            for path in ["/contracts", "/vendors", "/contract-imports"] {
                try await client.expectRefused(
                    BadRequestCase("10 MB", .post, path, body: body, .contentTooLarge, "body_too_large"),
                    token: accounts.member)
            }
            #expect(try await DatabaseFingerprint.take(database).changedTables(since: before) == [])
        }
    }

    @Test("a method a known path does not have is 405 with Allow; an unknown path is 404")
    func methodNotAllowed() async throws {
        try await withAPI { client, accounts, _ in
            for (method, path, allow) in [
                (HTTPRequest.Method.trace, "/cases", "GET, HEAD, POST"),
                (.patch, "/contracts/1", "DELETE, GET, HEAD, PUT"), (.delete, "/vendors", "GET, HEAD, POST"),
                (.put, "/healthz", "GET, HEAD"), (.post, "/savings/verify", "GET, HEAD"),
            ] {
                let response = try await client.execute(
                    uri: path, method: method, headers: [.authorization: "Bearer \(accounts.member)"], body: nil)
                #expect(response.status == .methodNotAllowed, "\(method) \(path)")
                #expect(response.headers[.allow] == allow, "\(method) \(path)")
                #expect(try response.problem().code == "method_not_allowed")
            }
            let unknown = try await client.get("/contracts/1/nothing", token: accounts.member)
            #expect(unknown.status == .notFound)
            #expect(try unknown.problem().code == "not_found")
        }
    }

    @Test("explicit nulls are 400 null_value: an import's municipality and a case's product")
    func explicitNulls() async throws {
        try await withCaseWorld { world in
            let before = try await DatabaseFingerprint.take(world.database)
            for request in [
                BadRequestCase(
                    "null municipality", .post, "/contract-imports",
                    json: #"{"municipalityCode":null,"skipInvalid":null}"#, .badRequest, "null_value"),
                BadRequestCase(
                    "null product", .post, "/cases",
                    json:
                        #"{"vendorId":"\#(world.vendorID)","categoryCode":"reservation_system","title":"t","product":null}"#,
                    .badRequest, "null_value"),
            ] {
                try await world.client.expectRefused(request, token: world.utazu)
            }
            #expect(try await DatabaseFingerprint.take(world.database).changedTables(since: before) == [])
        }
    }

    @Test("cases, notes, offers and savings refuse wrong types, huge and negative yen and unknown enums")
    func casesAndSavings() async throws {
        try await withCaseWorld { world in
            let agreed = try await world.caseIn("agreed")
            let open = try await world.open(title: "保守費の共同交渉")
            let tag = try await world.get(open.id).eTag
            let before = try await DatabaseFingerprint.take(world.database)
            let key: HTTPFields = [.idempotencyKey: UUID().uuidString]
            let entry = #""municipalityCode":"373869","effectiveDate":"2027-04-01","taxIncluded":true"#
            let cases: [BadRequestCase] = [
                .init(
                    "truncated case", .post, "/cases", json: #"{"vendorId":"\#(world.vendorID)","categ"#, .badRequest,
                    "malformed_json"),
                .init(
                    "target percent of 1e30", .post, "/cases",
                    json:
                        #"{"vendorId":"\#(world.vendorID)","categoryCode":"reservation_system","title":"t","targetReductionPercent":1e30}"#,
                    .badRequest, "malformed_json"),
                .init(
                    "a vendor id as a number", .post, "/cases",
                    json: #"{"vendorId":1,"categoryCode":"reservation_system","title":"t"}"#, .badRequest,
                    "invalid_body"),
                .init(
                    "a negative baseline", .post, "/cases",
                    json:
                        #"{"vendorId":"\#(world.vendorID)","categoryCode":"reservation_system","title":"t","baseline":{"annualAmount":-1,"taxIncluded":true}}"#,
                    .unprocessableContent, "invalid_case"),
                .init(
                    "an unknown status", .post, "/cases/\(open.id)/transitions", json: #"{"to":"exploded"}"#,
                    .badRequest,
                    "invalid_body", headers: [.ifMatch: tag]),
                .init(
                    "an unknown participant action", .post, "/cases/\(open.id)/participants/212091/bribe", body: nil,
                    .badRequest, "invalid_parameter"),
                .init(
                    "an unknown note kind", .post, "/cases/\(open.id)/notes", json: #"{"text":"メモ","kind":"gossip"}"#,
                    .badRequest, "invalid_body"),
                .init(
                    "a note as a number", .post, "/cases/\(open.id)/notes", json: #"{"text":42}"#, .badRequest,
                    "invalid_body"),
                .init(
                    "a NUL in a note", .post, "/cases/\(open.id)/notes", json: #"{"text":"議事\u0000録"}"#, .badRequest,
                    "invalid_text"),
                .init(
                    "a negative offer", .post, "/cases/\(open.id)/offers",
                    json: #"{"amount":-5,"taxIncluded":true,"offeredOn":"2026-12-10"}"#, .unprocessableContent,
                    "invalid_offer"),
                .init(
                    "an offer beyond Int64", .post, "/cases/\(open.id)/offers",
                    json: #"{"amount":18446744073709551616,"taxIncluded":true,"offeredOn":"2026-12-10"}"#, .badRequest,
                    "malformed_json"),
                .init(
                    "savings in floating-point yen", .post, "/cases/\(agreed.id)/savings",
                    json: #"{\#(entry),"baselineAmount":1100000.0001,"negotiatedAmount":990000}"#, .badRequest,
                    "malformed_json", headers: key),
                .init(
                    "negative savings baseline", .post, "/cases/\(agreed.id)/savings",
                    json: #"{\#(entry),"baselineAmount":-1100000,"negotiatedAmount":990000}"#, .unprocessableContent,
                    "invalid_savings_entry", headers: key),
                .init(
                    "a savings amount beyond Int64", .post, "/cases/\(agreed.id)/savings",
                    json: #"{\#(entry),"baselineAmount":99999999999999999999,"negotiatedAmount":990000}"#, .badRequest,
                    "malformed_json", headers: key),
                .init(
                    "a savings municipality with a wrong check digit", .post, "/cases/\(agreed.id)/savings",
                    json:
                        #"{"municipalityCode":"373860","effectiveDate":"2027-04-01","taxIncluded":true,"baselineAmount":1,"negotiatedAmount":0}"#,
                    .badRequest, "invalid_municipality_code", headers: key),
                .init(
                    "a reversal reason as a list", .post, "/savings/1/reversal", json: #"{"reason":["誤り"]}"#,
                    .badRequest,
                    "invalid_body"),
            ]
            for request in cases {
                try await world.client.expectRefused(request, token: world.utazu)
            }
            #expect(try await DatabaseFingerprint.take(world.database).changedTables(since: before) == [])
        }
    }
}
