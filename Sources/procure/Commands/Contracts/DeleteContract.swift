import ArgumentParser
import Foundation
import Ledger

/// `procure contracts delete ID`.
struct DeleteContract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: HelpText.deleteContract.local,
        discussion: Discussion.deleteContract.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.contractID.local))
    var id: String

    @Option(
        name: .customLong("if-version"),
        help: ArgumentHelp(OptionHelp.deleteIfVersion.local))
    var version: Int32?

    @Flag(help: ArgumentHelp(OptionHelp.deleteYes.local))
    var yes = false

    func run() async throws {
        let api = try APIClient.configured()
        // The contract is read only when needed: for its version, or to show it before asking.
        let asks = !yes && Terminal.standardInputIsTerminal
        var eTag = version.map { "\"\($0)\"" }
        if eTag == nil || asks {
            let (current, header) = try await ContractFetch.current(id, api: api)
            eTag = eTag ?? ContractFetch.eTag(current, header)
            if asks { print(try await ContractText.render(current, .table, api: api), terminator: "") }
        }
        if asks {
            StandardError.write(CLIText.confirmDelete(id).local)
            let answer = (readLine() ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            guard ["y", "yes", "はい"].contains(answer) else {
                throw CLIError(CLIText.notDeleted(id))
            }
        }
        _ = try await api.write(
            ifStale: ContractFetch.changedMeanwhile(id),
            { try await $0.deleteContract(path: .init(id: id), headers: .init(ifMatch: eTag ?? "")) }
        ).noContent
        print(DoneText.deletedContract(id).local)
    }
}
