import Foundation

/// Where a joint negotiation stands.
///
/// `open` (recruiting) → `negotiating` → `agreed` | `failed` → `closed`; the lead may also
/// withdraw an `open` or `negotiating` case. ``CasePolicy/allowedTransitions(from:)`` is the rule.
public enum CaseStatus: String, Sendable, Hashable, CaseIterable {
    case open
    case negotiating
    case agreed
    case failed
    case closed
    case withdrawn
}

/// Where a municipality stands in a case. Each change is timestamped and on the timeline.
public enum ParticipantStatus: String, Sendable, Hashable, CaseIterable {
    /// The lead invited it; it has not answered.
    case invited
    /// It asked to join; the lead has not answered.
    case requested
    /// It takes part: it stated its baseline and counts towards the agreement.
    case active
    /// It declined the lead's invitation.
    case declined
    /// The lead refused its request to join.
    case refused
    /// It left the case.
    case withdrawn
}

/// What a participant pays the vendor a year now (or was quoted), the basis of its savings.
public struct Baseline: Sendable, Hashable {
    public let annualAmount: Int64
    public let taxIncluded: Bool
    /// The participant's own contract with the case's vendor it rests on, if any.
    public let contractID: Int64?

    public init(annualAmount: Int64, taxIncluded: Bool, contractID: Int64? = nil) {
        self.annualAmount = annualAmount
        self.taxIncluded = taxIncluded
        self.contractID = contractID
    }
}

/// The reduction a lead seeks: a whole percentage of what is paid now, or yen a year.
public enum CaseTarget: Sendable, Hashable {
    case percent(Int32)
    case yen(Int64)
}

/// A joint negotiation case, with its participants (the lead among them).
public struct NegotiationCase: Sendable, Hashable {
    public let id: Int64
    public let lead: Contract.Municipality
    public let vendor: Contract.Vendor
    public let categoryCode: String
    public let product: String?
    public let title: String
    public let description: String?
    public let target: CaseTarget?
    public let responseDeadline: BusinessDate?
    public let status: CaseStatus
    /// Bumped by every change of the case or its participants; the API's ETag.
    public let version: Int32
    public let createdAt: Date
    public let updatedAt: Date
    public let participants: [CaseParticipant]
    /// Filled once the case is agreed.
    public let agreement: CaseAgreement?

    public init(
        id: Int64, lead: Contract.Municipality, vendor: Contract.Vendor, categoryCode: String, product: String?,
        title: String, description: String?, target: CaseTarget?, responseDeadline: BusinessDate?, status: CaseStatus,
        version: Int32, createdAt: Date, updatedAt: Date, participants: [CaseParticipant], agreement: CaseAgreement?
    ) {
        self.id = id
        self.lead = lead
        self.vendor = vendor
        self.categoryCode = categoryCode
        self.product = product
        self.title = title
        self.description = description
        self.target = target
        self.responseDeadline = responseDeadline
        self.status = status
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.participants = participants
        self.agreement = agreement
    }

    /// The municipalities taking part now (the lead included).
    public var activeParticipants: [CaseParticipant] { participants.filter { $0.status == .active } }
}

/// One municipality's place in a case.
public struct CaseParticipant: Sendable, Hashable {
    public let municipality: Contract.Municipality
    public let status: ParticipantStatus
    public let statusChangedAt: Date
    public let baseline: Baseline?

    public init(
        municipality: Contract.Municipality, status: ParticipantStatus, statusChangedAt: Date, baseline: Baseline?
    ) {
        self.municipality = municipality
        self.status = status
        self.statusChangedAt = statusChangedAt
        self.baseline = baseline
    }
}

/// What was agreed: per participant, the annual amount for the fiscal years covered.
public struct CaseAgreement: Sendable, Hashable {
    /// The fiscal years (年度, April–March) the amounts apply to, both included.
    public let firstFiscalYear: Int32
    public let lastFiscalYear: Int32
    public let amounts: [AgreedAmount]

    public init(firstFiscalYear: Int32, lastFiscalYear: Int32, amounts: [AgreedAmount]) {
        self.firstFiscalYear = firstFiscalYear
        self.lastFiscalYear = lastFiscalYear
        self.amounts = amounts
    }
}

