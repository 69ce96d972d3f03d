import ArgumentParser
import Ledger
import ProcurementClient

/// `procure vendors …`: the vendors municipalities contract with.
struct VendorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vendors",
        abstract: HelpText.vendorsCommand.local,
        subcommands: [
            AddVendor.self, SearchVendors.self, ShowVendor.self, ShowVendorFootprint.self, MergeVendors.self,
            ProposeVendorMerge.self, ListVendorMergeProposals.self, AcceptVendorMerge.self, RejectVendorMerge.self,
        ]
    )
}

/// How `show`, `add` and `merge` print one vendor.
enum VendorOutput {
    static func detail(_ vendor: Components.Schemas.Vendor) -> RecordDetail {
        RecordDetail(
            fields: [
                Label.id: "\(vendor.id)",
                Label.name: "\(vendor.name)",
                Label.nameKey: "\(vendor.nameKey)",
                Label.corporateNumber: "\(vendor.corporateNumber ?? "")",
                Label.kana: "\(vendor.kana ?? "")",
                // One alias a line in the text form; a spreadsheet cell keeps them apart with "; ".
                Label.aliases: Listing.Cell(
                    vendor.aliases.joined(separator: "\n"), plain: vendor.aliases.joined(separator: "; ")),
                Label.registered: Listing.Cell(
                    japanTime(vendor.createdAt), plain: vendor.createdAt.formatted(.iso8601)),
            ],
            item: vendor
        )
    }
}
