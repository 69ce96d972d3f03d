import ArgumentParser
import Foundation
import Ledger
import ProcurementClient

/// The fields of a contract as options, shared by `contracts add` (where the essential ones are
/// required) and `contracts update` (where every option is a change to make).
struct ContractFieldOptions: ParsableArguments {
    @Option(help: ArgumentHelp(OptionHelp.vendorName.local))
    var vendor: String?

    @Option(help: ArgumentHelp(OptionHelp.vendorID.local))
    var vendorId: String?

    @Flag(help: ArgumentHelp(OptionHelp.newVendor.local))
    var newVendor = false

    @Option(help: ArgumentHelp(OptionHelp.contractCorporateNumber.local))
    var corporateNumber: String?

    @Option(
        help: ArgumentHelp(OptionHelp.contractCategory.local)
    )
    var category: String?

    @Option(help: ArgumentHelp(OptionHelp.contractTitle.local))
    var title: String?

    @Option(help: ArgumentHelp(OptionHelp.contractProduct.local))
    var product: String?

    @Option(help: ArgumentHelp(OptionHelp.contractAmount.local))
    var amount: Yen?

    @Flag(help: ArgumentHelp(OptionHelp.contractTax.local))
    var tax: TaxBasis?

    @Option(help: ArgumentHelp(OptionHelp.contractBilling.local))
    var billing: BillingOption?

    @Option(help: ArgumentHelp(OptionHelp.contractStart.local))
    var start: Day?

    @Option(help: ArgumentHelp(OptionHelp.contractEnd.local))
    var end: Day?

    @Option(
        help: ArgumentHelp(OptionHelp.contractMethod.local)
    )
    var method: MethodOption?

    @Option(help: ArgumentHelp(OptionHelp.contractRenewalNotice.local))
    var renewalNotice: String?

    @Option(help: ArgumentHelp(OptionHelp.contractSigned.local))
    var signed: String?

    @Option(help: ArgumentHelp(OptionHelp.contractExternalReference.local))
    var externalReference: String?

    @Option(help: ArgumentHelp(OptionHelp.contractNotes.local))
    var notes: String?

    @Option(help: ArgumentHelp(OptionHelp.contractSourceURL.local))
    var sourceUrl: String?

    func validate() throws {
        if vendorId != nil && (vendor != nil || corporateNumber != nil) {
            throw ValidationError(CLIText.vendorGivenTwice.local)
        }
        if let renewalNotice, !renewalNotice.isEmpty, Day(argument: renewalNotice) == nil {
            throw ValidationError(CLIText.invalidValue(renewalNotice, for: "--renewal-notice <renewal-notice>").local)
        }
        if let signed, !signed.isEmpty, Day(argument: signed) == nil {
            throw ValidationError(CLIText.invalidValue(signed, for: "--signed <signed>").local)
        }
    }

    /// The options with the category, given by code or name, replaced by its code.
    func resolvingCategory(api: APIClient) async throws -> ContractFieldOptions {
        guard let category else { return self }
        var resolved = self
        resolved.category = try await CategoryOption.code(category, api: api)
        return resolved
    }

    /// The renewal notice date as the API takes it; an empty value (no date) stays empty.
    private var renewalNoticeDate: String? {
        renewalNotice.map { $0.isEmpty ? "" : Day(argument: $0)?.description ?? $0 }
    }

    /// The signing date as the API takes it; an empty value (no date) stays empty.
    private var signedDate: String? {
        signed.map { $0.isEmpty ? "" : Day(argument: $0)?.description ?? $0 }
    }

    /// The vendor the options name, if they name one.
    var vendorReference: Components.Schemas.VendorReference? {
        if let vendorId { return .init(id: vendorId) }
        if vendor == nil && corporateNumber == nil { return nil }
        return .init(corporateNumber: corporateNumber, name: vendor, confirmNew: newVendor ? true : nil)
    }