/// One participant's agreed annual amount.
public struct AgreedAmount: Sendable, Hashable {
    public let municipality: MunicipalityCode
    public let annualAmount: Int64
    public let taxIncluded: Bool

    public init(municipality: MunicipalityCode, annualAmount: Int64, taxIncluded: Bool) {
        self.municipality = municipality
        self.annualAmount = annualAmount
        self.taxIncluded = taxIncluded
    }
}

/// What opening a case needs. The lead is the caller's municipality (an admin names it).
public struct CaseDraft: Sendable, Hashable {
    public var lead: MunicipalityCode?
    public var vendorID: Int64
    public var categoryCode: String
    public var product: String?
    public var title: String
    public var description: String?
    public var target: CaseTarget?
    public var responseDeadline: BusinessDate?
    /// The lead's own baseline, if it states one now.
    public var leadBaseline: Baseline?

    public init(
        lead: MunicipalityCode? = nil, vendorID: Int64, categoryCode: String, product: String? = nil, title: String,
        description: String? = nil, target: CaseTarget? = nil, responseDeadline: BusinessDate? = nil,
        leadBaseline: Baseline? = nil
    ) {
        self.lead = lead
        self.vendorID = vendorID
        self.categoryCode = categoryCode
        self.product = product
        self.title = title
        self.description = description
        self.target = target
        self.responseDeadline = responseDeadline
        self.leadBaseline = leadBaseline
    }

    /// The details a lead may change later.
    public var details: CaseDetails {
        CaseDetails(
            title: title, product: product, description: description, target: target,
            responseDeadline: responseDeadline)
    }

    /// What is wrong with the draft's own values, as `(field, message)`; empty when valid.
    public func violations() -> [(field: String, message: Bilingual)] {
        var errors = details.violations()
        if let baseline = leadBaseline, let message = baseline.violation {
            errors.append(("baseline/annualAmount", message))
        }
        return errors
    }
}

/// What the lead says about its case, and may change while the case is open or negotiating (the
/// vendor and category are what the case is, and stay).
public struct CaseDetails: Sendable, Hashable {
    public var title: String
    public var product: String?
    public var description: String?
    public var target: CaseTarget?
    public var responseDeadline: BusinessDate?

    public init(
        title: String, product: String? = nil, description: String? = nil, target: CaseTarget? = nil,
        responseDeadline: BusinessDate? = nil
    ) {
        self.title = title
        self.product = product
        self.description = description
        self.target = target
        self.responseDeadline = responseDeadline
    }

    /// What is wrong with the values, as `(field, message)` with the API's field names.
    public func violations() -> [(field: String, message: Bilingual)] {
        var errors: [(field: String, message: Bilingual)] = []
        let trimmed = title.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { errors.append(("title", LedgerText.caseTitleRequired)) }
        if title.count > 500 { errors.append(("title", LedgerText.atMostCharacters(500))) }
        if let product, product.isEmpty || product.count > 300 {
            errors.append(("product", LedgerText.caseProduct))
        }
        if let description, description.count > 10000 {
            errors.append(("description", LedgerText.atMostCharacters(10000)))
        }
        switch target {
        case .percent(let percent) where !(1...100).contains(percent):
            errors.append(("targetReductionPercent", LedgerText.targetPercent))
        case .yen(let yen) where yen <= 0 || yen > 1_000_000_000_000_000:
            errors.append(("targetReductionYen", LedgerText.targetYen))
        default: break
        }
        return errors
    }
}

extension Baseline {
    /// Why the amount cannot be a baseline, if it cannot.
    var violation: Bilingual? {
        (0...1_000_000_000_000_000).contains(annualAmount) ? nil : LedgerText.annualAmount
    }
}

/// Which cases a listing shows; filters combine with AND.
public struct CaseFilter: Sendable, Hashable {
    public var vendorID: Int64?
    public var categoryCode: String?
    public var status: CaseStatus?
    /// Only cases this municipality is in: as lead, or invited, requesting or active.
    public var involving: MunicipalityCode?

    public init(
        vendorID: Int64? = nil, categoryCode: String? = nil, status: CaseStatus? = nil,
        involving: MunicipalityCode? = nil
    ) {
        self.vendorID = vendorID
        self.categoryCode = categoryCode
        self.status = status
        self.involving = involving
    }
}
