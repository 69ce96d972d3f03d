import Ledger
import ProcurementClient

extension APIHandler {
    var contractImports: ContractImportRepository { ContractImportRepository(client: database, logger: requestLogger) }

    func createContractImport(
        _ input: Operations.CreateContractImport.Input
    ) async throws -> Operations.CreateContractImport.Output {
        let principal = try principal()
        let body =
            switch input.body {
            case .json(let json): json
            }
        var requested: MunicipalityCode?
        if let code = body.municipalityCode {
            requested = try RequestValue.municipalityCode(code, at: "/municipalityCode")
        }
        let ownership = Result { () throws(ContractPolicy.Refusal) in
            try ContractPolicy.owner(ofNewContractBy: principal, requested: requested)
        }
        if case .failure(.foreignMunicipality(let caller, let owner)) = ownership {
            // Worded with the municipalities' names, as the contract register words its refusals.
            throw RequestError.foreignImport(
                callerName: try await municipalityName(caller), ownerName: try await municipalityName(owner))
        }
        let municipality = try ownership.get()
        let created = try await contractImports.create(
            municipality: municipality, skipInvalid: body.skipInvalid ?? false, by: principal)
        return .created(.init(body: .json(.init(created))))
    }

    func addContractImportRows(
        _ input: Operations.AddContractImportRows.Input
    ) async throws -> Operations.AddContractImportRows.Output {
        let principal = try principal()
        let body =
            switch input.body {
            case .json(let json): json
            }
        let rows = body.rows.map { ContractImportRow(line: Int($0.line), values: $0.values.additionalProperties) }
        let result = try await contractImports.addRows(rows, to: input.path.id, by: principal)
        return .ok(
            .init(
                body: .json(
                    .init(
                        rowsReceived: Int32(clamping: result.rowsReceived),
                        invalidRows: Int32(clamping: result.invalidRows),
                        errors: result.errors.map(Components.Schemas.ImportRowError.init)))))
    }

    func commitContractImport(
        _ input: Operations.CommitContractImport.Input
    ) async throws -> Operations.CommitContractImport.Output {
        let principal = try principal()
        let result = try await contractImports.commit(input.path.id, by: principal)
        return .ok(
            .init(
                body: .json(
                    .init(
                        created: Int32(clamping: result.created), updated: Int32(clamping: result.updated),
                        unchanged: Int32(clamping: result.unchanged), skipped: Int32(clamping: result.skipped),
                        vendorsCreated: Int32(clamping: result.vendorsCreated),
                        similarNewVendors: result.similarNewVendors?.map(Components.Schemas.SimilarNewVendor.init),
                        errors: result.errors.map(Components.Schemas.ImportRowError.init)))))
    }

    private func municipalityName(_ code: MunicipalityCode) async throws -> String {
        try await municipalities.find(code)?.name ?? code.rawValue
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
    /// The row's error, its message in the language of the request being answered.
    init(_ error: Ledger.ImportRowError) {
        self.init(
            line: Int32(clamping: error.line), column: error.column, message: error.message(RequestScope.language))
    }
}
