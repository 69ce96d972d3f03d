import ArgumentParser
import Ledger
import ProcurementClient

/// `procure contracts list`: the network's contracts, filtered.
struct ListContracts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: HelpText.listContracts.local,
        discussion: """
            Examples: procure contracts list --vendor 12
                      procure contracts list --prefecture 香川県 --category reservation_system
                      procure contracts list --ends-before 2025-04-01 --output csv
            """
    )

    @Option(help: "Only this municipality's contracts (a 6-digit local-government code).")
    var municipality: String?

    @Option(help: "Only contracts of municipalities in this prefecture: its name (香川県, 香川) or code (37).")
    var prefecture: String?

    @Option(help: "Only contracts with this vendor (its id; see `procure vendors search`).")
    var vendor: String?

    @Option(help: "Only contracts of this category code (see `procure categories list`).")
    var category: String?

    @Option(help: "Only contracts starting in this fiscal year (年度; FY2024 = 2024-04-01 … 2025-03-31).")
    var fiscalYear: Int32?

    @Option(help: "Only contracts ending before this date (YYYY-MM-DD): what comes up for renewal.")
    var endsBefore: String?

    @Option(help: "Print at most this many (default: all).")
    var limit: Int?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        let api = try APIClient.configured()
        let items = try await collectPages(limit: limit) { pageSize, cursor in
            let query = Operations.ListContracts.Input.Query(
                municipality: municipality, prefecture: prefecture, vendor: vendor, category: category,
                fiscalYear: fiscalYear, endsBefore: endsBefore, limit: pageSize, cursor: cursor)
            let page = try await api.call({ try await $0.listContracts(query: query) }).ok.body.json
            return (page.items, page.nextCursor)
        }

        let listing = Listing(
            columns: [
                .right(Heading.id), .left(Heading.municipality), .left(Heading.vendor), .left(Heading.category),
                .left(Heading.title),
                .right(Heading.amount), .left(Heading.per), .left(Heading.end),
            ],
            rows: items.map { contract -> [Listing.Cell] in
                [
                    Listing.Cell(contract.id),
                    Listing.Cell(ContractText.municipality(contract.municipality)),
                    Listing.Cell(contract.vendor.name),
                    Listing.Cell(contract.categoryCode),
                    Listing.Cell(contract.title),
                    Listing.Cell(
                        ContractText.amount(contract.amount, taxIncluded: contract.taxIncluded),
                        plain: String(contract.amount)),
                    Listing.Cell(ContractText.per(contract.billingBasis)),
                    Listing.Cell(contract.endDate),
                ]
            },
            items: items
        )
        print(try listing.render(output.output), terminator: "")
    }
}
