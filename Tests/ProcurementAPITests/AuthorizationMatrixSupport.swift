import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import NIOCore
import PostgresNIO
import ProcureTestSupport
import ProcurementAPI
import ProcurementClient
import Testing

/// Who calls an operation in the authorization matrix.
///
/// The world's resources belong to 宇多津町: its contracts and import, the cases it leads (with
/// 羽島市 as an active participant) and the savings recorded on them. Every caller is named by how
/// it stands to those resources.
enum MatrixCaller: String, CaseIterable, Sendable, CustomStringConvertible {
    /// No Authorization header at all.
    case anonymous
    /// A token of 宇多津町 itself, revoked.
    case revoked
    /// A member of 高松市, which takes part in none of the cases.
    case otherMunicipality
    /// A member of 立山町, an active participant of another case (led by 千葉市).
    case otherCaseParticipant
    /// A member of 羽島市, an active participant (not the lead) of 宇多津町's cases.
    case member
    /// A member of 宇多津町: the lead of the cases and the owner of the contracts.
    case lead
    /// A coordinator of the network.
    case admin

    var description: String { rawValue }

    /// Whether the caller may read participants-only notes of 宇多津町's cases.
    var readsPrivateNotes: Bool { self == .member || self == .lead || self == .admin }
}

/// One HTTP request of the matrix, without its Authorization header.
struct MatrixRequest: Sendable {
    var method: HTTPRequest.Method
    var path: String
    var body: String?
    var headers: HTTPFields = [:]

    init(_ method: HTTPRequest.Method, _ path: String, json body: String? = nil, headers: HTTPFields = [:]) {
        self.method = method
        self.path = path
        self.body = body
        self.headers = headers
    }
}

/// One row of the matrix: an operation of openapi.yaml (possibly one of several variants of it),
/// the exact status each caller gets, and how to make the request.
///
/// The request may depend on the caller only where two callers both succeed and the first would
/// otherwise use up the target (a contract deleted, an entry reversed) or make the second a no-op:
/// a caller that is refused sends the request of the first caller that succeeds, differing at
/// most in a name, title or note text.
struct MatrixRow: Sendable, CustomStringConvertible {
    let operationID: String
    let variant: String?
    let expected: [MatrixCaller: Int]
    let request: @Sendable (MatrixWorld, MatrixCaller) async throws -> MatrixRequest

    init(
        _ operationID: String, _ statuses: [Int],
        request: @escaping @Sendable (MatrixWorld, MatrixCaller) async throws -> MatrixRequest
    ) {
        self.init(operationID, variant: nil, statuses, request: request)
    }

    init(
        _ operationID: String, _ variant: String, _ statuses: [Int],
        request: @escaping @Sendable (MatrixWorld, MatrixCaller) async throws -> MatrixRequest
    ) {
        self.init(operationID, variant: variant, statuses, request: request)
    }

    private init(
        _ operationID: String, variant: String?, _ statuses: [Int],
        request: @escaping @Sendable (MatrixWorld, MatrixCaller) async throws -> MatrixRequest
    ) {
        precondition(statuses.count == MatrixCaller.allCases.count, "\(operationID): one status per caller")
        self.operationID = operationID
        self.variant = variant
        self.expected = Dictionary(uniqueKeysWithValues: zip(MatrixCaller.allCases, statuses))
        self.request = request
    }

    var description: String { variant.map { "\(operationID) (\($0))" } ?? operationID }

    /// The callers in the order they call: those refused first, on the untouched world, then
    /// those that succeed.
    var callingOrder: [MatrixCaller] {
        let refused = MatrixCaller.allCases.filter { !(200..<300).contains(expected[$0] ?? 0) }
        let allowed = MatrixCaller.allCases.filter { (200..<300).contains(expected[$0] ?? 0) }
        return refused + allowed
    }
}

/// The data every row of the matrix starts from, made fresh for each row on a database of its own.
struct MatrixWorld: Sendable {
    let base: CaseWorld
    let tokens: [MatrixCaller: String]
    /// A case 宇多津町 leads, negotiating, with 羽島市 active and a participants-only note.
    let liveCase: String
    /// A case 宇多津町 leads, agreed for FY2027–FY2031, with 羽島市 active, a participants-only
    /// note, and savings entries.
    let agreedCase: String
    /// A case 千葉市 leads, open, with 立山町 active.
    let otherCase: String
    /// 宇多津町's contract with the cases' vendor, and a second one of its contracts.
    let leadContract: String
    let spareLeadContract: String
    /// A vendor with a corporate number, and one to merge into the cases' vendor.
    let numberedVendorNumber: String
    let mergeSourceVendor: String
    /// Per caller, a vendor it proposes to merge into the cases' vendor (each pair proposed once),
    /// and an open proposal for an admin to decide.
    let proposalSources: [MatrixCaller: String]
    let openProposal: String
    /// An open import of 宇多津町's contracts, started with the lead's token.
    let leadImport: String
    /// Live savings entries on the agreed case: 宇多津町's in FY2027, 羽島市's in FY2027 and FY2028.
    let leadEntry: String
    let memberEntry2027: String
    let memberEntry2028: String
    /// The text of the participants-only notes: never in a response to a non-participant.
    let privateNote: String

