import Ledger
import ProcurementClient

/// The one place where a refusal becomes its problem document: the status, the stable `code`, the
/// title, the detail, the `errors[]` pointers and the extra members of every error a handler
/// throws — the Ledger's refusals, the API layer's own ``RequestError``s, and ``Problem``s made
/// elsewhere (which are already documents). Handlers only throw; ``ProblemMiddleware`` asks this
/// mapping, so no handler chooses a status.
///
/// The Ledger's errors describe the domain (which field, which rule); the pointers and codes the
/// API documents for them are assigned here.
enum ProblemMapping {
    /// The problem document for `error`, or nil when it is no refusal of the client's request
    /// (a bug, or a database failure), which the middleware logs and answers 500 or 503.
    static func problem(for error: any Error) -> Problem? {
        switch error {
        case let problem as Problem: problem
        case let error as RequestError: problem(error)
        case let error as InvalidPageRequest: problem(error)
        case let error as CaseError: problem(error)
        case let error as SavingsError: problem(error)
        case let error as InvalidContract: .invalidContract(error.errors)
        case let error as ContractWriteError: problem(error)
        case let error as ContractPolicy.Refusal: problem(error)
        case let error as ContractImportFailure: problem(error)
        case let error as VendorResolutionError: problem(error)
        case let error as VendorError: problem(error)
        case let error as VendorMergeProposalError: problem(error)
        case let error as InvalidVendor: problem(error)
        case let error as PeerReportError: problem(error)
        case let error as InvalidCategoryCode:
            Problem.unprocessable(
                "invalid_category_code", error.message, pointer: "/code", title: APIText.invalidCategory)
        case let error as InvalidCategory:
            Problem(
                .unprocessableContent, code: "invalid_category", title: APIText.invalidCategory,
                detail: Bilingual.list(
                    error.errors.map { .verbatim("\($0.field): ") + $0.message }, ja: "。", en: "; "),
                errors: error.errors.map { .init(pointer: "/\($0.field)", message: $0.message) })
        case let error as CategoryError:
            Problem(.conflict, code: "category_exists", title: APIText.categoryExists, detail: error.message)
        case let error as NotReady: problem(error)
        default: nil
        }
    }

    // MARK: The API layer's refusals

    static func problem(_ error: RequestError) -> Problem {
        switch error {
        case .invalidID(let kind, let text, let pointer, let example):
            let code =
                switch kind {
                case .case: "invalid_case_id"
                case .contract: "invalid_contract_id"
                case .vendor: "invalid_vendor_id"
                case .savingsEntry: "invalid_savings_entry_id"
                case .mergeProposal: "invalid_merge_proposal_id"
                }
            return .invalid(code, APIText.invalidID(kind, text, example: example), pointer: pointer)
        case .invalidMunicipalityCode(let error, let pointer):
            return .invalid("invalid_municipality_code", error.message, pointer: pointer)
        case .invalidCorporateNumber(let error, let pointer):
            return .invalid("invalid_corporate_number", error.message, pointer: pointer)
        case .invalidDate(let text, let pointer):
            let detail = APIText.invalidDate(text)
            // A query parameter that is not a date makes the request malformed; a date field of a
            // body is a value the register cannot take, like the rest of the body's values (422).
            return pointer.hasPrefix("?")
                ? .invalid("invalid_date", detail, pointer: pointer)
                : .unprocessable("invalid_date", detail, pointer: pointer)
        case .unknownPrefecture(let text):
            return .invalid("unknown_prefecture", APIText.unknownPrefecture(text), pointer: "?prefecture")
        case .searchTooLong(let maximum):
            return .invalid("invalid_search", APIText.searchTooLong(maximum), pointer: "?search")
        case .outOfRange(let name, let value, let range):
            return .invalid(
                "invalid_\(snakeCase(name))",
                APIText.outOfRange(name, value: value, lower: range.lowerBound, upper: range.upperBound),
                pointer: "?\(name)")
        case .invalidIdempotencyKey:
            return .invalid("invalid_idempotency_key", APIText.idempotencyKey, pointer: "Idempotency-Key")
        case .municipalityRequired(.mine):
            return .invalid("municipality_required", APIText.adminHasNoMunicipalityMine, pointer: "?mine")
        case .municipalityRequired(.report):
            return .invalid("municipality_required", APIText.adminHasNoMunicipalityReport, pointer: "?municipality")
        case .municipalityRequired(.importOwner):
            return .invalid("municipality_required", APIText.adminNamesImportOwner, pointer: "/municipalityCode")
        case .targetInPercentAndYen:
            return .unprocessable("invalid_case", APIText.targetBothWays, pointer: "/targetReductionYen")
        case .ifMatchRequired(let resource):
            return Problem(
                .preconditionRequired, code: "if_match_required", title: APIText.ifMatchRequired,
                detail: APIText.ifMatchRequired(resource.path))
        case .ifMatchNotAVersion(let ifMatch, let resource):
            return .versionMismatch(APIText.ifMatchNotAVersion(ifMatch, resource))
        case .adminsOnly(let action):
            return .forbidden(APIText.adminsOnly(action))
        case .othersPendingWork:
            return .forbidden(APIText.othersPendingWork)
        case .foreignImport(let caller, let owner):
            return .forbidden(APIText.foreignImport(caller: caller, owner: owner))
        case .municipalityNotFound(let code):
            return Problem(
                .notFound, code: "municipality_not_found", title: APIText.noSuchGovernment,
                detail: LedgerText.unknownMunicipality(code))
        case .vendorNotFound(let number):
            return Problem(
                .notFound, code: "vendor_not_found", title: APIText.noSuchVendor,
                detail: APIText.noVendorWithNumber(number))
        case .contractNeverExisted(let id):
            return Problem(
                .notFound, code: "contract_not_found", title: APIText.noSuchContract,
                detail: APIText.contractNeverExisted(id))
        case .vendorExists(let requested, let id, let name):
            var problem = Problem(
                .conflict, code: "vendor_exists", title: APIText.vendorExists,
                detail: APIText.vendorExists(requested, id: id, name: name))
            problem.existingID = String(id)
            return problem
        }
    }

