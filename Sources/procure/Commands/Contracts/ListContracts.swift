import ArgumentParser
import Ledger
import ProcurementClient

/// `procure contracts list`: the network's contracts, filtered.
struct ListContracts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: HelpText.listContracts.local,
        discussion: Discussion.listContracts.local
    )

    @Option(help: ArgumentHelp(OptionHelp.listMunicipality.local))
    var municipality: String?

    @Option(help: ArgumentHelp(OptionHelp.listPrefecture.local))
    var prefecture: String?

    @Option(help: ArgumentHelp(OptionHelp.listVendor.local))
    var vendor: String?

    @Option(help: ArgumentHelp(OptionHelp.listCategory.local))
    var category: String?

    @Option(help: ArgumentHelp(OptionHelp.listFiscalYear.local))
    var fiscalYear: Int32?

    @Option(help: ArgumentHelp(OptionHelp.listEndsBefore.local))
    var endsBefore: String?

    @Option(help: ArgumentHelp(OptionHelp.limit.local))
    var limit: Int?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError(CLIText.limitAtLeastOne.local) }
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
        guard output.output != .csv else {
            print(try ContractText.csvListing(items).renderCSV(), terminator: "")
            return
        }
        let categories = try await CategoryNames.shown(in: output.output, api: api)
        if output.output == .xlsx, let destination = OutputEncoding.workbookDestination {
            // The workbook an export writes, which imports again.
            print(try ContractWorkbook.write(items, categories: categories, to: destination), terminator: "")
            return
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
                    categories.cell(contract.categoryCode),
                    Listing.Cell(contract.title),
                    Listing.Cell.yen(
                        contract.amount, text: ContractText.amount(contract.amount, taxIncluded: contract.taxIncluded)),
                    Listing.Cell(ContractText.per(contract.billingBasis)),
                    Listing.Cell(contract.endDate),
                ]
            },
            items: items
        )
        print(try listing.render(output.output), terminator: "")
    }
}
