import Ledger
import ProcurementClient

extension APIHandler {
    var contracts: ContractRepository { ContractRepository(client: database, logger: requestLogger) }

    func listContracts(_ input: Operations.ListContracts.Input) async throws -> Operations.ListContracts.Output {
        _ = try principal()
        let query = input.query
        let filter: ContractFilter
        let page: PageRequest
        do {
            page = try PageRequest(limit: query.limit.map(Int.init), cursor: query.cursor)
            filter = try await contractFilter(query)
        } catch let error as InvalidPageRequest {
            return .badRequest(.init(body: .applicationProblemJson(error.problem.document)))
        } catch let problem as Problem {
            return .badRequest(.init(body: .applicationProblemJson(problem.document)))
        }
        let result: Page<Contract>
        do {
            result = try await contracts.list(filter, page: page)
        } catch let error as InvalidPageRequest {
            return .badRequest(.init(body: .applicationProblemJson(error.problem.document)))
        }
        return .ok(
            .init(
                body: .json(
                    .init(items: result.items.map(Components.Schemas.Contract.init), nextCursor: result.nextCursor))))
    }

    func createContract(_ input: Operations.CreateContract.Input) async throws -> Operations.CreateContract.Output {
        let principal = try principal()
        guard case .json(let body) = input.body else { throw Problem.internalError() }
        do {
            let municipality = try body.municipality()
            let draft = try ContractDraft(body)
            let contract = try await contracts.create(draft, municipality: municipality, by: principal)
            return .created(
                .init(headers: .init(eTag: ContractETag.header(contract.version)), body: .json(.init(contract))))
        } catch {
            let problem = try ContractProblems.problem(for: error)
            let document = problem.document
            switch problem.status {
            case .badRequest: return .badRequest(.init(body: .applicationProblemJson(document)))
            case .forbidden: return .forbidden(.init(body: .applicationProblemJson(document)))
            case .conflict: return .conflict(.init(body: .applicationProblemJson(document)))
            case .unprocessableContent: return .unprocessableContent(.init(body: .applicationProblemJson(document)))
            default: throw problem
            }
        }
    }

    func getContract(_ input: Operations.GetContract.Input) async throws -> Operations.GetContract.Output {
        _ = try principal()
        let id: Int64
        do {
            id = try ContractProblems.contractID(input.path.id)
        } catch {
            return .badRequest(.init(body: .applicationProblemJson(error.document)))
        }
        guard let contract = try await contracts.find(id) else {
            let problem = ContractProblems.problem(for: ContractWriteError.notFound(id: id))
            return .notFound(.init(body: .applicationProblemJson(problem.document)))
        }
        return .ok(.init(headers: .init(eTag: ContractETag.header(contract.version)), body: .json(.init(contract))))
    }

    func replaceContract(_ input: Operations.ReplaceContract.Input) async throws -> Operations.ReplaceContract.Output {
        let principal = try principal()
        guard case .json(let body) = input.body else { throw Problem.internalError() }
        do {
            let id = try ContractProblems.contractID(input.path.id)
            let version = try ContractProblems.expectedVersion(input.headers.ifMatch, id: id)
            let municipality = try body.municipality()
            let draft = try ContractDraft(body)
            let contract = try await contracts.replace(
                id, with: draft, municipality: municipality, expectedVersion: version, by: principal)
            return .ok(.init(headers: .init(eTag: ContractETag.header(contract.version)), body: .json(.init(contract))))
        } catch {
            let problem = try ContractProblems.problem(for: error)
            let document = problem.document
            switch problem.status {
            case .badRequest: return .badRequest(.init(body: .applicationProblemJson(document)))
            case .forbidden: return .forbidden(.init(body: .applicationProblemJson(document)))
            case .notFound: return .notFound(.init(body: .applicationProblemJson(document)))
            case .conflict: return .conflict(.init(body: .applicationProblemJson(document)))
            case .preconditionFailed: return .preconditionFailed(.init(body: .applicationProblemJson(document)))
            case .unprocessableContent: return .unprocessableContent(.init(body: .applicationProblemJson(document)))
            case .preconditionRequired: return .preconditionRequired(.init(body: .applicationProblemJson(document)))
            default: throw problem
            }
        }
    }

