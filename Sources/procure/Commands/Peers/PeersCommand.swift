import ArgumentParser
import Ledger
import ProcurementClient

/// `procure peers`: the other municipalities that buy from the same vendors, and what they pay.
struct PeersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peers",
        abstract: HelpText.peersCommand.local,
        discussion: Discussion.peers.local
    )

    @Option(help: ArgumentHelp(OptionHelp.peersMunicipality.local))
    var municipality: String?

    @Option(help: ArgumentHelp(OptionHelp.peersCategory.local))
    var category: String?

    @Option(help: ArgumentHelp(OptionHelp.peersPrefecture.local))
    var prefecture: String?

    @Option(help: ArgumentHelp(OptionHelp.peersVendor.local))
    var vendor: String?

    @Option(help: ArgumentHelp(OptionHelp.reportAsOfInForce.local))
    var asOf: String?

    @Option(help: ArgumentHelp(OptionHelp.peersPerVendor.local))
    var peersPerVendor: Int32?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let peersPerVendor, !(1...100).contains(peersPerVendor) {
            throw ValidationError(CLIText.peersPerVendorRange.local)
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
        let categories = try await CategoryNames.shown(in: output.output, api: api)
        print(
            try PeerReportOutput(report: report, filters: filters, categories: categories).render(output.output),
            terminator: "")
    }
}
