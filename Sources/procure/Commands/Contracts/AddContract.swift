import ArgumentParser
import Ledger
import ProcurementClient

/// `procure contracts add`: record one contract.
struct AddContract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: HelpText.addContract.local,
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
        let api = try APIClient.configured()
        let input = try await fields.resolvingCategory(api: api).newContract(municipality: municipality)
        let contract: Components.Schemas.Contract
        contract = try await ContractFieldOptions.askingAboutSimilarVendors {
            try await api.call({ try await $0.createContract(body: .json(input)) }).created.body.json
        }
        print(try ContractText.detail(contract).render(output.output), terminator: "")
    }
}
