import ArgumentParser
import ProcurementAPI

/// `procure contracts delete ID`.
struct DeleteContract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete one of your municipality's contracts; its history is kept.",
        discussion: """
            Example: procure contracts delete 12 --if-version 3
            """
    )

    @Argument(help: "The contract's id (the ID column of `procure contracts list`).")
    var id: String

    @Option(
        name: .customLong("if-version"),
        help: "Delete only if the contract is still at this version (as `show` printed it); default: the current one.")
    var version: Int32?

    func run() async throws {
        let api = try APIClient.configured()
        let eTag: String
        if let version {
            eTag = "\"\(version)\""
        } else {
            let (current, header) = try await ContractFetch.current(id, api: api)
            eTag = ContractFetch.eTag(current, header)
        }
        switch try await api.call({ try await $0.deleteContract(path: .init(id: id), headers: .init(ifMatch: eTag)) }) {
        case .noContent: print("deleted contract \(id)")
        case .preconditionFailed: throw ContractFetch.changedMeanwhile(id)
        case .badRequest(let response): throw APIFailure.error(try response.body.applicationProblemJson)
        case .unauthorized(let response): throw APIFailure.error(try response.body.applicationProblemJson)
        case .forbidden(let response): throw APIFailure.error(try response.body.applicationProblemJson)
        case .notFound(let response): throw APIFailure.error(try response.body.applicationProblemJson)
        case .preconditionRequired(let response): throw APIFailure.error(try response.body.applicationProblemJson)
        case .serviceUnavailable(let response): throw APIFailure.error(try response.body.applicationProblemJson)
        case .undocumented(let status, _): throw APIFailure.undocumented(status)
        }
    }
}
