import PostgresNIO

/// What the renewal radar is asked for.
public struct RenewalQuery: Sendable, Hashable {
    public var municipality: MunicipalityCode
    public var asOf: BusinessDate
    /// The window, in days from `asOf` (both ends inclusive).
    public var withinDays: Int
    /// How many months a peer's end date may be before or after the contract's.
    public var peerWindowMonths: Int
    /// At most this many peer municipalities per contract.
    public var peersPerContract: Int

    public static let defaultWithinDays = 180
    public static let withinDaysRange = 0...1096
    public static let defaultPeerWindowMonths = 6
    public static let peerWindowMonthsRange = 0...24
    public static let defaultPeersPerContract = 5
    public static let peersPerContractRange = 1...100

    public init(
        municipality: MunicipalityCode, asOf: BusinessDate, withinDays: Int = Self.defaultWithinDays,
        peerWindowMonths: Int = Self.defaultPeerWindowMonths, peersPerContract: Int = Self.defaultPeersPerContract
    ) {
        self.municipality = municipality
        self.asOf = asOf
        self.withinDays = withinDays
        self.peerWindowMonths = peerWindowMonths
        self.peersPerContract = peersPerContract
    }

    /// The last day of the window.
    public var until: BusinessDate { asOf.adding(days: withinDays) }
}

/// A contract coming up for renewal, with the peers it could be negotiated with.
public struct Renewal: Sendable, Hashable {
    public struct Peer: Sendable, Hashable {
        public let municipality: Contract.Municipality
        /// Its contracts with the vendor in the category that end within the peer window.
        public let contracts: [PeerContract]
    }

    public let contract: PeerContract
    public let vendor: Contract.Vendor
    /// The first of the end date and the renewal notice date that falls within the window.
    public let dueDate: BusinessDate
    public let daysUntilDue: Int
    /// The contract's tax-included annual amount plus that of every matching peer contract.
    public let combinedAnnualAmount: Int64
    /// How many municipalities match, before the per-contract limit.
    public let peerCount: Int
    /// Nearest end date first, then by code.
    public let peers: [Peer]
}

public struct RenewalReport: Sendable, Hashable {
    public let municipality: Contract.Municipality
    public let query: RenewalQuery
    /// By the combined annual spend at stake, largest first; then by due date.
    public let renewals: [Renewal]
}

extension PeerRepository {
    /// The municipality's contracts that end or reach their renewal notice date within the window,
    /// each with the peers buying the same category from the same vendor under contracts ending
    /// within `peerWindowMonths` of it.
    /// - Throws: ``PeerReportError/municipalityNotFound(_:)``.
    public func renewals(_ query: RenewalQuery) async throws -> RenewalReport {
        let rows = try await client.query(Self.renewalsQuery(query), logger: logger)
        var municipality: Contract.Municipality?
        var due: [Int64: (contract: PeerContract, vendor: Contract.Vendor, peerCount: Int, peerSpend: Int64)] = [:]
        var peers: [Int64: [Renewal.Peer]] = [:]
        var ranks: [Int64: Int64] = [:]
        for try await row in rows.decode(RenewalRow.self) {
            municipality = Contract.Municipality(code: query.municipality, prefecture: row.0, name: row.1)
            guard let dueID = row.2, let rank = row.3, let contract = Self.renewalContract(row) else { continue }
            if rank == 0 {
                guard let vendorID = row.4, let vendorName = row.5 else { continue }
                due[dueID] = (
                    contract, Contract.Vendor(id: vendorID, name: vendorName, corporateNumber: row.6),
                    Int(row.7 ?? 0), row.8 ?? 0
                )
                continue
            }
            guard let code = row.9, let prefecture = row.10, let name = row.11 else { continue }
            if ranks[dueID] == rank, var list = peers[dueID], let last = list.popLast() {
                list.append(Renewal.Peer(municipality: last.municipality, contracts: last.contracts + [contract]))
                peers[dueID] = list
            } else {
                let peer = Contract.Municipality(code: try MunicipalityCode(code), prefecture: prefecture, name: name)
                peers[dueID, default: []].append(Renewal.Peer(municipality: peer, contracts: [contract]))
                ranks[dueID] = rank
            }
        }
        guard let municipality else { throw PeerReportError.municipalityNotFound(query.municipality) }
        let until = query.until
        let renewals = due.map { id, entry in
            let window = query.asOf...until
            let candidates = [entry.contract.endDate, entry.contract.renewalNoticeDate].compactMap { $0 }
            let dueDate = candidates.filter { window.contains($0) }.min() ?? entry.contract.endDate
            let (combined, overflow) = entry.contract.taxIncludedAnnualAmount.addingReportingOverflow(entry.peerSpend)
            return Renewal(
                contract: entry.contract, vendor: entry.vendor, dueDate: dueDate,
                daysUntilDue: query.asOf.days(until: dueDate), combinedAnnualAmount: overflow ? Int64.max : combined,
                peerCount: entry.peerCount, peers: peers[id] ?? [])
        }
        .sorted {
            ($1.combinedAnnualAmount, $0.dueDate, $0.contract.id) < (
                $0.combinedAnnualAmount, $1.dueDate, $1.contract.id
            )
        }
        return RenewalReport(municipality: municipality, query: query, renewals: renewals)
    }

