/// A consumption-tax rate as an exact fraction (10% is 10/100), so yen are never multiplied by a
/// floating-point number.
public struct TaxRate: Sendable, Hashable, CustomStringConvertible {
    public let numerator: Int64
    public let denominator: Int64

    /// The rate in whole percent; every rate Japan has used (0, 3, 5, 8, 10) is one.
    public init(percent: Int64) {
        self.numerator = percent
        self.denominator = 100
    }

    public var description: String { "\(numerator * 100 / denominator)%" }
}

/// Japan's consumption tax (消費税, including the local consumption tax since 1997), by the date a
/// contract starts.
///
/// Peers are compared on tax-aligned amounts: a tax-excluded amount is converted with the
/// **standard** rate in force on the contract's start date (the rule; a contract that spans
/// a rate change is still converted at its start-date rate). The 8% reduced rate for food and
/// newspapers (軽減税率, since 2019-10-01) is deliberately not modelled: municipal service and
/// supply contracts are taxed at the standard rate.
///
/// | from | rate |
/// |---|---|
/// | (before 1989-04-01) | 0% |
/// | 1989-04-01 | 3% |
/// | 1997-04-01 | 5% |
/// | 2014-04-01 | 8% |
/// | 2019-10-01 | 10% |
public enum ConsumptionTax {
    /// The rate changes, oldest first: the first day each rate applied, as (year, month, day).
    private static let schedule: [(from: (Int, Int, Int), percent: Int64)] = [
        (from: (1989, 4, 1), percent: 3),
        (from: (1997, 4, 1), percent: 5),
        (from: (2014, 4, 1), percent: 8),
        (from: (2019, 10, 1), percent: 10),
    ]

    /// The standard rate in force on `date` (the rate applies from its first day inclusive).
    public static func rate(on date: BusinessDate) -> TaxRate {
        let day = (date.year, date.month, date.day)
        var percent: Int64 = 0
        for change in schedule where day >= change.from {
            percent = change.percent
        }
        return TaxRate(percent: percent)
    }

    /// `amount` with consumption tax included: unchanged when it already includes tax, otherwise
    /// plus the tax at the rate in force on `date`.
    ///
    /// The tax is rounded down to the whole yen (1円未満切り捨て): that is how municipalities and
    /// their vendors usually round the tax on an invoice, so ¥999 at 8% becomes ¥1,078 (79.92 → 79),
    /// never ¥1,079. The fraction is applied in integers (`amount / d * n + amount % d * n / d`),
    /// which is exact and cannot overflow; the sum saturates at `Int64.max` instead of trapping.
    public static func taxIncluded(_ amount: Int64, taxIncluded: Bool, on date: BusinessDate) -> Int64 {
        if taxIncluded { return amount }
        let rate = rate(on: date)
        let tax =
            amount / rate.denominator * rate.numerator + amount % rate.denominator * rate.numerator / rate.denominator
        let (sum, overflow) = amount.addingReportingOverflow(tax)
        if overflow { return amount < 0 ? Int64.min : Int64.max }
        return sum
    }
}
