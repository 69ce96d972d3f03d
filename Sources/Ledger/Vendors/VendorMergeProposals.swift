import Foundation
import Logging
import PostgresNIO

/// A member's request that an admin merge two vendor rows it believes are one company (a typo, a
/// spelling confirmed as new by mistake), and what became of it.
public struct VendorMergeProposal: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// Waits for an admin.
        case open
        /// An admin merged the vendors.
        case accepted
        /// An admin found them to be different companies.
        case rejected
        /// Another merge removed one of the two vendors first.
        case superseded
    }

    public let id: Int64
    /// The vendor to merge away, and the one it is the same company as, with their names as they
    /// were when proposed.
    public let vendorID: Int64
    public let vendorName: String
    public let intoVendorID: Int64
    public let intoVendorName: String
    public let reason: String?
    public let proposedBy: String
    public let proposedByMunicipality: MunicipalityCode?
    public let proposedAt: Date
    public let status: Status
    public let decidedBy: String?
    public let decisionNote: String?
    public let decidedAt: Date?
}

/// Why a merge proposal is refused.
public enum VendorMergeProposalError: Error, Sendable, Hashable, CustomStringConvertible {
    case notFound(Int64)
    /// The same pair already waits for an admin.
    case alreadyProposed(existing: Int64)
    /// Only open proposals are decided.
    case decided(Int64, VendorMergeProposal.Status)
    /// A note or reason longer than the register keeps.
    case tooLong(field: String)

    public var description: String { message.english }
}

extension VendorRepository {
    /// Asks for vendor `vendorID` to be merged into `intoVendorID`. Anyone signed in may ask; the
    /// vendors must exist, differ, and not carry different corporate numbers (which makes them
    /// different corporations, as ``merge(_:into:by:)`` says); one open proposal per pair.
    public func proposeMerge(
        _ vendorID: Int64, into intoVendorID: Int64, reason: String?, by principal: Principal
    ) async throws -> VendorMergeProposal {
        guard vendorID != intoVendorID else { throw VendorError.mergeIntoItself(vendorID) }
        let reason = reason?.trimmingWhitespace()
        if let reason, reason.unicodeScalars.count > 2000 { throw VendorMergeProposalError.tooLong(field: "reason") }
        return try await transaction { connection in
            let rows = try await connection.query(
                "SELECT id, name, corporate_number FROM vendors WHERE id IN (\(vendorID), \(intoVendorID))",
                logger: logger)
            var found: [Int64: (name: String, corporateNumber: String?)] = [:]
            for try await (id, name, number) in rows.decode((Int64, String, String?).self) {
                found[id] = (name, number)
            }
            guard let vendor = found[vendorID] else { throw VendorError.notFound(vendorID) }
            guard let into = found[intoVendorID] else { throw VendorError.notFound(intoVendorID) }
            if let one = vendor.corporateNumber, let other = into.corporateNumber, one != other {
                throw VendorError.differentCorporateNumbers(try CorporateNumber(other), try CorporateNumber(one))
            }
            // The pair's lock, either way round: two members proposing it at once make one proposal.
            try await connection.query(
                """
                SELECT pg_advisory_xact_lock(hashtext('procure.vendor_merge_proposal'),
                                             hashtext(\(String(min(vendorID, intoVendorID))) || ':' || \(String(max(vendorID, intoVendorID)))))
                """,
                logger: logger)
            let open = try await connection.query(
                """
                SELECT id FROM vendor_merge_proposals
                WHERE status = 'open' AND least(vendor_id, into_vendor_id) = \(min(vendorID, intoVendorID))
                  AND greatest(vendor_id, into_vendor_id) = \(max(vendorID, intoVendorID))
                """,
                logger: logger)
            for try await existing in open.decode(Int64.self) {
                throw VendorMergeProposalError.alreadyProposed(existing: existing)
            }
            let inserted = try await connection.query(
                """
                INSERT INTO vendor_merge_proposals (
                    vendor_id, vendor_name, into_vendor_id, into_vendor_name, reason, proposed_by, proposed_by_name,
                    proposed_by_municipality)
                VALUES (
                    \(vendorID), \(vendor.name), \(intoVendorID), \(into.name), \(reason.flatMap { $0.isEmpty ? nil : $0 }),
                    \(principal.tokenID), \(principal.name), \(principal.municipality?.rawValue))
                RETURNING id
                """,
                logger: logger)
            var id: Int64?
            for try await value in inserted.decode(Int64.self) { id = value }
            guard let id, let proposal = try await Self.proposal(id, on: connection, logger: logger) else {
                throw StorageError.unexpectedValue("a merge proposal was written but cannot be read")
            }
            return proposal
        }
    }

