import Logging
import PostgresNIO

/// What waits for a municipality: invitations to answer, requests to join its cases, agreed
/// cases without its savings entry for the fiscal year, and its contracts coming up for renewal.
public struct PendingWork: Sendable, Hashable {
    public struct Invitation: Sendable, Hashable {
        public let caseID: Int64
        public let title: String
        public let lead: Contract.Municipality
        public let responseDeadline: BusinessDate?
    }

    public struct JoinRequest: Sendable, Hashable {
        public let caseID: Int64
        public let title: String
        public let municipality: Contract.Municipality
    }

    public struct SavingsToRecord: Sendable, Hashable {
        public let caseID: Int64
        public let title: String
        public let fiscalYear: Int
    }

    public struct RenewalDue: Sendable, Hashable {
        public let contractID: Int64
        public let title: String
        public let vendorName: String
        public let dueDate: BusinessDate
    }

    public let municipality: MunicipalityCode
    public let asOf: BusinessDate
    public let invitations: [Invitation]
    public let joinRequests: [JoinRequest]
    public let savingsToRecord: [SavingsToRecord]
    public let renewals: [RenewalDue]
}

/// Reads a municipality's ``PendingWork``.
public struct PendingWorkRepository: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The municipality's pending work as of `asOf`: renewals due within `withinDays`, savings of
    /// the fiscal year `asOf` falls in. The four lists are read in one snapshot.
    public func pending(for code: MunicipalityCode, asOf: BusinessDate, withinDays: Int) async throws -> PendingWork {
        let logger = logger
        let until = asOf.adding(days: withinDays)
        let fiscalYear = Int32(asOf.fiscalYear)
        return try await client.withLiveSnapshot(logger: logger) { connection in
            var invitations: [PendingWork.Invitation] = []
            for try await (id, title, lead, prefecture, name, deadline) in try await connection.query(
                """
                SELECT c.id, c.title, c.lead_municipality_code, m.prefecture, m.name, c.response_deadline
                FROM case_participants p
                JOIN cases c ON c.id = p.case_id
                JOIN municipalities m ON m.code = c.lead_municipality_code
                WHERE p.municipality_code = \(code.rawValue) AND p.status = 'invited'
                  AND c.status IN ('open', 'negotiating')
                ORDER BY c.id
                """, logger: logger
            ).decode((Int64, String, String, String, String, BusinessDate?).self) {
                invitations.append(
                    .init(
                        caseID: id, title: title,
                        lead: .init(code: try MunicipalityCode(lead), prefecture: prefecture, name: name),
                        responseDeadline: deadline))
            }
            var requests: [PendingWork.JoinRequest] = []
            for try await (id, title, requester, prefecture, name) in try await connection.query(
                """
                SELECT c.id, c.title, p.municipality_code, m.prefecture, m.name
                FROM cases c
                JOIN case_participants p ON p.case_id = c.id
                JOIN municipalities m ON m.code = p.municipality_code
                WHERE c.lead_municipality_code = \(code.rawValue) AND p.status = 'requested' AND c.status = 'open'
                ORDER BY c.id, p.municipality_code
                """, logger: logger
            ).decode((Int64, String, String, String, String).self) {
                requests.append(
                    .init(
                        caseID: id, title: title,
                        municipality: .init(code: try MunicipalityCode(requester), prefecture: prefecture, name: name)))
            }
            var savings: [PendingWork.SavingsToRecord] = []
            for try await (id, title) in try await connection.query(
                """
                SELECT c.id, c.title
                FROM case_agreements a
                JOIN cases c ON c.id = a.case_id
                WHERE a.municipality_code = \(code.rawValue) AND c.status IN ('agreed', 'closed')
                  AND \(fiscalYear) BETWEEN a.first_fiscal_year AND a.last_fiscal_year
                  AND NOT EXISTS (
                      SELECT 1 FROM savings_entries e
                      WHERE e.case_id = c.id AND e.municipality_code = a.municipality_code
                        AND e.fiscal_year = \(fiscalYear) AND e.reverses_id IS NULL
                        AND NOT EXISTS (SELECT 1 FROM savings_entries r WHERE r.reverses_id = e.id))
                ORDER BY c.id
                """, logger: logger
            ).decode((Int64, String).self) {
                savings.append(.init(caseID: id, title: title, fiscalYear: Int(fiscalYear)))
            }
            var renewals: [PendingWork.RenewalDue] = []
            for try await (id, title, vendor, due) in try await connection.query(
                """
                SELECT c.id, c.title, v.name,
                       least(CASE WHEN c.end_date BETWEEN \(asOf) AND \(until) THEN c.end_date END,
                             CASE WHEN c.renewal_notice_date BETWEEN \(asOf) AND \(until)
                                  THEN c.renewal_notice_date END) AS due
                FROM contracts c
                JOIN vendors v ON v.id = c.vendor_id
                WHERE c.municipality_code = \(code.rawValue)
                  AND (c.end_date BETWEEN \(asOf) AND \(until) OR c.renewal_notice_date BETWEEN \(asOf) AND \(until))
                ORDER BY due, c.id
                LIMIT 100
                """, logger: logger
            ).decode((Int64, String, String, BusinessDate).self) {
                renewals.append(.init(contractID: id, title: title, vendorName: vendor, dueDate: due))
            }
            return PendingWork(
                municipality: code, asOf: asOf, invitations: invitations, joinRequests: requests,
                savingsToRecord: savings, renewals: renewals)
        }
    }
}
