import PostgresNIO

/// What an agreement states: the fiscal years it covers and each active participant's amount.
public struct AgreementDraft: Sendable, Hashable {
    public var firstFiscalYear: Int32
    public var lastFiscalYear: Int32
    public var amounts: [AgreedAmount]

    public init(firstFiscalYear: Int32, lastFiscalYear: Int32, amounts: [AgreedAmount]) {
        self.firstFiscalYear = firstFiscalYear
        self.lastFiscalYear = lastFiscalYear
        self.amounts = amounts
    }
}

extension CaseRepository {
    /// Moves case `caseID` to `status`, if it is still at `expectedVersion`, and returns it.
    ///
    /// Only the lead (or an admin) moves a case, along ``CasePolicy/allowedTransitions(from:)``;
    /// `negotiating` needs two active participants; `agreed` needs `agreement`, with an amount for
    /// every active participant and no one else. `note` goes on the timeline with the change.
    /// - Throws: ``CaseError``.
    public func move(
        _ caseID: Int64, to status: CaseStatus, agreement: AgreementDraft? = nil, note: String? = nil,
        expectedVersion: Int32, by principal: Principal
    ) async throws -> NegotiationCase {
        try await writing(as: principal) { connection in
            let locked = try await lock(caseID, on: connection)
            guard CasePolicy.actsAsLead(principal, lead: locked.lead) else {
                let leadName = try await municipalityName(locked.lead, on: connection)
                throw CaseError.forbidden(LedgerText.onlyLeadMoves(caseID, lead: leadName))
            }
            try checkVersion(expectedVersion, of: locked)
            let allowed = CasePolicy.allowedTransitions(from: locked.status)
            guard allowed.contains(status) else {
                throw CaseError.invalidTransition(from: locked.status, to: status, allowed: allowed)
            }
            let active = try await activeParticipants(caseID, on: connection)
            if status == .negotiating, active.count < CasePolicy.minimumActiveParticipantsToNegotiate {
                throw CaseError.conflict(
                    code: "not_enough_participants",
                    LedgerText.tooFewParticipants(
                        caseID, active: active.count, minimum: CasePolicy.minimumActiveParticipantsToNegotiate))
            }
            if status == .agreed {
                guard let agreement else {
                    throw CaseError.invalid(
                        "agreement_required", field: "agreement", LedgerText.agreementRequired)
                }
                try await check(agreement, of: caseID, active: active, on: connection)
            } else if agreement != nil {
                throw CaseError.invalid(
                    "invalid_transition_request", field: "agreement", LedgerText.agreementOnlyWhenAgreed)
            }
            let text = note.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
            try await appendTimeline(
                caseID: caseID, kind: .statusChanged, by: principal, body: text, fromStatus: locked.status.rawValue,
                toStatus: status.rawValue, on: connection)
            if let agreement {
                let entry = try await appendTimeline(caseID: caseID, kind: .agreement, by: principal, on: connection)
                for amount in agreement.amounts {
                    try await connection.query(
                        """
                        INSERT INTO case_agreements (
                            case_id, municipality_code, timeline_entry_id, annual_amount, tax_included,
                            first_fiscal_year, last_fiscal_year, baseline_annual_amount, baseline_tax_included)
                        SELECT \(caseID), \(amount.municipality.rawValue), \(entry), \(amount.annualAmount),
                               \(amount.taxIncluded), \(agreement.firstFiscalYear), \(agreement.lastFiscalYear),
                               p.baseline_annual_amount, p.baseline_tax_included
                        FROM case_participants p
                        WHERE p.case_id = \(caseID) AND p.municipality_code = \(amount.municipality.rawValue)
                        """,
                        logger: logger)
                }
            }
            try await bump(caseID, status: status, on: connection)
            return try await required(caseID, on: connection)
        }
    }

    /// The codes of the case's active participants.
    private func activeParticipants(_ caseID: Int64, on connection: PostgresConnection) async throws -> Set<String> {
        let rows = try await connection.query(
            "SELECT municipality_code FROM case_participants WHERE case_id = \(caseID) AND status = 'active'",
            logger: logger)
        var codes: Set<String> = []
        for try await code in rows.decode(String.self) { codes.insert(code) }
        return codes
    }

    /// An agreement names every active participant once, and nobody else; years run forward.
    private func check(
        _ agreement: AgreementDraft, of caseID: Int64, active: Set<String>, on connection: PostgresConnection
    ) async throws {
        var errors: [InvalidCaseField] = []
        if !(1989...2200).contains(agreement.firstFiscalYear) {
            errors.append(.init(field: "agreement/firstFiscalYear", message: LedgerText.agreementFirstYear))
        }
        if agreement.lastFiscalYear < agreement.firstFiscalYear || agreement.lastFiscalYear > 2200 {
            errors.append(
                .init(
                    field: "agreement/lastFiscalYear",
                    message: LedgerText.agreementLastYear(agreement.firstFiscalYear)))
        }
        var seen: Set<String> = []
        for (index, amount) in agreement.amounts.enumerated() {
            let code = amount.municipality.rawValue
            let name = try await municipalityName(amount.municipality, on: connection)
            if !seen.insert(code).inserted {
                errors.append(.init(field: "agreement/amounts/\(index)", message: LedgerText.namedTwice(name)))
            } else if !active.contains(code) {
                errors.append(
                    .init(
                        field: "agreement/amounts/\(index)/municipalityCode",
                        message: LedgerText.notActiveParticipant(name, code)))
            }
            if !(0...1_000_000_000_000_000).contains(amount.annualAmount) {
                errors.append(
                    .init(
                        field: "agreement/amounts/\(index)/annualAmount", message: LedgerText.annualAmount)
                )
            }
        }
        for code in active.subtracting(seen).sorted() {
            let name = try await municipalityName(try MunicipalityCode(code), on: connection)
            errors.append(
                .init(field: "agreement/amounts", message: LedgerText.noAgreedAmount(name, code)))
        }
        // Savings are the baseline minus the agreed amount: an active participant that never
        // stated what it pays now (a lead that opened without one) has nothing to save against.
        let rows = try await connection.query(
            """
            SELECT p.municipality_code, m.name FROM case_participants p
            JOIN municipalities m ON m.code = p.municipality_code
            WHERE p.case_id = \(caseID) AND p.status = 'active' AND p.baseline_annual_amount IS NULL
            ORDER BY p.municipality_code
            """, logger: logger)
        for try await (code, name) in rows.decode((String, String).self) {
            errors.append(.init(field: "agreement/amounts", message: LedgerText.noBaseline(name, code)))
        }
        guard errors.isEmpty else { throw CaseError.invalid(code: "invalid_agreement", errors) }
    }
}
