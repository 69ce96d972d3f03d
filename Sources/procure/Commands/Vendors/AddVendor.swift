import ArgumentParser
import Ledger
import ProcurementClient

/// `procure vendors add`: registers a vendor, or says which registered vendor it already is.
struct AddVendor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: HelpText.addVendor.local,
        discussion: """
            A vendor whose corporate number or name is already registered — however the name is \
            spelled: 株式会社ＡＢＣシステム, ㈱ABCシステム and ABCシステム(株) are one name — is not \
            registered again; the command names the existing vendor instead.

            Example: procure vendors add 株式会社ABCシステム --corporate-number 1180301018771 --kana エービーシーシステム
            """
    )

    @Argument(help: "The vendor's name as it is registered, legal form included (株式会社ABCシステム).")
    var name: String

    @Option(help: "The vendor's 13-digit corporate number (法人番号); full-width digits are accepted.")
    var corporateNumber: String?

    @Option(help: "The name's reading, in katakana or hiragana (エービーシーシステム).")
    var kana: String?

    @Flag(help: "A new vendor, though its name is close to a registered one's.")
    var newVendor = false

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let api = try APIClient.configured()
        let body = Components.Schemas.NewVendor(
            name: name, corporateNumber: corporateNumber, kana: kana, confirmNew: newVendor ? true : nil)
        let vendor: Components.Schemas.Vendor
        vendor = try await ContractFieldOptions.askingAboutSimilarVendors(forContract: false) {
            try await api.call({ try await $0.createVendor(body: .json(body)) }).created.body.json
        }
        if output.output == .table {
            print(DoneText.registeredVendor(vendor.id).local)
        }
        print(try VendorOutput.detail(vendor).render(output.output), terminator: "")
    }
}
