import ArgumentParser
import Ledger
import ProcurementClient

/// `procure vendors search`: finds vendors by name, alias or reading, forgiving typos.
struct SearchVendors: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: HelpText.searchVendors.local,
        discussion: Discussion.searchVendors.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.vendorSearchText.local))
    var text: String

    @Option(help: ArgumentHelp(OptionHelp.vendorSearchLimit.local))
    var limit: Int = 20

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...500).contains(limit) else { throw ValidationError(CLIText.searchLimit.local) }
    }

    func run() async throws {
        let api = try APIClient.configured()
        let vendors: [Components.Schemas.Vendor]
        let query = Operations.ListVendors.Input.Query(search: text, limit: Int32(limit))
        let ok = try await api.call({ try await $0.listVendors(query: query) }).ok
        vendors = try ok.body.json.items
        let listing = Listing(
            columns: [
                .right(Heading.id), .left(Heading.name), .left(Heading.corporateNumber), .left(Heading.kana),
                .left(Heading.aliases),
            ],
            rows: vendors.map {
                [$0.id, $0.name, $0.corporateNumber ?? "", $0.kana ?? "", $0.aliases.joined(separator: "; ")]
            },
            items: vendors
        )
        print(try listing.render(output.output), terminator: "")
    }
}