    typealias RenewalRow = (
        String, String, Int64?, Int64?, Int64?, String?, String?, Int64?, Int64?, String?, String?, String?,
        Int64?, String?, String?, String?, String?, Int64?, Bool?, Int64?,
        BusinessDate?, BusinessDate?, BusinessDate?
    )

    private static func renewalContract(_ row: RenewalRow) -> PeerContract? {
        guard let id = row.12, let category = row.13, let title = row.14, let annual = row.17,
            let taxIncluded = row.18, let aligned = row.19, let start = row.20, let end = row.21
        else { return nil }
        return PeerContract(
            id: id, categoryCode: category, title: title, product: row.15, productKey: row.16, annualAmount: annual,
            taxIncluded: taxIncluded, taxIncludedAnnualAmount: aligned, startDate: start, endDate: end,
            renewalNoticeDate: row.22)
    }

    /// The renewal radar's query: the municipality's row (none for an unknown code), then per due
    /// contract a row of rank 0 (the contract, its vendor, how many peers and their combined
    /// spend) and rows of rank 1… (the chosen peers' matching contracts).
    ///
    /// `due` comes from `contracts_municipality_idx`; `matches` reaches, for each due contract, the
    /// vendor's contracts in the category ending within the peer window by a range scan of
    /// `contracts_vendor_category_end_idx`. The window's month arithmetic is PostgreSQL's (the
    /// 31st minus a month is the last day of the shorter month); both edges are inclusive.
    static func renewalsQuery(_ query: RenewalQuery) -> PostgresQuery {
        let code = query.municipality.rawValue
        let months = Int32(query.peerWindowMonths)
        let limit = Int64(query.peersPerContract)
        return """
            WITH due AS MATERIALIZED (
                SELECT c.id, c.vendor_id, c.category_code, c.end_date, c.tax_included_annual_amount
                FROM contracts c
                WHERE c.municipality_code = \(code)
                  AND (c.end_date BETWEEN \(query.asOf) AND \(query.until)
                       OR c.renewal_notice_date BETWEEN \(query.asOf) AND \(query.until))
            ),
            matches AS MATERIALIZED (
                SELECT d.id AS due_id, p.id, p.municipality_code, p.tax_included_annual_amount,
                       abs(p.end_date - d.end_date) AS distance
                FROM due d
                JOIN contracts p ON p.vendor_id = d.vendor_id AND p.category_code = d.category_code
                 AND p.end_date BETWEEN (d.end_date - make_interval(months => \(months)))::date
                                    AND (d.end_date + make_interval(months => \(months)))::date
                WHERE p.municipality_code <> \(code)
            ),
            peer_groups AS (
                SELECT due_id, municipality_code, min(distance) AS distance,
                       least(sum(tax_included_annual_amount), 9223372036854775807)::bigint AS spend
                FROM matches GROUP BY due_id, municipality_code
            ),
            ranked AS MATERIALIZED (
                SELECT due_id, municipality_code,
                       row_number() OVER (PARTITION BY due_id ORDER BY distance, municipality_code) AS rank,
                       count(*) OVER (PARTITION BY due_id) AS peer_count,
                       least(sum(spend) OVER (PARTITION BY due_id), 9223372036854775807)::bigint AS spend
                FROM peer_groups
            ),
            due_totals AS MATERIALIZED (
                SELECT due_id, peer_count, spend FROM ranked WHERE rank = 1
            ),
            found AS (
                SELECT d.id AS due_id, 0::bigint AS rank, d.vendor_id, v.name AS vendor_name, v.corporate_number,
                       coalesce(t.peer_count, 0) AS peer_count, coalesce(t.spend, 0) AS spend, NULL::text AS code,
                       NULL::text AS prefecture, NULL::text AS name, d.id AS contract_id
                FROM due d
                JOIN vendors v ON v.id = d.vendor_id
                LEFT JOIN due_totals t ON t.due_id = d.id
                UNION ALL
                SELECT r.due_id, r.rank, NULL, NULL, NULL, NULL, NULL, m.code, m.prefecture, m.name, x.id
                FROM ranked r
                JOIN matches x ON x.due_id = r.due_id AND x.municipality_code = r.municipality_code
                JOIN municipalities m ON m.code = r.municipality_code
                WHERE r.rank <= \(limit)
            )
            SELECT hm.prefecture, hm.name, f.due_id, f.rank, f.vendor_id, f.vendor_name, f.corporate_number,
                   f.peer_count, f.spend, f.code, f.prefecture, f.name,
                   c.id, c.category_code, c.title, c.product, c.product_key, c.annual_amount, c.tax_included,
                   c.tax_included_annual_amount, c.start_date, c.end_date, c.renewal_notice_date
            FROM municipalities hm
            LEFT JOIN (found f JOIN contracts c ON c.id = f.contract_id) ON true
            WHERE hm.code = \(code)
            ORDER BY f.due_id, f.rank, c.end_date, c.id
            """
    }
}
