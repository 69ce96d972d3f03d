import ArgumentParser
import Foundation
import Ledger
import ProcurementClient

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
        let categories = try await CategoryNames.shown(in: output.output, api: api)
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
                let value = { (text: String?) in
                    ContractChangeText.value(text, of: change.field, categories: categories)
                }
                rows.append([
                    when, action, actor, ContractChangeText.field(change.field), value(change.before),
                    value(change.after),
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

/// A contract's changed fields as a person reads them: the field by its label (`分野`, `金額`), the
/// values as words and amounts (`予約システム`, `¥1,000,000`, `税抜`, `年額`, `随意契約`); CSV keeps
/// the API's field names and values (each cell's plain value).
enum ContractChangeText {
    static let labels: [String: Bilingual] = [
        "municipalityCode": Label.municipality, "vendorId": Label.vendor, "categoryCode": Label.category,
        "title": Label.title, "product": Label.product, "amount": Label.amount, "taxIncluded": Label.taxIncluded,
        "billingBasis": Label.billing, "startDate": Label.start, "endDate": Label.end,
        "contractMethod": Label.method, "renewalNoticeDate": Label.renewalNotice,
        "signedDate": Label.signed,
        "externalReference": Label.externalReference, "notes": Label.notes, "sourceUrl": Label.sourceURL,
    ]

    static func field(_ name: String) -> Listing.Cell {
        Listing.Cell(labels[name]?.local ?? name, plain: name)
    }

    static func value(_ text: String?, of field: String, categories: CategoryNames) -> Listing.Cell {
        guard let text else { return "" }
        let shown: String? =
            switch field {
            case "amount": Int64(text).map(formatYen)
            case "taxIncluded": Bool(text).map { $0.taxWord.local }
            case "billingBasis": Components.Schemas.BillingBasis(rawValue: text)?.word.local
            case "contractMethod": Components.Schemas.ContractMethod(rawValue: text)?.word.local
            case "categoryCode": categories.name(text)
            case "vendorId": "#\(text)"
            default: nil
            }
        return Listing.Cell(shown ?? text, plain: text)
    }
}
