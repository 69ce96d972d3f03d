import PostgresNIO

extension CaseRepository {
    /// Changes `municipality`'s participation in case `caseID` by `action` and returns the case.
    ///
    /// The lead invites, approves and refuses; the municipality concerned accepts, declines, asks
    /// to join and withdraws; an admin may do either. Accepting and joining state the
    /// municipality's baseline. `expectedVersion`, when given, must be the case's current version.
    /// - Throws: ``CaseError``.
    public func change(
        participant municipality: MunicipalityCode, of caseID: Int64, _ action: ParticipantAction,
        baseline: Baseline? = nil, expectedVersion: Int32? = nil, by principal: Principal
    ) async throws -> NegotiationCase {
        try await writing(as: principal) { connection in
            let locked = try await lock(caseID, on: connection)
            let name = try await municipalityName(municipality, on: connection)
            let leadName = try await municipalityName(locked.lead, on: connection)
            if action.isLeads {
                guard CasePolicy.actsAsLead(principal, lead: locked.lead) else {
                    throw CaseError.forbidden(LedgerText.onlyLeadActs(caseID, lead: leadName, action: action))
                }
            } else {
                guard CasePolicy.actsFor(principal, municipality: municipality) else {
                    throw CaseError.forbidden(LedgerText.onlyItselfActs(caseID, name: name, action: action))
                }
            }
            try checkVersion(expectedVersion, of: locked)
            guard try await exists("SELECT 1 FROM municipalities WHERE code = \(municipality.rawValue)", on: connection)
            else {
                throw CaseError.invalid(
                    "unknown_municipality", field: "municipalityCode", LedgerText.unknownMunicipality(municipality))
            }
            if municipality == locked.lead && action != .restate {
                let detail =
                    action == .withdraw
                    ? LedgerText.leadCannotLeave(caseID, lead: leadName)
                    : LedgerText.leadTakesPart(caseID, lead: leadName)
                throw CaseError.conflict(code: "lead_is_participant", detail)
            }
            if action == .join {
                guard locked.status == .open else {
                    throw CaseError.conflict(
                        code: "case_not_open", LedgerText.caseNotOpen(caseID, locked.status))
                }
            } else if !CasePolicy.isLive(locked.status) {
                throw CaseError.conflict(
                    code: "case_not_live", LedgerText.participantsFixed(caseID, locked.status))
            }
            let current = try await participantStatus(caseID, municipality, on: connection)
            let move = CasePolicy.participantMove(action)
            guard move.from.contains(current) else {
                throw Self.participantConflict(action, name: name, caseID: caseID, current: current)
            }
            var stated: Baseline?
            if action.needsBaseline {
                guard let baseline else {
                    throw CaseError.invalid(
                        "baseline_required", field: "baseline", LedgerText.baselineRequired(name))
                }
                try await checkBaseline(
                    baseline, of: municipality, vendorID: locked.vendorID, field: "baseline", on: connection)
                stated = baseline
            }
            try await connection.query(
                """
                INSERT INTO case_participants (
                    case_id, municipality_code, status, baseline_annual_amount, baseline_tax_included,
                    baseline_contract_id)
                VALUES (
                    \(caseID), \(municipality.rawValue), \(move.to.rawValue), \(stated?.annualAmount),
                    \(stated?.taxIncluded), \(stated?.contractID))
                ON CONFLICT (case_id, municipality_code) DO UPDATE SET
                    status = EXCLUDED.status,
                    status_changed_at = now(),
                    baseline_annual_amount = CASE WHEN \(stated != nil) THEN EXCLUDED.baseline_annual_amount
                                                  ELSE case_participants.baseline_annual_amount END,
                    baseline_tax_included = CASE WHEN \(stated != nil) THEN EXCLUDED.baseline_tax_included
                                                 ELSE case_participants.baseline_tax_included END,
                    baseline_contract_id = CASE WHEN \(stated != nil) THEN EXCLUDED.baseline_contract_id
                                                ELSE case_participants.baseline_contract_id END
                """,
                logger: logger)
            // A restated baseline is on the timeline with its amount (the status stays active).
            let restated = action == .restate ? stated.map { "¥\($0.annualAmount)" } : nil
            try await appendTimeline(
                caseID: caseID, kind: .participantChanged, by: principal, body: restated,
                fromStatus: current?.rawValue, toStatus: move.to.rawValue, municipality: municipality,
                on: connection)
            try await bump(caseID, on: connection)
            return try await required(caseID, on: connection)
        }
    }

    /// The refusal of an action the participant's status does not allow, worded for the person.
    static func participantConflict(
        _ action: ParticipantAction, name: String, caseID: Int64, current: ParticipantStatus?
    ) -> CaseError {
        let standing = LedgerText.participantStanding(current)
        switch action {
        case .invite, .join:
            if current == .refused {
                return .conflict(code: "join_refused", LedgerText.joinRefused(caseID, name: name))
            }
            return .conflict(
                code: "already_participant", LedgerText.alreadyParticipant(caseID, name: name, standing: standing))
        case .accept, .decline:
            return .conflict(code: "not_invited", LedgerText.notInvited(caseID, name: name, standing: standing))
        case .approve, .refuse:
            return .conflict(code: "no_join_request", LedgerText.noRequest(caseID, name: name, standing: standing))
        case .withdraw, .restate:
            return .conflict(code: "not_participant", LedgerText.notActive(caseID, name: name, standing: standing))
        }
    }
}
