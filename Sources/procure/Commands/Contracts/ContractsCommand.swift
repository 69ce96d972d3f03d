import ArgumentParser

/// `procure contracts …`: the contract register.
struct ContractsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contracts",
        abstract: "Record, list, change and import contracts.",
        subcommands: [
            AddContract.self, ListContracts.self, ShowContract.self, UpdateContract.self, DeleteContract.self,
            ShowContractHistory.self, ImportContracts.self,
        ]
    )
}
