import ArgumentParser
import Ledger

/// `procure vendors footprint`: where a vendor sells and at what prices.
struct ShowVendorFootprint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "footprint",
        abstract: HelpText.showVendorFootprint.local,
        discussion: Discussion.vendorFootprint.local
    )

    @OptionGroup var selection: VendorSelection

    @Option(help: ArgumentHelp(OptionHelp.reportAsOfInForce.local))
    var asOf: String?

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let api = try APIClient.configured()
        let vendorID = try await selection.vendorID(api: api)
        let footprint = try await api.call {
            try await $0.getVendorFootprint(path: .init(id: vendorID), query: .init(asOf: asOf))
        }.ok.body.json
        let categories = try await CategoryNames.shown(in: output.output, api: api)
        print(try FootprintOutput(footprint: footprint, categories: categories).render(output.output), terminator: "")
    }
}