    /// The Idempotency-Key the lead recorded ``leadEntry`` with.
    static let leadEntryKey = "matrix-lead-entry"

    var client: any TestClientProtocol { base.client }
    var vendorID: String { base.vendorID }

    /// Every token of the world, revoked ones included: none may appear in a response.
    var allTokens: [String] {
        Array(tokens.values) + [base.chiba]
    }

    func token(_ caller: MatrixCaller) -> String? { tokens[caller] }

    /// Builds the world in the fresh API of `base`.
    static func make(_ base: CaseWorld) async throws -> MatrixWorld {
        let database = base.database
        let tokenRepository = TokenRepository(client: database, logger: TestDatabase.logger)
        let (revokedRecord, revokedToken) = try await tokenRepository.create(
            name: "異動済み職員", role: .member(try MunicipalityCode(CaseWorld.utazuCode)))
        try await tokenRepository.revoke(id: revokedRecord.id)

        let privateNote = "参加団体限り: 上限額は現行の九割 \(UUID().uuidString)"

        // 千葉市 leads another case, 立山町 takes part in it.
        let other = try await base.open(token: base.chiba, baselineOf: CaseWorld.chibaCode)
        try await base.acted(other.id, CaseWorld.tateyamaCode, "invite", token: base.chiba)
        try await base.acted(other.id, CaseWorld.tateyamaCode, "accept", token: base.tateyama)

        let live = try await base.caseIn("negotiating")
        try #require(
            try await base.note(live.id, privateNote, participantsOnly: true, token: base.hashima).status == .created)
        try #require(try await base.note(live.id, "公開メモ: 次回は12月", token: base.utazu).status == .created)