    static func problem(_ error: InvalidPageRequest) -> Problem {
        switch error {
        case .limit: .invalid("invalid_limit", error.message, pointer: "?limit")
        case .cursor: .invalid("invalid_cursor", error.message, pointer: "?cursor")
        }
    }

    // MARK: Cases and savings

    static func problem(_ error: CaseError) -> Problem {
        let detail = error.message
        switch error {
        case .notFound:
            return .caseNotFound(detail)
        case .forbidden:
            return .forbidden(detail)
        case .versionMismatch(let id, _, let current):
            return .versionMismatch(.case(id), current: current)
        case .invalidTransition(_, _, let allowed):
            var problem = Problem(
                .conflict, code: "invalid_transition", title: APIText.invalidTransition, detail: detail)
            problem.allowedTransitions = allowed.map(\.rawValue)
            return problem
        case .conflict(let code, _):
            return .conflict(code, detail)
        case .invalid(let code, let fields):
            return .unprocessable(code, detail, fields: fields)
        }
    }

    static func problem(_ error: SavingsError) -> Problem {
        let detail = error.message
        switch error {
        case .caseNotFound:
            return .caseNotFound(detail)
        case .entryNotFound:
            return Problem(.notFound, code: "savings_entry_not_found", title: APIText.noSuchEntry, detail: detail)
        case .forbidden:
            return .forbidden(detail)
        case .conflict(let code, _):
            return .conflict(code, detail)
        case .invalid(let code, let fields):
            return .unprocessable(code, detail, fields: fields)
        case .idempotencyKeyReused:
            return Problem(
                .unprocessableContent, code: "idempotency_key_reused", title: APIText.idempotencyKeyReused,
                detail: detail)
        }
    }

    // MARK: Contracts and imports

    static func problem(_ error: ContractWriteError) -> Problem {
        let detail = error.message
        switch error {
        case .notFound:
            return Problem(.notFound, code: "contract_not_found", title: APIText.noSuchContract, detail: detail)
        case .forbidden:
            return .forbidden(detail)
        case .versionMismatch(let id, _, let current):
            return .versionMismatch(.contract(id), current: current)
        case .municipalityRequired:
            return .invalidContract([.init(field: "municipalityCode", message: detail)])
        case .unknownMunicipality:
            return .unprocessable("unknown_municipality", detail, pointer: "/municipalityCode")
        case .unknownCategory:
            return .unprocessable("unknown_category", detail, pointer: "/categoryCode")
        case .duplicateExternalReference(_, let existingID):
            var problem = Problem(
                .conflict, code: "duplicate_external_reference", title: APIText.duplicateReference,
                detail: detail, errors: [.init(pointer: "/externalReference", message: detail)])
            problem.existingID = existingID.map { String($0) }
            return problem
        }
    }

