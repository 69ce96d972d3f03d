import Foundation
import HTTPTypes
import Testing

@testable import Ledger
@testable import ProcurementAPI

/// The one error mapping: every refusal a handler can throw has its documented status and stable
/// code, and what is no refusal is left to the middleware (a logged 500, or a 503).
@Suite("problem mapping")
struct ProblemMappingTests {
    /// A refusal and the status, code and first `errors` pointer its problem must have.
    struct Expectation: Sendable, CustomStringConvertible {
        let error: any Error
        let status: HTTPResponse.Status
        let code: String
        let pointer: String?

        init(_ error: any Error, _ status: HTTPResponse.Status, _ code: String, pointer: String? = nil) {
            self.error = error
            self.status = status
            self.code = code
            self.pointer = pointer
        }

        var description: String { "\(type(of: error)): \(error)" }
    }

    /// The refusal `parse` throws; an input it accepts fails the test.
    static func refusal<T, E: Error>(_ parse: () throws(E) -> T) throws -> E {
        guard case .failure(let error) = Result(catching: parse) else { throw ProcessFailureForTests("accepted") }
        return error
    }

    static let field = InvalidCaseField(
        field: "baseline/annualAmount", message: .verbatim("an annual amount in yen, 0 or more"))

    static func ledgerRefusals() throws -> [Expectation] {
        let code = try MunicipalityCode("373869")
        let hashima = try MunicipalityCode("212091")
        let toyota = try CorporateNumber("1180301018771")
        let sony = try CorporateNumber("5010401067252")
        let category = try CategoryCode("new_cat")
        return [
            .init(InvalidPageRequest.limit(0), .badRequest, "invalid_limit", pointer: "?limit"),
            .init(InvalidPageRequest.cursor, .badRequest, "invalid_cursor", pointer: "?cursor"),
            .init(CaseError.notFound(id: 4), .notFound, "case_not_found"),
            .init(CaseError.forbidden(.verbatim("only the lead")), .forbidden, "forbidden"),
            .init(CaseError.versionMismatch(id: 4, expected: 1, current: 2), .preconditionFailed, "version_mismatch"),
            .init(
                CaseError.invalidTransition(from: .open, to: .closed, allowed: [.negotiating]), .conflict,
                "invalid_transition"),
            .init(CaseError.conflict(code: "not_invited", .verbatim("no invitation")), .conflict, "not_invited"),
            .init(
                CaseError.invalid(code: "invalid_case", [field]), .unprocessableContent, "invalid_case",
                pointer: "/baseline/annualAmount"),
            .init(SavingsError.caseNotFound(id: 4), .notFound, "case_not_found"),
            .init(SavingsError.entryNotFound(id: 4), .notFound, "savings_entry_not_found"),
            .init(SavingsError.forbidden(.verbatim("not yours")), .forbidden, "forbidden"),
            .init(
                SavingsError.conflict(code: "already_reversed", .verbatim("reversed")), .conflict, "already_reversed"),
            .init(
                SavingsError.invalid(code: "invalid_savings_entry", [field]), .unprocessableContent,
                "invalid_savings_entry", pointer: "/baseline/annualAmount"),
            .init(SavingsError.idempotencyKeyReused(key: "k"), .unprocessableContent, "idempotency_key_reused"),
            .init(
                InvalidContract([.init(field: "endDate", message: .verbatim("before the start"))]),
                .unprocessableContent,
                "invalid_contract", pointer: "/endDate"),
            .init(ContractWriteError.notFound(id: 4), .notFound, "contract_not_found"),
            .init(ContractWriteError.forbidden(.verbatim("not yours")), .forbidden, "forbidden"),
            .init(
                ContractWriteError.versionMismatch(id: 4, expected: 1, current: 2), .preconditionFailed,
                "version_mismatch"),
            .init(
                ContractWriteError.municipalityRequired, .unprocessableContent, "invalid_contract",
                pointer: "/municipalityCode"),
            .init(
                ContractWriteError.unknownMunicipality(code), .unprocessableContent,
                "unknown_municipality", pointer: "/municipalityCode"),
            .init(
                ContractWriteError.unknownCategory("nope"), .unprocessableContent, "unknown_category",
                pointer: "/categoryCode"),
            .init(
                ContractWriteError.duplicateExternalReference("R-1", existingID: 8), .conflict,
                "duplicate_external_reference", pointer: "/externalReference"),
            .init(
                ContractPolicy.Refusal.municipalityRequired, .badRequest, "municipality_required",
                pointer: "/municipalityCode"),
            .init(ContractPolicy.Refusal.foreignMunicipality(caller: code, owner: hashima), .forbidden, "forbidden"),
            .init(ContractPolicy.Refusal.move(owner: code, target: hashima), .forbidden, "forbidden"),
            .init(ContractImportFailure.notFound("9"), .notFound, "import_not_found"),
            .init(ContractImportFailure.notOpen(id: 9, status: .committed), .conflict, "import_not_open"),
            .init(ContractImportFailure.expired(9), .conflict, "import_expired"),
            .init(ContractImportFailure.duplicateLines([2]), .conflict, "duplicate_import_line"),
            .init(
                ContractImportFailure.unknownMunicipality(code), .unprocessableContent,
                "unknown_municipality", pointer: "/municipalityCode"),
            .init(
                ContractImportFailure.unknownColumns(["colour"]), .badRequest, "unknown_import_column", pointer: "/rows"
            ),
            .init(ContractImportFailure.chunkTooLarge(2001), .badRequest, "import_chunk_too_large", pointer: "/rows"),
            .init(ContractImportFailure.invalidLine(0), .badRequest, "invalid_import_line", pointer: "/rows"),
            .init(
                ContractImportFailure.rejected(invalidRows: 1, errors: []), .unprocessableContent,
                "import_has_invalid_rows"),
            .init(
                VendorResolutionError.unknownVendorID(9), .unprocessableContent, "unknown_vendor", pointer: "/vendor/id"
            ),
            .init(
                VendorResolutionError.unknownCorporateNumber(toyota),
                .unprocessableContent, "unknown_vendor", pointer: "/vendor/corporateNumber"),
            .init(
                VendorResolutionError.invalidName(.verbatim("blank")), .unprocessableContent, "invalid_contract",
                pointer: "/vendor/name"),
            .init(VendorResolutionError.empty, .unprocessableContent, "invalid_contract", pointer: "/vendor"),
            .init(
                VendorResolutionError.conflict(.verbatim("another number")), .conflict, "vendor_conflict",
                pointer: "/vendor"),
            .init(VendorError.exists(id: 1, name: "株式会社A"), .conflict, "vendor_exists"),
            .init(VendorError.notFound(9), .notFound, "vendor_not_found"),
            .init(
                VendorError.mergeIntoItself(9), .unprocessableContent, "vendor_merge_into_itself",
                pointer: "/mergeVendorId"),
            .init(
                VendorError.differentCorporateNumbers(
                    toyota, sony), .conflict,
                "vendor_merge_conflict"),
            .init(
                InvalidVendor.name(.verbatim("blank")), .unprocessableContent, "invalid_vendor_name", pointer: "/name"),
            .init(
                InvalidVendor.kana(.verbatim("too long")), .unprocessableContent, "invalid_vendor_kana",
                pointer: "/kana"),
            .init(
                PeerReportError.municipalityNotFound(code), .notFound, "municipality_not_found"
            ),
            .init(PeerReportError.vendorNotFound(9), .notFound, "vendor_not_found"),
            .init(PeerReportError.unknownCategory("nope"), .badRequest, "unknown_category", pointer: "?category"),
            .init(
                try refusal { () throws(InvalidCategoryCode) in try CategoryCode("X") }, .unprocessableContent,
                "invalid_category_code", pointer: "/code"),
            .init(
                try refusal { () throws(InvalidCategory) in try NewCategory(code: category, nameJa: "", nameEn: "New")
                },
                .unprocessableContent, "invalid_category", pointer: "/nameJa"),
            .init(CategoryError.exists(category), .conflict, "category_exists"),
            .init(NotReady.databaseUnreachable, .serviceUnavailable, "database_unavailable"),
        ]
    }

