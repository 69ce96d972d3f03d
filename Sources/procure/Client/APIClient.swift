import Foundation
import HTTPTypes
import Ledger
import OpenAPIRuntime
import OpenAPIURLSession
import ProcurementClient

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The generated API client, set up for the CLI: the configured server and bearer token, a
/// request timeout (the URLSession transport has none of its own), and errors turned into the one
/// line the CLI prints.
struct APIClient: Sendable {
    let client: Client
    let baseURL: URL

    init(_ configuration: ClientConfiguration, timeout: TimeInterval = 30) {
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.timeoutIntervalForRequest = timeout
        sessionConfiguration.timeoutIntervalForResource = timeout * 4
        let session = URLSession(configuration: sessionConfiguration)
        baseURL = configuration.url
        client = Client(
            serverURL: configuration.url,
            transport: URLSessionTransport(configuration: .init(session: session)),
            middlewares: [
                BearerTokenMiddleware(token: configuration.token),
                AcceptLanguageMiddleware(language: CLILanguage.current.rawValue),
                ProblemResponseMiddleware(),
            ]
        )
    }

    /// The client of the logged-in configuration (config file, PROCURE_URL, PROCURE_TOKEN).
    static func configured() throws -> APIClient {
        do {
            return APIClient(try ClientConfiguration.resolve())
        } catch {
            throw CLIError(error.message)
        }
    }

    /// Runs one API call: an error answer is thrown as its ``APIProblem``, a transport failure as
    /// a one-line error naming the server.
    func call<T>(_ operation: (Client) async throws -> T) async throws -> T {
        try await Self.call(baseURL: baseURL) { try await operation(client) }
    }

    /// Runs a write guarded by `If-Match`: when the resource changed since it was read (412),
    /// `stale` is thrown instead of the server's problem, in the words of the command.
    func write<T>(ifStale stale: @autoclosure () -> CLIError, _ operation: (Client) async throws -> T) async throws
        -> T
    {
        do {
            return try await call(operation)
        } catch let problem as APIProblem where problem.isStale {
            throw stale()
        }
    }

    /// Runs `operation` on a generated client of the server at `baseURL`, unwrapping the client's
    /// errors as ``call(_:)`` says.
    static func call<T>(baseURL: URL, _ operation: () async throws -> T) async throws -> T {
        do {
            return try await operation()
        } catch let error as ClientError {
            if let problem = error.underlyingError as? APIProblem { throw problem }
            throw CLIError(CLIText.cannotReachServer(baseURL.absoluteString, Self.reason(error.underlyingError)))
        }
    }

    static func reason(_ error: any Error) -> Bilingual {
        if let error = error as? URLError {
            switch error.code {
            case .cannotConnectToHost: return CLIText.connectionRefused
            case .timedOut: return CLIText.timedOut
            case .cannotFindHost: return CLIText.unknownHost
            default: return .verbatim(error.localizedDescription)
            }
        }
        return .verbatim("\(error)")
    }
}

/// Sends `Authorization: Bearer <token>` with every request.
struct BearerTokenMiddleware: ClientMiddleware {
    let token: String

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var request = request
        request.headerFields[.authorization] = "Bearer \(token)"
        return try await next(request, body, baseURL)
    }
}
