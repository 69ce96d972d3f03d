import Foundation
import Ledger
import ProcurementClient

// Conversions between the API's contract types and the register's. Identifiers that are not
// identifiers (a municipality code with a wrong check digit, a corporate number of 12 digits) are
// malformed requests (400, with the identifier's own problem code, as everywhere in the API); field
// values the register refuses (a date that does not exist, an end before the start) are 422
// `invalid_contract`, all of them at once.

extension ContractDraft {
    /// The draft a `ContractInput` describes.
    /// - Throws: a ``RequestError`` for a malformed vendor identifier; ``InvalidContract`` for field
    ///   values that are not what they claim (dates) and for the draft's own rule violations.
    init(_ input: Components.Schemas.ContractInput) throws {
        let vendor = try VendorReference(input.vendor)
        var errors: [ContractFieldError] = []
        func date(_ text: String?, field: String) -> BusinessDate? {
            guard let text else { return nil }
            if let date = BusinessDate(text) { return date }
            errors.append(.init(field: field, message: APIText.invalidDate(text)))
            return nil
        }
        let start = date(input.startDate, field: "startDate")
        let end = date(input.endDate, field: "endDate")
        let renewal = date(input.renewalNoticeDate, field: "renewalNoticeDate")
        let signed = date(input.signedDate, field: "signedDate")
        guard let start, let end, errors.isEmpty else { throw InvalidContract(errors) }
        self.init(
            vendor: vendor, categoryCode: input.categoryCode, title: input.title, product: input.product,
            amount: input.amount, taxIncluded: input.taxIncluded, billingBasis: BillingBasis(input.billingBasis),
            startDate: start, endDate: end, contractMethod: ContractMethod(input.contractMethod),
            renewalNoticeDate: renewal, externalReference: input.externalReference, notes: input.notes,
            sourceURL: input.sourceUrl, signedDate: signed)
        let violations = violations()
        guard violations.isEmpty else { throw InvalidContract(violations) }
    }
}

extension Components.Schemas.ContractInput {
    /// The municipality the input names, if any.
    func municipality() throws(RequestError) -> MunicipalityCode? {
        guard let text = municipalityCode else { return nil }
        return try RequestValue.municipalityCode(text, at: "/municipalityCode")
    }
}

extension VendorReference {
    /// The vendor a `VendorReference` names; the register decides whether it exists.
    init(_ reference: Components.Schemas.VendorReference) throws(RequestError) {
        let id = try reference.id.map { (text) throws(RequestError) in
            try RequestValue.id(text, of: .vendor, at: "/vendor/id")
        }
        let corporateNumber = try reference.corporateNumber.map { (text) throws(RequestError) in
            try RequestValue.corporateNumber(text, at: "/vendor/corporateNumber")
        }
        self.init(
            id: id, corporateNumber: corporateNumber, name: reference.name, confirmNew: reference.confirmNew ?? false)
    }
}

extension Components.Schemas.SimilarVendor {
    init(_ vendor: Ledger.SimilarVendor) {
        self.init(id: String(vendor.id), name: vendor.name, similarity: vendor.similarity)
    }
}

extension Components.Schemas.SimilarNewVendor {
    init(_ vendor: Ledger.SimilarNewVendor) {
        self.init(
            id: String(vendor.id), name: vendor.name, similar: vendor.similar.map(Components.Schemas.SimilarVendor.init)
        )
    }
}

extension BillingBasis {
    init(_ basis: Components.Schemas.BillingBasis) {
        switch basis {
        case .oneTime: self = .oneTime
        case .monthly: self = .monthly
        case .annual: self = .annual
        }
    }
}

extension Components.Schemas.BillingBasis {
    init(_ basis: BillingBasis) {
        switch basis {
        case .oneTime: self = .oneTime
        case .monthly: self = .monthly
        case .annual: self = .annual
        }
    }
}

extension ContractMethod {
    init(_ method: Components.Schemas.ContractMethod) {
        switch method {
        case .generalCompetitive: self = .generalCompetitive
        case .designatedCompetitive: self = .designatedCompetitive
        case .negotiated: self = .negotiated
        case .other: self = .other
        }
    }
}

extension Components.Schemas.ContractMethod {
    init(_ method: ContractMethod) {
        switch method {
        case .generalCompetitive: self = .generalCompetitive
        case .designatedCompetitive: self = .designatedCompetitive
        case .negotiated: self = .negotiated
        case .other: self = .other
        }
    }
}

extension Components.Schemas.Contract {
    init(_ contract: Contract) {
        self.init(
            id: String(contract.id),
            municipality: .init(
                code: contract.municipality.code.rawValue, prefecture: contract.municipality.prefecture,
                name: contract.municipality.name),
            vendor: .init(
                id: String(contract.vendor.id), name: contract.vendor.name,
                corporateNumber: contract.vendor.corporateNumber),
            categoryCode: contract.categoryCode,
            title: contract.title,
            product: contract.product,
            amount: contract.amount,
            taxIncluded: contract.taxIncluded,
            billingBasis: .init(contract.billingBasis),
            annualAmount: contract.annualAmount,
            startDate: contract.startDate.description,
            endDate: contract.endDate.description,
            fiscalYear: Int32(clamping: contract.fiscalYear),
            contractMethod: .init(contract.contractMethod),
            renewalNoticeDate: contract.renewalNoticeDate?.description,
            signedDate: contract.signedDate?.description,
            externalReference: contract.externalReference,
            notes: contract.notes,
            sourceUrl: contract.sourceURL,
            version: contract.version,
            createdAt: contract.createdAt,
            updatedAt: contract.updatedAt
        )
    }
}

extension Components.Schemas.ContractHistoryEntry {
    init(_ entry: ContractHistoryEntry) {
        let action: ActionPayload =
            switch entry.action {
            case .created: .created
            case .updated: .updated
            case .deleted: .deleted
            }
        self.init(
            id: String(entry.id), action: action, actorTokenId: entry.actorTokenID.map { String($0) },
            actorName: entry.actorName, changedAt: entry.changedAt,
            changes: entry.changes.map { .init(field: $0.field, before: $0.before, after: $0.after) })
    }
}
