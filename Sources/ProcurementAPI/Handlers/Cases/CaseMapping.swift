import Foundation
import Ledger
import ProcurementClient

// Conversions between the API's case types and the register's. As for contracts: identifiers that
// are not identifiers are 400 with the identifier's own code; values the register refuses are 422.

extension CaseDraft {
    init(_ input: Components.Schemas.NewCase) throws {
        guard let vendorID = Int64(input.vendorId), vendorID > 0 else {
            throw Problem.invalid("invalid_vendor_id", "'\(input.vendorId)' is not a vendor id", pointer: "/vendorId")
        }
        let lead = try input.leadMunicipalityCode.map {
            try CaseProblems.municipalityCode($0, pointer: "/leadMunicipalityCode")
        }
        let details = try CaseDetails(
            title: input.title, product: input.product, description: input.description,
            targetReductionPercent: input.targetReductionPercent, targetReductionYen: input.targetReductionYen,
            responseDeadline: input.responseDeadline)
        self.init(
            lead: lead, vendorID: vendorID, categoryCode: input.categoryCode, product: details.product,
            title: details.title, description: details.description, target: details.target,
            responseDeadline: details.responseDeadline,
            leadBaseline: try input.baseline.map { try Baseline($0, pointer: "/baseline") })
    }
}

extension CaseDetails {
    init(_ input: Components.Schemas.CaseDetails) throws {
        try self.init(
            title: input.title, product: input.product, description: input.description,
            targetReductionPercent: input.targetReductionPercent, targetReductionYen: input.targetReductionYen,
            responseDeadline: input.responseDeadline)
    }

    /// The details as the API states them: an empty product means none; a target in percent or
    /// in yen, not both.
    init(
        title: String, product: String?, description: String?, targetReductionPercent: Int32?,
        targetReductionYen: Int64?, responseDeadline: String?
    ) throws {
        var target: CaseTarget?
        switch (targetReductionPercent, targetReductionYen) {
        case (let percent?, nil): target = .percent(percent)
        case (nil, let yen?): target = .yen(yen)
        case (nil, nil): target = nil
        case (_?, _?):
            throw CaseProblems.unprocessable(
                "invalid_case", "give the target in percent or in yen, not both", pointer: "/targetReductionYen")
        }
        self.init(
            title: title, product: product.flatMap { $0.isEmpty ? nil : $0 }, description: description,
            target: target,
            responseDeadline: try CaseProblems.date(responseDeadline, pointer: "/responseDeadline"))
    }
}

extension Baseline {
    init(_ input: Components.Schemas.Baseline, pointer: String) throws(Problem) {
        var contractID: Int64?
        if let text = input.contractId {
            guard let id = Int64(text), id > 0 else {
                throw Problem.invalid(
                    "invalid_contract_id", "'\(text)' is not a contract id", pointer: "\(pointer)/contractId")
            }
            contractID = id
        }
        self.init(annualAmount: input.annualAmount, taxIncluded: input.taxIncluded, contractID: contractID)
    }
}

extension AgreementDraft {
    init(_ input: Components.Schemas.CaseAgreement) throws(Problem) {
        var amounts: [AgreedAmount] = []
        for (index, amount) in input.amounts.enumerated() {
            let code = try CaseProblems.municipalityCode(
                amount.municipalityCode, pointer: "/agreement/amounts/\(index)/municipalityCode")
            amounts.append(
                .init(municipality: code, annualAmount: amount.annualAmount, taxIncluded: amount.taxIncluded))
        }
        self.init(firstFiscalYear: input.firstFiscalYear, lastFiscalYear: input.lastFiscalYear, amounts: amounts)
    }
}

extension CaseOffer {
    init(_ input: Components.Schemas.NewCaseOffer) throws {
        let municipality = try input.municipalityCode.map {
            try CaseProblems.municipalityCode($0, pointer: "/municipalityCode")
        }
        guard let offeredOn = try CaseProblems.date(input.offeredOn, pointer: "/offeredOn") else {
            throw Problem.internalError()
        }
        self.init(
            municipality: municipality, amount: input.amount, taxIncluded: input.taxIncluded, offeredOn: offeredOn,
            validUntil: try CaseProblems.date(input.validUntil, pointer: "/validUntil"))
    }
}

