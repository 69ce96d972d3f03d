import Ledger
import OpenAPIRuntime
import ProcurementClient

extension APIHandler {
    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        .ok(.init(body: .json(.init(status: .ok))))
    }

    /// Ready when the database answers within two seconds and holds exactly this binary's schema.
    func getReadiness(_ input: Operations.GetReadiness.Input) async throws -> Operations.GetReadiness.Output {
        let migrator = Migrator(client: database, logger: requestLogger)
        let status: MigrationStatus?
        do {
            status = try await withTimeout(seconds: 2) { try await migrator.status() }
        } catch {
            requestLogger.warning("readiness check failed", metadata: ["error": "\(String(reflecting: error))"])
            status = nil
        }
        guard let status else { throw NotReady.databaseUnreachable }
        guard status.isCurrent else { throw NotReady.schemaNotCurrent(status) }
        return .ok(.init(body: .json(.init(status: .ready))))
    }

    func getMetrics(_ input: Operations.GetMetrics.Input) async throws -> Operations.GetMetrics.Output {
        .ok(.init(body: .plainText(HTTPBody(metrics.emitToBuffer()))))
    }

    func getOpenAPIDocument(
        _ input: Operations.GetOpenAPIDocument.Input
    ) async throws -> Operations.GetOpenAPIDocument.Output {
        .ok(.init(body: .yaml(HTTPBody(embeddedOpenAPIDocument))))
    }
}

/// Runs `operation`, or throws `TimeoutError` if it takes longer than `seconds`.
func withTimeout<T: Sendable>(
    seconds: Double, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T? {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw TimeoutError()
        }
        defer { group.cancelAll() }
        return try await group.next() ?? nil
    }
}

struct TimeoutError: Error {}

/// Why `/readyz` answers 503: a load balancer sends this replica no requests until it is ready.
enum NotReady: Error {
    /// The database did not answer the readiness check in time.
    case databaseUnreachable
    /// The database's schema is not exactly this binary's (migrations pending, unknown or changed).
    case schemaNotCurrent(MigrationStatus)
}
