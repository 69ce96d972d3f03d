import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import PostgresNIO
import ProcureTestSupport
import ProcurementAPI
import ProcurementClient
import Testing

/// A valid contract input; tests change the one field their rule is about.
private func input(
    municipality: String? = nil, vendor: String = "株式会社ABCシステム", category: String = "reservation_system",
    title: String = "ワクチン接種予約システム運用業務", amount: Int64 = 1_200_000,
    billing: Components.Schemas.BillingBasis = .annual, start: String = "2024-04-01", end: String = "2025-03-31",
    externalReference: String? = nil
) -> Components.Schemas.ContractInput {
    Components.Schemas.ContractInput(
        municipalityCode: municipality, vendor: .init(name: vendor), categoryCode: category, title: title,
        product: "よやくくん", amount: amount, taxIncluded: true, billingBasis: billing, startDate: start,
        endDate: end, contractMethod: .negotiated, externalReference: externalReference)
}

extension TestResponse {
    /// The body decoded with the API's date format (RFC 3339 timestamps such as `createdAt`).
    fileprivate func json<T: Decodable>(_ type: T.Type) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(body.readableBytesView))
    }
}

extension TestClientProtocol {
    /// Records a contract and returns it, failing the test unless it was created.
    fileprivate func record(
        _ body: Components.Schemas.ContractInput, token: String
    ) async throws -> Components.Schemas.Contract {
        let response = try await send(.post, "/contracts", json: body, token: token)
        try #require(response.status == .created, "\(response.text)")
        return try response.json(Components.Schemas.Contract.self)
    }

    fileprivate func delete(_ uri: String, token: String, ifMatch: String?) async throws -> TestResponse {
        var headers: HTTPFields = [.authorization: "Bearer \(token)"]
        if let ifMatch { headers[.ifMatch] = ifMatch }
        return try await execute(uri: uri, method: .delete, headers: headers, body: nil)
    }

    fileprivate func history(_ id: String, token: String) async throws -> [Components.Schemas.ContractHistoryEntry] {
        let response = try await get("/contracts/\(id)/history", token: token)
        try #require(response.status == .ok, "\(response.text)")
        return try response.json(Components.Schemas.ContractHistoryPage.self).items
    }

    fileprivate func list(_ query: String, token: String) async throws -> Components.Schemas.ContractPage {
        let response = try await get("/contracts?\(query)", token: token)
        try #require(response.status == .ok, "\(response.text)")
        return try response.json(Components.Schemas.ContractPage.self)
    }
}

@Suite("contracts API: recording")
struct ContractCreationAPITests {
    @Test("a member records a contract of its own municipality, with its vendor registered and an ETag")
    func create() async throws {
        try await withAPI { client, accounts, _ in
            let response = try await client.send(.post, "/contracts", json: input(), token: accounts.member)
            #expect(response.status == .created)
            #expect(response.headers[.eTag] == "\"1\"")
            let contract = try response.json(Components.Schemas.Contract.self)
            #expect(contract.municipality.code == "373869")
            #expect(contract.municipality.name == "宇多津町")
            #expect(contract.municipality.prefecture == "香川県")
            #expect(contract.vendor.name == "株式会社ABCシステム")
            #expect(contract.amount == 1_200_000)
            #expect(contract.annualAmount == 1_200_000)
            #expect(contract.fiscalYear == 2024)
            #expect(contract.version == 1)
        }
    }

    @Test("a member cannot record another municipality's contract")
    func createForeign() async throws {
        try await withAPI { client, accounts, _ in
            let response = try await client.send(
                .post, "/contracts", json: input(municipality: "212091"), token: accounts.member)
            #expect(response.status == .forbidden)
            let problem = try response.problem()
            #expect(problem.code == "forbidden")
            #expect(problem.detail?.contains("羽島市") == true)
            #expect(problem.detail?.hasSuffix("you can only record 宇多津町's contracts") == true)
        }
    }

    @Test("a member may name its own municipality")
    func createNamingOwnMunicipality() async throws {
        try await withAPI { client, accounts, _ in
            let contract = try await client.record(input(municipality: "373869"), token: accounts.member)
            #expect(contract.municipality.code == "373869")
        }
    }

    @Test("an admin records a contract for the municipality it names")
    func adminCreates() async throws {
        try await withAPI { client, accounts, _ in
            let contract = try await client.record(input(municipality: "212091"), token: accounts.admin)
            #expect(contract.municipality.name == "羽島市")
        }
    }

