import PostgresNIO

extension CaseRepository {
    /// Replaces the details of case `caseID` (title, product, description, target, deadline), if
    /// it is still at `expectedVersion`, and returns it. Only the lead (or an admin) changes them,
    /// while the case is open or negotiating: what an agreement was reached on stays as it was. A
    /// replacement that changes nothing leaves the version and the timeline as they are; one that
    /// does is on the timeline, field by field.
    /// - Throws: ``CaseError``.
    public func update(
        _ caseID: Int64, with details: CaseDetails, expectedVersion: Int32, by principal: Principal
    ) async throws -> NegotiationCase {
        try await writing(as: principal) { connection in
            let locked = try await lock(caseID, on: connection)
            guard CasePolicy.actsAsLead(principal, lead: locked.lead) else {
                let leadName = try await municipalityName(locked.lead, on: connection)
                throw CaseError.forbidden(LedgerText.onlyLeadChanges(caseID, lead: leadName))
            }
            try checkVersion(expectedVersion, of: locked)
            guard CasePolicy.isLive(locked.status) else {
                throw CaseError.conflict(
                    code: "case_not_live", LedgerText.caseNotLive(caseID, locked.status))
            }
            let violations = details.violations()
            guard violations.isEmpty else {
                throw CaseError.invalid(
                    code: "invalid_case", violations.map { .init(field: $0.field, message: $0.message) })
            }
            let current = try await required(caseID, on: connection)
            // A deadline kept as it was may have passed; one set now may not.
            if details.responseDeadline != current.responseDeadline { try checkDeadline(details.responseDeadline) }
            let description = details.description.flatMap { $0.isEmpty ? nil : $0 }
            let changes = Self.changes(
                from: CaseDetails(
                    title: current.title, product: current.product, description: current.description,
                    target: current.target, responseDeadline: current.responseDeadline),
                to: CaseDetails(
                    title: details.title, product: details.product, description: description, target: details.target,
                    responseDeadline: details.responseDeadline))
            guard !changes.isEmpty else { return current }
            var percent: Int32?
            var yen: Int64?
            switch details.target {
            case .percent(let value): percent = value
            case .yen(let value): yen = value
            case nil: break
            }
            try await connection.query(
                """
                UPDATE cases SET title = \(details.title), product = \(details.product), description = \(description),
                    target_reduction_percent = \(percent), target_reduction_yen = \(yen),
                    response_deadline = \(details.responseDeadline)
                WHERE id = \(caseID)
                """,
                logger: logger)
            try await appendTimeline(
                caseID: caseID, kind: .updated, by: principal, body: changes.map(\.englishLine).joined(separator: "; "),
                changes: changes, on: connection)
            try await bump(caseID, on: connection)
            return try await required(caseID, on: connection)
        }
    }

    /// `deadline: 2025-01-31 → 2025-02-28` for each field that differs (`—` for no value).
    static func changes(from old: CaseDetails, to new: CaseDetails) -> [CaseDetailChange] {
        func text(_ target: CaseTarget?) -> String? {
            switch target {
            case .percent(let percent): "\(percent)%"
            case .yen(let yen): "¥\(yen)"
            case nil: nil
            }
        }
        let pairs: [(CaseDetailChange.Field, String?, String?)] = [
            (.title, old.title, new.title),
            (.product, old.product, new.product),
            (.target, text(old.target), text(new.target)),
            (.deadline, old.responseDeadline?.description, new.responseDeadline?.description),
        ]
        var changes = pairs.compactMap { field, before, after in
            before == after ? nil : CaseDetailChange(field: field, before: before, after: after)
        }
        // A description may be long: the case shows it; the timeline only says it changed.
        if old.description != new.description {
            changes.append(CaseDetailChange(field: .description, before: nil, after: nil))
        }
        return changes
    }
}