    /// A new contract from the options; fails naming the first essential option missing.
    func newContract(municipality: String?) throws -> Components.Schemas.ContractInput {
        func required<T>(_ value: T?, _ option: Bilingual) throws -> T {
            guard let value else { throw ValidationError(CLIText.missingOption(option).local) }
            return value
        }
        return Components.Schemas.ContractInput(
            municipalityCode: municipality,
            vendor: try required(vendorReference, CLIText.vendorOptions),
            categoryCode: try required(category, .verbatim("--category")),
            title: try required(title, .verbatim("--title")),
            product: Self.nonEmpty(product),
            amount: try required(amount, .verbatim("--amount")).value,
            taxIncluded: (tax ?? .taxIncluded) == .taxIncluded,
            billingBasis: try required(billing, .verbatim("--billing")).basis,
            startDate: try required(start, .verbatim("--start")).description,
            endDate: try required(end, .verbatim("--end")).description,
            contractMethod: try required(method, .verbatim("--method")).method,
            renewalNoticeDate: Self.nonEmpty(renewalNoticeDate),
            signedDate: Self.nonEmpty(signedDate),
            externalReference: Self.nonEmpty(externalReference),
            notes: Self.nonEmpty(notes),
            sourceUrl: Self.nonEmpty(sourceUrl)
        )
    }

    /// `contract` with the options given applied; options not given keep the contract's value.
    func applied(to contract: Components.Schemas.Contract) -> Components.Schemas.ContractInput {
        Components.Schemas.ContractInput(
            municipalityCode: contract.municipality.code,
            vendor: vendorReference ?? .init(id: contract.vendor.id),
            categoryCode: category ?? contract.categoryCode,
            title: title ?? contract.title,
            product: product.map(Self.nonEmpty) ?? contract.product,
            amount: amount?.value ?? contract.amount,
            taxIncluded: tax.map { $0 == .taxIncluded } ?? contract.taxIncluded,
            billingBasis: billing?.basis ?? contract.billingBasis,
            startDate: start?.description ?? contract.startDate,
            endDate: end?.description ?? contract.endDate,
            contractMethod: method?.method ?? contract.contractMethod,
            renewalNoticeDate: renewalNoticeDate.map(Self.nonEmpty) ?? contract.renewalNoticeDate,
            signedDate: signedDate.map(Self.nonEmpty) ?? contract.signedDate,
            externalReference: externalReference.map(Self.nonEmpty) ?? contract.externalReference,
            notes: notes.map(Self.nonEmpty) ?? contract.notes,
            sourceUrl: sourceUrl.map(Self.nonEmpty) ?? contract.sourceUrl
        )
    }

    /// An empty option value means "no value": that is how `update` removes one.
    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}

/// How contracts read on a terminal.
enum ContractText {
    /// `¥1,200,000 税込`: an amount means little without its tax basis.
    static func amount(_ amount: Int64, taxIncluded: Bool) -> String {
        formatYen(amount) + " " + taxIncluded.taxWord.local
    }

    /// `株式会社サンプル (#2, 法人番号 …)`.
    static func vendor(_ vendor: Components.Schemas.VendorSummary) -> String {
        vendor.name + " (#\(vendor.id)" + (vendor.corporateNumber.map { CLIWords.corporateNumber($0).local } ?? "")
            + ")"
    }

    /// What the amount is per: 年額, 月額, 一括 (annual, monthly, one-time).
    static func per(_ basis: Components.Schemas.BillingBasis) -> String {
        basis.word.local
    }

    static func municipality(_ municipality: Components.Schemas.MunicipalitySummary) -> String {
        municipality.prefecture + municipality.name
    }

