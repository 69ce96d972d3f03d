import ArgumentParser

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
        _ = try await api.write(
            ifStale: ContractFetch.changedMeanwhile(id),
            { try await $0.deleteContract(path: .init(id: id), headers: .init(ifMatch: eTag)) }
        ).noContent
        print(DoneText.deletedContract(id).local)
    }
}
