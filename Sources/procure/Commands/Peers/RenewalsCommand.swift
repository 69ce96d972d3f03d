import ArgumentParser
import Ledger
import ProcurementClient

/// `procure renewals`: the renewal radar.
struct RenewalsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "renewals",
        abstract: HelpText.renewalsCommand.local,
        discussion: """
            Your contracts that end, or reach their renewal notice date, within --within days, each \
            with the other municipalities that buy the same category from the same vendor under a \
            contract ending within --peer-window-months of it: the joint negotiations worth opening \
            now. Largest combined annual spend at stake first; amounts are annual and include \
            consumption tax.

            Examples: procure renewals
                      procure renewals --within 365 --peer-window-months 3
                      procure renewals --municipality 373869 --as-of 2025-01-01 --output csv
            """
    )

    @Option(help: "Whose contracts (a 6-digit local-government code). Admins must give it; members may omit it.")
    var municipality: String?

    @Option(help: "The window in days from --as-of (0 to 1096).")
    var within: Int32 = 180

    @Option(help: "How many months a peer's end date may be before or after yours (0 to 24).")
    var peerWindowMonths: Int32 = 6

    @Option(help: "The day to report for (YYYY-MM-DD; default: today in Japan).")
    var asOf: String?

    @Option(help: "At most this many peer municipalities per contract, 1 to 100 (default 5), nearest end date first.")
    var peersPerContract: Int32?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if !(0...1096).contains(within) {
            throw ValidationError("--within must be between 0 and 1096 days")
        }
        if !(0...24).contains(peerWindowMonths) {
            throw ValidationError("--peer-window-months must be between 0 and 24")
        }
        if let peersPerContract, !(1...100).contains(peersPerContract) {
            throw ValidationError("--peers-per-contract must be between 1 and 100")
        }
    }

    func run() async throws {
        let api = try APIClient.configured()
        let query = Operations.ListRenewals.Input.Query(
            municipality: municipality, within: within, peerWindowMonths: peerWindowMonths, asOf: asOf,
            peersPerContract: peersPerContract)
        let report: Components.Schemas.RenewalReport
        report = try await api.call({ try await $0.listRenewals(query: query) }).ok.body.json
        print(try RenewalReportOutput(report: report).render(output.output), terminator: "")
    }
}
