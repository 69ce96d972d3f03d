import ArgumentParser
import Ledger

/// `procure vendors footprint`: where a vendor sells and at what prices.
struct ShowVendorFootprint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "footprint",
        abstract: HelpText.showVendorFootprint.local,
        discussion: """
            The vendor's current contracts by prefecture and by category; for each category the \
            distribution of annual, tax-included amounts (min, quartiles, median, max) and the \
            contracts above p75 + 1.5 × (p75 − p25), flagged as outliers. For a member, where each \
            of its own contracts with the vendor falls: "at or above 30% of the category's \
            contracts" means 30% of them cost the same or less.

            Examples: procure vendors footprint 12
                      procure vendors footprint --corporate-number 1180301018771
                      procure vendors footprint 12 --as-of 2025-04-01 --output json
            """
    )

    @OptionGroup var selection: VendorSelection

    @Option(help: "The day to report for (YYYY-MM-DD): contracts in force on it count (default: today in Japan).")
    var asOf: String?

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let api = try APIClient.configured()
        let vendorID = try await selection.vendorID(api: api)
        let footprint = try await api.call {
            try await $0.getVendorFootprint(path: .init(id: vendorID), query: .init(asOf: asOf))
        }.ok.body.json
        print(try FootprintOutput(footprint: footprint).render(output.output), terminator: "")
    }
}
