import ArgumentParser
import Foundation
import Ledger
import ProcurementClient

/// The fields of a contract as options, shared by `contracts add` (where the essential ones are
/// required) and `contracts update` (where every option is a change to make).
struct ContractFieldOptions: ParsableArguments {
    @Option(help: "The vendor's name, however written (株式会社ABCシステム, ㈱ABCシステム); registered if new.")
    var vendor: String?

    @Option(help: "The vendor's id in the register (see `procure vendors search`).")
    var vendorId: String?

    @Flag(help: "--vendor is a new vendor, though its name is close to a registered one's.")
    var newVendor = false

    @Option(help: "The vendor's 13-digit corporate number (法人番号); with --vendor, registers a new vendor with it.")
    var corporateNumber: String?

    @Option(
        help:
            "What was bought: a category's code or name (see `procure categories list`), e.g. reservation_system or 予約システム."
    )
    var category: String?

    @Option(help: "The contract's subject (件名).")
    var title: String?

    @Option(help: "The product or system bought. An empty value removes it.")
    var product: String?

    @Option(help: "The amount in whole yen per billing period, e.g. 1200000, 1,200,000, ¥1,200,000 or 1,200,000円.")
    var amount: Yen?

    @Flag(help: "Whether the amount includes consumption tax (default for a new contract: included).")
    var tax: TaxBasis?

    @Option(help: "How the amount is billed: annual (年額), monthly (月額) or one-time (一括).")
    var billing: BillingOption?

    @Option(help: "The first day of the contract: 2024-04-01, 2024/4/1 or 令和6年4月1日.")
    var start: Day?

    @Option(help: "The last day of the contract: 2025-03-31, 2025/3/31 or 令和7年3月31日.")
    var end: Day?

    @Option(
        help:
            "How it was awarded: general-competitive (一般競争入札), designated-competitive (指名競争入札), negotiated (随意契約) or other."
    )
    var method: MethodOption?

    @Option(help: "The date by which the renewal must be decided (as --end). An empty value removes it.")
    var renewalNotice: String?

    @Option(help: "Your municipality's own contract number. An empty value removes it.")
    var externalReference: String?

    @Option(help: "Notes. An empty value removes them.")
    var notes: String?

    @Option(help: "Where the contract is published (an http(s) URL). An empty value removes it.")
    var sourceUrl: String?

    func validate() throws {
        if vendorId != nil && (vendor != nil || corporateNumber != nil) {
            throw ValidationError("give the vendor either by --vendor-id or by --vendor/--corporate-number, not both")
        }
        if let renewalNotice, !renewalNotice.isEmpty, Day(argument: renewalNotice) == nil {
            throw ValidationError("The value '\(renewalNotice)' is invalid for '--renewal-notice <renewal-notice>'")
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

    /// The vendor the options name, if they name one.
    var vendorReference: Components.Schemas.VendorReference? {
        if let vendorId { return .init(id: vendorId) }
        if vendor == nil && corporateNumber == nil { return nil }
        return .init(corporateNumber: corporateNumber, name: vendor, confirmNew: newVendor ? true : nil)
    }

    /// Runs `call`, turning a refusal of a new vendor name close to registered ones into the
    /// question a person can answer with the options: which vendor (for a contract, by
    /// `--vendor-id`), or a new one (`--new-vendor`).
    static func askingAboutSimilarVendors<Result>(
        forContract: Bool = true, _ call: () async throws -> Result
    ) async throws -> Result {
        do {
            return try await call()
        } catch let problem as APIProblem where problem.problem?.code == "similar_vendor" {
            let similar = problem.problem?.similarVendors ?? []
            guard let closest = similar.first else { throw problem }
            throw CLIError(
                CLIText.didYouMeanVendor(
                    id: closest.id, name: closest.name, others: similar.dropFirst().map { "#\($0.id) \($0.name)" },
                    forContract: forContract))
        }
    }

    /// A new contract from the options; fails naming the first essential option missing.
    func newContract(municipality: String?) throws -> Components.Schemas.ContractInput {
        func required<T>(_ value: T?, _ option: String) throws -> T {
            guard let value else { throw ValidationError("missing \(option)") }
            return value
        }
        return Components.Schemas.ContractInput(
            municipalityCode: municipality,
            vendor: try required(vendorReference, "--vendor, --vendor-id or --corporate-number"),
            categoryCode: try required(category, "--category"),
            title: try required(title, "--title"),
            product: Self.nonEmpty(product),
            amount: try required(amount, "--amount").value,
            taxIncluded: (tax ?? .taxIncluded) == .taxIncluded,
            billingBasis: try required(billing, "--billing").basis,
            startDate: try required(start, "--start").description,
            endDate: try required(end, "--end").description,
            contractMethod: try required(method, "--method").method,
            renewalNoticeDate: Self.nonEmpty(renewalNoticeDate),
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

    /// One contract as `show`, `add` and `update` print it.
    static func detail(_ contract: Components.Schemas.Contract) -> RecordDetail {
        RecordDetail(
            fields: [
                Label.id: "\(contract.id)",
                Label.municipality: "\(municipality(contract.municipality)) (\(contract.municipality.code))",
                Label.vendor: "\(vendor(contract.vendor))",
                Label.category: "\(contract.categoryCode)",
                Label.title: "\(contract.title)",
                Label.product: "\(contract.product ?? "")",
                Label.amount: Listing.Cell(
                    amount(contract.amount, taxIncluded: contract.taxIncluded), plain: String(contract.amount)),
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
        case .taxIncluded: "The amount includes consumption tax (税込)."
        case .taxExcluded: "The amount excludes consumption tax (税抜)."
        }
    }
}