    /// The contract register words the policy's refusals itself, with the municipalities' names;
    /// only a contract import meets them unworded, so they read as an import's (with codes for
    /// names where the handler did not look the names up).
    static func problem(_ refusal: ContractPolicy.Refusal) -> Problem {
        switch refusal {
        case .municipalityRequired:
            problem(RequestError.municipalityRequired(.importOwner))
        case .foreignMunicipality(let caller, let owner):
            problem(RequestError.foreignImport(callerName: caller.rawValue, ownerName: owner.rawValue))
        case .move(let owner, let target):
            .forbidden(APIText.foreignMove(owner: owner.rawValue, target: target.rawValue))
        }
    }

    static func problem(_ failure: ContractImportFailure) -> Problem {
        let detail = failure.message
        switch failure {
        case .notFound: return Problem(.notFound, code: "import_not_found", title: APIText.noSuchImport, detail: detail)
        case .notOpen: return Problem(.conflict, code: "import_not_open", title: APIText.importClosed, detail: detail)
        case .expired: return Problem(.conflict, code: "import_expired", title: APIText.importExpired, detail: detail)
        case .duplicateLines:
            return Problem(.conflict, code: "duplicate_import_line", title: APIText.lineReceived, detail: detail)
        case .unknownMunicipality:
            // As a contract naming an unknown local government: one situation, one code.
            return .unprocessable("unknown_municipality", detail, pointer: "/municipalityCode")
        case .unknownColumns: return .invalid("unknown_import_column", detail, pointer: "/rows")
        case .chunkTooLarge: return .invalid("import_chunk_too_large", detail, pointer: "/rows")
        case .invalidLine: return .invalid("invalid_import_line", detail, pointer: "/rows")
        case .rejected(_, let errors):
            // The documented `ImportRejection`: the invalid rows by line instead of field errors.
            var problem = Problem(
                .unprocessableContent, code: "import_has_invalid_rows", title: APIText.importRejected, detail: detail)
            problem.rowErrors = errors
            return problem
        }
    }

    // MARK: Vendors and peer reports

    static func problem(_ error: VendorResolutionError) -> Problem {
        let detail = error.message
        switch error {
        case .unknownVendorID: return .unprocessable("unknown_vendor", detail, pointer: "/vendor/id")
        case .unknownCorporateNumber:
            return .unprocessable("unknown_vendor", detail, pointer: "/vendor/corporateNumber")
        case .invalidName: return .invalidContract([.init(field: "vendor/name", message: detail)])
        case .empty: return .invalidContract([.init(field: "vendor", message: detail)])
        case .conflict:
            return Problem(
                .conflict, code: "vendor_conflict", title: APIText.vendorConflict, detail: detail,
                errors: [.init(pointer: "/vendor", message: detail)])
        case .similarExists(_, let similar): return similarVendor(detail, similar, pointer: "/vendor/name")
        }
    }

    static func problem(_ error: VendorError) -> Problem {
        let detail = error.message
        switch error {
        case .exists(let id, _):
            var problem = Problem(.conflict, code: "vendor_exists", title: APIText.vendorExists, detail: detail)
            problem.existingID = String(id)
            return problem
        case .notFound(let id): return .vendorNotFound(id)
        case .mergeIntoItself:
            return .unprocessable(
                "vendor_merge_into_itself", detail, pointer: "/mergeVendorId", title: APIText.invalidVendor)
        case .differentCorporateNumbers:
            return Problem(
                .conflict, code: "vendor_merge_conflict", title: APIText.vendorsNotMergeable, detail: detail)
        case .similarExists(_, let similar): return similarVendor(detail, similar, pointer: "/name")
        }
    }

    static func problem(_ error: VendorMergeProposalError) -> Problem {
        let detail = error.message
        switch error {
        case .notFound: return .notFound(detail)
        case .alreadyProposed(let existing):
            var problem = Problem(
                .conflict, code: "merge_already_proposed", title: APIText.mergeProposalConflict, detail: detail)
            problem.existingID = String(existing)
            return problem
        case .decided:
            return Problem(.conflict, code: "proposal_decided", title: APIText.mergeProposalConflict, detail: detail)
        case .tooLong(let field): return .unprocessable("invalid_merge_proposal", detail, pointer: "/\(field)")
        }
    }

    /// 409 `similar_vendor`: a new vendor name close to registered vendors', which are listed.
    private static func similarVendor(_ detail: Bilingual, _ similar: [SimilarVendor], pointer: String) -> Problem {
        var problem = Problem(
            .conflict, code: "similar_vendor", title: APIText.similarVendor, detail: detail,
            errors: [.init(pointer: pointer, message: detail)])
        problem.similarVendors = similar
        return problem
    }

