import Foundation
import PostgresNIO

/// Reading cases: one query for the cases, one for all their participants, one for their
/// agreements.
extension CaseRepository {
    static let columns = """
        c.id, c.lead_municipality_code, m.prefecture, m.name, c.vendor_id, v.name, v.corporate_number,
        c.category_code, c.product, c.title, c.description, c.target_reduction_percent, c.target_reduction_yen,
        c.response_deadline, c.status, c.version, c.created_at, c.updated_at
        FROM cases c
        JOIN municipalities m ON m.code = c.lead_municipality_code
        JOIN vendors v ON v.id = c.vendor_id
        """

    typealias Row = (
        Int64, String, String, String, Int64, String, String?,
        String, String?, String, String?, Int32?, Int64?,
        BusinessDate?, String, Int32, Date, Date
    )

    func find(_ id: Int64, on connection: PostgresConnection) async throws -> NegotiationCase? {
        let rows = try await connection.query("SELECT \(unescaped: Self.columns) WHERE c.id = \(id)", logger: logger)
        var heads: [Row] = []
        for try await row in rows.decode(Row.self) { heads.append(row) }
        return try await assemble(heads, on: connection).first
    }

    func required(_ id: Int64, on connection: PostgresConnection) async throws -> NegotiationCase {
        guard let found = try await find(id, on: connection) else { throw CaseError.notFound(id: id) }
        return found
    }

    /// The cases of `heads`, in their order, with their participants and agreements (one query
    /// each for all the cases, not one per case).
    func assemble(_ heads: [Row], on connection: PostgresConnection) async throws -> [NegotiationCase] {
        guard !heads.isEmpty else { return [] }
        let ids = heads.map(\.0)
        var participants: [Int64: [CaseParticipant]] = [:]
        let participantRows = try await connection.query(
            """
            SELECT p.case_id, p.municipality_code, m.prefecture, m.name, p.status, p.status_changed_at,
                   p.baseline_annual_amount, p.baseline_tax_included, p.baseline_contract_id
            FROM case_participants p
            JOIN cases c ON c.id = p.case_id
            JOIN municipalities m ON m.code = p.municipality_code
            WHERE p.case_id = ANY(\(ids))
            ORDER BY p.case_id, p.municipality_code <> c.lead_municipality_code, p.status_changed_at,
                     p.municipality_code
            """,
            logger: logger)
        for try await row in participantRows.decode(
            (Int64, String, String, String, String, Date, Int64?, Bool?, Int64?).self)
        {
            guard let status = ParticipantStatus(rawValue: row.4) else {
                throw StorageError.unexpectedValue("case_participants.status = \(row.4)")
            }
            var baseline: Baseline?
            if let amount = row.6, let taxIncluded = row.7 {
                baseline = Baseline(annualAmount: amount, taxIncluded: taxIncluded, contractID: row.8)
            }
            participants[row.0, default: []].append(
                CaseParticipant(
                    municipality: .init(code: try MunicipalityCode(row.1), prefecture: row.2, name: row.3),
                    status: status, statusChangedAt: row.5, baseline: baseline))
        }
        let agreements = try await agreements(of: ids, on: connection)
        return try heads.map { row in
            guard let status = CaseStatus(rawValue: row.14) else {
                throw StorageError.unexpectedValue("cases.status = \(row.14)")
            }
            let target: CaseTarget? = row.11.map { .percent($0) } ?? row.12.map { .yen($0) }
            return NegotiationCase(
                id: row.0, lead: .init(code: try MunicipalityCode(row.1), prefecture: row.2, name: row.3),
                vendor: .init(id: row.4, name: row.5, corporateNumber: row.6), categoryCode: row.7, product: row.8,
                title: row.9, description: row.10, target: target, responseDeadline: row.13, status: status,
                version: row.15, createdAt: row.16, updatedAt: row.17, participants: participants[row.0] ?? [],
                agreement: agreements[row.0])
        }
    }

    /// The agreements of the cases, by case id.
    func agreements(of ids: [Int64], on connection: PostgresConnection) async throws -> [Int64: CaseAgreement] {
        let rows = try await connection.query(
            """
            SELECT case_id, municipality_code, annual_amount, tax_included, first_fiscal_year, last_fiscal_year
            FROM case_agreements WHERE case_id = ANY(\(ids))
            ORDER BY case_id, municipality_code
            """,
            logger: logger)
        var lines: [Int64: (first: Int32, last: Int32, amounts: [AgreedAmount])] = [:]
        for try await row in rows.decode((Int64, String, Int64, Bool, Int32, Int32).self) {
            let amount = AgreedAmount(
                municipality: try MunicipalityCode(row.1), annualAmount: row.2, taxIncluded: row.3)
            lines[row.0, default: (row.4, row.5, [])].amounts.append(amount)
        }
        return lines.mapValues {
            CaseAgreement(firstFiscalYear: $0.first, lastFiscalYear: $0.last, amounts: $0.amounts)
        }
    }
}
