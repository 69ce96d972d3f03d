import ArgumentParser
import Ledger
import ProcurementClient

/// `procure vendors show`: one vendor, by id or by corporate number.
struct ShowVendor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: HelpText.showVendor.local,
        discussion: Discussion.showVendor.local
    )

    @OptionGroup var selection: VendorSelection

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let api = try APIClient.configured()
        let vendor =
            if let corporateNumber = selection.corporateNumber {
                try await Self.vendor(corporateNumber: corporateNumber, api: api)
            } else {
                try await Self.vendor(id: selection.id ?? "", api: api)
            }
        print(try VendorOutput.detail(vendor).render(output.output), terminator: "")
    }

    static func vendor(id: String, api: APIClient) async throws -> Components.Schemas.Vendor {
        let ok = try await api.call({ try await $0.getVendor(path: .init(id: id)) }).ok
        return try ok.body.json
    }

    static func vendor(corporateNumber: String, api: APIClient) async throws -> Components.Schemas.Vendor {
        let ok = try await api.call({ try await $0.getVendorByCorporateNumber(path: .init(number: corporateNumber)) })
            .ok
        return try ok.body.json
    }
}

/// Which vendor a command is about: its id, or its corporate number.
struct VendorSelection: ParsableArguments {
    @Argument(help: ArgumentHelp(OptionHelp.showVendorID.local))
    var id: String?

    @Option(help: ArgumentHelp(OptionHelp.showVendorCorporateNumber.local))
    var corporateNumber: String?

    func validate() throws {
        switch (id, corporateNumber) {
        case (nil, nil): throw ValidationError(CLIText.vendorNotGiven.local)
        case (.some, .some): throw ValidationError(CLIText.vendorGivenTwoWays.local)
        default: break
        }
    }

    /// The vendor's id: the one given, or the one registered under the corporate number.
    func vendorID(api: APIClient) async throws -> String {
        if let corporateNumber {
            return try await ShowVendor.vendor(corporateNumber: corporateNumber, api: api).id
        }
        return id ?? ""
    }
}
