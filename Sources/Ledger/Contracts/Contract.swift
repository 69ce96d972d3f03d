import Foundation

/// A contract as the register holds it: the fields it was recorded with, what the database derives
/// from them (annualised amount, fiscal year), and who it is between.
public struct Contract: Sendable, Hashable {
    /// The municipality whose contract it is, with the names a reader needs.
    public struct Municipality: Sendable, Hashable {
        public let code: MunicipalityCode
        public let prefecture: String
        public let name: String

        public init(code: MunicipalityCode, prefecture: String, name: String) {
            self.code = code
            self.prefecture = prefecture
            self.name = name
        }
    }

    /// The vendor the contract is with, as currently registered (a merge can change it).
    public struct Vendor: Sendable, Hashable {
        public let id: Int64
        public let name: String
        public let corporateNumber: String?

        public init(id: Int64, name: String, corporateNumber: String?) {
            self.id = id
            self.name = name
            self.corporateNumber = corporateNumber
        }
    }

    public let id: Int64
    public let municipality: Municipality
    public let vendor: Vendor
    public let categoryCode: String
    public let title: String
    public let product: String?
    /// Yen, per billing basis.
    public let amount: Int64
    public let taxIncluded: Bool
    public let billingBasis: BillingBasis
    /// What the contract costs a year (derived by the database; see the migration).
    public let annualAmount: Int64
    public let startDate: BusinessDate
    public let endDate: BusinessDate
    /// The fiscal year (年度) of the start date.
    public let fiscalYear: Int
    public let contractMethod: ContractMethod
    public let renewalNoticeDate: BusinessDate?
    /// The date the contract was signed (契約締結日), when known; not the start of its term.
    public let signedDate: BusinessDate?
    public let externalReference: String?
    public let notes: String?
    public let sourceURL: String?
    /// Bumped by every change; the API's ETag, so a stale change can be refused.
    public let version: Int32
    public let createdAt: Date
    public let updatedAt: Date

    public init(
        id: Int64, municipality: Municipality, vendor: Vendor, categoryCode: String, title: String, product: String?,
        amount: Int64, taxIncluded: Bool, billingBasis: BillingBasis, annualAmount: Int64, startDate: BusinessDate,
        endDate: BusinessDate, fiscalYear: Int, contractMethod: ContractMethod, renewalNoticeDate: BusinessDate?,
        externalReference: String?, notes: String?, sourceURL: String?, version: Int32, createdAt: Date,
        updatedAt: Date, signedDate: BusinessDate? = nil
    ) {
        self.id = id
        self.municipality = municipality
        self.vendor = vendor
        self.categoryCode = categoryCode
        self.title = title
        self.product = product
        self.amount = amount
        self.taxIncluded = taxIncluded
        self.billingBasis = billingBasis
        self.annualAmount = annualAmount
        self.startDate = startDate
        self.endDate = endDate
        self.fiscalYear = fiscalYear
        self.contractMethod = contractMethod
        self.renewalNoticeDate = renewalNoticeDate
        self.signedDate = signedDate
        self.externalReference = externalReference
        self.notes = notes
        self.sourceURL = sourceURL
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Which contracts a listing shows; every filter left nil shows all. Filters combine with AND.
public struct ContractFilter: Sendable, Hashable {
    public var municipality: MunicipalityCode?
    /// A two-digit prefecture code (resolve names with `MunicipalityRepository.prefectureCode(for:)`).
    public var prefectureCode: String?
    public var vendorID: Int64?
    public var categoryCode: String?
    public var fiscalYear: Int?
    /// Only contracts ending strictly before this date (what comes up for renewal).
    public var endsBefore: BusinessDate?

    public init(
        municipality: MunicipalityCode? = nil, prefectureCode: String? = nil, vendorID: Int64? = nil,
        categoryCode: String? = nil, fiscalYear: Int? = nil, endsBefore: BusinessDate? = nil
    ) {
        self.municipality = municipality
        self.prefectureCode = prefectureCode
        self.vendorID = vendorID
        self.categoryCode = categoryCode
        self.fiscalYear = fiscalYear
        self.endsBefore = endsBefore
    }
}

/// One recorded change of a contract: who made it, when, and which fields changed.
public struct ContractHistoryEntry: Sendable, Hashable {
    /// What happened to the contract (the trigger's `TG_OP`).
    public enum Action: String, Sendable, CaseIterable {
        case created
        case updated
        case deleted
    }

    public let id: Int64
    public let contractID: Int64
    public let action: Action
    /// The token that made the change; nil for changes made outside the API (a migration, psql).
    public let actorTokenID: Int64?
    public let actorName: String?
    public let changedAt: Date
    /// For `created`, every initial value (as `after`); for `deleted`, every last value (as
    /// `before`); for `updated`, only the fields that changed.
    public let changes: [ContractFieldChange]

    public init(
        id: Int64, contractID: Int64, action: Action, actorTokenID: Int64?, actorName: String?, changedAt: Date,
        changes: [ContractFieldChange]
    ) {
        self.id = id
        self.contractID = contractID
        self.action = action
        self.actorTokenID = actorTokenID
        self.actorName = actorName
        self.changedAt = changedAt
        self.changes = changes
    }
}

/// One field's value before and after a change, as text (`nil`: the field had no value). Field
/// names are the API's (`endDate`, `vendorId`).
public struct ContractFieldChange: Sendable, Hashable {
    public let field: String
    public let before: String?
    public let after: String?

    public init(field: String, before: String?, after: String?) {
        self.field = field
        self.before = before
        self.after = after
    }
}

/// Why a write to the contract register was refused. Each case is a client's mistake or a race
/// with another writer, never a server fault; the API turns each into its documented response.
public enum ContractWriteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No contract has this id (any more).
    case notFound(id: Int64)
    /// The caller may not write this (``ContractPolicy``); the detail names whose it is.
    case forbidden(Bilingual)
    /// The change was based on `expected`, but the contract is at `current` now.
    case versionMismatch(id: Int64, expected: Int32, current: Int32)
    /// An admin recorded a contract without saying whose it is.
    case municipalityRequired
    case unknownMunicipality(MunicipalityCode)
    case unknownCategory(String)
    /// The municipality already has a contract with this external reference.
    case duplicateExternalReference(String, existingID: Int64?)

    public var description: String { message.english }
}
