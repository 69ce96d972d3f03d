import ArgumentParser
import Ledger
import ProcurementClient

/// `procure vendors merge`: two vendor rows found to be one company become one (admins only).
struct MergeVendors: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: HelpText.mergeVendors.local,
        discussion: Discussion.mergeVendors.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.mergeWinner.local))
    var winnerID: String

    @Argument(help: ArgumentHelp(OptionHelp.mergeMerged.local))
    var loserID: String

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let api = try APIClient.configured()
        let result: Components.Schemas.VendorMergeResult
        let body = Components.Schemas.VendorMergeRequest(mergeVendorId: loserID)
        result = try await api.call({ try await $0.mergeVendors(path: .init(id: winnerID), body: .json(body)) }).ok.body
            .json
        switch output.output {
        case .table:
            print(
                DoneText.mergedVendors(
                    result.mergedVendorId, into: result.vendor.id, contracts: Int(result.contractsMoved)
                ).local)
            print(try VendorOutput.detail(result.vendor).render(.table), terminator: "")
        case .json:
            print(try OutputEncoding.json(result), terminator: "")
        case .csv, .xlsx:
            print(try VendorOutput.detail(result.vendor).render(output.output), terminator: "")
        }
    }
}
