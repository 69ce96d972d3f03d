/// The distribution of a set of annualised contract amounts (one vendor's contracts in one
/// category, say): the five-number summary, the outlier threshold, and where an amount falls.
///
/// Domain rules, chosen so the SQL behind the footprint endpoint and this type agree to the yen:
///
/// - **Quartiles** are PostgreSQL's `percentile_cont`: linear interpolation between the closest
///   ranks. For sorted values `v[0] … v[n-1]` and fraction `p`, with `h = p × (n − 1)`, the
///   quartile is `v[⌊h⌋] + (h − ⌊h⌋) × (v[⌊h⌋+1] − v[⌊h⌋])`, then **rounded down** to the whole yen.
///   The SQL twin is `sorted_quartile(amounts, quarter)` (sql/functions/peers.sql), which interpolates in
///   integers as this type does; it equals `floor(percentile_cont(…))`, whose `float8` arithmetic
///   is exact for quarter fractions of amounts below 2⁵³ yen.
/// - **Outliers** are amounts *above* `p75 + 1.5 × IQR` (Tukey's upper fence; the issue asks only
///   for expensive outliers). The fence is computed from the published, rounded quartiles, so the
///   numbers a user sees add up, and is itself rounded down: for whole-yen amounts, "above x.5" and
///   "above x" select exactly the same contracts.
/// - **Percentile rank** is the share of the values that are at or below an amount, in whole
///   percent rounded down (PostgreSQL's window `cume_dist()` × 100 for a value in the set; the
///   footprint finds the count with `width_bucket` over the sorted amounts). So 100
///   means no value in the set is higher, and 0 means every value is higher (or, past 100 values,
///   fewer than 1% are at or below).
public struct AmountDistribution: Sendable, Hashable {
    /// The amounts, ascending.
    private let sorted: [Int64]

    public var count: Int { sorted.count }
    public let min: Int64
    public let p25: Int64
    public let median: Int64
    public let p75: Int64
    public let max: Int64

    /// Builds the distribution of `amounts` (in any order); `nil` when there are none, since an
    /// empty set has no quartiles.
    public init?(_ amounts: [Int64]) {
        let sorted = amounts.sorted()
        guard let first = sorted.first, let last = sorted.last else { return nil }
        self.sorted = sorted
        self.min = first
        self.max = last
        self.p25 = Self.quartile(1, of: sorted)
        self.median = Self.quartile(2, of: sorted)
        self.p75 = Self.quartile(3, of: sorted)
    }

    /// The interquartile range, `p75 − p25` (never negative).
    public var iqr: Int64 { p75 - p25 }

    /// `p75 + 1.5 × IQR`, rounded down (`p75 + IQR + IQR / 2` in integers); saturates at
    /// `Int64.max` rather than overflowing.
    public var outlierThreshold: Int64 {
        let (withIQR, overflowA) = p75.addingReportingOverflow(iqr)
        let (fence, overflowB) = withIQR.addingReportingOverflow(iqr / 2)
        return overflowA || overflowB ? Int64.max : fence
    }

    /// Whether `amount` is above the outlier threshold (strictly: an amount on the fence is not
    /// an outlier).
    public func isOutlier(_ amount: Int64) -> Bool {
        amount > outlierThreshold
    }

    /// The percentage (0–100, rounded down) of the values that are at or below `amount`.
    public func percentileRank(of amount: Int64) -> Int {
        // Binary search for the first value above `amount`: its index is how many are at or below.
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = low + (high - low) / 2
            if sorted[middle] <= amount {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low * 100 / sorted.count
    }

    /// The `quarter`/4 quantile of non-empty ascending `values`, by `percentile_cont`'s
    /// interpolation, rounded down. `h = quarter × (n − 1) / 4` is split into a rank and a
    /// remainder in quarters; the step between neighbours is taken as `UInt64`, which holds any
    /// difference of two `Int64`s, and the result lies between them, so nothing can overflow.
    private static func quartile(_ quarter: Int, of values: [Int64]) -> Int64 {
        let position = quarter * (values.count - 1)
        let rank = position / 4
        let remainder = UInt64(position % 4)
        let lower = values[rank]
        guard remainder > 0, rank + 1 < values.count else { return lower }
        let gap = UInt64(bitPattern: values[rank + 1] &- lower)
        let step = gap / 4 * remainder + gap % 4 * remainder / 4
        return Int64(bitPattern: UInt64(bitPattern: lower) &+ step)
    }
}