    @Test("an admin must say whose contract it records")
    func adminMustNameMunicipality() async throws {
        try await withAPI { client, accounts, _ in
            let response = try await client.send(.post, "/contracts", json: input(), token: accounts.admin)
            #expect(response.status == .unprocessableContent)
            let problem = try response.problem()
            #expect(problem.code == "invalid_contract")
            #expect(problem.errors?.map(\.pointer) == ["/municipalityCode"])
        }
    }

    @Test("a malformed municipality code is 400 invalid_municipality_code")
    func malformedMunicipality() async throws {
        try await withAPI { client, accounts, _ in
            let response = try await client.send(
                .post, "/contracts", json: input(municipality: "373868"), token: accounts.admin)
            #expect(response.status == .badRequest)
            #expect(try response.problem().code == "invalid_municipality_code")
        }
    }

    @Test("an unknown category is 422 unknown_category")
    func unknownCategory() async throws {
        try await withAPI { client, accounts, _ in
            let response = try await client.send(
                .post, "/contracts", json: input(category: "space_travel"), token: accounts.member)
            #expect(response.status == .unprocessableContent)
            let problem = try response.problem()
            #expect(problem.code == "unknown_category")
            #expect(problem.errors?.first?.pointer == "/categoryCode")
        }
    }

    @Test("an unknown vendor id is 422 unknown_vendor")
    func unknownVendor() async throws {
        try await withAPI { client, accounts, _ in
            var body = input()
            body.vendor = .init(id: "999999")
            let response = try await client.send(.post, "/contracts", json: body, token: accounts.member)
            #expect(response.status == .unprocessableContent)
            #expect(try response.problem().code == "unknown_vendor")
        }
    }

    @Test("an end date before the start date is 422 invalid_contract pointing at /endDate")
    func endBeforeStart() async throws {
        try await withAPI { client, accounts, _ in
            let response = try await client.send(
                .post, "/contracts", json: input(start: "2024-04-01", end: "2024-03-31"), token: accounts.member)
            #expect(response.status == .unprocessableContent)
            let problem = try response.problem()
            #expect(problem.code == "invalid_contract")
            #expect(problem.errors?.map(\.pointer) == ["/endDate"])
        }
    }

    @Test("a date that does not exist is 422 invalid_contract pointing at it")
    func impossibleDate() async throws {
        try await withAPI { client, accounts, _ in
            let response = try await client.send(
                .post, "/contracts", json: input(start: "2023-02-29"), token: accounts.member)
            #expect(response.status == .unprocessableContent)
            #expect(try response.problem().errors?.map(\.pointer) == ["/startDate"])
        }
    }

    @Test("a second contract with the municipality's external reference is 409 duplicate_external_reference")
    func duplicateExternalReference() async throws {
        try await withAPI { client, accounts, _ in
            let first = try await client.record(input(externalReference: "R6-001"), token: accounts.member)
            let response = try await client.send(
                .post, "/contracts", json: input(title: "別件", externalReference: "R6-001"), token: accounts.member)
            #expect(response.status == .conflict)
            let problem = try response.problem()
            #expect(problem.code == "duplicate_external_reference")
            #expect(problem.existingId == first.id)
        }
    }

    @Test("two municipalities may use the same external reference")
    func externalReferencePerMunicipality() async throws {
        try await withAPI { client, accounts, _ in
            // `record` requires 201 for each: the same number in two municipalities is no conflict.
            let utazu = try await client.record(input(externalReference: "R6-001"), token: accounts.member)
            let hashima = try await client.record(input(externalReference: "R6-001"), token: accounts.otherMember)
            #expect(utazu.id != hashima.id)
            #expect(utazu.municipality.code == "373869")
            #expect(hashima.municipality.code == "212091")
        }
    }
}

@Suite("contracts API: reading, changing and deleting")
struct ContractChangeAPITests {
    @Test("every member reads every municipality's contract, with its version as ETag")
    func readForeign() async throws {
        try await withAPI { client, accounts, _ in
            let contract = try await client.record(input(), token: accounts.member)
            let response = try await client.get("/contracts/\(contract.id)", token: accounts.otherMember)
            #expect(response.status == .ok)
            #expect(response.headers[.eTag] == "\"1\"")
            #expect(try response.json(Components.Schemas.Contract.self) == contract)
        }
    }