    static func requestRefusals() throws -> [Expectation] {
        let code = try MunicipalityCode("373869")
        let toyota = try CorporateNumber("1180301018771")
        return [
            .init(RequestError.invalidID(.case, "x", at: "/id"), .badRequest, "invalid_case_id", pointer: "/id"),
            .init(
                RequestError.invalidID(.contract, "x", at: "/baseline/contractId"), .badRequest, "invalid_contract_id",
                pointer: "/baseline/contractId"),
            .init(
                RequestError.invalidID(.vendor, "x", at: "?vendor"), .badRequest, "invalid_vendor_id",
                pointer: "?vendor"),
            .init(
                RequestError.invalidID(.savingsEntry, "x", at: "/id"), .badRequest, "invalid_savings_entry_id",
                pointer: "/id"),
            .init(
                RequestError.invalidMunicipalityCode(
                    try refusal { () throws(InvalidMunicipalityCode) in try MunicipalityCode("37386X") }, at: "/code"),
                .badRequest,
                "invalid_municipality_code", pointer: "/code"),
            .init(
                RequestError.invalidCorporateNumber(
                    try refusal { () throws(InvalidCorporateNumber) in try CorporateNumber("118030101877") },
                    at: "/number"),
                .badRequest, "invalid_corporate_number", pointer: "/number"),
            .init(RequestError.invalidDate("x", at: "?asOf"), .badRequest, "invalid_date", pointer: "?asOf"),
            .init(
                RequestError.invalidDate("x", at: "/offeredOn"), .unprocessableContent, "invalid_date",
                pointer: "/offeredOn"),
            .init(RequestError.unknownPrefecture("火星"), .badRequest, "unknown_prefecture", pointer: "?prefecture"),
            .init(RequestError.searchTooLong(maximum: 200), .badRequest, "invalid_search", pointer: "?search"),
            .init(
                RequestError.outOfRange(name: "peersPerVendor", value: 0, range: 1...100), .badRequest,
                "invalid_peers_per_vendor", pointer: "?peersPerVendor"),
            .init(
                RequestError.invalidIdempotencyKey, .badRequest, "invalid_idempotency_key", pointer: "Idempotency-Key"),
            .init(RequestError.municipalityRequired(.mine), .badRequest, "municipality_required", pointer: "?mine"),
            .init(
                RequestError.municipalityRequired(.report), .badRequest, "municipality_required",
                pointer: "?municipality"),
            .init(
                RequestError.municipalityRequired(.importOwner), .badRequest, "municipality_required",
                pointer: "/municipalityCode"),
            .init(
                RequestError.targetInPercentAndYen, .unprocessableContent, "invalid_case",
                pointer: "/targetReductionYen"),
            .init(RequestError.ifMatchRequired(.case(4)), .preconditionRequired, "if_match_required"),
            .init(RequestError.ifMatchNotAVersion("*", .contract(4)), .preconditionFailed, "version_mismatch"),
            .init(RequestError.adminsOnly(.mergeVendors), .forbidden, "forbidden"),
            .init(RequestError.foreignImport(callerName: "宇多津町", ownerName: "羽島市"), .forbidden, "forbidden"),
            .init(RequestError.municipalityNotFound(code), .notFound, "municipality_not_found"),
            .init(
                RequestError.vendorNotFound(corporateNumber: toyota), .notFound,
                "vendor_not_found"),
            .init(RequestError.contractNeverExisted(4), .notFound, "contract_not_found"),
            .init(RequestError.vendorExists(requested: "A", existingID: 1, name: "株式会社A"), .conflict, "vendor_exists"),
        ]
    }

