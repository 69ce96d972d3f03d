import PostgresNIO

/// The vendor footprint: one row (none for an unknown vendor) holding the vendor, its totals, and
/// its prefectures, categories and placed contracts as arrays side by side, all computed from the
/// vendor's current contracts, read once from an index alone.
///
/// One statement rather than one per list, because every list is computed from the same read of
/// the vendor's contracts (thousands for the largest vendors): the read is the footprint's cost.
/// Each category's amounts are sorted once, into an array (joined only to the few rows that need
/// a percentile): the quartiles are read from it by `sorted_quartile` (`percentile_cont`'s
/// interpolation, rounded down, in integers); the threshold is `p75 + IQR + IQR / 2` in integers;
/// a contract's percentile is the number of the category's amounts at or below its own —
/// `width_bucket` finds it by binary search in the sorted array — × 100 / the category's count, in
/// integers: the rules of ``AmountDistribution``. Municipalities are counted from one row per
/// municipality and category, so no step sorts all the contracts but the one that sorts the
/// amounts. Each list's arrays are aggregated together from its rows sorted once, so their
/// elements line up in that order: a subquery with ORDER BY is not merged into the aggregate above
/// it, which reads its rows as they come (an ORDER BY in each aggregate would sort once per array;
/// see docs/performance.md).
struct FootprintStatement: PostgresPreparedStatement {
    static let sql = """
        WITH c AS MATERIALIZED (
            SELECT c.id, c.municipality_code, c.category_code, c.tax_included_annual_amount AS amount
            FROM contracts c
            WHERE c.vendor_id = $1 AND c.start_date <= $2 AND c.end_date >= $2
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
        by_prefecture AS (
            SELECT p.code, (SELECT m.prefecture FROM municipalities m WHERE m.code = p.first_code) AS name,
                   p.municipalities, p.contracts
            FROM (
                SELECT left(municipality_code, 2) AS code, sum(contracts)::bigint AS contracts,
                       count(DISTINCT municipality_code) AS municipalities, min(municipality_code) AS first_code
                FROM holdings GROUP BY left(municipality_code, 2)
            ) p
        ),
        by_category AS (
            SELECT f.category_code, f.municipalities, f.contracts, f.min, f.p25, f.median, f.p75, f.max, f.threshold,
                   f.contracts - width_bucket(f.threshold, f.amounts) AS outlier_count
            FROM fences f
        ),
        placed AS (
            SELECT p.own, p.category_code, p.id, p.municipality_code, m.prefecture, m.name, p.amount,
                   width_bucket(p.amount, f.amounts) * 100 / f.contracts AS percentile
            FROM (
                SELECT false AS own, o.category_code, o.id, o.municipality_code, o.amount
                FROM outliers o
                WHERE o.position <= $4
                UNION ALL
                SELECT true, c.category_code, c.id, c.municipality_code, c.amount
                FROM c
                WHERE c.municipality_code = $3
            ) p
            JOIN fences f USING (category_code)
            CROSS JOIN LATERAL (
                SELECT m.prefecture, m.name FROM municipalities m WHERE m.code = p.municipality_code OFFSET 0
            ) m
        )
        SELECT v.name, v.corporate_number, t.municipalities, t.contracts,
               p.codes, p.names, p.municipalities, p.contracts,
               k.codes, k.municipalities, k.contracts, k.mins, k.p25s, k.medians, k.p75s, k.maxes, k.thresholds,
               k.outlier_counts,
               o.owns, o.categories, o.ids, o.codes, o.prefectures, o.names, o.amounts, o.percentiles
        FROM vendors v
        CROSS JOIN (
            SELECT count(DISTINCT municipality_code) AS municipalities,
                   coalesce(sum(contracts), 0)::bigint AS contracts
            FROM holdings
        ) t
        CROSS JOIN (
            SELECT coalesce(array_agg(code), '{}') AS codes,
                   coalesce(array_agg(name), '{}') AS names,
                   coalesce(array_agg(municipalities), '{}') AS municipalities,
                   coalesce(array_agg(contracts), '{}') AS contracts
            FROM (SELECT * FROM by_prefecture ORDER BY code) s
        ) p
        CROSS JOIN (
            SELECT coalesce(array_agg(category_code), '{}') AS codes,
                   coalesce(array_agg(municipalities), '{}') AS municipalities,
                   coalesce(array_agg(contracts), '{}') AS contracts,
                   coalesce(array_agg(min), '{}') AS mins,
                   coalesce(array_agg(p25), '{}') AS p25s,
                   coalesce(array_agg(median), '{}') AS medians,
                   coalesce(array_agg(p75), '{}') AS p75s,
                   coalesce(array_agg(max), '{}') AS maxes,
                   coalesce(array_agg(threshold), '{}') AS thresholds,
                   coalesce(array_agg(outlier_count), '{}') AS outlier_counts
            FROM (SELECT * FROM by_category ORDER BY contracts DESC, category_code) s
        ) k
        CROSS JOIN (
            SELECT coalesce(array_agg(own), '{}') AS owns,
                   coalesce(array_agg(category_code), '{}') AS categories,
                   coalesce(array_agg(id), '{}') AS ids,
                   coalesce(array_agg(municipality_code), '{}') AS codes,
                   coalesce(array_agg(prefecture), '{}') AS prefectures,
                   coalesce(array_agg(name), '{}') AS names,
                   coalesce(array_agg(amount), '{}') AS amounts,
                   coalesce(array_agg(percentile), '{}') AS percentiles
            FROM (SELECT * FROM placed ORDER BY own, category_code, amount DESC, id) s
        ) o
        WHERE v.id = $1
        """
    static let bindingDataTypes: [PostgresDataType] = [.int8, .date, .text, .int8]

    /// The vendor's name and corporate number, and how many municipalities and contracts it has;
    /// its prefectures (code, name, municipalities, contracts); its categories (code,
    /// municipalities, contracts, minimum, quartiles, maximum, outlier threshold, outliers); the
    /// contracts placed (whether it is the member's own rather than a listed outlier, category, id,
    /// municipality code, prefecture and name, amount, percentile).
    typealias Row = (
        String, String?, Int64, Int64,
        [String], [String], [Int64], [Int64],
        [String], [Int64], [Int64], [Int64], [Int64], [Int64], [Int64], [Int64], [Int64], [Int64],
        [Bool], [String], [Int64], [String], [String], [String], [Int64], [Int64]
    )

    var vendorID: Int64
    var asOf: BusinessDate
    /// Whose contracts to place (a member's own), if anyone's.
    var placing: MunicipalityCode?

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 4)
        bindings.append(vendorID)
        bindings.append(asOf)
        bindings.append(placing?.rawValue)
        bindings.append(Int64(VendorFootprint.outliersListed))
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}
