import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import PostgresNIO
import ProcureTestSupport
import ProcurementAPI
import ProcurementClient
import Testing

/// The municipalities of the case tests and a token for each: 宇多津町 leads, 羽島市 and 立山町 are
/// invited, 千葉市 asks to join, 高松市 stays outside. Each has a contract with the vendor.
struct CaseWorld: Sendable {
    let client: any TestClientProtocol
    let database: PostgresClient
    let utazu: String
    let hashima: String
    let tateyama: String
    let chiba: String
    let takamatsu: String
    let admin: String
    let vendorID: String
    /// Contract ids with the case's vendor, by municipality code; and one of 羽島市's with another.
    let contracts: [String: String]
    let otherVendorContract: String

    static let utazuCode = "373869"
    static let hashimaCode = "212091"
    static let tateyamaCode = "163236"
    static let chibaCode = "121002"
    static let takamatsuCode = "372013"
}

/// Runs `body` in a fresh API with the case world set up.
func withCaseWorld(_ body: @Sendable (CaseWorld) async throws -> Void) async throws {
    try await withAPI { client, accounts, database in
        let tokens = TokenRepository(client: database, logger: TestDatabase.logger)
        func token(_ code: String, _ name: String) async throws -> String {
            try await tokens.create(name: name, role: .member(try MunicipalityCode(code))).token
        }
        var contracts: [String: String] = [:]
        var vendorID = ""
        for (code, amount) in [
            (CaseWorld.utazuCode, 1_100_000), (CaseWorld.hashimaCode, 1_155_000), (CaseWorld.tateyamaCode, 1_200_000),
            (CaseWorld.chibaCode, 3_300_000), (CaseWorld.takamatsuCode, 1_500_000),
        ] {
            let contract = try await client.recordContract(
                municipality: code, vendor: "株式会社サンプル予約システムズ", amount: Int64(amount), token: accounts.admin)
            contracts[code] = contract.id
            vendorID = contract.vendor.id
        }
        let other = try await client.recordContract(
            municipality: CaseWorld.hashimaCode, vendor: "別会社システム株式会社", amount: 500_000, token: accounts.admin)
        try await body(
            CaseWorld(
                client: client, database: database, utazu: accounts.member, hashima: accounts.otherMember,
                tateyama: try await token(CaseWorld.tateyamaCode, "立山町 健康福祉課"),
                chiba: try await token(CaseWorld.chibaCode, "千葉市 情報システム課"),
                takamatsu: try await token(CaseWorld.takamatsuCode, "高松市 保健所"), admin: accounts.admin,
                vendorID: vendorID, contracts: contracts, otherVendorContract: other.id))
    }
}

extension TestClientProtocol {
    func recordContract(
        municipality: String, vendor: String, amount: Int64, token: String
    ) async throws -> Components.Schemas.Contract {
        let input = Components.Schemas.ContractInput(
            municipalityCode: municipality, vendor: .init(name: vendor), categoryCode: "reservation_system",
            title: "予約システム運用業務", amount: amount, taxIncluded: true, billingBasis: .annual,
            startDate: "2024-04-01", endDate: "2027-03-31", contractMethod: .negotiated)
        let response = try await send(.post, "/contracts", json: input, token: token)
        try #require(response.status == .created, "\(response.text)")
        return try response.decode(Components.Schemas.Contract.self)
    }
}

extension CaseWorld {
    typealias Case = Components.Schemas.Case

    /// A new case, opened by 宇多津町 unless another token is given.
    func open(
        token: String? = nil, title: String = "予約システム改修費の共同交渉", lead: String? = nil,
        baselineOf owner: String = utazuCode
    ) async throws -> Case {
        var body = newCase(title: title, lead: lead)
        body.baseline?.contractId = contracts[owner]
        let response = try await client.send(.post, "/cases", json: body, token: token ?? utazu)
        try #require(response.status == .created, "\(response.text)")
        return try response.decode(Case.self)
    }

    func newCase(title: String = "予約システム改修費の共同交渉", lead: String? = nil) -> Components.Schemas.NewCase {
        Components.Schemas.NewCase(
            leadMunicipalityCode: lead, vendorId: vendorID, categoryCode: "reservation_system", product: "サンプル予約",
            title: title, description: "改修費の単価について各団体で共同して交渉する", targetReductionPercent: 10,
            responseDeadline: TestDates.deadline,
            baseline: .init(annualAmount: 1_100_000, taxIncluded: true, contractId: contracts[Self.utazuCode]))
    }

    /// A participant action, with a baseline for accept and join (the municipality's own contract
    /// with the vendor unless told otherwise).
    func act(
        _ caseID: String, _ code: String, _ action: String, token: String, baseline: Components.Schemas.Baseline? = nil,
        ifMatch: String? = nil
    ) async throws -> TestResponse {
        var body = Components.Schemas.ParticipantChange()
        if action == "accept" || action == "join" {
            body.baseline = baseline ?? .init(annualAmount: 1_000_000, taxIncluded: true, contractId: contracts[code])
        }
        var headers: HTTPFields = [:]
        if let ifMatch { headers[.ifMatch] = ifMatch }
        return try await client.send(
            .post, "/cases/\(caseID)/participants/\(code)/\(action)", json: body, token: token, headers: headers)
    }