    @Test("a malformed contract id is 400 and an unknown one 404")
    func badIDs() async throws {
        try await withAPI { client, accounts, _ in
            let malformed = try await client.get("/contracts/abc", token: accounts.member)
            #expect(malformed.status == .badRequest)
            #expect(try malformed.problem().code == "invalid_contract_id")
            let unknown = try await client.get("/contracts/424242", token: accounts.member)
            #expect(unknown.status == .notFound)
            #expect(try unknown.problem().code == "contract_not_found")
        }
    }

    @Test("a change without If-Match is 428 if_match_required")
    func changeNeedsIfMatch() async throws {
        try await withAPI { client, accounts, _ in
            let contract = try await client.record(input(), token: accounts.member)
            let response = try await client.send(
                .put, "/contracts/\(contract.id)", json: input(amount: 1), token: accounts.member)
            #expect(response.status == .preconditionRequired)
            #expect(try response.problem().code == "if_match_required")
        }
    }

    @Test("a change based on a stale version is 412 version_mismatch and changes nothing")
    func staleChange() async throws {
        try await withAPI { client, accounts, _ in
            let contract = try await client.record(input(), token: accounts.member)
            let first = try await client.send(
                .put, "/contracts/\(contract.id)", json: input(amount: 1_000_000), token: accounts.member,
                headers: [.ifMatch: "\"1\""])
            #expect(first.status == .ok)
            #expect(first.headers[.eTag] == "\"2\"")
            let stale = try await client.send(
                .put, "/contracts/\(contract.id)", json: input(amount: 900_000), token: accounts.member,
                headers: [.ifMatch: "\"1\""])
            #expect(stale.status == .preconditionFailed)
            #expect(try stale.problem().code == "version_mismatch")
            let current = try await client.get("/contracts/\(contract.id)", token: accounts.member)
                .json(Components.Schemas.Contract.self)
            #expect(current.amount == 1_000_000)
        }
    }

    @Test("a member cannot change another municipality's contract")
    func changeForeign() async throws {
        try await withAPI { client, accounts, _ in
            let contract = try await client.record(input(), token: accounts.otherMember)
            let response = try await client.send(
                .put, "/contracts/\(contract.id)", json: input(amount: 1), token: accounts.member,
                headers: [.ifMatch: "\"1\""])
            #expect(response.status == .forbidden)
            let problem = try response.problem()
            #expect(problem.code == "forbidden")
            #expect(
                problem.detail == "contract \(contract.id) belongs to 羽島市; you can only change 宇多津町's contracts")
        }
    }

    @Test("a member cannot move its contract to another municipality")
    func moveForbidden() async throws {
        try await withAPI { client, accounts, _ in
            let contract = try await client.record(input(), token: accounts.member)
            let response = try await client.send(
                .put, "/contracts/\(contract.id)", json: input(municipality: "212091"), token: accounts.member,
                headers: [.ifMatch: "\"1\""])
            #expect(response.status == .forbidden)
            #expect(try response.problem().detail?.contains("only an admin can move it") == true)
        }
    }

    @Test("an admin may move a contract to another municipality")
    func adminMoves() async throws {
        try await withAPI { client, accounts, _ in
            let contract = try await client.record(input(), token: accounts.member)
            let response = try await client.send(
                .put, "/contracts/\(contract.id)", json: input(municipality: "212091"), token: accounts.admin,
                headers: [.ifMatch: "\"1\""])
            #expect(response.status == .ok)
            #expect(try response.json(Components.Schemas.Contract.self).municipality.name == "羽島市")
        }
    }

    @Test("a replacement that changes nothing keeps the version and adds no history")
    func noOpReplacement() async throws {
        try await withAPI { client, accounts, _ in
            let contract = try await client.record(input(), token: accounts.member)
            let response = try await client.send(
                .put, "/contracts/\(contract.id)", json: input(), token: accounts.member, headers: [.ifMatch: "\"1\""])
            #expect(response.status == .ok)
            #expect(response.headers[.eTag] == "\"1\"")
            #expect(try await client.history(contract.id, token: accounts.member).map(\.action) == [.created])
        }
    }

    @Test("a delete without If-Match is 428, with a stale one 412")
    func deletePreconditions() async throws {
        try await withAPI { client, accounts, _ in
            let contract = try await client.record(input(), token: accounts.member)
            let missing = try await client.delete("/contracts/\(contract.id)", token: accounts.member, ifMatch: nil)
            #expect(missing.status == .preconditionRequired)
            #expect(try missing.problem().code == "if_match_required")
            let stale = try await client.delete("/contracts/\(contract.id)", token: accounts.member, ifMatch: "\"7\"")
            #expect(stale.status == .preconditionFailed)
            #expect(try stale.problem().code == "version_mismatch")
        }
    }

    @Test("a member cannot delete another municipality's contract")
    func deleteForeign() async throws {
        try await withAPI { client, accounts, _ in
            let contract = try await client.record(input(), token: accounts.otherMember)
            let response = try await client.delete(
                "/contracts/\(contract.id)", token: accounts.member, ifMatch: "\"1\"")
            #expect(response.status == .forbidden)
            #expect(
                try response.problem().detail
                    == "contract \(contract.id) belongs to 羽島市; you can only delete 宇多津町's contracts")
        }
    }

    @Test("a deleted contract is gone, and its history ends with the deletion")
    func deleteKeepsHistory() async throws {
        try await withAPI { client, accounts, _ in
            let contract = try await client.record(input(), token: accounts.member)
            let response = try await client.delete(
                "/contracts/\(contract.id)", token: accounts.member, ifMatch: "\"1\"")
            #expect(response.status == .noContent)
            #expect(try await client.get("/contracts/\(contract.id)", token: accounts.member).status == .notFound)
            let history = try await client.history(contract.id, token: accounts.member)
            #expect(history.map(\.action) == [.created, .deleted])
            let deletion = try #require(history.last)
            #expect(deletion.actorName == "保健センター")
            #expect(deletion.changes.first { $0.field == "title" }?.before == "ワクチン接種予約システム運用業務")
            #expect(deletion.changes.allSatisfy { $0.after == nil })
        }
    }
}

