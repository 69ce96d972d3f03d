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
        case let error as InvalidVendor: problem(error)
        case let error as PeerReportError: problem(error)
        case let error as InvalidCategoryCode:
            Problem.unprocessable(
                "invalid_category_code", error.description, pointer: "/code", title: "Invalid category")
        case let error as InvalidCategory:
            Problem(
                .unprocessableContent, code: "invalid_category", title: "Invalid category", detail: error.description,
                errors: error.errors.map { .init(pointer: "/\($0.field)", message: $0.message) })
        case let error as CategoryError:
            Problem(.conflict, code: "category_exists", title: "Category exists", detail: error.description)
        case let error as NotReady: problem(error)
        default: nil
        }
    }

    // MARK: The API layer's refusals

    static func problem(_ error: RequestError) -> Problem {
        switch error {
        case .invalidID(let kind, let text, let pointer, let example):
            let (code, noun) =
                switch kind {
                case .case: ("invalid_case_id", "a case id")
                case .contract: ("invalid_contract_id", "a contract id")
                case .vendor: ("invalid_vendor_id", "a vendor id")
                case .savingsEntry: ("invalid_savings_entry_id", "a savings entry id")
                }
            let hint = example ? " (ids are whole numbers, e.g. 12)" : ""
            return .invalid(code, "'\(text)' is not \(noun)\(hint)", pointer: pointer)
        case .invalidMunicipalityCode(let error, let pointer):
            return .invalid("invalid_municipality_code", error.description, pointer: pointer)
        case .invalidCorporateNumber(let error, let pointer):
            return .invalid("invalid_corporate_number", error.description, pointer: pointer)
        case .invalidDate(let text, let pointer):
            let detail = "'\(text)' is not a date (YYYY-MM-DD)"
            // A query parameter that is not a date makes the request malformed; a date field of a
            // body is a value the register cannot take, like the rest of the body's values (422).
            return pointer.hasPrefix("?")
                ? .invalid("invalid_date", detail, pointer: pointer)
                : .unprocessable("invalid_date", detail, pointer: pointer)
        case .unknownPrefecture(let text):
            return .invalid(
                "unknown_prefecture", "'\(text)' is not a prefecture (give 香川県, 香川 or 37)", pointer: "?prefecture")
        case .searchTooLong(let maximum):
            return .invalid("invalid_search", "a search text has at most \(maximum) characters", pointer: "?search")
        case .outOfRange(let name, let value, let range):
            return .invalid(
                "invalid_\(snakeCase(name))",
                "\(name) must be \(range.lowerBound) to \(range.upperBound), not \(value)",
                pointer: "?\(name)")
        case .invalidIdempotencyKey:
            return .invalid(
                "invalid_idempotency_key", "Idempotency-Key must be 1 to 200 characters (a UUID)",
                pointer: "Idempotency-Key")
        case .municipalityRequired(.mine):
            return .invalid(
                "municipality_required", "an admin token has no municipality of its own: leave out mine",
                pointer: "?mine")
        case .municipalityRequired(.report):
            return .invalid(
                "municipality_required",
                "an admin token has no municipality of its own: name one (?municipality=CODE; --municipality in procure)",
                pointer: "?municipality")
        case .municipalityRequired(.importOwner):
            return .invalid(
                "municipality_required", "an admin must say whose contracts these are (municipalityCode)",
                pointer: "/municipalityCode")
        case .targetInPercentAndYen:
            return .unprocessable(
                "invalid_case", "give the target in percent or in yen, not both", pointer: "/targetReductionYen")
        case .ifMatchRequired(let resource):
            return Problem(
                .preconditionRequired, code: "if_match_required", title: "If-Match required",
                detail: "send If-Match with the ETag from GET \(resource.path), so a change made meanwhile is not lost")
        case .ifMatchNotAVersion(let ifMatch, let resource):
            return .versionMismatch(
                "If-Match \(ifMatch) is not a version of \(resource.name); send the ETag from GET \(resource.path)")
        case .adminsOnly(let action):
            return .forbidden("only the network's coordinators (admins) can \(action)")
        case .foreignImport(let caller, let owner):
            return .forbidden("you can only import \(caller)'s contracts, not \(owner)'s")
        case .municipalityNotFound(let code):
            return Problem(
                .notFound, code: "municipality_not_found", title: "No such local government",
                detail: "there is no local government with code \(code)")
        case .vendorNotFound(let number):
            return Problem(
                .notFound, code: "vendor_not_found", title: "No such vendor",
                detail: "no vendor has corporate number \(number)")
        case .contractNeverExisted(let id):
            return Problem(
                .notFound, code: "contract_not_found", title: "No such contract",
                detail: "there never was a contract \(id)")
        case .vendorExists(let requested, let id, let name):
            var problem = Problem(
                .conflict, code: "vendor_exists", title: "Vendor exists",
                detail: "vendor \(requested) already exists as #\(id) (\(name))")
            problem.existingID = String(id)
            return problem
        }
    }

    static func problem(_ error: InvalidPageRequest) -> Problem {
        switch error {
        case .limit: .invalid("invalid_limit", error.description, pointer: "?limit")
        case .cursor: .invalid("invalid_cursor", error.description, pointer: "?cursor")
        }
    }

    // MARK: Cases and savings

    static func problem(_ error: CaseError) -> Problem {
        let detail = error.description
        switch error {
        case .notFound:
            return .caseNotFound(detail)
        case .forbidden:
            return .forbidden(detail)
        case .versionMismatch(let id, _, let current):
            return .versionMismatch(.case(id), current: current)
        case .invalidTransition(_, _, let allowed):
            var problem = Problem(.conflict, code: "invalid_transition", title: "Invalid transition", detail: detail)
            problem.allowedTransitions = allowed.map(\.rawValue)
            return problem
        case .conflict(let code, _):
            return .conflict(code, detail)
        case .invalid(let code, let fields):
            return .unprocessable(code, detail, fields: fields)
        }
    }

    static func problem(_ error: SavingsError) -> Problem {
        let detail = error.description
        switch error {
        case .caseNotFound:
            return .caseNotFound(detail)
        case .entryNotFound:
            return Problem(.notFound, code: "savings_entry_not_found", title: "No such savings entry", detail: detail)
        case .forbidden:
            return .forbidden(detail)
        case .conflict(let code, _):
            return .conflict(code, detail)
        case .invalid(let code, let fields):
            return .unprocessable(code, detail, fields: fields)
        case .idempotencyKeyReused:
            return Problem(
                .unprocessableContent, code: "idempotency_key_reused", title: "Idempotency key reused", detail: detail)
        }
    }

    // MARK: Contracts and imports

    static func problem(_ error: ContractWriteError) -> Problem {
        let detail = error.description
        switch error {
        case .notFound:
            return Problem(.notFound, code: "contract_not_found", title: "No such contract", detail: detail)
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
                .conflict, code: "duplicate_external_reference", title: "Duplicate external reference",
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
            .forbidden(
                "a contract belongs to \(owner.rawValue); only an admin can move it to another municipality "
                    + "(\(target.rawValue))")
        }
    }

    static func problem(_ failure: ContractImportFailure) -> Problem {
        let detail = failure.description
        switch failure {
        case .notFound: return Problem(.notFound, code: "import_not_found", title: "No such import", detail: detail)
        case .notOpen: return Problem(.conflict, code: "import_not_open", title: "Import closed", detail: detail)
        case .expired: return Problem(.conflict, code: "import_expired", title: "Import expired", detail: detail)
        case .duplicateLines:
            return Problem(.conflict, code: "duplicate_import_line", title: "Line already received", detail: detail)
        case .unknownMunicipality:
            // As a contract naming an unknown local government: one situation, one code.
            return .unprocessable("unknown_municipality", detail, pointer: "/municipalityCode")
        case .unknownColumns: return .invalid("unknown_import_column", detail, pointer: "/rows")
        case .chunkTooLarge: return .invalid("import_chunk_too_large", detail, pointer: "/rows")
        case .invalidLine: return .invalid("invalid_import_line", detail, pointer: "/rows")
        case .rejected(_, let errors):
            // The documented `ImportRejection`: the invalid rows by line instead of field errors.
            var problem = Problem(
                .unprocessableContent, code: "import_has_invalid_rows", title: "Import rejected", detail: detail)
            problem.rowErrors = errors.map(Components.Schemas.ImportRowError.init)
            return problem
        }
    }

    // MARK: Vendors and peer reports

    static func problem(_ error: VendorResolutionError) -> Problem {
        let detail = error.description
        switch error {
        case .unknownVendorID: return .unprocessable("unknown_vendor", detail, pointer: "/vendor/id")
        case .unknownCorporateNumber:
            return .unprocessable("unknown_vendor", detail, pointer: "/vendor/corporateNumber")
        case .invalidName: return .invalidContract([.init(field: "vendor/name", message: detail)])
        case .empty: return .invalidContract([.init(field: "vendor", message: detail)])
        case .conflict:
            return Problem(
                .conflict, code: "vendor_conflict", title: "Vendor conflict", detail: detail,
                errors: [.init(pointer: "/vendor", message: detail)])
        }
    }

    static func problem(_ error: VendorError) -> Problem {
        let detail = error.description
        switch error {
        case .exists(let id, _):
            var problem = Problem(.conflict, code: "vendor_exists", title: "Vendor exists", detail: detail)
            problem.existingID = String(id)
            return problem
        case .notFound(let id): return .vendorNotFound(id)
        case .mergeIntoItself:
            return .unprocessable(
                "vendor_merge_into_itself", detail, pointer: "/mergeVendorId", title: "Invalid vendor")
        case .differentCorporateNumbers:
            return Problem(
                .conflict, code: "vendor_merge_conflict", title: "Vendors cannot be merged", detail: detail)
        }
    }

    static func problem(_ error: InvalidVendor) -> Problem {
        switch error {
        case .name(let message):
            .unprocessable("invalid_vendor_name", message, pointer: "/name", title: "Invalid vendor")
        case .kana(let message):
            .unprocessable("invalid_vendor_kana", message, pointer: "/kana", title: "Invalid vendor")
        }
    }

    static func problem(_ error: PeerReportError) -> Problem {
        switch error {
        case .municipalityNotFound(let code):
            Problem(
                .notFound, code: "municipality_not_found", title: "No such municipality",
                detail: "there is no local government with code \(code.rawValue)")
        case .vendorNotFound(let id): .vendorNotFound(id)
        case .unknownCategory(let code):
            .invalid(
                "unknown_category", "'\(code)' is not a category (procure categories list shows them)",
                pointer: "?category")
        }
    }

    // MARK: Service

    static func problem(_ error: NotReady) -> Problem {
        switch error {
        case .databaseUnreachable:
            return .databaseUnavailable()
        case .schemaNotCurrent(let status):
            return Problem(
                .serviceUnavailable, code: "migrations_not_current", title: "Database schema not current",
                detail: "pending: \(status.pending.map(\.name)), unknown: \(status.unknown), changed: \(status.changed)"
                    + (status.pendingFunctionFiles.isEmpty
                        ? "" : ", function files pending: \(status.pendingFunctionFiles.map(\.name))"))
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
    var name: String {
        switch self {
        case .case(let id): "case \(id)"
        case .contract(let id): "contract \(id)"
        }
    }

    /// Where its current ETag is read.
    var path: String {
        switch self {
        case .case(let id): "/cases/\(id)"
        case .contract(let id): "/contracts/\(id)"
        }
    }
}

extension Problem {
    static func forbidden(_ detail: String) -> Problem {
        Problem(.forbidden, code: "forbidden", title: "Forbidden", detail: detail)
    }

    static func versionMismatch(_ detail: String) -> Problem {
        Problem(.preconditionFailed, code: "version_mismatch", title: "Version mismatch", detail: detail)
    }

    /// 412: the change was based on a version older than `current`.
    static func versionMismatch(_ resource: RequestError.Versioned, current: Int32) -> Problem {
        .versionMismatch(
            "\(resource.name) was changed by someone else since you read it (it is at version \(current) now)")
    }

    static func caseNotFound(_ detail: String) -> Problem {
        Problem(.notFound, code: "case_not_found", title: "No such case", detail: detail)
    }

    /// 409 with the register's own code (`not_invited`, `already_reversed`, …).
    static func conflict(_ code: String, _ detail: String) -> Problem {
        Problem(.conflict, code: code, title: "Conflict", detail: detail)
    }

    static func vendorNotFound(_ id: Int64) -> Problem {
        Problem(.notFound, code: "vendor_not_found", title: "No such vendor", detail: "there is no vendor #\(id)")
    }

    /// 422 with one `errors` entry, pointing at the value.
    static func unprocessable(
        _ code: String, _ detail: String, pointer: String, title: String = "Unprocessable content"
    ) -> Problem {
        Problem(
            .unprocessableContent, code: code, title: title, detail: detail,
            errors: [.init(pointer: pointer, message: detail)])
    }

    /// 422 with one `errors` entry per refused field of a case or a savings entry.
    static func unprocessable(_ code: String, _ detail: String, fields: [InvalidCaseField]) -> Problem {
        Problem(
            .unprocessableContent, code: code, title: "Unprocessable content", detail: detail,
            errors: fields.map { .init(pointer: "/\($0.field)", message: $0.message) })
    }

    /// 422 `invalid_contract` with one `errors` entry per violation, pointing at the field.
    static func invalidContract(_ errors: [ContractFieldError]) -> Problem {
        Problem(
            .unprocessableContent, code: "invalid_contract", title: "Invalid contract",
            detail: errors.map(\.description).joined(separator: "; "),
            errors: errors.map { .init(pointer: "/\($0.field)", message: $0.message) })
    }
}
