import ArgumentParser
import Ledger
import ProcurementClient

/// `procure contracts show ID`.
struct ShowContract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: HelpText.showContract.local,
        discussion: Discussion.showContract.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.contractID.local))
    var id: String

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let api = try APIClient.configured()
        let (contract, _) = try await ContractFetch.current(id, api: api)
        print(try await ContractText.render(contract, output.output, api: api), terminator: "")
    }
}

/// Reading a contract with the ETag a change must send back.
enum ContractFetch {
    static func current(_ id: String, api: APIClient) async throws -> (Components.Schemas.Contract, eTag: String?) {
        let ok = try await api.call({ try await $0.getContract(path: .init(id: id)) }).ok
        return (try ok.body.json, ok.headers.eTag)
    }

    /// The entity tag to send in If-Match: the response's ETag (which the generated client hands
    /// over unquoted, the spec declaring it as JSON), else the version in the body (the same value).
    static func eTag(_ contract: Components.Schemas.Contract, _ header: String?) -> String {
        "\"\(header ?? String(contract.version))\""
    }

    /// The one line for a 412: the contract changed between reading and writing it.
    static func changedMeanwhile(_ id: String) -> CLIError {
        CLIError(CLIText.contractChanged(id))
    }
}