    static func problem(_ error: InvalidVendor) -> Problem {
        switch error {
        case .name(let message):
            .unprocessable("invalid_vendor_name", message, pointer: "/name", title: APIText.invalidVendor)
        case .kana(let message):
            .unprocessable("invalid_vendor_kana", message, pointer: "/kana", title: APIText.invalidVendor)
        }
    }

    static func problem(_ error: PeerReportError) -> Problem {
        switch error {
        case .municipalityNotFound(let code):
            Problem(
                .notFound, code: "municipality_not_found", title: APIText.noSuchMunicipality,
                detail: LedgerText.unknownMunicipality(code))
        case .vendorNotFound(let id): .vendorNotFound(id)
        case .unknownCategory(let code):
            .invalid("unknown_category", APIText.unknownCategoryParameter(code), pointer: "?category")
        }
    }

    // MARK: Service

    static func problem(_ error: NotReady) -> Problem {
        switch error {
        case .databaseUnreachable:
            return .databaseUnavailable()
        case .schemaNotCurrent(let status):
            let summary =
                "pending: \(status.pending.map(\.name)), unknown: \(status.unknown), changed: \(status.changed)"
                + (status.pendingFunctionFiles.isEmpty
                    ? "" : ", function files pending: \(status.pendingFunctionFiles.map(\.name))")
            return Problem(
                .serviceUnavailable, code: "migrations_not_current", title: APIText.schemaNotCurrent,
                detail: APIText.schemaNotCurrent(summary))
        }
    }

    /// `peersPerVendor` → `peers_per_vendor`, for problem codes.
    static func snakeCase(_ name: String) -> String {
        name.reduce(into: "") { result, character in
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
    }
}

extension RequestError.Versioned {
    /// `case 12`, as the detail names it.
    var name: Bilingual { APIText.versionedName(self) }

    /// Where its current ETag is read.
    var path: String {
        switch self {
        case .case(let id): "/cases/\(id)"
        case .contract(let id): "/contracts/\(id)"
        }
    }
}

extension Problem {
    static func forbidden(_ detail: Bilingual) -> Problem {
        Problem(.forbidden, code: "forbidden", title: APIText.forbidden, detail: detail)
    }

    static func versionMismatch(_ detail: Bilingual) -> Problem {
        Problem(.preconditionFailed, code: "version_mismatch", title: APIText.versionMismatch, detail: detail)
    }

    /// 412: the change was based on a version older than `current`.
    static func versionMismatch(_ resource: RequestError.Versioned, current: Int32) -> Problem {
        .versionMismatch(APIText.changedMeanwhile(resource, current: current))
    }

    static func caseNotFound(_ detail: Bilingual) -> Problem {
        Problem(.notFound, code: "case_not_found", title: APIText.noSuchCase, detail: detail)
    }

    /// 409 with the register's own code (`not_invited`, `already_reversed`, …).
    static func conflict(_ code: String, _ detail: Bilingual) -> Problem {
        Problem(.conflict, code: code, title: APIText.conflict, detail: detail)
    }

    static func vendorNotFound(_ id: Int64) -> Problem {
        Problem(.notFound, code: "vendor_not_found", title: APIText.noSuchVendor, detail: LedgerText.unknownVendor(id))
    }

    /// 422 with one `errors` entry, pointing at the value.
    static func unprocessable(
        _ code: String, _ detail: Bilingual, pointer: String, title: Bilingual = APIText.unprocessable
    ) -> Problem {
        Problem(
            .unprocessableContent, code: code, title: title, detail: detail,
            errors: [.init(pointer: pointer, message: detail)])
    }

    /// 422 with one `errors` entry per refused field of a case or a savings entry.
    static func unprocessable(_ code: String, _ detail: Bilingual, fields: [InvalidCaseField]) -> Problem {
        Problem(
            .unprocessableContent, code: code, title: APIText.unprocessable, detail: detail,
            errors: fields.map { .init(pointer: "/\($0.field)", message: $0.message) })
    }

    /// 422 `invalid_contract` with one `errors` entry per violation, pointing at the field.
    static func invalidContract(_ errors: [ContractFieldError]) -> Problem {
        Problem(
            .unprocessableContent, code: "invalid_contract", title: APIText.invalidContract,
            detail: Bilingual.list(errors.map { .verbatim("\($0.field): ") + $0.message }, ja: "。", en: "; "),
            errors: errors.map { .init(pointer: "/\($0.field)", message: $0.message) })
    }
}
