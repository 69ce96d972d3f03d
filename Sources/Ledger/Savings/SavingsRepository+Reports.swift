import Foundation
import PostgresNIO

/// What a savings report groups by.
public enum SavingsGrouping: String, Sendable, Hashable, CaseIterable {
    case fiscalYear
    case municipality
    case prefecture
    case vendor
    case category
    case `case`

    /// The group's key and label as SQL over `e` (savings_entries), `m` (municipalities), `c`
    /// (cases), `v` (vendors) and `k` (categories). A closed set of constants, never user text.
    /// Numbers stay numbers while grouping and sorting (grouping text is slower; see
    /// docs/performance.md) and become text only for the few groups.
    var keyAndLabel: String {
        switch self {
        case .fiscalYear: "e.fiscal_year, e.fiscal_year"
        case .municipality: "e.municipality_code, m.name"
        case .prefecture: "m.prefecture_code, m.prefecture"
        case .vendor: "c.vendor_id, v.name"
        case .category: "c.category_code, k.name_ja"
        case .case: "e.case_id, c.title"
        }
    }
}

/// Which entries a report counts; nil means any.
public struct SavingsReportFilter: Sendable, Hashable {
    public var fromFiscalYear: Int32?
    public var toFiscalYear: Int32?
    public var municipality: MunicipalityCode?
    public var vendorID: Int64?
    public var caseID: Int64?

    public init(
        fromFiscalYear: Int32? = nil, toFiscalYear: Int32? = nil, municipality: MunicipalityCode? = nil,
        vendorID: Int64? = nil, caseID: Int64? = nil
    ) {
        self.fromFiscalYear = fromFiscalYear
        self.toFiscalYear = toFiscalYear
        self.municipality = municipality
        self.vendorID = vendorID
        self.caseID = caseID
    }
}

/// Sums of live savings (reversals netted out) for one group or the whole network.
public struct SavingsTotals: Sendable, Hashable {
    public let baseline: Int64
    public let negotiated: Int64
    public let savings: Int64
    /// Entries counted (each reversal cancels one).
    public let entries: Int64

    public init(baseline: Int64, negotiated: Int64, savings: Int64, entries: Int64) {
        self.baseline = baseline
        self.negotiated = negotiated
        self.savings = savings
        self.entries = entries
    }

    /// Savings as a fraction of the baseline, to four decimals; nil for a zero baseline.
    public var savingsRate: Double? {
        guard baseline != 0 else { return nil }
        return (Double(savings) / Double(baseline) * 10_000).rounded() / 10_000
    }
}

/// A savings report: one row per group, in key order, and the total over all of them.
public struct SavingsReport: Sendable, Hashable {
    public struct Group: Sendable, Hashable {
        public let key: String
        public let label: String
        public let totals: SavingsTotals
    }

    public let groupBy: SavingsGrouping
    public let groups: [Group]
    public let total: SavingsTotals
}

/// A municipality's entries and reversals in the order they were recorded, each with the running
/// total of its savings.
public struct SavingsStatement: Sendable, Hashable {
    public struct Line: Sendable, Hashable {
        public let entry: SavingsEntry
        public let runningSavings: Int64
    }

    public let municipality: MunicipalityCode
    public let lines: [Line]
    public var totalSavings: Int64 { lines.last?.runningSavings ?? 0 }
}