    @Test("each refusal of the Ledger has its documented status, code and pointer", arguments: try ledgerRefusals())
    func ledgerRefusal(_ expected: Expectation) throws {
        try check(expected)
    }

    @Test("each refusal of the API layer has its documented status, code and pointer", arguments: try requestRefusals())
    func requestRefusal(_ expected: Expectation) throws {
        try check(expected)
    }

    func check(_ expected: Expectation) throws {
        let problem = try #require(ProblemMapping.problem(for: expected.error))
        #expect(problem.status == expected.status)
        #expect(problem.code == expected.code)
        #expect(problem.errors.first?.pointer == expected.pointer)
        let detail = try #require(problem.detail, "a detail a person can act on")
        #expect(!detail.english.isEmpty && !detail.japanese.isEmpty)
    }

    @Test("an error that refuses nothing has no problem: the middleware logs it and answers 500")
    func notARefusal() {
        #expect(ProblemMapping.problem(for: ProcessFailureForTests("a bug")) == nil)
        #expect(ProblemMapping.problem(for: TimeoutError()) == nil)
        #expect(ProblemMapping.problem(for: CancellationError()) == nil)
    }

    @Test("a problem made elsewhere is answered as it is, headers included")
    func problemItself() throws {
        let problem = try #require(ProblemMapping.problem(for: Problem.unauthorized(.verbatim("no token"))))
        #expect(problem.status == .unauthorized)
        #expect(problem.httpHeaderFields[.wwwAuthenticate] == #"Bearer realm="procure""#)
        #expect(problem.httpHeaderFields[.contentType] == "application/problem+json; charset=utf-8")
    }

