/// How a peer's price compares with the caller's, both as annualised, tax-aligned amounts in yen
/// (see ``ConsumptionTax/taxIncluded(_:taxIncluded:on:)``).
///
/// Convention: the difference is **peer − own**, so a positive number means the peer pays more
/// (the caller's price is the better one) and a negative number means the peer pays less (the
/// caller has room to negotiate). The percentage is relative to the caller's own amount, in basis
/// points (1/100 of a percent: 1234 means +12.34%), rounded to the nearest basis point with halves
/// away from zero; it is `nil` when the caller's own amount is ¥0, since nothing is a percentage of
/// nothing. Integer arithmetic throughout (via `Int128`, so no intermediate overflows); results
/// beyond `Int64` saturate.
public struct PriceComparison: Sendable, Hashable {
    /// Peer's amount minus the caller's, in yen.
    public let differenceYen: Int64
    /// `differenceYen` as a share of the caller's amount, in basis points; `nil` when that is ¥0.
    public let differenceBasisPoints: Int64?

    /// Compares `peer` with `own` (both annualised and tax-aligned yen amounts).
    public init(peer: Int64, own: Int64) {
        let difference = Int128(peer) - Int128(own)
        self.differenceYen = Int64(clamping: difference)
        if own == 0 {
            self.differenceBasisPoints = nil
        } else {
            let numerator = difference * 10_000
            let denominator = Int128(own)
            var quotient = numerator / denominator
            let remainder = numerator % denominator
            if remainder.magnitude * 2 >= denominator.magnitude {
                quotient += (numerator < 0) == (denominator < 0) ? 1 : -1
            }
            self.differenceBasisPoints = Int64(clamping: quotient)
        }
    }
}