extension CaseStatus {
    init(_ status: Components.Schemas.CaseStatus) {
        switch status {
        case .open: self = .open
        case .negotiating: self = .negotiating
        case .agreed: self = .agreed
        case .failed: self = .failed
        case .closed: self = .closed
        case .withdrawn: self = .withdrawn
        }
    }
}

extension Components.Schemas.CaseStatus {
    init(_ status: CaseStatus) {
        switch status {
        case .open: self = .open
        case .negotiating: self = .negotiating
        case .agreed: self = .agreed
        case .failed: self = .failed
        case .closed: self = .closed
        case .withdrawn: self = .withdrawn
        }
    }
}

extension ParticipantAction {
    init(_ action: Components.Schemas.ParticipantAction) {
        switch action {
        case .invite: self = .invite
        case .accept: self = .accept
        case .decline: self = .decline
        case .join: self = .join
        case .approve: self = .approve
        case .refuse: self = .refuse
        case .withdraw: self = .withdraw
        }
    }
}

extension Components.Schemas.ParticipantStatus {
    init(_ status: ParticipantStatus) {
        switch status {
        case .invited: self = .invited
        case .requested: self = .requested
        case .active: self = .active
        case .declined: self = .declined
        case .refused: self = .refused
        case .withdrawn: self = .withdrawn
        }
    }
}

extension Components.Schemas.Baseline {
    init(_ baseline: Baseline) {
        self.init(
            annualAmount: baseline.annualAmount, taxIncluded: baseline.taxIncluded,
            contractId: baseline.contractID.map { String($0) })
    }
}

extension Components.Schemas.CaseAgreement {
    init(_ agreement: CaseAgreement) {
        self.init(
            firstFiscalYear: agreement.firstFiscalYear, lastFiscalYear: agreement.lastFiscalYear,
            amounts: agreement.amounts.map {
                .init(
                    municipalityCode: $0.municipality.rawValue, annualAmount: $0.annualAmount,
                    taxIncluded: $0.taxIncluded)
            })
    }
}

extension Components.Schemas.Case {
    init(_ negotiation: NegotiationCase) {
        var percent: Int32?
        var yen: Int64?
        switch negotiation.target {
        case .percent(let value): percent = value
        case .yen(let value): yen = value
        case nil: break
        }
        self.init(
            id: String(negotiation.id),
            lead: .init(negotiation.lead),
            vendor: .init(negotiation.vendor),
            categoryCode: negotiation.categoryCode,
            product: negotiation.product,
            title: negotiation.title,
            description: negotiation.description,
            targetReductionPercent: percent,
            targetReductionYen: yen,
            responseDeadline: negotiation.responseDeadline?.description,
            status: .init(negotiation.status),
            version: negotiation.version,
            createdAt: negotiation.createdAt,
            updatedAt: negotiation.updatedAt,
            participants: negotiation.participants.map { participant in
                .init(
                    municipality: .init(participant.municipality), status: .init(participant.status),
                    statusChangedAt: participant.statusChangedAt,
                    lead: participant.municipality.code == negotiation.lead.code,
                    baseline: participant.baseline.map(Components.Schemas.Baseline.init))
            },
            agreement: negotiation.agreement.map(Components.Schemas.CaseAgreement.init)
        )
    }
}

extension Components.Schemas.CaseTimelineEntry {
    init(_ entry: CaseTimelineEntry) {
        let kind: KindPayload =
            switch entry.kind {
            case .opened: .opened
            case .updated: .updated
            case .statusChanged: .statusChanged
            case .participantChanged: .participantChanged
            case .note: .note
            case .minutes: .minutes
            case .offer: .offer
            case .agreement: .agreement
            }
        self.init(
            id: String(entry.id), kind: kind,
            author: .init(
                tokenId: entry.author.tokenID.map { String($0) }, name: entry.author.name,
                municipality: entry.author.municipality.map(Components.Schemas.MunicipalitySummary.init)),
            createdAt: entry.createdAt, text: entry.body, participantsOnly: entry.participantsOnly,
            hidden: entry.hidden, fromStatus: entry.fromStatus, toStatus: entry.toStatus,
            municipality: entry.municipality.map(Components.Schemas.MunicipalitySummary.init),
            offer: entry.offer.map {
                .init(
                    municipalityCode: $0.municipality?.rawValue, amount: $0.amount, taxIncluded: $0.taxIncluded,
                    offeredOn: $0.offeredOn.description, validUntil: $0.validUntil?.description)
            },
            agreement: entry.agreement.map(Components.Schemas.CaseAgreement.init))
    }
}

