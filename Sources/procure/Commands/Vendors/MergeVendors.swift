import ArgumentParser
import Ledger
import ProcurementClient

/// `procure vendors merge`: two vendor rows found to be one company become one (admins only).
struct MergeVendors: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: HelpText.mergeVendors.local,
        discussion: """
            The second vendor's contracts move to the first, its name and aliases become the first's \
            aliases, and it is deleted; the merge is recorded, and each moved contract's history \
            shows who moved it.

            Example: procure vendors merge 12 31
            """
    )

    @Argument(help: "The id of the vendor that remains.")
    var winnerID: String

    @Argument(help: "The id of the vendor merged into it, which ceases to exist.")
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
        case .csv:
            print(try VendorOutput.detail(result.vendor).render(.csv), terminator: "")
        }
    }
}
