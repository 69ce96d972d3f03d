import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import PostgresNIO
import ProcureTestSupport
import ProcurementAPI
import ProcurementClient
import Testing

/// Every operation of openapi.yaml called by every kind of caller, with the exact status each
/// gets. The columns, in order: anonymous, revoked, otherMunicipality, otherCaseParticipant,
/// member, lead, admin (see ``MatrixCaller``).
enum AuthorizationMatrix {
    static let everyone = [200, 200, 200, 200, 200, 200, 200]
    /// Reading is open to every valid token: sharing the network's data is the point.
    static let readers = [401, 401, 200, 200, 200, 200, 200]

    static let utazu = CaseWorld.utazuCode
    static let hashima = CaseWorld.hashimaCode

    static func contractInput(amount: Int) -> String {
        """
        {"municipalityCode":"\(utazu)","vendor":{"name":"株式会社サンプル予約システムズ"},\
        "categoryCode":"reservation_system","title":"予約システム運用業務","amount":\(amount),"taxIncluded":true,\
        "billingBasis":"annual","startDate":"2024-04-01","endDate":"2027-03-31","contractMethod":"negotiated"}
        """
    }

    static let rows: [MatrixRow] = [
        MatrixRow("getHealth", everyone) { _, _ in MatrixRequest(.get, "/healthz") },
        MatrixRow("getReadiness", everyone) { _, _ in MatrixRequest(.get, "/readyz") },
        MatrixRow("getMetrics", everyone) { _, _ in MatrixRequest(.get, "/metrics") },
        MatrixRow("getOpenAPIDocument", everyone) { _, _ in MatrixRequest(.get, "/openapi.yaml") },
        MatrixRow("getMe", readers) { _, _ in MatrixRequest(.get, "/me") },
        // 宇多津町's pending work: its own members and admins only.
        MatrixRow("getPendingWork", [401, 401, 403, 403, 403, 200, 200]) { _, _ in
            MatrixRequest(.get, "/me/pending?municipality=\(utazu)")
        },

        MatrixRow("listMunicipalities", readers) { _, _ in MatrixRequest(.get, "/municipalities?prefecture=37") },
        MatrixRow("getMunicipality", readers) { _, _ in MatrixRequest(.get, "/municipalities/\(utazu)") },

        MatrixRow("listCategories", readers) { _, _ in MatrixRequest(.get, "/categories") },
        MatrixRow("createCategory", "admins only", [401, 401, 403, 403, 403, 403, 201]) { _, caller in
            MatrixRequest(
                .post, "/categories",
                json: #"{"code":"matrix_\#(caller.rawValue.lowercased())","nameJa":"検証用","nameEn":"Check"}"#)
        },

        MatrixRow("listVendors", readers) { _, _ in MatrixRequest(.get, "/vendors?search=サンプル") },
        MatrixRow("createVendor", "any member", [401, 401, 201, 201, 201, 201, 201]) { _, caller in
            MatrixRequest(.post, "/vendors", json: #"{"name":"株式会社行列確認\#(caller.rawValue)","confirmNew":true}"#)
        },
        MatrixRow("getVendorByCorporateNumber", readers) { world, _ in
            MatrixRequest(.get, "/vendors/by-corporate-number/\(world.numberedVendorNumber)")
        },
        MatrixRow("getVendor", readers) { world, _ in MatrixRequest(.get, "/vendors/\(world.vendorID)") },
        MatrixRow("mergeVendors", "admins only", [401, 401, 403, 403, 403, 403, 200]) { world, _ in
            MatrixRequest(
                .post, "/vendors/\(world.vendorID)/merge", json: #"{"mergeVendorId":"\#(world.mergeSourceVendor)"}"#)
        },

        MatrixRow("proposeVendorMerge", "any member", [401, 401, 201, 201, 201, 201, 201]) { world, caller in
            MatrixRequest(
                .post, "/vendors/\(world.proposalSources[caller] ?? "0")/merge-proposals",
                json: #"{"intoVendorId":"\#(world.vendorID)"}"#)
        },
        MatrixRow("listVendorMergeProposals", readers) { _, _ in MatrixRequest(.get, "/vendor-merge-proposals") },
        MatrixRow("decideVendorMergeProposal", "admins only", [401, 401, 403, 403, 403, 403, 200]) { world, _ in
            MatrixRequest(
                .post, "/vendor-merge-proposals/\(world.openProposal)/decision", json: #"{"decision":"reject"}"#)
        },

        MatrixRow("listContracts", readers) { _, _ in MatrixRequest(.get, "/contracts?municipality=\(utazu)") },
        MatrixRow("createContract", "the owner's", [401, 401, 403, 403, 403, 201, 201]) { _, _ in
            MatrixRequest(.post, "/contracts", json: contractInput(amount: 1_000_000))
        },
        MatrixRow("getContract", readers) { world, _ in MatrixRequest(.get, "/contracts/\(world.leadContract)") },
        MatrixRow("replaceContract", "the owner's", [401, 401, 403, 403, 403, 200, 200]) { world, caller in
            let path = "/contracts/\(world.leadContract)"
            return MatrixRequest(
                .put, path, json: contractInput(amount: caller == .admin ? 2 : 1),
                headers: try await world.ifMatch(path))
        },
        MatrixRow("deleteContract", "the owner's", [401, 401, 403, 403, 403, 204, 204]) { world, caller in
            let path = "/contracts/\(caller == .admin ? world.spareLeadContract : world.leadContract)"
            return MatrixRequest(.delete, path, headers: try await world.ifMatch(path))
        },
        MatrixRow("getContractHistory", readers) { world, _ in
            MatrixRequest(.get, "/contracts/\(world.leadContract)/history")
        },

        // An import belongs to the token that started it: nobody else, not even an admin, sees it.
        MatrixRow("createContractImport", "the owner's", [401, 401, 403, 403, 403, 201, 201]) { _, _ in
            MatrixRequest(.post, "/contract-imports", json: #"{"municipalityCode":"\#(utazu)"}"#)
        },
        MatrixRow("addContractImportRows", "the starter's", [401, 401, 404, 404, 404, 200, 404]) { world, _ in
            MatrixRequest(
                .post, "/contract-imports/\(world.leadImport)/rows",
                json: #"{"rows":[{"line":2,"values":{"title":"庁内LAN保守","amount":"100000"}}]}"#)
        },
        MatrixRow("commitContractImport", "the starter's", [401, 401, 404, 404, 404, 200, 404]) { world, _ in
            MatrixRequest(.post, "/contract-imports/\(world.leadImport)/commit")
        },

        MatrixRow("listPeers", readers) { _, _ in MatrixRequest(.get, "/peers?municipality=\(utazu)&asOf=2025-01-01") },
        MatrixRow("getVendorFootprint", readers) { world, _ in
            MatrixRequest(.get, "/vendors/\(world.vendorID)/footprint?asOf=2025-01-01")
        },
        MatrixRow("listRenewals", readers) { _, _ in
            MatrixRequest(.get, "/renewals?municipality=\(utazu)&asOf=2026-12-01")
        },

        MatrixRow("listCases", readers) { _, _ in MatrixRequest(.get, "/cases") },
        MatrixRow("openCase", "led by the caller's municipality", [401, 401, 403, 403, 403, 201, 201]) { world, _ in
            MatrixRequest(
                .post, "/cases",
                json: #"""
                    {"leadMunicipalityCode":"\#(utazu)","vendorId":"\#(world.vendorID)",\#
                    "categoryCode":"reservation_system","title":"保守費の共同交渉"}
                    """#)
        },
        MatrixRow("getCase", readers) { world, _ in MatrixRequest(.get, "/cases/\(world.liveCase)") },
        MatrixRow("updateCase", "the lead's", [401, 401, 403, 403, 403, 200, 200]) { world, caller in
            let path = "/cases/\(world.liveCase)"
            return MatrixRequest(
                .put, path, json: #"{"title":"改修費の共同交渉(\#(caller.rawValue))"}"#, headers: try await world.ifMatch(path))
        },
        MatrixRow("moveCase", "the lead's", [401, 401, 403, 403, 403, 200, 200]) { world, _ in
            // The lead ends the negotiation (failed), then the admin closes it.
            let path = "/cases/\(world.liveCase)"
            let current = try await world.client.get(path, token: world.base.admin)
            let status = try current.decode(Components.Schemas.Case.self).status
            let to = status == .negotiating ? "failed" : "closed"
            return MatrixRequest(
                .post, "\(path)/transitions", json: #"{"to":"\#(to)"}"#, headers: try await world.ifMatch(path))
        },
        MatrixRow("changeCaseParticipant", "invite: the lead's", [401, 401, 403, 403, 403, 200, 200]) { world, caller in
            let code = caller == .admin ? CaseWorld.takamatsuCode : CaseWorld.chibaCode
            return MatrixRequest(.post, "/cases/\(world.liveCase)/participants/\(code)/invite", json: "{}")
        },
        MatrixRow("changeCaseParticipant", "withdraw: the municipality's own", [401, 401, 403, 403, 200, 403, 200]) {
            world, caller in
            // The admin withdraws 立山町 from 千葉市's case; everyone else tries 羽島市 from 宇多津町's.
            let path =
                caller == .admin
                ? "/cases/\(world.otherCase)/participants/\(CaseWorld.tateyamaCode)/withdraw"
                : "/cases/\(world.liveCase)/participants/\(hashima)/withdraw"
            return MatrixRequest(.post, path, json: "{}")
        },
        MatrixRow("addCaseNote", "active participants'", [401, 401, 403, 403, 201, 201, 201]) { world, caller in
            MatrixRequest(.post, "/cases/\(world.liveCase)/notes", json: #"{"text":"\#(caller.rawValue)のメモ"}"#)
        },
        MatrixRow("recordCaseOffer", "the lead's", [401, 401, 403, 403, 403, 201, 201]) { world, _ in
            MatrixRequest(
                .post, "/cases/\(world.liveCase)/offers",
                json: #"{"amount":2900000,"taxIncluded":true,"offeredOn":"2026-12-10"}"#)
        },
        MatrixRow("getCaseTimeline", readers) { world, _ in MatrixRequest(.get, "/cases/\(world.liveCase)/timeline") },

        MatrixRow("recordSavings", "羽島市's entry", [401, 401, 403, 403, 201, 201, 201]) { world, caller in
            // One live entry per fiscal year: each caller that succeeds records its own year.
            let year = [MatrixCaller.lead: 2030, .admin: 2031][caller] ?? 2029
            return MatrixRequest(
                .post, "/cases/\(world.agreedCase)/savings",
                json: #"""
                    {"municipalityCode":"\#(hashima)","effectiveDate":"\#(year)-04-01",\#
                    "baselineAmount":1000000,"negotiatedAmount":1039500,"taxIncluded":true}
                    """#,
                headers: [.idempotencyKey: "matrix-\(caller.rawValue)"])
        },
        // Keys are the token's own: another token sending the lead's key and request is not
        // answered with the lead's stored response, it is judged as a request of its own.
        MatrixRow("recordSavings", "the lead's key and request", [401, 401, 403, 403, 403, 201, 409]) { world, _ in
            MatrixRequest(
                .post, "/cases/\(world.agreedCase)/savings",
                json: #"""
                    {"municipalityCode":"\#(utazu)","effectiveDate":"2027-04-01",\#
                    "baselineAmount":1100000,"negotiatedAmount":990000,"taxIncluded":true}
                    """#,
                headers: [.idempotencyKey: MatrixWorld.leadEntryKey])
        },
        MatrixRow("listSavings", readers) { _, _ in MatrixRequest(.get, "/savings") },
        MatrixRow("verifySavings", readers) { _, _ in MatrixRequest(.get, "/savings/verify") },
        MatrixRow("reverseSavings", "羽島市's entry", [401, 401, 403, 403, 201, 201, 201]) { world, caller in
            let entry =
                switch caller {
                case .lead: world.memberEntry2028
                case .admin: world.leadEntry
                default: world.memberEntry2027
                }
            return MatrixRequest(.post, "/savings/\(entry)/reversal", json: #"{"reason":"金額の誤り"}"#)
        },
        MatrixRow("reverseSavings", "the lead's entry", [401, 401, 403, 403, 403, 201, 201]) { world, caller in
            let entry = caller == .admin ? world.memberEntry2027 : world.leadEntry
            return MatrixRequest(.post, "/savings/\(entry)/reversal", json: #"{"reason":"金額の誤り"}"#)
        },
        MatrixRow("getSavingsReport", readers) { _, _ in MatrixRequest(.get, "/reports/savings?groupBy=case") },
        MatrixRow("getSavingsReport", "CSV", readers) { _, _ in
            MatrixRequest(.get, "/reports/savings?groupBy=municipality", headers: [.accept: "text/csv"])
        },
        MatrixRow("getSavingsStatement", readers) { _, _ in
            MatrixRequest(.get, "/reports/savings/statement?municipality=\(hashima)")
        },
    ]

    /// Operations × callers.
    static var size: Int { rows.count * MatrixCaller.allCases.count }
}

@Suite("authorization matrix")
struct AuthorizationMatrixTests {
    @Test("every operation in the served openapi.yaml has a row in the matrix, and no row names another")
    func everyOperationHasARow() async throws {
        try await withAPI { client, _, _ in
            let documented = try await servedOperationIDs(client)
            let covered = Set(AuthorizationMatrix.rows.map(\.operationID))
            #expect(documented.count >= 41, "the document lists its operations")
            #expect(documented.subtracting(covered).sorted() == [], "operations without a row")
            #expect(covered.subtracting(documented).sorted() == [], "rows of operations that do not exist")
            #expect(AuthorizationMatrix.size == AuthorizationMatrix.rows.count * 7)
        }
    }

    @Test(
        "each caller gets exactly the expected status; a refused request changes nothing and leaks nothing",
        arguments: AuthorizationMatrix.rows.map(\.description))
    func row(_ name: String) async throws {
        let row = try #require(AuthorizationMatrix.rows.first { $0.description == name })
        try await withCaseWorld { base in
            let world = try await MatrixWorld.make(base)
            for caller in row.callingOrder {
                let request = try await row.request(world, caller)
                let before = try await DatabaseSnapshot.take(base.database)
                let response = try await world.send(request, as: caller)
                let after = try await DatabaseSnapshot.take(base.database)
                let expected = try #require(row.expected[caller])
                let cell = "\(row) as \(caller): \(request.method) \(request.path)"
                #expect(Int(response.status.code) == expected, "\(cell) → \(response.status.code) \(response.text)")

                let succeeded = (200..<300).contains(expected)
                if !succeeded || request.method == .get {
                    #expect(after.changed(since: before) == [], "\(cell) changed the database")
                } else if row.variant == "the lead's key and request" {
                    #expect(response.headers[.idempotentReplayed] == "true", "\(cell): the lead's own replay")
                    #expect(after.changed(since: before) == [], "\(cell): a replay changed the database")
                } else {
                    // The snapshot sees writes: an accepted one shows.
                    #expect(after.changed(since: before) != [], "\(cell) was accepted but changed nothing")
                }
                if !succeeded {
                    #expect(
                        response.headers[.contentType]?.hasPrefix("application/problem+json") == true,
                        "\(cell): an error is a problem document")
                }
                for token in world.allTokens {
                    #expect(!response.text.contains(token), "\(cell): a token in the response")
                    #expect(!response.text.contains(token.dropFirst(4)), "\(cell): a token's secret in the response")
                }
                if !caller.readsPrivateNotes {
                    #expect(!response.text.contains(world.privateNote), "\(cell): a participants-only note leaked")
                } else if row.operationID == "getCaseTimeline" {
                    #expect(response.text.contains(world.privateNote), "\(cell): a participant reads the note")
                }
            }
        }
    }

    @Test("participants-only notes reach the participants and admins, and no one else anywhere")
    func privateNotesStayWithParticipants() async throws {
        try await withCaseWorld { base in
            let world = try await MatrixWorld.make(base)
            let places = [
                "/cases", "/cases?mine=true", "/cases/\(world.liveCase)", "/cases/\(world.agreedCase)",
                "/cases/\(world.liveCase)/timeline", "/cases/\(world.agreedCase)/timeline",
                "/cases/\(world.liveCase)/timeline?limit=1", "/savings", "/reports/savings?groupBy=case",
                "/reports/savings/statement?municipality=\(CaseWorld.utazuCode)",
            ]
            for caller in MatrixCaller.allCases where caller != .anonymous && caller != .revoked {
                var seen = 0
                for place in places {
                    var headers: HTTPFields = [:]
                    if let token = world.token(caller) { headers[.authorization] = "Bearer \(token)" }
                    let accepts = place.hasPrefix("/reports/savings?") ? ["application/json", "text/csv"] : [nil]
                    for accept in accepts {
                        headers[.accept] = accept
                        let response = try await base.client.execute(
                            uri: place, method: .get, headers: headers, body: nil)
                        if response.text.contains(world.privateNote) { seen += 1 }
                    }
                }
                // The note is in both cases' timelines (JSON); nothing else carries note texts.
                #expect(seen == (caller.readsPrivateNotes ? 2 : 0), "\(caller) read the note \(seen) times")
            }
            // A non-participant sees that the note exists, marked hidden, without its text.
            let outside = try await world.base.timeline(world.liveCase, token: world.base.takamatsu).items
            let hidden = try #require(outside.first { $0.participantsOnly })
            #expect(hidden.hidden && hidden.text == nil)
        }
    }
}