/// How the case register's refusals read as problem documents.
enum CaseProblems {
    /// Case ids are opaque strings in the API; the register numbers them.
    static func caseID(_ text: String) throws(Problem) -> Int64 {
        guard let id = Int64(text), id > 0 else {
            throw Problem.invalid("invalid_case_id", "'\(text)' is not a case id", pointer: "/id")
        }
        return id
    }

    static func municipalityCode(_ text: String, pointer: String) throws(Problem) -> MunicipalityCode {
        do {
            return try MunicipalityCode(text)
        } catch {
            throw Problem.invalid("invalid_municipality_code", error.description, pointer: pointer)
        }
    }

    static func date(_ text: String?, pointer: String) throws(Problem) -> BusinessDate? {
        guard let text else { return nil }
        guard let date = BusinessDate(text) else {
            throw unprocessable("invalid_date", "'\(text)' is not a date (YYYY-MM-DD)", pointer: pointer)
        }
        return date
    }

    /// The version a change is based on. Moving a case requires it (428 without), so nobody moves
    /// a case they have not seen in its current state; participant changes may send it.
    static func expectedVersion(_ ifMatch: String?, id: Int64, required: Bool) throws(Problem) -> Int32? {
        guard let ifMatch, !ifMatch.isEmpty else {
            guard required else { return nil }
            throw Problem(
                .preconditionRequired, code: "if_match_required", title: "If-Match required",
                detail: "send If-Match with the ETag from GET /cases/\(id), so a change made meanwhile is not lost")
        }
        guard let version = ContractETag.version(ifMatch: ifMatch) else {
            throw Problem(
                .preconditionFailed, code: "version_mismatch", title: "Version mismatch",
                detail: "If-Match \(ifMatch) is not a version of case \(id); send the ETag from GET /cases/\(id)")
        }
        return version
    }

    /// The problem document for a failure of a case operation; rethrows what is not the client's
    /// fault (a database error), for the problem middleware to log and answer.
    static func problem(for error: any Error) throws -> Problem {
        switch error {
        case let problem as Problem: return problem
        case let error as InvalidPageRequest: return error.problem
        case let error as CaseError: return problem(for: error)
        default: throw error
        }
    }

    static func problem(for error: CaseError) -> Problem {
        let detail = error.description
        switch error {
        case .notFound:
            return Problem(.notFound, code: "case_not_found", title: "No such case", detail: detail)
        case .forbidden:
            return Problem(.forbidden, code: "forbidden", title: "Forbidden", detail: detail)
        case .versionMismatch(let id, _, let current):
            return Problem(
                .preconditionFailed, code: "version_mismatch", title: "Version mismatch",
                detail: "case \(id) was changed by someone else since you read it (it is at version \(current) now)")
        case .invalidTransition(_, _, let allowed):
            var problem = Problem(.conflict, code: "invalid_transition", title: "Invalid transition", detail: detail)
            problem.allowedTransitions = allowed.map(\.rawValue)
            return problem
        case .conflict(let code, _):
            return Problem(.conflict, code: code, title: "Conflict", detail: detail)
        case .invalid(let code, let fields):
            return Problem(
                .unprocessableContent, code: code, title: "Unprocessable content", detail: detail,
                errors: fields.map { .init(pointer: "/\($0.field)", message: $0.message) })
        }
    }

    static func unprocessable(_ code: String, _ detail: String, pointer: String) -> Problem {
        Problem(
            .unprocessableContent, code: code, title: "Unprocessable content", detail: detail,
            errors: [.init(pointer: pointer, message: detail)])
    }
}
