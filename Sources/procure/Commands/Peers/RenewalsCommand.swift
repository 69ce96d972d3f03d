import ArgumentParser
import Ledger
import ProcurementClient

/// `procure renewals`: the renewal radar.
struct RenewalsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "renewals",
        abstract: HelpText.renewalsCommand.local,
        discussion: Discussion.renewals.local
    )

    @Option(help: ArgumentHelp(OptionHelp.renewalsMunicipality.local))
    var municipality: String?

    @Option(help: ArgumentHelp(OptionHelp.renewalsWithin.local))
    var within: Int32 = 180

    @Option(help: ArgumentHelp(OptionHelp.peerWindowMonths.local))
    var peerWindowMonths: Int32 = 6

    @Option(help: ArgumentHelp(OptionHelp.reportAsOf.local))
    var asOf: String?

    @Option(help: ArgumentHelp(OptionHelp.peersPerContract.local))
    var peersPerContract: Int32?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if !(0...1096).contains(within) {
            throw ValidationError(CLIText.renewalsWithinRange.local)
        }
        if !(0...24).contains(peerWindowMonths) {
            throw ValidationError(CLIText.peerWindowRange.local)
        }
        if let peersPerContract, !(1...100).contains(peersPerContract) {
            throw ValidationError(CLIText.peersPerContractRange.local)
        }
    }

    func run() async throws {
        let api = try APIClient.configured()
        let query = Operations.ListRenewals.Input.Query(
            municipality: municipality, within: within, peerWindowMonths: peerWindowMonths, asOf: asOf,
            peersPerContract: peersPerContract)
        let report: Components.Schemas.RenewalReport
        report = try await api.call({ try await $0.listRenewals(query: query) }).ok.body.json
        let categories = try await CategoryNames.shown(in: output.output, api: api)
        print(try RenewalReportOutput(report: report, categories: categories).render(output.output), terminator: "")
    }
}
