import ArgumentParser
import Ledger
import ProcurementClient

/// `procure contracts add`: record one contract.
struct AddContract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: HelpText.addContract.local,
        discussion: Discussion.addContract.local
    )

    @OptionGroup var fields: ContractFieldOptions

    @Option(help: ArgumentHelp(OptionHelp.contractMunicipality.local))
    var municipality: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        _ = try fields.newContract(municipality: municipality)
    }

    func run() async throws {
        let api = try APIClient.configured()
        let input = try await fields.resolvingCategory(api: api).newContract(municipality: municipality)
        let contract: Components.Schemas.Contract
        contract = try await SimilarVendorQuestion.asking {
            try await api.call({ try await $0.createContract(body: .json(input)) }).created.body.json
        }
        print(try await ContractText.render(contract, output.output, api: api), terminator: "")
    }
}