    func deleteContract(_ input: Operations.DeleteContract.Input) async throws -> Operations.DeleteContract.Output {
        let principal = try principal()
        do {
            let id = try ContractProblems.contractID(input.path.id)
            let version = try ContractProblems.expectedVersion(input.headers.ifMatch, id: id)
            try await contracts.delete(id, expectedVersion: version, by: principal)
            return .noContent(.init())
        } catch {
            let problem = try ContractProblems.problem(for: error)
            let document = problem.document
            switch problem.status {
            case .badRequest: return .badRequest(.init(body: .applicationProblemJson(document)))
            case .forbidden: return .forbidden(.init(body: .applicationProblemJson(document)))
            case .notFound: return .notFound(.init(body: .applicationProblemJson(document)))
            case .preconditionFailed: return .preconditionFailed(.init(body: .applicationProblemJson(document)))
            case .preconditionRequired: return .preconditionRequired(.init(body: .applicationProblemJson(document)))
            default: throw problem
            }
        }
    }

    func getContractHistory(
        _ input: Operations.GetContractHistory.Input
    ) async throws -> Operations.GetContractHistory.Output {
        _ = try principal()
        let id: Int64
        let page: PageRequest
        do {
            id = try ContractProblems.contractID(input.path.id)
            page = try PageRequest(limit: input.query.limit.map(Int.init), cursor: input.query.cursor)
        } catch let problem as Problem {
            return .badRequest(.init(body: .applicationProblemJson(problem.document)))
        } catch let error as InvalidPageRequest {
            return .badRequest(.init(body: .applicationProblemJson(error.problem.document)))
        }
        let history: Page<ContractHistoryEntry>?
        do {
            history = try await contracts.history(of: id, page: page)
        } catch let error as InvalidPageRequest {
            return .badRequest(.init(body: .applicationProblemJson(error.problem.document)))
        }
        guard let history else {
            let problem = Problem(
                .notFound, code: "contract_not_found", title: "No such contract",
                detail: "there never was a contract \(id)")
            return .notFound(.init(body: .applicationProblemJson(problem.document)))
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: history.items.map(Components.Schemas.ContractHistoryEntry.init),
                        nextCursor: history.nextCursor))))
    }

    /// The listing's filter from the query; a value that cannot be what it names is a 400.
    private func contractFilter(_ query: Operations.ListContracts.Input.Query) async throws -> ContractFilter {
        var filter = ContractFilter()
        if let text = nonEmpty(query.municipality) {
            do {
                filter.municipality = try MunicipalityCode(text)
            } catch {
                throw Problem.invalid("invalid_municipality_code", error.description, pointer: "?municipality")
            }
        }
        if let text = nonEmpty(query.prefecture) {
            guard let code = try await municipalities.prefectureCode(for: text) else {
                throw Problem.invalid(
                    "unknown_prefecture", "'\(text)' is not a prefecture (give 香川県, 香川 or 37)", pointer: "?prefecture")
            }
            filter.prefectureCode = code
        }
        if let text = nonEmpty(query.vendor) {
            guard let id = Int64(text), id > 0 else {
                throw Problem.invalid("invalid_vendor_id", "'\(text)' is not a vendor id", pointer: "?vendor")
            }
            filter.vendorID = id
        }
        filter.categoryCode = nonEmpty(query.category)
        filter.fiscalYear = query.fiscalYear.map(Int.init)
        // `endsBefore=` with no value is not a date (an empty filter of text is no filter).
        if let text = query.endsBefore {
            guard let date = BusinessDate(text) else {
                throw Problem.invalid("invalid_date", "'\(text)' is not a date (YYYY-MM-DD)", pointer: "?endsBefore")
            }
            filter.endsBefore = date
        }
        return filter
    }

    private func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}

