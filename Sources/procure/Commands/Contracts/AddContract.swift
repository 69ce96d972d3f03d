import ArgumentParser
import ProcurementAPI

/// `procure contracts add`: record one contract.
struct AddContract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Record a contract of your municipality.",
        discussion: """
            Example: procure contracts add --vendor 株式会社ABCシステム --category reservation_system \
            --title ワクチン接種予約システム運用業務 --amount 1200000 --billing annual \
            --start 2024-04-01 --end 2025-03-31 --method negotiated
            """
    )

    @OptionGroup var fields: ContractFieldOptions

    @Option(help: "Whose contract (a 6-digit local-government code). Admins must give it; members may omit it.")
    var municipality: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        _ = try fields.newContract(municipality: municipality)
    }

    func run() async throws {
        let input = try fields.newContract(municipality: municipality)
        let api = try APIClient.configured()
        let contract: Components.Schemas.Contract
        switch try await api.call({ try await $0.createContract(body: .json(input)) }) {
        case .created(let created): contract = try created.body.json
        case .badRequest(let response): throw APIFailure.error(try response.body.applicationProblemJson)
        case .unauthorized(let response): throw APIFailure.error(try response.body.applicationProblemJson)
        case .forbidden(let response): throw APIFailure.error(try response.body.applicationProblemJson)
        case .conflict(let response): throw APIFailure.error(try response.body.applicationProblemJson)
        case .unprocessableContent(let response): throw APIFailure.error(try response.body.applicationProblemJson)
        case .serviceUnavailable(let response): throw APIFailure.error(try response.body.applicationProblemJson)
        case .undocumented(let status, _): throw APIFailure.undocumented(status)
        }
        print(try ContractText.detail(contract).render(output.output), terminator: "")
    }
}
