import Foundation

/// How a contract's amount is billed; the register derives an annualised amount from it so prices
/// on different bases compare.
public enum BillingBasis: String, Sendable, CaseIterable {
    case oneTime = "one_time"
    case monthly
    case annual
}

/// How the contract was awarded (契約方法).
public enum ContractMethod: String, Sendable, CaseIterable {
    /// 一般競争入札
    case generalCompetitive = "general_competitive"
    /// 指名競争入札
    case designatedCompetitive = "designated_competitive"
    /// 随意契約
    case negotiated
    case other
}

/// Which vendor a contract is with, as a person or a file names it: by id, else by corporate
/// number, else by name (matched by its ``VendorNameKey``).
public struct VendorReference: Sendable, Hashable {
    public var id: Int64?
    public var corporateNumber: CorporateNumber?
    public var name: String?
    /// The caller knows the name is new and close to a registered vendor's, and means a new
    /// vendor all the same (see ``VendorRepository/resolve(_:onSimilar:on:logger:)``).
    public var confirmNew: Bool

    public init(
        id: Int64? = nil, corporateNumber: CorporateNumber? = nil, name: String? = nil, confirmNew: Bool = false
    ) {
        self.id = id
        self.corporateNumber = corporateNumber
        self.name = name
        self.confirmNew = confirmNew
    }
}

/// A contract's fields as given for creating or replacing it, after validation: what the register
/// stores. Both the API (JSON) and the bulk import (CSV cells) build one, so a row is held to
/// exactly the rules a single contract is.
public struct ContractDraft: Sendable, Hashable {
    public var vendor: VendorReference
    public var categoryCode: String
    public var title: String
    public var product: String?
    /// Yen, per billing basis; never negative.
    public var amount: Int64
    public var taxIncluded: Bool
    public var billingBasis: BillingBasis
    public var startDate: BusinessDate
    public var endDate: BusinessDate
    public var contractMethod: ContractMethod
    public var renewalNoticeDate: BusinessDate?
    /// The date the contract was signed (契約締結日); not the start of its term.
    public var signedDate: BusinessDate?
    /// The municipality's own contract number; identifies the contract on re-import.
    public var externalReference: String?
    public var notes: String?
    public var sourceURL: String?

    public init(
        vendor: VendorReference, categoryCode: String, title: String, product: String? = nil, amount: Int64,
        taxIncluded: Bool, billingBasis: BillingBasis, startDate: BusinessDate, endDate: BusinessDate,
        contractMethod: ContractMethod, renewalNoticeDate: BusinessDate? = nil, externalReference: String? = nil,
        notes: String? = nil, sourceURL: String? = nil, signedDate: BusinessDate? = nil
    ) {
        self.vendor = vendor
        self.categoryCode = categoryCode
        self.title = title
        self.product = product
        self.amount = amount
        self.taxIncluded = taxIncluded
        self.billingBasis = billingBasis
        self.startDate = startDate
        self.endDate = endDate
        self.contractMethod = contractMethod
        self.renewalNoticeDate = renewalNoticeDate
        self.signedDate = signedDate
        self.externalReference = externalReference
        self.notes = notes
        self.sourceURL = sourceURL
    }
}

/// One reason a contract's fields are invalid: which field (named as in the API, e.g. `endDate`)
/// and why, in a sentence a person can act on.
public struct ContractFieldError: Error, Sendable, Hashable, CustomStringConvertible {
    public let field: String
    public let message: Bilingual

    public init(field: String, message: Bilingual) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message.english)" }
}

/// All the reasons a contract's fields are invalid (never just the first).
public struct InvalidContract: Error, Sendable, CustomStringConvertible {
    public let errors: [ContractFieldError]

    public init(_ errors: [ContractFieldError]) {
        self.errors = errors
    }

    public var description: String { errors.map(\.description).joined(separator: "; ") }
}

extension ContractDraft {
    /// The limits the database's CHECK constraints also hold.
    public static let maximumAmount: Int64 = 1_000_000_000_000_000
    static let maximumTitleLength = 500
    static let maximumProductLength = 300
    static let maximumReferenceLength = 100
    static let maximumNotesLength = 4000
    static let maximumURLLength = 2000

    /// Checks the rules that span fields and lengths; returns every violation.
    public func violations() -> [ContractFieldError] {
        var errors: [ContractFieldError] = []
        if title.trimmingWhitespace().isEmpty {
            errors.append(.init(field: "title", message: LedgerText.titleRequired))
        } else if title.count > Self.maximumTitleLength {
            errors.append(.init(field: "title", message: LedgerText.atMostCharacters(Self.maximumTitleLength)))
        }
        if let product, product.count > Self.maximumProductLength {
            errors.append(.init(field: "product", message: LedgerText.atMostCharacters(Self.maximumProductLength)))
        }
        if amount < 0 {
            errors.append(.init(field: "amount", message: LedgerText.negativeAmount))
        } else if amount > Self.maximumAmount {
            errors.append(.init(field: "amount", message: LedgerText.amountTooLarge))
        }
        if endDate < startDate {
            errors.append(
                .init(field: "endDate", message: LedgerText.endBeforeStart(endDate, startDate)))
        }
        if let renewalNoticeDate, renewalNoticeDate > endDate {
            errors.append(
                .init(
                    field: "renewalNoticeDate",
                    message: LedgerText.noticeAfterEnd(renewalNoticeDate, endDate)))
        }
        if let externalReference {
            if externalReference.trimmingWhitespace().isEmpty {
                errors.append(.init(field: "externalReference", message: LedgerText.blankWhenGiven))
            } else if externalReference.count > Self.maximumReferenceLength {
                errors.append(
                    .init(field: "externalReference", message: LedgerText.atMostCharacters(Self.maximumReferenceLength))
                )
            }
        }
        if let notes, notes.count > Self.maximumNotesLength {
            errors.append(.init(field: "notes", message: LedgerText.atMostCharacters(Self.maximumNotesLength)))
        }
        if let sourceURL {
            let lowered = sourceURL.lowercased()
            if !(lowered.hasPrefix("http://") || lowered.hasPrefix("https://"))
                || sourceURL.count > Self.maximumURLLength
            {
                errors.append(.init(field: "sourceUrl", message: LedgerText.httpURL))
            }
        }
        if vendor.id == nil && vendor.corporateNumber == nil && (vendor.name?.trimmingWhitespace().isEmpty ?? true) {
            errors.append(.init(field: "vendor", message: LedgerText.vendorRequired))
        }
        return errors
    }
}