/// How the contract register's refusals read as problem documents.
enum ContractProblems {
    /// Contract ids are opaque strings in the API; the register numbers them.
    static func contractID(_ text: String) throws(Problem) -> Int64 {
        guard let id = Int64(text), id > 0 else {
            throw Problem.invalid("invalid_contract_id", "'\(text)' is not a contract id", pointer: "/id")
        }
        return id
    }

    /// The version a change is based on: required, so that nobody overwrites a change they never
    /// saw by leaving the header out.
    static func expectedVersion(_ ifMatch: String?, id: Int64) throws(Problem) -> Int32 {
        guard let ifMatch, !ifMatch.isEmpty else {
            throw Problem(
                .preconditionRequired, code: "if_match_required", title: "If-Match required",
                detail: "send If-Match with the ETag from GET /contracts/\(id), so a change made meanwhile is not lost")
        }
        guard let version = ContractETag.version(ifMatch: ifMatch) else {
            throw Problem(
                .preconditionFailed, code: "version_mismatch", title: "Version mismatch",
                detail:
                    "If-Match \(ifMatch) is not a version of contract \(id); send the ETag from GET /contracts/\(id)")
        }
        return version
    }

    /// The problem document for a failure of a contract operation; rethrows what is not the
    /// client's fault (a database error), for the problem middleware to log and answer.
    static func problem(for error: any Error) throws -> Problem {
        switch error {
        case let problem as Problem: return problem
        case let invalid as InvalidContract: return Problem.invalidContract(invalid.errors)
        case let error as ContractWriteError: return problem(for: error)
        case let error as VendorResolutionError: return problem(for: error)
        default: throw error
        }
    }

    static func problem(for error: ContractWriteError) -> Problem {
        let detail = error.description
        switch error {
        case .notFound:
            return Problem(.notFound, code: "contract_not_found", title: "No such contract", detail: detail)
        case .forbidden:
            return Problem(.forbidden, code: "forbidden", title: "Forbidden", detail: detail)
        case .versionMismatch(let id, _, let current):
            return Problem(
                .preconditionFailed, code: "version_mismatch", title: "Version mismatch",
                detail: "contract \(id) was changed by someone else since you read it (it is at version \(current) now)"
            )
        case .municipalityRequired:
            return Problem.invalidContract([.init(field: "municipalityCode", message: detail)])
        case .unknownMunicipality:
            return unprocessable("unknown_municipality", detail, pointer: "/municipalityCode")
        case .unknownCategory:
            return unprocessable("unknown_category", detail, pointer: "/categoryCode")
        case .duplicateExternalReference(_, let existingID):
            var problem = Problem(
                .conflict, code: "duplicate_external_reference", title: "Duplicate external reference",
                detail: detail, errors: [.init(pointer: "/externalReference", message: detail)])
            problem.existingID = existingID.map { String($0) }
            return problem
        }
    }

    static func problem(for error: VendorResolutionError) -> Problem {
        let detail = error.description
        switch error {
        case .unknownVendorID: return unprocessable("unknown_vendor", detail, pointer: "/vendor/id")
        case .unknownCorporateNumber: return unprocessable("unknown_vendor", detail, pointer: "/vendor/corporateNumber")
        case .invalidName: return Problem.invalidContract([.init(field: "vendor/name", message: detail)])
        case .empty: return Problem.invalidContract([.init(field: "vendor", message: detail)])
        case .conflict:
            return Problem(
                .conflict, code: "vendor_conflict", title: "Vendor conflict", detail: detail,
                errors: [.init(pointer: "/vendor", message: detail)])
        }
    }

    private static func unprocessable(_ code: String, _ detail: String, pointer: String) -> Problem {
        Problem(
            .unprocessableContent, code: code, title: "Unprocessable content", detail: detail,
            errors: [.init(pointer: pointer, message: detail)])
    }
}