    @Test("an unreachable database at /readyz is told to retry in five seconds")
    func notReadyRetryAfter() throws {
        let problem = try #require(ProblemMapping.problem(for: NotReady.databaseUnreachable))
        #expect(problem.httpHeaderFields[.retryAfter] == "5")
    }

    @Test("/readyz names the function files not yet applied, as it names pending migrations")
    func notReadyNamesFunctionFiles() throws {
        let status = MigrationStatus(
            applied: Migration.all, pending: [], unknown: [], changed: [],
            pendingFunctionFiles: [FunctionFile(name: "savings.sql", sql: "SELECT 1")])
        let problem = try #require(ProblemMapping.problem(for: NotReady.schemaNotCurrent(status)))
        #expect(problem.status == .serviceUnavailable && problem.code == "migrations_not_current")
        #expect(
            problem.detail?.english
                == "pending: [], unknown: [], changed: [], function files pending: [\"savings.sql\"]")
    }

    @Test("an invalid transition lists the moves the case can make")
    func allowedTransitions() throws {
        let problem = try #require(
            ProblemMapping.problem(
                for: CaseError.invalidTransition(from: .open, to: .closed, allowed: [.negotiating, .withdrawn])))
        #expect(problem.document(in: .english).allowedTransitions == ["negotiating", "withdrawn"])
    }

    @Test("a conflict with an existing resource names its id")
    func existingID() throws {
        let vendor = try #require(ProblemMapping.problem(for: VendorError.exists(id: 12, name: "株式会社A")))
        #expect(vendor.document(in: .english).existingId == "12")
        let requested = try #require(
            ProblemMapping.problem(for: RequestError.vendorExists(requested: "A", existingID: 12, name: "株式会社A")))
        #expect(requested.document(in: .english).existingId == "12")
        #expect(requested.detail?.english == "vendor A already exists as #12 (株式会社A)")
        #expect(requested.detail?.japanese == "事業者 A は #12（株式会社A）としてすでにあります")
        let contract = try #require(
            ProblemMapping.problem(for: ContractWriteError.duplicateExternalReference("R-1", existingID: 8)))
        #expect(contract.document(in: .english).existingId == "8")
    }

    @Test("a rejected import is an ImportRejection: its rows' errors by line, no field errors")
    func importRejection() throws {
        let failure = ContractImportFailure.rejected(
            invalidRows: 1,
            errors: [ImportRowError(line: 3, column: "amount", message: .verbatim("required; the cell is empty"))])
        let problem = try #require(ProblemMapping.problem(for: failure))
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(problem.encodedBody)) as? [String: Any])
        #expect(object["code"] as? String == "import_has_invalid_rows")
        #expect(object["status"] as? Int == 422)
        #expect(object["errors"] == nil)
        let rows = try #require(object["rowErrors"] as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["line"] as? Int == 3)
        #expect(rows.first?["column"] as? String == "amount")
    }

    @Test("the same refusal of a value reads the same wherever the value was: only the pointer differs")
    func sameWordsEverywhere() throws {
        let body = try #require(ProblemMapping.problem(for: RequestError.invalidID(.case, "x", at: "/id")))
        let query = try #require(ProblemMapping.problem(for: RequestError.invalidID(.case, "x", at: "?case")))
        #expect(body.detail?.english == "'x' is not a case id")
        #expect(query.detail == body.detail)
        #expect(query.errors.first?.pointer == "?case")
    }
}
