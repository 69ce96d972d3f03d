import ArgumentParser
import Ledger
import ProcurementClient

/// `procure vendors add`: registers a vendor, or says which registered vendor it already is.
struct AddVendor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: HelpText.addVendor.local,
        discussion: Discussion.addVendor.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.registeredVendorName.local))
    var name: String

    @Option(help: ArgumentHelp(OptionHelp.vendorCorporateNumber.local))
    var corporateNumber: String?

    @Option(help: ArgumentHelp(OptionHelp.vendorKana.local))
    var kana: String?

    @Flag(help: ArgumentHelp(OptionHelp.newVendorRegistration.local))
    var newVendor = false

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let api = try APIClient.configured()
        let body = Components.Schemas.NewVendor(
            name: name, corporateNumber: corporateNumber, kana: kana, confirmNew: newVendor ? true : nil)
        let vendor: Components.Schemas.Vendor
        vendor = try await SimilarVendorQuestion.asking(forContract: false) {
            try await api.call({ try await $0.createVendor(body: .json(body)) }).created.body.json
        }
        if output.output == .table {
            print(DoneText.registeredVendor(vendor.id).local)
        }
        print(try VendorOutput.detail(vendor).render(output.output), terminator: "")
    }
}