@Suite("contracts API: history")
struct ContractHistoryAPITests {
    @Test("the history shows who changed what, oldest first, with the values before and after")
    func historyContents() async throws {
        try await withAPI { client, accounts, _ in
            let contract = try await client.record(input(), token: accounts.member)
            _ = try await client.send(
                .put, "/contracts/\(contract.id)", json: input(amount: 1_000_000, end: "2026-03-31"),
                token: accounts.member, headers: [.ifMatch: "\"1\""])
            let history = try await client.history(contract.id, token: accounts.otherMember)
            #expect(history.map(\.action) == [.created, .updated])
            let created = history[0]
            #expect(created.actorName == "保健センター")
            #expect(created.actorTokenId != nil)
            #expect(created.changes.first { $0.field == "amount" }?.after == "1200000")
            #expect(created.changes.first { $0.field == "taxIncluded" }?.after == "true")
            #expect(created.changes.allSatisfy { $0.before == nil })
            #expect(!created.changes.contains { $0.field == "version" || $0.field == "updatedAt" })
            let updated = history[1]
            #expect(
                updated.changes == [
                    .init(field: "amount", before: "1200000", after: "1000000"),
                    .init(field: "endDate", before: "2025-03-31", after: "2026-03-31"),
                ])
            #expect(updated.changedAt >= created.changedAt)
        }
    }

    @Test("the history is paginated oldest first")
    func historyPages() async throws {
        try await withAPI { client, accounts, _ in
            let contract = try await client.record(input(), token: accounts.member)
            for version in 1...3 {
                let response = try await client.send(
                    .put, "/contracts/\(contract.id)", json: input(amount: Int64(version)), token: accounts.member,
                    headers: [.ifMatch: "\"\(version)\""])
                try #require(response.status == .ok)
            }
            let first = try await client.get("/contracts/\(contract.id)/history?limit=3", token: accounts.member)
                .json(Components.Schemas.ContractHistoryPage.self)
            let cursor = try #require(first.nextCursor)
            let second = try await client.get(
                "/contracts/\(contract.id)/history?limit=3&cursor=\(cursor)", token: accounts.member
            ).json(Components.Schemas.ContractHistoryPage.self)
            #expect(first.items.map(\.action) == [.created, .updated, .updated])
            #expect(second.items.map(\.action) == [.updated])
            #expect(second.items.first?.changes.first?.after == "3")
            #expect(second.nextCursor == nil)
        }
    }

    @Test("the history of a contract that never existed is 404")
    func historyOfNothing() async throws {
        try await withAPI { client, accounts, _ in
            let response = try await client.get("/contracts/424242/history", token: accounts.member)
            #expect(response.status == .notFound)
            #expect(try response.problem().code == "contract_not_found")
        }
    }
}

