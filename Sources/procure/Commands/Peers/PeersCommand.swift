import ArgumentParser
import Ledger
import ProcurementClient

/// `procure peers`: the other municipalities that buy from the same vendors, and what they pay.
struct PeersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peers",
        abstract: HelpText.peersCommand.local,
        discussion: """
            For each vendor your municipality has current contracts with, the other municipalities \
            with current contracts with it: the same product first, then the same category, then the \
            vendor only. Amounts are annual and include consumption tax (tax-excluded contracts are \
            converted at the rate in force on their start date); the difference is the peer's amount \
            minus yours, so +¥55,000 (+5.00%) means the peer pays more.

            Examples: procure peers
                      procure peers --category reservation_system --prefecture 岐阜県
                      procure peers --municipality 373869 --as-of 2025-04-01 --output csv
            """
    )

    @Option(help: "Whose peers (a 6-digit local-government code). Admins must give it; members may omit it.")
    var municipality: String?

    @Option(help: "Only this category, on both sides (a category code, see `procure categories list`).")
    var category: String?

    @Option(help: "Only peers in this prefecture: its name (岐阜県, 岐阜) or code (21).")
    var prefecture: String?

    @Option(help: "Only this vendor (its id; see `procure vendors search`).")
    var vendor: String?

    @Option(help: "The day to report for (YYYY-MM-DD): contracts in force on it count (default: today in Japan).")
    var asOf: String?

    @Option(help: "At most this many peers per vendor, 1 to 100 (default 10).")
    var peersPerVendor: Int32?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let peersPerVendor, !(1...100).contains(peersPerVendor) {
            throw ValidationError("--peers-per-vendor must be between 1 and 100")
        }
    }

    func run() async throws {
        let api = try APIClient.configured()
        let query = Operations.ListPeers.Input.Query(
            municipality: municipality, category: category, prefecture: prefecture, vendor: vendor, asOf: asOf,
            peersPerVendor: peersPerVendor)
        let report: Components.Schemas.PeerReport
        report = try await api.call({ try await $0.listPeers(query: query) }).ok.body.json
        let filters =
            (category.map { [ReportText.categoryFilter($0)] } ?? [])
            + (vendor.map { [ReportText.vendorFilter($0)] } ?? [])
            + (prefecture.map { [ReportText.prefectureFilter($0)] } ?? [])
        print(try PeerReportOutput(report: report, filters: filters).render(output.output), terminator: "")
    }
}
