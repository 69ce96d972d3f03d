import ArgumentParser
import Ledger
import ProcurementClient

/// `procure vendors search`: finds vendors by name, alias or reading, forgiving typos.
struct SearchVendors: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: HelpText.searchVendors.local,
        discussion: """
            The search forgives legal forms, width, spacing, typos and partial names: ABCシステン and \
            ABC both find 株式会社ＡＢＣシステム.

            Examples: procure vendors search ABCシステム
                      procure vendors search えーびーしー --output csv
            """
    )

    @Argument(help: "Part of a vendor's name, an alias or its reading.")
    var text: String

    @Option(help: "Print at most this many matches (1 to 500).")
    var limit: Int = 20

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...500).contains(limit) else { throw ValidationError("--limit must be between 1 and 500") }
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