    /// Acts and requires success.
    @discardableResult
    func acted(
        _ caseID: String, _ code: String, _ action: String, token: String, baseline: Components.Schemas.Baseline? = nil
    ) async throws -> Case {
        let response = try await act(caseID, code, action, token: token, baseline: baseline)
        try #require(response.status == .ok, "\(action) \(code): \(response.text)")
        return try response.decode(Case.self)
    }

    func get(_ caseID: String, token: String? = nil) async throws -> (Case, eTag: String) {
        let response = try await client.get("/cases/\(caseID)", token: token ?? utazu)
        try #require(response.status == .ok, "\(response.text)")
        return (try response.decode(Case.self), try #require(response.headers[.eTag]))
    }

    /// A move of the case, with the current ETag unless one is given (`""`: none at all).
    func move(
        _ caseID: String, to status: String, token: String? = nil, ifMatch: String? = nil,
        agreement: Components.Schemas.CaseAgreement? = nil, note: String? = nil
    ) async throws -> TestResponse {
        let tag: String
        if let ifMatch { tag = ifMatch } else { tag = try await get(caseID).eTag }
        guard let to = Components.Schemas.CaseStatus(rawValue: status) else {
            throw ProcessFailureForTests("no status \(status)")
        }
        var headers: HTTPFields = [:]
        if !tag.isEmpty { headers[.ifMatch] = tag }
        return try await client.send(
            .post, "/cases/\(caseID)/transitions",
            json: Components.Schemas.CaseTransition(to: to, note: note, agreement: agreement),
            token: token ?? utazu, headers: headers)
    }

    @discardableResult
    func moved(
        _ caseID: String, to status: String, token: String? = nil, agreement: Components.Schemas.CaseAgreement? = nil
    ) async throws -> Case {
        let response = try await move(caseID, to: status, token: token, agreement: agreement)
        try #require(response.status == .ok, "to \(status): \(response.text)")
        return try response.decode(Case.self)
    }

    /// A case with 宇多津町 and 羽島市 active (open too), in `status` (reached the way a lead would);
    /// agreed for FY2027–FY2029 unless `years` says otherwise.
    func caseIn(_ status: String, years: ClosedRange<Int32> = 2027...2029) async throws -> Case {
        var current = try await open()
        try await acted(current.id, Self.hashimaCode, "invite", token: utazu)
        current = try await acted(current.id, Self.hashimaCode, "accept", token: hashima)
        if status == "open" { return current }
        switch status {
        case "withdrawn": return try await moved(current.id, to: "withdrawn")
        default: current = try await moved(current.id, to: "negotiating")
        }
        switch status {
        case "negotiating": return current
        case "failed": return try await moved(current.id, to: "failed")
        case "agreed": return try await moved(current.id, to: "agreed", agreement: agreement(years: years))
        case "closed":
            try await moved(current.id, to: "failed")
            return try await moved(current.id, to: "closed")
        default: throw ProcessFailureForTests("no status \(status)")
        }
    }

    /// An agreement for 宇多津町 and 羽島市.
    func agreement(
        _ amounts: [(String, Int64)] = [(utazuCode, 990_000), (hashimaCode, 1_039_500)],
        years: ClosedRange<Int32> = 2027...2029
    ) -> Components.Schemas.CaseAgreement {
        .init(
            firstFiscalYear: years.lowerBound, lastFiscalYear: years.upperBound,
            amounts: amounts.map { .init(municipalityCode: $0.0, annualAmount: $0.1, taxIncluded: true) })
    }

    func timeline(_ caseID: String, token: String, query: String = "") async throws
        -> Components.Schemas.CaseTimelinePage
    {
        let response = try await client.get("/cases/\(caseID)/timeline\(query)", token: token)
        try #require(response.status == .ok, "\(response.text)")
        return try response.decode(Components.Schemas.CaseTimelinePage.self)
    }

    func note(
        _ caseID: String, _ text: String, kind: Components.Schemas.NewCaseNote.KindPayload = .note,
        participantsOnly: Bool = false, token: String
    ) async throws -> TestResponse {
        try await client.send(
            .post, "/cases/\(caseID)/notes",
            json: Components.Schemas.NewCaseNote(text: text, kind: kind, participantsOnly: participantsOnly),
            token: token)
    }

    func offer(
        _ caseID: String, amount: Int64 = 3_000_000, municipality: String? = nil, validUntil: String? = "2027-01-31",
        token: String
    ) async throws -> TestResponse {
        try await client.send(
            .post, "/cases/\(caseID)/offers",
            json: Components.Schemas.NewCaseOffer(
                municipalityCode: municipality, amount: amount, taxIncluded: true, offeredOn: "2026-12-10",
                validUntil: validUntil),
            token: token)
    }
}

struct ProcessFailureForTests: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
