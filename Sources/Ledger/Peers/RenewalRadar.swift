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
    /// Another municipality whose contracts with the vendor in the category end within the peer
    /// window, summarised.
    public struct Peer: Sendable, Hashable {
        public let municipality: Contract.Municipality
        public let contractCount: Int
        /// Their tax-included annual total.
        public let annualAmount: Int64
        /// Their end dates, each once, earliest first.
        public let endDates: [BusinessDate]
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
        try Self.renewalReport(query, from: try await run(RenewalsStatement(query: Self.renewalsQuery(query))))
    }

    /// The report from the rows of ``renewalsQuery(_:)`` (or of a query with the same columns).
    static func renewalReport(_ query: RenewalQuery, from rows: [PostgresRow]) throws -> RenewalReport {
        var municipality: Contract.Municipality?
        var due: [Int64: (contract: PeerContract, vendor: Contract.Vendor, peerCount: Int, peerSpend: Int64)] = [:]
        var peers: [Int64: [Renewal.Peer]] = [:]
        for row in rows {
            let cells = row.makeRandomAccess()
            if municipality == nil {
                municipality = Contract.Municipality(
                    code: query.municipality, prefecture: try cells["municipality_prefecture"].decode(String.self),
                    name: try cells["municipality_name"].decode(String.self))
            }
            guard let dueID = try cells["due_id"].decode(Int64?.self) else { continue }
            if try cells["rank"].decode(Int64.self) == 0 {
                let vendor = Contract.Vendor(
                    id: try cells["vendor_id"].decode(Int64.self), name: try cells["vendor_name"].decode(String.self),
                    corporateNumber: try cells["corporate_number"].decode(String?.self))
                due[dueID] = (
                    try PeerContract(cells), vendor, Int(try cells["peer_count"].decode(Int64.self)),
                    try cells["spend"].decode(Int64.self)
                )
            } else {
                let peer = Renewal.Peer(
                    municipality: Contract.Municipality(
                        code: try MunicipalityCode(try cells["peer_code"].decode(String.self)),
                        prefecture: try cells["peer_prefecture"].decode(String.self),
                        name: try cells["peer_name"].decode(String.self)),
                    contractCount: Int(try cells["contracts"].decode(Int64.self)),
                    annualAmount: try cells["spend"].decode(Int64.self),
                    endDates: Set(try cells["end_dates"].decode([BusinessDate].self)).sorted())
                peers[dueID, default: []].append(peer)
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

    /// The renewal radar's query: the municipality's row (none for an unknown code), then per due
    /// contract a row of rank 0 (the contract, its vendor, how many peers and their combined
    /// spend) and a summary row per chosen peer (rank 1…).
    ///
    /// `due` comes from `contracts_municipality_idx`. Due contracts with the same vendor, category
    /// and end date have the same peers, so `windows` keeps each such triple once, with the first
    /// and last end date of its peer window. Each window is then read from `renewal_days`
    /// (`sql/0016_renewal_days.sql`: per vendor, category and end date, the contracts ending that
    /// day and their municipalities), one range of its primary key:
    /// - `totals`: the peers are the municipalities of the window's rows but the caller (the OR of
    ///   their bitmaps, less the caller's bit); their spend is the rows' total less the caller's own
    ///   contracts in the window (a range of `contracts_vendor_municipality_category_idx`).
    /// - `nearest`: the first `peersPerContract` peers by distance, then code. Rows are read by
    ///   distance up to the first that alone holds more municipalities than that (or all of them):
    ///   every municipality nearer than the last one kept is in those rows, and a municipality's
    ///   distance is that of the nearest row holding it.
    /// - `ranked`: each chosen peer's contracts in the window, summarised (same index).
    /// Each due contract then takes its window's rows. End dates come unsorted, with repeats; Swift
    /// sorts them. The window's month arithmetic is PostgreSQL's (the 31st minus a month is the last
    /// day of the shorter month); both edges are inclusive.
    static func renewalsQuery(_ query: RenewalQuery) -> PostgresQuery {
        let code = query.municipality.rawValue
        let months = Int32(query.peerWindowMonths)
        let limit = Int64(query.peersPerContract)
        return """
            WITH due AS MATERIALIZED (
                SELECT c.id, c.vendor_id, c.category_code, c.title, c.product, c.product_key, c.annual_amount,
                       c.tax_included, c.tax_included_annual_amount, c.start_date, c.end_date, c.renewal_notice_date
                FROM contracts c
                WHERE c.municipality_code = \(code)
                  AND (c.end_date BETWEEN \(query.asOf) AND \(query.until)
                       OR c.renewal_notice_date BETWEEN \(query.asOf) AND \(query.until))
            ),
            windows AS MATERIALIZED (
                SELECT DISTINCT vendor_id, category_code, end_date,
                       (end_date - make_interval(months => \(months)))::date AS first_end,
                       (end_date + make_interval(months => \(months)))::date AS last_end
                FROM due
            ),
            totals AS MATERIALIZED (
                SELECT w.vendor_id, w.category_code, w.end_date, t.peer_count,
                       least(t.spend - coalesce(own.spend, 0), 9223372036854775807)::bigint AS total_spend
                FROM windows w
                CROSS JOIN (SELECT ~municipality_bit(ordinal) AS others FROM municipalities WHERE code = \(code)) caller
                CROSS JOIN LATERAL (
                    SELECT coalesce(bit_count(bit_or(r.municipalities) & caller.others), 0) AS peer_count,
                           coalesce(sum(r.annual_amount), 0) AS spend
                    FROM renewal_days r
                    WHERE r.vendor_id = w.vendor_id AND r.category_code = w.category_code
                      AND r.end_date BETWEEN w.first_end AND w.last_end
                ) t
                CROSS JOIN LATERAL (
                    SELECT sum(c.tax_included_annual_amount) AS spend
                    FROM contracts c
                    WHERE c.vendor_id = w.vendor_id AND c.municipality_code = \(code)
                      AND c.category_code = w.category_code AND c.end_date BETWEEN w.first_end AND w.last_end
                ) own
            ),
            nearest AS MATERIALIZED (
                SELECT w.vendor_id, w.category_code, w.end_date, w.first_end, w.last_end, n.municipality_code,
                       n.distance
                FROM windows w
                CROSS JOIN LATERAL (
                    SELECT u.code AS municipality_code, min(r.distance) AS distance
                    FROM (
                        SELECT r.municipality_codes, abs(r.end_date - w.end_date) AS distance
                        FROM renewal_days r
                        WHERE r.vendor_id = w.vendor_id AND r.category_code = w.category_code
                          AND r.end_date BETWEEN w.first_end AND w.last_end
                    ) r
                    CROSS JOIN unnest(r.municipality_codes) AS u (code)
                    WHERE u.code <> \(code)
                      AND r.distance <= coalesce((
                          SELECT min(abs(x.end_date - w.end_date))
                          FROM renewal_days x
                          WHERE x.vendor_id = w.vendor_id AND x.category_code = w.category_code
                            AND x.end_date BETWEEN w.first_end AND w.last_end AND x.municipality_count > \(limit)
                      ), 2147483647)
                    GROUP BY u.code
                    ORDER BY distance, u.code
                    LIMIT \(limit)
                ) n
            ),
            ranked AS MATERIALIZED (
                SELECT n.vendor_id, n.category_code, n.end_date, n.municipality_code, s.contracts, s.spend,
                       s.end_dates,
                       row_number() OVER (PARTITION BY n.vendor_id, n.category_code, n.end_date
                                          ORDER BY n.distance, n.municipality_code) AS rank
                FROM nearest n
                CROSS JOIN LATERAL (
                    SELECT count(*) AS contracts,
                           least(sum(p.tax_included_annual_amount), 9223372036854775807)::bigint AS spend,
                           array_agg(p.end_date) AS end_dates
                    FROM contracts p
                    WHERE p.vendor_id = n.vendor_id AND p.municipality_code = n.municipality_code
                      AND p.category_code = n.category_code AND p.end_date BETWEEN n.first_end AND n.last_end
                ) s
            ),
            found AS (
                SELECT d.id AS due_id, 0::bigint AS rank, d.vendor_id, coalesce(t.peer_count, 0) AS peer_count,
                       coalesce(t.total_spend, 0) AS spend, NULL::text AS peer_code, NULL::bigint AS contracts,
                       NULL::date[] AS end_dates,
                       d.id, d.category_code, d.title, d.product, d.product_key, d.annual_amount, d.tax_included,
                       d.tax_included_annual_amount, d.start_date, d.end_date, d.renewal_notice_date
                FROM due d
                LEFT JOIN totals t
                  ON t.vendor_id = d.vendor_id AND t.category_code = d.category_code AND t.end_date = d.end_date
                UNION ALL
                SELECT d.id, r.rank, NULL, NULL, r.spend, r.municipality_code, r.contracts, r.end_dates,
                       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
                FROM due d
                JOIN ranked r ON r.vendor_id = d.vendor_id AND r.category_code = d.category_code AND r.end_date = d.end_date
            )
            SELECT hm.prefecture AS municipality_prefecture, hm.name AS municipality_name,
                   f.due_id, f.rank, f.vendor_id, v.name AS vendor_name, v.corporate_number, f.peer_count, f.spend,
                   f.peer_code, m.prefecture AS peer_prefecture, m.name AS peer_name, f.contracts, f.end_dates,
                   f.id, f.category_code, f.title, f.product, f.product_key, f.annual_amount, f.tax_included,
                   f.tax_included_annual_amount, f.start_date, f.end_date, f.renewal_notice_date
            FROM municipalities hm
            LEFT JOIN found f ON true
            LEFT JOIN LATERAL (SELECT v.name, v.corporate_number FROM vendors v WHERE v.id = f.vendor_id OFFSET 0) v ON true
            LEFT JOIN LATERAL (SELECT m.prefecture, m.name FROM municipalities m WHERE m.code = f.peer_code OFFSET 0) m ON true
            WHERE hm.code = \(code)
            ORDER BY f.due_id, f.rank
            """
    }
}
