import Foundation
import OpenAPIRuntime
import OpenAPIURLSession
import ProcurementClient

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The API calls of an import: open it, send its chunks, commit it. Each answer the API documents
/// becomes a result or a one-line error.
struct ContractUpload: Sendable {
    private let api: Client
    private let baseURL: URL

    /// A client like ``APIClient``'s, except that it sends compact JSON: the generated client pretty-prints
    /// by default, which makes an import's chunks about a third larger to encode, send and decode. The
    /// timeout allows for the commit of a large file, which takes longer than other requests.
    init(_ configuration: ClientConfiguration, timeout: TimeInterval = 600) {
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.timeoutIntervalForRequest = timeout
        sessionConfiguration.timeoutIntervalForResource = timeout
        baseURL = configuration.url
        api = Client(
            serverURL: configuration.url,
            configuration: .init(jsonEncodingOptions: [.withoutEscapingSlashes]),
            transport: URLSessionTransport(
                configuration: .init(session: URLSession(configuration: sessionConfiguration))),
            middlewares: [
                BearerTokenMiddleware(token: configuration.token),
                AcceptLanguageMiddleware(language: CLILanguage.current.rawValue),
                ProblemResponseMiddleware(),
            ]
        )
    }

    /// The configured login (config file, PROCURE_URL, PROCURE_TOKEN).
    static func configured() throws -> ContractUpload {
        do {
            return ContractUpload(try ClientConfiguration.resolve())
        } catch {
            throw CLIError(error.message)
        }
    }

    /// Runs one API call as ``APIClient/call(_:)`` does.
    private func call<T>(_ operation: (Client) async throws -> T) async throws -> T {
        try await APIClient.call(baseURL: baseURL) { try await operation(api) }
    }

    /// What a commit came to.
    enum Outcome {
        case imported(Components.Schemas.ContractImportResult)
        /// Rows were invalid and the import did not skip them: nothing was imported.
        case rejected(Components.Schemas.ImportRejection)
    }

    /// Opens an import and returns it (its id, and the municipality it imports into).
    func open(municipality: String?, skipInvalid: Bool) async throws -> Components.Schemas.ContractImport {
        let response = try await call {
            try await $0.createContractImport(
                body: .json(.init(municipalityCode: municipality, skipInvalid: skipInvalid)))
        }
        let created = try response.created
        return try created.body.json
    }

    /// Sends one chunk; returns its invalid rows.
    func send(
        _ rows: [Components.Schemas.ContractImportRow], to id: String
    ) async throws -> [Components.Schemas.ImportRowError] {
        let response = try await call {
            try await $0.addContractImportRows(path: .init(id: id), body: .json(.init(rows: rows)))
        }
        let ok = try response.ok
        return try ok.body.json.errors
    }

    /// Commits the import.
    func commit(_ id: String) async throws -> Outcome {
        do {
            return .imported(try await call { try await $0.commitContractImport(path: .init(id: id)) }.ok.body.json)
        } catch let problem as APIProblem where problem.status == 422 {
            // The one error document that is more than a problem: the rows that were invalid.
            guard let rejection = try? problem.decode(Components.Schemas.ImportRejection.self) else { throw problem }
            return .rejected(rejection)
        }
    }
}
