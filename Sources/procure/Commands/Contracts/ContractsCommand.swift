import ArgumentParser
import Ledger

/// `procure contracts …`: the contract register.
struct ContractsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contracts",
        abstract: HelpText.contractsCommand.local,
        subcommands: [
            AddContract.self, ListContracts.self, ShowContract.self, UpdateContract.self, DeleteContract.self,
            ShowContractHistory.self, ImportContracts.self, ExportContracts.self,
        ]
    )
}
