import Foundation
import PostgresNIO

extension CaseRepository {
    /// Adds a note or meeting minutes to case `caseID`'s timeline. Any active participant (or an
    /// admin) writes them; a participants-only note's text is read by participants only.
    /// - Throws: ``CaseError``.
    public func add(_ note: CaseNote, to caseID: Int64, by principal: Principal) async throws -> CaseTimelineEntry {
        try await writing(as: principal) { connection in
            let locked = try await lock(caseID, on: connection)
            guard try await isParticipant(principal, caseID: caseID, on: connection) else {
                throw CaseError.forbidden(LedgerText.onlyParticipantsNote(caseID))
            }
            let body = note.body.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !body.isEmpty, note.body.count <= 20000 else {
                throw CaseError.invalid("invalid_note", field: "text", LedgerText.noteLength)
            }
            let id = try await appendTimeline(
                caseID: locked.id, kind: note.minutes ? .minutes : .note, by: principal, body: note.body,
                participantsOnly: note.participantsOnly, on: connection)
            return try await entry(id, caseID: caseID, readAsParticipant: true, on: connection)
        }
    }

    /// Records a vendor's offer on case `caseID`'s timeline: for the whole group, or for one
    /// active participant. Only the lead (or an admin) records offers, while the case is live.
    /// - Throws: ``CaseError``.
    public func record(
        _ offer: CaseOffer, note: String? = nil, on caseID: Int64, by principal: Principal
    ) async throws -> CaseTimelineEntry {
        try await writing(as: principal) { connection in
            let locked = try await lock(caseID, on: connection)
            guard CasePolicy.actsAsLead(principal, lead: locked.lead) else {
                let leadName = try await municipalityName(locked.lead, on: connection)
                throw CaseError.forbidden(LedgerText.onlyLeadRecordsOffers(caseID, lead: leadName))
            }
            guard CasePolicy.isLive(locked.status) else {
                throw CaseError.conflict(
                    code: "case_not_live", LedgerText.noMoreOffers(caseID, locked.status))
            }
            var errors: [InvalidCaseField] = []
            if !(0...1_000_000_000_000_000).contains(offer.amount) {
                errors.append(.init(field: "amount", message: LedgerText.yenAmount))
            }
            if let validUntil = offer.validUntil, validUntil < offer.offeredOn {
                errors.append(.init(field: "validUntil", message: LedgerText.offerValidity(offer.offeredOn)))
            }
            if let municipality = offer.municipality,
                try await participantStatus(caseID, municipality, on: connection) != .active
            {
                let name = try await municipalityName(municipality, on: connection)
                errors.append(
                    .init(
                        field: "municipalityCode", message: LedgerText.notActiveParticipant(name, municipality.rawValue)
                    ))
            }
            guard errors.isEmpty else { throw CaseError.invalid(code: "invalid_offer", errors) }
            let text = note.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
            let id = try await appendTimeline(
                caseID: caseID, kind: .offer, by: principal, body: text, municipality: offer.municipality,
                offer: offer, on: connection)
            return try await entry(id, caseID: caseID, readAsParticipant: true, on: connection)
        }
    }

    /// A page of case `caseID`'s timeline, oldest first, as `reader` may see it: the text of a
    /// participants-only note is withheld from anyone who is not an active participant or an
    /// admin (the entry itself shows, marked hidden). Nil if there is no such case.
    public func timeline(
        of caseID: Int64, page: PageRequest, reader: Principal
    ) async throws -> Page<CaseTimelineEntry>? {
        var after: Int64 = 0
        if let cursor = page.cursor {
            guard let id = Int64(try Cursor.decode(cursor, kind: "case-timeline")) else {
                throw InvalidPageRequest.cursor
            }
            after = id
        }
        let found = try await client.withLiveConnection { [after] connection -> [CaseTimelineEntry]? in
            guard try await exists("SELECT 1 FROM cases WHERE id = \(caseID)", on: connection) else { return nil }
            let participant = try await isParticipant(reader, caseID: caseID, on: connection)
            return try await self.entries(
                caseID: caseID, after: after, only: nil, limit: page.limit + 1, readAsParticipant: participant,
                on: connection)
        }
        guard let found else { return nil }
        return Page(items: found, limit: page.limit) { Cursor.encode(String($0.id), kind: "case-timeline") }
    }

