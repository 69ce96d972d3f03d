import ArgumentParser
import Foundation
import Ledger

/// `procure contracts delete ID`.
struct DeleteContract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: HelpText.deleteContract.local,
        discussion: """
            On a terminal it shows the contract and asks before deleting; --yes (or a script, whose \
            input is no terminal) does not ask.
            Example: procure contracts delete 12 --if-version 3
            """
    )

    @Argument(help: "The contract's id (the ID column of `procure contracts list`).")
    var id: String

    @Option(
        name: .customLong("if-version"),
        help: "Delete only if the contract is still at this version (as `show` printed it); default: the current one.")
    var version: Int32?

    @Flag(help: "Delete without asking.")
    var yes = false

    func run() async throws {
        let api = try APIClient.configured()
        // The contract is read only when needed: for its version, or to show it before asking.
        let asks = !yes && Terminal.standardInputIsTerminal
        var eTag = version.map { "\"\($0)\"" }
        if eTag == nil || asks {
            let (current, header) = try await ContractFetch.current(id, api: api)
            eTag = eTag ?? ContractFetch.eTag(current, header)
            if asks { print(try ContractText.detail(current).render(.table), terminator: "") }
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
