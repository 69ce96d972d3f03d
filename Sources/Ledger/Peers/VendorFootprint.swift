import PostgresNIO

/// Where a vendor sells and at what prices: its current contracts by prefecture and by category,
/// the distribution of each category's amounts, the outliers, and where a member's own contracts
/// fall.
public struct VendorFootprint: Sendable, Hashable {
    public struct Prefecture: Sendable, Hashable {
        public let code: String
        public let name: String
        public let municipalities: Int
        public let contracts: Int
    }

    /// The distribution of a category's annualised, tax-aligned amounts; the same arithmetic as
    /// ``AmountDistribution`` (a test holds the two together).
    public struct Amounts: Sendable, Hashable {
        public let count: Int
        public let min: Int64
        public let p25: Int64
        public let median: Int64
        public let p75: Int64
        public let max: Int64
        public let outlierThreshold: Int64
    }

    /// One contract placed in its category's distribution.
    public struct Placement: Sendable, Hashable {
        public let contractID: Int64
        public let municipality: Contract.Municipality
        public let categoryCode: String
        public let taxIncludedAnnualAmount: Int64
        /// The percentage (0–100, rounded down) of the category's contracts at or below this amount.
        public let percentile: Int
    }

    public struct Category: Sendable, Hashable {
        public let code: String
        public let municipalities: Int
        public let amounts: Amounts
        /// How many contracts are above the outlier threshold.
        public let outlierCount: Int
        /// The most expensive of them, at most ``VendorFootprint/outliersListed``, most expensive
        /// first.
        public let outliers: [Placement]
    }

    /// How many outliers a category lists at most: a vendor with thousands of contracts has
    /// hundreds above the threshold, and the most expensive are the ones worth a look.
    public static let outliersListed = 20

    public let vendor: Contract.Vendor
    public let asOf: BusinessDate
    public let municipalities: Int
    public let contracts: Int
    /// In prefecture-code order.
    public let prefectures: [Prefecture]
    /// Most contracts first, then by code.
    public let categories: [Category]
    /// The given municipality's contracts with the vendor (empty when none was given).
    public let own: [Placement]
}

extension PeerRepository {
    /// The footprint of vendor `vendorID` on `asOf`, placing the contracts of `municipality` (a
    /// member's own) in their categories.
    /// - Throws: ``PeerReportError/vendorNotFound(_:)``.
    public func footprint(
        of vendorID: Int64, asOf: BusinessDate, placing municipality: MunicipalityCode?
    ) async throws -> VendorFootprint {
        let rows = try await run(
            FootprintStatement(query: Self.footprintQuery(vendorID: vendorID, asOf: asOf, own: municipality?.rawValue)))
        var vendor: Contract.Vendor?
        var totals = (municipalities: 0, contracts: 0)
        var prefectures: [VendorFootprint.Prefecture] = []
        var categories: [(code: String, municipalities: Int, amounts: VendorFootprint.Amounts, outliers: Int)] = []
        var outliers: [String: [VendorFootprint.Placement]] = [:]
        var own: [VendorFootprint.Placement] = []
        for raw in rows {
            let row = try raw.decode(FootprintRow.self)
            vendor = Contract.Vendor(id: vendorID, name: row.0, corporateNumber: row.1)
            guard let kind = row.2.flatMap(FootprintRowKind.init(rawValue:)) else { continue }
            let contracts = Int(row.4 ?? 0)
            let municipalities = Int(row.5 ?? 0)
            switch kind {
            case .total:
                totals = (municipalities, contracts)
            case .prefecture:
                prefectures.append(
                    .init(code: row.3 ?? "", name: row.6 ?? "", municipalities: municipalities, contracts: contracts))
            case .category:
                guard let code = row.3, let min = row.7, let p25 = row.8, let median = row.9, let p75 = row.10,
                    let max = row.11, let threshold = row.12
                else { continue }
                let amounts = VendorFootprint.Amounts(
                    count: contracts, min: min, p25: p25, median: median, p75: p75, max: max,
                    outlierThreshold: threshold)
                categories.append((code, municipalities, amounts, Int(row.19 ?? 0)))
            case .outlier, .own:
                guard let id = row.13, let code = row.14, let prefecture = row.15, let name = row.16,
                    let category = row.3, let amount = row.17, let percentile = row.18
                else { continue }
                let placement = VendorFootprint.Placement(
                    contractID: id,
                    municipality: Contract.Municipality(
                        code: try MunicipalityCode(code), prefecture: prefecture, name: name),
                    categoryCode: category, taxIncludedAnnualAmount: amount, percentile: Int(percentile))
                if kind == .outlier {
                    outliers[category, default: []].append(placement)
                } else {
                    own.append(placement)
                }
            }
        }
        guard let vendor else { throw PeerReportError.vendorNotFound(vendorID) }
        return VendorFootprint(
            vendor: vendor, asOf: asOf, municipalities: totals.municipalities, contracts: totals.contracts,
            prefectures: prefectures,
            categories: categories.map {
                .init(
                    code: $0.code, municipalities: $0.municipalities, amounts: $0.amounts,
                    outlierCount: $0.outliers, outliers: outliers[$0.code] ?? [])
            },
            own: own)
    }

