import Foundation
import Ledger
import ProcurementClient
import Spreadsheet

/// Contracts as a workbook that `contracts import` reads back (`contracts export`, `contracts list
/// --output xlsx`): the import's canonical headings, a row per contract with its municipality's
/// code and its contract number, amounts as numbers in yen, dates as dates, categories, tax,
/// billing and methods in the Japanese words the import reads. Edited in Excel and imported
/// again, it updates the contracts whose rows changed (with history) and nothing else.
enum ContractWorkbook {
    /// The columns in order: the municipality's code (checked by the import), then the import's.
    static let headings = [ImportHeaders.municipalityCodeNames[0]] + columns.map(ImportHeaders.canonicalName)

    /// The import's columns in the order the export and the template give them.
    static let columns: [ImportColumn] = [
        .externalReference, .title, .product, .vendorName, .vendorCorporateNumber, .categoryCode, .amount,
        .taxIncluded, .billingBasis, .signedDate, .startDate, .endDate, .contractMethod, .renewalNoticeDate, .notes,
        .sourceUrl,
    ]

    /// `contracts import --template`: the import's columns under their canonical headings — as a
    /// table of what each is and which are required, or as an empty list to fill in (CSV, a
    /// workbook), which imports as it is once rows are added.
    static func template() -> Listing {
        Listing(
            columns: [
                .left(Heading.heading), .left(Heading.columnName), .left(Heading.required), .left(Heading.alsoRead),
            ],
            rows: columns.map { column in
                let names = ImportHeaders.names.first { $0.column == column }?.names ?? []
                return [
                    ImportHeaders.canonicalName(column), column.rawValue,
                    column.isRequired ? CLIWords.yes.local : "",
                    names.dropFirst().filter { $0 != column.rawValue }.joined(separator: ", "),
                ]
            },
            items: columns.map { ["heading": ImportHeaders.canonicalName($0), "column": $0.rawValue] })
    }

    /// Writes `contracts` to `url`; returns the line that says so.
    static func write(
        _ contracts: [Components.Schemas.Contract], categories: CategoryNames, to url: URL
    ) throws -> String {
        do {
            let writer = try WorkbookWriter(
                sheetName: url.deletingPathExtension().lastPathComponent, headings: headings)
            for contract in contracts {
                try writer.append(
                    [.text(contract.municipality.code)] + columns.map { value(of: $0, in: contract, categories) })
            }
            try writer.finish(to: url)
        } catch {
            throw CLIError(CLIText.cannotWrite(url.path, error.detail))
        }
        return DoneText.exportedContracts(url.lastPathComponent, count: contracts.count).local + "\n"
    }

    private static func value(
        of column: ImportColumn, in contract: Components.Schemas.Contract, _ categories: CategoryNames
    ) -> CellValue {
        func text(_ value: String?) -> CellValue { value.map { $0.isEmpty ? .empty : .text($0) } ?? .empty }
        switch column {
        case .externalReference: return text(contract.externalReference)
        case .title: return .text(contract.title)
        case .product: return text(contract.product)
        case .vendorName: return .text(contract.vendor.name)
        case .vendorCorporateNumber: return text(contract.vendor.corporateNumber)
        case .categoryCode: return .text(categories.japaneseName(contract.categoryCode))
        case .amount: return .yen(contract.amount)
        case .taxIncluded: return .text(contract.taxIncluded.taxWord.japanese)
        case .billingBasis: return .text(contract.billingBasis.word.japanese)
        case .startDate: return .date(contract.startDate)
        case .endDate: return .date(contract.endDate)
        case .contractMethod: return .text(contract.contractMethod.word.japanese)
        case .renewalNoticeDate: return contract.renewalNoticeDate.map { .date($0) } ?? .empty
        case .signedDate: return contract.signedDate.map { .date($0) } ?? .empty
        case .notes: return text(contract.notes)
        case .sourceUrl: return text(contract.sourceUrl)
        }
    }
}
