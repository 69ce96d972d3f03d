import Foundation
import Ledger
import ProcurementClient

// Conversions between the API's case types and the register's. As for contracts: identifiers that
// are not identifiers are refused with the identifier's own code (400); values the register refuses
// are 422, dates that do not exist among them.

extension CaseDraft {
    init(_ input: Components.Schemas.NewCase) throws(RequestError) {
        let vendorID = try RequestValue.id(input.vendorId, of: .vendor, at: "/vendorId")
        let lead = try input.leadMunicipalityCode.map { (text) throws(RequestError) in
            try RequestValue.municipalityCode(text, at: "/leadMunicipalityCode")
        }
        let details = try CaseDetails(
            title: input.title, product: input.product, description: input.description,
            targetReductionPercent: input.targetReductionPercent, targetReductionYen: input.targetReductionYen,
            responseDeadline: input.responseDeadline)
        self.init(
            lead: lead, vendorID: vendorID, categoryCode: input.categoryCode, product: details.product,
            title: details.title, description: details.description, target: details.target,
            responseDeadline: details.responseDeadline,
            leadBaseline: try input.baseline.map { (baseline) throws(RequestError) in
                try Baseline(baseline, pointer: "/baseline")
            })
    }
}

extension CaseDetails {
    init(_ input: Components.Schemas.CaseDetails) throws(RequestError) {
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
    ) throws(RequestError) {
        var target: CaseTarget?
        switch (targetReductionPercent, targetReductionYen) {
        case (let percent?, nil): target = .percent(percent)
        case (nil, let yen?): target = .yen(yen)
        case (nil, nil): target = nil
        case (_?, _?): throw .targetInPercentAndYen
        }
        self.init(
            title: title, product: product.flatMap { $0.isEmpty ? nil : $0 }, description: description,
            target: target, responseDeadline: try RequestValue.date(responseDeadline, at: "/responseDeadline"))
    }
}

extension Baseline {
    init(_ input: Components.Schemas.Baseline, pointer: String) throws(RequestError) {
        let contractID = try input.contractId.map { (text) throws(RequestError) in
            try RequestValue.id(text, of: .contract, at: "\(pointer)/contractId")
        }
        self.init(annualAmount: input.annualAmount, taxIncluded: input.taxIncluded, contractID: contractID)
    }
}

extension AgreementDraft {
    init(_ input: Components.Schemas.CaseAgreement) throws(RequestError) {
        var amounts: [AgreedAmount] = []
        for (index, amount) in input.amounts.enumerated() {
            let code = try RequestValue.municipalityCode(
                amount.municipalityCode, at: "/agreement/amounts/\(index)/municipalityCode")
            amounts.append(
                .init(municipality: code, annualAmount: amount.annualAmount, taxIncluded: amount.taxIncluded))
        }
        self.init(firstFiscalYear: input.firstFiscalYear, lastFiscalYear: input.lastFiscalYear, amounts: amounts)
    }
}

extension CaseOffer {
    init(_ input: Components.Schemas.NewCaseOffer) throws(RequestError) {
        let municipality = try input.municipalityCode.map { (text) throws(RequestError) in
            try RequestValue.municipalityCode(text, at: "/municipalityCode")
        }
        self.init(
            municipality: municipality, amount: input.amount, taxIncluded: input.taxIncluded,
            offeredOn: try RequestValue.date(input.offeredOn, at: "/offeredOn"),
            validUntil: try RequestValue.date(input.validUntil, at: "/validUntil"))
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
        case .restate: self = .restate
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
            agreement: entry.agreement.map(Components.Schemas.CaseAgreement.init),
            changes: entry.changes.isEmpty
                ? nil
                : entry.changes.map {
                    .init(field: .init(rawValue: $0.field.rawValue) ?? .title, before: $0.before, after: $0.after)
                })
    }
}