    private func entry(
        _ id: Int64, caseID: Int64, readAsParticipant: Bool, on connection: PostgresConnection
    ) async throws -> CaseTimelineEntry {
        let found = try await entries(
            caseID: caseID, after: 0, only: id, limit: 1, readAsParticipant: readAsParticipant, on: connection)
        guard let entry = found.first else { throw StorageError.unexpectedValue("timeline entry \(id) not found") }
        return entry
    }

    /// The timeline's one query. The withheld text never leaves the database: the CASE replaces
    /// it with NULL for a reader who is not a participant.
    private func entries(
        caseID: Int64, after: Int64, only: Int64?, limit: Int, readAsParticipant: Bool,
        on connection: PostgresConnection
    ) async throws -> [CaseTimelineEntry] {
        let rows = try await connection.query(
            """
            SELECT t.id, t.kind, t.actor_id, t.actor_name, t.actor_municipality_code, am.prefecture, am.name,
                   t.created_at,
                   CASE WHEN t.participants_only AND NOT \(readAsParticipant) THEN NULL ELSE t.body END,
                   t.participants_only, t.from_status, t.to_status, t.municipality_code, sm.prefecture, sm.name,
                   t.offer_amount, t.offer_tax_included, t.offered_on, t.offer_valid_until, t.changes::text
            FROM case_timeline t
            LEFT JOIN municipalities am ON am.code = t.actor_municipality_code
            LEFT JOIN municipalities sm ON sm.code = t.municipality_code
            WHERE t.case_id = \(caseID) AND t.id > \(after) AND (\(only)::bigint IS NULL OR t.id = \(only))
            ORDER BY t.id
            LIMIT \(limit)
            """,
            logger: logger)
        typealias TimelineRow = (
            Int64, String, Int64?, String, String?, String?, String?,
            Date,
            String?,
            Bool, String?, String?, String?, String?, String?,
            Int64?, Bool?, BusinessDate?, BusinessDate?, String?
        )
        var decoded: [TimelineRow] = []
        for try await row in rows.decode(TimelineRow.self) { decoded.append(row) }
        var agreement: CaseAgreement?
        if decoded.contains(where: { $0.1 == CaseTimelineEntry.Kind.agreement.rawValue }) {
            agreement = try await agreements(of: [caseID], on: connection)[caseID]
        }
        return try decoded.map { row in
            guard let kind = CaseTimelineEntry.Kind(rawValue: row.1) else {
                throw StorageError.unexpectedValue("case_timeline.kind = \(row.1)")
            }
            func municipality(_ code: String?, _ prefecture: String?, _ name: String?) throws -> Contract.Municipality?
            {
                guard let code, let prefecture, let name else { return nil }
                return .init(code: try MunicipalityCode(code), prefecture: prefecture, name: name)
            }
            let subject = try municipality(row.12, row.13, row.14)
            var offer: CaseOffer?
            if kind == .offer, let amount = row.15, let taxIncluded = row.16, let offeredOn = row.17 {
                offer = CaseOffer(
                    municipality: subject?.code, amount: amount, taxIncluded: taxIncluded, offeredOn: offeredOn,
                    validUntil: row.18)
            }
            return CaseTimelineEntry(
                id: row.0, caseID: caseID, kind: kind,
                author: .init(tokenID: row.2, name: row.3, municipality: try municipality(row.4, row.5, row.6)),
                createdAt: row.7, body: row.8, participantsOnly: row.9, hidden: row.9 && !readAsParticipant,
                fromStatus: row.10, toStatus: row.11, municipality: subject, offer: offer,
                agreement: kind == .agreement ? agreement : nil,
                changes: try row.19.map { try JSONDecoder().decode([CaseDetailChange].self, from: Data($0.utf8)) } ?? []
            )
        }
    }
}
