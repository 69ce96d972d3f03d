import ArgumentParser
import Ledger
import ProcurementClient

/// `procure contracts update ID …`: change some fields of a contract.
struct UpdateContract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: HelpText.updateContract.local,
        discussion: """
            Reads the contract, applies the options given, and writes it back only if nobody changed it \
            in between. Options not given keep their value; an empty value (--notes "") removes an \
            optional field.
            Example: procure contracts update 12 --amount 1000000 --notes 共同交渉で値下げ
            """
    )

    @Argument(help: "The contract's id (the ID column of `procure contracts list`).")
    var id: String

    @OptionGroup var fields: ContractFieldOptions

    @Option(help: "Move the contract to this municipality (a 6-digit code; admins only).")
    var municipality: String?

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let api = try APIClient.configured()
        let (current, header) = try await ContractFetch.current(id, api: api)
        var input = try await fields.resolvingCategory(api: api).applied(to: current)
        if let municipality { input.municipalityCode = municipality }
        let eTag = ContractFetch.eTag(current, header)
        let response = try await ContractFieldOptions.askingAboutSimilarVendors {
            try await api.write(ifStale: ContractFetch.changedMeanwhile(id)) {
                try await $0.replaceContract(path: .init(id: id), headers: .init(ifMatch: eTag), body: .json(input))
            }
        }
        let contract: Components.Schemas.Contract
        contract = try response.ok.body.json
        print(try ContractText.detail(contract).render(output.output), terminator: "")
    }
}
