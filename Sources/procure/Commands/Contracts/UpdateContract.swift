import ArgumentParser
import Ledger
import ProcurementClient

/// `procure contracts update ID …`: change some fields of a contract.
struct UpdateContract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: HelpText.updateContract.local,
        discussion: Discussion.updateContract.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.contractID.local))
    var id: String

    @OptionGroup var fields: ContractFieldOptions

    @Option(help: ArgumentHelp(OptionHelp.moveToMunicipality.local))
    var municipality: String?

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let api = try APIClient.configured()
        let (current, header) = try await ContractFetch.current(id, api: api)
        var input = try await fields.resolvingCategory(api: api).applied(to: current)
        if let municipality { input.municipalityCode = municipality }
        let eTag = ContractFetch.eTag(current, header)
        let response = try await SimilarVendorQuestion.asking {
            try await api.write(ifStale: ContractFetch.changedMeanwhile(id)) {
                try await $0.replaceContract(path: .init(id: id), headers: .init(ifMatch: eTag), body: .json(input))
            }
        }
        let contract: Components.Schemas.Contract
        contract = try response.ok.body.json
        print(try await ContractText.render(contract, output.output, api: api), terminator: "")
    }
}
