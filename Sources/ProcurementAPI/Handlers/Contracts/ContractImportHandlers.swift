import Ledger
import ProcurementClient

extension APIHandler {
    var contractImports: ContractImportRepository { ContractImportRepository(client: database, logger: requestLogger) }

    func createContractImport(
        _ input: Operations.CreateContractImport.Input
    ) async throws -> Operations.CreateContractImport.Output {
        let principal = try principal()
        guard case .json(let body) = input.body else {
            return .badRequest(
                .init(body: .applicationProblemJson(Problem.invalid("invalid_body", "send JSON").document)))
        }
        var requested: MunicipalityCode?
        if let code = body.municipalityCode {
            do {
                requested = try MunicipalityCode(code)
            } catch {
                let problem = Problem.invalid(
                    "invalid_municipality_code", error.description, pointer: "/municipalityCode")
                return .badRequest(.init(body: .applicationProblemJson(problem.document)))
            }
        }
        let municipality: MunicipalityCode
        do {
            municipality = try ContractPolicy.owner(ofNewContractBy: principal, requested: requested)
        } catch {
            switch error {
            case .municipalityRequired:
                let problem = Problem.invalid(
                    "municipality_required", "an admin must say whose contracts these are (municipalityCode)",
                    pointer: "/municipalityCode")
                return .badRequest(.init(body: .applicationProblemJson(problem.document)))
            case .foreignMunicipality(let caller, let owner):
                let detail =
                    "you can only import \(try await municipalityName(caller))'s contracts, "
                    + "not \(try await municipalityName(owner))'s"
                let problem = Problem(.forbidden, code: "forbidden", title: "Forbidden", detail: detail)
                return .forbidden(.init(body: .applicationProblemJson(problem.document)))
            case .move:
                let problem = Problem(.forbidden, code: "forbidden", title: "Forbidden", detail: "\(error)")
                return .forbidden(.init(body: .applicationProblemJson(problem.document)))
            }
        }
        do {
            let created = try await contractImports.create(
                municipality: municipality, skipInvalid: body.skipInvalid ?? false, by: principal)
            return .created(.init(body: .json(.init(created))))
        } catch ContractImportFailure.unknownMunicipality(let code) {
            let problem = Problem(
                .unprocessableContent, code: "municipality_not_found", title: "Unknown local government",
                detail: "there is no local government with code \(code)",
                errors: [.init(pointer: "/municipalityCode", message: "no such local government")])
            return .unprocessableContent(.init(body: .applicationProblemJson(problem.document)))
        }
    }

    func addContractImportRows(
        _ input: Operations.AddContractImportRows.Input
    ) async throws -> Operations.AddContractImportRows.Output {
        let principal = try principal()
        guard case .json(let body) = input.body else {
            return .badRequest(
                .init(body: .applicationProblemJson(Problem.invalid("invalid_body", "send JSON").document)))
        }
        let rows = body.rows.map { ContractImportRow(line: Int($0.line), values: $0.values.additionalProperties) }
        do {
            let result = try await contractImports.addRows(rows, to: input.path.id, by: principal)
            return .ok(
                .init(
                    body: .json(
                        .init(
                            rowsReceived: Int32(clamping: result.rowsReceived),
                            invalidRows: Int32(clamping: result.invalidRows),
                            errors: result.errors.map(Components.Schemas.ImportRowError.init)))))
        } catch let failure as ContractImportFailure {
            let problem = failure.problem
            switch failure {
            case .notFound: return .notFound(.init(body: .applicationProblemJson(problem.document)))
            case .notOpen, .expired, .duplicateLines:
                return .conflict(.init(body: .applicationProblemJson(problem.document)))
            default: return .badRequest(.init(body: .applicationProblemJson(problem.document)))
            }
        }
    }

    func commitContractImport(
        _ input: Operations.CommitContractImport.Input
    ) async throws -> Operations.CommitContractImport.Output {
        let principal = try principal()
        do {
            let result = try await contractImports.commit(input.path.id, by: principal)
            return .ok(
                .init(
                    body: .json(
                        .init(
                            created: Int32(clamping: result.created), updated: Int32(clamping: result.updated),
                            unchanged: Int32(clamping: result.unchanged), skipped: Int32(clamping: result.skipped),
                            vendorsCreated: Int32(clamping: result.vendorsCreated),
                            errors: result.errors.map(Components.Schemas.ImportRowError.init)))))
        } catch let failure as ContractImportFailure {
            let problem = failure.problem
            switch failure {
            case .rejected(_, let errors):
                let rejection = Components.Schemas.ImportRejection(
                    _type: "https://procure.example/problems/import-has-invalid-rows", title: "Import rejected",
                    status: 422, detail: failure.description, code: "import_has_invalid_rows",
                    requestId: RequestScope.requestID, rowErrors: errors.map(Components.Schemas.ImportRowError.init))
                return .unprocessableContent(.init(body: .applicationProblemJson(rejection)))
            case .notFound: return .notFound(.init(body: .applicationProblemJson(problem.document)))
            case .notOpen, .expired: return .conflict(.init(body: .applicationProblemJson(problem.document)))
            default: return .badRequest(.init(body: .applicationProblemJson(problem.document)))
            }
        }
    }

    private func municipalityName(_ code: MunicipalityCode) async throws -> String {
        try await municipalities.find(code)?.name ?? code.rawValue
    }
}

extension ContractImportFailure {
    /// The problem document of a refusal, with a stable code per kind.
    var problem: Problem {
        let detail = description
        switch self {
        case .notFound: return Problem(.notFound, code: "import_not_found", title: "No such import", detail: detail)
        case .notOpen: return Problem(.conflict, code: "import_not_open", title: "Import closed", detail: detail)
        case .expired: return Problem(.conflict, code: "import_expired", title: "Import expired", detail: detail)
        case .duplicateLines:
            return Problem(.conflict, code: "duplicate_import_line", title: "Line already received", detail: detail)
        case .unknownMunicipality:
            return Problem(.unprocessableContent, code: "municipality_not_found", title: "Unknown local government")
        case .unknownColumns: return Problem.invalid("unknown_import_column", detail, pointer: "/rows")
        case .chunkTooLarge: return Problem.invalid("import_chunk_too_large", detail, pointer: "/rows")
        case .invalidLine: return Problem.invalid("invalid_import_line", detail, pointer: "/rows")
        case .rejected:
            return Problem(
                .unprocessableContent, code: "import_has_invalid_rows", title: "Import rejected", detail: detail)
        }
    }
}

extension Components.Schemas.ContractImport {
    init(_ contractImport: ContractImport) {
        let status: StatusPayload =
            switch contractImport.status {
            case .open: .open
            case .committed: .committed
            case .rejected: .rejected
            }
        self.init(
            id: String(contractImport.id), municipalityCode: contractImport.municipalityCode.rawValue,
            skipInvalid: contractImport.skipInvalid, rowsReceived: Int32(clamping: contractImport.rowsReceived),
            invalidRows: Int32(clamping: contractImport.invalidRows), status: status)
    }
}

extension Components.Schemas.ImportRowError {
    init(_ error: Ledger.ImportRowError) {
        self.init(line: Int32(clamping: error.line), column: error.column, message: error.message)
    }
}
