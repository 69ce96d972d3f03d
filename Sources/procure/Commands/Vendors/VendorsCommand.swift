import ArgumentParser
import ProcurementClient

/// `procure vendors …`: the vendors municipalities contract with.
struct VendorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vendors",
        abstract: "Register, find and merge vendors, and see where they sell.",
        subcommands: [AddVendor.self, SearchVendors.self, ShowVendor.self, ShowVendorFootprint.self, MergeVendors.self]
    )
}

/// How `show`, `add` and `merge` print one vendor.
enum VendorOutput {
    static func detail(_ vendor: Components.Schemas.Vendor) -> RecordDetail {
        RecordDetail(
            fields: [
                "id": "\(vendor.id)",
                "name": "\(vendor.name)",
                "name key": "\(vendor.nameKey)",
                "corporate number": "\(vendor.corporateNumber ?? "")",
                "kana": "\(vendor.kana ?? "")",
                // One alias a line in the text form; a spreadsheet cell keeps them apart with "; ".
                "aliases": Listing.Cell(
                    vendor.aliases.joined(separator: "\n"), plain: vendor.aliases.joined(separator: "; ")),
                "registered": "\(vendor.createdAt.formatted(.iso8601))",
            ],
            item: vendor
        )
    }
}
