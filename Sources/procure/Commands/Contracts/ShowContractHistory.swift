import ArgumentParser
import Foundation

/// `procure contracts history ID`.
struct ShowContractHistory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show every change of a contract, oldest first: who, when, and the values before and after.",
        discussion: "Example: procure contracts history 12"
    )

    @Argument(help: "The contract's id; a deleted contract's history is still shown.")
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
        var rows: [[String]] = []
        for entry in entries {
            let when = entry.changedAt.formatted(.iso8601)
            let actor = entry.actorName.map { name in "\(name) (token \(entry.actorTokenId ?? "?"))" } ?? ""
            if entry.changes.isEmpty { rows.append([when, entry.action.rawValue, actor, "", "", ""]) }
            for change in entry.changes {
                rows.append([when, entry.action.rawValue, actor, change.field, change.before ?? "", change.after ?? ""])
            }
        }
        let listing = Listing(
            columns: [.left("WHEN"), .left("ACTION"), .left("BY"), .left("FIELD"), .left("BEFORE"), .left("AFTER")],
            rows: rows,
            items: entries
        )
        print(try listing.render(output.output), terminator: "")
    }
}
