import ArgumentParser
import Foundation
import Ledger

/// `procure contracts history ID`.
struct ShowContractHistory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: HelpText.showContractHistory.local,
        discussion: Discussion.showContractHistory.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.historyContractID.local))
    var id: String

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let api = try APIClient.configured()
        let entries = try await collectPages { pageSize, cursor in
            let response = try await api.call {
                try await $0.getContractHistory(path: .init(id: id), query: .init(limit: pageSize, cursor: cursor))
            }
            let page = try response.ok.body.json
            return (page.items, page.nextCursor)
        }

        // One line per changed field, so before and after read side by side.
        var rows: [[Listing.Cell]] = []
        for entry in entries {
            // Japan time to read; the timestamp itself in CSV.
            let when = Listing.Cell(japanTime(entry.changedAt), plain: entry.changedAt.formatted(.iso8601))
            let action = Listing.Cell(
                (ContractHistoryEntry.Action(rawValue: entry.action.rawValue)?.word ?? .verbatim(entry.action.rawValue))
                    .local,
                plain: entry.action.rawValue)
            let actor = Listing.Cell(
                entry.actorName.map { name in CLIWords.tokenHolder(name, tokenID: entry.actorTokenId ?? "?").local }
                    ?? "")
            if entry.changes.isEmpty { rows.append([when, action, actor, "", "", ""]) }
            for change in entry.changes {
                rows.append([
                    when, action, actor, Listing.Cell(change.field), Listing.Cell(change.before ?? ""),
                    Listing.Cell(change.after ?? ""),
                ])
            }
        }
        let listing = Listing(
            columns: [
                .left(Heading.when), .left(Heading.action), .left(Heading.by), .left(Heading.field),
                .left(Heading.before), .left(Heading.after),
            ],
            rows: rows,
            items: entries
        )
        print(try listing.render(output.output), terminator: "")
    }
}