        var agreed = try await base.open(title: "コールセンター委託費の共同交渉")
        try await base.acted(agreed.id, CaseWorld.hashimaCode, "invite", token: base.utazu)
        try await base.acted(agreed.id, CaseWorld.hashimaCode, "accept", token: base.hashima)
        try await base.moved(agreed.id, to: "negotiating")
        try #require(
            try await base.note(agreed.id, privateNote, participantsOnly: true, token: base.utazu).status == .created)
        agreed = try await base.moved(
            agreed.id, to: "agreed",
            agreement: .init(
                firstFiscalYear: 2027, lastFiscalYear: 2031,
                amounts: [
                    .init(municipalityCode: CaseWorld.utazuCode, annualAmount: 990_000, taxIncluded: true),
                    .init(municipalityCode: CaseWorld.hashimaCode, annualAmount: 1_039_500, taxIncluded: true),
                ]))
        let leadEntry = try await base.recorded(
            agreed.id, base.newEntry(CaseWorld.utazuCode, date: "2027-04-01"), key: leadEntryKey)
        let member2027 = try await base.recorded(
            agreed.id,
            base.newEntry(CaseWorld.hashimaCode, date: "2027-04-01", baseline: 1_000_000, negotiated: 1_039_500),
            token: base.hashima)
        let member2028 = try await base.recorded(
            agreed.id,
            base.newEntry(CaseWorld.hashimaCode, date: "2028-04-01", baseline: 1_000_000, negotiated: 1_039_500),
            token: base.hashima)

        let spare = try await base.client.recordContract(
            municipality: CaseWorld.utazuCode, vendor: "株式会社サンプル予約システムズ", amount: 300_000, token: base.utazu)

        let numbered = try await base.client.send(
            .post, "/vendors", json: Components.Schemas.NewVendor(name: "株式会社法人番号確認", corporateNumber: "8000020130001"),
            token: base.admin)
        try #require(numbered.status == .created, "\(numbered.text)")
        let mergeSource = try await base.client.send(
            .post, "/vendors",
            json: Components.Schemas.NewVendor(name: "サンプル予約システムズ東日本株式会社", confirmNew: true), token: base.admin)
        try #require(mergeSource.status == .created, "\(mergeSource.text)")
        var proposalSources: [MatrixCaller: String] = [:]
        for caller in MatrixCaller.allCases {
            let made = try await base.client.send(
                .post, "/vendors", json: Components.Schemas.NewVendor(name: "申出確認\(caller.rawValue)株式会社"),
                token: base.admin)
            try #require(made.status == .created, "\(made.text)")
            proposalSources[caller] = try made.decode(Components.Schemas.Vendor.self).id
        }
        let numberedID = try numbered.decode(Components.Schemas.Vendor.self).id
        let proposed = try await base.client.send(
            .post, "/vendors/\(numberedID)/merge-proposals",
            json: Components.Schemas.NewVendorMergeProposal(intoVendorId: base.vendorID, reason: "同じ会社では"),
            token: base.hashima)
        try #require(proposed.status == .created, "\(proposed.text)")

        let started = try await base.client.send(
            .post, "/contract-imports", json: Components.Schemas.NewContractImport(), token: base.utazu)
        try #require(started.status == .created, "\(started.text)")

        return MatrixWorld(
            base: base,
            tokens: [
                .revoked: revokedToken, .otherMunicipality: base.takamatsu, .otherCaseParticipant: base.tateyama,
                .member: base.hashima, .lead: base.utazu, .admin: base.admin,
            ],
            liveCase: live.id, agreedCase: agreed.id, otherCase: other.id,
            leadContract: try #require(base.contracts[CaseWorld.utazuCode]), spareLeadContract: spare.id,
            numberedVendorNumber: "8000020130001",
            mergeSourceVendor: try mergeSource.decode(Components.Schemas.Vendor.self).id,
            proposalSources: proposalSources,
            openProposal: try proposed.decode(Components.Schemas.VendorMergeProposal.self).id,
            leadImport: try started.decode(Components.Schemas.ContractImport.self).id,
            leadEntry: leadEntry.id, memberEntry2027: member2027.id, memberEntry2028: member2028.id,
            privateNote: privateNote)
    }

    /// Sends `request` as `caller`.
    func send(_ request: MatrixRequest, as caller: MatrixCaller) async throws -> TestResponse {
        var headers = request.headers
        if let token = token(caller) { headers[.authorization] = "Bearer \(token)" }
        var body: ByteBuffer?
        if let json = request.body {
            headers[.contentType] = "application/json"
            body = ByteBuffer(string: json)
        }
        return try await client.execute(uri: request.path, method: request.method, headers: headers, body: body)
    }

    /// The current ETag of a contract or case, read by an admin.
    func eTag(_ path: String) async throws -> String {
        let response = try await client.get(path, token: base.admin)
        try #require(response.status == .ok, "\(path): \(response.text)")
        return try #require(response.headers[.eTag])
    }

    /// The headers of a write guarded by the current version of `path`.
    func ifMatch(_ path: String) async throws -> HTTPFields {
        [.ifMatch: try await eTag(path)]
    }
}

/// A fingerprint of every table's rows, to show that a refused request changed nothing.
struct DatabaseSnapshot: Equatable, Sendable {
    let tables: [String: String]

    static func take(_ database: PostgresClient) async throws -> DatabaseSnapshot {
        var names: [String] = []
        let rows = try await database.query(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
            logger: TestDatabase.logger)
        for try await name in rows.decode(String.self) { names.append(name) }
        // The names come from the catalog, not from a request.
        let selects = names.map { name in
            "SELECT '\(name)'::text, md5(coalesce((SELECT string_agg(t::text, E'\\n' ORDER BY t::text) "
                + "FROM public.\"\(name)\" t), ''))"
        }
        var tables: [String: String] = [:]
        let digests = try await database.query(
            PostgresQuery(unsafeSQL: selects.joined(separator: " UNION ALL ")), logger: TestDatabase.logger)
        for try await (name, digest) in digests.decode((String, String).self) { tables[name] = digest }
        return DatabaseSnapshot(tables: tables)
    }

    /// The tables whose rows differ.
    func changed(since earlier: DatabaseSnapshot) -> [String] {
        Set(tables.keys).union(earlier.tables.keys).filter { tables[$0] != earlier.tables[$0] }.sorted()
    }
}

/// The operationIds of the API document the application serves.
func servedOperationIDs(_ client: any TestClientProtocol) async throws -> Set<String> {
    let response = try await client.get("/openapi.yaml", token: nil)
    try #require(response.status == .ok)
    var ids: Set<String> = []
    for line in response.text.split(separator: "\n") {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("operationId:") else { continue }
        ids.insert(trimmed.dropFirst("operationId:".count).trimmingCharacters(in: .whitespaces))
    }
    return ids
}