extension SavingsRepository {
    /// Sums the ledger by `grouping` over the entries `filter` selects; a reversal counts with
    /// the opposite sign of the entry it cancels, so a reversed entry adds nothing.
    ///
    /// The joins are LEFT JOINs on unique keys, and the vendor filter a subquery, so PostgreSQL
    /// drops the joins a grouping does not read: by fiscal year, the report scans the ledger alone.
    ///
    /// By fiscal year over the whole network (no filter), it reads the totals the chain keeps
    /// (`savings_fiscal_year_totals`, sql/0014), after sealing whatever entries are still queued.
    public func report(by grouping: SavingsGrouping, filter: SavingsReportFilter) async throws -> SavingsReport {
        let code = filter.municipality?.rawValue
        let wholeNetworkByYear = grouping == .fiscalYear && filter == SavingsReportFilter()
        if wholeNetworkByYear { try await sealer.sealCommitted() }
        // Groups come in key order (numbers as numbers), as the report lists them.
        let groups = try await client.withLiveConnection { connection in
            let rows = try await connection.query(
                wholeNetworkByYear
                    ? """
                    SELECT t.fiscal_year::text, t.fiscal_year::text, t.baseline, t.negotiated,
                           t.baseline - t.negotiated, t.entries
                    FROM savings_fiscal_year_totals t
                    WHERE t.entries <> 0
                    ORDER BY t.fiscal_year
                    """
                    : """
                    SELECT g.key::text, g.label::text, g.baseline, g.negotiated, g.baseline - g.negotiated, g.entries
                    FROM (
                        SELECT \(unescaped: grouping.keyAndLabel),
                               sum(CASE WHEN e.reverses_id IS NULL THEN e.baseline_amount ELSE -e.baseline_amount END)::bigint,
                               sum(CASE WHEN e.reverses_id IS NULL THEN e.negotiated_amount
                                        ELSE -e.negotiated_amount END)::bigint,
                               sum(CASE WHEN e.reverses_id IS NULL THEN 1 ELSE -1 END)::bigint
                        FROM savings_entries e
                        LEFT JOIN municipalities m ON m.code = e.municipality_code
                        LEFT JOIN cases c ON c.id = e.case_id
                        LEFT JOIN vendors v ON v.id = c.vendor_id
                        LEFT JOIN categories k ON k.code = c.category_code
                        WHERE (\(filter.fromFiscalYear)::integer IS NULL OR e.fiscal_year >= \(filter.fromFiscalYear))
                          AND (\(filter.toFiscalYear)::integer IS NULL OR e.fiscal_year <= \(filter.toFiscalYear))
                          AND (\(code)::text IS NULL OR e.municipality_code = \(code))
                          AND (\(filter.vendorID)::bigint IS NULL
                               OR e.case_id IN (SELECT id FROM cases WHERE vendor_id = \(filter.vendorID)))
                          AND (\(filter.caseID)::bigint IS NULL OR e.case_id = \(filter.caseID))
                        GROUP BY 1, 2
                        HAVING sum(CASE WHEN e.reverses_id IS NULL THEN 1 ELSE -1 END) <> 0
                    ) AS g (key, label, baseline, negotiated, entries)
                    ORDER BY g.key
                    """,
                logger: logger)
            var groups: [SavingsReport.Group] = []
            for try await (key, label, baseline, negotiated, savings, entries) in rows.decode(
                (String, String, Int64, Int64, Int64, Int64).self)
            {
                groups.append(
                    .init(
                        key: key, label: label,
                        totals: .init(baseline: baseline, negotiated: negotiated, savings: savings, entries: entries)))
            }
            return groups
        }
        let total = groups.reduce(SavingsTotals(baseline: 0, negotiated: 0, savings: 0, entries: 0)) {
            SavingsTotals(
                baseline: $0.baseline + $1.totals.baseline, negotiated: $0.negotiated + $1.totals.negotiated,
                savings: $0.savings + $1.totals.savings, entries: $0.entries + $1.totals.entries)
        }
        return SavingsReport(groupBy: grouping, groups: groups, total: total)
    }

    /// Every entry and reversal of `municipality`, in the order recorded, with running totals.
    public func statement(of municipality: MunicipalityCode) async throws -> SavingsStatement {
        let entries = try await client.rows(of: SavingsLinesStatement(municipality: municipality), logger: logger)
            .map(Self.entry)
        var running: Int64 = 0
        let lines = entries.map { entry in
            running += entry.sign * entry.savings
            return SavingsStatement.Line(entry: entry, runningSavings: running)
        }
        return SavingsStatement(municipality: municipality, lines: lines)
    }
}
