import ProcurementAPI

/// The API calls of an import: open it, send its chunks, commit it. Each answer the API documents
/// becomes a result or a one-line error.
struct ContractUpload: Sendable {
    let api: APIClient

    /// What a commit came to.
    enum Outcome {
        case imported(Components.Schemas.ContractImportResult)
        /// Rows were invalid and the import did not skip them: nothing was imported.
        case rejected(Components.Schemas.ImportRejection)
    }

    /// Opens an import and returns its id.
    func open(municipality: String?, skipInvalid: Bool) async throws -> String {
        let response = try await api.call {
            try await $0.createContractImport(
                body: .json(.init(municipalityCode: municipality, skipInvalid: skipInvalid)))
        }
        switch response {
        case .created(let created): return try created.body.json.id
        case .badRequest(let response): throw APIFailure.error(try response.body.applicationProblemJson)
        case .unauthorized(let response): throw APIFailure.error(try response.body.applicationProblemJson)
        case .forbidden(let response): throw APIFailure.error(try response.body.applicationProblemJson)
        case .unprocessableContent(let response): throw APIFailure.error(try response.body.applicationProblemJson)
        case .serviceUnavailable(let response): throw APIFailure.error(try response.body.applicationProblemJson)
        case .undocumented(let status, _): throw APIFailure.undocumented(status)
        }
    }

    /// Sends one chunk; returns its invalid rows.
    func send(
        _ rows: [Components.Schemas.ContractImportRow], to id: String
    ) async throws -> [Components.Schemas.ImportRowError] {
        let response = try await api.call {
            try await $0.addContractImportRows(path: .init(id: id), body: .json(.init(rows: rows)))
        }
        switch response {
        case .ok(let ok): return try ok.body.json.errors
        case .badRequest(let response): throw APIFailure.error(try response.body.applicationProblemJson)
        case .unauthorized(let response): throw APIFailure.error(try response.body.applicationProblemJson)
        case .forbidden(let response): throw APIFailure.error(try response.body.applicationProblemJson)
        case .notFound(let response): throw APIFailure.error(try response.body.applicationProblemJson)
        case .conflict(let response): throw APIFailure.error(try response.body.applicationProblemJson)
        case .serviceUnavailable(let response): throw APIFailure.error(try response.body.applicationProblemJson)
        case .undocumented(let status, _): throw APIFailure.undocumented(status)
        }
    }

    /// Commits the import.
    func commit(_ id: String) async throws -> Outcome {
        let response = try await api.call { try await $0.commitContractImport(path: .init(id: id)) }
        switch response {
        case .ok(let ok): return .imported(try ok.body.json)
        case .unprocessableContent(let response): return .rejected(try response.body.applicationProblemJson)
        case .badRequest(let response): throw APIFailure.error(try response.body.applicationProblemJson)
        case .unauthorized(let response): throw APIFailure.error(try response.body.applicationProblemJson)
        case .forbidden(let response): throw APIFailure.error(try response.body.applicationProblemJson)
        case .notFound(let response): throw APIFailure.error(try response.body.applicationProblemJson)
        case .conflict(let response): throw APIFailure.error(try response.body.applicationProblemJson)
        case .serviceUnavailable(let response): throw APIFailure.error(try response.body.applicationProblemJson)
        case .undocumented(let status, _): throw APIFailure.undocumented(status)
        }
    }
}
