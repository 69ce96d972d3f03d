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
    /// - Throws: a 400 ``Problem`` for a malformed vendor identifier; a 422 `invalid_contract` for
    ///   field values that are not what they claim (dates) and for the draft's own rule violations.
    init(_ input: Components.Schemas.ContractInput) throws(Problem) {
        let vendor = try VendorReference(input.vendor)
        var errors: [ContractFieldError] = []
        func date(_ text: String?, field: String) -> BusinessDate? {
            guard let text else { return nil }
            if let date = BusinessDate(text) { return date }
            errors.append(.init(field: field, message: "'\(text)' is not a date (YYYY-MM-DD)"))
            return nil
        }
        let start = date(input.startDate, field: "startDate")
        let end = date(input.endDate, field: "endDate")
        let renewal = date(input.renewalNoticeDate, field: "renewalNoticeDate")
        guard let start, let end, errors.isEmpty else { throw Problem.invalidContract(errors) }
        self.init(
            vendor: vendor, categoryCode: input.categoryCode, title: input.title, product: input.product,
            amount: input.amount, taxIncluded: input.taxIncluded, billingBasis: BillingBasis(input.billingBasis),
            startDate: start, endDate: end, contractMethod: ContractMethod(input.contractMethod),
            renewalNoticeDate: renewal, externalReference: input.externalReference, notes: input.notes,
            sourceURL: input.sourceUrl)
        let violations = violations()
        guard violations.isEmpty else { throw Problem.invalidContract(violations) }
    }
}

extension Components.Schemas.ContractInput {
    /// The municipality the input names, if any.
    /// - Throws: 400 `invalid_municipality_code` if it is not a local-government code.
    func municipality() throws(Problem) -> MunicipalityCode? {
        guard let text = municipalityCode else { return nil }
        do {
            return try MunicipalityCode(text)
        } catch {
            throw Problem.invalid("invalid_municipality_code", error.description, pointer: "/municipalityCode")
        }
    }
}

extension VendorReference {
    /// The vendor a `VendorReference` names; the register decides whether it exists.
    init(_ reference: Components.Schemas.VendorReference) throws(Problem) {
        var id: Int64?
        if let text = reference.id {
            guard let value = Int64(text), value > 0 else {
                throw Problem.invalid("invalid_vendor_id", "'\(text)' is not a vendor id", pointer: "/vendor/id")
            }
            id = value
        }
        var corporateNumber: CorporateNumber?
        if let text = reference.corporateNumber {
            do {
                corporateNumber = try CorporateNumber(text)
            } catch {
                throw Problem.invalid(
                    "invalid_corporate_number", error.description, pointer: "/vendor/corporateNumber")
            }
        }
        self.init(id: id, corporateNumber: corporateNumber, name: reference.name)
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

/// A contract's version as an HTTP entity tag: `"3"`. Clients send it back in `If-Match`.
enum ContractETag {
    /// The `ETag` header's value as the generated code takes it: the spec declares the header as
    /// JSON, so the string `3` goes on the wire as `"3"`, the quoted tag.
    static func header(_ version: Int32) -> String { String(version) }

    /// The version an `If-Match` value names; nil if it names none (`*`, a list, garbage). A weak
    /// tag (`W/"3"`) is accepted: proxies weaken tags they pass on, and the version is exact anyway.
    static func version(ifMatch value: String) -> Int32? {
        var tag = Substring(value.trimmingCharacters(in: .whitespaces))
        if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
        guard tag.count >= 3, tag.first == "\"", tag.last == "\"" else { return Int32(tag) }
        return Int32(tag.dropFirst().dropLast())
    }
}

extension Problem {
    /// 422 `invalid_contract` with one `errors` entry per violation, pointing at the field.
    static func invalidContract(_ errors: [ContractFieldError]) -> Problem {
        Problem(
            .unprocessableContent, code: "invalid_contract", title: "Invalid contract",
            detail: errors.map(\.description).joined(separator: "; "),
            errors: errors.map { .init(pointer: "/\($0.field)", message: $0.message) })
    }
}