    /// The kinds of the footprint query's rows, written into the SQL as integer literals.
    enum FootprintRowKind: Int32 {
        case total, prefecture, category, outlier, own

        var sql: String { String(rawValue) }
    }

    typealias FootprintRow = (
        String, String?, Int32?, String?, Int64?, Int64?, String?,
        Int64?, Int64?, Int64?, Int64?, Int64?, Int64?,
        Int64?, String?, String?, String?, Int64?, Int64?, Int64?
    )

    /// The footprint query: the vendor's row (none for an unknown vendor), then rows of five kinds
    /// (total, prefecture, category, outlier, own) over the vendor's current contracts, read from
    /// an index alone.
    ///
    /// Each category's amounts are sorted once, into an array (joined only to the few rows that
    /// need a percentile: a row that carries it copies it): the quartiles are read from it by
    /// `sorted_quartile` (`percentile_cont`'s interpolation, rounded down, in integers); the
    /// threshold is `p75 + IQR + IQR / 2` in integers; a contract's percentile is the number of
    /// the category's amounts at or below its own — `width_bucket` finds it by binary search in
    /// the sorted array — × 100 / the category's count, in integers: the rules of
    /// ``AmountDistribution``. Municipalities are counted from one row per municipality and
    /// category, so no step sorts all the contracts but the one that sorts the amounts.
    static func footprintQuery(vendorID: Int64, asOf: BusinessDate, own: String?) -> PostgresQuery {
        """
        WITH c AS MATERIALIZED (
            SELECT c.id, c.municipality_code, c.category_code, c.tax_included_annual_amount AS amount
            FROM contracts c
            WHERE c.vendor_id = \(vendorID) AND c.start_date <= \(asOf) AND c.end_date >= \(asOf)
        ),
        holdings AS MATERIALIZED (
            SELECT municipality_code, category_code, count(*) AS contracts
            FROM c GROUP BY municipality_code, category_code
        ),
        sorted AS MATERIALIZED (
            SELECT k.category_code, k.contracts,
                   ARRAY(SELECT c.amount FROM c WHERE c.category_code = k.category_code ORDER BY c.amount) AS amounts
            FROM (SELECT category_code, sum(contracts)::bigint AS contracts FROM holdings GROUP BY category_code) k
        ),
        stats AS MATERIALIZED (
            SELECT s.category_code, s.contracts, s.amounts,
                   (SELECT count(*) FROM holdings h WHERE h.category_code = s.category_code) AS municipalities,
                   s.amounts[1] AS min, s.amounts[s.contracts] AS max,
                   sorted_quartile(s.amounts, 1) AS p25, sorted_quartile(s.amounts, 2) AS median,
                   sorted_quartile(s.amounts, 3) AS p75
            FROM sorted s
        ),
        fences AS MATERIALIZED (
            SELECT stats.*, p75 + (p75 - p25) + (p75 - p25) / 2 AS threshold FROM stats
        ),
        outliers AS (
            SELECT c.id, c.municipality_code, c.category_code, c.amount,
                   row_number() OVER (PARTITION BY c.category_code ORDER BY c.amount DESC, c.id) AS position
            FROM c JOIN fences f USING (category_code)
            WHERE c.amount > f.threshold
        ),
        kinds AS (
            SELECT \(unescaped: FootprintRowKind.total.sql) AS kind, NULL::text AS key,
                   coalesce(sum(contracts), 0)::bigint AS contracts,
                   count(DISTINCT municipality_code) AS municipalities, NULL::text AS label,
                   NULL::bigint AS min, NULL::bigint AS p25, NULL::bigint AS median, NULL::bigint AS p75,
                   NULL::bigint AS max, NULL::bigint AS threshold, NULL::bigint AS id, NULL::text AS code,
                   NULL::text AS prefecture, NULL::text AS name, NULL::bigint AS amount, NULL::bigint AS percentile,
                   NULL::bigint AS outlier_count
            FROM holdings
            UNION ALL
            SELECT \(unescaped: FootprintRowKind.prefecture.sql), p.prefecture_code, p.contracts, p.municipalities,
                   (SELECT m.prefecture FROM municipalities m WHERE m.code = p.first_code),
                   NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
            FROM (
                SELECT left(municipality_code, 2) AS prefecture_code, sum(contracts)::bigint AS contracts,
                       count(DISTINCT municipality_code) AS municipalities, min(municipality_code) AS first_code
                FROM holdings GROUP BY left(municipality_code, 2)
            ) p
            UNION ALL
            SELECT \(unescaped: FootprintRowKind.category.sql), category_code, contracts, municipalities, NULL,
                   min, p25, median, p75, max, threshold, NULL, NULL, NULL, NULL, NULL, NULL,
                   contracts - width_bucket(threshold, amounts)
            FROM fences
            UNION ALL
            SELECT \(unescaped: FootprintRowKind.outlier.sql),
                   o.category_code, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                   o.id, o.municipality_code, m.prefecture, m.name, o.amount,
                   width_bucket(o.amount, f.amounts) * 100 / f.contracts, NULL
            FROM outliers o
            JOIN fences f USING (category_code)
            CROSS JOIN LATERAL (
                SELECT m.prefecture, m.name FROM municipalities m WHERE m.code = o.municipality_code OFFSET 0
            ) m
            WHERE o.position <= \(Int64(VendorFootprint.outliersListed))
            UNION ALL
            SELECT \(unescaped: FootprintRowKind.own.sql), c.category_code, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                   NULL, NULL, c.id, c.municipality_code, m.prefecture, m.name, c.amount,
                   width_bucket(c.amount, f.amounts) * 100 / f.contracts, NULL
            FROM c
            JOIN fences f USING (category_code)
            CROSS JOIN LATERAL (
                SELECT m.prefecture, m.name FROM municipalities m WHERE m.code = c.municipality_code OFFSET 0
            ) m
            WHERE c.municipality_code = \(own)
        )
        SELECT v.name, v.corporate_number, k.kind, k.key, k.contracts, k.municipalities, k.label,
               k.min, k.p25, k.median, k.p75, k.max, k.threshold,
               k.id, k.code, k.prefecture, k.name, k.amount, k.percentile, k.outlier_count
        FROM vendors v
        LEFT JOIN kinds k ON true
        WHERE v.id = \(vendorID)
        ORDER BY k.kind, (CASE WHEN k.kind = \(unescaped: FootprintRowKind.category.sql) THEN -k.contracts END), k.key,
                 k.amount DESC, k.id
        """
    }
}