    /// `contracts list --output csv`: every field of each contract, the import's columns under the
    /// import's names (`vendor_name`, `category_code`, `external_reference`, …) with values it
    /// reads, so the file can be edited and imported again; the contract's id, municipality,
    /// vendor id, annual amount, fiscal year and version beside them, which an import sets aside
    /// (the municipality's code it checks: a row of another municipality is refused).
    static func csvListing(_ contracts: [Components.Schemas.Contract]) -> Listing {
        let fields: [(String, (Components.Schemas.Contract) -> String)] = [
            ("id", \.id), ("municipality_code", \.municipality.code),
            ("municipality", { $0.municipality.prefecture + $0.municipality.name }), ("vendor_id", \.vendor.id),
            ("vendor_name", \.vendor.name), ("vendor_corporate_number", { $0.vendor.corporateNumber ?? "" }),
            ("category_code", \.categoryCode), ("title", \.title), ("product", { $0.product ?? "" }),
            ("amount", { String($0.amount) }), ("tax_included", { String($0.taxIncluded) }),
            ("billing_basis", \.billingBasis.rawValue), ("annual_amount", { String($0.annualAmount) }),
            ("start_date", \.startDate), ("end_date", \.endDate), ("fiscal_year", { String($0.fiscalYear) }),
            ("contract_method", \.contractMethod.rawValue), ("renewal_notice_date", { $0.renewalNoticeDate ?? "" }),
            ("signed_date", { $0.signedDate ?? "" }),
            ("external_reference", { $0.externalReference ?? "" }), ("notes", { $0.notes ?? "" }),
            ("source_url", { $0.sourceUrl ?? "" }), ("version", { String($0.version) }),
        ]
        return Listing(
            columns: fields.map { Listing.Column($0.0) },
            rows: contracts.map { contract in fields.map { Listing.Cell($0.1(contract)) } },
            items: contracts)
    }

    /// One contract as `show`, `add` and `update` print it, its category named for a table.
    static func render(
        _ contract: Components.Schemas.Contract, _ format: OutputFormat, api: APIClient
    ) async throws -> String {
        try detail(contract, categories: try await CategoryNames.shown(in: format, api: api)).render(format)
    }

    /// One contract's fields.
    static func detail(_ contract: Components.Schemas.Contract, categories: CategoryNames) -> RecordDetail {
        RecordDetail(
            fields: [
                Label.id: "\(contract.id)",
                Label.municipality: "\(municipality(contract.municipality)) (\(contract.municipality.code))",
                Label.vendor: "\(vendor(contract.vendor))",
                Label.category: categories.cell(contract.categoryCode),
                Label.title: "\(contract.title)",
                Label.product: "\(contract.product ?? "")",
                Label.amount: Listing.Cell.yen(
                    contract.amount, text: amount(contract.amount, taxIncluded: contract.taxIncluded)),
                Label.taxIncluded: Listing.Cell(
                    contract.taxIncluded.taxWord.local, plain: "\(contract.taxIncluded)"),
                Label.billing: Listing.Cell(contract.billingBasis.word.local, plain: contract.billingBasis.rawValue),
                Label.annualAmount: .yen(contract.annualAmount),
                Label.start: "\(contract.startDate)",
                Label.end: "\(contract.endDate)",
                Label.fiscalYear: Listing.Cell(fiscalYearText(contract.fiscalYear), plain: "\(contract.fiscalYear)"),
                Label.method: Listing.Cell(
                    contract.contractMethod.word.local, plain: contract.contractMethod.rawValue),
                Label.renewalNotice: "\(contract.renewalNoticeDate ?? "")",
                Label.signed: "\(contract.signedDate ?? "")",
                Label.externalReference: "\(contract.externalReference ?? "")",
                Label.notes: "\(contract.notes ?? "")",
                Label.sourceURL: "\(contract.sourceUrl ?? "")",
                Label.version: "\(contract.version)",
            ],
            item: contract
        )
    }
}

/// `--tax-included` / `--tax-excluded`.
enum TaxBasis: String, EnumerableFlag {
    case taxIncluded
    case taxExcluded

    static func help(for value: TaxBasis) -> ArgumentHelp? {
        switch value {
        case .taxIncluded: ArgumentHelp(OptionHelp.taxIncluded.local)
        case .taxExcluded: ArgumentHelp(OptionHelp.taxExcluded.local)
        }
    }
}