    /// A page of proposals, newest first; only those with `status` when given.
    public func mergeProposals(status: VendorMergeProposal.Status?, page: PageRequest) async throws -> Page<
        VendorMergeProposal
    > {
        var before = Int64.max
        if let cursor = page.cursor {
            guard let id = Int64(try Cursor.decode(cursor, kind: "vendor-merge-proposal")) else {
                throw InvalidPageRequest.cursor
            }
            before = id
        }
        let items = try await client.withLiveConnection { [before] connection in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.proposalColumns) FROM vendor_merge_proposals
                WHERE id < \(before) AND (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
                ORDER BY id DESC
                LIMIT \(page.limit + 1)
                """,
                logger: logger)
            var items: [VendorMergeProposal] = []
            for try await row in rows.decode(ProposalRow.self) { items.append(try Self.proposal(row)) }
            return items
        }
        return Page(items: items, limit: page.limit) { Cursor.encode(String($0.id), kind: "vendor-merge-proposal") }
    }

    /// Accepts open proposal `id`: the vendors are merged (``merge(_:into:by:)``) in the same
    /// transaction as the decision. Admins only; the caller checks that.
    public func acceptMergeProposal(_ id: Int64, note: String?, by principal: Principal) async throws -> (
        VendorMergeProposal, VendorMerge
    ) {
        let note = try Self.decisionNote(note)
        return try await transaction { connection in
            let proposal = try await Self.openProposal(id, on: connection, logger: logger)
            try await Self.decide(id, .accepted, note: note, by: principal, on: connection, logger: logger)
            let merge = try await Self.merge(
                proposal.vendorID, into: proposal.intoVendorID, by: principal, on: connection, logger: logger)
            guard let decided = try await Self.proposal(id, on: connection, logger: logger) else {
                throw StorageError.unexpectedValue("merge proposal \(id) vanished while accepted")
            }
            return (decided, merge)
        }
    }

    /// Rejects open proposal `id`, saying why if the admin does. Admins only; the caller checks.
    public func rejectMergeProposal(_ id: Int64, note: String?, by principal: Principal) async throws
        -> VendorMergeProposal
    {
        let note = try Self.decisionNote(note)
        return try await transaction { connection in
            _ = try await Self.openProposal(id, on: connection, logger: logger)
            try await Self.decide(id, .rejected, note: note, by: principal, on: connection, logger: logger)
            guard let decided = try await Self.proposal(id, on: connection, logger: logger) else {
                throw StorageError.unexpectedValue("merge proposal \(id) vanished while rejected")
            }
            return decided
        }
    }

    private static func decisionNote(_ note: String?) throws(VendorMergeProposalError) -> String? {
        guard let note = note?.trimmingWhitespace(), !note.isEmpty else { return nil }
        guard note.unicodeScalars.count <= 2000 else { throw .tooLong(field: "note") }
        return note
    }

    /// Proposal `id`, locked until the transaction ends, if it is still open.
    private static func openProposal(
        _ id: Int64, on connection: PostgresConnection, logger: Logger
    ) async throws -> VendorMergeProposal {
        let rows = try await connection.query(
            "SELECT \(unescaped: proposalColumns) FROM vendor_merge_proposals WHERE id = \(id) FOR UPDATE",
            logger: logger)
        for try await row in rows.decode(ProposalRow.self) {
            let proposal = try proposal(row)
            guard proposal.status == .open else { throw VendorMergeProposalError.decided(id, proposal.status) }
            return proposal
        }
        throw VendorMergeProposalError.notFound(id)
    }

    private static func decide(
        _ id: Int64, _ status: VendorMergeProposal.Status, note: String?, by principal: Principal,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(
            """
            UPDATE vendor_merge_proposals
            SET status = \(status.rawValue), decided_by = \(principal.tokenID), decided_by_name = \(principal.name),
                decision_note = \(note), decided_at = now()
            WHERE id = \(id)
            """,
            logger: logger)
    }

    static let proposalColumns = """
        id, vendor_id, vendor_name, into_vendor_id, into_vendor_name, reason, proposed_by_name,
        proposed_by_municipality, proposed_at, status, decided_by_name, decision_note, decided_at
        """

    typealias ProposalRow = (
        Int64, Int64, String, Int64, String, String?, String, String?, Date, String, String?, String?, Date?
    )

    static func proposal(_ id: Int64, on connection: PostgresConnection, logger: Logger) async throws
        -> VendorMergeProposal?
    {
        let rows = try await connection.query(
            "SELECT \(unescaped: proposalColumns) FROM vendor_merge_proposals WHERE id = \(id)", logger: logger)
        for try await row in rows.decode(ProposalRow.self) { return try proposal(row) }
        return nil
    }

    static func proposal(_ row: ProposalRow) throws -> VendorMergeProposal {
        let (
            id, vendorID, vendorName, intoID, intoName, reason, by, municipality, at, status, decidedBy, note, decidedAt
        ) =
            row
        guard let status = VendorMergeProposal.Status(rawValue: status) else {
            throw StorageError.unexpectedValue("merge proposal \(id) has status '\(status)'")
        }
        return VendorMergeProposal(
            id: id, vendorID: vendorID, vendorName: vendorName, intoVendorID: intoID, intoVendorName: intoName,
            reason: reason, proposedBy: by, proposedByMunicipality: try municipality.map { try MunicipalityCode($0) },
            proposedAt: at, status: status, decidedBy: decidedBy, decisionNote: note, decidedAt: decidedAt)
    }
}