@Suite("contracts API: listing")
struct ContractListingAPITests {
    /// 宇多津町 (香川県): reservation FY2024 ending 2025-03; 羽島市 (岐阜県): call centre FY2023 ending
    /// 2024-03, with another vendor.
    private func recordTwo(
        _ client: any TestClientProtocol, _ accounts: TestAccounts
    ) async throws -> (utazu: Components.Schemas.Contract, hashima: Components.Schemas.Contract) {
        let utazu = try await client.record(input(), token: accounts.member)
        let hashima = try await client.record(
            input(vendor: "有限会社コールワークス", category: "call_centre", start: "2023-04-01", end: "2024-03-31"),
            token: accounts.otherMember)
        return (utazu, hashima)
    }

    @Test("contracts are filtered by municipality")
    func byMunicipality() async throws {
        try await withAPI { client, accounts, _ in
            let (utazu, _) = try await recordTwo(client, accounts)
            let page = try await client.list("municipality=373869", token: accounts.otherMember)
            #expect(page.items.map(\.id) == [utazu.id])
        }
    }

    @Test("a malformed municipality filter is 400 invalid_municipality_code")
    func malformedMunicipalityFilter() async throws {
        try await withAPI { client, accounts, _ in
            let response = try await client.get("/contracts?municipality=12345", token: accounts.member)
            #expect(response.status == .badRequest)
            #expect(try response.problem().code == "invalid_municipality_code")
        }
    }

    @Test("contracts are filtered by prefecture, named or numbered")
    func byPrefecture() async throws {
        try await withAPI { client, accounts, _ in
            let (_, hashima) = try await recordTwo(client, accounts)
            for prefecture in ["岐阜県", "岐阜", "21"] {
                let page = try await client.list("prefecture=\(queryValue(prefecture))", token: accounts.member)
                #expect(page.items.map(\.id) == [hashima.id], "\(prefecture)")
            }
        }
    }

    @Test("contracts are filtered by vendor and by category")
    func byVendorAndCategory() async throws {
        try await withAPI { client, accounts, _ in
            let (utazu, hashima) = try await recordTwo(client, accounts)
            #expect(
                try await client.list("vendor=\(utazu.vendor.id)", token: accounts.member).items.map(\.id) == [utazu.id]
            )
            #expect(
                try await client.list("category=call_centre", token: accounts.member).items.map(\.id) == [hashima.id])
        }
    }

    @Test("contracts are filtered by fiscal year and by end date")
    func byYearAndEnd() async throws {
        try await withAPI { client, accounts, _ in
            let (utazu, hashima) = try await recordTwo(client, accounts)
            #expect(try await client.list("fiscalYear=2024", token: accounts.member).items.map(\.id) == [utazu.id])
            #expect(
                try await client.list("endsBefore=2025-03-31", token: accounts.member).items.map(\.id) == [hashima.id])
        }
    }

    @Test("a listing embeds each contract's municipality and vendor")
    func embedsSummaries() async throws {
        try await withAPI { client, accounts, _ in
            _ = try await recordTwo(client, accounts)
            let page = try await client.list("", token: accounts.member)
            #expect(page.items.map(\.municipality.name) == ["宇多津町", "羽島市"])
            #expect(page.items.map(\.vendor.name) == ["株式会社ABCシステム", "有限会社コールワークス"])
        }
    }

    @Test("pages follow each other in id order without gaps or repeats")
    func pagination() async throws {
        try await withAPI { client, accounts, _ in
            var recorded: [String] = []
            for index in 1...5 {
                recorded.append(try await client.record(input(title: "契約\(index)"), token: accounts.member).id)
            }
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await client.list(
                    "limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""), token: accounts.member)
                seen += page.items.map(\.id)
                cursor = page.nextCursor
            } while cursor != nil
            #expect(seen == recorded)
        }
    }

    @Test("a forged cursor or an impossible filter value is 400")
    func invalidQueries() async throws {
        try await withAPI { client, accounts, _ in
            for query in ["cursor=bm90LWEtY3Vyc29y", "vendor=abc", "endsBefore=2024-02-30", "prefecture=Atlantis"] {
                let response = try await client.get("/contracts?\(query)", token: accounts.member)
                #expect(response.status == .badRequest, "\(query)")
            }
        }
    }
}
